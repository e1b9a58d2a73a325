"""One query per source of rows, for any number of periods or dimensions.

Each source (cases.py, placements.py, meetings.py, employers.py) describes
its rows as a base query: one row per case, placement, ... with

- a value column per figure and period: the person's id where the row counts
  for that figure in that period, else NULL (or a number to add up), and
- a group column `g_<dimension>` per dimension asked for.

`aggregate()` wraps that base query once:

    WITH b AS (<base query>)
    SELECT 'project', CAST(b.g_project AS TEXT), COUNT(DISTINCT b.women_p0), ...
      FROM b GROUP BY b.g_project
    UNION ALL
    SELECT 'gender', CAST(b.g_gender AS TEXT), ... FROM b GROUP BY b.g_gender

so every table of a report costs one pass over each source, not one per
table, and the same SQL runs on PostgreSQL and SQLite. Without dimensions it
is the plain `SELECT COUNT(DISTINCT b.women_p0), ... FROM (<base>) b`, which
PostgreSQL flattens into one aggregation.
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, F, QuerySet, Value, When

from .dates import years_before
from .labels import DIMENSIONS
from .periods import Period

# How a value column becomes a figure.
COUNT_DISTINCT = "COUNT(DISTINCT {})"
COUNT = "COUNT({})"
SUM = "SUM({})"
AVG = "AVG({})"

# A base query: its SQL with %s placeholders and the parameters.
Base = tuple[str, list[Any]]
# Value columns: name -> (ORM expression, how it is aggregated).
Columns = dict[str, tuple[Any, str]]
# A source's result: dimension (None for the total) -> row key -> name -> value.
Result = dict[str | None, dict[str, dict[str, Any]]]


def counted(condition: Any, value: Any) -> Case:
    """`value` where `condition` holds, else NULL: a value column."""
    return Case(When(condition, then=value))


def suffix(index: int) -> str:
    """The suffix of the value columns of the `index`-th period: _p0, _p1, ..."""
    return f"_p{index}"


def per_period(
    columns_of: Callable[[Period, str], Columns], periods: Sequence[Period]
) -> Columns:
    """The value columns of every period, each with its suffix."""
    result: Columns = {}
    for index, period in enumerate(periods):
        result.update(columns_of(period, suffix(index)))
    return result


def how_of(columns: Columns) -> dict[str, str]:
    return {name: how for name, (_expression, how) in columns.items()}


def base_of(qs: QuerySet, columns: Columns, groups: dict[str, Any]) -> Base:
    """The base query of a queryset: its value and group columns only."""
    values = {name: expression for name, (expression, _how) in columns.items()}
    values.update({f"g_{dimension}": value for dimension, value in groups.items()})
    return qs.order_by().values(**values).query.sql_with_params()


def group_expression(dimension: str, prefix: str, period: Period) -> Any:
    """The value of `dimension` for rows that reach the case via `prefix`
    ("" for cases, "case__" for placements and meetings)."""
    mentee = f"{prefix}mentee__"
    if dimension == "project":
        return F(f"{prefix}project_id")
    if dimension == "district":
        return F(f"{mentee}region__key")
    if dimension == "gender":
        return F(f"{mentee}gender")
    if dimension == "country_of_origin":
        return F(f"{mentee}country_of_origin")
    if dimension == "residence_status":
        return F(f"{mentee}residence_status")
    if dimension == "age_group":
        # Age in full years on the first day of P, as date comparisons:
        # 30 or older <=> born on or before the same day 30 years earlier.
        born = f"{mentee}date_of_birth"
        return Case(
            When(
                **{f"{born}__gt": years_before(period.start, 30)},
                then=Value("under_30"),
            ),
            When(
                **{f"{born}__gt": years_before(period.start, 55)}, then=Value("30_54")
            ),
            default=Value("55_plus"),
        )
    if dimension == "sector":
        return F("employer__sector")
    raise ValueError(f"Unknown dimension {dimension!r}")


def aggregate(
    base: Base, how: dict[str, str], dimensions: Sequence[str | None]
) -> Result:
    """Aggregate the value columns of `base` (name -> COUNT_DISTINCT, ...) in
    total (dimension None) and by each dimension, in one query."""
    if not dimensions:
        return {}
    sql, params = base
    figures = ", ".join(how[name].format(f"b.{name}") + f" AS {name}" for name in how)
    if list(dimensions) == [None]:
        # bandit: column names come from code, values are parameters
        query = f"SELECT '', '', {figures} FROM ({sql}) b"  # nosec B608
    else:
        parts = []
        for dimension in dimensions:
            if dimension is None:
                parts.append(f"SELECT '', '', {figures} FROM b")  # nosec B608
                continue
            if dimension not in DIMENSIONS:  # it becomes part of the SQL
                raise ValueError(f"Unknown dimension {dimension!r}")
            group = f"b.g_{dimension}"
            parts.append(
                f"SELECT '{dimension}', CAST({group} AS TEXT), {figures} "  # nosec B608
                f"FROM b GROUP BY {group}"
            )
        query = f"WITH b AS ({sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    result: Result = {dimension: {} for dimension in dimensions}
    names = list(how)
    for dimension, key, *values in rows:
        result[dimension or None][key or ""] = {
            name: _number(value) for name, value in zip(names, values, strict=True)
        }
    return result


def _number(value: Any) -> Any:
    """Plain int or float: PostgreSQL returns sums and averages as Decimal."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
