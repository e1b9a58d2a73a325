"""`manage.py statistics`: every figure under the keys of docs/statistics.md,
or a German table."""

import io
import json

from django.core.management import CommandError, call_command

from tests.base import BaseTestCase
from tests.reports.test_statistics import SECOND_PHASE, YEAR_2024
from tests.reports.test_statistics_history import DRESDEN, build_history


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("statistics", *args, stdout=out)
    return out.getvalue()


class StatisticsCommandTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_it_prints_every_figure_as_json(self) -> None:
        data = json.loads(run("--start", "2020-01-01", "--end", "2024-12-31", "--json"))
        self.assertEqual(data["figures"], SECOND_PHASE)
        self.assertEqual(data["period"]["label"], "01.01.2020–31.12.2024")
        data = json.loads(run("--start", "2024-01-01", "--end", "2024-12-31", "--json"))
        self.assertEqual(data["figures"], YEAR_2024)

    def test_it_prints_a_project_or_a_district(self) -> None:
        args = ("--start", "2024-01-01", "--end", "2024-12-31", "--json")
        data = json.loads(run(*args, "--project", "Projekt A"))
        self.assertEqual(data["figures"]["participants"], 4)
        self.assertEqual(data["scope"]["label"], "Projekt A")
        data = json.loads(run(*args, "--district", DRESDEN))
        self.assertEqual(data["figures"]["participants"], 3)

    def test_it_prints_a_breakdown(self) -> None:
        data = json.loads(
            run(
                "--start",
                "2024-01-01",
                "--end",
                "2024-12-31",
                "--breakdown",
                "gender",
                "--json",
            )
        )
        self.assertEqual(data["dimension"], "gender")
        self.assertEqual(
            [(r["key"], r["values"]["participants"]) for r in data["rows"]],
            [("female", 2), ("male", 7), ("diverse", 0), ("not_stated", 0)],
        )

    def test_it_prints_a_german_table(self) -> None:
        text = run("--start", "2024-01-01", "--end", "2024-12-31")
        self.assertIn("Statistik 2024 – Gesamtprogramm", text)
        self.assertRegex(text, r"Teilnehmende +9\n")
        self.assertRegex(text, r"durchschnittliche Begleitdauer \(Tage\) +173,5\n")
        text = run(
            "--start", "2024-01-01", "--end", "2024-12-31", "--breakdown", "gender"
        )
        self.assertIn("weiblich", text)

    def test_it_refuses_bad_arguments(self) -> None:
        for args in (
            ("--start", "2024-13-01", "--end", "2024-12-31"),
            ("--start", "2024-02-01", "--end", "2024-01-31"),
            ("--start", "2024-01-01", "--end", "2024-12-31", "--project", "Nope"),
            ("--start", "2024-01-01", "--end", "2024-12-31", "--district", "99999"),
        ):
            with self.assertRaises(CommandError):
                run(*args)
