"""The morning reminders through a real Celery worker (in a thread) on Redis,
with the mails read from `mail.outbox`."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from mentoring.celery import app
from reminders import tasks
from reminders.models import SentDigest
from tests.factories import CaseFactory, MenteeFactory, ProjectFactory, UserFactory
from tests.reports.support import (
    REDIS_URL,
    SeededTransactionTestCase,
    broker,
    purge,
    wait_for,
    worker,
)

pytestmark = [pytest.mark.celery]

MONDAY = datetime.datetime(2026, 12, 7, 6, tzinfo=ZoneInfo("Europe/Berlin"))


class ReminderWorkerTest(SeededTransactionTestCase):
    def setUp(self) -> None:
        purge()

    def test_beat_runs_the_task_every_morning(self) -> None:
        entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
        self.assertEqual(entry["task"], "reminders.tasks.send_reminders")
        self.assertIn(entry["task"], app.tasks)
        self.assertEqual((entry["schedule"].hour, entry["schedule"].minute), ({6}, {0}))

    def test_a_worker_sends_each_due_digest_once(self) -> None:
        project = ProjectFactory(name="Projekt A")
        alice = UserFactory(username="alice", role="mentor", projects=[project])
        lena = UserFactory(username="lena", role="project_lead", projects=[project])
        mentee = MenteeFactory(project=project, first_name="Amira", last_name="Haddad")
        CaseFactory(mentee=mentee, mentor=alice, opened_on=datetime.date(2026, 9, 1))
        with time_machine.travel(MONDAY, tick=True), broker(REDIS_URL), worker():
            tasks.send_reminders.delay()
            tasks.send_reminders.delay()  # a second run, as after a redelivery
            wait_for(lambda: len(mail.outbox) == 2)
            time.sleep(1)  # the second message is handled (and sends nothing)
        self.assertEqual(len(mail.outbox), 2)
        personal, team = sorted(mail.outbox, key=lambda m: "Team" in m.subject)
        self.assertEqual(personal.to, [alice.email])
        self.assertEqual(
            personal.subject, "Mentoring: 1 Erinnerung für die Woche ab 07.12.2026"
        )
        self.assertIn(mentee.code, personal.body)
        self.assertEqual(team.to, [lena.email])
        self.assertIn("(alice): 0 / 0 / 1", team.body)
        for message in (personal, team):
            self.assertNotIn("Haddad", message.body)
        self.assertEqual(
            SentDigest.objects.filter(items__gt=0).count(), 2, "recorded once each"
        )
