"""A handover in a real browser: lead A offers, lead B accepts, A's old case
is read-only, B sees the history without A's notes."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import (
    CaseFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NOTE = "Vertrauliche Notiz aus Leipzig"


@pytest.fixture
def cast() -> dict:
    leipzig = ProjectFactory(name="Projekt Leipzig")
    dresden = ProjectFactory(name="Projekt Dresden")
    UserFactory(
        username="lena", first_name="Lena", role="project_lead", projects=[leipzig]
    )
    alice = UserFactory(
        username="alice", first_name="Alice", role="mentor", projects=[leipzig]
    )
    UserFactory(
        username="leo", first_name="Leo", role="project_lead", projects=[dresden]
    )
    mentee = MenteeFactory(project=leipzig, first_name="Amira", last_name="Haddad")
    case = CaseFactory(
        mentee=mentee, mentor=alice, opened_on=datetime.date(2024, 1, 10)
    )
    MeetingFactory(
        case=case, date=datetime.date(2024, 3, 1), notes=NOTE, created_by=alice
    )
    PlacementFactory(case=case, start_on=datetime.date(2024, 4, 1), occupation="Koch")
    return {"mentee": mentee}


def switch_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def test_a_mentee_is_handed_over_between_projects(page: Page, cast: dict) -> None:
    mentee = cast["mentee"]
    login(page, "lena")
    page.goto(f"/mentees/{mentee.pk}/")
    page.get_by_role("link", name="An ein anderes Projekt übergeben").click()
    page.get_by_label("Aufnehmendes Projekt").select_option(label="Projekt Dresden")
    assert_accessible(page)
    screenshot(page, "handover-offer")
    page.get_by_role("button", name="Übergabe anbieten").click()
    expect(page.get_by_text("zur Übergabe angeboten").first).to_be_visible()

    switch_user(page, "leo")
    expect(page.get_by_text("bietet Ihnen die teilnehmende Person")).to_be_visible()
    page.locator("#handover-notice").get_by_role("link", name="Übergaben").click()
    offer = page.locator(".list-group-item").filter(has_text=mentee.code)
    expect(offer).to_contain_text("von Projekt Leipzig an Projekt Dresden")
    expect(page.get_by_text("Haddad")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "handover-list")
    offer.get_by_role("button", name="Annehmen").click()
    expect(page.get_by_text("gehört jetzt zu Projekt Dresden")).to_be_visible()
    # The history for follow-up, without Leipzig's notes.
    expect(page.get_by_role("heading", name="Amira Haddad")).to_be_visible()
    expect(
        page.get_by_text("abgeschlossen (übergeben), Projekt Leipzig")
    ).to_be_visible()
    expect(page.get_by_text("ab 01.04.2024")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_have_count(0)
    expect(page.get_by_role("heading", name="Kontakt erfassen")).to_be_visible()
    screenshot(page, "handover-new-project")

    switch_user(page, "alice")
    expect(page.get_by_text("Projekt Dresden hat die Übergabe")).to_have_count(0)
    page.goto(f"/mentees/{mentee.pk}/")
    expect(page.locator("#handed-away-notice")).to_contain_text(
        "an Projekt Dresden übergeben"
    )
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_role("heading", name="Kontakt erfassen")).to_have_count(0)
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    expect(page.get_by_role("heading", name="Stammdaten")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "handover-old-project")

    switch_user(page, "lena")
    expect(page.get_by_text("Projekt Dresden hat die Übergabe von")).to_be_visible()
    page.get_by_role("link", name="Team").click()
    screenshot(page, "team-invite")
