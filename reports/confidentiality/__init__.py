"""Statistical confidentiality: DESIGN.md "Statistical confidentiality".

1. Primary: a count with 0 < n < k is shown as "*" (k = STATISTICS_MIN_CELL).
2. Secondary: in a table with totals, further cells are suppressed - the
   smallest remaining non-zero cell in the same row or column as a value that
   could still be recalculated - until none can be. "Recalculated" means:
   determined by the linear equations rows and columns make with their
   totals (exactly, by Gaussian elimination, not only the one-unknown-per-line
   case), or pinned by the bounds the public knows: a suppressed count is at
   least 1 (zero is always shown), so two suppressed cells that add up to 2
   are both 1.
3. Rates, means and sums over a suppressed count show "*" too: a rate when its
   numerator or denominator is suppressed or the denominator is below k.
4. Zero is shown as 0, never suppressed.

A total that counts distinct persons (a person in two projects counts once in
the total and once in each project row) may be less than the sum of its rows.
The tables are treated as if their totals were sums: conservative, since it
assumes the reader can do more arithmetic than the figures allow.
"""

import copy
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.conf import settings

from reports.statistics import AUXILIARY, DERIVED, FIGURES, RATES

SUPPRESSED = "*"

# The figures that are counts; everything else is derived from them.
COUNTS: tuple[str, ...] = (
    *(key for key in FIGURES if key not in DERIVED),
    *AUXILIARY,
)

Cell = int | str | None


def _min_cell(k: int | None) -> int:
    return settings.STATISTICS_MIN_CELL if k is None else k


def _is_small(value: Any, k: int) -> bool:
    return isinstance(value, int) and 0 < value < k


# ---------------------------------------------------------------------------
# One table


class _Table:
    """Cells and totals as entries; lines are the equations "cells = total".

    Entries are ("cell", i, j), ("row", i), ("col", j) and ("grand",). A None
    value is not part of the table (no figure there).
    """

    def __init__(
        self,
        cells: Sequence[Sequence[Cell]],
        row_totals: Sequence[Cell] | None,
        col_totals: Sequence[Cell] | None,
        grand_total: Cell,
    ) -> None:
        self.values: dict[tuple, int] = {}
        self.n_rows = len(cells)
        self.n_cols = max((len(row) for row in cells), default=0)
        if col_totals is not None:
            self.n_cols = max(self.n_cols, len(col_totals))
        for i, row in enumerate(cells):
            for j, value in enumerate(row):
                if isinstance(value, int):
                    self.values[("cell", i, j)] = value
        for i, value in enumerate(row_totals or []):
            if isinstance(value, int):
                self.values[("row", i)] = value
        for j, value in enumerate(col_totals or []):
            if isinstance(value, int):
                self.values[("col", j)] = value
        if isinstance(grand_total, int):
            self.values[("grand",)] = grand_total
        self.order = {e: n for n, e in enumerate(self.values)}
        self.two_way = row_totals is not None and col_totals is not None
        self.lines: list[tuple[list[tuple], tuple]] = []
        for i in range(self.n_rows):
            if ("row", i) in self.values:
                members = [e for e in self._cells() if e[1] == i]
                self.lines.append((members, ("row", i)))
        for j in range(self.n_cols):
            if ("col", j) in self.values:
                members = [e for e in self._cells() if e[2] == j]
                self.lines.append((members, ("col", j)))
        if ("grand",) in self.values:
            rows = [("row", i) for i in range(self.n_rows) if ("row", i) in self.values]
            cols = [("col", j) for j in range(self.n_cols) if ("col", j) in self.values]
            # Both margins must be complete to add up to the grand total.
            if rows and len(rows) == self.n_rows:
                self.lines.append((rows, ("grand",)))
            if cols and len(cols) == self.n_cols:
                self.lines.append((cols, ("grand",)))

    def _cells(self) -> list[tuple]:
        return [e for e in self.values if e[0] == "cell"]

    def recalculable(self, hidden: set[tuple]) -> list[tuple]:
        """The hidden entries a reader could work out from what is shown."""
        found = set(_determined(self.lines, hidden))
        # Bounds: hidden counts are >= 1; if a line's hidden cells add up to
        # their number, each is 1.
        for members, total in self.lines:
            if total in hidden:
                continue
            unknown = [e for e in members if e in hidden]
            if len(unknown) >= 2 and sum(self.values[e] for e in unknown) == len(
                unknown
            ):
                found.update(unknown)
        return sorted(found, key=self.order.__getitem__)

    def candidates(self, exposed: list[tuple], hidden: set[tuple]) -> list[tuple]:
        """Shown non-zero entries that could protect the exposed ones.

        Cells in a row or column through an exposed entry first, then the
        totals of those lines, then anything shown.
        """
        lines = [
            (members, total)
            for members, total in self.lines
            if any(e in members or e == total for e in exposed)
        ]
        for group in (
            [e for members, _total in lines for e in members],
            [total for _members, total in lines],
            list(self.values),
        ):
            shown = [e for e in group if e not in hidden and self.values[e] > 0]
            if shown:
                return list(dict.fromkeys(shown))
        return []


