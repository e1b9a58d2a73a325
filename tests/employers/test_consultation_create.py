import datetime

import time_machine
from django.urls import reverse

from employers.models import EmployerConsultation
from tests.base import BaseTestCase
from tests.factories import EmployerFactory, MenteeFactory, ProjectFactory, UserFactory

TODAY = datetime.date(2026, 11, 26)


@time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC))
class ConsultationCreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.employer = EmployerFactory(name="Hotel Elbblick")
        cls.url = reverse("employers:consultation_create", args=[cls.employer.pk])
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.other_mentee = MenteeFactory(project=cls.project_b)
        cls.carla = UserFactory(
            username="carla",
            first_name="Carla",
            last_name="Berg",
            role="mentor",
            projects=[cls.project_a],
        )

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **overrides: object) -> dict[str, object]:
        data = {
            "date": "2026-11-20",
            "topic": "work_permit",
            "mentor": self.alice.pk,
            "mentee": "",
            "notes": "Beschäftigungsduldung erklärt",
        }
        data.update(overrides)
        return data

    def test_it_shows_the_form_with_todays_date_and_the_user_as_mentor(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Beratung erfassen")
        self.assertContains(response, "Hotel Elbblick")
        form = response.context["form"]
        self.assertEqual(form["date"].value(), TODAY)
        self.assertEqual(form["mentor"].value(), self.alice.pk)
        # One project: nothing to choose.
        self.assertNotIn("project", form.fields)
        self.assertEqual(
            set(form.fields["mentor"].queryset), {self.alice, self.lena, self.carla}
        )
        self.assertEqual(list(form.fields["mentee"].queryset), [self.mentee])
        self.assertContains(response, self.mentee.code)
        self.assertNotContains(response, self.other_mentee.code)
        self.assertNotContains(response, self.mentee.last_name)

    def test_it_records_a_consultation_of_the_users_project(self) -> None:
        response = self.client.post(
            self.url, self.data(mentee=self.mentee.pk, mentor=self.carla.pk)
        )
        self.assertRedirects(
            response, self.employer.get_absolute_url(), fetch_redirect_response=False
        )
        consultation = EmployerConsultation.objects.get()
        self.assertEqual(
            (
                consultation.employer,
                consultation.project,
                consultation.mentor,
                consultation.mentee,
                consultation.date,
                consultation.topic,
            ),
            (
                self.employer,
                self.project_a,
                self.carla,
                self.mentee,
                datetime.date(2026, 11, 20),
                "work_permit",
            ),
        )
        response = self.client.get(response["Location"])
        self.assertContains(response, "Die Beratung wurde erfasst.")
        self.assertContains(response, "Beschäftigungsduldung erklärt")

    def test_it_refuses_a_future_date(self) -> None:
        response = self.client.post(self.url, self.data(date="2026-11-27"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Eine Beratung kann nicht für ein zukünftiges Datum erfasst werden.",
        )
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_refuses_today_plus_nothing_missing(self) -> None:
        response = self.client.post(self.url, self.data(date="", topic=""))
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.", 2)
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_refuses_another_projects_mentee(self) -> None:
        response = self.client.post(self.url, self.data(mentee=self.other_mentee.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Bitte wählen Sie eine teilnehmende Person Ihres eigenen Projekts.",
        )
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_refuses_a_mentor_of_another_project(self) -> None:
        response = self.client.post(self.url, self.data(mentor=self.bob.pk))
        self.assertEqual(response.status_code, 200)
        self.assertIn("mentor", response.context["form"].errors)
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_ignores_a_posted_project(self) -> None:
        self.client.post(self.url, self.data(project=self.project_b.pk))
        self.assertEqual(EmployerConsultation.objects.get().project, self.project_a)

    def test_it_lets_a_member_of_two_projects_choose(self) -> None:
        project_c = ProjectFactory(name="Projekt C")
        dana = UserFactory(role="mentor", projects=[self.project_a, project_c])
        mentee_c = MenteeFactory(project=project_c)
        self.client.force_login(dana)
        response = self.client.get(self.url)
        form = response.context["form"]
        self.assertEqual(
            list(form.fields["project"].queryset), [self.project_a, project_c]
        )
        self.assertContains(response, f"{mentee_c.code} (Projekt C)")
        # A mentee of project C in a consultation of project A: refused.
        response = self.client.post(
            self.url,
            self.data(project=self.project_a.pk, mentor=dana.pk, mentee=mentee_c.pk),
        )
        self.assertContains(
            response, "Die teilnehmende Person gehört nicht zu diesem Projekt."
        )
        # Alice works in project A only.
        response = self.client.post(
            self.url,
            self.data(project=project_c.pk, mentor=self.alice.pk, mentee=mentee_c.pk),
        )
        self.assertContains(response, "Diese Person arbeitet nicht in dem Projekt.")
        self.assertFalse(EmployerConsultation.objects.exists())
        response = self.client.post(
            self.url,
            self.data(project=project_c.pk, mentor=dana.pk, mentee=mentee_c.pk),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(EmployerConsultation.objects.get().project, project_c)

    def test_it_refuses_a_project_the_user_does_not_work_in(self) -> None:
        project_c = ProjectFactory()
        dana = UserFactory(role="mentor", projects=[self.project_a, project_c])
        self.client.force_login(dana)
        response = self.client.post(
            self.url, self.data(project=self.project_b.pk, mentor=dana.pk)
        )
        self.assertIn("project", response.context["form"].errors)
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_refuses_a_mentor_without_project(self) -> None:
        loner = UserFactory(role="mentor")
        self.client.force_login(loner)
        response = self.client.post(self.url, self.data(mentor=loner.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EmployerConsultation.objects.exists())

    def test_it_gives_404_for_an_unknown_employer(self) -> None:
        url = reverse("employers:consultation_create", args=[99999])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(EmployerConsultation.objects.exists())
