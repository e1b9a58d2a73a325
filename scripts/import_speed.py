"""How fast the import reads and checks 20,000 rows: `python scripts/import_speed.py`.

Builds a Mentees sheet of 20,000 rows as XLSX and as CSV, then times reading
and the dry-run check against a throwaway project (rolled back). Writing is
not built yet, so only the check is timed. Needs DATABASE_URL (migrated).
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cases.models import Project  # noqa: E402
from imports.check import check_file  # noqa: E402
from imports.columns import KINDS  # noqa: E402
from imports.reader import read_file  # noqa: E402

ROWS = 20_000
HEADERS = [column.header for column in KINDS[0].columns]


def row(n: int) -> list[str]:
    return [
        str(n),
        "Amal",
        f"Haddad{n}",
        "24.12.1990",
        "",
        "Leipzig",
        "01.03.2024",
        "mentor@example.org",
        "01.03.2024",
        "15.03.2024",
        "",
        "",
    ]


def main() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Mentees")
    sheet.append(HEADERS)
    for n in range(ROWS):
        sheet.append(row(n))
    buffer = io.BytesIO()
    workbook.save(buffer)
    files = {
        "Mentees.xlsx": buffer.getvalue(),
        "Mentees.csv": "\r\n".join(
            ";".join(cells) for cells in [HEADERS] + [row(n) for n in range(ROWS)]
        ).encode("utf-8"),
    }
    with transaction.atomic():
        project = Project.objects.create(name="Import speed", carrier="bench")
        for name, data in files.items():
            started = time.process_time(), time.perf_counter()
            sheets = read_file(name, data)
            report = check_file(sheets, project)
            cpu, wall = (
                time.process_time() - started[0],
                time.perf_counter() - started[1],
            )
            print(
                f"{name}: {ROWS} rows checked in {wall:.1f} s "
                f"({cpu:.1f} s CPU), {report.total} problems"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
