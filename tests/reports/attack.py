"""An outside attacker on published statistics: integer programming over
every table a suppressed viewer can see about one period.

Written independently of reports/confidentiality/linked.py: it reads only
what is shown (report data with `*`), and knows what any reader knows:

- the same quantity (a figure under the same scope and row) stands in
  several tables; the "female" row of participants is the women;
- rows add up to their total where they partition it (gender, age group,
  district, residence status, country of origin), otherwise they add up to
  at least the total and each row is at most the total;
- women <= participants and adequate employment <= employment, under the
  same conditions;
- a `*` is at least 1, because zero is shown as 0.

For every `*` it asks SciPy's `milp` (HiGHS) for the lowest and highest
value consistent with all that. A cell is disclosed if both are equal, or
if its true value is below k and so is its highest possible value (a
reader could tell it is small). One integer solution that gives a cell
another value than its true one (and, for a small cell, a value >= k)
shows that cell undisclosed; the attacker uses such solutions to skip
work, which changes nothing in its verdict.
"""

from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

STAR = "*"
PARTITIONS = {
    "gender",
    "age_group",
    "district",
    "residence_status",
    "country_of_origin",
}
ORDERS = (("women", "participants"), ("employment_adequate", "employment"))
COUNTS = {
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
    "meetings",
    "closed_cases",
}
LARGE = 1_000_000


def _cell(figure, conditions):
    conditions = frozenset((name, str(value)) for name, value in conditions)
    if figure == "participants" and ("gender", "female") in conditions:
        return "women", conditions - {("gender", "female")}
    return figure, conditions


def _scope(data, districts):
    scope = data["scope"]
    conditions = []
    if scope.get("project_id") is not None:
        conditions.append(("project", scope["project_id"]))
    if scope.get("region_id") is not None:
        conditions.append(("district", districts[str(scope["region_id"])]))
    return conditions


def _values(data, districts):
    """Every count of one report as (cell, value)."""
    scope = _scope(data, districts)
    for figure, value in data["figures"].items():
        if figure in COUNTS:
            yield _cell(figure, scope), value
    for table in data["tables"]:
        for figure, value in table["total"].items():
            if figure in COUNTS:
                yield _cell(figure, scope), value
        for row in table["rows"]:
            for figure, value in row["values"].items():
                if figure in COUNTS:
                    yield (
                        _cell(figure, [*scope, (table["dimension"], row["key"])]),
                        value,
                    )


class Attack:
    """What the views of one period give away; `truth` is the raw data."""

    def __init__(self, views, truth, districts, k):
        self.k = k
        self.shown = {}
        self.inconsistent = []
        for data in views:
            for cell, value in _values(data, districts):
                if value is None:
                    continue
                known = self.shown.setdefault(cell, value)
                if known != value:
                    self.inconsistent.append((cell, known, value))
        self.true = {}
        for data in truth:
            for cell, value in _values(data, districts):
                self.true.setdefault(cell, value)
        self.hidden = sorted(
            (c for c, v in self.shown.items() if v == STAR), key=lambda c: repr(c)
        )
        self.index = {cell: n for n, cell in enumerate(self.hidden)}
        self.rows = []  # (coefficients, low, high)
        for data in views:
            self._tables(data, districts)
        for cell in self.shown:
            figure, conditions = cell
            for small, large in ORDERS:
                if figure == small:
                    self._order(cell, (large, conditions))

    def _term(self, cell):
        """(unknown index or None, known value)."""
        value = self.shown.get(cell)
        if value == STAR:
            return self.index[cell], 0
        return None, value

    def _add(self, coefficients, low, high):
        coefficients = {n: c for n, c in coefficients.items() if c}
        if coefficients:
            self.rows.append((coefficients, low, high))

    def _tables(self, data, districts):
        scope = _scope(data, districts)
        for table in data["tables"]:
            dimension = table["dimension"]
            for figure in table["columns"]:
                if figure not in COUNTS or table["total"].get(figure) is None:
                    continue
                total = _cell(figure, scope)
                members = [
                    _cell(figure, [*scope, (dimension, row["key"])])
                    for row in table["rows"]
                    if row["values"].get(figure) is not None
                ]
                # sum(members) - total  (= 0, or >= 0)
                coefficients = defaultdict(float)
                constant = 0.0
                for cell in members:
                    n, value = self._term(cell)
                    if n is None:
                        constant += value
                    else:
                        coefficients[n] += 1
                n, value = self._term(total)
                if n is None:
                    constant -= value
                else:
                    coefficients[n] -= 1
                high = -constant if dimension in PARTITIONS else np.inf
                self._add(coefficients, -constant, high)
                if dimension not in PARTITIONS:
                    for cell in members:
                        self._order(cell, total)

    def _order(self, small, large):
        if large not in self.shown:
            return
        (a, va), (b, vb) = self._term(small), self._term(large)
        coefficients = defaultdict(float)
        if a is not None:
            coefficients[a] += 1
        if b is not None:
            coefficients[b] -= 1
        self._add(
            coefficients, -np.inf, (vb if b is None else 0) - (va if a is None else 0)
        )

    def disclosed(self):
        """The hidden cells an attacker pins down or knows to be below k."""
        n = len(self.hidden)
        if not n:
            return []
        data, cols, ptr, low, high = [], [], [0], [], []
        for coefficients, lo, hi in self.rows:
            cols.extend(coefficients)
            data.extend(coefficients.values())
            ptr.append(len(data))
            low.append(lo)
            high.append(hi)
        matrix = csr_array((data, cols, ptr), shape=(len(self.rows), n))
        constraints = [LinearConstraint(matrix, low, high)] if self.rows else []
        true = np.array([self.true[c] for c in self.hidden], dtype=float)
        small = (true > 0) & (true < self.k)
        up = np.maximum(true + 1, np.where(small, self.k, 0))
        down = true - 1
        safe = np.zeros(n, dtype=bool)
        integrality = np.ones(n)

        def solve(cost, lower, upper):
            result = milp(
                cost,
                constraints=constraints,
                bounds=Bounds(lower, upper),
                integrality=integrality,
            )
            assert result.status == 0, result.message  # the truth is feasible
            x = np.round(result.x)
            safe[:] |= (x >= up) | (~small & (x <= down))
            return x

        ones, large = np.ones(n), np.full(n, LARGE)
        # Shortcuts: push all open cells up (capped at what each needs), then
        # the ones that may go down.
        for upwards in (True, False):
            while True:
                todo = ~safe & (upwards | ~small)
                if not todo.any():
                    break
                before = safe.sum()
                if upwards:
                    solve(np.where(todo, -1.0, 0.0), ones, np.where(todo, up, large))
                else:
                    lower = np.where(todo, np.maximum(down, 1), 1)
                    solve(np.where(todo, 1.0, 0.0), lower, large)
                if safe.sum() == before:
                    break
        found = []
        for j in np.flatnonzero(~safe):
            if safe[j]:
                continue
            cost = np.zeros(n)
            cost[j] = -1
            high = solve(cost, ones, large)[j]
            if safe[j]:
                continue
            cost[j] = 1
            low = solve(cost, ones, large)[j]
            if low == high or (small[j] and high < self.k):
                found.append((self.hidden[j], self.true[self.hidden[j]], low, high))
        return found
