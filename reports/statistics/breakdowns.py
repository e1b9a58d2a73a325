"""Breakdowns: the figures of a period per project, district of residence,
gender, age group, country of origin, residence status and economic sector."""

from collections.abc import Sequence
from typing import Any

from . import cases, employers, meetings, placements
from .aggregation import aggregate
from .figures import finish, unsuffix
from .labels import (
    DIMENSIONS,
    GROUPS_BY_DIMENSION,
    NOT_STATED,
    columns_for,
    open_label,
    row_labels,
)
from .periods import PROGRAMME, Period, Scope

# Each source of rows and the figure groups it counts.
SOURCE_GROUPS = (
    (cases, ("case",)),
    (placements, ("placement",)),
    (meetings, ("meeting", "follow_up")),
    (employers, ("employer",)),
)


def _raw_keys(dimension: str) -> set[str]:
    """The raw values a table by `dimension` is finished from."""
    keys = set(columns_for(dimension))
    if "average_support_days" in keys:
        keys.add("closed_cases")
    if "meeting_hours" in keys:
        keys.add("meeting_minutes")
    return keys


def breakdowns(
    *, period: Period, dimensions: Sequence[str], scope: Scope = PROGRAMME
) -> dict[str, list[tuple[str, str, dict]]]:
    """`breakdown()` for several dimensions: one query per source of rows
    (cases, placements, meetings, employers) for all of them together, and
    one for the names of projects and of districts."""
    return _collect(period, dimensions, scope, with_total=False)[1]


def figures_and_breakdowns(
    *, period: Period, dimensions: Sequence[str], scope: Scope = PROGRAMME
) -> tuple[dict[str, Any], dict[str, list[tuple[str, str, dict]]]]:
    """`compute()` and `breakdowns()` together, in the queries of
    `breakdowns()`: each source's query also returns the scope's total."""
    return _collect(period, dimensions, scope, with_total=True)


def _collect(
    period: Period, dimensions: Sequence[str], scope: Scope, *, with_total: bool
) -> tuple[dict[str, Any], dict[str, list[tuple[str, str, dict]]]]:
    for dimension in dimensions:
        if dimension not in DIMENSIONS:
            raise ValueError(f"Unknown dimension {dimension!r}")
    total: dict[str, Any] = {}
    raw: dict[str, dict[str, dict[str, Any]]] = {d: {} for d in dimensions}
    for source, groups in SOURCE_GROUPS:
        wanted = [d for d in dimensions if set(groups) & set(GROUPS_BY_DIMENSION[d])]
        asked = [None, *wanted] if with_total else wanted
        if not asked:
            continue
        base, how = source.base(scope, [period], wanted)
        for dimension, rows in aggregate(base, how, asked).items():
            if dimension is None:
                total.update(unsuffix(rows[""], 0))
                continue
            keep = _raw_keys(dimension)
            for key, values in rows.items():
                values = unsuffix(values, 0)
                raw[dimension].setdefault(key, {}).update(
                    {k: v for k, v in values.items() if k in keep}
                )
    figures = finish(total) if with_total else {}
    return figures, {d: _rows(d, scope, raw[d]) for d in dimensions}


def breakdown(
    *, period: Period, dimension: str, scope: Scope = PROGRAMME
) -> list[tuple[str, str, dict]]:
    """(row key, label, figures) for each value of `dimension`.

    Rows of projects, districts, genders, age groups and residence statuses
    are all listed (zeros included); countries and sectors only where some
    figure is not zero. A missing value (no district given, no employer) is
    the row with key "" labelled "not stated", listed last.
    """
    return breakdowns(period=period, dimensions=[dimension], scope=scope)[dimension]


def _rows(
    dimension: str, scope: Scope, raw: dict[str, dict[str, Any]]
) -> list[tuple[str, str, dict]]:
    columns = columns_for(dimension)
    labels = row_labels(dimension, scope)
    open_dimension = labels is None
    if labels is None:
        labels = sorted(
            ((key, open_label(dimension, key)) for key in raw if key),
            key=lambda item: item[1].casefold(),
        )
    known = {key for key, _label in labels}
    if "" in raw and "" not in known:
        labels.append(("", str(NOT_STATED)))
    # Values outside the choices (should not happen) still count, under their code.
    labels += [(key, key) for key in raw if key not in known and key]
    rows = []
    for key, label in labels:
        figures = finish(raw.get(key, {}), columns)
        # Open dimensions, and the "not stated" row, only where there is data.
        if (open_dimension or key == "") and not any(figures[c] for c in columns):
            continue
        rows.append((key, label, figures))
    return rows
