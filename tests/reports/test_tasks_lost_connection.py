"""PostgreSQL drops the worker's connection mid-job: the job retries and finishes.

A real `celery worker` on the test database and Redis, slowed down by
REPORTS_COMPILE_TEST_DELAY; while it waits, the test ends the worker's
database backend with pg_terminate_backend. The worker's next query fails;
the task closes the dead connection, puts the job back to pending on a fresh
one, and Celery retries it within seconds.
"""

import signal

import pytest
from django.db import connection

from reports import compilation, exports, tasks
from reports.models import ExportJob, JobState, Report
from reports.statistics import Period
from tests.factories import CaseFactory, UserFactory
from tests.reports.support import REDIS_URL, SeededTransactionTestCase, broker, purge
from tests.reports.test_tasks_worker_kill import start_worker_process, stop, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.slow]


def terminate_other_backends() -> int:
    """End every other connection to the test database (the worker's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def run_with_cut_connection(job) -> None:
    def running() -> bool:
        job.refresh_from_db()
        return job.state == JobState.RUNNING

    wait_for(running, 60, "the worker to start the job")
    assert terminate_other_backends() >= 1

    def done() -> bool:
        job.refresh_from_db()
        return job.state in (JobState.DONE, JobState.FAILED)

    wait_for(done, 60, "the job to finish after the lost connection")


class LostConnectionTest(SeededTransactionTestCase):
    def test_a_compilation_finishes_by_itself(self) -> None:
        purge()
        CaseFactory.create_batch(3)
        worker = start_worker_process("lostdb", REPORTS_COMPILE_TEST_DELAY="3")
        try:
            with broker(REDIS_URL):
                job = tasks.request_compilation(period=Period.quarter(2024, 1))
            run_with_cut_connection(job)
        finally:
            stop(worker, signal.SIGKILL)
        self.assertEqual(job.state, JobState.DONE, job.error)
        self.assertEqual(job.attempts, 2)
        self.assertEqual(Report.objects.get().data["figures"]["participants"], 3)

    def test_an_export_finishes_by_itself(self) -> None:
        purge()
        CaseFactory.create_batch(3)
        zoe = UserFactory(username="zoe-lost", role="zefas")
        report = compilation.compile_report(Period.quarter(2024, 1))
        release = report.release(by=zoe)
        worker = start_worker_process("lostdb-export", REPORTS_COMPILE_TEST_DELAY="3")
        try:
            with broker(REDIS_URL):
                job = tasks.request_export(release=release, format="csv", user=zoe)
            run_with_cut_connection(job)
        finally:
            stop(worker, signal.SIGKILL)
        job = ExportJob.objects.get(pk=job.pk)
        self.assertEqual(job.state, JobState.DONE, job.error)
        self.assertEqual(job.attempts, 2)
        self.assertEqual(bytes(job.content), exports.build(release, "csv"))
