"""Art. 15 export, consent with its withdrawal, retention with its holds and
nightly job, and the admin that is no back door."""

import datetime
import json
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, Mentee
from privacy import retention, tasks
from privacy.models import AccessLogEntry, Consent, Erasure, RetentionHold, RetentionRun
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory, UserFactory
from tests.privacy.support import NAME, mentee_with_texts

TODAY = datetime.datetime(2027, 7, 2, 10, 0, tzinfo=datetime.UTC)


class ExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = mentee_with_texts(cls.project_a, cls.alice)

    def test_it_downloads_everything_as_json_and_logs_it(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(
            reverse("privacy:mentee_export_json", args=[self.mentee.pk])
        )
        self.assertIn(
            f'filename="{self.mentee.code}.json"', response["Content-Disposition"]
        )
        data = json.loads(response.content)
        titles = [s["title"] for s in data["sections"]]
        self.assertEqual(
            titles,
            [
                "Stammdaten",
                "Begleitungen",
                "Kontakte",
                "Integrationsschritte",
                "Vermittlungen",
                "Arbeitgeberberatungen zur Person",
                "Einwilligungen",
                "Aufbewahrungsgründe",
                "Übergaben zwischen Projekten",
                "Kennungen in importierten Tabellen",
            ],
        )
        self.assertIn(NAME, response.content.decode())
        self.assertTrue(data["history"])
        self.assertEqual(AccessLogEntry.objects.get().action, "export_json")

    def test_it_writes_a_pdf(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(
            reverse("privacy:mentee_export_pdf", args=[self.mentee.pk])
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_the_command_writes_both_formats(self) -> None:
        with TemporaryDirectory() as folder:
            for fmt in ("json", "pdf"):
                target = Path(folder) / f"out.{fmt}"
                call_command(
                    "export_mentee",
                    self.mentee.code,
                    "--format",
                    fmt,
                    "--output",
                    str(target),
                    stdout=StringIO(),
                )
                self.assertGreater(target.stat().st_size, 1000)
            self.assertIn(NAME, (Path(folder) / "out.json").read_text())


class ConsentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a, first_name="Amira")
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.url = reverse("privacy:consent_withdraw", args=[cls.mentee.pk])

    def withdraw(self) -> object:
        self.client.force_login(self.alice)
        return self.client.post(
            self.url,
            {"withdrawn_on": "2024-05-02", "channel": "signed_form", "confirm": "on"},
            follow=True,
        )

    def test_a_withdrawal_closes_the_case_and_erases(self) -> None:
        response = self.withdraw()
        self.assertContains(response, "Widerruf erfasst")
        consent = Consent.objects.get(mentee=self.mentee)
        self.assertEqual(consent.withdrawn_on, datetime.date(2024, 5, 2))
        self.assertEqual(consent.withdrawal_recorded_by, self.alice)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(
            (case.closed_on, case.close_reason),
            (datetime.date(2024, 5, 2), "ended_by_mentee"),
        )
        self.assertEqual(Erasure.objects.get().source, Erasure.Source.WITHDRAWAL)
        self.assertEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "")

    def test_a_hold_restricts_processing_instead(self) -> None:
        RetentionHold.objects.create(
            mentee=self.mentee,
            reason="Prüfpflicht ESF",
            until=datetime.date(2099, 1, 1),
        )
        response = self.withdraw()
        self.assertContains(response, "eingeschränkt")
        self.assertFalse(Erasure.objects.exists())
        self.assertEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "Amira")
        response = self.client.get(reverse("cases:case_open", args=[self.mentee.pk]))
        response = self.client.post(
            reverse("cases:case_open", args=[self.mentee.pk]),
            {"opened_on": "2024-06-01", "mentor": self.alice.pk},
        )
        self.assertContains(response, "widerrufen")

    def test_it_refuses_a_withdrawal_before_the_consent(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url, {"withdrawn_on": "2019-01-01", "channel": "oral", "confirm": "on"}
        )
        self.assertContains(response, "nicht vor ihrer Erteilung")
        self.assertIsNone(Consent.objects.get(mentee=self.mentee).withdrawn_on)

    def test_no_mentee_is_created_without_consent(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("cases:mentee_create"),
            {
                "first_name": "Neu",
                "last_name": "Person",
                "date_of_birth": "1990-01-01",
                "gender": "female",
                "opened_on": "2024-03-01",
                "mentor": self.alice.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Mentee.objects.filter(first_name="Neu").exists())


@time_machine.travel(TODAY, tick=False)
class RetentionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Closed 30.06.2024: due on 01.07.2027 with three years.
        cls.old = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a),
            opened_on=datetime.date(2023, 1, 2),
            closed_on=datetime.date(2024, 6, 30),
        ).mentee
        cls.soon = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a),
            opened_on=datetime.date(2023, 1, 2),
            closed_on=datetime.date(2024, 7, 20),
        ).mentee
        cls.recent = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a),
            opened_on=datetime.date(2023, 1, 2),
            closed_on=datetime.date(2026, 1, 5),
        ).mentee

    def test_it_shows_who_is_due_in_the_next_30_days(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(reverse("privacy:retention"))
        due = {m.code: m.due_on for m in response.context["due"]}
        self.assertEqual(
            due,
            {
                self.old.code: datetime.date(2027, 7, 2),
                self.soon.code: datetime.date(2027, 7, 21),
            },
        )
        self.assertContains(response, "21.07.2027")

    def test_a_lead_records_a_hold_and_the_job_keeps_the_mentee(self) -> None:
        self.client.force_login(self.lena)
        url = reverse("privacy:hold_create", args=[self.old.pk])
        response = self.client.post(url, {"reason": "x", "until": "2020-01-01"})
        self.assertContains(response, "Vergangenheit")
        self.client.post(url, {"reason": "Prüfpflicht ESF+", "until": "2030-12-31"})
        hold = RetentionHold.objects.get()
        self.assertEqual(
            (hold.recorded_by, hold.until), (self.lena, datetime.date(2030, 12, 31))
        )
        run = retention.run()
        self.assertEqual((run.erased_codes, run.held), ([], 1))

    def test_the_nightly_job_erases_the_due_and_logs_the_run(self) -> None:
        result = tasks.erase_due_mentees.delay().get()
        self.assertEqual(result, {"erased": 1, "held": 0})
        run = RetentionRun.objects.get()
        self.assertEqual(run.erased_codes, [self.old.code])
        self.assertIsNotNone(run.finished_at)
        self.assertEqual(Erasure.objects.get().mentee, self.old)
        self.assertEqual(Erasure.objects.get().source, Erasure.Source.RETENTION)
        self.assertEqual(
            tasks.erase_due_mentees.delay().get(), {"erased": 0, "held": 0}
        )

    def test_it_is_scheduled_every_night(self) -> None:
        entry = settings.CELERY_BEAT_SCHEDULE["erase-due-mentees"]
        self.assertEqual(entry["task"], tasks.erase_due_mentees.name)
        self.assertEqual(settings.RETENTION_YEARS, 3)


class AdminTestCase(BaseTestCase):
    def test_staff_without_superuser_sees_no_personal_data(self) -> None:
        staff = UserFactory(username="staff", is_staff=True)
        staff.user_permissions.set(Permission.objects.all())
        mentee = MenteeFactory(project=self.project_a)
        self.client.force_login(staff)
        for name, args in (
            ("admin:cases_mentee_changelist", []),
            ("admin:cases_mentee_change", [mentee.pk]),
            ("admin:cases_meeting_changelist", []),
            ("admin:privacy_consent_changelist", []),
        ):
            self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 403)
        index = self.client.get(reverse("admin:index"))
        self.assertNotContains(index, "/admin/cases/mentee/")
        self.assertContains(index, "/admin/cases/project/")
        self.assertFalse(AccessLogEntry.objects.exists())

    def test_the_logs_are_read_only_and_mentees_cannot_be_deleted(self) -> None:
        mentee = MenteeFactory(project=self.project_a)
        self.client.force_login(self.root)
        self.client.get(reverse("admin:cases_mentee_change", args=[mentee.pk]))
        self.assertEqual(
            self.client.get(
                reverse("admin:cases_mentee_delete", args=[mentee.pk])
            ).status_code,
            403,
        )
        entry = AccessLogEntry.objects.latest("pk")
        for name in (
            "admin:privacy_accesslogentry_delete",
            "admin:privacy_accesslogentry_change",
        ):
            response = self.client.post(reverse(name, args=[entry.pk]))
            self.assertIn(response.status_code, (403, 200))
        self.assertTrue(AccessLogEntry.objects.filter(pk=entry.pk).exists())
