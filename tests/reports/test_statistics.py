"""Every figure of docs/statistics.md over the hand-built history in
tests.reports.test_statistics_history.py, for a quarter, a year, a phase and a
custom range, programme-wide, per project and per district."""

import datetime

import time_machine

from cases.models import Case, ProgrammePhase
from reports.statistics import FIGURES, RATES, Period, Scope, compute, trend
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, PlacementFactory, region
from tests.reports.test_statistics_history import DRESDEN, build_history

D = datetime.date

# Figures that are zero unless listed.
ZERO = dict.fromkeys(FIGURES, 0)

Q1_2024 = {
    **ZERO,
    "first_conversations": 6,  # m1 m3 m5 m9 m10 m11
    "participants": 9,  # m1 m2 m3 m6 m7 m9 m10 m11 m12
    "new_participants": 5,  # m1 m3 m9 m10 m11
    "women": 2,  # m1 m3
    "employers": 4,  # e1 e2 e3 e5
    "employment": 3,  # m1 m9 m10
    "employment_adequate": 2,  # m1 m10
    "qualification": 1,  # m6 on 01.01.
    "internship": 1,  # m6 on 31.03.
    "marginal_employment": 1,  # m3 on 31.03.
    "follow_up": 2,  # m1 (on the placement's first day), m7
    "sustainably_integrated": 1,  # m7 (29.02.2024); not m12 (ended 28.02.)
    "average_support_days": 227.0,  # m12
    "closed_cases": 1,
    "meetings": 4,
    "meeting_hours": 3.5,
    "women_share": 22.2,
    "employment_adequate_share": 66.7,
}

YEAR_2024 = {
    **ZERO,
    "first_conversations": 6,
    "participants": 9,  # m2's case spans all quarters: once
    "new_participants": 5,
    "women": 2,
    "employers": 5,
    "employment": 3,
    "employment_adequate": 2,
    "vocational_training": 1,  # m2
    "qualification": 2,  # m6 m9
    "entry_qualification": 1,  # m11
    "internship": 1,
    "marginal_employment": 1,
    "self_employment": 1,  # m11
    "dropouts": 3,  # m2, and m9 twice: placements, not persons
    "follow_up": 3,  # m1 m7 m2
    "sustainably_integrated": 3,  # m7 m1 m10; not m9 (one day short), m12, m2
    "average_support_days": 173.5,  # (227 + 120) / 2
    "closed_cases": 2,
    "meetings": 5,
    "meeting_hours": 4.0,
    "women_share": 22.2,
    "employment_adequate_share": 66.7,
}

SECOND_PHASE = {
    **ZERO,
    "first_conversations": 12,  # everybody
    "participants": 11,  # everybody but m5; m3 once despite two cases
    "new_participants": 11,
    "women": 2,
    "employers": 5,
    "employment": 6,  # m1 m7 m8 m9 m10 m12
    "employment_adequate": 2,
    "vocational_training": 1,
    "qualification": 2,
    "entry_qualification": 1,
    "internship": 1,
    "marginal_employment": 1,
    "self_employment": 1,
    "dropouts": 3,
    "follow_up": 3,
    "sustainably_integrated": 4,  # m8 (28.02.2023, ends that day) m7 m1 m10
    "average_support_days": 221.4,  # (305 + 213 + 242 + 227 + 120) / 5
    "closed_cases": 5,
    "meetings": 5,
    "meeting_hours": 4.0,
    "women_share": 18.2,
    "employment_adequate_share": 33.3,
}

# 29.02.2024 - 14.07.2024
CUSTOM = {
    **ZERO,
    "first_conversations": 1,  # m3
    "participants": 9,  # m12 closed 15.03. and m1 closed 14.05. are in
    "new_participants": 1,  # m3
    "women": 2,
    "employers": 4,  # e2 e3 e4 e5
    "vocational_training": 1,
    "entry_qualification": 1,
    "internship": 1,
    "marginal_employment": 1,
    "self_employment": 1,
    "dropouts": 1,  # m9's employment, ended on the range's last day
    "follow_up": 2,  # m7 m2
    "sustainably_integrated": 1,  # m7 on the range's first day
    "average_support_days": 173.5,
    "closed_cases": 2,
    "meetings": 2,
    "meeting_hours": 1.0,
    "women_share": 22.2,
    "employment_adequate_share": None,  # nobody into employment
}


class StatisticsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.history = build_history(cls.project_a, cls.project_b)

    def assertFigures(
        self, expected: dict, period: Period, scope: Scope | None = None
    ) -> None:
        figures = compute(period=period, scope=scope or Scope())
        self.assertEqual(set(figures), set(FIGURES) | set(RATES) | {"closed_cases"})
        self.assertEqual(figures, expected)


