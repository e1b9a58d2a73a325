"""How fast the import checks and writes 20,000 rows: `python scripts/import_speed.py`.

Builds a file of 20,000 rows over every sheet (as XLSX, and the Mentees
sheet alone as CSV), then times the dry run (reading and checking) and the
real import (reading, checking and writing) into a throwaway project. Runs
inside one transaction that is rolled back, so the database stays as it was.
Needs DATABASE_URL (migrated).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cases.models import Membership, Project  # noqa: E402
from imports.columns import KINDS  # noqa: E402
from imports.run import run_import  # noqa: E402

MENTOR = "bench-mentor@example.org"
# 20,000 rows: a large project's ten years.
SIZES = {
    "Arbeitgeber": 500,
    "Ansprechpersonen": 500,
    "Mentees": 5000,
    "Treffen": 10000,
    "Vermittlungen": 2000,
    "Integrationsschritte": 1500,
    "Arbeitgeberberatungen": 500,
}
HEADERS = {kind.sheet: [column.header for column in kind.columns] for kind in KINDS}


def row(sheet: str, n: int) -> dict[str, str]:
    mentee = str(n % SIZES["Mentees"])
    employer = f"A{n % SIZES['Arbeitgeber']}"
    return {
        "Arbeitgeber": {
            "Name": f"Benchbetrieb {n} Nummer {n * 7919 % 100003}",
            "Branche": "C – Verarbeitendes Gewerbe",
            "PLZ": "04109",
            "Ort": "Leipzig",
            "Landkreis": "Leipzig",
        },
        "Ansprechpersonen": {"Arbeitgeber (Eigene ID)": employer, "Name": "Petra"},
        "Mentees": {
            "Vorname": "Amal",
            "Nachname": f"Haddad{n}",
            "Geburtsdatum": "24.12.1990",
            "Geschlecht": "weiblich",
            "Landkreis": "Leipzig",
            "Einwilligung am": "01.03.2020",
            "Mentor/in (E-Mail)": MENTOR,
            "Erstgespräch am": "01.03.2020",
            "Aufgenommen am": "15.03.2020",
        },
        "Treffen": {
            "Mentee (Eigene ID)": mentee,
            "Datum": "20.03.2021",
            "Dauer (Minuten)": "45",
            "Art": "Telefon",
            "Notizen": "Bewerbung besprochen",
        },
        "Vermittlungen": {
            "Mentee (Eigene ID)": mentee,
            "Arbeitgeber (Eigene ID)": employer,
            "Art": "Praktikum",
            "Beginn": "01.04.2021",
        },
        "Integrationsschritte": {
            "Mentee (Eigene ID)": mentee,
            "Schritt": "Sprachkurs",
            "Fällig am": "01.05.2021",
        },
        "Arbeitgeberberatungen": {
            "Arbeitgeber (Eigene ID)": employer,
            "Datum": "10.04.2021",
            "Thema": "other",
            "Mentor/in (E-Mail)": MENTOR,
        },
    }[sheet] | {"Eigene ID": f"A{n}" if sheet == "Arbeitgeber" else str(n)}


def write_file(path: Path, sizes: dict[str, int]) -> None:
    workbook = Workbook(write_only=True)
    for sheet, size in sizes.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(HEADERS[sheet])
        for n in range(size):
            values = row(sheet, n)
            worksheet.append([values.get(header, "") for header in HEADERS[sheet]])
    workbook.save(path)


def write_csv(path: Path) -> None:
    lines = [";".join(HEADERS["Mentees"])]
    for n in range(SIZES["Mentees"] * 4):
        values = row("Mentees", n)
        lines.append(";".join(values.get(h, "") for h in HEADERS["Mentees"]))
    path.write_text("\r\n".join(lines), encoding="utf-8")


def timed(label: str, rows: int, **kwargs) -> None:
    started = time.process_time(), time.perf_counter()
    outcome = run_import(**kwargs)
    cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
    if not outcome.report.ok:
        raise SystemExit([p.line() for p in outcome.report.problems[:5]])
    if outcome.written == kwargs["dry_run"]:
        raise SystemExit(f"written={outcome.written}: {outcome.employer_matches[:3]}")
    print(f"{label}: {rows} rows in {wall:.1f} s ({cpu:.1f} s CPU)")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    xlsx, csv = folder / "Altdaten.xlsx", folder / "Mentees.csv"
    write_file(xlsx, SIZES)
    write_csv(csv)
    rows = sum(SIZES.values())
    with transaction.atomic():
        project = Project.objects.create(name="Import speed", carrier="bench")
        mentor = User.objects.create(username="bench-mentor", email=MENTOR)
        Membership.objects.create(user=mentor, project=project)
        common = {"project": project, "user": mentor}
        for path, count in ((xlsx, rows), (csv, SIZES["Mentees"] * 4)):
            name = path.name
            files = {"path": path, "file_name": name}
            timed(f"{name} checked (dry run)", count, dry_run=True, **common, **files)
            timed(f"{name} imported", count, dry_run=False, **common, **files)
            timed(f"{name} again (unchanged)", count, dry_run=False, **common, **files)
            project = Project.objects.create(name=f"Import speed {name}", carrier="b")
            Membership.objects.create(user=mentor, project=project)
            common["project"] = project
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
