"""A worker process killed mid-compilation: the broker redelivers, the job ends once.

Two real `celery worker` processes on the test database and Redis. The first
is slowed down by REPORTS_COMPILE_TEST_DELAY (read only by compile_report,
set only here) and killed with SIGKILL while it compiles; its message was not
acknowledged (acks_late), so the second worker gets it again from Redis.
"""

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from mentoring.celery import app
from reports import tasks
from reports.models import JobState, Report
from reports.statistics import Period
from tests.factories import CaseFactory
from tests.reports.support import REDIS_URL, SeededTransactionTestCase, broker, purge

pytestmark = [pytest.mark.celery, pytest.mark.slow]

CELERY = Path(settings.BASE_DIR) / ".venv" / "bin" / "celery"
LOGS = Path(settings.BASE_DIR) / "test-artifacts"


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.25)


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def start_worker_process(name: str, **env: str) -> subprocess.Popen:
    LOGS.mkdir(exist_ok=True)
    log = (LOGS / f"celery-{name}.log").open("w")
    return subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "mentoring",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-n",
            f"{name}@%h",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own process group: SIGKILL reaches nothing of the test runner.
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(30)


class KilledWorkerTest(SeededTransactionTestCase):
    def test_the_job_is_redelivered_and_finishes_once(self) -> None:
        purge()
        CaseFactory.create_batch(3)
        slow = start_worker_process("slow", REPORTS_COMPILE_TEST_DELAY="60")
        second = None
        try:
            with broker(REDIS_URL):
                job = tasks.request_compilation(period=Period.quarter(2024, 1))

            def running() -> bool:
                job.refresh_from_db()
                return job.state == JobState.RUNNING

            wait_for(running, 60, "the first worker to start the job")
            first_task_id = job.task_id
            time.sleep(1)  # well inside the 60 s delay: nothing saved yet
            stop(slow, signal.SIGKILL)
            self.assertFalse(Report.objects.exists())
            job.refresh_from_db()
            self.assertEqual(job.state, JobState.RUNNING)  # nobody said otherwise

            # Redis redelivers an unacknowledged message after the visibility
            # timeout; 1 s instead of an hour, so the test need not wait.
            second = start_worker_process(
                "second", CELERY_VISIBILITY_TIMEOUT="1", REPORTS_COMPILE_TEST_DELAY=""
            )

            def done() -> bool:
                job.refresh_from_db()
                return job.state == JobState.DONE

            wait_for(done, 90, "the second worker to finish the job")
            finished_at = job.finished_at
            time.sleep(3)  # a further delivery would show now
            job.refresh_from_db()
        finally:
            stop(slow, signal.SIGKILL)
            if second:
                stop(second)
        self.assertEqual(job.task_id, first_task_id)  # the same message, again
        self.assertEqual(job.attempts, 2)
        self.assertEqual(job.finished_at, finished_at)
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(Report.objects.get().data["figures"]["participants"], 3)
        client = redis.Redis.from_url(REDIS_URL)
        self.assertEqual(client.llen("celery"), 0)
        self.assertEqual(client.hlen("unacked"), 0)
        self.assertIn(tasks.compile_report.name, app.tasks)
