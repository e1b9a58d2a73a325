"""manage.py demo_data [--history] [--seed N] [--mentees N]"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from cases.models import Region
from demo.cast import ensure_cast, logins_table
from demo.load import DemoError, build_default, build_history, demo_present


class Command(BaseCommand):
    help = (
        "Create demo projects, logins and case data. Without options: 14 projects, "
        "72 people working in them, ZEFAS, ministry and admin logins, and a few "
        "thousand mentees of the last three years; does nothing when the demo "
        "mentees exist already (make run calls it every time). With --history: "
        "DELETES all mentees, cases, placements, meetings, employers and "
        "consultations and builds the programme's history from 2016-10-01 until "
        "today, with the published figures (refuses when the database holds cases "
        "outside the demo projects)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--history",
            action="store_true",
            help="Replace all case data by the history since 2016 (about 11,000 "
            "mentees; takes a minute or two).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )
        parser.add_argument(
            "--mentees",
            type=int,
            default=3000,
            help="Mentees of the default demo (default 3000; ignored by --history).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Region.objects.exists():
            raise CommandError("The districts are missing: run `manage.py migrate`.")
        started = time.monotonic()
        today = timezone.localdate()
        try:
            with transaction.atomic():
                projects, members = ensure_cast()
                if options["history"]:
                    self.stdout.write("Building the history since 2016-10-01 …")
                    counts = build_history(
                        seed=options["seed"],
                        today=today,
                        projects=projects,
                        members=members,
                    )
                elif demo_present():
                    counts = None
                else:
                    counts = build_default(
                        mentees=options["mentees"],
                        seed=options["seed"],
                        today=today,
                        projects=projects,
                        members=members,
                    )
        except DemoError as error:
            raise CommandError(str(error)) from error
        if counts is None:
            self.stdout.write("Demo data is present; nothing to do.")
        else:
            summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
            seconds = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(f"Created {summary} in {seconds:.1f} s.")
            )
        self.stdout.write("\n" + logins_table())
