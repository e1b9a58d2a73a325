"""The login lockout and the password reset pages as a user sees them."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    login,
    screenshot,
)
from tests.factories import UserFactory


def test_lockout_and_password_reset_pages(page: Page, phone: Page) -> None:
    UserFactory(username="alice", role="mentor")
    for _ in range(5):
        login(page, "alice", "wrong")
    expect(page.get_by_role("heading", name="Anmeldung gesperrt")).to_be_visible()
    expect(page.get_by_text("für 15 Minuten gesperrt")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "login-locked")

    phone.goto("/accounts/login/")
    phone.get_by_role("link", name="Passwort vergessen?").click()
    expect(phone.get_by_role("heading", name="Passwort zurücksetzen")).to_be_visible()
    assert_no_wider_than_the_screen(phone)
    assert_accessible(phone)
    screenshot(phone, "password-reset")
    phone.get_by_label("E-Mail").fill("alice@example.org")
    phone.get_by_role("button", name="Link senden").click()
    expect(phone.get_by_role("heading", name="Bitte sehen Sie")).to_be_visible()
    assert_no_wider_than_the_screen(phone)
    screenshot(phone, "password-reset-sent")
