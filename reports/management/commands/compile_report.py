"""`python manage.py compile_report 2026 3`: the same compilation as the button.

compile_report 2026 3                       the quarter Q3 2026
compile_report 2025                         the calendar year 2025
compile_report --phase "Zweite Phase"       the whole phase
compile_report --phase "Zweite Phase" --until 2022-12-31
                                            the phase to the end of a quarter
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import ProgrammePhase
from reports.compilation import compile_report
from reports.statistics import Period


class Command(BaseCommand):
    help = (
        "Compile (or recompile) the draft report of a quarter, a calendar year, "
        "a programme phase, or a phase up to the end of a quarter."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, nargs="?")
        parser.add_argument("quarter", type=int, nargs="?", choices=[1, 2, 3, 4])
        parser.add_argument("--phase", help="The programme phase's name.")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            help="With --phase: the last day of a quarter (YYYY-MM-DD).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = self.period(**options)
        try:
            report = compile_report(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{report.title}: {report.status}, compiled at "
            f"{report.compiled_at:%Y-%m-%d %H:%M:%S}"
        )

    def period(
        self,
        *,
        year: int | None,
        quarter: int | None,
        phase: str | None,
        until: datetime.date | None,
        **options: Any,
    ) -> Period:
        if phase:
            if year is not None:
                raise CommandError("Give a year (and quarter) or --phase, not both.")
            found = ProgrammePhase.objects.filter(name=phase).first()
            if found is None:
                names = ", ".join(ProgrammePhase.objects.values_list("name", flat=True))
                raise CommandError(f"No phase named {phase!r}; there are: {names}.")
            if until is not None and until < found.start:
                raise CommandError(f"{phase} starts on {found.start:%Y-%m-%d}.")
            return Period(found.start, until or found.end)
        if until is not None:
            raise CommandError("--until needs --phase.")
        if year is None:
            raise CommandError("Give a year (and quarter) or --phase.")
        if not 2016 <= year <= 2100:
            raise CommandError("The year must lie between 2016 and 2100.")
        return Period.quarter(year, quarter) if quarter else Period.year(year)
