"""Compilations through a real Celery worker (in a thread) on a real Redis."""

import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from reports import tasks
from reports.models import CompilationJob, JobState, Report
from reports.statistics import Period
from tests.factories import CaseFactory, UserFactory, quarter_dates
from tests.reports.support import (
    REDIS_URL,
    SeededTransactionTestCase,
    broker,
    purge,
    wait_for,
    worker,
)

pytestmark = [pytest.mark.celery]


def job_state(job: CompilationJob) -> str:
    job.refresh_from_db()
    return job.state


class WorkerTest(SeededTransactionTestCase):
    def setUp(self) -> None:
        purge()

    def test_a_worker_compiles_the_requested_quarter(self) -> None:
        CaseFactory.create_batch(4)
        with broker(REDIS_URL), worker():
            job = tasks.request_compilation(
                period=Period.quarter(2024, 1)
            )  # sent at once
            wait_for(lambda: job_state(job) == JobState.DONE)
        self.assertEqual(job.attempts, 1)
        report = Report.objects.get()
        self.assertEqual(job.report, report)
        self.assertEqual(report.data["figures"]["participants"], 4)

    def test_a_duplicate_message_compiles_once(self) -> None:
        with broker(REDIS_URL), worker():
            job = tasks.request_compilation(period=Period.quarter(2024, 1))
            tasks.compile_report.delay(job.pk)
            wait_for(lambda: job_state(job) == JobState.DONE)
            time.sleep(1)  # the second message is handled (and dropped)
        job.refresh_from_db()
        self.assertEqual(job.attempts, 1)
        self.assertEqual(Report.objects.count(), 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own, to stop and start like a broker outage."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10)

    def answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.mark.slow
class BrokerOutageTest(SeededTransactionTestCase):
    def test_a_job_requested_while_the_broker_is_down_runs_when_it_is_back(
        self,
    ) -> None:
        zoe = UserFactory(username="zoe", role="zefas")
        self.client.force_login(zoe)
        redis = PrivateRedis()
        redis.start()
        redis.stop()
        try:
            with broker(redis.url):
                with self.assertLogs("reports.tasks", "WARNING"):
                    response = self.client.post(
                        reverse("reports:report_compile"),
                        {"period": "2024-01-01_2024-03-31"},
                        follow=True,
                    )
                self.assertContains(
                    response, "Die Berechnung von Q1 2024 ist beauftragt."
                )
                self.assertContains(response, "in der Warteschlange")
                self.assertNotContains(response, "laufend")
                job = CompilationJob.objects.get()
                self.assertEqual(job.state, JobState.PENDING)
                self.assertIsNone(job.enqueued_at)

                redis.start()
                with worker():
                    self.assertEqual(tasks.sweep_pending_jobs(), 1)
                    wait_for(lambda: job_state(job) == JobState.DONE)
        finally:
            redis.stop()
        self.assertEqual(job.attempts, 1)
        self.assertTrue(Report.objects.filter(**quarter_dates(2024, 1)).exists())
