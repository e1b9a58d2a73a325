"""An attacker with integer programming (tests/reports/attack.py) against
everything ZEFAS and the ministry see about a quarter of the demo data."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from reports.compilation import compile_report
from reports.confidentiality import suppress_report
from reports.confidentiality.pattern import (
    apply_pattern,
    district_keys,
    period_reports,
    protected_pattern,
)
from reports.statistics import Period
from tests.base import BaseTestCase
from tests.reports.attack import Attack
from tests.reports.test_statistics_history import build_history

TODAY = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
QUARTERS = ((2026, 2), (2026, 3))


@pytest.mark.slow
class DemoQuarterAttackTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(TODAY, tick=False):
            call_command("demo_data", stdout=StringIO())

    def setUp(self) -> None:
        traveller = time_machine.travel(TODAY, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def test_no_view_of_two_quarters_gives_a_cell_away(self) -> None:
        k = settings.STATISTICS_MIN_CELL
        districts = district_keys()
        for year, quarter in QUARTERS:
            reports = period_reports(Period.quarter(year, quarter))
            pattern = protected_pattern(reports, districts)
            views = [apply_pattern(data, pattern) for data in reports]
            release = suppress_report(
                compile_report(Period.quarter(year, quarter)).data
            )
            attack = Attack([*views, release], reports, districts, k)
            label = f"{year}-Q{quarter}"
            # Every programme, project and district page of the quarter.
            self.assertEqual(len(views), 1 + 14 + 13, label)
            self.assertGreater(len(attack.hidden), 500, label)
            self.assertEqual(attack.inconsistent, [], label)
            for cell, value in attack.shown.items():
                if value != "*":
                    self.assertEqual(value, attack.true[cell], (label, cell))
            self.assertEqual(attack.disclosed(), [], label)

    def test_the_release_alone_gives_nothing_away(self) -> None:
        k = settings.STATISTICS_MIN_CELL
        districts = district_keys()
        year, quarter = QUARTERS[1]
        report = compile_report(Period.quarter(year, quarter))
        release = suppress_report(report.data)
        attack = Attack([release], [report.data], districts, k)
        self.assertGreater(len(attack.hidden), 20)
        self.assertEqual(attack.disclosed(), [])

    def test_primary_suppression_alone_would_give_cells_away(self) -> None:
        # The attacker is not toothless: hiding only the small counts, it
        # recovers many of them.
        k = settings.STATISTICS_MIN_CELL
        districts = district_keys()
        reports = period_reports(Period.quarter(*QUARTERS[1]))
        empty = {"k": k, "cells": [], "districts": districts}
        views = [apply_pattern(data, empty) for data in reports]
        disclosed = Attack(views, reports, districts, k).disclosed()
        self.assertGreater(len(disclosed), 100)


def _report(scope, tables):
    """Report data with one count per table ("participants")."""
    return {
        "scope": {
            "project_id": scope.get("project"),
            "region_id": scope.get("district"),
        },
        "figures": {},
        "tables": [
            {
                "dimension": dimension,
                "columns": ["participants"],
                "rows": [
                    {"key": key, "values": {"participants": value}}
                    for key, value in rows.items()
                ],
                "total": {"participants": total},
            }
            for dimension, total, rows in tables
        ],
    }


class TemptingTablesAttackTest(SimpleTestCase):
    """Three small sets of tables built to tempt recalculation."""

    DISTRICTS = {"7": "7", "8": "8"}

    def _attack(self, reports):
        pattern = protected_pattern(reports, self.DISTRICTS, k=3)
        views = [apply_pattern(data, pattern) for data in reports]
        attack = Attack(views, reports, self.DISTRICTS, 3)
        self.assertEqual(attack.inconsistent, [])
        self.assertTrue(attack.hidden)
        return attack.disclosed()

    def test_one_small_cell_in_a_partition(self) -> None:
        self.assertEqual(
            self._attack(
                [_report({}, [("gender", 20, {"female": 2, "male": 9, "diverse": 9})])]
            ),
            [],
        )

    def test_a_cell_on_a_project_page_and_a_district_page(self) -> None:
        reports = [
            _report(
                {},
                [
                    ("project", 31, {"1": 12, "2": 19}),
                    ("district", 31, {"7": 11, "8": 20}),
                    ("gender", 31, {"female": 14, "male": 16, "diverse": 1}),
                ],
            ),
            _report({"project": 1}, [("district", 12, {"7": 2, "8": 10})]),
            _report({"project": 2}, [("district", 19, {"7": 9, "8": 10})]),
            _report({"district": 7}, [("project", 11, {"1": 2, "2": 9})]),
            _report({"district": 8}, [("project", 20, {"1": 10, "2": 10})]),
        ]
        self.assertEqual(self._attack(reports), [])

    def test_small_cells_that_could_only_be_ones(self) -> None:
        reports = [
            _report(
                {},
                [
                    ("age_group", 23, {"under_30": 1, "30_54": 1, "55_plus": 21}),
                    ("sector", 23, {"a": 1, "b": 12, "c": 11}),
                ],
            )
        ]
        self.assertEqual(self._attack(reports), [])


class SmallHistoryAttackTest(BaseTestCase):
    """The attacker on the small history of the other tests (fast)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_every_cell_has_one_state_and_none_is_given_away(self) -> None:
        districts = district_keys()
        for period in (Period.year(2024), Period.quarter(2024, 1)):
            reports = period_reports(period)
            pattern = protected_pattern(reports, districts, k=3)
            views = [apply_pattern(data, pattern) for data in reports]
            attack = Attack(views, reports, districts, 3)
            self.assertTrue(attack.hidden, period.label)
            self.assertEqual(attack.inconsistent, [], period.label)
            self.assertEqual(attack.disclosed(), [], period.label)

    def test_the_dashboard_shows_a_cell_as_the_pages_of_its_period_do(self) -> None:
        self.client.force_login(self.zoe)
        url = reverse("reports:dashboard")
        period = {"kind": "quarter", "year": "2024", "quarter": "1"}
        pages = [
            self.client.get(url, {**period, "scope": scope}).context
            for scope in ("programme", f"project-{self.project_b.pk}")
        ]
        (by_project,) = [t for t in pages[0]["main_tables"] if t["key"] == "by_project"]
        (row,) = [r for r in by_project["rows"] if r["label"] == "Projekt B"]
        figures = {f["label"]: f["text"] for f in pages[1]["figures"]}
        for label, text in zip(by_project["columns"], row["cells"], strict=True):
            if label in figures and "%" not in label:
                self.assertEqual(text, figures[label], label)
