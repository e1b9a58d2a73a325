"""`python manage.py import_records --template OUT.xlsx` writes the import template.

The import itself (FILE --project NAME [--dry-run]) is not built yet.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from imports.template import write_template


class Command(BaseCommand):
    help = "Write the XLSX import template (the import of files follows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--template", type=Path, help="write the template here")

    def handle(self, *args, template: Path | None, **options) -> None:
        if template is None:
            raise CommandError("Only --template OUT.xlsx is available so far.")
        template.write_bytes(write_template())
        self.stdout.write(f"{template}")
