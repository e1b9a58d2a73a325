"""Building import files for tests: sheets of rows given as {header: value}."""

from pathlib import Path

from openpyxl import Workbook

from imports.columns import KINDS

HEADERS = {kind.sheet: [column.header for column in kind.columns] for kind in KINDS}


def mentee(own_id: str, mentor: str, **values: str) -> dict[str, str]:
    return {
        "Eigene ID": own_id,
        "Vorname": "Amal",
        "Nachname": f"Haddad{own_id}",
        "Geburtsdatum": "24.12.1990",
        "Geschlecht": "weiblich",
        "Landkreis": "Leipzig",
        "Einwilligung am": "01.03.2024",
        "Mentor/in (E-Mail)": mentor,
        "Erstgespräch am": "01.03.2024",
        "Aufgenommen am": "15.03.2024",
        **values,
    }


def meeting(own_id: str, mentee_id: str, **values: str) -> dict[str, str]:
    return {
        "Eigene ID": own_id,
        "Mentee (Eigene ID)": mentee_id,
        "Datum": "20.03.2024",
        "Dauer (Minuten)": "45",
        "Art": "persönlich",
        "Notizen": "Bewerbung besprochen",
        **values,
    }


def placement(own_id: str, mentee_id: str, employer_id: str, **values) -> dict:
    return {
        "Eigene ID": own_id,
        "Mentee (Eigene ID)": mentee_id,
        "Arbeitgeber (Eigene ID)": employer_id,
        "Art": "sozialversicherungspflichtige Beschäftigung",
        "Beginn": "01.04.2024",
        "Wochenstunden": "38,5",
        "Qualifikationsadäquat": "ja",
        "Beruf": "Pflegehelferin",
        **values,
    }


def step(own_id: str, mentee_id: str, **values: str) -> dict[str, str]:
    return {
        "Eigene ID": own_id,
        "Mentee (Eigene ID)": mentee_id,
        "Schritt": "Sprachkurs",
        "Beschreibung": "B1-Kurs anmelden",
        "Fällig am": "01.05.2024",
        **values,
    }


def employer(own_id: str, **values: str) -> dict[str, str]:
    return {
        "Eigene ID": own_id,
        "Name": f"Pflegedienst Sonnenschein {own_id} GmbH",
        "Branche": "Q – Gesundheits- und Sozialwesen",
        "PLZ": "04109",
        "Ort": "Leipzig",
        "Landkreis": "Leipzig",
        **values,
    }


def contact(own_id: str, employer_id: str, **values: str) -> dict[str, str]:
    return {
        "Eigene ID": own_id,
        "Arbeitgeber (Eigene ID)": employer_id,
        "Name": "Petra Schulz",
        "Funktion": "Personal",
        "E-Mail": "schulz@example.org",
        **values,
    }


def consultation(own_id: str, employer_id: str, mentor: str, **values) -> dict:
    return {
        "Eigene ID": own_id,
        "Arbeitgeber (Eigene ID)": employer_id,
        "Datum": "10.04.2024",
        "Thema": "Förderung und Zuschüsse",
        "Mentor/in (E-Mail)": mentor,
        **values,
    }


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, str]]]) -> Path:
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(HEADERS[title])
        for row in rows:
            sheet.append([row.get(header, "") for header in HEADERS[title]])
    workbook.save(path)
    return path
