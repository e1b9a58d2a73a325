import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Mentee
from privacy.models import Consent, ConsentText
from tests.base import BaseTestCase
from tests.factories import MenteeFactory, ProjectFactory, UserFactory

URL = reverse("cases:mentee_create")


def form_data(**overrides: object) -> dict:
    data = {
        "first_name": "Amira",
        "last_name": "Haddad",
        "date_of_birth": "1995-05-17",
        "gender": "female",
        "country_of_origin": "SY",
        "nationality": "SY",
        "residence_status": "aufenthaltserlaubnis",
        "residence_purpose": "humanitarian",
        "work_permit": "granted",
        "arrival_year": "2016",
        "german_level": "B1",
        "education_level": "3",
        "recognition_status": "not_relevant",
        "labour_market_status": "unemployed",
        "agency": "jobcenter",
        "consent_given_on": "2024-03-01",
        "consent_channel": "signed_form",
        "opened_on": "2024-03-01",
    }
    data.setdefault("consent_text", ConsentText.objects.get(version="1").pk)
    data.update(overrides)
    return data


class MenteeCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_shows_the_form_with_date_inputs_and_today(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, 'type="date"')
        self.assertContains(response, "Datum des Erstgesprächs")
        self.assertContains(response, timezone.localdate().isoformat())
        self.assertNotContains(response, 'name="project"')

    def test_it_creates_the_mentee_and_opens_the_first_case(self) -> None:
        response = self.client.post(URL, form_data(mentor=self.alice.pk))
        mentee = Mentee.objects.get()
        self.assertRedirects(response, mentee.get_absolute_url())
        self.assertEqual(mentee.project, self.project_a)
        case = Case.objects.get()
        self.assertEqual(case.mentee, mentee)
        self.assertEqual(case.project, self.project_a)
        self.assertEqual(case.mentor, self.alice)
        self.assertEqual(case.opened_on, datetime.date(2024, 3, 1))
        self.assertEqual(case.status, Case.Status.INTAKE)
        consent = Consent.objects.get(mentee=mentee)
        self.assertEqual(consent.given_on, datetime.date(2024, 3, 1))
        self.assertEqual(consent.channel, Consent.Channel.SIGNED_FORM)
        self.assertEqual(consent.recorded_by, self.alice)
        self.assertEqual(consent.text.version, "1")

    def test_it_lets_the_user_choose_another_mentor_of_the_project(self) -> None:
        self.client.post(URL, form_data(mentor=self.lena.pk))
        self.assertEqual(Case.objects.get().mentor, self.lena)

    def test_it_refuses_a_mentor_of_another_project(self) -> None:
        response = self.client.post(URL, form_data(mentor=self.bob.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte eine gültige Auswahl treffen")
        self.assertFalse(Mentee.objects.exists())

    def test_it_requires_the_consent_date(self) -> None:
        response = self.client.post(
            URL, form_data(mentor=self.alice.pk, consent_given_on="")
        )
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertFalse(Mentee.objects.exists())
        self.assertFalse(Case.objects.exists())

    def test_it_checks_birth_date_arrival_year_and_purpose(self) -> None:
        response = self.client.post(
            URL,
            form_data(
                mentor=self.alice.pk,
                date_of_birth="2020-01-01",
                arrival_year="2030",
                residence_status="duldung",
            ),
        )
        self.assertContains(response, "Bitte prüfen Sie das Geburtsdatum")
        self.assertContains(response, "Das Einreisejahr liegt in der Zukunft.")
        self.assertContains(
            response, "Ein Zweck gilt nur für eine Aufenthaltserlaubnis."
        )
        self.assertFalse(Mentee.objects.exists())

    def test_it_refuses_a_first_conversation_in_the_future(self) -> None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.client.post(
            URL, form_data(mentor=self.alice.pk, opened_on=tomorrow.isoformat())
        )
        self.assertContains(
            response, "Das Erstgespräch kann nicht in der Zukunft liegen."
        )
        self.assertFalse(Mentee.objects.exists())

    def test_it_warns_about_a_duplicate_and_saves_only_when_confirmed(self) -> None:
        existing = MenteeFactory(
            project=self.project_a,
            first_name="AMIRA",
            last_name="haddad",
            date_of_birth=datetime.date(1995, 5, 17),
        )
        response = self.client.post(URL, form_data(mentor=self.alice.pk))
        self.assertContains(response, "Mögliche Doppelerfassung")
        self.assertContains(response, existing.get_absolute_url())
        self.assertContains(response, "trotzdem speichern")
        self.assertEqual(Mentee.objects.count(), 1)
        self.assertFalse(Case.objects.exists())
        response = self.client.post(
            URL, form_data(mentor=self.alice.pk, confirm_duplicate="on")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Mentee.objects.count(), 2)

    def test_it_ignores_namesakes_in_other_projects(self) -> None:
        MenteeFactory(
            project=self.project_b,
            first_name="Amira",
            last_name="Haddad",
            date_of_birth=datetime.date(1995, 5, 17),
        )
        response = self.client.post(URL, form_data(mentor=self.alice.pk))
        self.assertEqual(response.status_code, 302)

    def test_it_lets_a_mentor_in_two_projects_pick_the_project(self) -> None:
        project_c = ProjectFactory(name="Projekt C")
        dora = UserFactory(
            username="dora", role="mentor", projects=[self.project_a, project_c]
        )
        self.client.force_login(dora)
        response = self.client.get(URL)
        self.assertContains(response, 'name="project"')
        response = self.client.post(URL, form_data(mentor=dora.pk))
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        response = self.client.post(
            URL, form_data(mentor=dora.pk, project=project_c.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Mentee.objects.get().project, project_c)
        self.assertEqual(Case.objects.get().project, project_c)

    def test_it_refuses_a_mentor_outside_the_chosen_project(self) -> None:
        project_c = ProjectFactory(name="Projekt C")
        dora = UserFactory(
            username="dora", role="mentor", projects=[self.project_a, project_c]
        )
        self.client.force_login(dora)
        response = self.client.post(
            URL, form_data(mentor=self.alice.pk, project=project_c.pk)
        )
        self.assertContains(
            response, "Diese Person arbeitet nicht im gewählten Projekt."
        )
        self.assertFalse(Mentee.objects.exists())

    def test_it_refuses_a_project_the_user_does_not_work_in(self) -> None:
        project_c = ProjectFactory(name="Projekt C")
        dora = UserFactory(
            username="dora", role="mentor", projects=[self.project_a, project_c]
        )
        self.client.force_login(dora)
        response = self.client.post(
            URL, form_data(mentor=dora.pk, project=self.project_b.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Mentee.objects.exists())

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
            self.assertEqual(self.client.post(URL, form_data()).status_code, 403)
        self.assertFalse(Mentee.objects.exists())
