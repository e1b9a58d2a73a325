"""A project lead in a real browser: the team page, a handover, a removal."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, Membership
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import CaseFactory, MeetingFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cast() -> dict:
    project = ProjectFactory(name="Projekt A", carrier="Bildungswerk Sachsen e. V.")
    lena = UserFactory(
        username="lena",
        first_name="Lena",
        last_name="Lehmann",
        role="project_lead",
        projects=[project],
    )
    alice = UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Arnold",
        role="mentor",
        projects=[project],
    )
    dora = UserFactory(
        username="dora",
        first_name="Dora",
        last_name="Dietz",
        role="mentor",
        projects=[project],
    )
    UserFactory(username="carla", first_name="Carla", last_name="Conrad", role="mentor")
    cases = [
        CaseFactory(mentee__project=project, mentor=alice, opened_on=day)
        for day in (datetime.date(2024, 2, 1), datetime.date(2024, 9, 16))
    ]
    MeetingFactory(case=cases[0], date=datetime.date(2024, 10, 7), created_by=alice)
    CaseFactory(mentee__project=project, mentor=dora)
    return {"project": project, "lena": lena, "alice": alice, "dora": dora}


def test_lead_hands_over_and_removes_a_mentor(page: Page, cast: dict) -> None:
    login(page, "lena")
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Projekt A")).to_be_visible()
    alice_row = page.get_by_role("row").filter(has_text="Alice Arnold")
    expect(alice_row).to_contain_text("07.10.2024")
    expect(alice_row.get_by_role("cell").nth(1)).to_have_text("2")
    # Alice has open cases, so she can only be handed over, not removed yet.
    expect(alice_row.get_by_role("button")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "team")

    alice_row.get_by_role("link", name="Begleitungen übergeben").click()
    expect(
        page.get_by_role("heading", name="Begleitungen von Alice Arnold (alice)")
    ).to_be_visible()
    expect(page.get_by_text("hat 2 offene Begleitungen in Projekt A")).to_be_visible()
    # Submitting without a choice shows the German message next to the field.
    page.get_by_role("button", name="Übergeben").click()
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.")).to_be_visible()
    page.get_by_label("Übergeben an").select_option(label="Dora Dietz")
    assert_accessible(page)
    screenshot(page, "team-handover")
    page.get_by_role("button", name="Übergeben").click()

    expect(
        page.get_by_text("2 offene Begleitungen von Alice Arnold (alice) an Dora")
    ).to_be_visible()
    assert Case.objects.filter(mentor=cast["alice"]).count() == 0
    assert Case.objects.filter(mentor=cast["dora"]).count() == 3
    alice_row = page.get_by_role("row").filter(has_text="Alice Arnold")
    alice_row.get_by_role("button", name="Aus dem Projekt entfernen").click()

    expect(
        page.get_by_text("Alice Arnold (alice) wurde aus Projekt A entfernt.")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Alice Arnold")).to_have_count(0)
    assert not Membership.objects.filter(user=cast["alice"]).exists()
    # Alice can be added back from the list of mentors.
    expect(page.get_by_label("Mentor/in")).to_contain_text("Alice Arnold (alice)")
    assert_accessible(page)
    screenshot(page, "team-after")
