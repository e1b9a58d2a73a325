"""Not one figure moves: every released report, and report_data() of every
quarter, half-year, year and phase in every scope (programme, each project,
each district), are the same before and after several mentees are erased."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max
from django.test import TestCase

from cases.models import Case, Mentee, ProgrammePhase, Project, Region
from privacy.erasure import erase_mentee
from privacy.models import Erasure
from reports.compilation import compile_report
from reports.models import QuarterlyReport
from reports.statistics import report_data
from reports.statistics.periods import Period, Scope
from tests.factories import UserFactory

DEMO_DAY = datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC)
ERASED = 12


def periods(first_year: int, last_year: int) -> list[Period]:
    """Every period a suppressed viewer can choose, over the demo's years."""
    found = []
    for year in range(first_year, last_year + 1):
        found += [Period.quarter(year, q) for q in (1, 2, 3, 4)]
        found += [
            Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
            Period.year(year),
        ]
    return found + [Period.phase(p) for p in ProgrammePhase.objects.all()]


def scopes() -> list[Scope]:
    return [
        Scope(),
        *(Scope.for_project(p) for p in Project.objects.order_by("pk")),
        *(Scope.for_district(r) for r in Region.objects.order_by("pk")),
    ]


def all_figures(chosen: list[Period]) -> dict:
    return {
        (period.key, str(scope.as_dict())): report_data(period=period, scope=scope)
        for period in chosen
        for scope in scopes()
    }


@pytest.mark.slow
@time_machine.travel(DEMO_DAY, tick=False)
class ErasureKeepsEveryFigureTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_data", mentees=300, stdout=StringIO())
        cls.zefas = UserFactory(username="zoe", role="zefas")

    def test_it_changes_no_figure_of_any_period_or_scope(self) -> None:
        first = Case.objects.order_by("opened_on").values_list("opened_on", flat=True)
        chosen = periods(first[0].year, 2026)
        released = []
        for year in range(first[0].year, 2026):
            for quarter in (1, 2, 3, 4):
                report = compile_report(year=year, quarter=quarter)
                report.release(by=self.zefas)
                released.append(report.pk)
        # Mentees whose cases are all closed, with their meetings, steps and
        # placements: the erasure has something to remove everywhere.
        due = (
            Mentee.objects.exclude(cases__closed_on__isnull=True)
            .annotate(last=Max("cases__closed_on"))
            .filter(cases__meetings__isnull=False, cases__placements__isnull=False)
            .distinct()
            .order_by("pk")[:ERASED]
        )
        before = all_figures(chosen)

        for mentee in list(due):
            erase_mentee(mentee, by=None, source=Erasure.Source.REQUEST, reason="Test")

        self.assertEqual(Erasure.objects.count(), ERASED)
        after = all_figures(chosen)
        self.assertEqual(len(after), len(chosen) * len(scopes()))
        for key, figures in before.items():
            self.assertEqual(after[key], figures, key)
        for pk in released:
            report = QuarterlyReport.objects.get(pk=pk)
            recompiled = compile_report(year=report.year, quarter=report.quarter)
            self.assertTrue(recompiled.is_released, report)
            self.assertEqual(recompiled.data, report.current_release.data)
