"""The dry run's problems: sheet, row, column, value and message; nothing written."""

from datetime import date

import pytest

from cases.models import Mentee
from imports.check import MAX_SHOWN, check_file
from imports.columns import KINDS
from imports.reader import Sheet
from tests.factories import MenteeFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in KINDS[0].columns]


def row(own_id, **values):
    base = {
        "Eigene ID": own_id,
        "Vorname": "Amal",
        "Nachname": f"Haddad{own_id}",
        "Geburtsdatum": "24.12.1990",
        "Geschlecht": "",
        "Landkreis": "Leipzig",
        "Einwilligung am": "01.03.2024",
        "Mentor/in (E-Mail)": "mentor@example.org",
        "Erstgespräch am": "01.03.2024",
        "Aufgenommen am": "15.03.2024",
        "Beendet am": "",
        "Beendigungsgrund": "",
    }
    base.update(values)
    return [base[header] for header in HEADERS]


def mentees(*rows):
    return Sheet("Mentees", HEADERS, [(n, r) for n, r in enumerate(rows, start=2)])


def test_a_clean_sheet_has_no_problems():
    report = check_file([mentees(row("1"), row("2"))], ProjectFactory())
    assert report.ok, report.problems


def test_each_problem_is_named_exactly_and_nothing_is_written():
    project = ProjectFactory()
    MenteeFactory(
        project=project,
        first_name="Amal",
        last_name="HaddadX",
        date_of_birth=date(1990, 12, 24),
    )
    before = Mentee.objects.count()
    sheet = mentees(
        row("1", Landkreis="Atlantis"),
        row("2", Geburtsdatum="31.02.1990"),
        row("3", **{"Einwilligung am": ""}),
        row("X"),
        row("1", **{"Aufgenommen am": "01.01.2024"}),
    )
    report = check_file([sheet], project)
    assert [problem.line() for problem in report.problems] == [
        "Mentees:2:Landkreis: Unbekannter Landkreis.",
        "Mentees:3:Geburtsdatum: „31.02.1990“ ist kein Datum; "
        "bitte als 24.12.2026 oder 2026-12-24 schreiben.",
        "Mentees:4:Einwilligung am: Dieser Wert ist Pflicht.",
        "Mentees:5:Nachname: Im Projekt gibt es bereits Teilnehmende mit diesem "
        "Namen und Geburtsdatum.",
        "Mentees:6:Eigene ID: Diese ID steht schon in Zeile 2.",
        "Mentees:6:Aufgenommen am: Aufnahme vor dem Erstgespräch.",
    ]
    assert report.problems[0].value == "Atlantis"
    assert Mentee.objects.count() == before


def test_missing_and_renamed_columns():
    headers = ["Eigene ID", "Vorname", "Familienname"] + HEADERS[3:]
    report = check_file([Sheet("Mentees", headers, [(2, ["1"])])], ProjectFactory())
    lines = [problem.line() for problem in report.problems]
    assert lines[0] == "Mentees:1:Nachname: Die Spalte fehlt."
    assert lines[1].startswith("Mentees:1:Familienname: Unbekannte Spalte (umbenannt?)")


def test_formulas_and_unknown_sheets_are_reported():
    sheet = mentees(row("1"))
    sheet.formula_cells.append((2, "Vorname", "=B1"))
    report = check_file(
        [sheet, Sheet("Tabelle1", ["a"], [(2, ["b"])])], ProjectFactory()
    )
    lines = [problem.line() for problem in report.problems]
    assert lines[0] == (
        "Mentees:2:Vorname: Eine Formel, wo ein Wert stehen muss; "
        "bitte nur die Werte einfügen."
    )
    assert lines[1].startswith("Tabelle1::: Unbekanntes Tabellenblatt")


def test_ten_thousand_errors_show_the_first_hundred_and_a_count():
    sheet = mentees(*(row(str(n), Landkreis="Atlantis") for n in range(10_000)))
    report = check_file([sheet], ProjectFactory())
    assert report.total == 10_000
    assert len(report.problems) == MAX_SHOWN
    assert report.problems[-1].row == MAX_SHOWN + 1


def test_command_dry_run_prints_problems_and_fails(tmp_path):
    from django.core.management import CommandError, call_command

    project = ProjectFactory()
    path = tmp_path / "Mentees.csv"
    lines = [";".join(HEADERS), ";".join(row("1", Landkreis="Atlantis"))]
    path.write_text("\r\n".join(lines), encoding="cp1252")
    import io

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problems; nothing written"):
        call_command(
            "import_records", str(path), project=project.name, dry_run=True, stderr=err
        )
    assert err.getvalue() == "Mentees:2:Landkreis: Unbekannter Landkreis.\n"