def _determined(lines: list[tuple[list[tuple], tuple]], hidden: set[tuple]) -> list:
    """Hidden entries fixed by the linear system of the lines (exact arithmetic).

    The system falls apart into independent parts (unknowns linked by shared
    lines); a part with one equation fixes its unknown only if it is alone in
    it. Otherwise an unknown is fixed when its unit vector lies in the row
    space: in reduced row echelon form, a pivot row with no other entry.
    """
    equations = []
    for members, total in lines:
        coefficients = {e: 1 for e in members if e in hidden}
        if total in hidden:
            coefficients[total] = -1
        if coefficients:
            equations.append(coefficients)
    # Union-find over the unknowns: which equations belong together.
    parent: dict[tuple, tuple] = {}

    def find(e: tuple) -> tuple:
        while parent.setdefault(e, e) != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    for coefficients in equations:
        first, *others = coefficients
        for e in others:
            parent[find(e)] = find(first)
    parts: dict[tuple, list[dict]] = {}
    for coefficients in equations:
        parts.setdefault(find(next(iter(coefficients))), []).append(coefficients)
    result = []
    for part in parts.values():
        if len(part) == 1:
            if len(part[0]) == 1:
                result.append(next(iter(part[0])))
            continue
        unknowns = sorted({e for coefficients in part for e in coefficients}, key=repr)
        index = {e: n for n, e in enumerate(unknowns)}
        matrix = []
        for coefficients in part:
            row = [Fraction(0)] * len(unknowns)
            for e, coefficient in coefficients.items():
                row[index[e]] = Fraction(coefficient)
            matrix.append(row)
        for r, col in _rref(matrix):
            if sum(1 for value in matrix[r] if value) == 1:
                result.append(unknowns[col])
    return result


def _rref(matrix: list[list[Fraction]]) -> list[tuple[int, int]]:
    """Reduce `matrix` in place; return (row, pivot column) pairs."""
    pivots = []
    row = 0
    n_cols = len(matrix[0]) if matrix else 0
    for col in range(n_cols):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col]), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        factor = matrix[row][col]
        matrix[row] = [value / factor for value in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col]:
                f = matrix[r][col]
                matrix[r] = [
                    a - f * b for a, b in zip(matrix[r], matrix[row], strict=True)
                ]
        pivots.append((row, col))
        row += 1
        if row == len(matrix):
            break
    return pivots


def suppress_table(
    cells: Sequence[Sequence[Cell]],
    *,
    row_totals: Sequence[Cell] | None = None,
    col_totals: Sequence[Cell] | None = None,
    grand_total: Cell = None,
    k: int | None = None,
    hidden: set[tuple] | None = None,
) -> tuple[list[list[Cell]], list[Cell] | None, list[Cell] | None, Cell]:
    """Primary and secondary suppression of one table of counts.

    `cells` is a list of rows; `row_totals` (one per row), `col_totals` (one
    per column) and `grand_total` are optional. `hidden` may name entries
    that are already suppressed for another reason. Returns the same shapes
    with "*" for every suppressed value.
    """
    k = _min_cell(k)
    table = _Table(cells, row_totals, col_totals, grand_total)
    hidden = set(hidden or ())
    hidden |= {e for e, value in table.values.items() if _is_small(value, k)}
    while True:
        exposed = table.recalculable(hidden)
        if not exposed:
            break
        # The smallest remaining value in the same row or column as the first
        # exposed value. With totals on both sides, a cell in the line of
        # another exposed value may protect more: among all those, the one
        # that leaves the fewest values exposed, then the smallest.
        if table.two_way:
            candidates = table.candidates(exposed, hidden)
            rank = {e: len(table.recalculable(hidden | {e})) for e in candidates}
        else:
            candidates = table.candidates(exposed[:1], hidden)
            rank = dict.fromkeys(candidates, 0)
        if not candidates:  # pragma: no cover - zeros alone reveal nothing
            break
        extra = min(
            candidates, key=lambda e: (rank[e], table.values[e], table.order[e])
        )
        hidden.add(extra)

    def show(entry: tuple, value: Cell) -> Cell:
        return SUPPRESSED if entry in hidden else value

    out_cells = [
        [show(("cell", i, j), value) for j, value in enumerate(row)]
        for i, row in enumerate(cells)
    ]
    out_rows = (
        None
        if row_totals is None
        else [show(("row", i), value) for i, value in enumerate(row_totals)]
    )
    out_cols = (
        None
        if col_totals is None
        else [show(("col", j), value) for j, value in enumerate(col_totals)]
    )
    return out_cells, out_rows, out_cols, show(("grand",), grand_total)


