"""The programme statistics: DESIGN.md "The statistics", as database queries.

Everything here is a pure function of a period and a scope. Every figure is
counted directly over its own period (never as a sum of quarters) with
COUNT(DISTINCT ...) and conditional aggregation, so the number of queries
depends on the number of periods and dimensions asked for, never on the
amount of data: `compute()` costs five queries (cases, placements, meetings,
follow-up meetings, employers), `breakdown()` at most six, `report_data()`
31.

Decisions where DESIGN.md leaves a case open (tested in
tests/reports/test_statistics*.py):

- Persons are mentees (`Case.mentee`); a person with two cases in P, or in
  two projects, counts once in the programme and once in each project.
- Breakdowns by district, gender, age, country of origin and residence status
  use the mentee's current data (the model keeps no history of them).
- `follow_up` counts a meeting dated on or after the start of any employment
  or vocational-training placement of the same person (DESIGN: "one of their
  placements"), whichever case or project that placement belongs to, and
  whether or not that placement is still running.
- `sustainably_integrated` counts only six-month days up to today: a
  placement whose six months are not over yet is not (yet) sustainable.
  Ending on the six-month day itself is not "before" it. The six-month day
  is computed in SQL (`SixMonthDay`); the start dates whose six-month day
  lies in P form one range, computed in Python, which keeps the query on
  the index.
- Age groups compare the date of birth with the first day of P minus 30 and
  55 years (28 February for a 29 February), the same rule as
  `Mentee.age_on`.
- Placements without an employer (self-employment, a Minijob) have no
  sector: the "not stated" row of the sector breakdown.
- The trend of a period is per calendar quarter, each clipped to the period
  so that the rows partition it; per year for periods over five years.
- `employers` in a project scope: consultations of the project and placements
  of the project's cases; in a district scope: employers of that district.
  Employers are broken down by project, district and sector only; meetings
  and meeting hours (the projects' activity) by project and district only.
- Rates are percentages with one decimal (42.9), None when the denominator
  is zero; `average_support_days` and `meeting_hours` have one decimal.
- `compute()` also returns `closed_cases` (the cases behind the average), so
  that the confidentiality rules can suppress an average of one or two cases.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Case as CaseModel
from cases.models import (
    Meeting,
    Mentee,
    Placement,
    ProgrammePhase,
    Project,
    Region,
)
from employers.models import Employer, EmployerConsultation

# ---------------------------------------------------------------------------
# Periods and scopes


@dataclass(frozen=True)
class Period:
    """A closed date range: a quarter, a year, a phase or any range."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        first_month = 3 * quarter - 2
        last_month = first_month + 2
        return cls(
            date(year, first_month, 1),
            date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def phase(cls, phase: ProgrammePhase) -> "Period":
        return cls(phase.start, phase.end)

    @property
    def is_quarter(self) -> bool:
        q = (self.start.month + 2) // 3
        return self.start.day == 1 and self == Period.quarter(self.start.year, q)

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"Q{(self.start.month + 2) // 3} {self.start.year}"
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def key(self) -> str:
        """A short key for a table row: 2024-Q3, 2024, or 2020-01-01_2022-12-31."""
        if self.is_quarter:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        if self.is_year:
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def quarters(self) -> list["Period"]:
        """The calendar quarters overlapping the period (whole quarters)."""
        result = []
        year, quarter = self.start.year, (self.start.month + 2) // 3
        while True:
            q = Period.quarter(year, quarter)
            if q.start > self.end:
                return result
            result.append(q)
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)

    def years(self) -> list["Period"]:
        """The calendar years overlapping the period (whole years)."""
        return [Period.year(y) for y in range(self.start.year, self.end.year + 1)]

    def clip(self, other: "Period") -> "Period":
        """The part of this period that lies within `other`."""
        return Period(max(self.start, other.start), min(self.end, other.end))

    def as_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
        }