class ComputeTest(StatisticsTestCase):
    def test_it_counts_a_quarter(self) -> None:
        self.assertFigures(Q1_2024, Period.quarter(2024, 1))

    def test_it_counts_a_year_directly_not_as_a_sum_of_quarters(self) -> None:
        self.assertFigures(YEAR_2024, Period.year(2024))

    def test_it_counts_a_phase(self) -> None:
        phase = ProgrammePhase.objects.get(start=D(2020, 1, 1))
        self.assertFigures(SECOND_PHASE, Period.phase(phase))

    def test_it_counts_a_custom_range(self) -> None:
        self.assertFigures(CUSTOM, Period(D(2024, 2, 29), D(2024, 7, 14)))

    def test_it_counts_later_quarters(self) -> None:
        q2 = compute(period=Period.quarter(2024, 2))
        self.assertEqual(q2["participants"], 8)  # m1 until 14.05.; not m12
        self.assertEqual(q2["vocational_training"], 1)  # m2 on 01.04.
        self.assertEqual(q2["follow_up"], 1)  # m2
        self.assertEqual(q2["employers"], 2)  # e2 e4
        self.assertEqual(q2["average_support_days"], 120.0)  # m1
        self.assertEqual(q2["dropouts"], 0)  # m6's internship is no dropout
        q3 = compute(period=Period.quarter(2024, 3))
        self.assertEqual(q3["dropouts"], 3)
        self.assertEqual(q3["sustainably_integrated"], 2)  # m1 m10; not m9
        self.assertEqual(q3["qualification"], 1)  # m9
        self.assertIsNone(q3["average_support_days"])
        self.assertEqual(q3["closed_cases"], 0)

    def test_it_counts_nothing_in_an_empty_period(self) -> None:
        figures = compute(period=Period.quarter(2019, 1))
        self.assertEqual(
            figures,
            {
                **ZERO,
                "average_support_days": None,
                "meeting_hours": 0.0,
                "closed_cases": 0,
                "women_share": None,
                "employment_adequate_share": None,
            },
        )

    def test_it_does_not_count_a_case_closed_the_day_before(self) -> None:
        # m4's case closed on 31.12.2023; m3's first case too.
        self.assertEqual(compute(period=Period.quarter(2023, 4))["participants"], 6)
        project_a = Scope.for_project(self.project_a)
        figures = compute(period=Period.year(2024), scope=project_a)
        self.assertEqual(figures["participants"], 4)  # m1 m2 m9 m10: not m3, m4

    def test_it_counts_the_31_august_start_on_28_february(self) -> None:
        # m8: 31.08.2022 -> 28.02.2023, ended that very day
        self.assertEqual(
            compute(period=Period(D(2023, 2, 28), D(2023, 2, 28)))[
                "sustainably_integrated"
            ],
            1,
        )
        self.assertEqual(
            compute(period=Period(D(2023, 3, 1), D(2023, 3, 3)))[
                "sustainably_integrated"
            ],
            0,
        )
        # m7 (and m12): 31.08.2023 -> 29.02.2024 in a leap year
        for day, expected in ((28, 0), (29, 1)):
            period = Period(D(2024, 2, day), D(2024, 2, day))
            self.assertEqual(
                compute(period=period)["sustainably_integrated"], expected, day
            )

    def test_it_counts_placements_on_the_first_and_last_day(self) -> None:
        for period in (
            Period(D(2024, 1, 1), D(2024, 1, 1)),
            Period(D(2023, 12, 1), D(2024, 1, 1)),
        ):
            self.assertEqual(compute(period=period)["qualification"], 1)
        self.assertEqual(
            compute(period=Period(D(2024, 3, 31), D(2024, 4, 30)))["internship"], 1
        )
        self.assertEqual(
            compute(period=Period(D(2024, 4, 1), D(2024, 6, 30)))["internship"], 0
        )


