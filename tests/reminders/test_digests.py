"""The reminder digests: what goes into a mentor's and a lead's e-mail, that the
e-mail carries codes and links only, who gets one when, and that each goes
out once per period."""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cases.forms import user_label
from reminders import digests
from reminders.models import ReminderSettings, SentDigest
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    UserFactory,
)

MONDAY = datetime.date(2026, 12, 7)


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(
        datetime.datetime.combine(
            day, datetime.time(6), tzinfo=ZoneInfo("Europe/Berlin")
        ),
        tick=False,
    )


def days(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=n)


@override_settings(SITE_URL="https://mentoring.example.org")
class DigestTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.amira = MenteeFactory(
            project=cls.project_a,
            first_name="Amira",
            last_name="Haddad",
            residence_status="duldung",
        )
        cls.case = CaseFactory(mentee=cls.amira, mentor=cls.alice, opened_on=days(-90))
        MeetingFactory(
            case=cls.case,
            date=days(-10),
            notes="Vertraulich: Gespräch über die Duldung",
            next_step="Anwalt anrufen",
            next_step_due_on=days(-2),
        )
        MeetingFactory(
            case=cls.case,
            date=days(-10),
            next_step="Bewerbung abschicken",
            next_step_due_on=days(4),
        )
        MeetingFactory(  # due after the week: not in the weekly digest
            case=cls.case, date=days(-10), next_step="Später", next_step_due_on=days(9)
        )
        MeetingFactory(  # done: never in a digest
            case=cls.case,
            date=days(-10),
            next_step="Erledigt",
            next_step_due_on=days(-3),
            next_step_done=True,
        )
        IntegrationStepFactory(
            case=cls.case, description="Sprachkurs B1 anmelden", due_on=days(1)
        )
        cls.omar = MenteeFactory(
            project=cls.project_a, first_name="Omar", last_name="Nasser"
        )
        CaseFactory(mentee=cls.omar, mentor=cls.alice, opened_on=days(-90))
        # A colleague's case in the same project, and a case of project B.
        cls.carla = UserFactory(
            username="carla", role="mentor", projects=[cls.project_a]
        )
        cls.carlas = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.carla
        )
        MeetingFactory(
            case=cls.carlas,
            date=days(-40),
            next_step="Carlas Schritt",
            next_step_due_on=days(-1),
        )
        CaseFactory(mentee=MenteeFactory(project=cls.project_b), mentor=cls.bob)

    def personal(self, until: datetime.date) -> digests.PersonalDigest:
        alice = User.objects.get(pk=self.alice.pk)  # as the job loads her
        return digests.personal_digest(alice, today=MONDAY, until=until)

    def test_it_collects_what_is_due_in_the_mentors_own_cases(self) -> None:
        digest = self.personal(until=days(6))
        amira_url = f"https://mentoring.example.org/mentees/{self.amira.pk}/"
        self.assertEqual(
            [(e.code, e.day, e.overdue, e.url) for e in digest.next_steps.entries],
            [
                (self.amira.code, days(-2), True, amira_url),
                (self.amira.code, days(4), False, amira_url),
            ],
        )
        self.assertEqual([e.day for e in digest.steps.entries], [days(1)])
        # Omar has never been met since his case opened 90 days ago.
        self.assertEqual(
            [(e.code, e.day) for e in digest.quiet.entries], [(self.omar.code, None)]
        )
        self.assertEqual(len(digest), 4)

    def test_a_daily_digest_holds_what_is_due_today(self) -> None:
        digest = self.personal(until=MONDAY)
        self.assertEqual([e.day for e in digest.next_steps.entries], [days(-2)])
        self.assertEqual(digest.steps.entries, [])

    def test_it_lists_unread_feedback_with_a_link_to_it(self) -> None:
        meeting = self.case.meetings.first()
        feedback = FeedbackFactory(meeting=meeting, author=self.lena)
        FeedbackFactory(meeting=meeting, author=self.lena, read_at=timezone.now())
        entries = self.personal(until=MONDAY).feedback.entries
        self.assertEqual(len(entries), 1)
        self.assertTrue(entries[0].url.endswith(f"#feedback-{feedback.pk}"))

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        # The user's roles (for the access rule), then one query per list.
        alice = User.objects.get(pk=self.alice.pk)
        with self.assertNumQueries(5):
            digests.personal_digest(alice, today=MONDAY, until=days(6))
        for _ in range(30):
            case = CaseFactory(
                mentee=MenteeFactory(project=self.project_a),
                mentor=self.alice,
                opened_on=days(-90),
            )
            MeetingFactory(case=case, next_step="Anrufen", next_step_due_on=days(-1))
            IntegrationStepFactory(case=case, due_on=days(-1))
        alice = User.objects.get(pk=self.alice.pk)
        with self.assertNumQueries(5):
            digest = digests.personal_digest(alice, today=MONDAY, until=days(6))
        self.assertEqual(len(digest.next_steps), digests.LIST_CAP)
        self.assertTrue(digest.next_steps.more)

    def test_the_email_carries_codes_dates_and_links_only(self) -> None:
        FeedbackFactory(
            meeting=self.case.meetings.first(),
            author=self.lena,
            text="Bitte Frau Haddad anrufen",
        )
        digest = self.personal(until=days(6))
        email = digests.message(self.alice, "personal", digest)
        text = email.subject + email.body
        self.assertEqual(email.to, ["alice@example.org"])
        self.assertEqual(
            email.subject, "Mentoring: 5 Erinnerungen für die Woche ab 07.12.2026"
        )
        self.assertIn(f"- {self.amira.code}, fällig 05.12.2026 (überfällig): ", text)
        self.assertIn(f"https://mentoring.example.org/mentees/{self.amira.pk}/", text)
        self.assertIn("Seit 30 Tagen ohne Kontakt (1)", text)
        self.assertIn("https://mentoring.example.org/reminders/", text)
        for secret in (
            "Amira",
            "Haddad",
            "Omar",
            "Nasser",
            "Duldung",
            "Vertraulich",
            "Anwalt",
            "Sprachkurs",
            "Bewerbung abschicken",
        ):
            self.assertNotIn(secret, text)

    def test_the_team_digest_counts_per_member_and_lists_quiet_follow_up(self) -> None:
        follow = CaseFactory(
            mentee=MenteeFactory(project=self.project_a, last_name="Tesfaye"),
            mentor=self.alice,
            opened_on=days(-200),
            status="follow_up",
        )
        MeetingFactory(case=follow, date=days(-45))
        digest = digests.team_digest(self.lena, today=MONDAY)
        (team,) = digest.teams
        self.assertEqual(team.project, "Projekt A")
        rows = {row.name: row for row in team.members}
        alice, carla = rows[user_label(self.alice)], rows[user_label(self.carla)]
        self.assertEqual((alice.overdue_next_steps, alice.overdue_steps), (1, 0))
        self.assertEqual(alice.quiet, 2)  # Omar and the follow-up case
        self.assertEqual((carla.overdue_next_steps, carla.quiet), (1, 1))
        self.assertEqual(rows[user_label(self.lena)].quiet, 0)
        self.assertEqual(
            [(e.code, e.day) for e in team.follow_up_quiet.entries],
            [(follow.mentee.code, days(-45))],
        )
        email = digests.message(self.lena, "team", digest)
        self.assertEqual(
            email.subject, "Mentoring: Ihr Team in der Woche ab 07.12.2026"
        )
        self.assertIn("== Projekt A ==", email.body)
        self.assertIn(
            f"- {follow.mentee.code} · {user_label(self.alice)}, ", email.body
        )
        self.assertNotIn("Tesfaye", email.body)