@dataclass(frozen=True)
class Scope:
    """The whole programme, one project or one district (of residence)."""

    project_id: int | None = None
    region_id: int | None = None
    # Only for the label; not part of the scope's identity.
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.project_id is not None and self.region_id is not None:
            raise ValueError("A scope is a project or a district, not both.")

    @classmethod
    def programme(cls) -> "Scope":
        return cls()

    @classmethod
    def for_project(cls, project: Project) -> "Scope":
        return cls(project_id=project.pk, name=project.name)

    @classmethod
    def for_district(cls, region: Region) -> "Scope":
        return cls(region_id=region.pk, name=region.name)

    @property
    def is_programme(self) -> bool:
        return self.project_id is None and self.region_id is None

    @property
    def label(self) -> str:
        """The scope's name. Costs a query if the scope was built from an id only."""
        if self.is_programme:
            return str(_("whole programme"))
        if self.name:
            return self.name
        if self.project_id is not None:
            return Project.objects.get(pk=self.project_id).name
        return Region.objects.get(pk=self.region_id).name

    def as_dict(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "region_id": self.region_id,
            "label": self.label,
        }


# ---------------------------------------------------------------------------
# Figures, rates, dimensions

FIGURES: tuple[str, ...] = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "employers",
    "employment",
    "employment_adequate",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "marginal_employment",
    "self_employment",
    "dropouts",
    "follow_up",
    "sustainably_integrated",
    "average_support_days",
    "meetings",
    "meeting_hours",
)
RATES: dict[str, tuple[str, str]] = {
    "women_share": ("women", "participants"),
    "employment_adequate_share": ("employment_adequate", "employment"),
}
DIMENSIONS: tuple[str, ...] = (
    "project",
    "district",
    "gender",
    "age_group",
    "country_of_origin",
    "residence_status",
    "sector",
)
# Not a figure of DESIGN.md: the number of cases behind average_support_days.
AUXILIARY: tuple[str, ...] = ("closed_cases",)
# Figures that are not counts: each depends on a count (for confidentiality).
DERIVED: dict[str, str] = {
    "average_support_days": "closed_cases",
    "meeting_hours": "meetings",
}

FIGURE_LABELS = {
    "first_conversations": _("first conversations"),
    "participants": _("participants"),
    "new_participants": _("new participants"),
    "women": _("women"),
    "employers": _("employers accompanied"),
    "employment": _("into employment"),
    "employment_adequate": _("of which qualification-adequate"),
    "vocational_training": _("into vocational training"),
    "qualification": _("into qualification"),
    "entry_qualification": _("into entry qualification"),
    "internship": _("into internship"),
    "marginal_employment": _("into marginal employment"),
    "self_employment": _("into self-employment"),
    "dropouts": _("dropouts"),
    "follow_up": _("in follow-up"),
    "sustainably_integrated": _("sustainably integrated"),
    "average_support_days": _("average length of support (days)"),
    "meetings": _("meetings"),
    "meeting_hours": _("meeting hours"),
    "women_share": _("share of women (%)"),
    "employment_adequate_share": _("qualification-adequate share (%)"),
    "closed_cases": _("closed cases"),
}
DIMENSION_LABELS = {
    "project": _("project"),
    "district": _("district of residence"),
    "gender": _("gender"),
    "age_group": _("age group"),
    "country_of_origin": _("country of origin"),
    "residence_status": _("residence status"),
    "sector": _("economic sector (WZ 2008)"),
    "quarter": _("quarter"),
    "year": _("year"),
}
TABLE_TITLES = {
    "project": _("By project"),
    "district": _("By district of residence"),
    "gender": _("By gender"),
    "age_group": _("By age group"),
    "country_of_origin": _("By country of origin"),
    "residence_status": _("By residence status"),
    "sector": _("By economic sector of the employer"),
    "quarter": _("By quarter"),
    "year": _("By year"),
}
AGE_GROUPS = (
    ("under_30", _("under 30")),
    ("30_54", _("30–54")),
    ("55_plus", _("55 and over")),
)
NOT_STATED = _("not stated")

CASE_FIGURES = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "average_support_days",
    "closed_cases",
)
PLACEMENT_KIND_FIGURES = {
    "employment": Placement.Kind.EMPLOYMENT,
    "vocational_training": Placement.Kind.VOCATIONAL_TRAINING,
    "qualification": Placement.Kind.QUALIFICATION,
    "entry_qualification": Placement.Kind.ENTRY_QUALIFICATION,
    "internship": Placement.Kind.INTERNSHIP,
    "marginal_employment": Placement.Kind.MARGINAL_EMPLOYMENT,
    "self_employment": Placement.Kind.SELF_EMPLOYMENT,
}
PLACEMENT_FIGURES = (
    *PLACEMENT_KIND_FIGURES,
    "employment_adequate",
    "dropouts",
    "sustainably_integrated",
)
MEETING_FIGURES = ("meetings", "meeting_hours")
FOLLOW_UP_FIGURES = ("follow_up",)
EMPLOYER_FIGURES = ("employers",)

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

