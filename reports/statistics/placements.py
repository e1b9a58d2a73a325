"""Figures counted over placements: persons into employment, vocational
training, qualification and the other kinds (and the qualification-adequate
among them), dropouts, and the sustainably integrated."""

from collections.abc import Sequence

from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from cases.models import Placement

from .aggregation import (
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
from .dates import SixMonthDay, six_month_start_window
from .periods import Period, Scope, span, within

KIND_FIGURES = {
    "employment": Placement.Kind.EMPLOYMENT,
    "vocational_training": Placement.Kind.VOCATIONAL_TRAINING,
    "qualification": Placement.Kind.QUALIFICATION,
    "entry_qualification": Placement.Kind.ENTRY_QUALIFICATION,
    "internship": Placement.Kind.INTERNSHIP,
    "marginal_employment": Placement.Kind.MARGINAL_EMPLOYMENT,
    "self_employment": Placement.Kind.SELF_EMPLOYMENT,
}
DROPOUT_KINDS = (
    Placement.Kind.EMPLOYMENT,
    Placement.Kind.VOCATIONAL_TRAINING,
    Placement.Kind.QUALIFICATION,
)
DROPOUT_REASONS = (
    Placement.EndReason.DROPOUT,
    Placement.EndReason.TERMINATED_BY_EMPLOYER,
)
SUSTAINABLE_KINDS = (Placement.Kind.EMPLOYMENT, Placement.Kind.VOCATIONAL_TRAINING)


def sustainable_window(period: Period) -> tuple | None:
    """The start dates whose six-month day lies in `period` and is not after
    today: a placement whose six months are not over is not (yet) sustainable."""
    return six_month_start_window(period.start, min(period.end, timezone.localdate()))


def lasted_six_months() -> Q:
    """No actual end before the six-month day (ending on it is fine)."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=SixMonthDay("start_on"))


def placements(scope: Scope, period: Period) -> QuerySet:
    """The scope's placements that start or end in `period`, or whose
    six-month day lies in it."""
    touched = within("start_on", period) | within("ended_on", period)
    window = sustainable_window(period)
    if window is not None:
        touched |= Q(start_on__range=window)
    qs = Placement.objects.filter(touched)
    if scope.project_id is not None:
        qs = qs.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(case__mentee__region_id=scope.region_id)
    return qs


def columns(period: Period, suffix: str) -> Columns:
    """Per placement: the person if it counts for a figure in `period`
    (dropouts count placements, not persons)."""
    person = F("case__mentee_id")
    started = within("start_on", period)
    result: Columns = {
        f"{key}{suffix}": (counted(started & Q(kind=kind), person), COUNT_DISTINCT)
        for key, kind in KIND_FIGURES.items()
    }
    adequate = Q(kind=Placement.Kind.EMPLOYMENT, qualification_adequate=True)
    result[f"employment_adequate{suffix}"] = (
        counted(started & adequate, person),
        COUNT_DISTINCT,
    )
    dropout = Q(kind__in=DROPOUT_KINDS, end_reason__in=DROPOUT_REASONS)
    result[f"dropouts{suffix}"] = (
        counted(within("ended_on", period) & dropout, F("pk")),
        COUNT,
    )
    window = sustainable_window(period)
    if window is None:
        sustainable = Cast(Value(None), IntegerField())
    else:
        due = Q(kind__in=SUSTAINABLE_KINDS, start_on__range=window)
        sustainable = counted(due & lasted_six_months(), person)
    result[f"sustainably_integrated{suffix}"] = (sustainable, COUNT_DISTINCT)
    return result


def base(
    scope: Scope, periods: Sequence[Period], dimensions: Sequence[str]
) -> tuple[Base, dict[str, str]]:
    """One row per placement of the scope that any of `periods` can touch."""
    values = per_period(columns, periods)
    groups = {d: group_expression(d, "case__", periods[0]) for d in dimensions}
    return base_of(placements(scope, span(periods)), values, groups), how_of(values)
