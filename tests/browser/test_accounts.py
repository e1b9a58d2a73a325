"""Logging in as a user does it: the lockout after wrong passwords, the
two-factor enrolment and login step of a ZEFAS account, and the password reset
by e-mail. (The idle timeout has its own test in test_session.py.)"""

import base64
import re

from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    screenshot,
)
from tests.factories import UserFactory

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def submit_password(page: Page, username: str, password: str = "password") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def submit_code(page: Page, code: str, button: str = "Anmelden") -> None:
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret from the page."""
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time += steps_ahead * 30
    return f"{totp.token():06d}"


def log_out(page: Page) -> None:
    page.locator(".account-menu .dropdown-toggle").click()
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/accounts/login/")


def screenshots(page: Page, name: str) -> None:
    """Fits a phone's width; screenshots at desktop and phone width."""
    page.set_viewport_size(PHONE)
    assert_no_wider_than_the_screen(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, name)


def test_the_right_password_is_refused_after_too_many_wrong_ones(page: Page) -> None:
    UserFactory(username="alice", role="mentor")
    for _ in range(5):
        submit_password(page, "alice", "wrong")
    submit_password(page, "alice", "password")
    expect(page.get_by_role("heading", name="Anmeldung gesperrt")).to_be_visible()
    expect(page.get_by_text("für 15 Minuten gesperrt")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_a_zefas_account_enrols_at_first_login_and_then_needs_a_code(
    page: Page,
) -> None:
    page.set_viewport_size(DESKTOP)
    UserFactory(username="zoe", role="zefas")
    submit_password(page, "zoe")
    # Sent to the enrolment before any page.
    expect(
        page.get_by_role("heading", name="Zwei-Faktor-Anmeldung einrichten")
    ).to_be_visible()
    page.goto("/reports/")
    assert "/accounts/two-factor/setup/" in page.url
    expect(page.get_by_role("img", name="QR-Code")).to_be_visible()
    assert_accessible(page)
    screenshots(page, "twofactor-setup")

    secret = page.locator("#otp-secret").inner_text()
    submit_code(page, app_code(secret), button="Bestätigen")
    expect(
        page.get_by_text("Die Zwei-Faktor-Anmeldung ist eingerichtet.")
    ).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshots(page, "twofactor-recovery-codes")
    # On to the page asked for before the enrolment.
    page.get_by_role("link", name="Weiter").click()
    expect(page.get_by_role("heading", name="Berichte")).to_be_visible()

    # The security page, from the user menu.
    page.locator(".account-menu .dropdown-toggle").click()
    page.get_by_role("link", name="Sicherheit").click()
    expect(page.get_by_text("10 Wiederherstellungscodes übrig.")).to_be_visible()
    expect(page.get_by_role("button", name="Ausschalten")).to_have_count(0)
    assert_accessible(page)
    screenshots(page, "security")

    # Next login: password, then a code; a wrong one is refused in German.
    log_out(page)
    submit_password(page, "zoe")
    expect(page.get_by_role("heading", name="Zwei-Faktor-Anmeldung")).to_be_visible()
    submit_code(page, "000000")
    expect(page.get_by_text("Dieser Code ist ungültig.")).to_be_visible()
    assert_accessible(page)
    screenshots(page, "twofactor-verify")
    page.wait_for_timeout(1500)  # django-otp's wait after one wrong code
    # The code of the next 30 seconds: the one of this step was used above.
    submit_code(page, app_code(secret, steps_ahead=1))
    expect(page.get_by_role("heading", name="Statistik", level=1)).to_be_visible()

    # A recovery code instead of the app works once.
    log_out(page)
    submit_password(page, "zoe")
    submit_code(page, codes[0])
    expect(page.get_by_role("heading", name="Statistik", level=1)).to_be_visible()
    log_out(page)
    submit_password(page, "zoe")
    submit_code(page, codes[0])
    expect(page.get_by_text("Dieser Code ist ungültig.")).to_be_visible()


def test_a_forgotten_password_is_reset_by_mail(page: Page) -> None:
    UserFactory(username="alice", role="mentor")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    page.get_by_label("E-Mail").fill("alice@example.org")
    page.get_by_role("button", name="Link senden").click()
    expect(page.get_by_role("heading", name="Bitte sehen Sie")).to_be_visible()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Neues Passwort festlegen")).to_be_visible()
    page.locator("#id_new_password1").fill("Lindenblatt-Sommer-42")
    page.locator("#id_new_password2").fill("Lindenblatt-Sommer-42")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", name="Passwort gespeichert")).to_be_visible()

    submit_password(page, "alice", "password")
    expect(page.get_by_text("Beide Felder berücksichtigen")).to_be_visible()
    submit_password(page, "alice", "Lindenblatt-Sommer-42")
    assert "/accounts/login/" not in page.url