# Which figure groups each dimension applies to. Persons have no sector;
# employers have no gender, age, origin or residence status.
_PERSON_DIMENSIONS = ("gender", "age_group", "country_of_origin", "residence_status")
# Meetings and their hours are the projects' activity, not the persons': they
# are broken down by project and district only.
_GROUPS_BY_DIMENSION = {
    "project": ("case", "placement", "follow_up", "meeting", "employer"),
    "district": ("case", "placement", "follow_up", "meeting", "employer"),
    **dict.fromkeys(_PERSON_DIMENSIONS, ("case", "placement", "follow_up")),
    "sector": ("placement", "employer"),
}
_FIGURES_BY_GROUP = {
    "case": CASE_FIGURES,
    "placement": PLACEMENT_FIGURES,
    "meeting": MEETING_FIGURES,
    "follow_up": FOLLOW_UP_FIGURES,
    "employer": EMPLOYER_FIGURES,
}


def columns_for(dimension: str) -> list[str]:
    """The figure keys a breakdown by `dimension` has, in DESIGN order."""
    groups = _GROUPS_BY_DIMENSION.get(dimension, tuple(_FIGURES_BY_GROUP))
    keys = {key for group in groups for key in _FIGURES_BY_GROUP[group]}
    return [key for key in FIGURES if key in keys]


def rates_for(columns: Sequence[str]) -> list[str]:
    return [r for r, (num, den) in RATES.items() if num in columns and den in columns]


# ---------------------------------------------------------------------------
# Dates: ages and six-month days


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def six_month_day(start: date) -> date:
    """The same day six months after `start`; the month's last day if it lacks it."""
    month = start.month + 6
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def six_month_start_window(first: date, last: date) -> tuple[date, date] | None:
    """The start dates whose six-month day lies in [first, last], as a range.

    `six_month_day` never decreases, so these start dates form one range.
    """
    low = first - datetime.timedelta(days=186)
    while six_month_day(low) < first:
        low += datetime.timedelta(days=1)
    high = last - datetime.timedelta(days=186)
    while six_month_day(high + datetime.timedelta(days=1)) <= last:
        high += datetime.timedelta(days=1)
    return (low, high) if low <= high else None


class SixMonthDay(Func):
    """A date column's six-month day, in SQL (DESIGN: the same day six months
    later; the month's last day where that day does not exist).

    PostgreSQL's date arithmetic does exactly this ('2023-08-31' + 6 months
    is 2024-02-29). SQLite's would run over into March, so there it is the
    earlier of "six months on" and the last day of the sixth month on.
    """

    arity = 1
    output_field = DateField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST((%(expressions)s + INTERVAL '6 months') AS date)",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"MIN(date({sql}, '+6 months'), "
            f"date({sql}, 'start of month', '+7 months', '-1 day'))",
            [*params, *params],
        )


