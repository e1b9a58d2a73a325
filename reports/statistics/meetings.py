"""Figures counted over meetings: meetings and meeting hours, and persons in
follow-up.

A person is in follow-up in P when one of their meetings in P is dated on or
after the start of one of their employment or vocational-training
placements (in any case or project). That is the same as: the last meeting
in P of one of their cases is on or after the earliest such start. So the
meetings are first reduced to one row per case (count, minutes, last date
per period; no join), and only those rows meet the cases and each person's
earliest start. No join multiplies meetings by placements, and no
DISTINCT runs over meetings.
"""

from collections.abc import Sequence

from django.db.models import Count, F, Max, Min, Sum

from cases.models import Case, Meeting, Placement

from .aggregation import COUNT_DISTINCT, SUM, Base, group_expression, suffix
from .periods import Period, Scope, span, within


def per_case(scope: Scope, periods: Sequence[Period]) -> Base:
    """Per case of the scope with meetings in any of `periods`: for each
    period the number of meetings, their minutes and the last meeting's date.

    Only the scope's meetings are read (the join with its cases would drop
    the others anyway), so a project's or district's figures read that
    project's or district's meetings, not the programme's."""
    aggregates = {}
    for index, period in enumerate(periods):
        in_period = within("date", period)
        aggregates.update(
            {
                # COUNT(date), not COUNT(id): the index has the date
                f"n{suffix(index)}": Count("date", filter=in_period),
                f"minutes{suffix(index)}": Sum("duration_minutes", filter=in_period),
                f"last{suffix(index)}": Max("date", filter=in_period),
            }
        )
    qs = Meeting.objects.filter(within("date", span(periods)))
    if scope.project_id is not None:
        qs = qs.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(case__mentee__region_id=scope.region_id)
    return (
        qs.order_by().values("case_id").annotate(**aggregates).query.sql_with_params()
    )


def first_follow_up_starts(scope: Scope, before: Period) -> Base:
    """Per person of the scope: the earliest start of an employment or
    vocational-training placement, up to the end of `before` (whatever the
    case or project of the placement)."""
    qs = Placement.objects.filter(
        kind__in=Placement.FOLLOW_UP_KINDS, start_on__lte=before.end
    )
    if scope.project_id is not None:
        persons = Case.objects.filter(project_id=scope.project_id)
        qs = qs.filter(case__mentee_id__in=persons.values("mentee_id"))
    if scope.region_id is not None:
        qs = qs.filter(case__mentee__region_id=scope.region_id)
    return (
        qs.order_by()
        .values(person=F("case__mentee_id"))
        .annotate(first_start=Min("start_on"))
        .query.sql_with_params()
    )


def scoped_cases(scope: Scope, period: Period, dimensions: Sequence[str]) -> Base:
    """The scope's cases (all of them: a meeting may follow the closing date),
    with their person and group columns."""
    qs = Case.objects.all()
    if scope.project_id is not None:
        qs = qs.filter(project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(mentee__region_id=scope.region_id)
    groups = {f"g_{d}": group_expression(d, "", period) for d in dimensions}
    return qs.order_by().values("id", "mentee_id", **groups).query.sql_with_params()


def base(
    scope: Scope, periods: Sequence[Period], dimensions: Sequence[str]
) -> tuple[Base, dict[str, str]]:
    """One row per case of the scope with meetings in any of `periods`."""
    meetings_sql, meetings_params = per_case(scope, periods)
    cases_sql, cases_params = scoped_cases(scope, periods[0], dimensions)
    starts_sql, starts_params = first_follow_up_starts(scope, span(periods))
    selects = [f"c.g_{d}" for d in dimensions]
    how = {}
    for index in range(len(periods)):
        s = suffix(index)
        selects += [
            f"m.n{s} AS meetings{s}",
            f"m.minutes{s} AS meeting_minutes{s}",
            f"CASE WHEN m.last{s} >= f.first_start THEN c.mentee_id END"
            f" AS follow_up{s}",
        ]
        how.update(
            {
                f"meetings{s}": SUM,
                f"meeting_minutes{s}": SUM,
                f"follow_up{s}": COUNT_DISTINCT,
            }
        )
    sql = (
        # bandit: column names come from code, values are parameters
        f"SELECT {', '.join(selects)} FROM ({meetings_sql}) m"  # nosec B608
        f" INNER JOIN ({cases_sql}) c ON c.id = m.case_id"
        f" LEFT JOIN ({starts_sql}) f ON f.person = c.mentee_id"
    )
    return (sql, [*meetings_params, *cases_params, *starts_params]), how
