"""The downloadable template: a sheet per kind, German headers, explanations, lists."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from imports.columns import KINDS
from imports.reader import read_file
from imports.template import write_template

pytestmark = pytest.mark.django_db


def test_one_sheet_per_kind_with_headers_explanations_and_drop_downs():
    workbook = load_workbook(io.BytesIO(write_template()))
    assert workbook.sheetnames == [kind.sheet for kind in KINDS] + ["Listen"]
    assert workbook["Listen"].sheet_state == "hidden"
    mentees = workbook["Mentees"]
    headers = [cell.value for cell in mentees[1]]
    assert headers[:4] == ["Eigene ID", "Vorname", "Nachname", "Geburtsdatum"]
    assert all(cell.value for cell in mentees[2])
    assert mentees["A2"].value.startswith("Erläuterung: ")
    lists = {str(v.sqref): v.formula1 for v in mentees.data_validations.dataValidation}
    assert sorted(lists) == [
        "E3:E20002",
        "F3:F20002",
        "L3:L20002",
    ]  # gender, district, close reason
    assert lists["F3:F20002"] == "'Listen'!$B$2:$B$14"  # Saxony's 13 districts
    treffen = workbook["Treffen"]
    [art] = [v for v in treffen.data_validations.dataValidation if "E3" in str(v.sqref)]
    column = art.formula1.split("!$")[1].split("$")[0]
    labels = [c.value for c in workbook["Listen"][column][1:] if c.value]
    assert labels and all(isinstance(label, str) for label in labels)


def test_an_empty_template_is_refused_as_having_no_rows():
    from imports.reader import FileProblem

    with pytest.raises(FileProblem, match="keine Datenzeilen"):
        read_file("Vorlage.xlsx", write_template())


def test_template_rows_read_back_without_the_explanation(tmp_path):
    out = tmp_path / "vorlage.xlsx"
    call_command("import_records", template=out)
    workbook = load_workbook(out)
    workbook["Mentees"].append(["M1", "Amal", "Haddad", "24.12.1990"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets = {sheet.name: sheet for sheet in read_file("v.xlsx", buffer.getvalue())}
    assert "Listen" not in sheets
    [(number, cells)] = sheets["Mentees"].rows
    assert number == 3
    assert cells[:4] == ["M1", "Amal", "Haddad", "24.12.1990"]
