"""`python manage.py compile_report 2026 3`: the same compilation as the button."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.compilation import compile_report


class Command(BaseCommand):
    help = "Compile (or recompile) the draft report of one quarter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("quarter", type=int, choices=[1, 2, 3, 4])

    def handle(self, *args: Any, year: int, quarter: int, **options: Any) -> None:
        if not 2016 <= year <= 2100:
            raise CommandError("The year must lie between 2016 and 2100.")
        report = compile_report(year=year, quarter=quarter)
        self.stdout.write(
            f"Report Q{quarter} {year}: {report.status}, compiled at "
            f"{report.compiled_at:%Y-%m-%d %H:%M:%S}"
        )
