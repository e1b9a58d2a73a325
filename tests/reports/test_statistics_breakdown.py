"""Breakdowns and the whole report data over the hand-built history."""

import datetime
import json

import time_machine
from django.utils import translation

from reports.statistics import (
    DIMENSIONS,
    FIGURES,
    Period,
    Scope,
    breakdown,
    breakdowns,
    compute,
    report_data,
)
from tests.base import BaseTestCase
from tests.factories import MenteeFactory, region
from tests.reports.test_statistics_history import (
    CHEMNITZ,
    DRESDEN,
    LEIPZIG,
    build_history,
)

D = datetime.date
YEAR = Period.year(2024)


def column(rows: list, figure: str) -> dict:
    return {key: values.get(figure) for key, _label, values in rows}


class BreakdownTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.history = build_history(cls.project_a, cls.project_b)

    def setUp(self) -> None:
        translation.activate("de")

    def test_it_breaks_down_by_project(self) -> None:
        rows = breakdown(period=YEAR, dimension="project")
        a, b = str(self.project_a.pk), str(self.project_b.pk)
        self.assertEqual(
            [(k, label) for k, label, _v in rows], [(a, "Projekt A"), (b, "Projekt B")]
        )
        self.assertEqual(column(rows, "participants"), {a: 4, b: 5})
        # e1 was consulted by B and placed with by A: once in each, once in all
        self.assertEqual(column(rows, "employers"), {a: 3, b: 4})
        self.assertEqual(column(rows, "women_share"), {a: 25.0, b: 20.0})
        self.assertEqual(
            rows[0][2], compute(period=YEAR, scope=Scope.for_project(self.project_a))
        )

    def test_it_lists_every_project_and_district_even_without_figures(self) -> None:
        rows = breakdown(period=Period.quarter(2019, 1), dimension="district")
        self.assertEqual(len(rows), 13)
        self.assertTrue(all(v["participants"] == 0 for _k, _l, v in rows))

    def test_it_breaks_down_by_district_of_residence(self) -> None:
        rows = breakdown(period=YEAR, dimension="district")
        self.assertEqual(len(rows), 14)  # 13 districts and "not stated"
        self.assertEqual(rows[-1][:2], ("", "keine Angabe"))
        participants = {k: v for k, v in column(rows, "participants").items() if v}
        self.assertEqual(participants, {CHEMNITZ: 1, DRESDEN: 3, LEIPZIG: 1, "": 4})
        employers = {k: v for k, v in column(rows, "employers").items() if v}
        # employers by their own district
        self.assertEqual(employers, {CHEMNITZ: 1, DRESDEN: 2, LEIPZIG: 1, "": 1})

    def test_it_breaks_down_by_gender(self) -> None:
        rows = breakdown(period=YEAR, dimension="gender")
        self.assertEqual(
            [k for k, _l, _v in rows], ["female", "male", "diverse", "not_stated"]
        )
        self.assertEqual(
            column(rows, "participants"),
            {"female": 2, "male": 7, "diverse": 0, "not_stated": 0},
        )
        self.assertNotIn("employers", rows[0][2])  # employers have no gender
        self.assertNotIn("meetings", rows[0][2])  # activity: projects, districts
        self.assertEqual(
            column(rows, "follow_up"),
            {"female": 1, "male": 2, "diverse": 0, "not_stated": 0},
        )

    def test_it_breaks_down_by_age_on_the_first_day_of_the_period(self) -> None:
        rows = breakdown(period=YEAR, dimension="age_group")
        self.assertEqual(
            [(k, label) for k, label, _v in rows],
            [("under_30", "unter 30"), ("30_54", "30–54"), ("55_plus", "55 und älter")],
        )
        # m3 is exactly 30 on 01.01.2024, m9 29, m6 55
        self.assertEqual(
            column(rows, "participants"), {"under_30": 5, "30_54": 3, "55_plus": 1}
        )
        # a year earlier m3 was 29, m6 54
        rows = breakdown(period=Period.quarter(2023, 4), dimension="age_group")
        self.assertEqual(
            column(rows, "participants"), {"under_30": 4, "30_54": 2, "55_plus": 0}
        )

    def test_it_counts_age_on_29_february(self) -> None:
        project = self.project_a
        from tests.factories import CaseFactory

        born_28th = MenteeFactory(project=project, date_of_birth=D(1994, 2, 28))
        born_1st = MenteeFactory(project=project, date_of_birth=D(1994, 3, 1))
        for mentee in (born_28th, born_1st):
            CaseFactory(mentee=mentee, opened_on=D(2024, 2, 29))
        rows = breakdown(
            period=Period(D(2024, 2, 29), D(2024, 2, 29)), dimension="age_group"
        )
        # 30 since 28.02.2024; the other turns 30 on 01.03.2024
        self.assertEqual(
            column(rows, "first_conversations"),
            {"under_30": 1, "30_54": 1, "55_plus": 0},
        )

    def test_it_breaks_down_by_country_of_origin(self) -> None:
        rows = breakdown(period=YEAR, dimension="country_of_origin")
        self.assertEqual(
            [(k, label) for k, label, _v in rows], [("SY", "Syrien"), ("UA", "Ukraine")]
        )
        self.assertEqual(column(rows, "participants"), {"SY": 8, "UA": 1})

    def test_it_breaks_down_by_residence_status(self) -> None:
        rows = breakdown(period=YEAR, dimension="residence_status")
        self.assertEqual(len(rows), 8)
        participants = {k: v for k, v in column(rows, "participants").items() if v}
        self.assertEqual(participants, {"duldung": 1, "unknown": 8})

    def test_it_breaks_down_placements_and_employers_by_sector(self) -> None:
        rows = breakdown(period=YEAR, dimension="sector")
        self.assertEqual([k for k, _l, _v in rows], ["C", "F", "G", "Q", ""])
        self.assertEqual(rows[0][1], "C – Verarbeitendes Gewerbe")
        self.assertEqual(
            rows[0][2],
            {
                "employers": 2,  # e1 e3
                "employment": 3,
                "employment_adequate": 2,
                "vocational_training": 0,
                "qualification": 2,  # m6 at e3, m9 at e1
                "entry_qualification": 0,
                "internship": 1,
                "marginal_employment": 0,
                "self_employment": 0,
                "dropouts": 2,  # m9's two
                "sustainably_integrated": 2,  # m1 m10
                "employment_adequate_share": 66.7,
            },
        )
        self.assertEqual(
            column(rows, "employers"), {"C": 2, "F": 1, "G": 1, "Q": 1, "": 0}
        )
        # placements without an employer
        self.assertEqual(rows[-1][2]["marginal_employment"], 1)
        self.assertEqual(rows[-1][2]["self_employment"], 1)
        self.assertEqual(column(rows, "sustainably_integrated")["G"], 1)  # m7

    def test_it_breaks_down_by_every_dimension_at_once_as_one_by_one(self) -> None:
        for scope in (Scope(), Scope.for_project(self.project_b)):
            tables = breakdowns(period=YEAR, dimensions=DIMENSIONS, scope=scope)
            for dimension in DIMENSIONS:
                self.assertEqual(
                    tables[dimension],
                    breakdown(period=YEAR, dimension=dimension, scope=scope),
                    dimension,
                )

    def test_it_refuses_an_unknown_dimension(self) -> None:
        with self.assertRaises(ValueError):
            breakdown(period=YEAR, dimension="shoe_size")

    def test_it_breaks_down_within_a_scope(self) -> None:
        rows = breakdown(
            period=YEAR, dimension="gender", scope=Scope.for_project(self.project_b)
        )
        self.assertEqual(column(rows, "participants")["female"], 1)  # m3
        rows = breakdown(
            period=YEAR,
            dimension="project",
            scope=Scope.for_district(region(DRESDEN)),
        )
        a, b = str(self.project_a.pk), str(self.project_b.pk)
        self.assertEqual(column(rows, "participants"), {a: 2, b: 1})  # m1 m9 / m7


class ReportDataTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_it_holds_figures_and_every_table(self) -> None:
        data = report_data(period=YEAR)
        self.assertEqual(json.loads(json.dumps(data)), data)  # JSON as it is
        self.assertEqual(
            data["period"],
            {"start": "2024-01-01", "end": "2024-12-31", "label": "2024"},
        )
        self.assertEqual(data["scope"]["project_id"], None)
        self.assertEqual(data["figures"], compute(period=YEAR))
        self.assertEqual(
            [t["key"] for t in data["tables"]],
            [
                "by_project",
                "by_district",
                "by_gender",
                "by_age_group",
                "by_country_of_origin",
                "by_residence_status",
                "by_sector",
                "by_quarter",
            ],
        )
        by_project = data["tables"][0]
        self.assertEqual(by_project["columns"], list(FIGURES))
        self.assertEqual(by_project["rows"][0]["label"], "Projekt A")
        self.assertEqual(by_project["total"]["participants"], 9)
        by_quarter = data["tables"][-1]
        self.assertEqual(
            [(r["label"], r["values"]["participants"]) for r in by_quarter["rows"]],
            [("Q1 2024", 9), ("Q2 2024", 8), ("Q3 2024", 7), ("Q4 2024", 7)],
        )

    def test_it_leaves_out_the_own_dimension_of_a_scope(self) -> None:
        data = report_data(
            period=Period.quarter(2024, 1), scope=Scope.for_project(self.project_a)
        )
        keys = [t["key"] for t in data["tables"]]
        self.assertNotIn("by_project", keys)
        self.assertNotIn("by_quarter", keys)  # one quarter: no trend
        self.assertEqual(data["scope"]["label"], "Projekt A")
        data = report_data(period=YEAR, scope=Scope.for_district(region(DRESDEN)))
        self.assertNotIn("by_district", [t["key"] for t in data["tables"]])

    def test_it_reports_a_phase_that_reaches_into_the_future(self) -> None:
        with time_machine.travel(D(2024, 7, 20)):
            data = report_data(period=Period(D(2024, 1, 1), D(2025, 12, 31)))
        by_quarter = data["tables"][-1]
        self.assertEqual(len(by_quarter["rows"]), 8)
        # m7 on 29.02.; m10 on 15.07.; m1's six-month day 01.08. has not come
        self.assertEqual(
            [r["values"]["sustainably_integrated"] for r in by_quarter["rows"]],
            [1, 0, 1, 0, 0, 0, 0, 0],
        )
        self.assertEqual(data["figures"]["sustainably_integrated"], 2)
