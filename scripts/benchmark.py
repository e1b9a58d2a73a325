#!/usr/bin/env python
"""Speed figures, printed (never asserted; not part of the test suite).

Runs against its own PostgreSQL database (BENCHMARK_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/mentoring_benchmark), which it creates,
migrates and fills with `demo_data --history` on first use, then VACUUM
ANALYZEs.
Prints, for the statistics and the main pages: wall time (median of the
runs), query count and, for pages, the HTTP status.

    make benchmark
    .venv/bin/python scripts/benchmark.py --scale 15   # ~156,000 mentees, 2.1M meetings

`--scale N` turns the demo history into N copies of itself (new ids, new
mentee codes, same dates), to see how the figures behave at the size the
programme must reach. The copies stay in the database; use a database of its
own for each scale.
"""

import argparse
import os
import statistics as stats
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get(
    "BENCHMARK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_benchmark"
)
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def ensure_database() -> None:
    import psycopg2
    from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

    name = DB_URL.rsplit("/", 1)[1]
    conn = psycopg2.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    conn.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def replicate(copies: int) -> None:
    """Make the data `copies` times as large: each mentee, case, placement,
    meeting and employer consultation again under new ids.

    Copy k adds k times the original highest id to every id (and to the
    foreign keys between the copied tables); mentee codes get "-k".
    """
    from django.db import connection, transaction

    from cases.models import Case, Meeting, Mentee, Placement
    from employers.models import EmployerConsultation

    copied = {Mentee, Case}  # the tables other copied rows point to
    tables = (Mentee, Case, Placement, Meeting, EmployerConsultation)
    with transaction.atomic(), connection.cursor() as cursor:
        offsets = {}
        for model in tables:
            # bandit: table names of models
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # nosec B608
            offsets[model] = cursor.fetchone()[0]
        for model in tables:
            table = model._meta.db_table
            columns, values = [], []
            for f in model._meta.concrete_fields:
                columns.append(f'"{f.column}"')
                target = f.related_model if f.is_relation else None
                if f.primary_key:
                    values.append(f"t.id + s.k * {offsets[model]}")
                elif target in copied:
                    values.append(f't."{f.column}" + s.k * {offsets[target]}')
                elif model is Mentee and f.name == "code":
                    values.append("t.code || '-' || s.k")
                else:
                    values.append(f't."{f.column}"')
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # nosec B608
                f"SELECT {', '.join(values)} FROM {table} t "
                f"CROSS JOIN generate_series(1, %s) AS s(k)",
                [copies - 1],
            )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608
                f"(SELECT MAX(id) FROM {table}))"
            )


def analyze() -> None:
    """Fresh planner statistics and visibility maps, as autovacuum keeps them
    in production (index-only scans need the latter)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(
    label: str,
    fn: Callable[[], object],
    runs: int,
    before: Callable[[], object] | None = None,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    status = ""
    for _ in range(runs):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        if hasattr(result, "status_code"):
            status = f"HTTP {result.status_code}"
    print(
        f"{label:<62} {stats.median(times) * 1000:>10.1f} ms "
        f"{len(queries):>5} queries  {status}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the history")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from cases.models import Meeting, Mentee, ProgrammePhase, Project, Region
    from reports.statistics import Period, Scope, compute, report_data

    # The test client's host name
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    loaded = False
    if not Mentee.objects.exists():
        print("Building the demo history (first run only) ...", flush=True)
        call_command("demo_data", "--history", verbosity=0)
        loaded = True
    if args.scale > 1 and not Mentee.objects.filter(code__endswith="-1").exists():
        print(f"Copying the history to {args.scale} times its size ...", flush=True)
        replicate(args.scale)
        loaded = True
    if loaded:
        analyze()
    mentees, meetings = Mentee.objects.count(), Meeting.objects.count()
    print(f"data: {mentees:,} mentees, {meetings:,} meetings")
    print(f"{'what':<62} {'median':>13} {'':>5}")

    runs = args.runs
    slow = max(1, min(runs, 3))
    quarter, year = Period.quarter(2022, 2), Period.year(2024)
    measure("compute, quarter 2022-Q2", lambda: compute(period=quarter), runs)
    measure("compute, year 2024", lambda: compute(period=year), runs)
    for phase in ProgrammePhase.objects.all():
        measure(
            f"compute, {phase.name}",
            lambda p=phase: compute(period=Period.phase(p)),
            runs,
        )
    measure("report_data, quarter 2022-Q2", lambda: report_data(period=quarter), slow)
    measure("report_data, year 2024", lambda: report_data(period=year), slow)
    project = Project.objects.order_by("pk").first()
    region = Region.objects.get(name="Leipzig")
    for scope in (Scope.for_project(project), Scope.for_district(region)):
        measure(
            f"report_data, year 2024, {scope.label}",
            lambda s=scope: report_data(period=year, scope=s),
            slow,
        )
    second = ProgrammePhase.objects.order_by("start")[1]
    measure(
        f"report_data, {second.name}",
        lambda: report_data(period=Period.phase(second)),
        slow,
    )

    client = Client()
    zefas = User.objects.filter(groups__name="zefas").first()
    if zefas is not None:
        client.force_login(zefas)
        pages = [
            ("this year", {}),
            (second.name, {"kind": "phase", "phase": second.pk}),
        ]
        for name, params in pages:
            label = f"GET /statistics/ as zefas, {name}"
            measure(
                f"{label}, first view",
                lambda p=params: client.get("/statistics/", p),
                slow,
                before=cache.clear,
            )
            measure(
                f"{label}, again", lambda p=params: client.get("/statistics/", p), runs
            )
        measure("GET /reports/ as zefas", lambda: client.get("/reports/"), runs)

    mentor = User.objects.filter(groups__name="mentor").first()
    if mentor is not None:
        client.force_login(mentor)
        urls = ["/", "/mentees/", "/employers/"]
        mentee = Mentee.objects.visible_to(mentor).first()
        if mentee is not None:
            urls.append(f"/mentees/{mentee.pk}/")
        for url in urls:
            measure(f"GET {url} as mentor", lambda u=url: client.get(u), runs)
        if mentee is not None:
            url = f"/mentees/search/?q={mentee.code}"
            measure(f"GET {url} as mentor", lambda: client.get(url), runs)

    # The morning reminders of a Monday, when every weekly digest is due: each
    # run starts from none sent; the e-mails stay in memory.
    from reminders.digests import send_due_digests
    from reminders.models import SentDigest

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monday = date(2026, 12, 7)
    measure(
        "send_due_digests, a Monday (all mentors and leads)",
        lambda: send_due_digests(monday),
        slow,
        before=lambda: SentDigest.objects.all().delete(),
    )


if __name__ == "__main__":
    main()
