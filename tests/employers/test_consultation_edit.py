import datetime

from django.urls import reverse

from employers.models import EmployerConsultation
from tests.base import BaseTestCase
from tests.factories import EmployerConsultationFactory, MenteeFactory


class ConsultationEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.consultation = EmployerConsultationFactory(
            project=cls.project_a, mentor=cls.alice, notes="Erstgespräch"
        )
        cls.url = reverse("employers:consultation_edit", args=[cls.consultation.pk])
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.other_mentee = MenteeFactory(project=cls.project_b)

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **overrides: object) -> dict[str, object]:
        data = {
            "date": "2024-03-02",
            "topic": "funding",
            "mentor": self.lena.pk,
            "mentee": self.mentee.pk,
            "notes": "Eingliederungszuschuss besprochen",
        }
        data.update(overrides)
        return data

    def test_it_shows_the_form_filled_in(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Beratung bearbeiten")
        self.assertContains(response, "Erstgespräch")
        self.assertContains(response, 'value="2024-03-01"')

    def test_it_saves_the_changes(self) -> None:
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.consultation.employer.get_absolute_url())
        self.consultation.refresh_from_db()
        self.assertEqual(
            (
                self.consultation.date,
                self.consultation.topic,
                self.consultation.mentor,
                self.consultation.mentee,
                self.consultation.project,
            ),
            (
                datetime.date(2024, 3, 2),
                "funding",
                self.lena,
                self.mentee,
                self.project_a,
            ),
        )

    def test_it_lets_the_project_lead_edit(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 302)

    def test_it_refuses_another_projects_mentee(self) -> None:
        response = self.client.post(self.url, self.data(mentee=self.other_mentee.pk))
        self.assertContains(
            response,
            "Bitte wählen Sie eine teilnehmende Person Ihres eigenen Projekts.",
        )
        self.consultation.refresh_from_db()
        self.assertIsNone(self.consultation.mentee)
        self.assertEqual(self.consultation.notes, "Erstgespräch")

    def test_it_gives_404_for_another_projects_consultation(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        response = self.client.post(self.url, self.data(mentor=self.bob.pk))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(EmployerConsultation.objects.get().notes, "Erstgespräch")

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
