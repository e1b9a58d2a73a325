"""Test-wide settings tweaks (speed, no HTTPS redirect on the test server),
the order of the test run, and `--today` to run the suite on another date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        help="run the suite as if today were this day (10:00 in Berlin); "
        "CI uses it for the first and last day of a month and 29 February",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Travel to `--today` before the test modules are imported, so that
    module-level dates agree with the tests' own; the clock keeps ticking.

    A test that depends on the date pins its own with time_machine, which
    nests inside this travel; the runs on other dates show that it does.
    """
    value = config.getoption("--today")
    if value:
        moment = datetime.datetime.combine(
            datetime.date.fromisoformat(value),
            datetime.time(10),
            tzinfo=ZoneInfo("Europe/Berlin"),
        )
        config._today_travel = time_machine.travel(moment, tick=True)
        config._today_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    travel = getattr(config, "_today_travel", None)
    if travel is not None:
        travel.stop()


@pytest.fixture(autouse=True, scope="session")
def _two_factor_sessions() -> None:
    """client.force_login gives ZEFAS, ministry and admin accounts a verified
    two-factor session (tests/twofactor.py); two-factor login itself stays on."""
    from tests import twofactor

    twofactor.install()


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> None:
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        # Renewing the idle session costs a request one UPDATE; the query
        # counts of the pages count their own queries (tests/test_security.py
        # tests the renewal with the setting on).
        SESSION_RENEW_SECONDS=None,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ):
        yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last, after pytest-django's own ordering.

    Their flush cannot be followed by a serialized rollback: inside Playwright's
    event loop Django hands them a connection without the serialized contents,
    so the flush re-creates content types under new ids that a later
    serialized test would collide with.
    """
    items.sort(key=lambda item: "tests/browser/" in str(item.path))
