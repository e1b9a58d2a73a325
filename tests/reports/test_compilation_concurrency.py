"""Two compilations of one quarter at the same moment leave one report."""

import threading
from unittest import mock

from django.db import connection

from reports import compilation
from reports.compilation import compile_report
from reports.models import Report
from reports.statistics import Period, report_data
from tests.factories import CaseFactory
from tests.reports.support import SeededTransactionTestCase


class ConcurrentCompilationTest(SeededTransactionTestCase):
    def test_it_leaves_one_report_when_two_workers_compile_at_once(self) -> None:
        CaseFactory.create_batch(3)
        # Both threads compute their figures, then meet here, so both reach
        # get_or_create on the same missing row together.
        barrier = threading.Barrier(2, timeout=20)

        def figures_then_wait(**kwargs: object) -> dict:
            data = report_data(**kwargs)
            barrier.wait()
            return data

        results: list[Report] = []
        errors: list[BaseException] = []

        def compile_in_thread() -> None:
            try:
                results.append(compile_report(Period.quarter(2024, 1)))
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)
            finally:
                connection.close()

        with mock.patch.object(compilation, "report_data", figures_then_wait):
            threads = [threading.Thread(target=compile_in_thread) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)

        self.assertEqual(errors, [])
        self.assertEqual(len(results), 2)
        self.assertEqual(Report.objects.count(), 1)
        report = Report.objects.get()
        self.assertEqual({r.pk for r in results}, {report.pk})
        self.assertEqual(results[0].data, results[1].data)
        self.assertEqual(report.data["figures"]["participants"], 3)
