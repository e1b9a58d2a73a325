"""The linked-table protection (reports/confidentiality/linked.py): one state
per cell across tables, and a pattern that survives linear reasoning."""

import pytest

from reports.confidentiality.linked import (
    LinkedTables,
    cell_key,
    from_reports,
    intervals,
    protect,
    share_suppressed,
)

pytestmark = pytest.mark.django_db(databases=[])


def _table(
    linked, figure, total, rows, *, conditions=(), dimension="gender", partition=True
):
    linked.add_table(
        cell_key(figure, conditions),
        {cell_key(figure, [*conditions, (dimension, r)]): v for r, v in rows.items()},
        total,
        partition=partition,
    )


def _report(scope, tables):
    return {
        "scope": {
            "project_id": scope.get("project"),
            "region_id": scope.get("district"),
        },
        "tables": [
            {
                "dimension": dimension,
                "columns": ["participants"],
                "rows": [
                    {"key": key, "values": {"participants": value}}
                    for key, value in rows.items()
                ],
                "total": {"participants": total},
            }
            for dimension, total, rows in tables
        ],
    }


def test_the_same_quantity_in_two_tables_is_one_cell():
    assert cell_key("meetings", [("project", 1), ("district", "7")]) == cell_key(
        "meetings", [("district", 7), ("project", "1")]
    )
    assert cell_key("participants", [("gender", "female")]) == cell_key("women", [])


def test_a_cell_with_two_values_is_an_error():
    linked = LinkedTables()
    linked.add(cell_key("meetings", []), 3)
    with pytest.raises(ValueError):
        linked.add(cell_key("meetings", []), 4)


def test_a_single_small_cell_gets_a_complement():
    linked = LinkedTables()
    _table(linked, "participants", 20, {"a": 2, "b": 9, "c": 9})
    hidden = protect(linked, 3)
    assert cell_key("participants", [("gender", "a")]) in hidden
    assert len(hidden) == 2
    for low, high in intervals(linked, hidden).values():
        assert high - low >= 1
        assert high >= 3


def test_protection_holds_across_the_programme_and_project_pages():
    # Project 1's page: by district; district 7's page: by project. The
    # programme's page: by project and by district. "Project 1, district 7"
    # is one cell on both scoped pages.
    reports = [
        _report(
            {},
            [("project", 30, {"1": 12, "2": 18}), ("district", 30, {"7": 11, "8": 19})],
        ),
        _report({"project": 1}, [("district", 12, {"7": 2, "8": 10})]),
        _report({"project": 2}, [("district", 18, {"7": 9, "8": 9})]),
        _report({"district": 7}, [("project", 11, {"1": 2, "2": 9})]),
        _report({"district": 8}, [("project", 19, {"1": 10, "2": 9})]),
    ]
    for table in reports[3]["tables"] + reports[4]["tables"]:
        table["dimension"] = "project"
    linked = from_reports(reports)
    small = cell_key("participants", [("project", 1), ("district", 7)])
    assert linked.values[small] == 2
    hidden = protect(linked, 3)
    assert small in hidden
    bounds = intervals(linked, hidden)
    assert bounds[small][1] >= 3
    assert all(high - low >= 1 for low, high in bounds.values())


def test_women_below_participants_and_at_least_one_are_used():
    linked = LinkedTables()
    # Participants 3 in a project: women 1 (primary), the female row is women.
    _table(linked, "participants", 3, {"female": 1, "male": 2})
    linked.finish()
    hidden = protect(linked, 3)
    women = cell_key("women", [])
    assert women in hidden
    low, high = intervals(linked, hidden)[women]
    assert high >= 3 and high - low >= 1


def test_rows_that_may_overlap_give_only_an_inequality():
    linked = LinkedTables()
    # Sectors: a person with two placements counts in two rows.
    _table(
        linked, "employment", 10, {"a": 2, "b": 9}, dimension="sector", partition=False
    )
    hidden = protect(linked, 3)
    low, high = intervals(linked, hidden)[cell_key("employment", [("sector", "a")])]
    assert high >= 3 and high - low >= 1


def test_zeros_stay_visible_and_the_share_is_reported():
    linked = LinkedTables()
    _table(linked, "participants", 24, {"a": 0, "b": 1, "c": 11, "d": 12})
    hidden = protect(linked, 3)
    assert cell_key("participants", [("gender", "a")]) not in hidden
    assert (
        0
        < share_suppressed(linked, {cell_key("participants", [("gender", "b")])})
        < share_suppressed(linked, hidden)
    )


def _integer_attack(linked, hidden, k):
    """Integer programming (SciPy milp, HiGHS): the hidden cells an attacker
    pins to one value, or knows to be below k."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    from reports.confidentiality.linked import _components, _matrices

    disclosed = []
    for part, rows, _bounds in _components(linked, hidden):
        index = {key: n for n, key in enumerate(part)}
        a_eq, b_eq, a_ub, b_ub = _matrices(rows, index)
        constraints = []
        if a_eq is not None:
            constraints.append(LinearConstraint(a_eq, b_eq, b_eq))
        if a_ub is not None:
            constraints.append(LinearConstraint(a_ub, -np.inf, b_ub))
        bounds = Bounds(np.ones(len(part)), np.full(len(part), 10_000))
        integrality = np.ones(len(part))
        for key, n in index.items():
            c = np.zeros(len(part))
            c[n] = 1
            low = milp(
                c, constraints=constraints, bounds=bounds, integrality=integrality
            )
            high = milp(
                -c, constraints=constraints, bounds=bounds, integrality=integrality
            )
            low, high = round(low.fun), round(-high.fun)
            if low == high or (0 < linked.values[key] < k and high < k):
                disclosed.append(key)
    return disclosed


def test_an_integer_attacker_learns_nothing_from_the_linked_pages():
    reports = [
        _report(
            {},
            [
                ("project", 31, {"1": 12, "2": 19}),
                ("district", 31, {"7": 11, "8": 20}),
                ("gender", 31, {"female": 14, "male": 16, "diverse": 1}),
            ],
        ),
        _report({"project": 1}, [("district", 12, {"7": 2, "8": 10})]),
        _report({"project": 2}, [("district", 19, {"7": 9, "8": 10})]),
        _report({"district": 7}, [("project", 11, {"1": 2, "2": 9})]),
        _report({"district": 8}, [("project", 20, {"1": 10, "2": 10})]),
    ]
    for table in reports[3]["tables"] + reports[4]["tables"]:
        table["dimension"] = "project"
    linked = from_reports(reports)
    hidden = protect(linked, 3)
    assert cell_key("participants", [("gender", "diverse")]) in hidden
    assert _integer_attack(linked, hidden, 3) == []
    # Primary suppression alone gives cells away.
    primary = {key for key, value in linked.values.items() if 0 < value < 3}
    assert _integer_attack(linked, primary, 3)
