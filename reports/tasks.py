"""Celery tasks: thin interfaces to reports/compilation.py and reports/exports.py.

Every job is a row in PostgreSQL before its message is sent. Messages are sent
after the transaction commits; when the broker is down the job stays pending
and `sweep_pending_jobs` sends it once the broker is back.
"""

import datetime
import logging
from typing import Any

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from cases.models import ProgrammePhase
from reports import compilation, dashboard_figures, exports
from reports.models import CompilationJob, ExportJob, JobState, Report
from reports.statistics import Period

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    # A lost or refused database connection: retry soon (1 s, 2 s, 4 s, ...).
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(bind=True, **RETRY)
def compile_report(self: Any, job_id: int) -> None:
    compilation.run_job(job_id, task_id=self.request.id or "")


@shared_task(bind=True, **RETRY)
def build_export(self: Any, export_job_id: int) -> None:
    exports.run_job(export_job_id, task_id=self.request.id or "")


def send(job: CompilationJob | ExportJob) -> bool:
    """Send the job's message now; False (job left pending) when the broker is down."""
    task = compile_report if isinstance(job, CompilationJob) else build_export
    model = type(job)
    model.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    try:
        task.delay(job.pk)
    except BrokerError:
        logger.warning(
            "Broker unreachable; %s %s stays pending", model.__name__, job.pk
        )
        # Unsent: the next sweep sends it.
        model.objects.filter(pk=job.pk, state=JobState.PENDING).update(enqueued_at=None)
        return False
    return True


def send_on_commit(job: CompilationJob | ExportJob) -> None:
    transaction.on_commit(lambda: send(job))


def request_compilation(*, period: Period, user: Any = None) -> CompilationJob:
    """The queued or running job of this period, or a new one sent after commit.

    Raises ValidationError (German) for a period no report may cover, or one
    that has not ended: nothing is compiled then.
    """
    compilation.check_report_period(period)
    job, created = CompilationJob.objects.active().get_or_create(
        start=period.start, end=period.end, defaults={"requested_by": user}
    )
    if created:
        send_on_commit(job)
    return job


def request_export(*, release: Any, format: str, user: Any = None) -> ExportJob:
    """The export of a release in a format, built (again if it failed) by Celery."""
    job, created = ExportJob.objects.get_or_create(
        release=release, format=format, defaults={"requested_by": user}
    )
    if not created and job.state == JobState.FAILED:
        job.state = JobState.PENDING
        job.attempts = 0
        job.error = ""
        job.requested_by = user
        job.requested_at = timezone.now()
        job.save()
        created = True
    if created:
        send_on_commit(job)
    return job


def last_quarter(today: datetime.date) -> tuple[int, int]:
    """The (year, quarter) that ended before `today`'s quarter began."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def periods_ending_with(quarter: Period) -> list[Period]:
    """The report periods that end when `quarter` ends.

    The quarter itself; its year after the fourth quarter; and for each
    programme phase running in the quarter, the phase to date, or the
    whole phase when the quarter is its last.
    """
    periods = [quarter]
    if quarter.end.month == 12:
        periods.append(Period.year(quarter.end.year))
    for phase in ProgrammePhase.objects.filter(
        start__lte=quarter.end, end__gte=quarter.end
    ):
        periods.append(Period(phase.start, min(phase.end, quarter.end)))
    # A phase to date may equal the quarter or the year (a phase's first
    # quarter or year): one report each.
    return list(dict.fromkeys(periods))


@shared_task
def compile_last_quarter() -> list[int]:
    """Beat, on the first day of a quarter: the drafts of the periods just ended.

    The quarter, the year after its last quarter, and each running phase's
    phase-to-date report (or the phase's report when it ended). Released
    reports are left alone: the nightly refresh does not touch them either.
    """
    year, quarter = last_quarter(timezone.localdate())
    jobs = []
    for period in periods_ending_with(Period.quarter(year, quarter)):
        released = Report.objects.filter(
            start=period.start, end=period.end, status=Report.Status.RELEASED
        )
        if not released.exists():
            jobs.append(request_compilation(period=period).pk)
    return jobs


@shared_task
def refresh_drafts() -> list[int]:
    """Beat, nightly: recompile every draft, so it follows later edits of case data.

    A phase-to-date draft that a later one of the same phase has replaced
    is left as it is.
    """
    drafts = Report.objects.filter(status=Report.Status.DRAFT)
    superseded = Report.objects.filter(
        kind=Report.Kind.PHASE_TO_DATE,
        phase=OuterRef("phase"),
        end__gt=OuterRef("end"),
    )
    drafts = drafts.exclude(Q(kind=Report.Kind.PHASE_TO_DATE) & Exists(superseded))
    jobs = []
    for start, end in drafts.values_list("start", "end"):
        try:
            jobs.append(request_compilation(period=Period(start, end)).pk)
        except ValidationError as error:  # e.g. a phase's dates were changed
            logger.warning("Draft %s–%s not refreshed: %s", start, end, error)
    return jobs


@shared_task(**RETRY)
def refresh_dashboard(start: str, end: str, language: str) -> None:
    """The dashboard's protected figures of a period (reports/dashboard_figures.py)."""
    day = datetime.date.fromisoformat
    period = Period(day(start), day(end))
    dashboard_figures.refresh(period, language)


@shared_task
def warm_dashboard() -> int:
    """Beat: compute the years the dashboard opens with when nothing is cached
    (after a deployment or an emptied cache), so that no first view waits."""
    return dashboard_figures.warm(timezone.localdate())


@shared_task
def sweep_pending_jobs() -> int:
    """Beat, every few minutes: resend what the broker lost or a dead worker held."""
    now = timezone.now()
    sent = 0
    for model in (CompilationJob, ExportJob):
        for job in model.objects.needing_enqueue(now).only("pk", "state"):
            sent += send(job)
    return sent
