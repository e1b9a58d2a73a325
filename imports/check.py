"""The dry run: every problem of a file with sheet, row, column, value and message.

Nothing is written here. `check_file` runs the whole file and keeps the first
`MAX_SHOWN` problems plus the total count (a file with 10,000 errors shows a
hundred and says how many there are). So far it checks the sheets' headers,
formula cells and the "Mentees" sheet's values; the other kinds follow.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.models import Mentee, Project, Region

from .columns import KINDS, Column, RecordKind
from .reader import Sheet, parse_date

MAX_SHOWN = 100


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def line(self) -> str:
        """The `sheet:row:column: message` line of the management command."""
        return f"{self.sheet}:{self.row or ''}:{self.column}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, *args) -> None:
        self.total += 1
        if len(self.problems) < MAX_SHOWN:
            self.problems.append(Problem(*args))

    @property
    def ok(self) -> bool:
        return self.total == 0


def check_file(sheets: list[Sheet], project: Project) -> Report:
    report = Report()
    by_name = {kind.sheet: kind for kind in KINDS}
    for sheet in sheets:
        kind = by_name.get(sheet.name)
        if kind is None:
            report.add(
                sheet.name,
                None,
                "",
                "",
                _("Unknown sheet; expected one of: %(names)s.")
                % {"names": ", ".join(by_name)},
            )
            continue
        if not _check_headers(sheet, kind, report):
            continue
        for number, column, text in sheet.formula_cells:
            report.add(
                sheet.name,
                number,
                column,
                text,
                _("A formula where a value belongs; please paste the values only."),
            )
        if kind.key == "mentees":
            _check_mentees(sheet, kind, project, report)
    return report


def _check_headers(sheet: Sheet, kind: RecordKind, report: Report) -> bool:
    expected = [column.header for column in kind.columns]
    present = set(sheet.headers)
    missing = [header for header in expected if header not in present]
    unknown = [header for header in sheet.headers if header and header not in expected]
    for header in missing:
        report.add(sheet.name, 1, header, "", _("The column is missing."))
    for header in unknown:
        report.add(
            sheet.name,
            1,
            header,
            header,
            _("Unknown column (renamed?); the template's columns are: %(names)s.")
            % {"names": ", ".join(expected)},
        )
    return not missing


def _values(sheet: Sheet, columns: tuple[Column, ...]):
    index = {header: position for position, header in enumerate(sheet.headers)}
    for number, cells in sheet.rows:
        yield (
            number,
            {
                column.header: (
                    cells[index[column.header]]
                    if index[column.header] < len(cells)
                    else ""
                )
                for column in columns
            },
        )


def _check_mentees(sheet, kind, project, report) -> None:
    regions = {
        name.casefold() for name in Region.objects.values_list("name", flat=True)
    }
    existing = set(
        Mentee.objects.filter(project=project).values_list(
            "first_name", "last_name", "date_of_birth"
        )
    )
    existing = {(f.casefold(), la.casefold(), born) for f, la, born in existing}
    seen_ids: dict[str, int] = {}
    for number, row in _values(sheet, kind.columns):
        parsed = {}
        for column in kind.columns:
            text = row[column.header]
            if not text:
                if column.required:
                    report.add(
                        sheet.name,
                        number,
                        column.header,
                        "",
                        _("This value is required."),
                    )
                continue
            if column.kind == "date":
                try:
                    parsed[column.header] = parse_date(text)
                except ValueError as error:
                    report.add(sheet.name, number, column.header, text, str(error))
            elif column.kind == "choice":
                labels = {str(label).casefold() for label in column.choices.labels}
                if text.casefold() not in labels:
                    report.add(
                        sheet.name,
                        number,
                        column.header,
                        text,
                        _("Not a value of the list."),
                    )
        own_id = row["Eigene ID"]
        if own_id in seen_ids:
            report.add(
                sheet.name,
                number,
                "Eigene ID",
                own_id,
                _("This ID is already used in row %(row)s.")
                % {"row": seen_ids[own_id]},
            )
        elif own_id:
            seen_ids[own_id] = number
        if row["Landkreis"] and row["Landkreis"].casefold() not in regions:
            report.add(
                sheet.name,
                number,
                "Landkreis",
                row["Landkreis"],
                _("Unknown district."),
            )
        born = parsed.get("Geburtsdatum")
        key = (row["Vorname"].casefold(), row["Nachname"].casefold(), born)
        if born and key in existing:
            report.add(
                sheet.name,
                number,
                "Nachname",
                row["Nachname"],
                _(
                    "A mentee with this name and date of birth already exists "
                    "in the project."
                ),
            )
        opened = parsed.get("Erstgespräch am")
        admitted = parsed.get("Aufgenommen am")
        if opened and admitted and admitted < opened:
            report.add(
                sheet.name,
                number,
                "Aufgenommen am",
                row["Aufgenommen am"],
                _("Admitted before the first conversation."),
            )
