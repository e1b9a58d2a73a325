"""The warning before the idle session ends, with a short idle time."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_wider_than_the_screen, login, screenshot
from tests.factories import UserFactory


def test_the_warning_keeps_the_user_logged_in(
    page: Page, phone: Page, settings
) -> None:
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_WARNING_SECONDS = 4
    UserFactory(username="alice", role="mentor")
    login(page, "alice")
    dialog = page.get_by_role("dialog", name="Ihre Sitzung endet bald")
    expect(dialog).to_be_visible(timeout=5000)
    expect(dialog.get_by_text("Ihre Sitzung endet in 1 Minute")).to_be_visible()
    screenshot(page, "session-warning")
    # Pressed in time: the session is renewed and the page stays.
    dialog.get_by_role("button", name="Angemeldet bleiben").click()
    expect(dialog).to_be_hidden()
    url = page.url
    page.wait_for_timeout(1500)
    assert page.url == url
    page.reload()
    assert "/accounts/login/" not in page.url

    # Not pressed: once the idle time is over the page goes to the login page,
    # and the server has ended the session too.
    login(phone, "alice")
    expect(phone.get_by_role("dialog")).to_be_visible(timeout=5000)
    assert_no_wider_than_the_screen(phone)
    screenshot(phone, "session-warning")
    phone.wait_for_url("**/accounts/login/?next=*", timeout=5000)
    phone.goto("/mentees/")
    assert "/accounts/login/" in phone.url