# ---------------------------------------------------------------------------
# A whole report


def _suppress_derived(values: dict[str, Any], k: int) -> None:
    """Rule 3 on one row of figures: rates, means and hours follow their counts."""
    for key, count in DERIVED.items():
        if key not in values:
            continue
        base = values.get(count)
        if base == SUPPRESSED or (count == "closed_cases" and _is_small(base, k)):
            values[key] = SUPPRESSED
    for rate, (num, den) in RATES.items():
        if rate not in values:
            continue
        numerator, denominator = values.get(num), values.get(den)
        if (
            numerator == SUPPRESSED
            or denominator == SUPPRESSED
            or (isinstance(denominator, int) and 0 < denominator < k)
        ):
            values[rate] = SUPPRESSED


def suppress_report(data: dict, *, k: int | None = None) -> dict:
    """The report data (as `report_data` returns it) with "*" where DESIGN says.

    Each table is a table with column totals (its `total`): rows are the
    dimension's values, columns the counts. A total that has to be hidden in
    one table is hidden everywhere (headline figures and every table), since
    all tables share the same totals. Returns a new dict; adds
    `"confidentiality": {"k": k}`.

    A compiled report stores the pattern of its period (all scopes protected
    together, pattern.py) in `data["confidentiality"]["pattern"]`; with the
    same k, that pattern is applied instead, so the report shows each cell as
    every other page of the period does.
    """
    k = _min_cell(k)
    pattern = data.get("confidentiality", {}).get("pattern")
    if pattern is not None and pattern["k"] == k:
        # The compiled report's own pattern, protected with all the period's
        # other tables (pattern.py).
        from .pattern import apply_pattern

        return apply_pattern(data, pattern)
    data = copy.deepcopy(data)
    figures = data.get("figures", {})
    hidden_totals = {key for key in COUNTS if _is_small(figures.get(key), k)}
    # Hiding a total only adds unknowns, which cannot expose another table,
    # but it can leave a table's other totals as the only known values; so
    # repeat until no table hides a new total.
    while True:
        results = []
        newly_hidden = set()
        for table in data.get("tables", []):
            counts = [c for c in (*table["columns"], *AUXILIARY) if c in COUNTS]
            counts = [c for c in counts if c in table["total"]]
            cells = [[row["values"].get(c) for c in counts] for row in table["rows"]]
            totals = [table["total"].get(c) for c in counts]
            already = {("col", j) for j, c in enumerate(counts) if c in hidden_totals}
            out_cells, _rows, out_totals, _grand = suppress_table(
                cells, col_totals=totals, k=k, hidden=already
            )
            results.append((table, counts, out_cells, out_totals))
            newly_hidden |= {
                c
                for c, value in zip(counts, out_totals, strict=True)
                if value == SUPPRESSED and c not in hidden_totals
            }
        if not newly_hidden:
            break
        hidden_totals |= newly_hidden
    for table, counts, out_cells, out_totals in results:
        for row, values in zip(table["rows"], out_cells, strict=True):
            row["values"].update(zip(counts, values, strict=True))
            _suppress_derived(row["values"], k)
        table["total"].update(zip(counts, out_totals, strict=True))
        for key in hidden_totals & set(table["total"]):
            table["total"][key] = SUPPRESSED
        _suppress_derived(table["total"], k)
    for key in hidden_totals & set(figures):
        figures[key] = SUPPRESSED
    _suppress_derived(figures, k)
    data["confidentiality"] = {"k": k}
    return data
