"""Hand-written SQL for the benchmark: the figures and tables of
`reports.statistics.report_data(period=...)` for the whole programme,
computed by the statements in bench/sql/, and a comparison of the two.

The SQL counts; this module only runs it and puts the numbers into the
shape of `report_data`: it lists the rows every table shows, divides
minutes into hours and works out the rates, with the rounding of
docs/statistics.md (one decimal, the way report_data rounds: Python's
round() on a float, so that the comparison is exact).
"""

from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from cases.models import Mentee
from reports.statistics import Period

SQL_DIR = Path(__file__).resolve().parent / "sql"
# One statement per source of rows, and one for the rows of two tables.
SOURCES = ("cases", "placements", "meetings", "employers")
STATEMENTS = {
    name: (SQL_DIR / f"{name}.sql").read_text() for name in (*SOURCES, "rows")
}

# The figures of docs/statistics.md, in its order.
FIGURES = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "employers",
    "employment",
    "employment_adequate",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "marginal_employment",
    "self_employment",
    "dropouts",
    "follow_up",
    "sustainably_integrated",
    "average_support_days",
    "meetings",
    "meeting_hours",
)
RATES = {
    "women_share": ("women", "participants"),
    "employment_adequate_share": ("employment_adequate", "employment"),
}
CASE_FIGURES = {
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "average_support_days",
}
PLACEMENT_FIGURES = {
    "employment",
    "employment_adequate",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "marginal_employment",
    "self_employment",
    "dropouts",
    "sustainably_integrated",
}
# Every figure about persons by project, district, gender, age group,
# country of origin and residence status; placements also by sector;
# employers by project, district and sector; meetings and their hours by
# project and district only.
PERSON_FIGURES = CASE_FIGURES | PLACEMENT_FIGURES | {"follow_up"}
TABLE_FIGURES = {
    "project": set(FIGURES),
    "district": set(FIGURES),
    "gender": PERSON_FIGURES,
    "age_group": PERSON_FIGURES,
    "country_of_origin": PERSON_FIGURES,
    "residence_status": PERSON_FIGURES,
    "sector": PLACEMENT_FIGURES | {"employers"},
}
# Rows shown even when all their figures are zero; None: rows where there is
# data (projects and districts come from the database).
CLOSED_ROWS: dict[str, list[str] | None] = {
    "project": None,
    "district": None,
    "gender": list(Mentee.Gender.values),
    "age_group": ["under_30", "30_54", "55_plus"],
    "residence_status": list(Mentee.ResidenceStatus.values),
}
# A trend per quarter, per year for periods over more than 20 quarters.
MAX_TREND_QUARTERS = 20


def columns_of(dimension: str) -> list[str]:
    wanted = TABLE_FIGURES.get(dimension, set(FIGURES))
    return [key for key in FIGURES if key in wanted]


def trend_parts(period: Period) -> tuple[str, list[Period]]:
    """The trend's unit and rows: the calendar quarters (or years) of the
    period, each cut to the period."""
    quarters = period.quarters()
    if len(quarters) <= MAX_TREND_QUARTERS:
        return "quarter", [q.clip(period) for q in quarters]
    return "year", [y.clip(period) for y in period.years()]


