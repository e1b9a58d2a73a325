"""The start page: what is due for a mentor or project lead."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import add_months
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    UserFactory,
)

URL = reverse("home")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class StartPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.amira = MenteeFactory(
            project=cls.project_a, first_name="Amira", last_name="Haddad"
        )
        cls.case = CaseFactory(mentee=cls.amira, mentor=cls.alice, opened_on=days(-200))

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def add_everything(self, project: object, mentor: object) -> None:
        """One row for every list of the start page."""
        case = CaseFactory(
            mentee=MenteeFactory(project=project), mentor=mentor, opened_on=days(-300)
        )
        MeetingFactory(
            case=case, date=days(-40), next_step="Anrufen", next_step_due_on=days(-1)
        )
        MeetingFactory(
            case=case, date=days(-40), next_step="Mailen", next_step_due_on=days(3)
        )
        IntegrationStepFactory(case=case, due_on=days(-2))
        follow = CaseFactory(
            mentee=MenteeFactory(project=project),
            mentor=mentor,
            opened_on=days(-300),
            status="follow_up",
        )
        PlacementFactory(case=follow, start_on=days(-60))
        FeedbackFactory(meeting=MeetingFactory(case=follow, date=days(-40)))

    def test_it_lists_next_steps_steps_quiet_cases_probation_and_activity(self) -> None:
        MeetingFactory(
            case=self.case,
            date=days(-45),
            next_step="Lebenslauf schicken",
            next_step_due_on=days(-3),
        )
        MeetingFactory(
            case=self.case,
            date=days(-44),
            next_step="Termin beim Jobcenter",
            next_step_due_on=days(5),
        )
        MeetingFactory(
            case=self.case,
            date=days(-44),
            next_step="Erledigt",
            next_step_due_on=days(-5),
            next_step_done=True,
        )
        MeetingFactory(
            case=self.case,
            date=days(-44),
            next_step="Zu spät",
            next_step_due_on=days(30),
        )
        IntegrationStepFactory(case=self.case, description="B1-Kurs", due_on=days(-1))
        IntegrationStepFactory(
            case=self.case, description="Fertig", due_on=days(-9), done_on=days(-10)
        )
        follow = CaseFactory(
            mentee=MenteeFactory(project=self.project_a, first_name="Omar"),
            mentor=self.alice,
            opened_on=days(-400),
            status="follow_up",
        )
        placement = PlacementFactory(case=follow, start_on=days(-100))
        PlacementFactory(case=follow, start_on=days(-300), kind="vocational_training")
        response = self.client.get(URL)
        context = response.context
        self.assertEqual(
            [m.next_step for m in context["overdue_next_steps"]],
            ["Lebenslauf schicken"],
        )
        self.assertEqual(
            [m.next_step for m in context["upcoming_next_steps"]],
            ["Termin beim Jobcenter"],
        )
        self.assertEqual([s.description for s in context["overdue_steps"]], ["B1-Kurs"])
        self.assertEqual(context["quiet_cases"], [self.case])
        self.assertEqual(context["quiet_follow_up"], [follow])
        self.assertEqual(context["probation"], [placement])
        self.assertContains(response, add_months(days(-100), 6).strftime("%d.%m.%Y"))
        self.assertEqual(len(context["recent_meetings"]), 4)
        self.assertContains(response, "Lebenslauf schicken")
        self.assertContains(response, "Laufende Probezeiten")

    def test_it_hides_a_case_with_a_recent_meeting(self) -> None:
        MeetingFactory(case=self.case, date=days(-5))
        response = self.client.get(URL)
        self.assertEqual(response.context["quiet_cases"], [])

    def test_it_shows_nothing_of_other_projects(self) -> None:
        carl = UserFactory(username="carl", role="mentor", projects=[self.project_b])
        self.add_everything(self.project_b, carl)
        response = self.client.get(URL)
        for key in (
            "unread_feedback",
            "overdue_next_steps",
            "upcoming_next_steps",
            "overdue_steps",
            "quiet_follow_up",
            "probation",
        ):
            self.assertEqual(response.context[key], [], key)
        self.assertEqual(response.context["quiet_cases"], [self.case])
        self.assertEqual(response.context["recent_meetings"], [])

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        self.add_everything(self.project_a, self.alice)
        with self.assertNumQueries(14):
            self.client.get(URL)
        for _ in range(12):
            self.add_everything(self.project_a, self.alice)
        with self.assertNumQueries(14):
            response = self.client.get(URL)
        self.assertEqual(len(response.context["overdue_next_steps"]), 10)
        self.assertEqual(len(response.context["recent_meetings"]), 10)
        self.assertEqual(len(response.context["unread_feedback"]), 10)

    def test_it_sends_other_roles_elsewhere_or_shows_no_role(self) -> None:
        self.client.force_login(self.root)
        self.assertRedirects(
            self.client.get(URL), reverse("admin:index"), fetch_redirect_response=False
        )
        self.client.force_login(UserFactory(username="nobody"))
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Noch kein Zugriff", status_code=403)
