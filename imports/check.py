"""The dry run: every problem of a file with sheet, row, column, value and message.

Nothing is written here. `check_file` runs the whole file and keeps the first
`MAX_SHOWN` problems plus the total count (a file with 10,000 errors shows a
hundred and says how many there are). So far it checks the sheets' headers,
formula cells and every value; imports.run adds the references between
rows and the models' own rules.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from cases.models import Mentee, Project, Region

from .columns import KINDS, Column, RecordKind
from .reader import Sheet, parse_bool, parse_date

MAX_SHOWN = 100
OWN_ID_MAX_LENGTH = 100  # imports.SourceId.own_id


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


@dataclass
class ParsedRow:
    """One data row: its cells as text and as values, and whether all parsed."""

    number: int
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True

    @property
    def own_id(self) -> str:
        return self.texts.get("Eigene ID", "")

    def fail(self, add: Callable, sheet: str, column: str, message: str) -> None:
        self.ok = False
        add(sheet, self.number, column, self.texts.get(column, ""), message)


def check_file(
    sheets: list[Sheet], project: Project, *, mapped: dict[str, int] | None = None
) -> Report:
    """The problems of the file's own values (no references between rows yet).

    `mapped` gives the mentees already imported for own ids (own id -> mentee
    pk): such a mentee is the row itself, not a duplicate."""
    problems: list[Problem] = []
    inspect_file(sheets, project, lambda *a: problems.append(Problem(*a)), mapped or {})
    return ordered_report(problems)


def ordered_report(problems: list[Problem]) -> Report:
    """Every problem, in the order of the sheets, rows and columns."""
    positions = {kind.sheet: n for n, kind in enumerate(KINDS)}
    columns = {
        (kind.sheet, column.header): n
        for kind in KINDS
        for n, column in enumerate(kind.columns)
    }
    ordered = sorted(
        enumerate(problems),
        key=lambda item: (
            positions.get(item[1].sheet, len(positions)),
            item[1].row or 0,
            columns.get((item[1].sheet, item[1].column), len(columns)),
            item[0],
        ),
    )
    report = Report()
    for _position, problem in ordered:
        report.add(
            problem.sheet, problem.row, problem.column, problem.value, problem.message
        )
    return report


def inspect_file(
    sheets: list[Sheet], project: Project, add: Callable, mapped: dict[str, int]
) -> dict[str, list[ParsedRow]]:
    """Check headers, formulas and every value; the parsed rows by kind key."""
    by_name = {kind.sheet: kind for kind in KINDS}
    parsed: dict[str, list[ParsedRow]] = {}
    regions = {region.name.casefold(): region for region in Region.objects.all()}
    for sheet in sheets:
        kind = by_name.get(sheet.name)
        if kind is None:
            add(
                sheet.name,
                None,
                "",
                "",
                _("Unknown sheet; expected one of: %(names)s.")
                % {"names": ", ".join(by_name)},
            )
            continue
        if kind.key in parsed:
            add(sheet.name, None, "", "", _("The sheet appears twice."))
            continue
        if not _check_headers(sheet, kind, add):
            continue
        formulas = set()
        for number, column, text in sheet.formula_cells:
            formulas.add(number)
            add(
                sheet.name,
                number,
                column,
                text,
                _("A formula where a value belongs; please paste the values only."),
            )
        rows = _parse_rows(sheet, kind, regions, add)
        for row in rows:
            if row.number in formulas:
                row.ok = False
        if kind.key == "mentees":
            _check_mentees(sheet, rows, project, mapped, add)
        parsed[kind.key] = rows
    return parsed


def _check_headers(sheet: Sheet, kind: RecordKind, add: Callable) -> bool:
    expected = [column.header for column in kind.columns]
    present = set(sheet.headers)
    missing = [header for header in expected if header not in present]
    unknown = [header for header in sheet.headers if header and header not in expected]
    for header in missing:
        add(sheet.name, 1, header, "", _("The column is missing."))
    for header in unknown:
        add(
            sheet.name,
            1,
            header,
            header,
            _("Unknown column (renamed?); the template's columns are: %(names)s.")
            % {"names": ", ".join(expected)},
        )
    return not missing


def _choice_map(column: Column) -> dict[str, str]:
    """The list's German labels (and the code words) to the stored values."""
    with translation.override("de"):
        labels = {
            str(label).casefold(): value for value, label in column.choices.choices
        }
    return labels | {value.casefold(): value for value in column.choices.values}


