from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from employers.models import ContactPerson, Employer
from tests.base import BaseTestCase
from tests.factories import EmployerFactory, region

URL = reverse("employers:employer_create")


def form_data(**overrides: str) -> dict[str, str]:
    """A valid employer with one contact person, as the form posts it."""
    data = {
        "name": "Pflegedienst Sonnenblick GmbH",
        "sector": "Q",
        "size_class": "10-49",
        "street": "Am Markt 1",
        "postcode": "02826",
        "city": "Görlitz",
        "region": str(region("14626").pk),
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Jana Wolf",
        "contacts-0-position": "Pflegedienstleitung",
        "contacts-0-phone": "03581 12345",
        "contacts-0-email": "wolf@example.org",
    }
    data.update(overrides)
    return data


class EmployerCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_shows_an_empty_form_with_one_contact_person(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Neuer Arbeitgeber")
        self.assertContains(response, "Wirtschaftszweig (WZ 2008)")
        self.assertContains(response, "Ansprechperson 1")
        self.assertContains(response, 'name="contacts-0-name"')
        self.assertContains(response, 'id="contacts-empty-form"')

    def test_it_takes_a_name_from_the_query_string(self) -> None:
        response = self.client.get(URL, {"name": "Neue Firma"})
        self.assertContains(response, 'value="Neue Firma"')

    def test_it_creates_the_employer_with_its_contact_person(self) -> None:
        response = self.client.post(URL, form_data())
        employer = Employer.objects.get()
        self.assertRedirects(response, employer.get_absolute_url())
        self.assertEqual(employer.name, "Pflegedienst Sonnenblick GmbH")
        self.assertEqual(employer.name_normalized, "pflegedienst sonnenblick")
        self.assertEqual(employer.region, region("14626"))
        contact = ContactPerson.objects.get()
        self.assertEqual(
            (contact.employer, contact.name, contact.email),
            (employer, "Jana Wolf", "wolf@example.org"),
        )

    def test_it_creates_an_employer_without_contact_person(self) -> None:
        data = form_data(
            **{f"contacts-0-{f}": "" for f in ("name", "position", "phone", "email")}
        )
        self.client.post(URL, data)
        self.assertEqual(Employer.objects.count(), 1)
        self.assertEqual(ContactPerson.objects.count(), 0)

    def test_it_saves_nothing_with_an_invalid_employer(self) -> None:
        response = self.client.post(URL, form_data(postcode="123", sector=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Eine deutsche Postleitzahl hat fünf Ziffern.")
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertEqual(Employer.objects.count(), 0)
        self.assertEqual(ContactPerson.objects.count(), 0)

    def test_it_saves_nothing_with_an_invalid_contact_person(self) -> None:
        response = self.client.post(
            URL, form_data(**{"contacts-0-email": "kein-at", "contacts-0-name": ""})
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertEqual(Employer.objects.count(), 0)
        self.assertEqual(ContactPerson.objects.count(), 0)

    def test_it_shows_errors_of_employer_and_contact_person_at_once(self) -> None:
        response = self.client.post(
            URL, form_data(postcode="1", **{"contacts-0-email": "kein-at"})
        )
        self.assertContains(response, "Eine deutsche Postleitzahl hat fünf Ziffern.")
        self.assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")

    def test_it_redirects_to_next_with_the_new_employer(self) -> None:
        next_url = "/cases/7/placements/new/?kind=employment"
        response = self.client.post(URL + f"?next={next_url}", form_data())
        employer = Employer.objects.get()
        target = urlsplit(response["Location"])
        self.assertEqual(target.path, "/cases/7/placements/new/")
        self.assertEqual(
            parse_qs(target.query),
            {"kind": ["employment"], "employer": [str(employer.pk)]},
        )

    def test_it_takes_next_from_the_posted_form_too(self) -> None:
        response = self.client.post(URL, form_data(next="/somewhere/?employer=3"))
        employer = Employer.objects.get()
        self.assertEqual(response["Location"], f"/somewhere/?employer={employer.pk}")

    def test_it_ignores_a_next_url_of_another_site(self) -> None:
        for bad in (
            "https://evil.example.org/",
            "//evil.example.org/x",
            "javascript:alert(1)",
        ):
            Employer.objects.all().delete()
            response = self.client.post(URL, form_data(next=bad))
            employer = Employer.objects.get()
            self.assertRedirects(response, employer.get_absolute_url())

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
            self.assertEqual(self.client.post(URL, form_data()).status_code, 403)
        self.assertEqual(Employer.objects.count(), 0)


class DuplicateCheckTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.existing = EmployerFactory(
            name="Pflegedienst Sonnenblick GmbH", postcode="02826", city="Görlitz"
        )

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_stops_at_the_same_name_and_postcode(self) -> None:
        response = self.client.post(URL, form_data())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["candidates"], [self.existing])
        self.assertContains(response, "Dieser Arbeitgeber ist vielleicht schon erfasst")
        self.assertContains(response, "gleicher Name und gleiche Postleitzahl")
        self.assertContains(response, self.existing.get_absolute_url())
        self.assertContains(response, 'name="save_anyway"')
        self.assertNotContains(response, "Diesen Arbeitgeber verwenden")
        self.assertEqual(Employer.objects.count(), 1)
        self.assertEqual(ContactPerson.objects.count(), 0)

    def test_it_finds_the_same_name_with_another_legal_form_and_spelling(self) -> None:
        response = self.client.post(
            URL, form_data(name="Pflegedienst Sonnenblick gGmbH", postcode="01067")
        )
        self.assertEqual(response.context["candidates"], [self.existing])
        self.assertContains(response, "gleicher Name")
        self.assertNotContains(response, "gleiche Postleitzahl")

    def test_it_treats_a_name_with_an_added_word_as_similar(self) -> None:
        # "Müller GmbH" and "Müller Bau GmbH" may well be one firm: the form asks.
        EmployerFactory(name="Müller GmbH", postcode="04109")
        response = self.client.post(
            URL, form_data(name="Müller Bau GmbH", postcode="09111")
        )
        self.assertEqual(
            [e.name for e in response.context["candidates"]], ["Müller GmbH"]
        )
        self.assertContains(response, "ähnlicher Name")

    def test_it_lets_different_names_through(self) -> None:
        EmployerFactory(name="Müller Transporte GmbH", postcode="04109")
        for name in ("Müller Bau GmbH", "Pflegeheim Abendrot e. V."):
            response = self.client.post(URL, form_data(name=name, postcode="04109"))
            self.assertEqual(response.status_code, 302, name)
        self.assertEqual(Employer.objects.count(), 4)

    def test_it_saves_a_new_employer_anyway_when_asked(self) -> None:
        response = self.client.post(URL, form_data(save_anyway="1"))
        new = Employer.objects.exclude(pk=self.existing.pk).get()
        self.assertRedirects(response, new.get_absolute_url())
        self.assertEqual(new.contacts.get().name, "Jana Wolf")

    def test_it_keeps_next_through_the_round_trip(self) -> None:
        next_url = "/cases/7/placements/new/"
        response = self.client.post(URL + f"?next={next_url}", form_data())
        self.assertContains(response, f'name="next" value="{next_url}"')
        use_url = f"{next_url}?employer={self.existing.pk}"
        self.assertContains(response, f'href="{use_url}"')
        self.assertContains(response, "Diesen Arbeitgeber verwenden")
        response = self.client.post(URL, form_data(next=next_url, save_anyway="1"))
        new = Employer.objects.exclude(pk=self.existing.pk).get()
        self.assertEqual(response["Location"], f"{next_url}?employer={new.pk}")

    def test_it_does_not_check_duplicates_when_editing(self) -> None:
        other = EmployerFactory(name="Sonnenblick", postcode="02826")
        edit_url = reverse("employers:employer_edit", args=[other.pk])
        data = form_data(name="Pflegedienst Sonnenblick GmbH")
        data["contacts-0-name"] = ""
        data["contacts-0-position"] = data["contacts-0-phone"] = ""
        data["contacts-0-email"] = ""
        response = self.client.post(edit_url, data)
        self.assertRedirects(response, other.get_absolute_url())
