"""`python manage.py import_records FILE --project NAME --dry-run`, or `--template OUT`.

The dry run prints every problem as `sheet:row:column: message` and exits
non-zero when there is one. Writing the records is not built yet: without
`--dry-run` the command refuses.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Project
from imports.check import check_file
from imports.reader import FileProblem, read_file
from imports.template import write_template


class Command(BaseCommand):
    help = "Check a spreadsheet for import (--dry-run), or write the template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="XLSX or CSV file")
        parser.add_argument("--project", help="the project's name")
        parser.add_argument("--dry-run", action="store_true", help="check only")
        parser.add_argument("--template", type=Path, help="write the template here")

    def handle(self, *args, file, project, dry_run, template, **options) -> None:
        if template is not None:
            template.write_bytes(write_template())
            self.stdout.write(str(template))
            return
        if file is None or not project:
            raise CommandError("Give FILE and --project NAME, or --template OUT.xlsx.")
        if not dry_run:
            raise CommandError("Only --dry-run is available so far; nothing written.")
        try:
            target = Project.objects.get(name=project)
        except Project.DoesNotExist as error:
            raise CommandError(f"No project named {project!r}.") from error
        try:
            sheets = read_file(file.name, file.read_bytes())
        except FileProblem as problem:
            raise CommandError(f"{file.name}::: {problem}") from problem
        report = check_file(sheets, target)
        for problem in report.problems:
            self.stderr.write(problem.line())
        if report.total > len(report.problems):
            self.stderr.write(f"... {report.total} problems in all.")
        if not report.ok:
            raise CommandError(f"{report.total} problems; nothing written.")
        self.stdout.write("No problems found.")
