"""The dashboard's figures: computed once, kept in the cache, refreshed by Celery.

Shared by the dashboard views (reports/views/dashboard.py) and the Celery
tasks (reports/tasks.py).

Entries are kept under the period, scope, suppression, language and a data
version (the highest ids of projects, cases, placements and employer
consultations) for STATISTICS_CACHE_SECONDS: those new entries, which move
the headline figures, make a new version; meetings and edits of existing
rows show at the latest when the entry expires. Meetings are left out of the
version on purpose: at the programme's future size one is logged every
minute, and the cache would hardly ever be used.

A project lead's figures (one project, unprotected) are computed in the
request: a few hundred milliseconds even at a hundred times today's data.

ZEFAS sees a period as one set of linked tables: all scopes (the programme,
every project and district) are computed and protected together
(reports/confidentiality/pattern.py), which takes minutes at a hundred times
today's data. That work is done by the Celery task `refresh_dashboard`,
once per period at a time (a lock in the cache), and each result is also
kept as the period's *latest* figures, without expiry. A ZEFAS view
therefore shows

- the current figures when they are in the cache;
- else the latest figures with the time they were computed ("being
  updated"), while the task computes the current ones;
- else (never computed: a new period, or an emptied cache) a notice that the
  figures are being computed, and the page reloads itself.

Without a broker (demo, tests: Celery runs in-process), or when the broker
is down, the task runs in the request, so the view always shows current
figures. Every entry of one computation holds the cells of one protection,
so a cell shows the same value or `*` on every scope's page.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import get_language
from kombu.exceptions import OperationalError as BrokerError

from cases.models import Case, Placement, Project
from employers.models import EmployerConsultation
from reports.confidentiality.pattern import (
    apply_pattern,
    district_keys,
    period_reports,
    protected_pattern,
)
from reports.statistics import Period, Scope, report_data

logger = logging.getLogger(__name__)

# How long a refresh may take before another worker may start one (the lock
# expires by itself if its worker dies).
REFRESH_LOCK_SECONDS = 30 * 60


@dataclass(frozen=True)
class Figures:
    """One scope's `report_data()` (protected for ZEFAS), as the view shows it.

    `data` is None while the period's first computation runs. `refreshing`
    says that newer figures are being computed.
    """

    data: dict | None
    computed_at: datetime | None
    refreshing: bool = False


def data_version() -> str:
    """The highest ids of projects, cases, placements and consultations, in
    one cheap query (the ends of their primary keys).

    It changes whenever one of them is added (or the newest one deleted), not
    when a meeting is logged or an existing row is edited.
    """
    tables = (Project, Case, Placement, EmployerConsultation)
    latest = ", ".join(
        # bandit: quoted table names of models
        f"(SELECT MAX(id) FROM {connection.ops.quote_name(m._meta.db_table)})"  # nosec B608
        for m in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {latest}")
        return "-".join(str(n) for n in cursor.fetchone())


def figures(period: Period, scope: Scope, *, suppressed: bool, version: str) -> Figures:
    """The scope's figures from the cache, or computed (see the module)."""
    language = get_language() or settings.LANGUAGE_CODE
    current = cache.get(_key(period, scope, suppressed, version, language))
    if current is not None:
        return Figures(current["data"], current["computed_at"])
    if not suppressed:
        entry = {
            "data": report_data(period=period, scope=scope),
            "computed_at": timezone.now(),
        }
        cache.set(
            _key(period, scope, False, version, language),
            entry,
            settings.STATISTICS_CACHE_SECONDS,
        )
        return Figures(entry["data"], entry["computed_at"])
    if _request_refresh(period, language):
        # In-process Celery (or a fast worker) may have finished already.
        current = cache.get(_key(period, scope, True, version, language))
        if current is not None:
            return Figures(current["data"], current["computed_at"])
    latest = cache.get(_latest_key(period, scope, language))
    if latest is not None:
        return Figures(latest["data"], latest["computed_at"], refreshing=True)
    return Figures(None, None, refreshing=True)


def refresh(period: Period, language: str) -> None:
    """Compute and protect every scope of `period` and cache the results.

    Run by the Celery task `refresh_dashboard`. The version is read before
    the figures: rows added meanwhile make the entries stale at once.
    """
    try:
        version = data_version()
        with translation.override(language):
            reports = period_reports(period)
        pattern = protected_pattern(reports, district_keys())
        computed_at = timezone.now()
        current, latest = {}, {}
        for data in reports:
            scope = Scope(
                project_id=data["scope"]["project_id"],
                region_id=data["scope"]["region_id"],
            )
            entry = {"data": apply_pattern(data, pattern), "computed_at": computed_at}
            current[_key(period, scope, True, version, language)] = entry
            latest[_latest_key(period, scope, language)] = entry
        # The latest first: a view that finds the current entries finds them.
        cache.set_many(latest, None)
        cache.set_many(current, settings.STATISTICS_CACHE_SECONDS)
    finally:
        cache.delete(_lock_key(period, language))


def opening_periods(today: date) -> list[Period]:
    """The periods the dashboard opens with: this year (the dashboard) and
    the two before (the comparison)."""
    return [Period.year(today.year - n) for n in range(3)]


def warm(today: date) -> int:
    """Request the figures of the opening periods that were never computed
    (or are gone from the cache); returns how many were requested."""
    language = settings.LANGUAGE_CODE
    requested = 0
    for period in opening_periods(today):
        if cache.get(_latest_key(period, Scope.programme(), language)) is None:
            requested += _request_refresh(period, language)
    return requested


def _request_refresh(period: Period, language: str) -> bool:
    """Start `refresh_dashboard` unless one for the period is running."""
    from reports.tasks import refresh_dashboard

    if not cache.add(_lock_key(period, language), True, REFRESH_LOCK_SECONDS):
        return False
    arguments = (period.start.isoformat(), period.end.isoformat(), language)
    try:
        refresh_dashboard.delay(*arguments)
    except BrokerError:
        logger.warning("Broker unreachable; dashboard figures computed in the request")
        refresh(period, language)
    return True


def _key(
    period: Period, scope: Scope, suppressed: bool, version: str, language: str
) -> str:
    shown = f"suppressed-{settings.STATISTICS_MIN_CELL}" if suppressed else "raw"
    parts = _period_parts(period, scope)
    return ":".join(["statistics-dashboard", version, *parts, shown, language])


def _latest_key(period: Period, scope: Scope, language: str) -> str:
    parts = _period_parts(period, scope)
    k = settings.STATISTICS_MIN_CELL
    return ":".join(["statistics-dashboard-latest", *parts, str(k), language])


def _lock_key(period: Period, language: str) -> str:
    k = settings.STATISTICS_MIN_CELL
    dates = f"{period.start.isoformat()}:{period.end.isoformat()}"
    return f"statistics-dashboard-refreshing:{dates}:{k}:{language}"


def _period_parts(period: Period, scope: Scope) -> list[Any]:
    return [
        period.start.isoformat(),
        period.end.isoformat(),
        str(scope.project_id),
        str(scope.region_id),
    ]
