"""The statistics cost a fixed number of queries, whatever the amount of data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.statistics import Period, Scope, breakdown, compute, report_data, trend
from tests.base import BaseTestCase
from tests.reports.test_statistics_history import build_history

YEAR = Period.year(2024)


class QueryCountTest(BaseTestCase):
    def count(self, function, **kwargs) -> int:
        with CaptureQueriesContext(connection) as queries:
            function(**kwargs)
        return len(queries)

    def test_it_costs_the_same_at_two_data_sizes(self) -> None:
        build_history(self.project_a, self.project_b)
        calls = [
            (compute, {"period": YEAR}),
            (compute, {"period": YEAR, "scope": Scope.for_project(self.project_a)}),
            (trend, {"period": YEAR}),
            (breakdown, {"period": YEAR, "dimension": "project"}),
            (breakdown, {"period": YEAR, "dimension": "age_group"}),
            (breakdown, {"period": YEAR, "dimension": "sector"}),
            (report_data, {"period": YEAR}),
        ]
        small = [self.count(function, **kwargs) for function, kwargs in calls]
        for _ in range(3):
            build_history(self.project_a, self.project_b)
        large = [self.count(function, **kwargs) for function, kwargs in calls]
        self.assertEqual(small, large)
        # cases, placements, meetings (with follow-up), employers; all
        # periods of a trend at once
        self.assertEqual(small[:3], [4, 4, 4])
        # ... plus the project names; persons have no sector, employers no age
        self.assertEqual(small[3:6], [5, 3, 2])
        # the figures of the year and its quarters, then every breakdown at
        # once (one query per source), the names of projects and districts
        self.assertEqual(small[6], 10)  # 4 + 4 + 2
