"""Time the linked-table protection of one quarter at the reference scale.

    .venv/bin/python scripts/bench_confidentiality.py [projects] [districts]
    .venv/bin/python scripts/bench_confidentiality.py --database

Synthetic report data (no database, default 100 projects x 13 districts):
the programme, every project and every district scope, each with its
breakdowns by project/district, gender, age group, country, residence
status and sector, for ten counts. Project x district cells are the same
quantities on both pages. Prints the number of cells, the time and the
share of non-zero cells suppressed before (primary only) and after
protection.

`--database` times what the dashboard does on its first view of a period
for ZEFAS, on the data of DATABASE_URL (e.g. after `manage.py demo_data`):
the figures of every scope, then the protection, for the last finished
quarter, the last finished year and every programme phase.
"""

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
if "--database" not in sys.argv:
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django

django.setup()

from reports.confidentiality.linked import from_reports, protect, share_suppressed  # noqa: E402

FIGURES = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "employment",
    "employment_adequate",
    "vocational_training",
    "dropouts",
    "meetings",
    "employers",
)
OTHER = {
    "gender": ["female", "male", "diverse"],
    "age_group": ["under_30", "30_54", "55_plus"],
    "country": [f"c{n}" for n in range(10)],
    "residence_status": [f"r{n}" for n in range(5)],
    "sector": [f"s{n}" for n in range(8)],
}
K = 3


def split(rng, total: int, n: int) -> list[int]:
    return [int(v) for v in rng.multinomial(total, rng.dirichlet(np.ones(n)))]


def synthetic(projects: int, districts: int, seed: int = 1) -> list[dict]:
    rng = np.random.default_rng(seed)
    scale = dict.fromkeys(FIGURES, 2.0) | {"meetings": 12.0, "first_conversations": 3.0}
    cross = {f: rng.poisson(scale[f], size=(projects, districts)) for f in FIGURES}
    for a, b in (("women", "participants"), ("employment_adequate", "employment")):
        cross[a] = np.minimum(cross[a], cross[b])

    def report(scope: dict, totals: dict[str, int], linked: dict[str, dict]) -> dict:
        tables = []
        for dimension, rows in linked.items():
            tables.append(
                {
                    "dimension": dimension,
                    "columns": list(FIGURES),
                    "rows": [
                        {"key": key, "values": values} for key, values in rows.items()
                    ],
                    "total": totals,
                }
            )
        for dimension, keys in OTHER.items():
            figures = [
                f for f in FIGURES if f not in ("women", "meetings", "employers")
            ]
            parts = {f: split(rng, totals[f], len(keys)) for f in figures}
            # adequate <= employment in every row
            parts["employment_adequate"] = [
                int(v)
                for v in rng.multivariate_hypergeometric(
                    parts["employment"], totals["employment_adequate"]
                )
            ]
            if dimension == "gender":  # the "female" row is the women
                rest = totals["participants"] - totals["women"]
                parts["participants"] = [totals["women"], *split(rng, rest, 2)]
            tables.append(
                {
                    "dimension": dimension,
                    "columns": figures,
                    "rows": [
                        {"key": key, "values": {f: parts[f][n] for f in figures}}
                        for n, key in enumerate(keys)
                    ],
                    "total": {f: totals[f] for f in figures},
                }
            )
        return {"scope": scope, "tables": tables}

    def values(index) -> dict[str, int]:
        return {f: int(cross[f][index].sum()) for f in FIGURES}

    reports = [
        report(
            {},
            values(np.s_[:, :]),
            {
                "project": {str(p): values(np.s_[p, :]) for p in range(projects)},
                "district": {str(d): values(np.s_[:, d]) for d in range(districts)},
            },
        )
    ]
    for p in range(projects):
        reports.append(
            report(
                {"project_id": p},
                values(np.s_[p, :]),
                {"district": {str(d): values(np.s_[p, d]) for d in range(districts)}},
            )
        )
    for d in range(districts):
        reports.append(
            report(
                {"region_id": d},
                values(np.s_[:, d]),
                {"project": {str(p): values(np.s_[p, d]) for p in range(projects)}},
            )
        )
    return reports


def database() -> None:
    import datetime

    from django.utils import timezone

    from cases.models import ProgrammePhase
    from reports.confidentiality.pattern import (
        district_keys,
        period_reports,
        protected_pattern,
    )
    from reports.statistics import Period

    today = timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter = quarter_start - datetime.timedelta(days=1)
    periods = [
        Period.quarter(last_quarter.year, (last_quarter.month - 1) // 3 + 1),
        Period.year(today.year - 1),
        *(Period.phase(p) for p in ProgrammePhase.objects.order_by("start")),
    ]
    for period in periods:
        started = time.perf_counter()
        reports = period_reports(period)
        computed = time.perf_counter()
        linked = from_reports(reports, districts=district_keys())
        primary = {key for key, value in linked.values.items() if 0 < value < K}
        pattern = protected_pattern(reports, district_keys(), k=K)
        protected = time.perf_counter()
        hidden = {(f, tuple(map(tuple, c))) for f, c in pattern["cells"]}
        print(
            f"{period.label}: {len(reports)} scopes, {len(linked.values)} cells; "
            f"figures {computed - started:.1f} s + protection "
            f"{protected - computed:.1f} s = {protected - started:.1f} s; "
            f"non-zero cells suppressed {share_suppressed(linked, primary):.1%} "
            f"(primary) -> {share_suppressed(linked, hidden):.1%}"
        )


def main() -> None:
    if "--database" in sys.argv:
        database()
        return
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    districts = int(sys.argv[2]) if len(sys.argv) > 2 else 13
    reports = synthetic(projects, districts)
    started = time.perf_counter()
    linked = from_reports(reports)
    primary = {key for key, value in linked.values.items() if 0 < value < K}
    hidden = protect(linked, K)
    seconds = time.perf_counter() - started
    print(
        f"{projects} projects x {districts} districts: {len(linked.values)} cells, "
        f"{len(linked.relations)} relations; protected in {seconds:.1f} s; "
        f"non-zero cells suppressed {share_suppressed(linked, primary):.1%} (primary) "
        f"-> {share_suppressed(linked, hidden):.1%} (after secondary)"
    )


if __name__ == "__main__":
    main()
