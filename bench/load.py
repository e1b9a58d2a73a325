"""Pages under load: gunicorn serves the bench database, wrk requests each page
from a second process with 4 connections, next to a trivial view served by
the same gunicorn in the same run (bench/urls.py).

The dashboard's first view (its figures in the cache expired) is measured
like every other page: no Celery worker runs during the benchmark, so every
request finds the figures expired and shows the latest ones, as a view does
while a worker computes the current ones (bench/run.py).
"""

import json
import os
import shutil
import subprocess  # nosec B404: starts gunicorn and wrk, fixed arguments
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
TRIVIAL = "/bench/trivial/"
LUA = str(Path(__file__).with_name("report.lua"))


def gunicorn(env: dict[str, str]) -> subprocess.Popen:
    """gunicorn with the production config, 2 workers x 2 threads, on BASE."""
    process = subprocess.Popen(  # nosec B603: fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "mentoring.wsgi",
        ],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "GUNICORN_BIND": f"{HOST}:{PORT}",
            "GUNICORN_WORKERS": env.get("GUNICORN_WORKERS", "2"),
            "GUNICORN_THREADS": env.get("GUNICORN_THREADS", "2"),
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_MAX_REQUESTS": "0",  # no restarts in the middle of a run
        },
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(BASE + TRIVIAL, timeout=2):  # nosec B310
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def check(url: str, cookie: str) -> None:
    """The page answers 200 itself (a lost session would redirect to the login)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=120) as response:  # nosec B310
        final = response.geturl()
        if response.status != 200 or final != url:
            raise RuntimeError(f"{url} answered {response.status} at {final}")


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    """One wrk run: {"p50_ms", "p95_ms", "rps", "requests", "errors"}."""
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        LUA,
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # nosec B603: fixed arguments
        command, check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if result["errors"]:
        raise RuntimeError(f"{url}: {result['errors']} failed requests")
    return result


def measure(
    pages: dict[str, tuple[str, str, Callable[[], object] | None]],
    cookies: dict[str, str],
    *,
    seconds: int = 10,
    connections: int = 4,
    warm: dict[str, Callable[[], object]] | None = None,
) -> tuple[dict[str, dict], dict]:
    """(pages, trivial): latency and requests per second under load.

    `pages` maps a name to (login, path, before); `cookies` a login to its
    session cookie; `warm` a name to what fills caches before that page is
    measured. `before` puts the server in the state the page is measured in
    (it must stay so under load). Every result carries rps_ratio_to_trivial.
    """
    warm = warm or {}
    server = gunicorn(dict(os.environ))
    try:
        wrk(BASE + TRIVIAL, "", 2, connections)  # warm up every worker
        trivial = wrk(BASE + TRIVIAL, "", seconds, connections)
        print(f"{'trivial':<26} {trivial}", flush=True)
        results = {}
        for name, (login, path, before) in pages.items():
            url, cookie = BASE + path, cookies[login]
            try:
                if name in warm:
                    warm[name]()
                if before is not None:
                    before()
                check(url, cookie)
                wrk(url, cookie, 2, connections)  # warm up: caches, plans
                result = wrk(url, cookie, seconds, connections)
            except (OSError, RuntimeError) as error:
                # A page slower than gunicorn's timeout loses its worker: the
                # benchmark records that and goes on with the next page.
                result = {"p50_ms": None, "p95_ms": None, "rps": None}
                result["error"] = f"{type(error).__name__}: {error}"
                result["rps_ratio_to_trivial"] = None
            else:
                result["rps_ratio_to_trivial"] = round(
                    result["rps"] / trivial["rps"], 3
                )
            results[name] = result
            print(f"{name:<26} {result}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return results, {"rps": trivial["rps"], "p95_ms": trivial["p95_ms"]}
