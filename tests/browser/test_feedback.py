"""Feedback in a real browser: a project lead comments on a meeting, the mentor
finds it on the start page, reads it on the timeline and answers; the lead
sees the answer. axe and screenshots on every page on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Feedback
from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    login,
    screenshot,
)
from tests.factories import (
    CaseFactory,
    MeetingFactory,
    MenteeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_lead_comments_and_the_mentor_answers(page: Page) -> None:
    project = ProjectFactory(name="Projekt A")
    alice = UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Arnold",
        role="mentor",
        projects=[project],
    )
    UserFactory(
        username="lena",
        first_name="Lena",
        last_name="Lehmann",
        role="project_lead",
        projects=[project],
    )
    mentee = MenteeFactory(project=project, first_name="Amira", last_name="Haddad")
    case = CaseFactory(mentee=mentee, mentor=alice)
    MeetingFactory(
        case=case,
        created_by=alice,
        date=timezone.localdate() - datetime.timedelta(days=2),
        notes="Lebenslauf überarbeitet, Bewerbung bei der Bäckerei geplant.",
    )

    login(page, "lena")
    expect(page.get_by_role("heading", name="Was ansteht")).to_be_visible()
    page.get_by_role("link", name="Rückmeldung geben").first.click()
    expect(
        page.get_by_role("heading", name="Rückmeldung zu einem Kontakt")
    ).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text("Bewerbung bei der Bäckerei")
    page.get_by_label("Bitte um Nachfassen").check()
    page.get_by_label("Text").fill("Bitte nächste Woche bei der Bäckerei nachfragen.")
    assert_accessible(page)
    screenshot(page, "feedback-form")
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(
        page.get_by_text("Rückmeldung an Alice Arnold (alice) gesendet.")
    ).to_be_visible()
    expect(page.locator(".feedback")).to_contain_text("Bitte nächste Woche")

    page.context.clear_cookies()
    login(page, "alice")
    card = page.locator("#h-feedback").locator("..")
    expect(card).to_contain_text("Bitte nachfassen")
    expect(card).to_contain_text("Bitte nächste Woche bei der Bäckerei nachfragen.")
    assert_accessible(page)
    screenshot(page, "feedback-start")
    card.get_by_role("link", name="Amira Haddad").click()
    feedback = Feedback.objects.get()
    entry = page.locator(f"#feedback-{feedback.pk}")
    expect(entry).to_contain_text("neu")
    expect(entry).to_be_in_viewport()
    assert_accessible(page)
    screenshot(page, "feedback-timeline")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_wider_than_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    entry.get_by_role("link", name="Antworten").click()
    expect(page.locator("blockquote")).to_contain_text("Bitte nächste Woche")
    page.get_by_label("Ihre Antwort").fill("Mache ich, Termin am Dienstag.")
    assert_accessible(page)
    screenshot(page, "feedback-answer")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Antwort gesendet.")).to_be_visible()
    expect(page.locator(f"#feedback-{feedback.pk}")).not_to_contain_text("neu")

    page.context.clear_cookies()
    login(page, "lena")
    expect(page.locator("#h-feedback").locator("..")).to_contain_text(
        "Mache ich, Termin am Dienstag."
    )
