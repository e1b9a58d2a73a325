from django.urls import reverse

from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
)

URL = reverse("employers:employer_search")


class EmployerSearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mueller = EmployerFactory(name="Müller & Söhne GmbH", city="Bautzen")
        cls.meyer = EmployerFactory(name="Meyer Logistik AG", city="")

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_returns_an_empty_choice_and_the_matching_employers(self) -> None:
        response = self.client.get(URL, {"q": "müller"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.content.decode().strip().splitlines(),
            [
                '<option value="">– 1 Treffer, bitte auswählen –</option>',
                f'<option value="{self.mueller.pk}">Müller &amp; Söhne GmbH (Bautzen)'
                "</option>",
            ],
        )

    def test_it_matches_normalised_names(self) -> None:
        for query in ("MUELLER", "mueller soehne", "Söhne"):
            response = self.client.get(URL, {"q": query})
            self.assertContains(
                response, f'value="{self.mueller.pk}"', msg_prefix=query
            )
            self.assertNotContains(response, f'value="{self.meyer.pk}"')

    def test_it_shows_the_name_alone_without_a_city(self) -> None:
        response = self.client.get(URL, {"q": "logistik"})
        self.assertContains(response, ">Meyer Logistik AG</option>")

    def test_it_brings_back_the_recent_employers_below_two_characters(self) -> None:
        PlacementFactory(
            case=CaseFactory(mentee=MenteeFactory(project=self.project_a)),
            employer=self.meyer,
        )
        for query in ("", "m", " m "):
            response = self.client.get(URL, {"q": query})
            self.assertEqual(response.status_code, 200)
            options = response.content.decode().strip().splitlines()
            self.assertEqual(options[0], '<option value="">---------</option>')
            self.assertEqual(len(options), 2, query)
            self.assertIn(f'value="{self.meyer.pk}"', options[1])

    def test_it_returns_at_most_20_options_in_name_order(self) -> None:
        for n in range(25):
            EmployerFactory(name=f"Zimmerei {n:02d}")
        # Session, user, roles, employers, and the request's savepoint pair.
        with self.assertNumQueries(6):
            response = self.client.get(URL, {"q": "zimmerei"})
        self.assertEqual(response.content.decode().count("<option"), 21)
        self.assertContains(response, "– erste 20 Treffer: bitte genauer suchen –")
        self.assertContains(response, "Zimmerei 00")
        self.assertNotContains(response, "Zimmerei 20")

    def test_it_says_when_it_finds_nothing(self) -> None:
        response = self.client.get(URL, {"q": "Schmidt"})
        self.assertEqual(
            response.content.decode().strip(),
            '<option value="">– kein Arbeitgeber gefunden –</option>',
        )

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL, {"q": "mü"}).status_code, 403)