class DueTestCase(BaseTestCase):
    """Who gets what on which day, and each digest once."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for mentor in (cls.alice, cls.lena):
            CaseFactory(
                mentee=MenteeFactory(project=cls.project_a),
                mentor=mentor,
                opened_on=days(-90),
            )  # never met: always something in the digest

    def send(self, day: datetime.date) -> dict[str, int]:
        with at(day):
            return digests.send_due_digests(day)

    def recipients_of(self, kind: str) -> list[str]:
        """Who got e-mails of `kind` (the team digest's subject names the team)."""
        team = kind == "team"
        return sorted(
            m.to[0].removesuffix("@example.org")
            for m in mail.outbox
            if ("Ihr Team" in m.subject) == team
        )

    def test_weekly_digests_go_out_once_on_the_first_run_of_the_week(self) -> None:
        self.assertEqual(self.send(MONDAY), {"personal": 2, "team": 1, "failed": 0})
        self.assertEqual(self.recipients_of("personal"), ["alice", "lena"])
        self.assertEqual(self.recipients_of("team"), ["lena"])
        self.assertEqual(self.send(MONDAY), {"personal": 0, "team": 0, "failed": 0})
        self.assertEqual(self.send(days(3)), {"personal": 0, "team": 0, "failed": 0})
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(self.send(days(7))["personal"], 2)

    def test_a_missed_monday_is_caught_up_later_in_the_week(self) -> None:
        self.assertEqual(self.send(days(2)), {"personal": 2, "team": 1, "failed": 0})
        sent = SentDigest.objects.filter(period_start=MONDAY, items__gt=0)
        self.assertEqual(sent.count(), 3)

    def test_daily_digests_go_out_on_working_days(self) -> None:
        ReminderSettings.objects.create(user=self.alice, frequency="daily")
        ReminderSettings.objects.create(
            user=self.lena, frequency="off", team_digest=False
        )
        sent = [self.send(days(n))["personal"] for n in range(7)]
        self.assertEqual(sent, [1, 1, 1, 1, 1, 0, 0])
        self.assertEqual(self.recipients_of("personal"), ["alice"] * 5)
        self.assertEqual(self.recipients_of("team"), [])

    def test_nothing_due_sends_nothing_but_counts_as_done(self) -> None:
        with at(MONDAY):
            MeetingFactory(case=self.alice.cases.get(), date=days(-1))
        self.assertEqual(self.send(MONDAY)["personal"], 1)  # lena only
        self.assertEqual(
            SentDigest.objects.get(user=self.alice, kind="personal").items, 0
        )
        self.assertEqual(self.send(days(1))["personal"], 0)

    def test_it_skips_other_roles_inactive_users_and_missing_addresses(self) -> None:
        self.alice.email = ""
        self.alice.save()
        UserFactory(
            username="inactive",
            role="mentor",
            projects=[self.project_a],
            is_active=False,
        )
        self.assertEqual(self.send(MONDAY), {"personal": 1, "team": 1, "failed": 0})
        self.assertEqual(self.recipients_of("personal"), ["lena"])

    def test_a_failed_email_is_logged_and_sent_on_the_next_run(self) -> None:
        with (
            mock.patch.object(
                digests.EmailMessage, "send", side_effect=ConnectionRefusedError
            ),
            self.assertLogs("reminders.digests", "ERROR"),
        ):
            self.assertEqual(self.send(MONDAY)["failed"], 3)
        self.assertFalse(SentDigest.objects.filter(items__gt=0).exists())
        self.assertEqual(self.send(MONDAY), {"personal": 2, "team": 1, "failed": 0})


class CommandTestCase(BaseTestCase):
    def test_the_command_sends_what_the_job_sends(self) -> None:
        CaseFactory(
            mentee=MenteeFactory(project=self.project_a),
            mentor=self.alice,
            opened_on=days(-90),
        )
        out = io.StringIO()
        with at(MONDAY):
            call_command("send_reminders", stdout=out)
            call_command("send_reminders", stdout=io.StringIO())
        self.assertEqual(
            out.getvalue().strip(), "1 personal and 1 team digests sent, 0 failed."
        )
        self.assertEqual(len(mail.outbox), 2)
