from django.db import connection
from django.test import SimpleTestCase

from employers.models import Employer, normalize_employer_name
from tests.base import BaseTestCase
from tests.factories import EmployerFactory


class NormalizeEmployerNameTestCase(SimpleTestCase):
    def test_it_strips_legal_forms_case_and_punctuation(self) -> None:
        cases = {
            "Müller GmbH": "mueller",
            "Müller Bau GmbH & Co. KG": "mueller bau",
            "MUELLER BAU gmbh": "mueller bau",
            "Diakonie Dresden e. V.": "diakonie dresden",
            "Diakonie Dresden e.V.": "diakonie dresden",
            "Klinikum Chemnitz gGmbH": "klinikum chemnitz",
            "Bäckerei Groß UG (haftungsbeschränkt)": "baeckerei gross",
            "Schulze und Co. KG": "schulze",
            "Schmidt und Sohn": "schmidt und sohn",
            "Café Zürich AG": "cafe zuerich",
            "Sachsen Energie SE": "sachsen energie",
            "  Elbe   Logistik  OHG ": "elbe logistik",
        }
        for name, expected in cases.items():
            self.assertEqual(normalize_employer_name(name), expected, name)

    def test_it_keeps_a_name_that_is_only_a_legal_form(self) -> None:
        self.assertEqual(normalize_employer_name("AG"), "ag")
        self.assertEqual(normalize_employer_name(""), "")


class EmployerModelTestCase(BaseTestCase):
    def test_it_keeps_the_normalised_name_in_step(self) -> None:
        employer = EmployerFactory(name="Müller GmbH")
        self.assertEqual(employer.name_normalized, "mueller")
        employer.name = "Meyer AG"
        employer.save(update_fields=["name"])
        employer.refresh_from_db()
        self.assertEqual(employer.name_normalized, "meyer")

    def test_it_normalises_names_in_bulk_too(self) -> None:
        Employer.objects.bulk_create(
            [
                Employer(name="Müller GmbH", sector="F"),
                Employer(name="Elbe AG", sector="H"),
            ]
        )
        self.assertEqual(
            list(Employer.objects.values_list("name_normalized", flat=True)),
            ["elbe", "mueller"],
        )
        employers = list(Employer.objects.all())
        for employer in employers:
            employer.name = employer.name.replace("GmbH", "Bau KG")
        Employer.objects.bulk_update(employers, ["name"])
        self.assertEqual(
            list(Employer.objects.values_list("name_normalized", flat=True)),
            ["elbe", "mueller bau"],
        )

    def test_it_finds_duplicate_candidates(self) -> None:
        same = EmployerFactory(name="Müller GmbH", postcode="04109")
        elsewhere = EmployerFactory(name="Mueller AG", postcode="09111")
        bau = EmployerFactory(name="Müller Bau GmbH", postcode="01067")
        EmployerFactory(name="Müller Transporte GmbH", postcode="04109")
        EmployerFactory(name="Schmidt GmbH", postcode="04109")
        candidates = Employer.objects.duplicate_candidates("Mueller KG", "04109")
        # Exact matches first, then the same name elsewhere, then similar names.
        self.assertEqual(candidates[:3], [same, elsewhere, bau])
        self.assertEqual(
            [c.match for c in candidates[:3]], ["exact", "name", "similar"]
        )
        if connection.vendor == "postgresql":
            # "mueller" and "mueller transporte" are not similar enough.
            self.assertEqual(candidates, [same, elsewhere, bau])

    def test_it_finds_no_candidates_for_a_new_name(self) -> None:
        EmployerFactory(name="Müller GmbH")
        self.assertEqual(Employer.objects.duplicate_candidates("Elbe Werft", ""), [])
