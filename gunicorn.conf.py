"""gunicorn settings: `gunicorn -c gunicorn.conf.py mentoring.wsgi`.

Each value can be changed from the environment without editing this file.
The slowest page is the full phase report (a five-year compilation with every
breakdown, measured at up to 27 s under load at a hundred times today's
data), so a worker gets 60 s before gunicorn kills it.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"
# The usual rule for synchronous workers: two per core plus one.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# Threads let a worker answer light pages while one thread waits on the database.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 2)
timeout = _int("GUNICORN_TIMEOUT", 60)
# On restart, requests in flight may finish (the same bound as a request).
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 60)
keepalive = 5
# Log to stdout/stderr; the process manager (systemd, container) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "").strip() or "info"
# Restart workers now and then, so a slow leak never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
