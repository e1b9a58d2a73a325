"""Login protection (django-axes) and password reset by e-mail."""

import datetime
import re

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.base import BaseTestCase
from tests.test_security import settings_value

LOGIN = reverse("login")


class LoginLockoutTests(BaseTestCase):
    def attempt(
        self, username: str, password: str, address: str = "10.0.0.1"
    ) -> tuple[Client, object]:
        client = Client(REMOTE_ADDR=address)
        response = client.post(LOGIN, {"username": username, "password": password})
        return client, response

    def fail(
        self, times: int, username: str = "alice", address: str = "10.0.0.1"
    ) -> object:
        """Wrong passwords; the answer to the last one (the fifth is refused)."""
        for _ in range(times):
            _, response = self.attempt(username, "wrong", address)
        return response

    def assert_locked(self, response: object) -> None:
        self.assertEqual(response.status_code, 429)
        self.assertContains(
            response,
            "Nach 5 fehlgeschlagenen Versuchen ist die Anmeldung für 15 Minuten "
            "gesperrt.",
            status_code=429,
        )
        self.assertContains(response, reverse("password_reset"), status_code=429)

    def test_five_failures_lock_the_account_even_with_the_right_password(self):
        self.assertContains(self.fail(4), "Beide Felder berücksichtigen")
        self.assert_locked(self.fail(1))
        client, response = self.attempt("alice", "password")
        self.assert_locked(response)
        self.assertNotIn("_auth_user_id", client.session)

    def test_the_account_stays_locked_from_another_address(self):
        self.fail(5, address="10.0.0.1")
        _, response = self.attempt("alice", "password", address="10.0.0.2")
        self.assert_locked(response)
        _, response = self.attempt("bob", "password", address="10.0.0.2")
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_an_address_trying_many_accounts_is_locked(self):
        for username in ("u1", "u2", "u3", "u4", "u5"):
            self.fail(1, username=username, address="10.0.0.9")
        _, response = self.attempt("bob", "password", address="10.0.0.9")
        self.assert_locked(response)
        _, response = self.attempt("bob", "password", address="10.0.0.8")
        self.assertEqual(response.status_code, 302)

    def test_a_successful_login_resets_the_count(self):
        self.assertEqual(self.fail(4).status_code, 200)
        _, response = self.attempt("alice", "password")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.fail(4).status_code, 200)
        _, response = self.attempt("alice", "password")
        self.assertEqual(response.status_code, 302)

    def test_the_lock_ends_after_the_cool_off(self):
        with time_machine.travel(
            datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
        ) as traveller:
            self.fail(5)
            self.assert_locked(self.attempt("alice", "password")[1])
            traveller.shift(datetime.timedelta(minutes=16))
            _, response = self.attempt("alice", "password")
            self.assertEqual(response.status_code, 302)

    def test_force_login_is_not_affected(self):
        self.fail(5)
        client = Client(REMOTE_ADDR="10.0.0.1")
        client.force_login(self.alice)
        self.assertEqual(client.get(reverse("home")).status_code, 200)

    def test_limit_and_duration_are_configurable(self):
        self.assertEqual(
            settings_value("AXES_FAILURE_LIMIT", LOGIN_FAILURE_LIMIT="3"), "3"
        )
        self.assertEqual(
            settings_value("AXES_COOLOFF_TIME", LOGIN_LOCKOUT_MINUTES="60"),
            "datetime.timedelta(seconds=3600)",
        )


class PasswordResetTests(BaseTestCase):
    def test_the_login_page_links_to_the_reset(self):
        response = self.client.get(LOGIN)
        self.assertContains(response, "Passwort vergessen?")
        self.assertContains(response, reverse("password_reset"))

    def test_a_reset_by_e_mail_sets_a_new_password(self):
        response = self.client.post(
            reverse("password_reset"), {"email": "alice@example.org"}
        )
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertEqual(message.subject, "Mentoring: Neues Passwort festlegen")
        self.assertIn("Öffnen Sie diesen Link", message.body)
        link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body)[1]

        form = self.client.get(link, follow=True)
        self.assertContains(form, "Neues Passwort festlegen")
        weak = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "passwort", "new_password2": "passwort"},
        )
        self.assertContains(weak, "Dieses Passwort ist zu kurz")
        done = self.client.post(
            form.redirect_chain[-1][0],
            {
                "new_password1": "Kastanien-Allee-2026",
                "new_password2": "Kastanien-Allee-2026",
            },
        )
        self.assertRedirects(done, reverse("password_reset_complete"))
        self.assertTrue(
            get_user_model()
            .objects.get(username="alice")
            .check_password("Kastanien-Allee-2026")
        )
        used = self.client.get(link, follow=True)
        self.assertContains(used, "ungültig oder abgelaufen")

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self):
        response = self.client.post(
            reverse("password_reset"), {"email": "nobody@example.org"}
        )
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])