def _lasted_six_months() -> Q:
    """No actual end before the six-month day (ending on it is fine)."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=SixMonthDay("start_on"))


# ---------------------------------------------------------------------------
# Conditional aggregates, one set per period


def _span(periods: Sequence[Period]) -> Period:
    return Period(min(p.start for p in periods), max(p.end for p in periods))


def _in(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__range": (period.start, period.end)})


def _case_aggregates(period: Period, suffix: str) -> dict[str, Any]:
    participant = Q(admitted_on__isnull=False, admitted_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )
    closed = Q(admitted_on__isnull=False) & _in("closed_on", period)
    support = ExpressionWrapper(
        F("closed_on") - F("admitted_on"), output_field=DurationField()
    )
    return {
        f"first_conversations{suffix}": Count(
            "mentee", distinct=True, filter=_in("opened_on", period)
        ),
        f"participants{suffix}": Count("mentee", distinct=True, filter=participant),
        f"new_participants{suffix}": Count(
            "mentee", distinct=True, filter=_in("admitted_on", period)
        ),
        f"women{suffix}": Count(
            "mentee",
            distinct=True,
            filter=participant & Q(mentee__gender=Mentee.Gender.FEMALE),
        ),
        f"average_support_days{suffix}": Avg(support, filter=closed),
        f"closed_cases{suffix}": Count("pk", filter=closed),
    }


def _placement_aggregates(period: Period, suffix: str) -> dict[str, Any]:
    person = "case__mentee"
    started = _in("start_on", period)
    result = {
        f"{key}{suffix}": Count(person, distinct=True, filter=started & Q(kind=kind))
        for key, kind in PLACEMENT_KIND_FIGURES.items()
    }
    result[f"employment_adequate{suffix}"] = Count(
        person,
        distinct=True,
        filter=started & Q(kind=Placement.Kind.EMPLOYMENT, qualification_adequate=True),
    )
    result[f"dropouts{suffix}"] = Count(
        "pk",
        filter=_in("ended_on", period)
        & Q(kind__in=DROPOUT_KINDS, end_reason__in=DROPOUT_REASONS),
    )
    window = six_month_start_window(period.start, min(period.end, timezone.localdate()))
    if window is None:
        result[f"sustainably_integrated{suffix}"] = Value(0)
    else:
        result[f"sustainably_integrated{suffix}"] = Count(
            person,
            distinct=True,
            filter=Q(kind__in=SUSTAINABLE_KINDS, start_on__range=window)
            & _lasted_six_months(),
        )
    return result


def _meeting_aggregates(period: Period, suffix: str) -> dict[str, Any]:
    in_period = _in("date", period)
    return {
        f"meetings{suffix}": Count("pk", filter=in_period),
        f"meeting_minutes{suffix}": Sum("duration_minutes", filter=in_period),
    }


def _follow_up_aggregates(period: Period, suffix: str) -> dict[str, Any]:
    return {
        f"follow_up{suffix}": Count(
            "case__mentee", distinct=True, filter=_in("date", period)
        )
    }


# ---------------------------------------------------------------------------
# Scoped querysets, restricted to the rows any of the periods can touch


def _cases(scope: Scope, span: Period) -> QuerySet:
    qs = CaseModel.objects.filter(opened_on__lte=span.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=span.start)
    )
    if scope.project_id is not None:
        qs = qs.filter(project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(mentee__region_id=scope.region_id)
    return qs


def _placements(scope: Scope, span: Period) -> QuerySet:
    touched = _in("start_on", span) | _in("ended_on", span)
    window = six_month_start_window(span.start, min(span.end, timezone.localdate()))
    if window is not None:
        touched |= Q(start_on__range=window)
    qs = Placement.objects.filter(touched)
    if scope.project_id is not None:
        qs = qs.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(case__mentee__region_id=scope.region_id)
    return qs


def _meetings(scope: Scope, span: Period) -> QuerySet:
    qs = Meeting.objects.filter(_in("date", span))
    if scope.project_id is not None:
        qs = qs.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        qs = qs.filter(case__mentee__region_id=scope.region_id)
    return qs


def _follow_up_meetings(scope: Scope, span: Period) -> QuerySet:
    """Meetings dated on or after the start of one of the person's employment
    or vocational-training placements (in any of their cases).

    A join (meeting - case - person - their cases - placements), not a
    correlated EXISTS: the database hashes it once instead of probing per
    meeting and period. A meeting may appear once per such placement, which
    COUNT(DISTINCT person) does not mind; so meetings are counted elsewhere.
    """
    return _meetings(scope, span).filter(
        case__mentee__cases__placements__kind__in=Placement.FOLLOW_UP_KINDS,
        case__mentee__cases__placements__start_on__lte=F("date"),
    )


def _employer_events(scope: Scope, span: Period, dimension: str | None) -> QuerySet:
    """(employer, day, group) rows: consultations and placement starts in `span`.

    A UNION ALL of both sources, so that an employer counts once whether it
    was advised, placed with, or both.
    """
    groups = {
        None: (Value(""), Value("")),
        "project": (F("project_id"), F("case__project_id")),
        "district": (F("employer__region__key"), F("employer__region__key")),
        "sector": (F("employer__sector"), F("employer__sector")),
    }[dimension]
    consultations = EmployerConsultation.objects.filter(_in("date", span))
    placements = Placement.objects.filter(_in("start_on", span), employer__isnull=False)
    if scope.project_id is not None:
        consultations = consultations.filter(project_id=scope.project_id)
        placements = placements.filter(case__project_id=scope.project_id)
    if scope.region_id is not None:
        consultations = consultations.filter(employer__region_id=scope.region_id)
        placements = placements.filter(employer__region_id=scope.region_id)
    consultations = (
        consultations.order_by()
        .annotate(_e=F("employer_id"), _d=F("date"), _g=groups[0])
        .values_list("_e", "_d", "_g")
    )
    placements = (
        placements.order_by()
        .annotate(_e=F("employer_id"), _d=F("start_on"), _g=groups[1])
        .values_list("_e", "_d", "_g")
    )
    return consultations.union(placements, all=True)


def _employer_counts(
    scope: Scope, periods: Sequence[Period], dimension: str | None
) -> dict[str, list[int]]:
    """Distinct employers per group and period, in one query."""
    events = _employer_events(scope, _span(periods), dimension)
    inner_sql, inner_params = events.query.sql_with_params()
    adapt = connection.ops.adapt_datefield_value
    selects, params = [], []
    for i, period in enumerate(periods):
        selects.append(
            f"COUNT(DISTINCT CASE WHEN u._d BETWEEN %s AND %s THEN u._e END) AS n{i}"
        )
        params += [adapt(period.start), adapt(period.end)]
    sql = f"SELECT u._g, {', '.join(selects)} FROM ({inner_sql}) u GROUP BY u._g"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        rows = cursor.fetchall()
    return {_group_key(row[0]): [int(n) for n in row[1:]] for row in rows}


# ---------------------------------------------------------------------------
# Grouping by a dimension


def _group_expression(dimension: str, prefix: str, period: Period) -> Any:
    """The SQL expression of `dimension` for rows reaching the mentee via `prefix`."""
    mentee = f"{prefix}mentee__"
    if dimension == "project":
        return F(f"{prefix}project_id" if prefix else "project_id")
    if dimension == "district":
        return F(f"{mentee}region__key")
    if dimension == "gender":
        return F(f"{mentee}gender")
    if dimension == "country_of_origin":
        return F(f"{mentee}country_of_origin")
    if dimension == "residence_status":
        return F(f"{mentee}residence_status")
    if dimension == "age_group":
        # Age in full years on the first day of P, as date comparisons:
        # 30 or older <=> born on or before the same day 30 years earlier.
        born = f"{mentee}date_of_birth"
        return Case(
            When(
                **{f"{born}__gt": years_before(period.start, 30)},
                then=Value("under_30"),
            ),
            When(
                **{f"{born}__gt": years_before(period.start, 55)}, then=Value("30_54")
            ),
            default=Value("55_plus"),
        )
    if dimension == "sector":
        return F("employer__sector")
    raise ValueError(f"Unknown dimension {dimension!r}")


def _group_key(value: Any) -> str:
    return "" if value is None else str(value)


def _grouped(
    qs: QuerySet, expression: Any, aggregates: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    rows = (
        qs.order_by()
        .annotate(_group=expression)
        .values("_group")
        .annotate(**aggregates)
    )
    return {_group_key(row.pop("_group")): row for row in rows}


# ---------------------------------------------------------------------------
# Finishing raw aggregates into figures


def _percent(numerator: int | None, denominator: int | None) -> float | None:
    if not denominator:
        return None
    return round(100 * (numerator or 0) / denominator, 1)


def _finish(raw: dict[str, Any], columns: Iterable[str] = FIGURES) -> dict[str, Any]:
    """Figures (and rates) from one set of raw aggregates without suffix."""
    columns = list(columns)
    figures: dict[str, Any] = {}
    for key in columns:
        if key == "average_support_days":
            avg = raw.get("average_support_days")
            if avg is None:
                figures[key] = None
            else:
                if isinstance(avg, datetime.timedelta):
                    avg = avg.total_seconds() / 86400
                figures[key] = round(float(avg), 1)
        elif key == "meeting_hours":
            figures[key] = round((raw.get("meeting_minutes") or 0) / 60, 1)
        else:
            figures[key] = int(raw.get(key) or 0)
    if "average_support_days" in columns:
        figures["closed_cases"] = int(raw.get("closed_cases") or 0)
    for rate in rates_for(columns):
        num, den = RATES[rate]
        figures[rate] = _percent(figures[num], figures[den])
    return figures


def _unsuffix(raw: dict[str, Any], suffix: str) -> dict[str, Any]:
    return {k[: -len(suffix)]: v for k, v in raw.items() if k.endswith(suffix)}


def compute_many(
    *, periods: Sequence[Period], scope: Scope = Scope()
) -> list[dict[str, Any]]:
    """`compute()` for several periods, in five queries whatever their number."""
    periods = list(periods)
    span = _span(periods)
    suffixes = [f"__p{i}" for i in range(len(periods))]
    raw = {}
    for builder, qs in (
        (_case_aggregates, _cases(scope, span)),
        (_placement_aggregates, _placements(scope, span)),
        (_meeting_aggregates, _meetings(scope, span)),
        (_follow_up_aggregates, _follow_up_meetings(scope, span)),
    ):
        aggregates = {}
        for period, suffix in zip(periods, suffixes, strict=True):
            aggregates.update(builder(period, suffix))
        raw.update(qs.aggregate(**aggregates))
    employers = _employer_counts(scope, periods, None)
    counts = next(iter(employers.values()), [0] * len(periods))
    result = []
    for i, suffix in enumerate(suffixes):
        values = _unsuffix(raw, suffix)
        values["employers"] = counts[i]
        result.append(_finish(values))
    return result


def compute(*, period: Period, scope: Scope = Scope()) -> dict[str, int | float | None]:
    """Every figure of DESIGN.md and the two rates for one period and scope."""
    return compute_many(periods=[period], scope=scope)[0]


MAX_TREND_QUARTERS = 20


def trend_unit(period: Period) -> str:
    """ "quarter", or "year" for periods longer than five years."""
    return "quarter" if len(period.quarters()) <= MAX_TREND_QUARTERS else "year"


def trend_periods(period: Period) -> list[Period]:
    """The rows of a trend over `period`: its quarters, or years for long ranges.

    Clipped to the period, so the rows partition it.
    """
    parts = period.quarters() if trend_unit(period) == "quarter" else period.years()
    return [part.clip(period) for part in parts]


def trend(*, period: Period, scope: Scope = Scope()) -> list[tuple[Period, dict]]:
    """Figures per quarter (or year) of `period`, in five queries."""
    parts = trend_periods(period)
    return list(zip(parts, compute_many(periods=parts, scope=scope), strict=True))


# ---------------------------------------------------------------------------
# Breakdowns


def _labels(dimension: str, scope: Scope) -> list[tuple[str, str]] | None:
    """All (key, label) rows of a closed dimension; None where rows follow the data.

    Projects and districts cost one query.
    """
    if dimension == "project":
        projects = Project.objects.order_by("name")
        if scope.project_id is not None:
            projects = projects.filter(pk=scope.project_id)
        return [(str(pk), name) for pk, name in projects.values_list("pk", "name")]
    if dimension == "district":
        regions = Region.objects.order_by("name")
        if scope.region_id is not None:
            regions = regions.filter(pk=scope.region_id)
        return list(regions.values_list("key", "name"))
    if dimension == "gender":
        return [(value, str(label)) for value, label in Mentee.Gender.choices]
    if dimension == "age_group":
        return [(value, str(label)) for value, label in AGE_GROUPS]
    if dimension == "residence_status":
        return [(value, str(label)) for value, label in Mentee.ResidenceStatus.choices]
    return None


def _open_label(dimension: str, key: str) -> str:
    if not key:
        return str(NOT_STATED)
    if dimension == "country_of_origin":
        return str(countries.name(key) or key)
    if dimension == "sector":
        return str(dict(Employer.Sector.choices).get(key, key))
    return key


def breakdown(
    *, period: Period, dimension: str, scope: Scope = Scope()
) -> list[tuple[str, str, dict]]:
    """(row key, label, figures) for each value of `dimension`.

    Rows of projects, districts, genders, age groups and residence statuses
    are all listed (zeros included); countries and sectors only where some
    figure is not zero. A missing value (no district given, no employer) is
    the row with key "" labelled "not stated", listed last.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}")
    groups = _GROUPS_BY_DIMENSION[dimension]
    columns = columns_for(dimension)
    span = period
    raw: dict[str, dict[str, Any]] = {}

    def merge(rows: dict[str, dict[str, Any]]) -> None:
        for key, values in rows.items():
            raw.setdefault(key, {}).update(values)

    if "case" in groups:
        merge(
            _grouped(
                _cases(scope, span),
                _group_expression(dimension, "", period),
                _case_aggregates(period, ""),
            )
        )
    if "placement" in groups:
        merge(
            _grouped(
                _placements(scope, span),
                _group_expression(dimension, "case__", period),
                _placement_aggregates(period, ""),
            )
        )
    if "meeting" in groups:
        merge(
            _grouped(
                _meetings(scope, span),
                _group_expression(dimension, "case__", period),
                _meeting_aggregates(period, ""),
            )
        )
    if "follow_up" in groups:
        merge(
            _grouped(
                _follow_up_meetings(scope, span),
                _group_expression(dimension, "case__", period),
                _follow_up_aggregates(period, ""),
            )
        )
    if "employer" in groups:
        for key, counts in _employer_counts(scope, [period], dimension).items():
            raw.setdefault(key, {})["employers"] = counts[0]

    labels = _labels(dimension, scope)
    open_dimension = labels is None
    if labels is None:
        labels = sorted(
            ((key, _open_label(dimension, key)) for key in raw if key),
            key=lambda item: item[1].casefold(),
        )
    known = {key for key, _label in labels}
    if "" in raw and "" not in known:
        labels.append(("", str(NOT_STATED)))
    # Values outside the choices (should not happen) still count, under their code.
    labels += [(key, key) for key in raw if key not in known and key]
    rows = []
    for key, label in labels:
        figures = _finish(raw.get(key, {}), columns)
        # Open dimensions, and the "not stated" row, only where there is data.
        if (open_dimension or key == "") and not any(figures[c] for c in columns):
            continue
        rows.append((key, label, figures))
    return rows


