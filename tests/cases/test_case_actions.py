"""case_open, case_admit, case_close, case_edit and the status workflow."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, MenteeFactory, PlacementFactory

TODAY = timezone.localdate


class CaseOpenTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.old = CaseFactory(
            mentee=cls.mentee,
            mentor=cls.alice,
            closed_on=datetime.date(2024, 6, 30),
        )
        cls.url = reverse("cases:case_open", args=[cls.mentee.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_shows_the_form(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Neue Begleitung eröffnen")
        self.assertContains(response, 'type="date"')
        self.assertEqual(Case.objects.count(), 1)

    def test_it_opens_a_new_case(self) -> None:
        response = self.client.post(
            self.url, {"opened_on": "2024-09-01", "mentor": self.lena.pk}
        )
        self.assertRedirects(response, self.mentee.get_absolute_url())
        case = Case.objects.open().get()
        self.assertEqual(case.mentor, self.lena)
        self.assertEqual(case.status, Case.Status.INTAKE)
        self.assertEqual(case.project, self.project_a)

    def test_it_refuses_a_second_open_case(self) -> None:
        CaseFactory(mentee=self.mentee, mentor=self.alice)
        response = self.client.post(
            self.url, {"opened_on": "2024-09-01", "mentor": self.alice.pk}, follow=True
        )
        self.assertContains(response, "Für diese Person läuft bereits eine Begleitung.")
        self.assertEqual(Case.objects.open().count(), 1)

    def test_it_refuses_a_future_date(self) -> None:
        future = (TODAY() + datetime.timedelta(days=3)).isoformat()
        response = self.client.post(
            self.url, {"opened_on": future, "mentor": self.alice.pk}
        )
        self.assertContains(
            response, "Das Erstgespräch kann nicht in der Zukunft liegen."
        )
        self.assertEqual(Case.objects.count(), 1)

    def test_it_gives_404_for_another_projects_mentee(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            self.url, {"opened_on": "2024-09-01", "mentor": self.bob.pk}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Case.objects.count(), 1)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)


class CaseAdmitTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a),
            mentor=cls.alice,
            admitted_on=None,
        )
        cls.url = reverse("cases:case_admit", args=[cls.case.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_admits_and_makes_the_case_active(self) -> None:
        self.assertContains(self.client.get(self.url), "Aufnehmen")
        response = self.client.post(self.url, {"admitted_on": "2024-02-01"})
        self.assertRedirects(response, self.case.mentee.get_absolute_url())
        self.case.refresh_from_db()
        self.assertEqual(self.case.admitted_on, datetime.date(2024, 2, 1))
        self.assertEqual(self.case.status, Case.Status.ACTIVE)

    def test_it_refuses_a_date_before_the_first_conversation(self) -> None:
        response = self.client.post(self.url, {"admitted_on": "2023-12-01"})
        self.assertContains(
            response, "Eine Person kann nicht vor dem Erstgespräch aufgenommen werden."
        )
        self.case.refresh_from_db()
        self.assertIsNone(self.case.admitted_on)
        self.assertEqual(self.case.status, Case.Status.INTAKE)

    def test_it_requires_a_date(self) -> None:
        response = self.client.post(self.url, {"admitted_on": ""})
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")

    def test_it_refuses_to_admit_twice(self) -> None:
        self.client.post(self.url, {"admitted_on": "2024-02-01"})
        response = self.client.post(self.url, {"admitted_on": "2024-03-01"})
        self.assertContains(response, "Nur eine laufende, noch nicht aufgenommene")
        self.case.refresh_from_db()
        self.assertEqual(self.case.admitted_on, datetime.date(2024, 2, 1))

    def test_it_gives_404_when_posting_to_another_projects_case(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(self.url, {"admitted_on": "2024-02-01"})
        self.assertEqual(response.status_code, 404)
        self.case.refresh_from_db()
        self.assertIsNone(self.case.admitted_on)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(
                self.client.post(self.url, {"admitted_on": "2024-02-01"}).status_code,
                403,
            )


class CaseCloseTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.alice
        )
        cls.url = reverse("cases:case_close", args=[cls.case.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **overrides: str) -> dict:
        return {
            "closed_on": "2024-08-01",
            "close_reason": "goal_reached",
            "close_note": "",
            **overrides,
        }

    def test_it_closes_the_case(self) -> None:
        self.assertContains(self.client.get(self.url), "Grund des Abschlusses")
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.case.mentee.get_absolute_url())
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.CLOSED)
        self.assertEqual(self.case.closed_on, datetime.date(2024, 8, 1))

    def test_it_requires_a_reason(self) -> None:
        response = self.client.post(self.url, self.data(close_reason=""))
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.case.refresh_from_db()
        self.assertTrue(self.case.is_open)

    def test_it_refuses_while_a_placement_runs(self) -> None:
        PlacementFactory(case=self.case)
        response = self.client.post(self.url, self.data())
        self.assertContains(response, "Eine Vermittlung dieser Begleitung läuft noch.")
        self.case.refresh_from_db()
        self.assertTrue(self.case.is_open)

    def test_it_closes_anyway_only_with_a_note(self) -> None:
        PlacementFactory(case=self.case)
        response = self.client.post(self.url, self.data(close_anyway="on"))
        self.assertContains(response, "Bitte begründen Sie")
        self.case.refresh_from_db()
        self.assertTrue(self.case.is_open)
        response = self.client.post(
            self.url, self.data(close_anyway="on", close_note="Umzug nach Bayern")
        )
        self.assertEqual(response.status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.CLOSED)

    def test_it_refuses_a_date_before_admission(self) -> None:
        response = self.client.post(self.url, self.data(closed_on="2023-01-01"))
        self.assertContains(response, "nicht vor dem Erstgespräch abgeschlossen")
        self.case.refresh_from_db()
        self.assertTrue(self.case.is_open)

    def test_it_gives_404_when_posting_to_another_projects_case(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)
        self.case.refresh_from_db()
        self.assertTrue(self.case.is_open)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)


class CaseEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.alice
        )
        cls.url = reverse("cases:case_edit", args=[cls.case.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_changes_mentor_and_dates(self) -> None:
        response = self.client.post(
            self.url,
            {
                "mentor": self.lena.pk,
                "opened_on": "2024-01-05",
                "admitted_on": "",
                "version": self.case.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.mentor, self.lena)
        self.assertEqual(self.case.opened_on, datetime.date(2024, 1, 5))
        self.assertEqual(self.case.status, Case.Status.INTAKE)

    def test_it_refuses_an_opening_after_the_first_meeting(self) -> None:
        MeetingFactory(case=self.case, date=datetime.date(2024, 1, 12))
        response = self.client.post(
            self.url,
            {"mentor": self.alice.pk, "opened_on": "2024-01-20", "admitted_on": ""},
        )
        self.assertContains(response, "Kontakte oder Vermittlungen ab dem 12.01.2024")
        self.case.refresh_from_db()
        self.assertEqual(self.case.opened_on, datetime.date(2024, 1, 10))

    def test_it_refuses_a_mentor_of_another_project(self) -> None:
        response = self.client.post(
            self.url,
            {"mentor": self.bob.pk, "opened_on": "2024-01-10", "admitted_on": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.case.refresh_from_db()
        self.assertEqual(self.case.mentor, self.alice)

    def test_it_gives_404_for_another_projects_case(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)


class CaseStatusTestCase(BaseTestCase):
    """Case.refresh_status(): intake → active → follow-up → closed."""

    def test_it_follows_dates_and_placements(self) -> None:
        today = TODAY()
        case = CaseFactory(
            mentee=MenteeFactory(project=self.project_a),
            mentor=self.alice,
            opened_on=today - datetime.timedelta(days=100),
            admitted_on=None,
        )
        self.assertEqual(case.computed_status(), Case.Status.INTAKE)
        case.admitted_on = today - datetime.timedelta(days=90)
        self.assertTrue(case.refresh_status())
        self.assertEqual(case.status, Case.Status.ACTIVE)
        PlacementFactory(case=case, kind="internship", start_on=today)
        self.assertEqual(case.computed_status(), Case.Status.ACTIVE)
        future = PlacementFactory(
            case=case, start_on=today + datetime.timedelta(days=10)
        )
        self.assertEqual(case.computed_status(), Case.Status.ACTIVE)
        self.assertEqual(
            case.computed_status(today + datetime.timedelta(days=10)),
            Case.Status.FOLLOW_UP,
        )
        future.start_on = today
        future.save()
        self.assertTrue(case.refresh_status())
        self.assertEqual(case.status, Case.Status.FOLLOW_UP)
        self.assertFalse(case.refresh_status())
        future.ended_on, future.end_reason = today, "dropout"
        future.save()
        self.assertEqual(case.computed_status(), Case.Status.ACTIVE)
        case.closed_on, case.close_reason = today, "other"
        self.assertEqual(case.computed_status(), Case.Status.CLOSED)
