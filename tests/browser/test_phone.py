"""The mentor's most frequent act on a phone (390 × 844): logging a meeting
takes at most three taps, none of them needs scrolling, and no page is wider
than the screen. Once for a mentee listed on the start page, once for one
found by the search in the navigation."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.models import Meeting
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_no_wider_than_the_screen,
    login,
    screenshot,
)
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Taps:
    """Taps that count, each on something already on the first screen: the
    page is not scrolled and the target lies wholly inside the viewport."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def __call__(self, target: Locator) -> None:
        assert_on_first_screen(self.page, target)
        target.tap()
        self.count += 1


def assert_on_first_screen(page: Page, target: Locator) -> None:
    expect(target).to_be_visible()
    assert page.evaluate("window.scrollY") == 0, "the page has been scrolled"
    box = target.bounding_box()
    width, height = PHONE["viewport"]["width"], PHONE["viewport"]["height"]
    assert box is not None
    assert 0 <= box["x"] and box["x"] + box["width"] <= width, box
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, box
    assert_no_wider_than_the_screen(page)


@pytest.fixture
def mentees() -> dict:
    """Alice's mentees: one with an overdue next step (on the start page), one
    that only the search finds; both with a full page of case history."""
    project = ProjectFactory(name="Arbeitsmarktmentoren Sächsische Schweiz")
    alice = UserFactory(username="alice", role="mentor", projects=[project])
    today = timezone.localdate()
    listed = MenteeFactory(project=project, first_name="Amira", last_name="Haddad")
    hidden = MenteeFactory(project=project, first_name="Yonas", last_name="Tesfaye")
    for mentee in (listed, hidden):
        case = CaseFactory(
            mentee=mentee, mentor=alice, opened_on=today - datetime.timedelta(days=90)
        )
        for days, kind in ((60, "language_course"), (20, "recognition")):
            IntegrationStepFactory(
                case=case, kind=kind, due_on=today + datetime.timedelta(days=days)
            )
        PlacementFactory(
            case=case,
            kind="entry_qualification",
            employer=EmployerFactory(name="Sozialversicherungspflichtige Arbeit GmbH"),
            start_on=today - datetime.timedelta(days=60),
            occupation="Fachkraft für Lagerlogistik",
        )
        for days in (80, 60, 40, 10):
            MeetingFactory(
                case=case,
                date=today - datetime.timedelta(days=days),
                notes="Bewerbungsunterlagen besprochen",
            )
    MeetingFactory(
        case=listed.cases.get(),
        date=today - datetime.timedelta(days=5),
        next_step="Lebenslauf schicken",
        next_step_due_on=today - datetime.timedelta(days=1),
    )
    return {"alice": alice, "listed": listed, "hidden": hidden}


def save_with_the_defaults(phone: Page, taps: Taps, mentee: object) -> None:
    """On the mentee page: the defaults are set, one tap saves, and the
    confirmation appears on the first screen, next to the button."""
    expect(phone.get_by_role("heading", name=mentee.full_name)).to_be_visible()
    assert_no_wider_than_the_screen(phone)
    form = phone.locator("#meeting-form-wrapper")
    expect(form.locator("#id_date")).to_have_value(timezone.localdate().isoformat())
    expect(form.locator("#id_duration_minutes")).to_have_value("30")
    expect(form.locator("#id_channel")).to_have_value("in_person")
    expect(form.locator("#id_with_whom")).to_have_value("mentee")
    assert_on_first_screen(phone, form.locator("#id_date"))
    taps(phone.get_by_role("button", name="Kontakt speichern"))
    today = timezone.localdate().strftime("%d.%m.%Y")
    confirmation = phone.get_by_role("status").filter(
        has_text=f"Kontakt vom {today} gespeichert."
    )
    assert_on_first_screen(phone, confirmation)
    meeting = Meeting.objects.filter(case__mentee=mentee).order_by("-pk").first()
    assert meeting.date == timezone.localdate()
    assert (meeting.duration_minutes, meeting.channel, meeting.with_whom) == (
        30,
        "in_person",
        "mentee",
    )
    expect(phone.locator("#timeline > li").first).to_contain_text(today)


def test_a_mentee_on_the_start_page_is_two_taps_away(
    phone: Page, mentees: dict
) -> None:
    login(phone, "alice")
    phone.goto("/")
    expect(phone.get_by_role("heading", name="Was ansteht")).to_be_visible()
    assert_no_wider_than_the_screen(phone)
    taps = Taps(phone)

    taps(phone.get_by_role("link", name="Amira Haddad").first)
    phone.wait_for_url(f"**{mentees['listed'].get_absolute_url()}")
    save_with_the_defaults(phone, taps, mentees["listed"])

    assert taps.count == 2
    assert_accessible(phone)
    screenshot(phone, "phone-meeting-saved")


def test_any_mentee_is_three_taps_away_through_the_search(
    phone: Page, mentees: dict
) -> None:
    login(phone, "alice")
    phone.goto("/employers/")  # any page
    taps = Taps(phone)

    search = phone.get_by_role("searchbox", name="Code oder Name einer/eines")
    taps(search)
    phone.keyboard.type("tesfaye")
    taps(phone.get_by_role("button", name="Finden"))
    phone.wait_for_url(f"**{mentees['hidden'].get_absolute_url()}")
    save_with_the_defaults(phone, taps, mentees["hidden"])

    assert taps.count == 3
    assert_accessible(phone)
    screenshot(phone, "phone-mentee-found")
