"""Linked tables: one protection over every table a suppressed viewer sees.

ZEFAS sees, for one period, the programme's tables, every project's and
every district's tables, all breakdowns and the trend rows. The same
quantity stands in several of them ("project p, district d" on p's page and
"district d, project p" on d's page); it is one *cell* here, identified by
its figure and its conditions (scope and table row), and gets one state
everywhere.

Relations between cells (what a reader can use):

- a table's rows and its total: equal where the rows partition the total
  (gender, age group, district, residence status, country), otherwise the
  rows add up to at least the total and each row is at most the total
  (persons in two projects, sectors or quarters count in each row);
- women <= participants, adequate employment <= employment (same
  conditions); the "female" row of participants *is* women (one cell);
- a suppressed count is at least 1 (zero is shown as 0).

`protect()` suppresses the cells below k (primary), then audits the pattern
by linear programming (SciPy's HiGHS): for every suppressed cell the lowest
and highest value consistent with everything shown. A cell is exposed when
that interval holds only one integer, or, for a primary cell, when its
highest value is below k (a reader could tell it is small). For each exposed
cell the smallest shown non-zero cell of one of its relations is suppressed
as well (secondary), and the audit repeats until nothing is exposed.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

# A cell: (figure, ((condition, value), ...)) with the conditions sorted.
Key = tuple[str, tuple[tuple[str, str], ...]]

PARTITIONS = frozenset(
    {"gender", "age_group", "district", "residence_status", "country"}
)
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("women", "participants"),
    ("employment_adequate", "employment"),
)
# Counted in several rows at once: the persons, not the events.
FEMALE = ("gender", "female")


def cell_key(figure: str, conditions: Iterable[tuple[str, str]]) -> Key:
    """The one key of a quantity, whichever table it stands in."""
    conditions = {(name, str(value)) for name, value in conditions}
    if figure == "participants" and FEMALE in conditions:
        figure = "women"
        conditions.discard(FEMALE)
    return figure, tuple(sorted(conditions))


@dataclass
class Relation:
    """sum(members) == total, or sum(members) >= total (`at_least`)."""

    total: Key
    members: tuple[Key, ...]
    at_least: bool = False


@dataclass
class LinkedTables:
    values: dict[Key, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    # (a, b): a <= b
    orders: set[tuple[Key, Key]] = field(default_factory=set)

    def add(self, key: Key, value: int) -> None:
        known = self.values.setdefault(key, value)
        if known != value:
            raise ValueError(f"{key} is {known} in one table and {value} in another")

    def add_table(
        self, total: Key, rows: dict[Key, int], total_value: int, *, partition: bool
    ) -> None:
        self.add(total, total_value)
        for key, value in rows.items():
            self.add(key, value)
        members = tuple(rows)
        if not members:
            return
        self.relations.append(Relation(total, members, at_least=not partition))
        if not partition:
            self.orders.update((key, total) for key in members)

    def finish(self) -> None:
        """The ordered pairs between figures, for every set of conditions."""
        for figure, conditions in list(self.values):
            for small, large in ORDERED_PAIRS:
                if figure == small and (large, conditions) in self.values:
                    self.orders.add(((small, conditions), (large, conditions)))


def from_reports(reports: Iterable[dict]) -> LinkedTables:
    """The linked tables of `report_data()` results (one per scope) of one period."""
    linked = LinkedTables()
    for data in reports:
        scope = data["scope"]
        conditions = []
        if scope.get("project_id") is not None:
            conditions.append(("project", scope["project_id"]))
        if scope.get("region_id") is not None:
            conditions.append(("district", scope["region_id"]))
        for table in data["tables"]:
            dimension = table["dimension"]
            for figure, total_value in table["total"].items():
                if not isinstance(total_value, int) or figure not in table["columns"]:
                    continue
                if isinstance(total_value, bool):  # pragma: no cover
                    continue
                rows = {}
                for row in table["rows"]:
                    value = row["values"].get(figure)
                    if isinstance(value, int):
                        key = cell_key(figure, [*conditions, (dimension, row["key"])])
                        rows[key] = value
                linked.add_table(
                    cell_key(figure, conditions),
                    rows,
                    total_value,
                    partition=dimension in PARTITIONS,
                )
    linked.finish()
    return linked


# ---------------------------------------------------------------------------
# Audit and protection


def intervals(
    linked: LinkedTables, hidden: set[Key], cache: dict | None = None
) -> dict[Key, tuple[float, float]]:
    """The lowest and highest value of each hidden cell a reader cannot rule out.

    Continuous relaxation (an LP per bound), which is what linear reasoning
    can do; the attacker test repeats it with integers. Unbounded is inf.
    """
    result = {}
    cache = {} if cache is None else cache
    for part, rows, bounds in _components(linked, hidden):
        # A group that did not change since the last audit has the same bounds.
        signature = frozenset(part)
        if signature in cache:
            result.update(cache[signature])
            continue
        found = cache[signature] = {}
        index = {key: n for n, key in enumerate(part)}
        a_eq, b_eq, a_ub, b_ub = _matrices(rows, index)
        for key in part:
            c = np.zeros(len(part))
            c[index[key]] = 1.0
            low = _optimum(c, a_eq, b_eq, a_ub, b_ub, bounds)
            high = _optimum(-c, a_eq, b_eq, a_ub, b_ub, bounds)
            found[key] = (low, -high if high is not None else float("inf"))
        result.update(found)
    return result


def _optimum(c, a_eq, b_eq, a_ub, b_ub, bounds) -> float | None:
    outcome = linprog(
        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
    )
    if outcome.status == 3:  # unbounded
        return None
    if outcome.status != 0:  # pragma: no cover - the true values are feasible
        raise RuntimeError(f"confidentiality audit failed: {outcome.message}")
    return float(outcome.fun)


def _constraints(
    linked: LinkedTables, hidden: set[Key]
) -> list[tuple[dict, float, str]]:
    """Each relation as (coefficients of hidden cells, constant, "=" or "<=")."""
    out = []
    for relation in linked.relations:
        coefficients: dict[Key, float] = defaultdict(float)
        constant = 0.0
        # sum(members) - total (= or >=) 0
        for key in relation.members:
            if key in hidden:
                coefficients[key] += 1
            else:
                constant -= linked.values[key]
        if relation.total in hidden:
            coefficients[relation.total] -= 1
        else:
            constant += linked.values[relation.total]
        coefficients = {k: v for k, v in coefficients.items() if v}
        if not coefficients:
            continue
        if relation.at_least:  # -(sum ...) <= -constant
            out.append(({k: -v for k, v in coefficients.items()}, -constant, "<="))
        else:
            out.append((coefficients, constant, "="))
    for small, large in linked.orders:
        if small in hidden and large in hidden:
            out.append(({small: 1.0, large: -1.0}, 0.0, "<="))
        elif small in hidden:
            out.append(({small: 1.0}, float(linked.values[large]), "<="))
        elif large in hidden:
            out.append(({large: -1.0}, -float(linked.values[small]), "<="))
    return out


def _components(linked: LinkedTables, hidden: set[Key]):
    """Independent groups of hidden cells, with their constraints and bounds."""
    constraints = _constraints(linked, hidden)
    parent = {key: key for key in hidden}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for coefficients, _constant, _sense in constraints:
        first, *others = coefficients
        for key in others:
            parent[find(key)] = find(first)
    parts: dict[Key, list[Key]] = defaultdict(list)
    for key in sorted(hidden):
        parts[find(key)].append(key)
    rows: dict[Key, list] = defaultdict(list)
    for constraint in constraints:
        rows[find(next(iter(constraint[0])))].append(constraint)
    for root, part in parts.items():
        yield part, rows[root], [(1, None)] * len(part)


def _matrices(rows, index):
    def build(selected):
        if not selected:
            return None, None
        data, cols, ptr, rhs = [], [], [0], []
        for coefficients, constant, _sense in selected:
            for key, value in coefficients.items():
                data.append(value)
                cols.append(index[key])
            ptr.append(len(data))
            rhs.append(constant)
        matrix = csr_array((data, cols, ptr), shape=(len(selected), len(index)))
        return matrix, np.array(rhs)

    a_eq, b_eq = build([r for r in rows if r[2] == "="])
    a_ub, b_ub = build([r for r in rows if r[2] == "<="])
    return a_eq, b_eq, a_ub, b_ub


def exposed(
    linked: LinkedTables,
    hidden: set[Key],
    k: int,
    primary: set[Key],
    cache: dict | None = None,
) -> list[Key]:
    """Hidden cells pinned to one value, and primary cells known to be below k.

    The true values are feasible, so a cell whose highest possible value is
    at least its value + 1 (and at least k if it is primary) is safe; one LP
    solution that maximises one cell shows that for many others at once.
    Only cells not shown safe that way get their own LPs.
    """
    cache = {} if cache is None else cache
    found = []
    for part, rows, bounds in _components(linked, hidden):
        signature = frozenset(part)
        if signature not in cache:
            cache[signature] = _exposed_in(linked, part, rows, bounds, k, primary)
        found.extend(cache[signature])
    return found


def _exposed_in(linked, part, rows, bounds, k, primary) -> list[Key]:
    index = {key: n for n, key in enumerate(part)}
    a_eq, b_eq, a_ub, b_ub = _matrices(rows, index)
    need = np.array(
        [max(linked.values[key] + 1, k if key in primary else 0) - 1e-6 for key in part]
    )
    safe = np.zeros(len(part), dtype=bool)
    # Raise all cells not yet shown safe at once, each capped at what it
    # needs (the true values stay feasible): certifies most cells in a few LPs.
    capped = [(1, float(np.ceil(value))) for value in need]
    while not safe.all():
        c = np.where(safe, 0.0, -1.0)
        outcome = linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=capped, method="highs"
        )
        if outcome.status != 0:  # pragma: no cover - the true values are feasible
            raise RuntimeError(f"confidentiality audit failed: {outcome.message}")
        now = safe | (outcome.x >= need)
        if now.sum() == safe.sum():
            break
        safe = now
    found = []
    for n, key in enumerate(part):
        if safe[n]:
            continue
        c = np.zeros(len(part))
        c[n] = -1.0
        outcome = linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
        )
        if outcome.status == 3:  # unbounded: safe upwards
            safe[n] = True
            continue
        if outcome.status != 0:  # pragma: no cover - the true values are feasible
            raise RuntimeError(f"confidentiality audit failed: {outcome.message}")
        safe |= outcome.x >= need
        if safe[n]:
            continue
        high = -float(outcome.fun)
        if key in primary and high < k - 1e-6:
            found.append(key)
            continue
        c[n] = 1.0
        low = _optimum(c, a_eq, b_eq, a_ub, b_ub, bounds)
        if high - low < 1 - 1e-6:
            found.append(key)
    return found


def protect(linked: LinkedTables, k: int) -> set[Key]:
    """The suppressed cells: primary (0 < n < k) and as few secondary as needed."""
    primary = {key for key, value in linked.values.items() if 0 < value < k}
    hidden = set(primary)
    relations_of: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
    for relation in linked.relations:
        line = (relation.total, *relation.members)
        for key in line:
            relations_of[key].append(line)
    for small, large in linked.orders:
        relations_of[small].append((small, large))
        relations_of[large].append((small, large))
    # First the obvious: a relation with one hidden value gives it away, so
    # hide the smallest other value of it (cheap, saves most LP rounds).
    changed = True
    while changed:
        changed = False
        for relation in linked.relations:
            line = (relation.total, *relation.members)
            if sum(1 for key in line if key in hidden) != 1:
                continue
            candidates = [c for c in line if c not in hidden and linked.values[c] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda c: (linked.values[c], c)))
                changed = True
    cache: dict = {}
    while True:
        found = exposed(linked, hidden, k, primary, cache)
        if not found:
            return hidden
        added = False
        for key in found:
            candidates = {
                other
                for line in relations_of[key]
                for other in line
                if other not in hidden and linked.values[other] > 0
            }
            if not candidates:
                continue
            choice = min(candidates, key=lambda c: (linked.values[c], c))
            hidden.add(choice)
            added = True
        if not added:  # pragma: no cover - nothing left to hide next to it
            # Hide the whole neighbourhood's totals instead: never leave a
            # cell exposed.
            raise RuntimeError(f"cannot protect {found[:3]}")


def share_suppressed(linked: LinkedTables, hidden: set[Key]) -> float:
    """The share of non-zero cells suppressed (0..1)."""
    nonzero = [key for key, value in linked.values.items() if value > 0]
    return sum(1 for key in nonzero if key in hidden) / len(nonzero) if nonzero else 0.0
