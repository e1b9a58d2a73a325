"""A mentor searches the employer register, adds an employer with contact
persons (passing the duplicate check) and records a consultation."""

import pytest
from playwright.sync_api import Page, expect

from employers.models import ContactPerson, Employer, EmployerConsultation
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
    region,
)


def check(page: Page, name: str) -> None:
    """axe, screenshots, and no sideways scrolling of the page on a phone."""
    assert_accessible(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 390, f"{name} is {width}px wide on a phone"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mentor_adds_an_employer_and_records_a_consultation(
    page: Page,
) -> None:
    project = ProjectFactory(name="Brücken in Arbeit")
    other_project = ProjectFactory(name="Anderes Projekt")
    alice = UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Wagner",
        role="mentor",
        projects=[project],
    )
    mentee = MenteeFactory(project=project)
    case = CaseFactory(mentee=mentee, mentor=alice)
    mueller = EmployerFactory(
        name="Müller Bau GmbH",
        sector=Employer.Sector.F,
        postcode="04109",
        city="Leipzig",
        region=region("14713"),
    )
    EmployerConsultationFactory(employer=mueller, project=project, mentor=alice)
    PlacementFactory(case=case, employer=mueller)
    EmployerConsultationFactory(employer=mueller, project=other_project)
    for name, city in [
        ("Klinikum Chemnitz gGmbH", "Chemnitz"),
        ("Hotel Elbblick", "Dresden"),
        ("Spedition Schneider & Co. KG", "Zwickau"),
    ]:
        EmployerFactory(name=name, city=city)

    # The site has no favicon yet; the browser's 404 for it is no page error.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    login(page, "alice")
    page.goto("/employers/")
    expect(page.get_by_role("heading", name="Arbeitgeber", exact=True)).to_be_visible()
    page.locator("#id_q").fill("müller")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("link", name="Müller Bau GmbH")).to_be_visible()
    expect(page.get_by_text("1 Arbeitgeber", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Hotel Elbblick")).to_have_count(0)
    page.get_by_role("link", name="Suche und Filter zurücksetzen").click()
    expect(page.get_by_text("4 Arbeitgeber", exact=True)).to_be_visible()
    check(page, "employer-list")

    # A new employer whose name resembles one already registered.
    page.get_by_role("link", name="Neuer Arbeitgeber").click()
    page.locator("#id_name").fill("Müller Bau")
    page.locator("#id_sector").select_option("F")
    page.locator("#id_size_class").select_option("10-49")
    page.locator("#id_street").fill("Gewerbering 3")
    page.locator("#id_postcode").fill("01723")
    page.locator("#id_city").fill("Wilsdruff")
    page.locator("#id_region").select_option(label="Sächsische Schweiz-Osterzgebirge")
    page.locator("#id_contacts-0-name").fill("Jana Wolf")
    page.locator("#id_contacts-0-position").fill("Ausbildungsleitung")
    page.locator("#id_contacts-0-email").fill("wolf@example.org")
    page.get_by_role("button", name="Weitere Ansprechperson hinzufügen").click()
    expect(page.locator("#id_contacts-1-name")).to_be_focused()
    page.locator("#id_contacts-1-name").fill("Tom Becker")
    page.locator("#id_contacts-1-phone").fill("035204 1234")
    check(page, "employer-form")
    page.get_by_role("button", name="Speichern").click()

    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Dieser Arbeitgeber ist vielleicht schon erfasst")
    expect(warning.get_by_role("link", name="Müller Bau GmbH")).to_be_visible()
    expect(page.locator("#id_contacts-1-name")).to_have_value("Tom Becker")
    assert Employer.objects.count() == 4
    check(page, "employer-form-duplicates")
    page.get_by_label("Keiner davon: trotzdem als neuen Arbeitgeber speichern").check()
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", name="Müller Bau", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("wurde angelegt")
    expect(page.get_by_text("Jana Wolf")).to_be_visible()
    expect(page.get_by_text("Tom Becker")).to_be_visible()
    new = Employer.objects.get(name="Müller Bau")
    assert ContactPerson.objects.filter(employer=new).count() == 2

    # A consultation about the mentee.
    page.get_by_role("link", name="Beratung erfassen").click()
    expect(page.get_by_label("Mentor/in")).to_have_value(str(alice.pk))
    page.get_by_label("Thema").select_option("training")
    page.get_by_label("Betrifft teilnehmende Person").select_option(label=mentee.code)
    page.get_by_label("Notizen").fill("Zwei Ausbildungsplätze zum August frei.")
    check(page, "consultation-form")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("status")).to_contain_text("Die Beratung wurde erfasst.")
    row = page.get_by_role("row").filter(has_text="Berufsausbildung")
    expect(row).to_contain_text(mentee.code)
    expect(row).to_contain_text("Zwei Ausbildungsplätze zum August frei.")
    consultation = EmployerConsultation.objects.get(employer=new)
    assert (consultation.project, consultation.mentee) == (project, mentee)
    check(page, "employer-detail")

    # The registered employer: own work in full, the other project's as a count.
    page.goto(mueller.get_absolute_url())
    expect(page.get_by_text("Andere Projekte haben 1 Beratung")).to_be_visible()
    check(page, "employer-detail-with-placement")
