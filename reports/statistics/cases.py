"""Figures counted over cases: first conversations, participants, new
participants, women, and the average length of support."""

from collections.abc import Sequence

from django.db.models import F, Q, QuerySet

from cases.models import Case, Mentee

from .aggregation import (
    AVG,
    COUNT,
    COUNT_DISTINCT,
    Base,
    Columns,
    base_of,
    counted,
    group_expression,
    how_of,
    per_period,
)
from .dates import DaysBetween
from .periods import Period, Scope, span, within


def cases(scope: Scope, period: Period) -> QuerySet:
    """The scope's cases open at some time in `period`."""
    qs = Case.objects.filter(opened_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )
    if scope.project_id is not None:
        qs = qs.filter(project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(mentee__region_id=scope.region_id)
    return qs


def columns(period: Period, suffix: str) -> Columns:
    """Per case: the person if the case counts for a figure in `period`."""
    person = F("mentee_id")
    participant = Q(admitted_on__isnull=False, admitted_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )
    closed = Q(admitted_on__isnull=False) & within("closed_on", period)
    female = Q(mentee__gender=Mentee.Gender.FEMALE)
    return {
        f"first_conversations{suffix}": (
            counted(within("opened_on", period), person),
            COUNT_DISTINCT,
        ),
        f"participants{suffix}": (counted(participant, person), COUNT_DISTINCT),
        f"new_participants{suffix}": (
            counted(within("admitted_on", period), person),
            COUNT_DISTINCT,
        ),
        f"women{suffix}": (counted(participant & female, person), COUNT_DISTINCT),
        # The mean of (closed on - admitted on) over the cases closed in P
        f"average_support_days{suffix}": (
            counted(closed, DaysBetween("admitted_on", "closed_on")),
            AVG,
        ),
        f"closed_cases{suffix}": (counted(closed, F("pk")), COUNT),
    }


def base(
    scope: Scope, periods: Sequence[Period], dimensions: Sequence[str]
) -> tuple[Base, dict[str, str]]:
    """One row per case of the scope that any of `periods` can touch."""
    values = per_period(columns, periods)
    groups = {d: group_expression(d, "", periods[0]) for d in dimensions}
    return base_of(cases(scope, span(periods)), values, groups), how_of(values)
