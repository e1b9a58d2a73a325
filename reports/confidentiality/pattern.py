"""The suppression pattern of a period: one protection over every scope.

`period_reports()` computes what a suppressed viewer can see about a period
(the programme and every project and district, with all tables);
`protected_pattern()` protects them as linked tables (linked.py) and returns
the suppressed cells; `apply_pattern()` puts `*` into one report's data
wherever the pattern says, so a cell shows the same value or `*` on every
page, export and API answer.

A pattern is JSON: {"k": k, "cells": [[figure, [[condition, value], ...]],
...], "districts": {region id: region key}}. The districts map the scope of
a district page (its id) to the rows of the "by district" tables (its key).
"""

import copy
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from cases.models import Project, Region
from reports.statistics import Period, Scope, report_data

from . import COUNTS, SUPPRESSED, _is_small, _suppress_derived
from .linked import Key, cell_key, from_reports, protect, scope_conditions


def period_reports(period: Period, compute=report_data) -> list[dict]:
    """`report_data()` of the programme, every project and every district.

    The programme first. 10 queries per scope (a fixed number per project
    and district, whatever the number of cases).
    """
    scopes = [
        Scope.programme(),
        *(Scope.for_project(p) for p in Project.objects.order_by("pk")),
        *(Scope.for_district(r) for r in Region.objects.order_by("pk")),
    ]
    return [compute(period=period, scope=scope) for scope in scopes]


def district_keys() -> dict[str, str]:
    return {str(pk): key for pk, key in Region.objects.values_list("pk", "key")}


def protected_pattern(
    reports: list[dict], districts: dict[str, str], *, k: int | None = None
) -> dict[str, Any]:
    """The pattern protecting `reports` (all scopes of one period) together."""
    k = settings.STATISTICS_MIN_CELL if k is None else k
    linked = from_reports(reports, districts=districts)
    hidden = protect(linked, k)
    return {
        "k": k,
        "cells": [
            [figure, [list(c) for c in conditions]]
            for figure, conditions in sorted(hidden)
        ],
        "districts": districts,
    }


def restricted(pattern: dict[str, Any], data: dict) -> dict[str, Any]:
    """The part of `pattern` about the cells of one report (to store with it)."""
    cells = _hidden(pattern)
    keep = {key for key, _value in cells_of(data, pattern["districts"])} & cells
    return {**pattern, "cells": [c for c in pattern["cells"] if _key(c) in keep]}


def apply_pattern(data: dict, pattern: dict[str, Any]) -> dict:
    """`data` (one scope's `report_data()`) with `*` in the pattern's cells.

    Rates, means and hours follow their counts (rule 3). Returns a new dict
    with `"confidentiality": {"k": k}`.
    """
    k = pattern["k"]
    hidden = _hidden(pattern)
    data = copy.deepcopy(data)
    conditions = scope_conditions(data["scope"], pattern["districts"])
    for values, row_conditions in _rows(data, conditions):
        for figure in COUNTS:
            if figure not in values:
                continue
            # A count below k is hidden even if the pattern lacks it (figures
            # that changed since the pattern was computed).
            if cell_key(figure, row_conditions) in hidden or _is_small(
                values[figure], k
            ):
                values[figure] = SUPPRESSED
        _suppress_derived(values, k)
    data["confidentiality"] = {"k": k}
    return data


def cells_of(data: dict, districts: dict[str, str]) -> Iterable[tuple[Key, Any]]:
    """Every count of one report as (cell, value)."""
    conditions = scope_conditions(data["scope"], districts)
    for values, row_conditions in _rows(data, conditions):
        for figure in COUNTS:
            if figure in values:
                yield cell_key(figure, row_conditions), values[figure]


def _rows(data: dict, conditions: list) -> Iterable[tuple[dict, list]]:
    """(values, conditions) of the headline figures, every total and row."""
    yield data["figures"], conditions
    for table in data["tables"]:
        yield table["total"], conditions
        for row in table["rows"]:
            yield row["values"], [*conditions, (table["dimension"], row["key"])]


def _key(cell: list) -> Key:
    figure, conditions = cell
    return figure, tuple(tuple(c) for c in conditions)


def _hidden(pattern: dict[str, Any]) -> set[Key]:
    return {_key(cell) for cell in pattern["cells"]}
