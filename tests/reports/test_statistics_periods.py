"""Periods, scopes and the date rules of the statistics (no database)."""

import datetime

from django.test import SimpleTestCase

from cases.models import ProgrammePhase
from reports.statistics import (
    Period,
    Scope,
    six_month_day,
    six_month_start_window,
    trend_periods,
    years_before,
)
from reports.statistics.periods import open_to_suppressed_viewers

D = datetime.date


class PeriodTest(SimpleTestCase):
    def test_it_builds_quarters_years_and_labels(self) -> None:
        q3 = Period.quarter(2024, 3)
        self.assertEqual((q3.start, q3.end), (D(2024, 7, 1), D(2024, 9, 30)))
        self.assertEqual(q3.label, "Q3 2024")
        self.assertEqual(q3.key, "2024-Q3")
        self.assertEqual(Period.quarter(2024, 1).end, D(2024, 3, 31))
        self.assertEqual(Period.year(2024).label, "2024")
        self.assertEqual(
            Period(D(2020, 1, 1), D(2022, 12, 31)).label, "01.01.2020–31.12.2022"
        )
        self.assertEqual(
            Period(D(2024, 7, 1), D(2024, 9, 29)).label, "01.07.2024–29.09.2024"
        )

    def test_suppressed_viewers_get_quarters_half_years_years_and_phases(self) -> None:
        phase = ProgrammePhase(name="Phase", start=D(2020, 1, 1), end=D(2024, 12, 31))
        allowed = (
            Period.quarter(2024, 3),
            Period.half_year(2024, 1),
            Period.half_year(2024, 2),
            Period.year(2024),
            Period.phase(phase),
            # The phase to the end of a quarter: a report period.
            Period(D(2020, 1, 1), D(2022, 12, 31)),
            Period(D(2020, 1, 1), D(2023, 9, 30)),
        )
        for period in allowed:
            self.assertTrue(open_to_suppressed_viewers(period, [phase]), period)
        self.assertEqual(Period.half_year(2024, 2).label, "H2 2024")
        refused = (
            Period(D(2024, 7, 1), D(2024, 9, 29)),  # a quarter less a day
            Period(D(2024, 7, 2), D(2024, 9, 30)),
            Period(D(2024, 1, 1), D(2024, 12, 30)),
            Period(D(2020, 1, 1), D(2022, 12, 30)),  # a phase to no quarter's end
            Period(D(2020, 1, 2), D(2022, 12, 31)),  # not from the phase's start
            Period(D(2020, 1, 1), D(2025, 3, 31)),  # beyond the phase's end
        )
        for period in refused:
            self.assertFalse(open_to_suppressed_viewers(period, [phase]), period)

    def test_it_refuses_a_period_that_ends_before_it_starts(self) -> None:
        with self.assertRaises(ValueError):
            Period(D(2024, 2, 1), D(2024, 1, 31))
        with self.assertRaises(ValueError):
            Period.quarter(2024, 5)

    def test_it_lists_the_overlapping_quarters(self) -> None:
        period = Period(D(2023, 12, 31), D(2024, 4, 1))
        self.assertEqual(
            [q.label for q in period.quarters()],
            ["Q4 2023", "Q1 2024", "Q2 2024"],
        )
        self.assertEqual(
            [p.label for p in trend_periods(period)],
            ["31.12.2023–31.12.2023", "Q1 2024", "01.04.2024–01.04.2024"],
        )
        self.assertEqual(len(Period.year(2024).quarters()), 4)

    def test_it_trends_long_ranges_by_year(self) -> None:
        parts = trend_periods(Period(D(2016, 10, 1), D(2024, 12, 31)))
        self.assertEqual(parts[0], Period(D(2016, 10, 1), D(2016, 12, 31)))
        self.assertEqual([p.label for p in parts[1:3]], ["2017", "2018"])
        self.assertEqual(len(parts), 9)


class ScopeTest(SimpleTestCase):
    def test_it_is_a_project_or_a_district(self) -> None:
        with self.assertRaises(ValueError):
            Scope(project_id=1, region_id=1)
        self.assertTrue(Scope.programme().is_programme)
        self.assertEqual(Scope(project_id=1, name="A"), Scope(project_id=1))
        self.assertEqual(Scope(project_id=1, name="A").label, "A")


class DateRulesTest(SimpleTestCase):
    def test_it_finds_the_six_month_day(self) -> None:
        self.assertEqual(six_month_day(D(2024, 1, 15)), D(2024, 7, 15))
        self.assertEqual(six_month_day(D(2024, 8, 31)), D(2025, 2, 28))
        self.assertEqual(six_month_day(D(2023, 8, 31)), D(2024, 2, 29))
        self.assertEqual(six_month_day(D(2023, 8, 29)), D(2024, 2, 29))
        self.assertEqual(six_month_day(D(2024, 3, 31)), D(2024, 9, 30))
        self.assertEqual(six_month_day(D(2024, 12, 31)), D(2025, 6, 30))
        self.assertEqual(six_month_day(D(2024, 7, 31)), D(2025, 1, 31))

    def test_it_finds_the_start_window_of_six_month_days(self) -> None:
        self.assertEqual(
            six_month_start_window(D(2023, 2, 28), D(2023, 2, 28)),
            (D(2022, 8, 28), D(2022, 8, 31)),
        )
        self.assertEqual(
            six_month_start_window(D(2024, 1, 1), D(2024, 3, 31)),
            (D(2023, 7, 1), D(2023, 9, 30)),
        )
        # 30.09. -> 30.03., 01.10. -> 01.04.: nothing has its six-month day on 31.03.
        self.assertIsNone(six_month_start_window(D(2025, 3, 31), D(2025, 3, 31)))

    def test_it_goes_back_full_years(self) -> None:
        self.assertEqual(years_before(D(2024, 1, 1), 30), D(1994, 1, 1))
        self.assertEqual(years_before(D(2024, 2, 29), 30), D(1994, 2, 28))
        self.assertEqual(years_before(D(2024, 2, 29), 32), D(1992, 2, 29))
