"""The explanations of the figures in a real browser: reached from the
dashboard by ZEFAS and from the report list by the ministry; axe and
screenshots at both widths."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    login,
    screenshot,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_zefas_and_the_ministry_find_what_each_figure_counts(page: Page) -> None:
    UserFactory(username="zoe", role="zefas")
    UserFactory(username="max", role="ministry")
    login(page, "zoe")
    expect(page.get_by_role("heading", name="Statistik")).to_be_visible()
    page.get_by_role("link", name="Erläuterungen").click()
    expect(
        page.get_by_role("heading", name="Erläuterungen zu den Zahlen")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Was * bedeutet")).to_be_visible()
    expect(page.locator("dt").filter(has_text="Nachhaltig integriert")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "explanations")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_wider_than_the_screen(page)

    page.context.clear_cookies()
    login(page, "max")
    expect(page.get_by_role("heading", name="Quartalsberichte")).to_be_visible()
    page.get_by_role("link", name="Erläuterungen").click()
    expect(
        page.get_by_role("heading", name="Erläuterungen zu den Zahlen")
    ).to_be_visible()
