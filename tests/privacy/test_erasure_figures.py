"""Not one figure moves when several mentees of a built history are erased.

Compared before and after the erasure, over every quarter, half-year, year
and phase of the history:

- every released report: report_data() of each past quarter, with all its
  tables;
- in the programme scope, report_data() of every other period: compute_many()
  and breakdowns() by project, district, gender, age group, country of
  origin, residence status and sector. The rows by project and by district
  are each project's and each district's own figures (the same rows are
  counted), so every figure of every period is compared in every scope;
- in the projects of the erased mentees' cases and in their districts:
  compute_many() and every breakdown table of report_data() of every period
  in which one of their cases, meetings or placements is counted. These are
  the only tables by an erased or coarsened field (age group, gender, country
  of origin, residence status, district) that read their rows. Other scopes
  reach them only through the employers figure (a consultation's project, an
  employer's district), which is broken down by project, district and sector
  alone, and is compared above.

The erased mentees come from two projects and two districts, and one of them
turns 30 in the middle of a quarter while counted, so a birth date coarsened
the wrong way would move an age group.
"""

import datetime
from collections import defaultdict
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max, Min
from django.test import TestCase

from cases.models import Mentee, Placement, ProgrammePhase, Project
from privacy.erasure import erase_mentee, next_quarter_start
from privacy.models import Erasure
from reports.compilation import compile_report
from reports.models import Report
from reports.statistics import (
    DIMENSIONS,
    breakdowns,
    compute_many,
    six_month_day,
    years_before,
)
from reports.statistics.periods import PROGRAMME, Period, Scope
from tests.factories import UserFactory

DEMO_DAY = datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC)
MENTEES = 100

Span = tuple[datetime.date, datetime.date]


def periods_within(span: Span) -> list[Period]:
    """Every quarter, half-year, year and phase that overlaps `span`."""
    found = []
    for year in range(span[0].year, span[1].year + 1):
        found += [Period.quarter(year, q) for q in (1, 2, 3, 4)]
        found += [
            Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
            Period.year(year),
        ]
    found += [Period.phase(p) for p in ProgrammePhase.objects.order_by("start")]
    return [p for p in found if p.start <= span[1] and p.end >= span[0]]


def counted_span(mentee: Mentee) -> Span:
    """The first and the last day on which a case, meeting or placement of
    `mentee` counts: cases opened to closed, meetings, placement starts, ends
    and six-month days."""
    cases = mentee.cases.aggregate(
        first=Min("opened_on"), last=Max("closed_on"), met=Max("meetings__date")
    )
    days = [cases["first"], cases["last"], *([cases["met"]] if cases["met"] else [])]
    for start, end in Placement.objects.filter(case__mentee=mentee).values_list(
        "start_on", "ended_on"
    ):
        days += [start, six_month_day(start), *([end] if end else [])]
    return min(days), max(days)


def counted_scopes(mentee: Mentee) -> set[Scope]:
    """The projects of the mentee's cases and the district they live in."""
    projects = Project.objects.filter(cases__mentee=mentee).distinct()
    return {Scope.for_project(p) for p in projects} | {
        Scope.for_district(mentee.region)
    }


def mentees_to_erase() -> list[Mentee]:
    """Two mentees with closed cases, meetings and placements from each of
    two projects, the second in another district: several projects,
    districts and periods, yet few scopes to compare table by table."""
    candidates = (
        Mentee.objects.exclude(cases__closed_on__isnull=True)
        .filter(cases__meetings__isnull=False, cases__placements__isnull=False)
        .filter(region__isnull=False)
        .select_related("region")
        .distinct()
        .order_by("pk")
    )
    by_project = defaultdict(list)
    for mentee in candidates:
        by_project[mentee.project_id].append(mentee)
    chosen: list[Mentee] = []
    for mentees in by_project.values():
        pair, districts = mentees[:2], {m.region_id for m in chosen}
        if len(pair) == 2 and {m.region_id for m in pair} - districts:
            chosen += pair
        if len(chosen) == 4:
            return chosen
    raise AssertionError("The demo has too few mentees to erase.")


