"""manage.py generate_scale [--mentees N] [--projects N] [--people N] [--seed N]"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from demo.scale import ScaleError, generate


class Command(BaseCommand):
    help = (
        "Fill an EMPTY, migrated database with reference-scale data for the "
        "benchmark: projects over the 13 districts, leads and mentors, mentees "
        "with cases over ten years, meetings, placements, employers, "
        "consultations, integration steps and consent records. Refuses a "
        "database that holds projects, users or mentees."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentees", type=int, default=200_000)
        parser.add_argument("--projects", type=int, default=100)
        parser.add_argument(
            "--people", type=int, default=1000, help="Leads and mentors together."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            counts = generate(
                mentees=options["mentees"],
                projects=options["projects"],
                people=options["people"],
                seed=options["seed"],
                today=timezone.localdate(),
                progress=lambda line: self.stdout.write(
                    f"{line} ({time.monotonic() - started:.0f} s)"
                ),
            )
        except ScaleError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {seconds:.0f} s."))
