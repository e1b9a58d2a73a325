"""Compiling a report: one function, called by the browser, the schedule and
`manage.py compile_report` alike (through `run_job` or directly).
"""

import datetime
import json
import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import InterfaceError, OperationalError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import ProgrammePhase
from reports.confidentiality.pattern import (
    district_keys,
    period_reports,
    protected_pattern,
    restricted,
)
from reports.models import CompilationJob, Report
from reports.statistics import Period, report_data
from reports.statistics.periods import report_kind

logger = logging.getLogger(__name__)

# A job that failed this often (e.g. its worker was killed each time) is given up.
MAX_ATTEMPTS = 5


def _no_progress(text: str) -> None:
    pass


def _test_delay() -> None:
    """Let a test kill a worker, or its database connection, mid-job.

    Used by compilations and exports alike; only tests set the variable.
    """
    delay = float(os.environ.get("REPORTS_COMPILE_TEST_DELAY") or 0)
    if delay:
        time.sleep(delay)


def check_report_period(
    period: Period, today: datetime.date | None = None
) -> tuple[str, ProgrammePhase | None]:
    """(kind, phase) of a period a report may cover; ValidationError otherwise.

    A report covers a quarter, a calendar year, a programme phase, or a
    phase from its start to the end of a quarter, and only once the period
    has ended: a free range could be differenced against another period, and
    a running period's figures are not final.
    """
    today = today or timezone.localdate()
    found = report_kind(period, ProgrammePhase.objects.all())
    if found is None:
        raise ValidationError(
            _(
                "Reports cover a quarter, a calendar year, a programme phase, or a "
                "phase up to the end of a quarter; %(period)s is none of these."
            )
            % {"period": period.label},
            code="not_a_report_period",
        )
    if period.end >= today:
        raise ValidationError(
            _("%(period)s has not ended yet; its report can be compiled from %(day)s.")
            % {
                "period": period.label,
                "day": formats.date_format(
                    period.end + datetime.timedelta(days=1), "SHORT_DATE_FORMAT"
                ),
            },
            code="not_ended",
        )
    return found


def compile_report(
    period: Period,
    *,
    progress: Callable[[str], None] = _no_progress,
) -> Report:
    """Compute the period's figures and store them as the report's draft data.

    Idempotent: the report row is unique per period and written under a row
    lock, so running twice, or on two workers at once, leaves one report with
    the same figures. Published data lives in `ReportRelease` and is never
    touched here. A released report whose figures have not changed stays
    released; if they have changed it becomes a draft again ("correction in
    progress") until ZEFAS releases the correction. Raises ValidationError
    for a period no report may cover (`check_report_period`).
    """
    kind, phase = check_report_period(period)
    progress(gettext_noop("Computing the figures"))
    # Row labels (countries, residence status, ...) are stored in German: the
    # report is one document, whoever asked for it.
    with translation.override(settings.LANGUAGE_CODE):
        reports = period_reports(period, compute=report_data)
    progress(gettext_noop("Protecting the figures"))
    # One protection over every table of the period (all scopes); the
    # report keeps its part of the pattern, frozen with its figures.
    data = reports[0]
    pattern = protected_pattern(reports, district_keys())
    data["confidentiality"] = {"pattern": restricted(pattern, data)}
    # Stored exactly as it compares later: a JSON round trip.
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    _test_delay()
    progress(gettext_noop("Saving the report"))
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(
            start=period.start,
            end=period.end,
            defaults={"kind": kind, "phase": phase},
        )
        if report.is_released and report.current_release.data == data:
            return report
        report.data = data
        report.compiled_at = timezone.now()
        report.status = Report.Status.DRAFT
        report.save(update_fields=["data", "compiled_at", "status"])
    return report


def run_job(job_id: int, *, task_id: str = "") -> CompilationJob | None:
    """Run one compilation job, recording its state and progress in the database.

    Returns None when there is nothing to do (finished, or held by another
    live worker). Database outages propagate, so the Celery task retries;
    every other error fails the job with its message.
    """
    job = CompilationJob.claim(job_id, task_id=task_id, max_attempts=MAX_ATTEMPTS)
    if job is None:
        return None
    try:
        report = compile_report(job.period, progress=job.report_progress)
    except (OperationalError, InterfaceError):
        job.release_for_retry_on_fresh_connection()
        raise
    except Exception as exc:
        logger.exception("Compilation job %s failed", job_id)
        job.fail(f"{type(exc).__name__}: {exc}")
        return job
    job.finish(report=report)
    return job
