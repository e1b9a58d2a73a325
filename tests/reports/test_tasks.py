import datetime
import time
from unittest import mock

import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import ProgrammePhase
from mentoring.celery import app
from reports import tasks
from reports.compilation import compile_report
from reports.models import CompilationJob, ExportJob, JobState, Report
from reports.statistics import Period
from tests.base import BaseTestCase
from tests.factories import quarter_dates
from tests.reports.support import CLOSED_PORT_URL, broker

OLD = timezone.now() - datetime.timedelta(hours=1)


class RequestCompilationTest(BaseTestCase):
    def test_it_creates_a_job_and_runs_it_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            job = tasks.request_compilation(
                period=Period.quarter(2025, 4), user=self.zoe
            )
            self.assertEqual(job.state, JobState.PENDING)
        self.assertEqual(len(callbacks), 1)
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.DONE)
        self.assertEqual(job.requested_by, self.zoe)
        self.assertIsNotNone(job.enqueued_at)
        self.assertTrue(Report.objects.filter(**quarter_dates(2025, 4)).exists())

    def test_a_second_request_joins_the_queued_job(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            first = tasks.request_compilation(
                period=Period.quarter(2025, 4), user=self.zoe
            )
            second = tasks.request_compilation(
                period=Period.quarter(2025, 4), user=self.zoe
            )
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(CompilationJob.objects.count(), 1)

    def test_the_task_is_idempotent(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2025, 4))
        tasks.compile_report.delay(job.pk)
        tasks.compile_report.delay(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.DONE)
        self.assertEqual(job.attempts, 1)
        self.assertEqual(Report.objects.count(), 1)

    def test_the_task_survives_a_worker_crash_and_retries_database_outages(
        self,
    ) -> None:
        task = tasks.compile_report
        self.assertTrue(task.acks_late)
        self.assertTrue(task.reject_on_worker_lost)
        from django.db import OperationalError

        self.assertIn(OperationalError, task.autoretry_for)


class BrokerDownTest(BaseTestCase):
    def test_the_user_is_told_queued_and_the_job_stays_pending(self) -> None:
        self.client.force_login(self.zoe)
        started = time.monotonic()
        with (
            broker(CLOSED_PORT_URL),
            self.assertLogs("reports.tasks", "WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(
                reverse("reports:report_compile"),
                {"period": "2025-10-01_2025-12-31"},
                follow=True,
            )
        elapsed = time.monotonic() - started

        self.assertEqual(response.status_code, 200)
        job = CompilationJob.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        self.assertContains(response, "Warteschlange")  # "queued" in German
        self.assertEqual(job.state, JobState.PENDING)
        self.assertIsNone(job.enqueued_at)  # the sweeper sends it
        self.assertFalse(Report.objects.exists())
        self.assertLess(elapsed, 15)


class SweeperTest(BaseTestCase):
    def sweep(self) -> list[int]:
        with mock.patch.object(tasks.compile_report, "delay") as delay:
            sent = tasks.sweep_pending_jobs()
        self.assertEqual(sent, delay.call_count)
        return sorted(call.args[0] for call in delay.call_args_list)

    def test_it_sends_jobs_that_were_never_sent_or_wait_too_long(self) -> None:
        unsent = CompilationJob.objects.create(**quarter_dates(2025, 1))
        waiting = CompilationJob.objects.create(
            **quarter_dates(2025, 2), enqueued_at=OLD
        )
        CompilationJob.objects.create(
            **quarter_dates(2025, 3), enqueued_at=timezone.now()
        )  # just sent: the worker may be busy
        CompilationJob.objects.create(
            **quarter_dates(2025, 4), state=JobState.DONE, enqueued_at=OLD
        )

        self.assertEqual(self.sweep(), [unsent.pk, waiting.pk])
        waiting.refresh_from_db()
        self.assertGreater(waiting.enqueued_at, OLD)

    def test_it_sends_again_running_jobs_whose_worker_went_silent(self) -> None:
        stale = CompilationJob.objects.create(
            **quarter_dates(2025, 1), state=JobState.RUNNING, heartbeat_at=OLD
        )
        CompilationJob.objects.create(
            **quarter_dates(2025, 2),
            state=JobState.RUNNING,
            heartbeat_at=timezone.now(),
        )
        self.assertEqual(self.sweep(), [stale.pk])

    def test_a_sent_job_runs_to_the_end(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2025, 1))
        self.assertEqual(tasks.sweep_pending_jobs(), 1)  # eager: runs at once
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.DONE)

    def test_it_sends_export_jobs_too(self) -> None:
        report = compile_report(Period.quarter(2025, 1))
        release = report.release(by=self.zoe)
        export = ExportJob.objects.create(release=release, format="csv")
        with mock.patch.object(tasks.build_export, "delay") as delay:
            self.assertEqual(tasks.sweep_pending_jobs(), 1)
        delay.assert_called_once_with(export.pk)

    def test_when_the_broker_is_still_down_the_job_stays_pending(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2025, 1), enqueued_at=OLD)
        with broker(CLOSED_PORT_URL), self.assertLogs("reports.tasks", "WARNING"):
            self.assertEqual(tasks.sweep_pending_jobs(), 0)
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.PENDING)
        self.assertIsNone(job.enqueued_at)


