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

`protect()` suppresses the cells below k (primary), then finds exposed
cells: first by bounds on single relations (no solver), then by an audit
with linear programming (HiGHS through highspy). A cell is exposed when the
values consistent with everything shown hold only one integer, or, for a
primary cell, none >= k (a reader could tell it is small). The audit proves
most cells safe with a few programs over all of them (`_Audit`) and keeps
those proofs across rounds. For each exposed cell the smallest shown
non-zero cell of its relation is suppressed as well (secondary), and the
search repeats until nothing is exposed.

`intervals()` (SciPy's linprog, one program per bound) is the plain audit,
kept for tests and inspection.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import highspy
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

from reports.statistics import AUXILIARY, DERIVED, FIGURES

# The figures that are counts (the others are rates and means of them).
COUNTS = frozenset({*(f for f in FIGURES if f not in DERIVED), *AUXILIARY})

# A cell: (figure, ((condition, value), ...)) with the conditions sorted.
Key = tuple[str, tuple[tuple[str, str], ...]]

PARTITIONS = frozenset(
    {
        "gender",
        "age_group",
        "district",
        "residence_status",
        "country",
        "country_of_origin",
    }
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

    @cached_property
    def rank(self) -> dict[Key, int]:
        """A fixed order of the cells (the same pattern on every run)."""
        return {key: n for n, key in enumerate(sorted(self.values))}

    @cached_property
    def sorted_orders(self) -> list[tuple[Key, Key]]:
        return sorted(self.orders)


def scope_conditions(
    scope: dict, districts: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The conditions a report's scope puts on all its cells.

    `districts` maps a district's id (the scope) to its key (the rows of the
    "by district" tables), so that both name the same district.
    """
    conditions = []
    if scope.get("project_id") is not None:
        conditions.append(("project", str(scope["project_id"])))
    if scope.get("region_id") is not None:
        region = str(scope["region_id"])
        conditions.append(("district", (districts or {}).get(region, region)))
    return conditions


def from_reports(
    reports: Iterable[dict], *, districts: dict[str, str] | None = None
) -> LinkedTables:
    """The linked tables of `report_data()` results (one per scope) of one period.

    The headline figures are cells too (the tables' totals, and the counts
    that stand in no table).
    """
    linked = LinkedTables()
    for data in reports:
        conditions = scope_conditions(data["scope"], districts)
        for figure, value in data.get("figures", {}).items():
            if figure in COUNTS and _is_count(value):
                linked.add(cell_key(figure, conditions), value)
        for table in data["tables"]:
            dimension = table["dimension"]
            for figure, total_value in table["total"].items():
                if not _is_count(total_value) or figure not in table["columns"]:
                    continue
                rows = {}
                for row in table["rows"]:
                    value = row["values"].get(figure)
                    if _is_count(value):
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


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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


def _components(linked: LinkedTables, hidden: set[Key], constraints=None):
    """Independent groups of hidden cells, with their constraints and bounds."""
    if constraints is None:
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
    for key in sorted(hidden, key=linked.rank.__getitem__):
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
    safe: set[Key] | None = None,
) -> list[Key]:
    """Hidden cells pinned to one value, and primary cells known to be below k.

    Each independent group of hidden cells is audited on its own (`_Audit`).
    `safe` holds cells already shown safe, and is extended: hiding more cells
    only widens what a reader cannot rule out (every solution found before
    is still one, with the newly hidden cells at their values), so a cell
    once safe stays safe and groups without other cells are skipped.
    """
    safe = set() if safe is None else safe
    constraints = _constraints(linked, hidden)
    groups = [
        (part, rows)
        for part, rows, _bounds in _components(linked, hidden, constraints)
        if any(key not in safe for key in part)
    ]
    if sum(key not in safe for part, _rows in groups for key in part) > CERTIFY_ENOUGH:
        # One program over all open groups certifies most cells in a few
        # solves; a pass costs what a few dozen single programs cost.
        whole = _Audit(
            linked,
            [key for part, _rows in groups for key in part],
            [row for _part, rows in groups for row in rows],
            k,
            primary,
            safe,
        )
        whole.certify(enough=CERTIFY_ENOUGH)
        safe.update(key for key, ok in zip(whole.part, whole.safe, strict=True) if ok)
    found = []
    for part, rows in groups:
        if all(key in safe for key in part):
            continue
        audit = _Audit(linked, part, rows, k, primary, safe)
        found.extend(audit.exposed())
        safe.update(key for key, ok in zip(part, audit.safe, strict=True) if ok)
    return found


class _Audit:
    """The linear program of one group of hidden cells, solved with HiGHS.

    The true values are feasible, so a cell is safe as soon as one feasible
    solution gives it a value at least its own + 1 (and at least k if it is
    primary) or, for a secondary cell, at most its own - 1: that value
    cannot be ruled out, so the cell is not pinned. One solution certifies
    many cells at once. The audit therefore first solves a few programs that
    push all uncertified cells up (each capped at what it needs, so the
    solver spreads the room over all of them), then down, and gives only the
    cells left over a program of their own (highest, then lowest value),
    each warm-started from the last.
    """

    def __init__(self, linked, part, rows, k, primary, safe) -> None:
        self.n = len(part)
        self.part = part
        values = np.array([linked.values[key] for key in part], dtype=float)
        self.is_primary = np.array([key in primary for key in part])
        self.up = np.maximum(values + 1, np.where(self.is_primary, k, 0))
        self.down = values - 1
        self.k = k
        self.safe = np.array([key in safe for key in part], dtype=bool)
        self.highs = _highs_model(rows, {key: n for n, key in enumerate(part)})
        self.columns = np.arange(self.n, dtype=np.int32)
        self.lower = np.ones(self.n)
        self.upper = np.full(self.n, highspy.kHighsInf)

    def certify(self, enough: int = 1) -> None:
        """Certify cells in passes while a pass certifies at least `enough`."""
        self._certify(upwards=True, enough=enough)
        self._certify(upwards=False, enough=enough)

    def exposed(self) -> list[Key]:
        """The cells not certified that their own programs show exposed."""
        found = []
        for n in range(self.n):
            if self.safe[n]:
                continue
            high = self._solve(n, maximise=True)
            if self.safe[n]:
                continue
            if self.is_primary[n] and high < self.k - EPSILON:
                found.append(self.part[n])
                continue
            self._solve(n, maximise=False)
            if not self.safe[n]:
                found.append(self.part[n])
        return found

    def _certify(self, *, upwards: bool, enough: int) -> None:
        """Push every uncertified cell towards the value that makes it safe."""
        if upwards:
            self._bounds(self.lower, np.ceil(self.up))
        else:
            # Primary cells need a value >= k: only the upward pass helps.
            self._bounds(np.maximum(self.down, 1), self.upper)
        while True:
            todo = ~self.safe & (upwards | ~self.is_primary)
            if not todo.any():
                break
            cost = np.where(todo, -1.0 if upwards else 1.0, 0.0)
            self.highs.changeColsCost(self.n, self.columns, cost)
            before = self.safe.sum()
            self._run()
            if self.safe.sum() < before + enough:
                break
        self._bounds(self.lower, self.upper)

    def _solve(self, n: int, *, maximise: bool) -> float:
        cost = np.zeros(self.n)
        cost[n] = -1.0 if maximise else 1.0
        self.highs.changeColsCost(self.n, self.columns, cost)
        if not self._run():  # unbounded above: as safe as can be
            self.safe[n] = True
            return float("inf")
        return float(self.highs.getSolution().col_value[n])

    def _run(self) -> bool:
        """Solve; mark every cell the solution certifies. False if unbounded."""
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            return False
        if status != highspy.HighsModelStatus.kOptimal:  # pragma: no cover
            raise RuntimeError(f"confidentiality audit failed: {status}")
        x = np.asarray(self.highs.getSolution().col_value)
        self.safe |= x >= self.up - EPSILON
        self.safe |= ~self.is_primary & (x <= self.down + EPSILON)
        return True

    def _bounds(self, lower, upper) -> None:
        self.highs.changeColsBounds(
            self.n, self.columns, np.asarray(lower, float), np.asarray(upper, float)
        )


EPSILON = 1e-6
CERTIFY_ENOUGH = 25


def _highs_model(rows, index) -> "highspy.Highs":
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")  # warm starts between the solves
    # Only objectives and bounds change: the last basis stays primal feasible.
    highs.setOptionValue("simplex_strategy", 4)
    lp = highspy.HighsLp()
    lp.num_col_ = len(index)
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.zeros(len(index))
    lp.col_lower_ = np.ones(len(index))
    lp.col_upper_ = np.full(len(index), highspy.kHighsInf)
    start, columns, data, lower, upper = [0], [], [], [], []
    for coefficients, constant, sense in rows:
        for key, value in coefficients.items():
            columns.append(index[key])
            data.append(value)
        start.append(len(data))
        lower.append(constant if sense == "=" else -highspy.kHighsInf)
        upper.append(constant)
    lp.row_lower_ = np.array(lower, dtype=float)
    lp.row_upper_ = np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(columns, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(data, dtype=float)
    highs.passModel(lp)
    return highs


def protect(linked: LinkedTables, k: int) -> set[Key]:
    """The suppressed cells: primary (0 < n < k) and as few secondary as needed.

    First the obvious exposures, found by bounds on single relations without
    a solver (`_obviously_exposed`), then the audit by linear programming
    (`exposed`); each round hides one more cell next to every exposed one.
    """
    primary = {key for key, value in linked.values.items() if 0 < value < k}
    hidden = set(primary)
    lines = _lines_of(linked)
    safe: set[Key] = set()
    while True:
        found = _obviously_exposed(linked, hidden, primary, k)
        if not found:
            found = [(key, ()) for key in exposed(linked, hidden, k, primary, safe)]
            if not found:
                return hidden
        added = _secondaries(linked, hidden, found, lines)
        if not added:  # pragma: no cover - nothing left to hide next to it
            raise RuntimeError(f"cannot protect {found[:3]}")
        hidden |= added


def _lines_of(linked: LinkedTables) -> dict[Key, list[tuple[Key, ...]]]:
    """For each cell, the relations and ordered pairs it stands in."""
    lines: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
    for relation in linked.relations:
        line = (relation.total, *relation.members)
        for key in line:
            lines[key].append(line)
    for small, large in linked.orders:
        lines[small].append((small, large))
        lines[large].append((small, large))
    return lines


def _secondaries(linked, hidden, found, lines) -> set[Key]:
    """One more cell to hide for each exposed cell, all in one round.

    The smallest shown non-zero cell of the relation that exposed it, or
    else of any of its relations; none if another exposed cell's choice
    already stands in one of them. The programme's headline figures (cells
    without conditions) come last: they are what the press tables print.
    """
    added: set[Key] = set()

    known: dict[int, set[Key]] = {}  # per relation; `hidden` is fixed here

    def shown(group):
        if id(group) not in known:
            known[id(group)] = {
                c for c in group if c not in hidden and linked.values[c] > 0
            }
        return known[id(group)]

    for key, line in found:
        candidates = shown(line) or _nearest_shown(key, lines, shown)
        if candidates and not candidates & added:
            added.add(min(candidates, key=lambda c: (not c[1], linked.values[c], c)))
    return added


def _nearest_shown(key, lines, shown) -> set[Key]:
    """The shown non-zero cells of the relations nearest to `key`.

    Its own relations first; where everything there is hidden (or zero),
    the relations of those hidden cells, and so on outwards. The
    programme's headline figures count only when no other cell is left.
    """
    seen_cells = {key}
    seen_lines: set[int] = set()
    frontier = [key]
    headline: set[Key] = set()
    while frontier:
        level = []
        for cell in frontier:
            for line in lines[cell]:
                if id(line) not in seen_lines:
                    seen_lines.add(id(line))
                    level.append(line)
        candidates = set().union(*(shown(line) for line in level))
        # The programme's headline figures only when nothing else is left.
        if any(conditions for _figure, conditions in candidates):
            return {c for c in candidates if c[1]}
        headline = headline or candidates
        frontier = []
        for line in level:
            for other in line:
                if other not in seen_cells:
                    seen_cells.add(other)
                    frontier.append(other)
    return headline


def _obviously_exposed(linked, hidden, primary, k) -> list[tuple[Key, tuple]]:
    """Hidden cells that one relation alone gives away, with that relation.

    In a sum with a shown total, a hidden member is at most the total minus
    the shown members minus 1 for every other hidden member; a hidden total
    of shown members is their sum; the smaller of an ordered pair is at most
    the larger one when that is shown. A cell whose bound is below what it
    needs (its value + 1, and k if primary) is exposed.
    """
    values = linked.values

    def needs(key):
        return max(values[key] + 1, k if key in primary else 0)

    found = []
    for relation in linked.relations:
        if relation.at_least:
            continue
        line = (relation.total, *relation.members)
        members = [key for key in relation.members if key in hidden]
        if relation.total in hidden:
            if not members:
                found.append((relation.total, line))
            continue
        if not members:
            continue
        room = values[relation.total] - sum(
            values[key] for key in relation.members if key not in hidden
        )
        bound = room - (len(members) - 1)
        found.extend((key, line) for key in members if bound < needs(key))
    for small, large in linked.sorted_orders:
        if small in hidden and large not in hidden and values[large] < needs(small):
            found.append((small, (small, large)))
    return found


def share_suppressed(linked: LinkedTables, hidden: set[Key]) -> float:
    """The share of non-zero cells suppressed (0..1)."""
    nonzero = [key for key, value in linked.values.items() if value > 0]
    return sum(1 for key in nonzero if key in hidden) / len(nonzero) if nonzero else 0.0
