"""Periods (a closed date range) and scopes (programme, project or district)."""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import ProgrammePhase, Project, Region


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
    def half_year(cls, year: int, half: int) -> "Period":
        if half not in (1, 2):
            raise ValueError("A half-year is 1 or 2.")
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30))
        return cls(date(year, 7, 1), date(year, 12, 31))

    @classmethod
    def phase(cls, phase: ProgrammePhase) -> "Period":
        return cls(phase.start, phase.end)

    @property
    def is_quarter(self) -> bool:
        q = (self.start.month + 2) // 3
        return self.start.day == 1 and self == Period.quarter(self.start.year, q)

    @property
    def is_half_year(self) -> bool:
        half = 1 if self.start.month <= 6 else 2
        return self == Period.half_year(self.start.year, half)

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"Q{(self.start.month + 2) // 3} {self.start.year}"
        if self.is_year:
            return str(self.start.year)
        if self.is_half_year:
            return f"H{1 if self.start.month == 1 else 2} {self.start.year}"
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


# The default scope of every function
PROGRAMME = Scope()


def is_quarter_end(day: date) -> bool:
    return day.month % 3 == 0 and day.day == calendar.monthrange(day.year, day.month)[1]


def report_kind(
    period: Period, phases: Sequence[ProgrammePhase]
) -> tuple[str, ProgrammePhase | None] | None:
    """(kind, phase) when `period` is a report's period, else None.

    A report covers a calendar quarter, a calendar year, a programme phase,
    or a phase "to date": from the phase's start to the end of one of its
    quarters. A period that is two of these is the first of them (a phase
    of one year is the year's report).
    """
    if period.is_quarter:
        return "quarter", None
    if period.is_year:
        return "year", None
    for phase in phases:
        if period == Period.phase(phase):
            return "phase", phase
    for phase in phases:
        if (
            period.start == phase.start
            and period.end < phase.end
            and is_quarter_end(period.end)
        ):
            return "phase_to_date", phase
    return None


def open_to_suppressed_viewers(
    period: Period, phases: Sequence[ProgrammePhase]
) -> bool:
    """May a suppressed viewer (ZEFAS) see figures for `period`?

    Only the periods of reports (quarters, calendar years, programme phases
    and phases to the end of a quarter) and half-years: a free
    range would let a reader subtract two nearly equal periods ("the quarter"
    minus "the quarter without its last day") and so recover a small count
    that each period alone protects. Project leads on their own project and
    administrators on the command line keep free ranges: they see the
    figures unsuppressed anyway.
    """
    return period.is_half_year or report_kind(period, phases) is not None


def span(periods: Sequence[Period]) -> Period:
    """The smallest period covering all of `periods`."""
    return Period(min(p.start for p in periods), max(p.end for p in periods))


def within(field_name: str, period: Period) -> Q:
    """`field_name` lies in `period` (both ends included)."""
    return Q(**{f"{field_name}__range": (period.start, period.end)})
