"""Settings of the benchmark's gunicorn: the app's, plus a trivial view, over
plain HTTP on 127.0.0.1 (wrk speaks no TLS here)."""

from mentoring.settings import *  # noqa: F403
from mentoring.settings import ALLOWED_HOSTS, STORAGES

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic needed: the templates' static URLs without a manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
