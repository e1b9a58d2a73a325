from django.urls import reverse

from employers.models import ContactPerson
from tests.base import BaseTestCase
from tests.factories import ContactPersonFactory, EmployerFactory


class EmployerEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.employer = EmployerFactory(name="Autohaus Schulze", postcode="08056")
        cls.contact = ContactPersonFactory(employer=cls.employer, name="Uwe Schulze")
        cls.url = reverse("employers:employer_edit", args=[cls.employer.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **overrides: str) -> dict[str, str]:
        data = {
            "name": "Autohaus Schulze KG",
            "sector": "G",
            "size_class": "10-49",
            "street": "",
            "postcode": "08056",
            "city": "Zwickau",
            "region": "",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "1",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
            "contacts-0-id": str(self.contact.pk),
            "contacts-0-name": "Uwe Schulze",
            "contacts-0-position": "Inhaber",
            "contacts-0-phone": "",
            "contacts-0-email": "",
            "contacts-1-name": "Anke Schulze",
            "contacts-1-position": "",
            "contacts-1-phone": "",
            "contacts-1-email": "",
        }
        data.update(overrides)
        return data

    def test_it_shows_the_form_with_the_contact_persons(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Arbeitgeber bearbeiten")
        self.assertContains(response, 'value="Uwe Schulze"')
        self.assertContains(response, "Löschen")

    def test_it_saves_employer_and_contact_persons_together(self) -> None:
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.employer.get_absolute_url())
        self.employer.refresh_from_db()
        self.assertEqual(self.employer.name, "Autohaus Schulze KG")
        self.assertEqual(self.employer.name_normalized, "autohaus schulze")
        self.assertEqual(
            list(self.employer.contacts.values_list("name", "position")),
            [("Anke Schulze", ""), ("Uwe Schulze", "Inhaber")],
        )

    def test_it_deletes_a_contact_person(self) -> None:
        self.client.post(self.url, self.data(**{"contacts-0-DELETE": "on"}))
        self.assertEqual(
            list(self.employer.contacts.values_list("name", flat=True)),
            ["Anke Schulze"],
        )

    def test_it_saves_nothing_when_a_contact_person_is_invalid(self) -> None:
        response = self.client.post(
            self.url, self.data(**{"contacts-1-email": "anke(at)example"})
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")
        self.employer.refresh_from_db()
        self.assertEqual(self.employer.name, "Autohaus Schulze")
        self.assertEqual(ContactPerson.objects.get().position, "")

    def test_it_gives_404_for_an_unknown_employer(self) -> None:
        url = reverse("employers:employer_edit", args=[99999])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.employer.refresh_from_db()
        self.assertEqual(self.employer.name, "Autohaus Schulze")
