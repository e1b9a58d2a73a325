"""`report_data()`: the figures and all tables of a period and scope, as
stored in a quarterly report and shown on the dashboard."""

from typing import Any

from .breakdowns import figures_and_breakdowns
from .figures import compute_many, trend_periods, trend_unit
from .labels import DIMENSIONS, TABLE_TITLES, columns_for, rates_for
from .periods import PROGRAMME, Period, Scope


def _table(
    key: str,
    dimension: str,
    rows: list[tuple[str, str, dict]],
    total: dict[str, Any],
) -> dict[str, Any]:
    columns = columns_for(dimension)
    keep = [*columns, *rates_for(columns)]
    if "average_support_days" in columns:
        keep.append("closed_cases")
    return {
        "key": key,
        "title": str(TABLE_TITLES[dimension]),
        "dimension": dimension,
        "columns": columns,
        "rows": [
            {"key": row_key, "label": label, "values": values}
            for row_key, label, values in rows
        ],
        "total": {k: total[k] for k in keep if k in total},
    }


def report_data(*, period: Period, scope: Scope = PROGRAMME) -> dict[str, Any]:
    """Figures and tables of one period and scope, JSON-serialisable, unsuppressed.

    Tables: by project (unless the scope is a project), by district (unless a
    district), by gender, age group, country of origin, residence status and
    sector, and by quarter when the period spans more than one quarter. Every
    table's `total` holds the scope's figures for the period (distinct
    persons, so possibly less than the sum of the rows).

    Ten queries at most: four for the figures of the period with all its
    breakdowns (one per source of rows), four for the trend's quarters when
    there are several, and the names of projects and of districts.
    """
    dimensions = [
        d
        for d in DIMENSIONS
        if not (d == "project" and scope.project_id is not None)
        and not (d == "district" and scope.region_id is not None)
    ]
    figures, rows_by_dimension = figures_and_breakdowns(
        period=period, dimensions=dimensions, scope=scope
    )
    tables = [_table(f"by_{d}", d, rows_by_dimension[d], figures) for d in dimensions]
    parts = trend_periods(period)
    if len(parts) > 1:
        dimension = trend_unit(period)
        rows = [
            (part.key, part.label, values)
            for part, values in zip(
                parts, compute_many(periods=parts, scope=scope), strict=True
            )
        ]
        tables.append(_table(f"by_{dimension}", dimension, rows, figures))
    return {
        "period": period.as_dict(),
        "scope": scope.as_dict(),
        "figures": figures,
        "tables": tables,
    }
