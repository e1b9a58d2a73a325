"""Art. 15: everything held on one mentee, as the project lead downloads it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from cases.models import Mentee
from privacy.export import as_json, as_pdf, mentee_data


class Command(BaseCommand):
    help = "Write everything held on a mentee (Art. 15 GDPR) as JSON or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "code", help="the mentee's pseudonymous code, e.g. TN-7K3Q9X"
        )
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", required=True, type=Path, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        mentee = Mentee.objects.filter(code=options["code"].strip().upper()).first()
        if mentee is None:
            raise CommandError(f"No mentee with the code {options['code']}.")
        with translation.override("de"):
            data = mentee_data(mentee)
            content = as_pdf(data) if options["format"] == "pdf" else as_json(data)
        options["output"].write_bytes(content)
        self.stdout.write(
            f"{mentee.code}: {len(content)} bytes written to {options['output']}"
        )
