import datetime
from io import StringIO
from unittest import mock

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone, translation

from cases.models import Mentee, ProgrammePhase
from reports import compilation
from reports.compilation import compile_report, run_job
from reports.models import CompilationJob, Report, ReportRelease
from reports.statistics import Period
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory, quarter_dates


def admit(project: object, day: datetime.date = datetime.date(2026, 8, 3)) -> None:
    """One new participant of Q3 2026 in `project`."""
    CaseFactory(mentee=MenteeFactory(project=project), opened_on=day, admitted_on=day)


class CompileReportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for _ in range(4):
            admit(cls.project_a)

    def test_it_compiles_a_draft_of_the_quarter(self) -> None:
        report = compile_report(Period.quarter(2026, 3))
        self.assertEqual(report.status, Report.Status.DRAFT)
        self.assertEqual(report.data["figures"]["new_participants"], 4)
        self.assertEqual(report.data["period"]["start"], "2026-07-01")
        self.assertIsNotNone(report.compiled_at)

    def test_it_is_idempotent(self) -> None:
        first = compile_report(Period.quarter(2026, 3))
        second = compile_report(Period.quarter(2026, 3))
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(first.pk, second.pk)
        second.refresh_from_db()
        self.assertEqual(second.data, first.data)

    def test_it_never_changes_a_released_report_when_case_data_changes(self) -> None:
        report = compile_report(Period.quarter(2026, 3))
        release = report.release(by=self.zoe)
        published = release.data

        admit(self.project_b)
        report = compile_report(Period.quarter(2026, 3))

        release.refresh_from_db()
        self.assertEqual(release.data, published)
        self.assertEqual(release.data["figures"]["new_participants"], 4)
        # The new figures wait as a correction; release 1 stays current.
        self.assertEqual(report.data["figures"]["new_participants"], 5)
        self.assertTrue(report.correction_in_progress)
        self.assertEqual(report.current_release_id, release.pk)

    def test_it_leaves_a_released_report_released_when_nothing_changed(self) -> None:
        report = compile_report(Period.quarter(2026, 3))
        report.release(by=self.zoe)
        compiled_at = report.compiled_at

        report = compile_report(Period.quarter(2026, 3))

        self.assertTrue(report.is_released)
        self.assertEqual(report.compiled_at, compiled_at)

    def test_a_correction_is_release_2_with_its_reason_and_keeps_the_history(
        self,
    ) -> None:
        report = compile_report(Period.quarter(2026, 3))
        first = report.release(by=self.zoe)
        admit(self.project_b)
        report = compile_report(Period.quarter(2026, 3))

        with self.assertRaises(ValidationError):
            report.release(by=self.zoe, reason="  ")
        second = report.release(by=self.zoe, reason="Late entries of project B")

        self.assertEqual(second.number, 2)
        self.assertEqual(second.reason, "Late entries of project B")
        self.assertEqual(second.data["figures"]["new_participants"], 5)
        report.refresh_from_db()
        self.assertTrue(report.is_released)
        self.assertEqual(report.current_release, second)
        self.assertEqual(list(report.releases.values_list("number", flat=True)), [2, 1])
        first.refresh_from_db()
        self.assertEqual(first.data["figures"]["new_participants"], 4)

    def test_it_refuses_to_release_twice_or_while_compiling(self) -> None:
        report = compile_report(Period.quarter(2026, 3))
        CompilationJob.objects.create(**quarter_dates(2026, 3))
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        with self.assertRaisesMessage(ValidationError, "still running"):
            report.release(by=self.zoe)
        CompilationJob.objects.update(state=CompilationJob.State.DONE)
        report.release(by=self.zoe)
        with self.assertRaisesMessage(ValidationError, "already released"):
            report.release(by=self.zoe)
        self.assertEqual(ReportRelease.objects.count(), 1)

    def test_it_stores_german_labels_whatever_the_language(self) -> None:
        with translation.override("de"):
            male = str(Mentee.Gender.MALE.label)
        with translation.override("en"):
            report = compile_report(Period.quarter(2026, 3))
        (table,) = [t for t in report.data["tables"] if t["dimension"] == "gender"]
        self.assertIn(male, [row["label"] for row in table["rows"]])

    def test_the_command_calls_the_same_function(self) -> None:
        target = "reports.management.commands.compile_report.compile_report"
        with mock.patch(target, wraps=compile_report) as spy:
            call_command("compile_report", "2026", "3", stdout=mock.Mock())
        spy.assert_called_once_with(Period.quarter(2026, 3))
        self.assertEqual(Report.objects.get().period, Period.quarter(2026, 3))


