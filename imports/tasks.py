"""Celery task running an import job: a dry run, or the import itself.

The job row follows the reports app's pattern (claim under a row lock,
states, retry on a fresh connection after a database error, stale running
jobs taken over). The import writes everything in one transaction; its
progress goes through a second connection in autocommit mode, so the job
page sees it while that transaction is open, and a killed worker leaves
only the progress behind, never a row of the file.
"""

import datetime
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from imports.models import ImportJob
from imports.run import Outcome, run_import
from reports.models import JobState
from reports.tasks import RETRY

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PROGRESS_SECONDS = 1.0


class ProgressWriter:
    """`progress(done, total)` for run_import: saved at most once a second."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.last = 0.0
        self.conn: Any = None

    def __enter__(self) -> "ProgressWriter":
        self.conn = connection.get_new_connection(connection.get_connection_params())
        self.conn.autocommit = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_SECONDS and done < total:
            return
        self.last = now
        with self.conn.cursor() as cursor:
            table = connection.ops.quote_name(ImportJob._meta.db_table)
            cursor.execute(
                # bandit: the quoted table name of a model; values as parameters
                f"UPDATE {table}"  # nosec B608
                " SET done = %s, total = %s, heartbeat_at = %s WHERE id = %s",
                [done, total, timezone.now(), self.job.pk],
            )
        if 0 < done < total:
            _test_delay()


def _test_delay() -> None:
    """Let a test kill a worker mid-import; only tests set the variable."""
    delay = float(os.environ.get("IMPORT_TEST_DELAY") or 0)
    if delay:
        time.sleep(delay)


def outcome_data(outcome: Outcome) -> dict:
    """The outcome as JSON for the job row."""
    return {
        "problems": [asdict(problem) for problem in outcome.report.problems],
        "problem_total": outcome.report.total,
        "counts": outcome.counts,
        "employer_matches": [asdict(match) for match in outcome.employer_matches],
        "written": outcome.written,
    }


def run_job(job_id: int, *, task_id: str = "") -> ImportJob | None:
    job = ImportJob.claim(job_id, task_id=task_id, max_attempts=MAX_ATTEMPTS)
    if job is None:
        return None
    try:
        with ProgressWriter(job) as progress:
            outcome = run_import(
                Path(job.file.path),
                project=job.project,
                user=job.requested_by,
                file_name=job.file_name,
                dry_run=job.dry_run,
                employer_choices=job.employer_choices,
                progress=progress,
            )
        job.finish(outcome=outcome_data(outcome))
        # A clean dry run keeps the file for the import the lead confirms.
        if not (job.dry_run and outcome.report.ok):
            job.delete_file()
    except (OperationalError, InterfaceError):
        job.release_for_retry_on_fresh_connection()
        raise
    except Exception as exc:
        logger.exception("Import job %s failed", job_id)
        job.fail(f"{type(exc).__name__}: {exc}")
        job.delete_file()
    return job


@shared_task(bind=True, **RETRY)
def run_import_job(self: Any, job_id: int) -> None:
    run_job(job_id, task_id=self.request.id or "")


def send(job: ImportJob) -> bool:
    """Send the job's message now; False (job left pending) when the broker is down."""
    ImportJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    try:
        run_import_job.delay(job.pk)
    except BrokerError:
        logger.warning("Broker unreachable; import job %s stays pending", job.pk)
        ImportJob.objects.filter(pk=job.pk, state=JobState.PENDING).update(
            enqueued_at=None
        )
        return False
    return True


def send_on_commit(job: ImportJob) -> None:
    transaction.on_commit(lambda: send(job))


def start_import(job: ImportJob, employer_choices: dict[str, int | None]) -> None:
    """After a clean dry run: the same upload again, now written."""
    job.dry_run = False
    job.employer_choices = employer_choices
    job.state = JobState.PENDING
    job.attempts = 0
    job.done = 0
    job.error = ""
    job.requested_at = timezone.now()
    job.save()
    send_on_commit(job)


# A clean dry run's file waits this long for the lead to import it.
KEEP_UNIMPORTED = datetime.timedelta(days=1)


@shared_task
def sweep_import_jobs() -> int:
    """Resend what the broker lost or a dead worker held; delete the files
    of clean dry runs nobody imported within a day."""
    now = timezone.now()
    sent = 0
    for job in ImportJob.objects.needing_enqueue(now).only("pk", "state"):
        sent += send(job)
    abandoned = ImportJob.objects.filter(
        dry_run=True, state=JobState.DONE, finished_at__lte=now - KEEP_UNIMPORTED
    ).exclude(file="")
    for job in abandoned:
        job.delete_file()
    return sent
