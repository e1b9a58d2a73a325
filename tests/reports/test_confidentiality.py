"""DESIGN.md "Statistical confidentiality" on tables built to tempt recalculation."""

import copy
import random

from django.test import SimpleTestCase, override_settings

from reports.confidentiality import SUPPRESSED, suppress_report, suppress_table
from reports.statistics import Period, report_data
from tests.base import BaseTestCase
from tests.reports.test_statistics_history import build_history

S = SUPPRESSED


class SuppressTableTest(SimpleTestCase):
    def test_it_hides_small_counts_but_never_zero(self) -> None:
        cells, *_ = suppress_table([[0, 1, 2, 3, 4]], k=3)
        self.assertEqual(cells, [[0, S, S, 3, 4]])
        cells, *_ = suppress_table([[0, 1, 2, 3, 4]], k=5)
        self.assertEqual(cells, [[0, S, S, S, S]])

    @override_settings(STATISTICS_MIN_CELL=5)
    def test_it_takes_k_from_the_settings(self) -> None:
        cells, *_ = suppress_table([[4, 5]])
        self.assertEqual(cells, [[S, 5]])

    def test_it_hides_a_second_cell_next_to_one_small_cell_in_a_row(self) -> None:
        # 13 - 7 - 9 would give the 1 back: the smallest other cell goes too.
        cells, rows, _cols, _grand = suppress_table([[1, 9, 7, 12]], row_totals=[29])
        self.assertEqual(cells, [[S, 9, S, 12]])
        self.assertEqual(rows, [29])

    def test_it_hides_a_second_cell_next_to_one_small_cell_in_a_column(self) -> None:
        cells, _rows, cols, _grand = suppress_table([[1], [5], [7]], col_totals=[13])
        self.assertEqual(cells, [[S], [S], [7]])
        self.assertEqual(cols, [13])

    def test_it_skips_zeros_when_choosing_the_second_cell(self) -> None:
        cells, *_ = suppress_table([[1, 0, 8, 4]], row_totals=[13])
        self.assertEqual(cells, [[S, 0, 8, S]])

    def test_it_leaves_two_small_cells_in_a_row_as_they_are(self) -> None:
        # 1 + 2 = 3: the reader knows the sum, not the parts.
        cells, rows, *_ = suppress_table([[1, 2, 9]], row_totals=[12])
        self.assertEqual(cells, [[S, S, 9]])
        self.assertEqual(rows, [12])

    def test_it_hides_more_when_two_small_cells_can_only_be_ones(self) -> None:
        # Hidden counts are at least 1; hidden cells adding up to 2 are 1 and 1.
        cells, *_ = suppress_table([[1, 1, 9, 12]], row_totals=[23])
        self.assertEqual(cells, [[S, S, S, 12]])

    def test_it_hides_the_total_when_nothing_else_is_left(self) -> None:
        cells, rows, *_ = suppress_table([[1, 1, 1]], row_totals=[3])
        self.assertEqual(cells, [[S, S, S]])
        self.assertEqual(rows, [S])
        cells, rows, *_ = suppress_table([[1, 0, 0]], row_totals=[1])
        self.assertEqual((cells, rows), ([[S, 0, 0]], [S]))

    def test_it_protects_a_small_cell_whose_row_and_column_totals_are_shown(
        self,
    ) -> None:
        # A second cell in the row is not enough: the columns give both back.
        # Hiding a rectangle leaves two unknowns in every row and column.
        cells, rows, cols, grand = suppress_table(
            [[1, 4, 6], [5, 7, 8]],
            row_totals=[11, 20],
            col_totals=[6, 11, 14],
            grand_total=31,
        )
        self.assertEqual(cells, [[S, S, 6], [S, S, 8]])
        self.assertEqual((rows, cols, grand), ([11, 20], [6, 11, 14], 31))

    def test_it_protects_against_elimination_over_several_lines(self) -> None:
        # Row 0 holds the small cell; its row total is hidden (small), so only
        # the columns and the grand total can give it away.
        cells, rows, cols, grand = suppress_table(
            [[1, 1, 0], [4, 9, 6], [5, 3, 8]],
            row_totals=[2, 19, 16],
            col_totals=[10, 13, 14],
            grand_total=37,
        )
        self.assertEqual(rows[0], S)
        for j in range(3):
            hidden = [i for i in range(3) if cells[i][j] == S]
            if cols[j] != S:
                self.assertNotEqual(len(hidden), 1, (j, cells))
        self.assertEqual(grand, 37)

    def test_it_leaves_tables_without_small_counts_alone(self) -> None:
        table = [[3, 4], [5, 0]]
        self.assertEqual(
            suppress_table(table, row_totals=[7, 5], col_totals=[8, 4], grand_total=12),
            (table, [7, 5], [8, 4], 12),
        )

    def test_it_never_leaves_a_column_recalculable(self) -> None:
        rng = random.Random(4)
        for _ in range(300):
            n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 4)
            table = [
                [rng.choice([0, 0, 1, 1, 2, 3, 4, 7, 12]) for _ in range(n_cols)]
                for _ in range(n_rows)
            ]
            totals = [sum(row[j] for row in table) for j in range(n_cols)]
            cells, _rows, cols, _grand = suppress_table(table, col_totals=totals)
            for j in range(n_cols):
                hidden = [table[i][j] for i in range(n_rows) if cells[i][j] == S]
                if cols[j] == S:
                    continue
                self.assertNotEqual(len(hidden), 1, (table, cells))
                if hidden:
                    self.assertGreater(sum(hidden), len(hidden), (table, cells))
                for i in range(n_rows):
                    if 0 < table[i][j] < 3:
                        self.assertEqual(cells[i][j], S)
                    if table[i][j] == 0:
                        self.assertEqual(cells[i][j], 0)


