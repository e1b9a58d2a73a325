"""The benchmark at the reference scale (`make bench`).

Creates and migrates the database `mentoring_bench` and fills it with
`generate_scale` on first use (reused afterwards), then measures the
compilation of the full report and the main pages, and writes
bench/results.json and bench/RESULTS.md.

Query counts at 1x come from a second, demo-sized database
(`mentoring_bench_1x`, generate_scale --mentees 3000), measured by this
script started again with --queries-only. `--small` runs everything on that
small database and writes nothing: a quick try of the benchmark itself.

Pages are measured twice: under load (gunicorn and wrk, bench/load.py: the
figures of results.json's "pages") and with Django's test client in this
process, one request at a time ("pages_test_client"), which shows the
server's own time without the HTTP stack.
"""

import argparse
import json
import os
import platform
import statistics as stats
import subprocess  # nosec B404: runs this script itself, below
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
# One cache for this process and the benchmark's gunicorn, so that the
# dashboard's figures computed here, and expired here, are the server's too.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/12")
# A broker, as in production, but no worker: the dashboard's refresh requests
# stay queued (emptied at the start and end), so that an expired dashboard
# stays expired under load (the first view, dashboard_first).
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")

PAGES = (
    "mentor_start",
    "mentee_list",
    "mentee_list_search",
    "mentee_detail",
    "employer_list",
    "employer_detail",
    "dashboard_first",
    "dashboard_repeated",
    "report_list",
    "report_detail",
    "admin_mentee_changelist",
)


