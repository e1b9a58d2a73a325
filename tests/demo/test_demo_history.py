"""manage.py demo_data --history reproduces the programme's published figures,
as reports.statistics counts them, and a compiled quarterly report stores them."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone, translation

from cases.models import Case, Mentee
from demo.plan import HISTORY_TARGETS
from reports.compilation import compile_report
from reports.models import Report
from reports.press import build_press_table
from reports.statistics import Period, compute

MODEL_PHASE = Period(date(2016, 10, 1), date(2019, 12, 31))
YEARS_2020_2022 = Period(date(2020, 1, 1), date(2022, 12, 31))
SECOND_PHASE = Period(date(2020, 1, 1), date(2024, 12, 31))


@pytest.mark.slow
class DemoHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_data", history=True, stdout=StringIO())
        # Check the deferred foreign keys of the 200,000 new rows once, here;
        # else every test's end (and rollback) checks them again.
        connection.check_constraints()
        cls.figures = {
            period: compute(period=period)
            for period in (MODEL_PHASE, YEARS_2020_2022, SECOND_PHASE)
        }

    def test_it_has_the_published_figures_of_the_model_phase(self) -> None:
        figures = self.figures[MODEL_PHASE]
        self.assertGreater(figures["participants"], 3000)
        self.assertGreater(figures["employers"], 1600)
        self.assertGreater(figures["employment"], 1200)
        # "about 90 % of them qualification-adequate"
        self.assertAlmostEqual(figures["employment_adequate_share"], 90, delta=1)
        self.assertGreater(figures["vocational_training"], 500)
        self.assertGreater(figures["qualification"], 100)

    def test_it_has_the_published_figures_of_2020_to_2022(self) -> None:
        figures = self.figures[YEARS_2020_2022]
        self.assertEqual(figures["participants"], 3023)
        self.assertEqual(figures["employers"], 1370)
        self.assertEqual(figures["employment"], 1317)
        self.assertEqual(figures["vocational_training"], 369)
        self.assertEqual(round(100 * figures["women"] / figures["participants"]), 25)

    def test_it_has_the_published_figures_of_the_second_phase(self) -> None:
        figures = self.figures[SECOND_PHASE]
        self.assertAlmostEqual(figures["participants"], 5300, delta=50)
        self.assertGreater(figures["employers"], 2150)
        self.assertGreater(figures["employment"], 2450)
        self.assertEqual(figures["vocational_training"], 620)

    def test_it_has_exactly_the_planned_figures(self) -> None:
        for (start, end), targets in HISTORY_TARGETS.items():
            figures = self.figures[Period(start, end)]
            for key, value in targets.items():
                with self.subTest(period=(start, end), figure=key):
                    self.assertEqual(figures[key], value)

    def test_it_runs_from_the_model_phase_until_today(self) -> None:
        first = Case.objects.order_by("opened_on").first()
        self.assertEqual(first.opened_on.year, 2016)
        self.assertGreaterEqual(first.opened_on, date(2016, 10, 1))
        self.assertTrue(Case.objects.filter(closed_on__isnull=True).exists())
        self.assertFalse(Case.objects.filter(opened_on__gt=timezone.localdate()))
        # A few people came back later: one person, two cases.
        self.assertLess(Mentee.objects.count(), Case.objects.count())

    def test_it_stores_the_quarter_figures_in_a_compiled_report(self) -> None:
        report = compile_report(Period.quarter(2021, 2))
        expected = compute(period=Period.quarter(2021, 2))
        stored = report.data["figures"]
        self.assertGreater(stored["participants"], 500)
        for key in ("participants", "women", "employers", "employment"):
            self.assertEqual(stored[key], expected[key], key)

    def test_the_press_table_of_2020_to_2022_has_the_published_figures(self) -> None:
        """The ministry's press release: "from the start of 2020 to the end of
        2022: 3,023 participants, 1,370 employers, 1,317 into employment, 369
        into vocational training, about 25 % women"."""
        zoe = User.objects.create(username="zoe-press")
        report = compile_report(YEARS_2020_2022)
        self.assertEqual(report.kind, Report.Kind.PHASE_TO_DATE)
        release = report.release(by=zoe)
        with translation.override("de"):
            table = build_press_table(release)
        cells = {row.key: row.cells[0].text for row in table.rows}
        raw = self.figures[YEARS_2020_2022]["qualification"]
        qualification = f"{raw:,}".replace(",", ".") if raw >= 3 or raw == 0 else "*"
        self.assertEqual(
            cells,
            {
                "participants": "3.023",
                "employers": "1.370",
                "employment": "1.317",
                "vocational_training": "369",
                # Not in the press release; a count below k shows "*".
                "qualification": qualification,
                "women_share": "rund 25\u00a0%",
            },
        )
        (text,) = table.paragraphs
        self.assertTrue(
            text.startswith(
                "Vom 01.01.2020 bis 31.12.2022 wurden 3.023 Teilnehmende und "
                "1.370 Arbeitgeber begleitet."
            ),
            text,
        )
