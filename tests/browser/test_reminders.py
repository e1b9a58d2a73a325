"""The reminder settings in a real browser: reached from the start page,
changed with a tap, axe and screenshots at both widths."""

import pytest
from playwright.sync_api import Page, expect

from reminders.models import ReminderSettings
from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    login,
    screenshot,
)
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_lead_chooses_daily_reminders_and_no_team_digest(page: Page) -> None:
    lena = UserFactory(
        username="lena", role="project_lead", projects=[ProjectFactory()]
    )
    login(page, "lena")
    expect(
        page.get_by_text("E-Mail-Erinnerungen: wöchentlich, montags")
    ).to_be_visible()
    page.get_by_role("link", name="ändern").click()
    expect(page.get_by_role("heading", name="E-Mail-Erinnerungen")).to_be_visible()
    expect(page.get_by_label("wöchentlich, montags")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "reminder-settings")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_wider_than_the_screen(page)

    page.get_by_label("täglich, montags bis freitags").check()
    page.get_by_label("Wöchentlicher Teamüberblick").uncheck()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_have_text(
        "Ihre Einstellungen für Erinnerungen wurden gespeichert."
    )
    settings = ReminderSettings.objects.get(user=lena)
    assert (settings.frequency, settings.team_digest) == ("daily", False)