def ensure_database(name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{SERVER}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup(name: str, mentees: int, **sizes: int) -> None:
    ensure_database(name)
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from cases.models import Mentee

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # No collectstatic needed: the templates' static URLs without a manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    call_command("migrate", verbosity=0)
    if not Mentee.objects.exists():
        print(f"Filling {name} with generate_scale (first run only) …", flush=True)
        call_command("generate_scale", mentees=mentees, **sizes)
    from reports.compilation import compile_report
    from reports.models import Report
    from reports.statistics import Period

    if not Report.objects.exists():
        # The report page needs a report: 2024-Q2, compiled once (all scopes,
        # protected together) and reused by later runs.
        print(f"Compiling the 2024-Q2 report in {name} (first run only) …", flush=True)
        compile_report(Period.quarter(2024, 2))


def page_requests() -> dict[str, tuple[str, str, Callable[[], object] | None]]:
    """Per page: the login, the URL and what to do before each request."""
    from django.contrib.auth.models import User

    from cases.models import Mentee
    from employers.models import Employer
    from reports.models import Report

    mentor = User.objects.get(username="mentor")
    mentee = Mentee.objects.visible_to(mentor).order_by("pk").first()
    employer = Employer.objects.order_by("pk").first()
    report = Report.objects.order_by("pk").first()
    dashboard = DASHBOARD_URL.format(phase())
    pages = {
        "mentor_start": ("mentor", "/", None),
        "mentee_list": ("mentor", "/mentees/", None),
        "mentee_list_search": ("mentor", f"/mentees/?q={mentee.last_name}", None),
        "mentee_detail": ("mentor", f"/mentees/{mentee.pk}/", None),
        "employer_list": ("mentor", "/employers/", None),
        "employer_detail": ("mentor", f"/employers/{employer.pk}/", None),
        "dashboard_repeated": ("zefas", dashboard, None),
        "dashboard_first": ("zefas", dashboard, DASHBOARD.expire),
        "report_list": ("zefas", "/reports/", None),
        "admin_mentee_changelist": ("admin", "/admin/cases/mentee/", None),
    }
    if report is not None:
        pages["report_detail"] = ("zefas", f"/reports/{report.pk}/", None)
    return pages


def clients() -> dict:
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import twofactor
    from accounts.middleware import STEP_SESSION_KEY

    result = {}
    for username in ("mentor", "zefas", "admin"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        if STEP_SESSION_KEY in client.session:
            # ZEFAS and the admin log in with two factors: a verified session,
            # as after entering the app's code.
            device = twofactor.app_device(user) or TOTPDevice.objects.create(
                user=user, name="bench", confirmed=True
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.pop(STEP_SESSION_KEY)
            session.save()
        result[username] = client
    return result


def session_cookies() -> dict[str, str]:
    """login -> "sessionid=…": the sessions of clients(), stored in the database."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    return {
        login: f"{name}={client.cookies[name].value}"
        for login, client in clients().items()
    }


class DashboardCache:
    """The dashboard's current figures in the shared cache (Redis), expired
    and restored: the first view is the view after they expired, which shows
    the latest figures while a worker computes new ones
    (reports/dashboard_figures.py); the repeated view finds them."""

    PATTERN = ":1:statistics-dashboard:*"  # not the -latest entries

    def __init__(self) -> None:
        self.saved: dict[bytes, bytes] = {}

    def redis(self):
        import redis

        return redis.Redis.from_url(os.environ["CACHE_URL"])

    def expire(self) -> None:
        client = self.redis()
        for key in client.scan_iter(self.PATTERN):
            self.saved[key] = client.dump(key)
            client.delete(key)

    def restore(self) -> None:
        client = self.redis()
        for key, value in self.saved.items():
            client.restore(key, 0, value, replace=True)


DASHBOARD = DashboardCache()


# ZEFAS's dashboard of the 2020-2024 programme phase (the longest period).
DASHBOARD_URL = "/statistics/?kind=phase&phase={0.pk}"


def phase():
    from cases.models import ProgrammePhase

    return ProgrammePhase.objects.get(start__year=2020)


def compute_dashboard() -> float:
    """The ZEFAS dashboard's figures of the 2020-2024 phase, computed as the
    Celery worker does (every scope, protected together); seconds."""
    from reports import dashboard_figures
    from reports.statistics import Period

    start = time.perf_counter()
    dashboard_figures.refresh(Period.phase(phase()), "de")
    return round(time.perf_counter() - start, 1)


def purge_broker() -> None:
    import redis

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()


def warm_caches() -> dict[str, Callable[[], object]]:
    """The repeated dashboard is measured with its figures in the cache."""
    return {"dashboard_repeated": DASHBOARD.restore}


def query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged_in = clients()
    counts = {}
    for name, (login, url, before) in page_requests().items():
        if before is not None:
            before()
        logged_in[login].get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = logged_in[login].get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code}")
        counts[name] = len(queries)
    return counts


def time_pages(runs: int) -> dict[str, dict[str, float]]:
    logged_in = clients()
    result = {}
    for name, (login, url, before) in page_requests().items():
        times = []
        if before is not None:
            before()
        logged_in[login].get(url)  # warm up
        for _ in range(runs):
            start = time.perf_counter()
            logged_in[login].get(url)
            times.append(time.perf_counter() - start)
        times.sort()
        result[name] = {
            "p50_ms": round(stats.median(times) * 1000, 1),
            "p95_ms": round(
                times[min(len(times) - 1, int(len(times) * 0.95))] * 1000, 1
            ),
            "rps": round(len(times) / sum(times), 1),
        }
        print(f"{name:<26} {result[name]}", flush=True)
    return result


def time_compilation(runs: int) -> dict[str, dict]:
    """report_data and the hand-written SQL of bench/sql/ (bench/sql.py) for
    one quarter and the 2020-2024 phase, run alternately, each pair in the
    other order than the last. Stops the benchmark if their figures differ."""
    from bench.sql import differences, sql_report_data
    from reports.statistics import Period, report_data

    compilers: dict[str, Callable[[Period], dict]] = {
        "project": lambda period: report_data(period=period),
        "sql": sql_report_data,
    }
    periods = {"quarter": Period.quarter(2024, 2), "phase": Period.phase(phase())}
    result = {}
    for key, period in periods.items():
        times: dict[str, list[float]] = {"project": [], "sql": []}
        for run in range(runs):
            data = {}
            for side in ("project", "sql") if run % 2 == 0 else ("sql", "project"):
                start = time.perf_counter()
                data[side] = compilers[side](period)
                times[side].append(time.perf_counter() - start)
            found = differences(data["project"], data["sql"])
            if found:
                print(f"report_data and the SQL differ for {key} ({period.label}):")
                print("\n".join(f"  {line}" for line in found), flush=True)
                sys.exit(1)
        project_s, sql_s = stats.median(times["project"]), stats.median(times["sql"])
        result[key] = {
            "project_s": round(project_s, 2),
            "sql_s": round(sql_s, 2),
            "ratio": round(project_s / sql_s, 2),
        }
        print(f"report_data {key:<14} {result[key]}", flush=True)
    return result


def scale_counts() -> dict[str, int]:
    from django.contrib.auth.models import User

    from cases.models import Case, IntegrationStep, Meeting, Mentee, Placement, Project
    from employers.models import ContactPerson, Employer, EmployerConsultation
    from privacy.models import Consent

    models = {
        "projects": Project,
        "users": User,
        "mentees": Mentee,
        "cases": Case,
        "meetings": Meeting,
        "placements": Placement,
        "integration_steps": IntegrationStep,
        "employers": Employer,
        "contact_persons": ContactPerson,
        "consultations": EmployerConsultation,
        "consents": Consent,
    }
    return {key: model.objects.count() for key, model in models.items()}


def machine() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": str(os.cpu_count()),
        "ram": f"{ram:.0f} GiB",
        "postgresql": pg,
        "python": platform.python_version(),
    }


def write_markdown(results: dict) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python bench/run.py`). The machine: "
        + ", ".join(f"{k} {v}" for k, v in results["machine"].items())
        + ". It is shared with other work: the figures are noisy.",
        "",
        "Scale: " + ", ".join(f"{v:,} {k}" for k, v in results["scale"].items()),
        "",
        "| report_data | project (s) | SQL (s) | project / SQL |",
        "|---|---|---|---|",
    ]
    for key, value in results["compile"].items():
        lines.append(
            f"| {key} | {value['project_s']} | {value['sql_s']} | {value['ratio']} |"
        )
    trivial = results["trivial"]
    lines += [
        "",
        "Pages under load: gunicorn (gunicorn.conf.py, 2 workers x 2 threads) "
        "and wrk with 4 connections for 10 s per page, from a second process. "
        f"The trivial view of the same gunicorn: {trivial['rps']} requests per "
        f"second, p95 {trivial['p95_ms']} ms. The dashboard shows the 2020-2024 "
        "phase. Its first view is its view once its cached figures expired: it "
        "shows the latest ones while Celery computes the current ones, which takes "
        f"{results['dashboard_compute_s']} s (every project and district, "
        "protected together; no worker runs during the measurement).",
        "",
        "| page | p50 ms | p95 ms | rps | rps / trivial | queries 1x | "
        "queries ref | test client p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failed = []
    for name, p in results["pages"].items():
        client = results["pages_test_client"].get(name, {})
        lines.append(
            f"| {name} | {p['p50_ms']} | {p['p95_ms']} | {p['rps']} | "
            f"{p['rps_ratio_to_trivial']} | {p['queries_1x']} | "
            f"{p['queries_ref']} | {client.get('p50_ms')} |"
        )
        if p.get("error"):
            failed.append(f"- {name}: no answer under load ({p['error']})")
    if failed:
        lines += ["", "Pages that failed under load:", "", *failed]
    Path(ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    from bench import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    parser.add_argument(
        "--seconds", type=int, default=10, help="wrk's run per page under load"
    )
    parser.add_argument("--queries-only", action="store_true")
    parser.add_argument(
        "--small", action="store_true", help="the 1x database only; writes nothing"
    )
    args = parser.parse_args()
    if args.queries_only or args.small:
        setup("mentoring_bench_1x", 3000, projects=14, people=72)
        purge_broker()
        compute_dashboard()
        if args.queries_only:
            print(json.dumps(query_counts()))
            return
        print(json.dumps(query_counts()))
        time_pages(args.runs)
        load.measure(
            page_requests(), session_cookies(), seconds=args.seconds, warm=warm_caches()
        )
        return
    small = subprocess.run(  # nosec B603: this script, no outside input
        [sys.executable, __file__, "--queries-only"],
        check=True,
        capture_output=True,
        text=True,
    )
    queries_1x = json.loads(small.stdout.strip().splitlines()[-1])
    setup("mentoring_bench", 200_000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    purge_broker()
    dashboard_s = compute_dashboard()
    print(f"dashboard figures computed (as the worker does) in {dashboard_s} s")
    queries_ref = query_counts()
    in_process = time_pages(args.runs)
    pages, trivial = load.measure(
        page_requests(), session_cookies(), seconds=args.seconds, warm=warm_caches()
    )
    for name, page in pages.items():
        page["queries_1x"] = queries_1x.get(name)
        page["queries_ref"] = queries_ref.get(name)
    purge_broker()
    for name in PAGES:
        pages.setdefault(name, None)
    results = {
        "scale": scale_counts(),
        "compile": time_compilation(max(1, args.runs // 10)),
        "pages": pages,
        "trivial": trivial,
        "dashboard_compute_s": dashboard_s,
        "pages_test_client": in_process,
        "machine": machine(),
        "command": "make bench",
    }
    path = ROOT / "bench" / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    write_markdown({**results, "pages": {k: v for k, v in pages.items() if v}})
    print(f"Wrote {path} and bench/RESULTS.md")


if __name__ == "__main__":
    main()
