"""Reading XLSX and CSV files as German users write them, and refusing bad files."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from imports.reader import FileProblem, parse_bool, parse_date, read_file

ROWS = [["Eigene ID", "Nachname", "Geburtsdatum"], ["M1", "Müller", "24.12.1990"]]


def xlsx_bytes(rows, title="Mentees"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(delimiter, encoding, bom=False):
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (";", "utf-8", False),
        (";", "utf-8", True),
        (",", "utf-8", False),
        (";", "cp1252", False),
    ],
)
def test_csv_variants_read_the_same(delimiter, encoding, bom):
    [sheet] = read_file("mentees.csv", csv_bytes(delimiter, encoding, bom))
    assert sheet.name == "mentees"
    assert sheet.headers == ROWS[0]
    assert sheet.rows == [(2, ROWS[1])]


def test_xlsx_reads_dates_and_skips_empty_rows():
    data = xlsx_bytes([ROWS[0], ["M1", "Müller", date(1990, 12, 24)], [None] * 3])
    [sheet] = read_file("mentees.xlsx", data)
    assert sheet.name == "Mentees"
    assert sheet.rows == [(2, ["M1", "Müller", "1990-12-24"])]
    assert sheet.formula_cells == []


def test_xlsx_formulas_are_reported_with_row_and_column():
    data = xlsx_bytes([ROWS[0], ["M1", '=A2&"x"', "24.12.1990"]])
    [sheet] = read_file("mentees.xlsx", data)
    assert sheet.formula_cells == [(2, "Nachname", '=A2&"x"')]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "passwortgeschützt"),
        (b"PK\x03\x04garbage", "keine lesbare Tabelle"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "keine lesbare Tabelle"),
        (b"Eigene ID;Nachname\r\n", "keine Datenzeilen"),
    ],
)
def test_bad_files_are_refused_with_a_precise_message(data, message):
    with pytest.raises(FileProblem, match=message):
        read_file("upload.xlsx", data)


def test_size_limit_is_configurable_and_named(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileProblem, match="1000") as raised:
        read_file("big.csv", b"a;b\r\n" * 300)
    assert "Grenze" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.12.2026", date(2026, 12, 24)),
        ("2026-12-24", date(2026, 12, 24)),
        (" 01.02.2020 ", date(2020, 2, 1)),
    ],
)
def test_german_and_iso_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "24.12.26", "morgen", "2026-13-01"])
def test_dates_that_do_not_exist_are_refused(text):
    with pytest.raises(ValueError, match="ist kein Datum"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", True), ("Ja", True), ("nein", False), ("NEIN", False), ("", False)],
)
def test_ja_nein(text, expected):
    assert parse_bool(text) is expected


def test_other_words_are_not_booleans():
    with pytest.raises(ValueError, match="weder"):
        parse_bool("vielleicht")
