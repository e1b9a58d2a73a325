"""Settings for the mentoring case system, configured by the environment.

Without any environment the app runs on a bare machine: SQLite file database,
Celery tasks in-process. Production sets DATABASE_URL, CELERY_BROKER_URL,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DJANGO_DEBUG=0.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Core
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Development may run on a fixed key; production must set its own or fail.
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY", default="insecure-development-key-not-for-production")
    if DEBUG
    else env.str("DJANGO_SECRET_KEY")
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "django_htmx",
    "csp",
    "template_partials",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "cases",
    "employers",
    "reports",
    "privacy",
    "demo",
    "reminders",
    "imports",
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mentoring.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The change history records the logged-in user as the author (privacy/)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mentoring.middleware.SecurityHeadersMiddleware",
    # After the password, nothing but the second factor (accounts/twofactor.py).
    "accounts.middleware.TwoFactorMiddleware",
    # Last, so a locked-out login gets the lockout page (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mentoring.permissions.roles",
                "mentoring.views.session_timeout",
            ],
        },
    },
]

# Database: SQLite file when DATABASE_URL is unset, so a bare machine runs the app
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each gunicorn thread and Celery worker keeps its connection for this many
# seconds (a new PostgreSQL connection costs a process fork), checked before
# it is reused after an error or a restart of the database.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on this app's short queries
    # (list pages, counts); the statistics run fast without it as well.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo database: with a write-ahead log a long statistics request
    # (one transaction) does not lock out other users' logins and saves.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )

# Authentication
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes counts failed logins. After LOGIN_FAILURE_LIMIT failures for one
# username, or from one address, further attempts are refused for
# LOGIN_LOCKOUT_MINUTES; a successful login resets the account's count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mentoring.views.login_locked"
# Password reset links (Django's own views) stay valid this long, in seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 3)
# Two-factor login (django-otp): the name authenticator apps show.
OTP_TOTP_ISSUER = "Mentoring"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"  # noqa: E501
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new and changed passwords; older hashes are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Sessions end after SESSION_IDLE_MINUTES without a request and when the
# browser closes. A request renews the session if it was last renewed
# SESSION_RENEW_SECONDS ago or more (mentoring.middleware.SessionMiddleware):
# one write a minute instead of one per request.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Seconds before the idle end at which a page warns and offers to stay logged in.
SESSION_WARNING_SECONDS = 120
# A German page with the navigation when a form comes back after its session ended.
CSRF_FAILURE_VIEW = "mentoring.views.csrf_failure"

# Internationalisation: German first, English second
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mentoring.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
COUNTRIES_FIRST = ["SY", "UA", "AF", "IQ", "ER", "TR"]

# Static files: front-end libraries come from npm (node_modules) and are served
# by the app through whitenoise, never from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/axe-core", BASE_DIR / "node_modules" / "axe-core"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: no broker configured means tasks run in-process
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged in this time (its worker was killed) is delivered
# again; it must exceed the longest compilation.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 3,
}
# A request must not hang when the broker is down: the job stays pending and
# reports.tasks.sweep_pending_jobs sends it when the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BEAT_SCHEDULE = {
    # 1 January, April, July, October: the drafts of the quarter just ended,
    # of its year after the fourth quarter and of each running phase to date
    "compile-last-quarter": {
        "task": "reports.tasks.compile_last_quarter",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # nightly: drafts follow later edits of case data until they are released
    "refresh-report-drafts": {
        "task": "reports.tasks.refresh_drafts",
        "schedule": crontab(minute=30, hour=3),
    },
    # the years the statistics dashboard opens with, when nothing is cached
    "warm-dashboard": {
        "task": "reports.tasks.warm_dashboard",
        "schedule": crontab(minute="*/10"),
    },
    "sweep-report-jobs": {
        "task": "reports.tasks.sweep_pending_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "sweep-import-jobs": {
        "task": "imports.tasks.sweep_import_jobs",
        "schedule": crontab(minute="*/5"),
    },
    # nightly: follow-up from the day a placement starts, active after it ends
    "refresh-case-statuses": {
        "task": "cases.tasks.refresh_case_statuses",
        "schedule": crontab(minute=30, hour=2),
    },
    # every morning: the reminder e-mails that are due (reminders/digests.py)
    "send-reminders": {
        "task": "reminders.tasks.send_reminders",
        "schedule": crontab(minute=0, hour=6),
    },
    # nightly: erase mentees whose retention period is over (privacy/)
    "erase-due-mentees": {
        "task": "privacy.tasks.erase_due_mentees",
        "schedule": crontab(minute=15, hour=4),
    },
}
# Report jobs (seconds): pending this long → sent to the queue again; running
# without a sign of life this long → its worker is taken for dead.
REPORTS_JOB_PENDING_AFTER = env.int("REPORTS_JOB_PENDING_AFTER", default=300)
REPORTS_JOB_STALE_AFTER = env.int("REPORTS_JOB_STALE_AFTER", default=900)

# E-mail: printed to the console unless EMAIL_URL names a server, e.g.
# smtp+tls://user:password@mail.example.org:587 (django-environ's email URL).
globals().update(
    {
        key: value
        for key, value in env.email_url("EMAIL_URL", default="consolemail://").items()
        if value is not None
    }
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="mentoring@localhost")
# The address of the site, for the links in e-mails (they are sent outside a request).
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")

# Cache: Redis (Django's RedisCache) when CACHE_URL or REDIS_URL is set, else
# the broker's Redis, else this process's memory. The statistics dashboard
# keeps its figures there; with a broker, Celery workers compute ZEFAS's
# figures and the web processes must read them from the same cache.
_BROKER_REDIS = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
CACHES = {
    "default": env.cache_url_config(
        env.str(
            "CACHE_URL",
            default=env.str("REDIS_URL", default=_BROKER_REDIS or "locmemcache://"),
        )
    )
}
STATISTICS_CACHE_SECONDS = env.int("STATISTICS_CACHE_SECONDS", default=600)

# Statistical confidentiality: cells with 0 < n < k are suppressed
# (docs/confidentiality.md)
STATISTICS_MIN_CELL = env.int("STATISTICS_MIN_CELL", default=3)
# The publisher named in the open-data metadata (DCAT-AP.de dct:publisher).
OPEN_DATA_PUBLISHER = env.str(
    "OPEN_DATA_PUBLISHER",
    default=(
        "Sächsisches Staatsministerium für Wirtschaft, Arbeit, Energie und Klimaschutz"
    ),
)

# Data protection (privacy/): years after the last case closed until a
# mentee is erased; the admin may look at the change history, never revert it.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=3)
SIMPLE_HISTORY_REVERT_DISABLED = True

# Security
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips a
# client's own): DJANGO_SECURE_PROXY_SSL_HEADER=true.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Logging: errors to the console, where the process manager collects them
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's loggers hand their records to the root handler only: Django's own
    # console handler would print every line (and traceback) a second time.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

# The read-only API of released figures (reports/api.py). Token first, so a
# request without credentials gets 401 with "WWW-Authenticate: Token".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentoring: veröffentlichte Zahlen",
    "DESCRIPTION": (
        "Lesezugriff auf freigegebene, gesperrte Quartalszahlen "
        "(Authorization: Token …)."
    ),
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
