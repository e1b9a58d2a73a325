"""Security settings and headers: Argon2, idle sessions, no caching of pages
for logged-in users, Permissions-Policy, a proxy header only when configured."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.utils import timezone

from tests.base import BaseTestCase

BASE_DIR = Path(__file__).resolve().parent.parent


def settings_value(name: str, **env: str) -> str:
    """The repr of a setting as a fresh process reads it from these variables."""
    code = (
        "import django; from django.conf import settings; django.setup(); "
        f"print(repr(getattr(settings, {name!r}, None)))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DJANGO_SECRET_KEY": "x",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class SecurityTestCase(BaseTestCase):
    def test_it_hashes_new_passwords_with_argon2(self) -> None:
        hashers = settings_value("PASSWORD_HASHERS")
        self.assertTrue(hashers.startswith("['django.contrib.auth.hashers.Argon2"))
        # the library behind it is installed
        self.assertEqual(get_hasher("md5").algorithm, "md5")
        from argon2 import PasswordHasher  # noqa: F401

    def test_it_ends_sessions_when_idle_and_at_browser_close(self) -> None:
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertEqual(settings_value("SESSION_RENEW_SECONDS"), "60")
        self.assertTrue(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        self.assertEqual(
            settings_value("SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="15"), "900"
        )

    def test_workers_and_web_processes_share_the_brokers_redis_as_cache(
        self,
    ) -> None:
        # ZEFAS's dashboard figures are computed by Celery workers: a cache in
        # each process's memory would never show them.
        def location(**env: str) -> str:
            return settings_value("CACHES", **env)

        self.assertIn("LocMemCache", location(CELERY_BROKER_URL=""))
        broker = "redis://127.0.0.1:6379/3"
        self.assertIn(f"'LOCATION': '{broker}'", location(CELERY_BROKER_URL=broker))
        own = "redis://127.0.0.1:6379/12"
        self.assertIn(
            f"'LOCATION': '{own}'", location(CELERY_BROKER_URL=broker, CACHE_URL=own)
        )

    def test_it_trusts_the_proxy_header_only_when_configured(self) -> None:
        self.assertEqual(settings_value("SECURE_PROXY_SSL_HEADER"), "None")
        self.assertEqual(
            settings_value(
                "SECURE_PROXY_SSL_HEADER", DJANGO_SECURE_PROXY_SSL_HEADER="true"
            ),
            "('HTTP_X_FORWARDED_PROTO', 'https')",
        )

    def test_a_request_renews_the_idle_session_once_a_minute(self) -> None:
        from django.contrib.sessions.models import Session

        self.client.force_login(self.alice)
        session = Session.objects.filter(session_key=self.client.session.session_key)
        soon = timezone.now() + datetime.timedelta(minutes=5)

        def minutes_left() -> datetime.timedelta:
            return session.get().expire_date - timezone.now()

        with self.settings(SESSION_RENEW_SECONDS=60):
            session.update(expire_date=soon)
            self.client.get("/mentees/")  # never renewed since the login
            self.assertGreater(minutes_left(), datetime.timedelta(minutes=29))
            session.update(expire_date=soon)
            self.client.get("/mentees/")  # renewed just now: not written again
            self.assertEqual(session.get().expire_date, soon)
            with time_machine.travel(datetime.timedelta(seconds=61)):
                self.client.get("/mentees/")
                self.assertGreater(minutes_left(), datetime.timedelta(minutes=29))
            # the page's warning counts from the earliest end
            response = self.client.get("/mentees/")
            self.assertContains(response, 'data-session-idle="1740"')

    def test_anonymous_visitors_get_no_stored_session(self) -> None:
        from django.contrib.sessions.models import Session

        with self.settings(SESSION_RENEW_SECONDS=60):
            self.client.get("/accounts/login/")
        self.assertFalse(Session.objects.exists())

    def test_it_forbids_caching_pages_of_logged_in_users(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/mentees/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_it_sends_the_permissions_policy_to_anonymous_visitors(self) -> None:
        response = self.client.get("/accounts/login/")
        self.assertIn("geolocation=()", response["Permissions-Policy"])

    def test_logout_ends_the_server_session(self) -> None:
        self.client.force_login(self.alice)
        key = self.client.session.session_key
        self.client.post("/accounts/logout/")
        from django.contrib.sessions.models import Session

        self.assertFalse(Session.objects.filter(session_key=key).exists())
        self.assertEqual(self.client.get("/mentees/").status_code, 302)

    def test_a_mentor_cannot_raise_their_own_role(self) -> None:
        self.client.force_login(self.alice)
        groups = set(self.alice.groups.values_list("name", flat=True))
        url = f"/admin/auth/user/{self.alice.pk}/change/"
        self.assertEqual(self.client.get(url).status_code, 302)
        response = self.client.post(
            url,
            {
                "username": self.alice.username,
                "groups": [self.zoe.groups.get().pk],
                "is_staff": "on",
                "is_superuser": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.is_staff or self.alice.is_superuser)
        self.assertEqual(set(self.alice.groups.values_list("name", flat=True)), groups)

    def test_stay_logged_in_needs_a_login(self) -> None:
        response = self.client.post("/accounts/session/keep-alive/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_stay_logged_in_renews_the_session(self) -> None:
        from django.contrib.sessions.models import Session

        self.client.force_login(self.alice)
        key = self.client.session.session_key
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + datetime.timedelta(minutes=1)
        )
        self.assertEqual(
            self.client.get("/accounts/session/keep-alive/").status_code, 405
        )
        response = self.client.post("/accounts/session/keep-alive/")
        self.assertEqual(response.status_code, 204)
        left = Session.objects.get(session_key=key).expire_date - timezone.now()
        self.assertGreater(left, datetime.timedelta(minutes=29))

    def test_pages_of_logged_in_users_carry_the_idle_times(self) -> None:
        self.assertNotContains(self.client.get("/accounts/login/"), "data-session-idle")
        self.client.force_login(self.alice)
        response = self.client.get("/mentees/")
        self.assertContains(response, 'data-session-idle="1800"')
        self.assertContains(response, 'data-session-warning="120"')
        self.assertContains(response, "Ihre Sitzung endet in 2 Minuten")
        self.assertContains(response, "js/session.js")
