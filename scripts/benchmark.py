#!/usr/bin/env python
"""Speed figures, printed (never asserted in the test suite).

Runs against its own PostgreSQL database (BENCHMARK_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/mentoring_benchmark), which it creates,
migrates and fills with `demo_data --history` on first use. Prints, for the
statistics and the main pages: wall time (median of 5) and query count.

    make benchmark
"""

import os
import statistics as stats
import sys
import time
from collections.abc import Callable
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


def measure(label: str, fn: Callable[[], object], runs: int = 5) -> None:
    from django.db import connection, reset_queries

    times = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        queries = len(connection.queries)
    print(f"{label:<58} {stats.median(times) * 1000:>9.1f} ms {queries:>6} queries")


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from cases.models import Meeting, Mentee, ProgrammePhase
    from reports.statistics import Period, compute, report_data

    settings.DEBUG = True  # record queries
    call_command("migrate", verbosity=0)
    if not Mentee.objects.exists():
        print("Building the demo history (first run only) ...")
        call_command("demo_data", "--history", verbosity=0)
    mentees, meetings = Mentee.objects.count(), Meeting.objects.count()
    print(f"data: {mentees:,} mentees, {meetings:,} meetings")
    print(f"{'what':<58} {'median':>12} {'':>6}")
    measure(
        "statistics.compute, quarter 2022-Q2",
        lambda: compute(period=Period.quarter(2022, 2)),
    )
    measure("statistics.compute, year 2021", lambda: compute(period=Period.year(2021)))
    for phase in ProgrammePhase.objects.all():
        measure(
            f"statistics.compute, {phase.name}",
            lambda p=phase: compute(period=Period.phase(p)),
        )
    measure(
        "statistics.report_data (all tables), quarter 2022-Q2",
        lambda: report_data(period=Period.quarter(2022, 2)),
        runs=3,
    )

    client = Client()
    pages = {
        "mentor": ["/", "/mentees/", "/employers/"],
        "zefas": ["/statistics/", "/reports/"],
    }
    for role, urls in pages.items():
        user = User.objects.filter(groups__name=role).first()
        if user is None:
            continue
        client.force_login(user)
        for url in urls:
            measure(f"GET {url} as {role}", lambda u=url: client.get(u))
        if role == "mentor":
            mentee = Mentee.objects.visible_to(user).first()
            if mentee:
                url = f"/mentees/{mentee.pk}/"
                measure(f"GET {url} as {role}", lambda u=url: client.get(u))


if __name__ == "__main__":
    main()
