"""A project lead in a real browser: the change history and access log of a
mentee, the data export, the erasure with reason and confirmation, the change
history of an employer and of the team; a retention hold for a mentee due for
erasure, a withdrawal of consent that then restricts processing, and the
list of who opened which mentee."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Placement
from privacy.models import Erasure
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import CaseFactory, MenteeFactory, ProjectFactory, UserFactory
from tests.privacy.support import NAME, SURNAME, mentee_with_texts

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_lead_reads_the_history_exports_and_erases(page: Page) -> None:
    project = ProjectFactory(name="Projekt A")
    UserFactory(
        username="lena",
        first_name="Lena",
        last_name="Lehmann",
        role="project_lead",
        projects=[project],
    )
    alice = UserFactory(username="alice", role="mentor", projects=[project])
    mentee = mentee_with_texts(project, alice)
    mentee.phone = "0351 654321"
    mentee.save()

    login(page, "lena")
    page.goto(f"/mentees/{mentee.pk}/")
    expect(page.get_by_role("heading", name=f"{NAME} {SURNAME}")).to_be_visible()
    # The lead's data-protection buttons on the mentee page.
    assert_accessible(page)
    screenshot(page, "privacy-mentee")
    page.get_by_role("link", name="Änderungsverlauf").click()
    expect(page.get_by_role("heading", name="Änderungsverlauf")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("0351 654321")
    assert_accessible(page)
    screenshot(page, "privacy-history")

    page.go_back()
    page.get_by_role("link", name="Zugriffsprotokoll").click()
    expect(page.locator("#access-log")).to_contain_text("Änderungsverlauf")
    expect(page.locator("#access-log")).to_contain_text("Lena Lehmann")
    assert_accessible(page)
    screenshot(page, "privacy-access-log")

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Datenauskunft (PDF)").click()
    assert download.value.suggested_filename == f"{mentee.code}.pdf"
    with page.expect_download() as download:
        page.get_by_role("link", name="Datenauskunft (JSON)").click()
    assert download.value.suggested_filename == f"{mentee.code}.json"

    page.get_by_role("link", name="Personenbezogene Daten löschen").click()
    page.get_by_label("Grund").fill("Antrag der Person per Brief vom 01.12.2026")
    page.get_by_label("Zur Bestätigung den Code der Person eingeben").fill("TN-FALSCH")
    page.get_by_role("button", name="Jetzt löschen").click()
    expect(page.get_by_text("Das ist nicht der Code dieser Person")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-erase")
    page.get_by_label("Zur Bestätigung den Code der Person eingeben").fill(mentee.code)
    page.get_by_role("button", name="Jetzt löschen").click()
    expect(page.locator("#erased-notice")).to_contain_text("gelöscht")
    expect(page.locator("main")).not_to_contain_text(NAME)
    assert_accessible(page)
    screenshot(page, "privacy-erased")
    assert Erasure.objects.filter(mentee=mentee).exists()

    page.get_by_role("link", name="Datenschutz").click()
    expect(page.get_by_role("heading", name="Aufbewahrung", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-retention")

    employer = Placement.objects.get(case__mentee=mentee).employer
    page.goto(f"/employers/{employer.pk}/")
    page.get_by_role("link", name="Änderungsverlauf").click()
    expect(page.locator("#history")).to_contain_text(f"Arbeitgeber {employer.name}")
    assert_accessible(page)
    screenshot(page, "privacy-employer-history")

    page.goto("/team/")
    page.get_by_role("link", name="Änderungsverlauf").click()
    expect(page.locator("#history")).to_contain_text("Projektzugehörigkeit")
    expect(page.locator("#history")).to_contain_text("Rollen von Lena Lehmann")
    assert_accessible(page)
    screenshot(page, "privacy-team-history")


def test_lead_keeps_a_due_mentee_and_records_a_withdrawal(page: Page) -> None:
    project = ProjectFactory(name="Projekt A")
    UserFactory(username="lena", role="project_lead", projects=[project])
    today = timezone.localdate()
    # Last case closed a little over three years ago: due for erasure today.
    case = CaseFactory(
        mentee=MenteeFactory(project=project, first_name="Yusuf"),
        opened_on=today - datetime.timedelta(days=5 * 365),
        closed_on=today - datetime.timedelta(days=3 * 365 + 10),
    )
    code = case.mentee.code

    login(page, "lena")
    page.get_by_role("link", name="Datenschutz").click()
    expect(page.locator("#retention-due")).to_contain_text(code)
    assert_accessible(page)
    screenshot(page, "privacy-retention-due")

    page.locator("#retention-due").get_by_role("link", name="Aufbewahren").click()
    page.get_by_label("Rechtsgrund").fill("Prüfpflicht des Fördermittelgebers (ESF+)")
    page.get_by_label("aufbewahren bis").fill(f"{today.year + 2}-12-31")
    assert_accessible(page)
    screenshot(page, "privacy-hold")
    page.get_by_role("button", name="Aufbewahrungsgrund speichern").click()
    expect(page.locator("#retention-holds")).to_contain_text(code)
    assert_accessible(page)
    screenshot(page, "privacy-retention-held")

    page.locator("#retention-holds").get_by_role("link", name=code).click()
    page.get_by_role("link", name="Widerruf der Einwilligung erfassen").click()
    page.get_by_label("Form des Widerrufs").select_option(
        label="unterschriebenes Formular"
    )
    page.get_by_label("Ich habe geprüft").check()
    assert_accessible(page)
    screenshot(page, "privacy-withdraw")
    page.get_by_role("button", name="Widerruf erfassen").click()
    expect(page.get_by_role("status").first).to_contain_text("eingeschränkt")
    expect(page.get_by_role("link", name="Stammdaten bearbeiten")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "privacy-restricted")

    page.get_by_role("link", name="Datenschutz").click()
    page.get_by_role("link", name="Zugriffe je Woche").click()
    expect(page.locator("#access-week")).to_contain_text(code)
    assert_accessible(page)
    screenshot(page, "privacy-access-week")
