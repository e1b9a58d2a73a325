"""Two-factor login: who must enrol, the enrolment, the login step with app
and recovery codes, the lockout for wrong codes and the security page."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.base import BaseTestCase
from tests.twofactor import code, enrol

LOGIN = reverse("login")
SETUP = reverse("accounts:twofactor_setup")
VERIFY = reverse("accounts:twofactor_verify")
SECURITY = reverse("accounts:security")
HOME = reverse("home")


class TwoFactorTests(BaseTestCase):
    def password_login(self, username: str, next_url: str = "") -> Client:
        client = Client(REMOTE_ADDR="10.0.0.1")
        response = client.post(
            LOGIN, {"username": username, "password": "password", "next": next_url}
        )
        self.assertEqual(response.status_code, 302)
        return client

    def test_it_sends_required_accounts_to_the_enrolment_before_any_page(self):
        for user in (self.zoe, self.max, self.root):
            client = self.password_login(user.username)
            for url in (HOME, reverse("reports:dashboard"), "/admin/"):
                response = client.get(url)
                self.assertRedirects(
                    response,
                    f"{SETUP}?next={url.replace('/', '%2F')}",
                    fetch_redirect_response=False,
                )

    def test_it_lets_other_accounts_in_without_a_second_factor(self):
        client = self.password_login("alice")
        self.assertEqual(client.get(reverse("cases:mentee_list")).status_code, 200)
        self.assertContains(client.get(SECURITY), "Zwei-Faktor-Anmeldung einrichten")

    def test_the_enrolment_shows_qr_code_and_secret_and_needs_one_code(self):
        client = self.password_login("zoe")
        response = client.get(SETUP)
        self.assertContains(response, "<svg")
        device = TOTPDevice.objects.get(user=self.zoe, confirmed=False)
        self.assertContains(response, twofactor.secret_base32(device))
        self.assertEqual(
            client.get(SETUP).context["secret"], response.context["secret"]
        )

        response = client.post(SETUP, {"code": "000000"})
        self.assertContains(response, "Dieser Code ist ungültig.")
        self.assertFalse(twofactor.is_enrolled(self.zoe))

        with time_machine.travel(timezone.now() + timedelta(seconds=2)):
            response = client.post(SETUP, {"code": code(device), "next": "/reports/"})
        self.assertContains(response, "Wiederherstellungscodes")
        self.assertEqual(len(response.context["codes"]), 10)
        self.assertContains(response, 'href="/reports/"')
        self.assertTrue(twofactor.is_enrolled(self.zoe))
        self.assertEqual(client.get(HOME).status_code, 302)  # ZEFAS: to reports
        self.assertNotEqual(client.get(HOME).url.split("?")[0], SETUP)

    def test_an_enrolled_account_must_enter_a_code_after_the_password(self):
        device = enrol(self.zoe)
        client = self.password_login("zoe", next_url="/reports/")
        response = client.get("/reports/")
        self.assertRedirects(
            response, f"{VERIFY}?next=%2Freports%2F", fetch_redirect_response=False
        )
        # No way around the step through a new enrolment.
        self.assertRedirects(client.get(SETUP), VERIFY, fetch_redirect_response=False)

        response = client.post(VERIFY, {"code": "123456", "next": "/reports/"})
        self.assertContains(response, "Dieser Code ist ungültig.")
        # django-otp throttles: after one failure the next try waits a second.
        with time_machine.travel(timezone.now() + timedelta(seconds=2)):
            response = client.post(VERIFY, {"code": code(device), "next": "/reports/"})
        self.assertRedirects(response, "/reports/", fetch_redirect_response=False)
        self.assertEqual(client.get(reverse("reports:dashboard")).status_code, 200)

    def test_an_app_removed_since_the_password_means_enrolling_again(self):
        device = enrol(self.zoe)
        client = self.password_login("zoe")
        device.delete()
        self.assertRedirects(client.get(VERIFY), SETUP, fetch_redirect_response=False)
        self.assertEqual(client.get(SETUP).status_code, 200)

    def test_a_recovery_code_works_once(self):
        enrol(self.max)
        codes = twofactor.new_recovery_codes(self.max)
        client = self.password_login("max")
        response = client.post(VERIFY, {"code": codes[0].upper()})
        self.assertRedirects(response, HOME, fetch_redirect_response=False)

        client = self.password_login("max")
        response = client.post(VERIFY, {"code": codes[0]})
        self.assertContains(response, "Dieser Code ist ungültig.")
        self.assertEqual(twofactor.recovery_device(self.max).token_set.count(), 9)

    def test_wrong_codes_count_as_failed_logins(self):
        device = enrol(self.zoe)
        client = self.password_login("zoe")
        for _ in range(4):
            response = client.post(VERIFY, {"code": "111111"})
            self.assertContains(response, "Dieser Code ist ungültig.")
        response = client.post(VERIFY, {"code": "111111"})
        self.assertContains(response, "gesperrt", status_code=429)
        self.assertNotIn("_auth_user_id", client.session)
        # The right password and code are refused until the lockout ends.
        response = Client(REMOTE_ADDR="10.0.0.1").post(
            LOGIN, {"username": "zoe", "password": "password"}
        )
        self.assertEqual(response.status_code, 429)
        self.assertTrue(device.pk)

    def test_required_accounts_cannot_switch_it_off_others_can(self):
        client = Client()
        client.force_login(self.zoe)
        self.assertNotContains(client.get(SECURITY), "Ausschalten")
        response = client.post(reverse("accounts:twofactor_disable"))
        self.assertEqual(response.status_code, 403)

        enrol(self.alice)
        client.force_login(self.alice)
        response = client.get(SECURITY)
        self.assertContains(response, "Ausschalten")
        response = client.post(reverse("accounts:twofactor_disable"), follow=True)
        self.assertContains(response, "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.")
        self.assertFalse(twofactor.is_enrolled(self.alice))

    def test_new_recovery_codes_replace_the_old_ones(self):
        client = Client()
        client.force_login(self.zoe)
        old = twofactor.new_recovery_codes(self.zoe)
        response = client.post(reverse("accounts:recovery_codes_renew"))
        new = response.context["codes"]
        self.assertEqual(len(new), 10)
        tokens = set(
            twofactor.recovery_device(self.zoe).token_set.values_list(
                "token", flat=True
            )
        )
        self.assertEqual(tokens, set(new))
        self.assertFalse(tokens & set(old))
