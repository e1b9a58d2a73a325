"""Employers accompanied: distinct employers with a consultation dated in P,
or with a placement starting in P."""

from collections.abc import Sequence
from typing import Any

from django.db.models import F, QuerySet

from cases.models import Placement
from employers.models import EmployerConsultation

from .aggregation import COUNT_DISTINCT, Base, counted, suffix
from .periods import Period, Scope, span, within


def events(scope: Scope, period: Period) -> tuple[QuerySet, QuerySet]:
    """The scope's consultations dated in `period` and placements with an
    employer starting in it. A project scope takes the project's
    consultations and its cases' placements; a district scope takes the
    employers of that district."""
    consultations = EmployerConsultation.objects.filter(within("date", period))
    placements = Placement.objects.filter(
        within("start_on", period), employer__isnull=False
    )
    if scope.project_id is not None:
        consultations = consultations.filter(project_id=scope.project_id)
        placements = placements.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        consultations = consultations.filter(employer__region_id=scope.region_id)
        placements = placements.filter(employer__region_id=scope.region_id)
    return consultations, placements


# Employers are broken down by project, district and sector: their group
# columns in consultations and in placements.
GROUPS = {
    "project": ("project_id", "case__project_id"),
    "district": ("employer__region__key", "employer__region__key"),
    "sector": ("employer__sector", "employer__sector"),
}


def base(
    scope: Scope, periods: Sequence[Period], dimensions: Sequence[str]
) -> tuple[Base, dict[str, str]]:
    """One row per consultation or placement start (UNION ALL), so that an
    employer counts once whether it was advised, placed with, or both."""
    consultations, placements = events(scope, span(periods))
    sides = []
    for side, (qs, day) in enumerate(
        ((consultations, "date"), (placements, "start_on"))
    ):
        values: dict[str, Any] = {
            f"employers{suffix(index)}": counted(within(day, period), F("employer_id"))
            for index, period in enumerate(periods)
        }
        values.update({f"g_{d}": F(GROUPS[d][side]) for d in dimensions})
        # The same names in the same order on both sides of the UNION
        sides.append(qs.order_by().annotate(**values).values_list(*values))
    union = sides[0].union(sides[1], all=True)
    how = {f"employers{suffix(index)}": COUNT_DISTINCT for index in range(len(periods))}
    return union.query.sql_with_params(), how
