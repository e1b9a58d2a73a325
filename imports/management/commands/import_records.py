"""`manage.py import_records FILE --project NAME [--dry-run]`, or `--template OUT`.

Checks the file and, without `--dry-run`, writes it: all of it or nothing.
Problems are printed as `sheet:row:column: message` and make the command exit
non-zero. A likely duplicate of an employer in the shared registry is printed
with its number; confirm it with `--employer OWN_ID=NUMBER` or refuse it with
`--new-employer OWN_ID`, then run again.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Project
from imports.run import run_import
from imports.template import write_template


def employer_choice(text: str) -> tuple[str, int]:
    own_id, _, pk = text.rpartition("=")
    if not own_id or not pk.isdigit():
        raise ValueError(text)
    return own_id, int(pk)


class Command(BaseCommand):
    help = "Import a spreadsheet (or check it with --dry-run), or write the template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="XLSX or CSV file")
        parser.add_argument("--project", help="the project's name")
        parser.add_argument("--dry-run", action="store_true", help="check only")
        parser.add_argument(
            "--user", help="username recorded in the change history (optional)"
        )
        parser.add_argument("--template", type=Path, help="write the template here")
        parser.add_argument(
            "--employer",
            action="append",
            type=employer_choice,
            default=[],
            metavar="OWN_ID=NUMBER",
            help="use the registry's employer NUMBER for the employer row OWN_ID",
        )
        parser.add_argument(
            "--new-employer",
            action="append",
            default=[],
            metavar="OWN_ID",
            help="create the employer row OWN_ID although the registry has a match",
        )

    def handle(self, *args, file, project, dry_run, template, **options) -> None:
        if template is not None:
            template.write_bytes(write_template())
            self.stdout.write(str(template))
            return
        if file is None or not project:
            raise CommandError("Give FILE and --project NAME, or --template OUT.xlsx.")
        try:
            target = Project.objects.get(name=project)
        except Project.DoesNotExist as error:
            raise CommandError(f"No project named {project!r}.") from error
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        choices = dict(options["employer"]) | dict.fromkeys(options["new_employer"])
        outcome = run_import(
            file,
            project=target,
            user=user,
            file_name=file.name,
            dry_run=dry_run,
            employer_choices=choices,
        )
        report = outcome.report
        for problem in report.problems:
            self.stderr.write(problem.line())
        if report.total > len(report.problems):
            self.stderr.write(f"... {report.total} problems in all.")
        if not report.ok:
            raise CommandError(f"{report.total} problems; nothing written.")
        for match in outcome.employer_matches:
            self.stderr.write(
                f"{match.sheet}:{match.row}:Eigene ID: {match.own_id} {match.name!r} "
                f"may be registry employer {match.employer_id} "
                f"{match.employer_name!r} ({match.employer_city}); confirm with "
                f"--employer {match.own_id}={match.employer_id} or "
                f"--new-employer {match.own_id}"
            )
        for sheet, counts in outcome.counts.items():
            self.stdout.write(
                f"{sheet}: {counts['created']} created, {counts['changed']} changed, "
                f"{counts['unchanged']} unchanged"
            )
        if outcome.employer_matches and not dry_run:
            raise CommandError("Employer matches to confirm; nothing written.")
        self.stdout.write(
            "Written." if outcome.written else "Dry run: nothing written."
        )
