"""Mentors at work in a real browser: create a mentee, log a meeting inline,
record a placement; other projects get 404; axe on every case page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case, Mentee, add_months
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cast() -> dict:
    project_a = ProjectFactory(name="Projekt A")
    project_b = ProjectFactory(name="Projekt B")
    return {
        "alice": UserFactory(
            username="alice",
            first_name="Alice",
            last_name="Arnold",
            role="mentor",
            projects=[project_a],
        ),
        "bob": UserFactory(username="bob", role="mentor", projects=[project_b]),
        "project_a": project_a,
    }


def test_mentor_creates_a_mentee_and_logs_a_meeting(page: Page, cast: dict) -> None:
    login(page, "alice")
    expect(page.get_by_role("heading", name="Was ansteht")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-start")

    page.get_by_role("link", name="Neue/r Teilnehmende/r").first.click()
    expect(page.get_by_role("heading", name="Neue/r Teilnehmende/r")).to_be_visible()
    # The purpose field only shows for an Aufenthaltserlaubnis.
    expect(page.locator("#id_residence_purpose")).to_be_hidden()
    page.locator("#id_residence_status").select_option("aufenthaltserlaubnis")
    expect(page.locator("#id_residence_purpose")).to_be_visible()
    page.locator("#id_residence_purpose").select_option("humanitarian")
    page.locator("#id_first_name").fill("Amira")
    page.locator("#id_last_name").fill("Haddad")
    page.locator("#id_date_of_birth").fill("1995-05-17")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_country_of_origin").select_option("SY")
    page.locator("#id_arrival_year").fill("2016")
    page.locator("#id_consent_given_on").fill("2024-03-01")
    assert_accessible(page)
    screenshot(page, "cases-mentee-form")
    page.get_by_role("button", name="Anlegen und Begleitung eröffnen").click()

    expect(page.get_by_role("heading", name="Amira Haddad")).to_be_visible()
    mentee = Mentee.objects.get()
    case = Case.objects.get()
    assert case.mentor == cast["alice"] and case.status == Case.Status.INTAKE
    detail_url = page.url
    expect(page.locator("#meeting-form-wrapper #id_date")).to_have_value(
        timezone.localdate().isoformat()
    )

    # Log a meeting through the inline htmx form: the page stays, the timeline grows.
    page.locator("#id_duration_minutes").fill("45")
    page.get_by_label("Stellensuche").check()
    page.locator("#id_notes").fill("Lebenslauf gemeinsam überarbeitet")
    page.locator("#id_next_step").fill("Bewerbung an Bäckerei schicken")
    page.get_by_role("button", name="Kontakt speichern").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Lebenslauf gemeinsam überarbeitet")
    expect(timeline).to_contain_text("Stellensuche")
    today = timezone.localdate().strftime("%d.%m.%Y")
    expect(
        page.get_by_role("status").filter(has_text=f"Kontakt vom {today} gespeichert.")
    ).to_be_visible()
    expect(page.locator("#id_notes")).to_have_value("")
    assert page.url == detail_url

    # A validation error comes back into the form, in German, without a reload.
    page.locator("#id_next_step_due_on").fill("2030-01-01")
    page.get_by_role("button", name="Kontakt speichern").click()
    expect(page.locator("#meeting-form-wrapper")).to_contain_text(
        "Bitte beschreiben Sie den nächsten Schritt"
    )
    assert mentee.cases.get().meetings.count() == 1
    assert_accessible(page)
    screenshot(page, "cases-mentee-detail")

    page.get_by_role("link", name="Teilnehmende", exact=True).first.click()
    expect(page.get_by_role("cell", name="Haddad, Amira")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-mentee-list")

    page.goto(reverse("cases:case_close", args=[case.pk]))
    assert_accessible(page)
    screenshot(page, "cases-case-close")

    # Bob works in another project: the mentee does not exist for him.
    page.context.clear_cookies()
    login(page, "bob")
    response = page.request.get(detail_url)
    assert response.status == 404
    assert page.request.get(mentee.get_absolute_url() + "edit/").status == 404


def test_mentor_records_an_employment_and_the_case_moves_to_follow_up(
    page: Page, cast: dict
) -> None:
    mentee = MenteeFactory(
        project=cast["project_a"], first_name="Omar", last_name="Nasser"
    )
    case = CaseFactory(mentee=mentee, mentor=cast["alice"])
    today = timezone.localdate()
    MeetingFactory(
        case=case,
        date=today - datetime.timedelta(days=40),
        next_step="Arbeitsvertrag prüfen",
        next_step_due_on=today - datetime.timedelta(days=2),
    )
    IntegrationStepFactory(
        case=case, description="B2-Kurs", due_on=today - datetime.timedelta(days=1)
    )
    EmployerFactory(name="Bäckerei Sonne", city="Dresden")
    EmployerFactory(name="Autohaus Mond", city="Leipzig")

    login(page, "alice")
    page.goto(mentee.get_absolute_url())
    expect(page.locator("#case-status")).to_have_text("aktiv")
    page.get_by_role("link", name="Vermittlung erfassen").click()
    expect(page.get_by_role("heading", name="Vermittlung erfassen")).to_be_visible()

    page.locator("#id_kind").select_option("internship")
    expect(page.locator("#id_qualification_adequate")).to_be_hidden()
    page.locator("#id_kind").select_option("employment")
    expect(page.locator("#id_qualification_adequate")).to_be_visible()

    # The employer is found through the htmx search next to the select, and
    # nothing is chosen until the user picks the match.
    page.get_by_label("Arbeitgeber suchen (Name oder Ort)").fill("Sonne")
    expect(page.locator("#id_employer option")).to_have_text(
        ["– 1 Treffer, bitte auswählen –", re.compile("Bäckerei Sonne")]
    )
    expect(page.locator("#id_employer")).to_have_value("")
    page.locator("#id_employer").select_option(label="Bäckerei Sonne (Dresden)")
    page.locator("#id_occupation").fill("Verkäufer")
    start = today - datetime.timedelta(days=30)
    page.locator("#id_start_on").fill(start.isoformat())
    page.locator("#id_weekly_hours").fill("38.5")
    page.locator("#id_qualification_adequate").select_option("true")
    assert_accessible(page)
    screenshot(page, "cases-placement-form")
    page.get_by_role("button", name="Vermittlung speichern").click()

    expect(
        page.get_by_text("Die Begleitung ist jetzt in der Nachbetreuung.")
    ).to_be_visible()
    expect(page.locator("#case-status")).to_have_text("Nachbetreuung")
    expect(page.locator("#timeline")).to_contain_text("Bäckerei Sonne")
    case.refresh_from_db()
    assert case.status == Case.Status.FOLLOW_UP
    placement = case.placements.get()
    assert placement.qualification_adequate is True
    assert str(placement.weekly_hours) == "38.5"

    # The start page now shows the overdue steps and the running probation period.
    page.get_by_role("link", name="Start", exact=True).click()
    expect(page.locator("#h-next-steps").locator("..")).to_contain_text(
        "Arbeitsvertrag prüfen"
    )
    expect(page.locator("#h-steps").locator("..")).to_contain_text("B2-Kurs")
    expect(page.locator("#h-probation").locator("..")).to_contain_text(
        add_months(start, 6).strftime("%d.%m.%Y")
    )
    assert_accessible(page)
    screenshot(page, "cases-start-filled")