def small_report() -> dict:
    """A report shaped like `report_data`'s, small enough to check by hand."""
    columns = ["participants", "women", "employment", "employment_adequate"]

    def values(participants, women, employment, adequate, rate1, rate2):
        return {
            "participants": participants,
            "women": women,
            "employment": employment,
            "employment_adequate": adequate,
            "women_share": rate1,
            "employment_adequate_share": rate2,
        }

    return {
        "period": {"start": "2024-01-01", "end": "2024-03-31", "label": "Q1 2024"},
        "scope": {"project_id": None, "region_id": None, "label": "Gesamtprogramm"},
        "figures": {
            **values(20, 8, 10, 2, 40.0, 20.0),
            "meetings": 2,
            "meeting_hours": 1.5,
            "average_support_days": 180.0,
            "closed_cases": 1,
        },
        "tables": [
            {
                "key": "by_project",
                "title": "Nach Projekt",
                "dimension": "project",
                "columns": columns,
                "rows": [
                    {
                        "key": "1",
                        "label": "A",
                        "values": values(12, 1, 6, 2, 8.3, 33.3),
                    },
                    {"key": "2", "label": "B", "values": values(6, 4, 4, 0, 66.7, 0.0)},
                    {
                        "key": "3",
                        "label": "C",
                        "values": values(2, 3, 0, 0, 150.0, None),
                    },
                ],
                "total": values(20, 8, 10, 2, 40.0, 20.0),
            }
        ],
    }


class SuppressReportTest(SimpleTestCase):
    def test_it_suppresses_cells_totals_and_rates(self) -> None:
        data = small_report()
        original = copy.deepcopy(data)
        out = suppress_report(data, k=3)
        self.assertEqual(data, original)  # a new dict
        self.assertEqual(out["confidentiality"], {"k": 3})
        rows = {row["label"]: row["values"] for row in out["tables"][0]["rows"]}
        # participants: C's 2 is small; B's 6 is the smallest other
        self.assertEqual([rows[x]["participants"] for x in "ABC"], [12, S, S])
        # women: A's 1 is small, then the smallest other (C's 3)
        self.assertEqual([rows[x]["women"] for x in "ABC"], [S, 4, S])
        # employment_adequate: A's 2 = the total 2: total hidden everywhere
        self.assertEqual([rows[x]["employment_adequate"] for x in "ABC"], [S, 0, 0])
        self.assertEqual(out["tables"][0]["total"]["employment_adequate"], S)
        self.assertEqual(out["figures"]["employment_adequate"], S)
        self.assertEqual(out["figures"]["employment"], 10)
        # rates: a hidden numerator or denominator hides the rate
        self.assertEqual(rows["A"]["women_share"], S)
        self.assertEqual(rows["B"]["women_share"], S)  # denominator hidden
        self.assertEqual(rows["A"]["employment_adequate_share"], S)
        self.assertEqual(rows["B"]["employment_adequate_share"], 0.0)  # 0 of 4
        self.assertIsNone(rows["C"]["employment_adequate_share"])  # 0 of 0
        self.assertEqual(out["figures"]["women_share"], 40.0)
        self.assertEqual(out["figures"]["employment_adequate_share"], S)
        # hours and means over hidden counts
        self.assertEqual(out["figures"]["meetings"], S)
        self.assertEqual(out["figures"]["meeting_hours"], S)
        self.assertEqual(out["figures"]["closed_cases"], S)
        self.assertEqual(out["figures"]["average_support_days"], S)

    def test_it_hides_a_rate_whose_denominator_is_below_k(self) -> None:
        data = small_report()
        data["figures"]["participants"] = 4
        data["tables"] = []
        out = suppress_report(data, k=5)
        self.assertEqual(out["figures"]["participants"], S)
        self.assertEqual(out["figures"]["women_share"], S)
        out = suppress_report(data, k=3)
        self.assertEqual(out["figures"]["participants"], 4)
        self.assertEqual(out["figures"]["women_share"], 40.0)


class SuppressRealReportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_it_leaves_nothing_recalculable_in_a_real_report(self) -> None:
        data = report_data(period=Period.year(2024))
        out = suppress_report(data, k=3)
        self.assertEqual(out["figures"]["participants"], 9)
        self.assertEqual(out["figures"]["women"], S)
        self.assertEqual(out["figures"]["women_share"], S)
        for raw, table in zip(data["tables"], out["tables"], strict=True):
            for key in table["total"]:
                if key not in ("participants", "women", "employment", "meetings"):
                    continue
                shown_total = table["total"][key]
                hidden = [
                    r["values"][key]
                    for r, o in zip(raw["rows"], table["rows"], strict=True)
                    if o["values"][key] == S
                ]
                for r, o in zip(raw["rows"], table["rows"], strict=True):
                    value = r["values"][key]
                    if 0 < value < 3:
                        self.assertEqual(o["values"][key], S)
                    else:
                        self.assertIn(o["values"][key], (value, S))
                if shown_total != S:
                    self.assertNotEqual(len(hidden), 1, (table["key"], key))