class RunJobTest(BaseTestCase):
    def test_it_records_state_progress_and_the_report(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2026, 2))
        seen = []
        with mock.patch.object(
            CompilationJob,
            "report_progress",
            autospec=True,
            side_effect=lambda job, text: seen.append(text),
        ):
            run_job(job.pk, task_id="t1")
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.DONE)
        self.assertEqual(job.attempts, 1)
        self.assertEqual(job.task_id, "t1")
        self.assertEqual(job.report, Report.objects.get(**quarter_dates(2026, 2)))
        self.assertIsNotNone(job.started_at)
        self.assertIsNotNone(job.finished_at)
        self.assertEqual(job.progress, "Done")
        self.assertEqual(
            seen,
            ["Computing the figures", "Protecting the figures", "Saving the report"],
        )

    def test_it_does_nothing_for_a_finished_job(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 2), state=CompilationJob.State.DONE
        )
        self.assertIsNone(run_job(job.pk))
        self.assertFalse(Report.objects.exists())

    def test_it_leaves_a_job_to_the_live_worker_that_holds_it(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 2),
            state=CompilationJob.State.RUNNING,
            task_id="other",
            heartbeat_at=timezone.now(),
            attempts=1,
        )
        self.assertIsNone(run_job(job.pk, task_id="mine"))
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.RUNNING)
        self.assertFalse(Report.objects.exists())

    @override_settings(REPORTS_JOB_STALE_AFTER=60)
    def test_it_takes_over_a_job_whose_worker_died(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 2),
            state=CompilationJob.State.RUNNING,
            task_id="other",
            heartbeat_at=timezone.now() - datetime.timedelta(seconds=61),
            attempts=1,
        )
        run_job(job.pk, task_id="mine")
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.DONE)
        self.assertEqual(job.attempts, 2)

    def test_it_takes_over_its_own_redelivered_message(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 2),
            state=CompilationJob.State.RUNNING,
            task_id="same",
            heartbeat_at=timezone.now(),
            attempts=1,
        )
        run_job(job.pk, task_id="same")
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.DONE)

    def test_it_gives_up_after_too_many_attempts(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 2), attempts=compilation.MAX_ATTEMPTS
        )
        self.assertIsNone(run_job(job.pk))
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.FAILED)
        self.assertIn("Gave up", job.error)

    def test_it_fails_the_job_with_the_error(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2026, 2))
        with (
            mock.patch.object(compilation, "report_data", side_effect=ValueError("x")),
            self.assertLogs("reports.compilation", "ERROR"),
        ):
            run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.state, CompilationJob.State.FAILED)
        self.assertEqual(job.error, "ValueError: x")
        self.assertFalse(Report.objects.exists())


class ReportPeriodsTest(BaseTestCase):
    """Years, phases and phases to date: each counted over its own range."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.phase = ProgrammePhase.objects.get(start=datetime.date(2020, 1, 1))
        # One person accompanied through 2021 and 2022, one in 2022 only.
        CaseFactory(
            opened_on=datetime.date(2021, 3, 1),
            admitted_on=datetime.date(2021, 3, 1),
            closed_on=datetime.date(2022, 6, 30),
        )
        CaseFactory(
            opened_on=datetime.date(2022, 2, 1), admitted_on=datetime.date(2022, 2, 1)
        )

    def test_a_year_counts_each_person_once(self) -> None:
        report = compile_report(Period.year(2022))
        self.assertEqual((report.kind, report.phase), (Report.Kind.YEAR, None))
        self.assertEqual(report.title, "Jahresbericht 2022")
        quarters = [
            compile_report(Period.quarter(2022, q)).data["figures"]["participants"]
            for q in (1, 2, 3, 4)
        ]
        self.assertEqual(report.data["figures"]["participants"], 2)
        self.assertGreater(sum(quarters), 2)  # the quarters would count twice

    def test_a_phase_and_a_phase_to_date(self) -> None:
        whole = compile_report(Period.phase(self.phase))
        to_date = compile_report(Period(self.phase.start, datetime.date(2021, 12, 31)))
        self.assertEqual((whole.kind, whole.phase), (Report.Kind.PHASE, self.phase))
        self.assertEqual(whole.title, "Phasenbericht Zweite Förderphase")
        self.assertEqual(to_date.kind, Report.Kind.PHASE_TO_DATE)
        self.assertEqual(
            to_date.title, "Zwischenbericht Zweite Förderphase bis Q4 2021"
        )
        self.assertEqual(whole.data["figures"]["participants"], 2)
        self.assertEqual(to_date.data["figures"]["participants"], 1)
        self.assertEqual(
            to_date.data["period"],
            {"start": "2020-01-01", "end": "2021-12-31", "label": to_date.period.label},
        )

    @time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
    def test_a_free_range_is_refused_in_german_and_nothing_compiled(self) -> None:
        for period, message in (
            (
                Period(datetime.date(2022, 1, 1), datetime.date(2022, 3, 30)),
                "nichts davon",
            ),
            (
                Period(datetime.date(2020, 1, 1), datetime.date(2021, 11, 30)),
                "nichts davon",
            ),
            (Period.quarter(2099, 1), "noch nicht abgeschlossen"),
            (
                Period.phase(
                    ProgrammePhase.objects.get(start=datetime.date(2025, 1, 1))
                ),
                "noch nicht abgeschlossen",
            ),
        ):
            with (
                self.subTest(period=period),
                self.assertRaises(ValidationError) as error,
            ):
                compile_report(period)
            self.assertIn(message, error.exception.messages[0])
        self.assertFalse(Report.objects.exists())

    def test_the_command_compiles_years_and_phases(self) -> None:
        out = StringIO()
        call_command("compile_report", "2022", stdout=out)
        call_command("compile_report", "--phase", self.phase.name, stdout=out)
        call_command(
            "compile_report",
            "--phase",
            self.phase.name,
            "--until",
            "2022-12-31",
            stdout=out,
        )
        self.assertEqual(
            sorted(Report.objects.values_list("kind", flat=True)),
            ["phase", "phase_to_date", "year"],
        )
        self.assertIn(
            "Zwischenbericht Zweite Förderphase bis Q4 2022: draft", out.getvalue()
        )
        with self.assertRaisesMessage(CommandError, "nichts davon"):
            call_command(
                "compile_report", "--phase", self.phase.name, "--until", "2022-11-30"
            )
