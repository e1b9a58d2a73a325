"""The access log: one INSERT per request that shows a mentee's data; the
project lead reads a mentee's log and who opened which mentee in a week."""

import datetime

import time_machine
from django.urls import reverse

from privacy.models import AccessLogEntry
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, MenteeFactory

Action = AccessLogEntry.Action
MONDAY = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


class AccessLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)

    def test_it_logs_the_page_and_the_forms(self) -> None:
        self.client.force_login(self.alice)
        meeting = MeetingFactory(case=self.case)
        for name, pk in (
            ("cases:mentee_detail", self.mentee.pk),
            ("cases:mentee_edit", self.mentee.pk),
            ("cases:meeting_edit", meeting.pk),
            ("cases:step_create", self.case.pk),
            ("cases:placement_create", self.case.pk),
        ):
            self.client.get(reverse(name, args=[pk]))
        entries = AccessLogEntry.objects.order_by("pk")
        self.assertEqual(
            [e.action for e in entries],
            [Action.PAGE, Action.FORM, Action.FORM, Action.FORM, Action.FORM],
        )
        self.assertEqual({e.mentee_id for e in entries}, {self.mentee.pk})
        self.assertEqual({e.user_id for e in entries}, {self.alice.pk})

    def test_it_keeps_no_search_term(self) -> None:
        self.client.force_login(self.root)
        self.client.get(reverse("admin:cases_mentee_changelist"), {"q": "Haddad"})
        entry = AccessLogEntry.objects.get()
        self.assertEqual((entry.action, entry.mentee), (Action.ADMIN, None))
        self.assertNotIn("Haddad", entry.path)

    def test_it_logs_admin_pages_of_an_object_with_its_mentee(self) -> None:
        self.client.force_login(self.root)
        meeting = MeetingFactory(case=self.case)
        self.client.get(reverse("admin:cases_meeting_change", args=[meeting.pk]))
        self.assertEqual(AccessLogEntry.objects.get().mentee, self.mentee)

    def test_it_shows_the_mentees_log_to_the_project_lead(self) -> None:
        self.client.force_login(self.alice)
        self.client.get(reverse("cases:mentee_detail", args=[self.mentee.pk]))
        self.client.force_login(self.lena)
        response = self.client.get(
            reverse("privacy:mentee_access_log", args=[self.mentee.pk])
        )
        self.assertContains(response, "Seite der Person")
        self.assertContains(response, self.alice.get_full_name())

    @time_machine.travel(MONDAY, tick=False)
    def test_it_lists_who_opened_which_mentee_in_a_week(self) -> None:
        other = MenteeFactory(project=self.project_b)
        for mentee, user in ((self.mentee, self.alice), (other, self.bob)):
            AccessLogEntry.objects.create(user=user, mentee=mentee, action="page")
        AccessLogEntry.objects.create(
            user=self.alice,
            mentee=self.mentee,
            action="page",
            at=MONDAY - datetime.timedelta(days=1),
        )
        self.client.force_login(self.lena)
        url = reverse("privacy:access_week")
        response = self.client.get(url, {"week": "2026-W49"})
        rows = response.context["rows"]
        self.assertEqual(
            [(r["mentee__code"], r["requests"]) for r in rows], [(self.mentee.code, 1)]
        )
        response = self.client.get(url, {"week": "2026-W48"})
        self.assertEqual(len(response.context["rows"]), 1)
        response = self.client.get(url, {"week": "kaputt"})
        self.assertEqual(response.context["week"], "2026-W49")

    def test_the_week_costs_the_same_queries_at_two_sizes(self) -> None:
        self.client.force_login(self.lena)
        url = reverse("privacy:access_week")
        AccessLogEntry.objects.create(
            user=self.alice, mentee=self.mentee, action="page"
        )
        with self.assertNumQueries(7) as small:
            self.client.get(url)
        for _ in range(30):
            mentee = MenteeFactory(project=self.project_a)
            AccessLogEntry.objects.create(user=self.alice, mentee=mentee, action="page")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 31)
