"""The change history: who changed what, old and new values; handovers and
the nightly refresh write it too; the project lead reads it; nobody edits it."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

from cases import tasks
from cases.models import Case, Meeting, Membership, Mentee
from privacy.history import change_reason
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, MenteeFactory, PlacementFactory


class HistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a, first_name="Amira")
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.url = reverse("privacy:mentee_history", args=[cls.mentee.pk])

    def test_it_records_who_changed_what_from_a_page(self) -> None:
        self.client.force_login(self.alice)
        meeting = MeetingFactory(case=self.case, notes="alt")
        self.client.post(
            reverse("cases:meeting_edit", args=[meeting.pk]),
            {
                "date": meeting.date,
                "duration_minutes": 45,
                "channel": "phone",
                "with_whom": "mentee",
                "notes": "neu",
            },
        )
        latest = Meeting.history.filter(id=meeting.pk).latest()
        self.assertEqual(latest.history_user, self.alice)
        self.assertEqual(latest.history_type, "~")
        self.assertEqual((latest.prev_record.notes, latest.notes), ("alt", "neu"))

    def test_it_records_handovers_with_a_reason(self) -> None:
        dora = self.make_mentor("dora")
        self.client.force_login(self.lena)
        self.client.post(
            reverse("cases:team_handover", args=[self.project_a.pk, self.alice.pk]),
            {"to": dora.pk},
        )
        latest = Case.history.filter(id=self.case.pk).latest()
        self.assertEqual((latest.mentor_id, latest.history_user), (dora.pk, self.lena))
        self.assertEqual(latest.history_change_reason, "Übergabe")

    def test_it_records_the_nightly_status_refresh(self) -> None:
        PlacementFactory(case=self.case, start_on=datetime.date(2024, 4, 1))
        Case.objects.filter(pk=self.case.pk).update(status="active")
        tasks.refresh_statuses(datetime.date(2024, 4, 2))
        latest = Case.history.filter(id=self.case.pk).latest()
        self.assertEqual(latest.status, "follow_up")
        self.assertIsNone(latest.history_user)
        self.assertEqual(
            latest.history_change_reason, "nächtliche Statusaktualisierung"
        )

    def test_it_records_memberships_and_roles(self) -> None:
        membership = Membership.objects.create(user=self.bob, project=self.project_a)
        pk = membership.pk
        membership.delete()
        self.assertEqual(
            list(
                Membership.history.filter(id=pk).values_list("history_type", flat=True)
            ),
            ["-", "+"],
        )
        self.bob.groups.add(Group.objects.get(name="project_lead"))
        version = self.bob.history.latest()
        self.assertEqual(
            sorted(version.groups.values_list("group__name", flat=True)),
            ["mentor", "project_lead"],
        )
        self.assertFalse(hasattr(version, "password"))

    def test_it_takes_the_reason_of_the_enclosing_block(self) -> None:
        with change_reason("import of teilnehmende.xlsx"):
            mentee = MenteeFactory(project=self.project_a)
        self.assertEqual(
            Mentee.history.get(id=mentee.pk).history_change_reason,
            "import of teilnehmende.xlsx",
        )

    def test_it_shows_the_history_to_the_project_lead(self) -> None:
        self.mentee.first_name = "Amina"
        self.mentee.save()
        self.client.force_login(self.lena)
        response = self.client.get(self.url)
        self.assertContains(response, "Änderungsverlauf")
        self.assertContains(response, "Amira")
        self.assertContains(response, "Amina")
        self.assertContains(response, "geändert")

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        self.client.force_login(self.lena)
        MeetingFactory(case=self.case)
        # Session, user, roles, mentee, the access-log INSERT, one SELECT per
        # history table (8) and one per kind of name shown (project, users,
        # consent text), inside the request's savepoint.
        with self.assertNumQueries(18) as small:
            self.client.get(self.url)
        for i in range(15):
            MeetingFactory(case=self.case, notes=f"Notiz {i}").save()
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(self.url)

    def test_it_is_for_the_project_lead_of_the_project_only(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        other = self.make_mentor("petra", role="project_lead", project=self.project_b)
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_cannot_be_changed_in_the_admin(self) -> None:
        self.client.force_login(self.root)
        response = self.client.get(
            reverse("admin:cases_mentee_history", args=[self.mentee.pk])
        )
        self.assertEqual(response.status_code, 200)
        version = Mentee.history.get(id=self.mentee.pk)
        response = self.client.post(
            reverse(
                "admin:cases_mentee_simple_history",
                args=[self.mentee.pk, version.history_id],
            ),
            {"first_name": "X"},
        )
        self.assertNotEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "X")

    def make_mentor(self, username: str, role: str = "mentor", project=None) -> object:
        from tests.factories import UserFactory

        return UserFactory(
            username=username, role=role, projects=[project or self.project_a]
        )
