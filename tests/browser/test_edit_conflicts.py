"""Two people edit the same meeting in two browsers: the second save is
refused with what the first one changed, and nothing is overwritten."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import (
    CaseFactory,
    MeetingFactory,
    MenteeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_second_save_of_a_meeting_is_refused(
    page: Page, browser: Browser, live_server
) -> None:
    project = ProjectFactory(name="Projekt A")
    alice = UserFactory(username="alice", role="mentor", projects=[project])
    UserFactory(username="lena", role="project_lead", projects=[project])
    case = CaseFactory(mentee=MenteeFactory(project=project), mentor=alice)
    meeting = MeetingFactory(case=case, duration_minutes=30)
    url = reverse("cases:meeting_edit", args=[meeting.pk])

    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    other = context.new_page()
    try:
        login(page, "alice")
        login(other, "lena")
        page.goto(url)
        other.goto(url)

        other.locator("#id_duration_minutes").fill("90")
        other.get_by_role("button", name="Speichern").click()
        other.wait_for_load_state()
        expect(other.get_by_text("Änderungen gespeichert.")).to_be_visible()

        page.locator("#id_duration_minutes").fill("45")
        page.get_by_role("button", name="Speichern").click()
        alert = page.locator(".alert-danger").filter(has_text="nicht gespeichert")
        expect(alert).to_contain_text("30 → 90")
        expect(page.locator("#id_duration_minutes")).to_have_value("45")
        assert_accessible(page)
        screenshot(page, "edit-conflict")
    finally:
        context.close()
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 90