def turn_30_mid_quarter(mentee: Mentee) -> datetime.date:
    """Give `mentee` a 30th birthday in the middle of a quarter in which they
    count: under 30 on its first day, 30 on the next quarter's, which is
    returned. A birth date moved to the quarter start before it (instead of
    after) would make them 30 a quarter early."""
    start = next_quarter_start(counted_span(mentee)[0] + datetime.timedelta(days=1))
    born = years_before(start, 30) + datetime.timedelta(days=45)
    Mentee.objects.filter(pk=mentee.pk).update(date_of_birth=born)
    return next_quarter_start(start + datetime.timedelta(days=1))


def dimensions(scope: Scope) -> list[str]:
    """The breakdown tables report_data() shows for `scope`."""
    own = "project" if scope.project_id is not None else "district"
    return [d for d in DIMENSIONS if scope.is_programme or d != own]


def statistics(programme: list[Period], counted: dict[Scope, list[Period]]) -> dict:
    """The figures and tables to compare (see the module docstring), each
    scope's periods in one compute_many() (four queries) and each table set
    in one breakdowns() (six)."""
    found = {}
    for scope, periods in [(PROGRAMME, programme), *counted.items()]:
        found[scope] = compute_many(periods=periods, scope=scope)
        for period in periods:
            found[period, scope] = breakdowns(
                period=period, dimensions=dimensions(scope), scope=scope
            )
    return found


@pytest.mark.slow
@time_machine.travel(DEMO_DAY, tick=False)
class ErasureKeepsEveryFigureTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_data", mentees=MENTEES, stdout=StringIO())
        cls.zefas = UserFactory(username="zoe", role="zefas")

    def test_it_changes_no_figure_of_any_period_or_scope(self) -> None:
        today = DEMO_DAY.date()
        first = Mentee.objects.aggregate(first=Min("cases__opened_on"))["first"]
        every = periods_within((first, today))
        erased = mentees_to_erase()
        thirty_on = turn_30_mid_quarter(erased[0])
        births = {
            m.pk: m.date_of_birth
            for m in Mentee.objects.filter(pk__in=[m.pk for m in erased])
        }
        released = []
        for period in every:
            if period.is_quarter and period.end < today:
                quarter = (period.start.month + 2) // 3
                report = compile_report(Period.quarter(period.start.year, quarter))
                report.release(by=self.zefas)
                released.append(period)
        counted: dict[Scope, set[Period]] = defaultdict(set)
        for mentee in erased:
            periods = periods_within(counted_span(mentee))
            for scope in counted_scopes(mentee):
                counted[scope].update(periods)
        in_order = {
            s: sorted(p, key=lambda p: (p.start, p.end)) for s, p in counted.items()
        }
        programme = [p for p in every if p not in released]
        # The comparison reaches the erased mentees in several places.
        self.assertEqual(len(erased), 4)
        self.assertLessEqual(thirty_on, counted_span(erased[0])[1])
        self.assertGreater(len({s.project_id for s in counted} - {None}), 1)
        self.assertGreater(len({s.region_id for s in counted} - {None}), 1)
        self.assertGreater(min(len(p) for p in counted.values()), 4)
        before = statistics(programme, in_order)

        for mentee in erased:
            erase_mentee(mentee, by=None, source=Erasure.Source.REQUEST, reason="Test")

        self.assertEqual(Erasure.objects.count(), len(erased))
        coarsened = Mentee.objects.filter(pk__in=births).values_list(
            "pk", "date_of_birth"
        )
        self.assertNotEqual(dict(coarsened), births)
        after = statistics(programme, in_order)
        self.assertEqual(after.keys(), before.keys())
        for key, value in before.items():
            self.assertEqual(after[key], value, key)
        for report in Report.objects.select_related("current_release"):
            recompiled = compile_report(report.period)
            self.assertTrue(recompiled.is_released, report)
            self.assertEqual(recompiled.data, report.current_release.data)
        self.assertEqual(Report.objects.count(), len(released))