# ---------------------------------------------------------------------------
# The whole report


def _table(
    key: str,
    dimension: str,
    rows: list[tuple[str, str, dict]],
    total: dict[str, Any],
) -> dict[str, Any]:
    columns = columns_for(dimension)
    keep = [*columns, *rates_for(columns)]
    if "average_support_days" in columns:
        keep.append("closed_cases")
    return {
        "key": key,
        "title": str(TABLE_TITLES[dimension]),
        "dimension": dimension,
        "columns": columns,
        "rows": [
            {"key": row_key, "label": label, "values": values}
            for row_key, label, values in rows
        ],
        "total": {k: total[k] for k in keep if k in total},
    }


def report_data(*, period: Period, scope: Scope = Scope()) -> dict[str, Any]:
    """Figures and tables of one period and scope, JSON-serialisable, unsuppressed.

    Tables: by project (unless the scope is a project), by district (unless a
    district), by gender, age group, country of origin, residence status and
    sector, and by quarter when the period spans more than one quarter. Every
    table's `total` holds the scope's figures for the period (distinct
    persons, so possibly less than the sum of the rows).
    """
    parts = trend_periods(period)
    computed = compute_many(
        periods=[period, *parts] if len(parts) > 1 else [period], scope=scope
    )
    figures = computed[0]
    tables = []
    for dimension in DIMENSIONS:
        if dimension == "project" and scope.project_id is not None:
            continue
        if dimension == "district" and scope.region_id is not None:
            continue
        rows = breakdown(period=period, dimension=dimension, scope=scope)
        tables.append(_table(f"by_{dimension}", dimension, rows, figures))
    if len(parts) > 1:
        dimension = trend_unit(period)
        rows = [
            (part.key, part.label, values)
            for part, values in zip(parts, computed[1:], strict=True)
        ]
        tables.append(_table(f"by_{dimension}", dimension, rows, figures))
    return {
        "period": period.as_dict(),
        "scope": scope.as_dict(),
        "figures": figures,
        "tables": tables,
    }


def format_figure(value: Any) -> str:
    """A figure for people: German digit grouping; "–" for no value."""
    if value is None:
        return "–"
    if isinstance(value, float):
        # number_format cuts off further decimals; round first
        return formats.number_format(round(value, 1), 1, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, 0, force_grouping=True)
    return str(value)
