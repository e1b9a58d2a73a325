"""Art. 17: erase a mentee the way a project lead does, keeping every figure."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Mentee
from privacy.erasure import ErasureRefused, erase_mentee
from privacy.forms import names_in
from privacy.models import Erasure


class Command(BaseCommand):
    help = (
        "Erase a mentee's personal data (Art. 17 GDPR); the statistics keep counting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "code", help="the mentee's pseudonymous code, e.g. TN-7K3Q9X"
        )
        parser.add_argument("--reason", required=True, help="why (without the name)")

    def handle(self, *args: Any, **options: Any) -> None:
        mentee = Mentee.objects.filter(code=options["code"].strip().upper()).first()
        if mentee is None:
            raise CommandError(f"No mentee with the code {options['code']}.")
        if names_in(options["reason"], mentee):
            raise CommandError("Please leave the person's name out of the reason.")
        try:
            report = erase_mentee(
                mentee, by=None, source=Erasure.Source.REQUEST, reason=options["reason"]
            )
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"{mentee.code} erased. Rows changed:")
        for kind, count in report.rows.items():
            history = report.history_rows.get(kind)
            extra = f" (history versions: {history})" if history is not None else ""
            self.stdout.write(f"  {kind}: {count}{extra}")