class ScopeTest(StatisticsTestCase):
    def test_it_counts_project_a(self) -> None:
        self.assertFigures(
            {
                **ZERO,
                "first_conversations": 3,  # m1 m9 m10
                "participants": 4,  # m1 m2 m9 m10
                "new_participants": 3,
                "women": 1,
                "employers": 3,  # e2 (consulted), e1 e3 (placements)
                "employment": 3,
                "employment_adequate": 2,
                "vocational_training": 1,
                "qualification": 1,  # m9
                "dropouts": 3,
                "follow_up": 2,  # m1 m2
                "sustainably_integrated": 2,  # m1 m10
                "average_support_days": 120.0,
                "closed_cases": 1,
                "meetings": 3,
                "meeting_hours": 3.0,
                "women_share": 25.0,
                "employment_adequate_share": 66.7,
            },
            Period.year(2024),
            Scope.for_project(self.project_a),
        )

    def test_it_counts_project_b(self) -> None:
        self.assertFigures(
            {
                **ZERO,
                "first_conversations": 3,  # m3 m5 m11
                "participants": 5,  # m3 m6 m7 m11 m12
                "new_participants": 2,  # m3 m11
                "women": 1,
                "employers": 4,  # e5 e1 (consulted), e3 e4 (placements)
                "qualification": 1,
                "entry_qualification": 1,
                "internship": 1,
                "marginal_employment": 1,
                "self_employment": 1,
                "follow_up": 1,  # m7
                "sustainably_integrated": 1,  # m7
                "average_support_days": 227.0,
                "closed_cases": 1,
                "meetings": 2,
                "meeting_hours": 1.0,
                "women_share": 20.0,
                "employment_adequate_share": None,
            },
            Period.year(2024),
            Scope.for_project(self.project_b),
        )

    def test_it_counts_a_person_in_two_projects_once_in_each(self) -> None:
        phase = ProgrammePhase.objects.get(start=D(2020, 1, 1))
        period = Period.phase(phase)
        a = compute(period=period, scope=Scope.for_project(self.project_a))
        b = compute(period=period, scope=Scope.for_project(self.project_b))
        programme = compute(period=period)
        self.assertEqual(a["participants"], 7)  # m1 m2 m3 m4 m8 m9 m10
        self.assertEqual(b["participants"], 5)  # m3 m6 m7 m11 m12
        self.assertEqual(programme["participants"], 11)  # m3 once
        self.assertEqual(a["women"] + b["women"], programme["women"] + 1)

    def test_it_counts_a_district_by_residence_and_employer_location(self) -> None:
        dresden = Scope.for_district(region(DRESDEN))
        figures = compute(period=Period.year(2024), scope=dresden)
        self.assertEqual(figures["first_conversations"], 3)  # m1 m5 m9
        self.assertEqual(figures["participants"], 3)  # m1 m7 m9
        self.assertEqual(figures["employment"], 2)  # m1 m9
        self.assertEqual(figures["employers"], 2)  # e1 e3, wherever the mentee lives
        self.assertEqual(figures["follow_up"], 2)  # m1 m7
        self.assertEqual(figures["meetings"], 3)
        self.assertEqual(figures["dropouts"], 2)  # m9's two


class FollowUpTest(StatisticsTestCase):
    def test_it_counts_a_meeting_on_the_placement_start_but_not_before(self) -> None:
        self.assertEqual(
            compute(period=Period(D(2024, 1, 20), D(2024, 1, 31)))["follow_up"], 0
        )
        self.assertEqual(
            compute(period=Period(D(2024, 2, 1), D(2024, 2, 1)))["follow_up"], 1
        )

    def test_it_counts_a_placement_of_the_persons_earlier_case(self) -> None:
        # m3 comes back in project B in 2025; her 2024 marginal employment
        # starts no follow-up, an employment from her first case does.
        m3 = self.history["m3"]
        first_case = m3.cases.get(project=self.project_a)
        PlacementFactory(
            case=first_case, kind="employment", start_on=D(2023, 6, 1), employer=None
        )
        MeetingFactory(case=m3.cases.get(project=self.project_b), date=D(2025, 2, 1))
        period = Period.quarter(2025, 1)
        self.assertEqual(compute(period=period)["follow_up"], 1)
        scope = Scope.for_project(self.project_b)
        self.assertEqual(compute(period=period, scope=scope)["follow_up"], 1)

    def test_it_counts_a_meeting_after_the_case_was_closed(self) -> None:
        # m8's case closed on 31.03.2023; a meeting logged later on that case
        # still follows his employment of 31.08.2022.
        m8_case = Case.objects.get(opened_on=D(2022, 8, 1))
        MeetingFactory(case=m8_case, date=D(2023, 5, 2))
        self.assertEqual(compute(period=Period.quarter(2023, 2))["follow_up"], 1)

    def test_it_counts_each_period_of_a_trend_on_its_own(self) -> None:
        parts = trend(period=Period.year(2024))
        self.assertEqual(
            [figures["follow_up"] for _part, figures in parts],
            [compute(period=part)["follow_up"] for part, _figures in parts],
        )


class SustainabilityTest(StatisticsTestCase):
    def test_it_waits_until_the_six_month_day_has_come(self) -> None:
        case = CaseFactory(project=self.project_a, opened_on=D(2026, 8, 1))
        PlacementFactory(case=case, start_on=D(2026, 8, 31), employer=None)
        period = Period.quarter(2027, 1)  # six-month day 28.02.2027
        with time_machine.travel(D(2027, 2, 27)):
            self.assertEqual(compute(period=period)["sustainably_integrated"], 0)
        with time_machine.travel(D(2027, 2, 28)):
            self.assertEqual(compute(period=period)["sustainably_integrated"], 1)

    def test_it_counts_none_in_a_future_period(self) -> None:
        with time_machine.travel(D(2024, 8, 15)):
            figures = compute(period=Period.quarter(2024, 4))
            self.assertEqual(figures["sustainably_integrated"], 0)
            # the trend of the year reaches into that quarter
            parts = trend(period=Period.year(2024))
            self.assertEqual(parts[-1][1]["sustainably_integrated"], 0)
            self.assertEqual(parts[0][1]["sustainably_integrated"], 1)  # m7