def finish(raw: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The values of one row from the SQL's numbers, rounded as report_data."""
    values: dict[str, Any] = {}
    for key in columns:
        if key == "average_support_days":
            average = raw.get(key)
            values[key] = None if average is None else round(float(average), 1)
        elif key == "meeting_hours":
            values[key] = round(int(raw.get("meeting_minutes") or 0) / 60, 1)
        else:
            values[key] = int(raw.get(key) or 0)
    if "average_support_days" in columns:
        values["closed_cases"] = int(raw.get("closed_cases") or 0)
    for rate, (numerator, denominator) in RATES.items():
        if numerator in columns and denominator in columns:
            den = values[denominator]
            values[rate] = round(100 * values[numerator] / den, 1) if den else None
    return values


def run(today: date, period: Period, parts: list[Period]) -> tuple[dict, dict]:
    """The SQL's rows: (dimension, key) -> figure -> value, and the keys of
    all projects and districts."""
    params = {
        "start": period.start,
        "end": period.end,
        "today": today,
        "part_starts": [part.start for part in parts],
        "part_ends": [part.end for part in parts],
    }
    raw: dict[tuple[str, str], dict[str, Any]] = {}
    listed: dict[str, list[str]] = {"project": [], "district": []}
    with connection.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(STATEMENTS[source], params)
            names = [column.name for column in cursor.description][2:]
            for dimension, key, *values in cursor.fetchall():
                raw.setdefault((dimension, key), {}).update(
                    zip(names, values, strict=True)
                )
        cursor.execute(STATEMENTS["rows"])
        for dimension, key in cursor.fetchall():
            listed[dimension].append(key)
    return raw, listed


def table(key: str, dimension: str, rows: list[tuple[str, dict]], total: dict):
    """A table as report_data has it, without labels: its total holds the
    period's figures of the table's columns (and their rates)."""
    columns = columns_of(dimension)
    shown = finish({}, columns).keys()
    return {
        "key": key,
        "dimension": dimension,
        "columns": columns,
        "rows": [{"key": row_key, "values": values} for row_key, values in rows],
        "total": {k: v for k, v in total.items() if k in shown},
    }


def sql_report_data(period: Period) -> dict[str, Any]:
    """The figures and tables of `report_data(period=period)` (programme
    scope), from the SQL in bench/sql/. Rows carry keys, not labels."""
    unit, parts = trend_parts(period)
    trend = parts if len(parts) > 1 else []
    raw, listed = run(timezone.localdate(), period, trend)
    figures = finish(raw.get(("part", "0"), {}), list(FIGURES))
    tables = []
    for dimension in TABLE_FIGURES:
        columns = columns_of(dimension)
        found = {key: values for (d, key), values in raw.items() if d == dimension}
        is_open = dimension not in CLOSED_ROWS
        closed = [] if is_open else CLOSED_ROWS[dimension] or listed[dimension]
        rows = []
        for key in [*closed, *(k for k in found if k not in closed)]:
            values = finish(found.get(key, {}), columns)
            # Countries, sectors and "not stated" only where there is data
            if (is_open or key == "") and not any(values[c] for c in columns):
                continue
            rows.append((key, values))
        tables.append(table(f"by_{dimension}", dimension, rows, figures))
    if trend:
        rows = [
            (part.key, finish(raw.get(("part", str(index)), {}), list(FIGURES)))
            for index, part in enumerate(trend, start=1)
        ]
        tables.append(table(f"by_{unit}", unit, rows, figures))
    return {"period": period.as_dict(), "figures": figures, "tables": tables}


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Every number of a report's data under a name such as
    `by_gender[female].participants` or `by_quarter.total.women_share`."""
    flat = {f"figures.{k}": v for k, v in data["figures"].items()}
    for tab in data["tables"]:
        name = tab["key"]
        flat[f"{name}.columns"] = list(tab["columns"])
        flat.update({f"{name}.total.{k}": v for k, v in tab["total"].items()})
        for row in tab["rows"]:
            flat.update(
                {f"{name}[{row['key']}].{k}": v for k, v in row["values"].items()}
            )
    return flat


def row_of(name: str) -> str | None:
    """`by_gender[female]` for `by_gender[female].women`; None for others."""
    return name.partition("]")[0] + "]" if "[" in name else None


def differences(project_data: dict[str, Any], sql_data: dict[str, Any]) -> list[str]:
    """Every figure (or table column list) that differs between report_data
    and sql_report_data, or that only one of them has; [] when they agree.
    A table row that only one of them has is one line, not one per figure."""
    project, sql = flatten(project_data), flatten(sql_data)
    project_rows = {row_of(name) for name in project} - {None}
    sql_rows = {row_of(name) for name in sql} - {None}
    lone_rows = project_rows ^ sql_rows
    result = [
        f"{row}: the whole row is missing in "
        + ("sql" if row in project_rows else "project")
        for row in sorted(lone_rows)
    ]
    missing = object()
    for name in sorted(project.keys() | sql.keys()):
        if row_of(name) in lone_rows:
            continue
        a, b = project.get(name, missing), sql.get(name, missing)
        if a is missing or b is missing or type(a) is not type(b) or a != b:
            show = [("missing" if v is missing else repr(v)) for v in (a, b)]
            result.append(f"{name}: project {show[0]}, sql {show[1]}")
    return result
