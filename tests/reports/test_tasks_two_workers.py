"""Two worker processes share the compilation and export queue, as on two machines.

Two real `celery worker` processes with distinct node names consume the same
Redis queue and write to the same PostgreSQL database. Each compilation and
export is slowed down by one second (REPORTS_COMPILE_TEST_DELAY), so with a
prefetch of one neither worker can take all the jobs. Every job must end exactly once,
and each worker's log names the task ids it finished.
"""

import re

import pytest
import redis

from reports import compilation, exports, tasks
from reports.models import CompilationJob, ExportJob, JobState, Report
from reports.statistics import Period
from tests.factories import CaseFactory, UserFactory, quarter_dates
from tests.reports.support import REDIS_URL, SeededTransactionTestCase, broker, purge
from tests.reports.test_tasks_worker_kill import (
    LOGS,
    start_worker_process,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.celery, pytest.mark.slow]

NAMES = ("scale-a", "scale-b")
QUARTERS = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2)]
SUCCEEDED = re.compile(r"(?:compile_report|build_export)\[([0-9a-f-]+)\] succeeded")
FORMATS = ("csv", "xlsx")


def log_of(name: str) -> str:
    path = LOGS / f"celery-{name}.log"
    return path.read_text() if path.exists() else ""


class TwoWorkersTest(SeededTransactionTestCase):
    def test_both_workers_take_jobs_and_each_job_ends_once(self) -> None:
        purge()
        CaseFactory.create_batch(3)
        zoe = UserFactory(username="zoe-two-workers", role="zefas")
        release = compilation.compile_report(Period.quarter(2022, 4)).release(by=zoe)
        workers = [
            start_worker_process(name, REPORTS_COMPILE_TEST_DELAY="1") for name in NAMES
        ]
        try:
            for name in NAMES:
                wait_for(
                    lambda name=name: " ready." in log_of(name),
                    60,
                    f"worker {name} to be ready",
                )
            with broker(REDIS_URL):
                jobs = [
                    tasks.request_compilation(period=Period.quarter(year, quarter))
                    for year, quarter in QUARTERS
                ]
                export_jobs = [
                    tasks.request_export(release=release, format=format, user=zoe)
                    for format in FORMATS
                ]

            def all_done() -> bool:
                return CompilationJob.objects.filter(
                    pk__in=[job.pk for job in jobs], state=JobState.DONE
                ).count() == len(jobs) and ExportJob.objects.filter(
                    pk__in=[job.pk for job in export_jobs], state=JobState.DONE
                ).count() == len(export_jobs)

            wait_for(all_done, 90, "both workers to finish every job")
        finally:
            for process in workers:
                stop(process)  # a warm shutdown: logs are complete afterwards

        finished = {name: SUCCEEDED.findall(log_of(name)) for name in NAMES}
        for job in [*jobs, *export_jobs]:
            job.refresh_from_db()
            self.assertEqual(job.state, JobState.DONE)
            self.assertEqual(job.attempts, 1)
            # Exactly one of the two workers finished this job's task, once.
            self.assertEqual(
                sum(ids.count(job.task_id) for ids in finished.values()), 1
            )
        self.assertTrue(all(finished.values()), finished)  # both took part
        all_jobs = [*jobs, *export_jobs]
        self.assertEqual(sum(len(ids) for ids in finished.values()), len(all_jobs))
        self.assertEqual(len({job.task_id for job in all_jobs}), len(all_jobs))
        self.assertEqual(
            sorted(Report.objects.values_list("start", "end")),
            sorted(
                (p.start, p.end)
                for p in [
                    Period.quarter(2022, 4),
                    *(Period.quarter(*q) for q in QUARTERS),
                ]
            ),
        )
        csv, xlsx = export_jobs
        self.assertEqual(bytes(csv.content), exports.build(release, "csv"))
        self.assertTrue(bytes(xlsx.content).startswith(b"PK"))  # dated inside
        report = Report.objects.get(**quarter_dates(2024, 1))
        self.assertEqual(report.data["figures"]["participants"], 3)
        client = redis.Redis.from_url(REDIS_URL)
        self.assertEqual(client.llen("celery"), 0)
        self.assertEqual(client.hlen("unacked"), 0)
