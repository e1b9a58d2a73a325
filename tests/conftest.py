"""Test-wide settings tweaks (speed, no HTTPS redirect on the test server)
and the order of the test run."""

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> None:
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
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
