"""Import jobs on real `celery worker` processes: a run, and a killed run.

The worker is slowed down by IMPORT_TEST_DELAY (read only by the progress
writer, set only here) after the first progress report, i.e. while the
import's transaction holds rows not yet committed. Killed with SIGKILL then,
it leaves nothing behind; a second worker gets the message again from Redis
and imports the file once.
"""

import signal
import time
from pathlib import Path

import pytest
from django.core.files import File
from django.test import override_settings

from cases.models import Mentee
from imports import tasks
from imports.models import ImportJob, SourceId
from reports.models import JobState
from tests.factories import ProjectFactory, UserFactory
from tests.imports.files import mentee, write_xlsx
from tests.reports.support import REDIS_URL, SeededTransactionTestCase, broker, purge
from tests.reports.test_tasks_worker_kill import start_worker_process, stop, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.slow]

LEAD = "lead@example.org"
ROWS = 1000


class ImportWorkerTest(SeededTransactionTestCase):
    def setUp(self) -> None:
        purge()
        self.media = Path(self.enterContext(_tmpdir()))
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        self.project = ProjectFactory()
        self.lead = UserFactory(
            role="project_lead", projects=[self.project], email=LEAD
        )

    def job(self, dry_run: bool) -> ImportJob:
        path = write_xlsx(
            self.media / "gross.xlsx",
            {"Mentees": [mentee(f"M{n}", LEAD) for n in range(ROWS)]},
        )
        job = ImportJob(
            project=self.project,
            requested_by=self.lead,
            file_name=path.name,
            dry_run=dry_run,
        )
        with path.open("rb") as handle:
            job.file.save(path.name, File(handle), save=False)
        job.save()
        return job

    def worker(self, name: str, **env: str):
        return start_worker_process(name, DJANGO_MEDIA_ROOT=str(self.media), **env)

    def state(self, job: ImportJob) -> str:
        job.refresh_from_db()
        return job.state

    def test_a_worker_checks_then_imports(self) -> None:
        job = self.job(dry_run=True)
        process = self.worker("import")
        try:
            with broker(REDIS_URL):
                tasks.send(job)
                wait_for(lambda: self.state(job) == JobState.DONE, 120, "dry run")
                self.assertEqual(job.outcome["counts"]["Mentees"]["created"], ROWS)
                self.assertFalse(Mentee.objects.exists())
                self.assertTrue(job.file)
                tasks.start_import(job, {})
                tasks.send(job)
                wait_for(lambda: self.state(job) == JobState.DONE, 120, "import")
        finally:
            stop(process)
        self.assertTrue(job.outcome["written"])
        self.assertEqual(Mentee.objects.filter(project=self.project).count(), ROWS)
        self.assertFalse(job.file)
        self.assertEqual((job.done, job.total), (ROWS, ROWS))

    def test_a_killed_import_leaves_no_trace_and_runs_again(self) -> None:
        job = self.job(dry_run=False)
        stored = Path(job.file.path)
        slow = self.worker("slow", IMPORT_TEST_DELAY="60")
        second = None
        try:
            with broker(REDIS_URL):
                tasks.send(job)

            def progressing() -> bool:
                job.refresh_from_db()
                return job.done > 0

            # Progress is visible while the import's transaction is open.
            wait_for(progressing, 60, "the first worker to report progress")
            self.assertEqual(job.state, JobState.RUNNING)
            self.assertLess(job.done, ROWS)
            stop(slow, signal.SIGKILL)
            self.assertFalse(Mentee.objects.exists())
            self.assertFalse(SourceId.objects.exists())
            self.assertTrue(stored.exists())

            second = self.worker(
                "second", CELERY_VISIBILITY_TIMEOUT="1", IMPORT_TEST_DELAY=""
            )
            wait_for(lambda: self.state(job) == JobState.DONE, 120, "the re-run")
            time.sleep(2)
        finally:
            stop(slow, signal.SIGKILL)
            if second:
                stop(second)
        job.refresh_from_db()
        self.assertEqual(job.attempts, 2)
        self.assertTrue(job.outcome["written"])
        self.assertEqual(Mentee.objects.filter(project=self.project).count(), ROWS)
        self.assertEqual(SourceId.objects.count(), ROWS)
        self.assertFalse(stored.exists())


def _tmpdir():
    import tempfile

    return tempfile.TemporaryDirectory()