def only_the_second_phase() -> ProgrammePhase:
    """The phase 2020-2024, the only one (named "Zweite Phase")."""
    ProgrammePhase.objects.all().delete()
    return ProgrammePhase.objects.create(
        name="Zweite Phase",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2024, 12, 31),
    )


class ScheduleTest(BaseTestCase):
    @time_machine.travel(datetime.datetime(2026, 10, 1, 2, 0, tzinfo=datetime.UTC))
    def test_it_compiles_the_quarter_just_ended(self) -> None:
        ProgrammePhase.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            (job_id,) = tasks.compile_last_quarter()
        job = CompilationJob.objects.get(pk=job_id)
        self.assertEqual(job.period, Period.quarter(2026, 3))
        self.assertIsNone(job.requested_by)
        self.assertEqual(job.state, JobState.DONE)

    @time_machine.travel(datetime.datetime(2023, 1, 1, 2, 0, tzinfo=datetime.UTC))
    def test_after_a_year_it_compiles_the_year_and_the_phase_to_date(self) -> None:
        phase = only_the_second_phase()
        with mock.patch.object(tasks.compile_report, "delay"):
            job_ids = tasks.compile_last_quarter()
        jobs = CompilationJob.objects.filter(pk__in=job_ids).order_by("pk")
        self.assertEqual(
            [job.period for job in jobs],
            [
                Period.quarter(2022, 4),
                Period.year(2022),
                Period(phase.start, datetime.date(2022, 12, 31)),
            ],
        )
        self.assertEqual(
            [job.period_label for job in jobs],
            ["Q4 2022", "2022", "Zweite Phase bis Q4 2022"],
        )

    @time_machine.travel(datetime.datetime(2025, 1, 1, 2, 0, tzinfo=datetime.UTC))
    def test_after_a_phase_ends_it_compiles_the_whole_phase(self) -> None:
        phase = only_the_second_phase()
        self.assertEqual(
            tasks.periods_ending_with(Period.quarter(2024, 4)),
            [Period.quarter(2024, 4), Period.year(2024), Period.phase(phase)],
        )

    @time_machine.travel(datetime.datetime(2027, 1, 1, 2, 0, tzinfo=datetime.UTC))
    def test_in_january_it_compiles_the_fourth_quarter(self) -> None:
        self.assertEqual(tasks.last_quarter(timezone.localdate()), (2026, 4))

    @time_machine.travel(datetime.datetime(2026, 10, 1, 2, 0, tzinfo=datetime.UTC))
    def test_it_leaves_a_released_report_alone(self) -> None:
        ProgrammePhase.objects.all().delete()
        compile_report(Period.quarter(2026, 3)).release(by=self.zoe)
        self.assertEqual(tasks.compile_last_quarter(), [])
        self.assertFalse(CompilationJob.objects.exists())

    def test_it_refreshes_every_draft_and_no_released_report(self) -> None:
        compile_report(Period.quarter(2025, 1))
        compile_report(Period.quarter(2025, 2)).release(by=self.zoe)
        with mock.patch.object(tasks.compile_report, "delay"):
            job_ids = tasks.refresh_drafts()
        jobs = CompilationJob.objects.filter(pk__in=job_ids)
        self.assertEqual([j.period for j in jobs], [Period.quarter(2025, 1)])

    def test_it_leaves_a_superseded_phase_to_date_draft_alone(self) -> None:
        phase = only_the_second_phase()
        compile_report(Period(phase.start, datetime.date(2021, 12, 31)))
        compile_report(Period(phase.start, datetime.date(2022, 12, 31)))
        with mock.patch.object(tasks.compile_report, "delay"):
            job_ids = tasks.refresh_drafts()
        jobs = CompilationJob.objects.filter(pk__in=job_ids)
        self.assertEqual(
            [j.period for j in jobs], [Period(phase.start, datetime.date(2022, 12, 31))]
        )

    def test_the_beat_schedule_names_registered_tasks(self) -> None:
        schedule = settings.CELERY_BEAT_SCHEDULE
        app.loader.import_default_modules()
        for entry in schedule.values():
            self.assertIn(entry["task"], app.tasks)
        self.assertEqual(
            schedule["compile-last-quarter"]["schedule"].month_of_year, {1, 4, 7, 10}
        )

    @override_settings(REPORTS_JOB_PENDING_AFTER=0)
    def test_pending_after_zero_sends_every_pending_job(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2025, 1), enqueued_at=timezone.now()
        )
        with mock.patch.object(tasks.compile_report, "delay") as delay:
            tasks.sweep_pending_jobs()
        delay.assert_called_once_with(job.pk)