def _parse_value(column: Column, text: str, regions: dict):
    if column.header == "Landkreis":
        region = regions.get(text.casefold())
        if region is None:
            raise ValueError(_("Unknown district."))
        return region
    if column.kind == "date":
        return parse_date(text)
    if column.kind == "bool":
        return parse_bool(text)
    if column.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a whole number.") % {"value": text}
            ) from None
    if column.kind == "decimal":
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": text}
            ) from None
    return text


def _parse_rows(sheet: Sheet, kind: RecordKind, regions: dict, add) -> list:
    index = {header: position for position, header in enumerate(sheet.headers)}
    choices = {c.header: _choice_map(c) for c in kind.columns if c.kind == "choice"}
    seen_ids: dict[str, int] = {}
    rows = []
    for number, cells in sheet.rows:
        row = ParsedRow(number)
        for column in kind.columns:
            position = index[column.header]
            text = cells[position] if position < len(cells) else ""
            row.texts[column.header] = text
            if not text:
                if column.required:
                    row.fail(
                        add, sheet.name, column.header, _("This value is required.")
                    )
                continue
            if column.kind == "choice":
                value = choices[column.header].get(text.casefold())
                if value is None:
                    row.fail(
                        add, sheet.name, column.header, _("Not a value of the list.")
                    )
                else:
                    row.values[column.header] = value
                continue
            try:
                row.values[column.header] = _parse_value(column, text, regions)
            except ValueError as error:
                row.fail(add, sheet.name, column.header, str(error))
        own_id = row.texts["Eigene ID"]
        if len(own_id) > OWN_ID_MAX_LENGTH:
            row.fail(
                add,
                sheet.name,
                "Eigene ID",
                _("At most %(limit)s characters.") % {"limit": OWN_ID_MAX_LENGTH},
            )
        elif own_id in seen_ids:
            row.fail(
                add,
                sheet.name,
                "Eigene ID",
                _("This ID is already used in row %(row)s.")
                % {"row": seen_ids[own_id]},
            )
        elif own_id:
            seen_ids[own_id] = number
        rows.append(row)
    return rows


def _check_mentees(sheet, rows, project, mapped, add) -> None:
    """A person already in the project (other than the row's own mentee), and an
    admission before the first conversation."""
    existing = {
        (first.casefold(), last.casefold(), born): pk
        for pk, first, last, born in Mentee.objects.filter(project=project).values_list(
            "pk", "first_name", "last_name", "date_of_birth"
        )
    }
    in_file: dict[tuple, tuple[int, str]] = {}
    for row in rows:
        born = row.values.get("Geburtsdatum")
        key = (row.texts["Vorname"].casefold(), row.texts["Nachname"].casefold(), born)
        earlier = in_file.get(key)
        # A repeated own id is reported already: the same row given twice.
        if born and earlier and earlier[1] != row.own_id:
            row.fail(
                add,
                sheet.name,
                "Nachname",
                _("The same person (name and date of birth) is in row %(row)s.")
                % {"row": earlier[0]},
            )
        elif born and not earlier:
            in_file[key] = (row.number, row.own_id)
        if born and existing.get(key, mapped.get(row.own_id)) != mapped.get(row.own_id):
            row.fail(
                add,
                sheet.name,
                "Nachname",
                _(
                    "A mentee with this name and date of birth already exists "
                    "in the project."
                ),
            )
        opened = row.values.get("Erstgespräch am")
        admitted = row.values.get("Aufgenommen am")
        if opened and admitted and admitted < opened:
            row.fail(
                add,
                sheet.name,
                "Aufgenommen am",
                _("Admitted before the first conversation."),
            )
