"""Every page the mentor's-day work touched, seen as its users see it: axe at
1280 and 390 px, screenshots at both, and on the phone no page wider than the
screen and no table cutting off a column. The data is chosen to be awkward:
long names, a long placement kind, a long project name, several mentors."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Feedback
from reports.compilation import compile_report
from reports.statistics import Period
from tests.browser.conftest import (
    assert_accessible,
    assert_no_wider_than_the_screen,
    assert_tables_fit,
    assert_tables_reachable,
    login,
    screenshot,
)
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def look(page: Page, name: str, tables: bool = True) -> None:
    """axe at both widths, the phone's width and tables, screenshots.

    `tables=False` for the statistics pages, whose figure tables scroll
    sideways on a phone with their label column fixed: there every column
    must be reachable and no label may overlap a number, at both widths.
    """
    assert_accessible(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_wider_than_the_screen(page)
    if tables:
        assert_tables_fit(page)
    assert_tables_reachable(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_tables_reachable(page)


@pytest.fixture
def project() -> dict:
    today = timezone.localdate()
    project = ProjectFactory(
        name="Arbeitsmarktmentoren Sächsische Schweiz-Osterzgebirge"
    )
    alice = UserFactory(
        username="alice",
        first_name="Alexandra-Friederike",
        last_name="Schwarzenberger",
        role="mentor",
        projects=[project],
    )
    lena = UserFactory(
        username="lena",
        first_name="Lena",
        last_name="Lehmann-Dietrich",
        role="project_lead",
        projects=[project],
    )
    for n in range(3):
        UserFactory(username=f"mentor{n}", role="mentor", projects=[project])
    mentee = MenteeFactory(
        project=project,
        first_name="Mohammed Abdulrahman",
        last_name="Al-Khatib-Nasser",
        residence_status="aufenthaltserlaubnis",
        residence_purpose="humanitarian",
        foreign_qualification="Bauingenieurwesen (Bachelor, Universität Damaskus)",
        recognition_status="partial",
        region=region("14628"),
        email="mohammed.abdulrahman.al-khatib-nasser@example.org",
    )
    case = CaseFactory(
        mentee=mentee, mentor=alice, opened_on=today - datetime.timedelta(days=200)
    )
    employer = EmployerFactory(
        name="Sozialversicherungspflichtige Beschäftigungsgesellschaft Elbe mbH",
        city="Pirna",
    )
    PlacementFactory(
        case=case,
        employer=employer,
        kind="employment",
        start_on=today - datetime.timedelta(days=30),
        occupation="Bauzeichner/Bauzeichnerin – Architektur, Ingenieurbau",
    )
    PlacementFactory(
        case=case,
        employer=employer,
        kind="entry_qualification",
        start_on=today - datetime.timedelta(days=150),
        ended_on=today - datetime.timedelta(days=31),
        end_reason="completed",
        qualification_adequate=None,
    )
    IntegrationStepFactory(
        case=case,
        kind="recognition",
        description="Anerkennungsbescheid der Ingenieurkammer nachreichen",
        due_on=today - datetime.timedelta(days=3),
    )
    meeting = MeetingFactory(
        case=case,
        created_by=alice,
        date=today - datetime.timedelta(days=2),
        notes="Probezeitgespräch mit der Bauleitung vorbereitet.",
        next_step="Arbeitszeugnis der Einstiegsqualifizierung anfordern",
        next_step_due_on=today + datetime.timedelta(days=5),
    )
    FeedbackFactory(
        meeting=meeting,
        author=lena,
        recipient=alice,
        kind="follow_up",
        text="Bitte nach dem Probezeitgespräch kurz berichten, wie es gelaufen ist.",
    )
    EmployerConsultationFactory(employer=employer, project=project, mentor=alice)
    for n in range(12):
        other = MenteeFactory(project=project, last_name=f"Muster-{n:02d}")
        CaseFactory(
            mentee=other, mentor=alice, opened_on=today - datetime.timedelta(days=60)
        )
    return {
        "alice": alice,
        "lena": lena,
        "mentee": mentee,
        "case": case,
        "meeting": meeting,
    }


def test_a_mentors_pages(page: Page, project: dict) -> None:
    mentee, case = project["mentee"], project["case"]
    login(page, "alice")
    expect(page.locator("#h-feedback")).to_be_visible()
    look(page, "phone-pages-start")
    page.goto(mentee.get_absolute_url())
    expect(page.get_by_role("link", name="Beenden")).to_be_visible()
    look(page, "phone-pages-mentee")
    page.goto(reverse("cases:mentee_list") + "?placed=true&sort=-last_meeting")
    look(page, "phone-pages-mentee-list")
    page.goto(reverse("cases:placement_create", args=[case.pk]))
    page.get_by_label("Arbeitgeber suchen (Name oder Ort)").fill(
        "Beschäftigungsgesellschaft"
    )
    expect(page.locator("#id_employer option")).to_have_count(2)
    look(page, "phone-pages-placement-form")
    page.goto(reverse("employers:employer_list") + "?q=Pirna")
    expect(
        page.get_by_role("link", name="Suche und Filter zurücksetzen")
    ).to_be_visible()
    look(page, "phone-pages-employer-list")
    feedback = Feedback.objects.get()
    page.goto(reverse("cases:feedback_answer", args=[feedback.pk]))
    look(page, "phone-pages-feedback-answer")
    page.goto(reverse("reminders:settings"))
    look(page, "phone-pages-reminders")


def test_a_project_leads_pages(page: Page, project: dict) -> None:
    login(page, "lena")
    page.goto(reverse("cases:team"))
    look(page, "phone-pages-team")
    page.goto(reverse("cases:feedback_create", args=[project["meeting"].pk]))
    look(page, "phone-pages-feedback-form")


def test_the_pages_of_zefas_and_the_ministry(page: Page) -> None:
    UserFactory(username="zoe", role="zefas")
    UserFactory(username="max", role="ministry")
    report = compile_report(Period.quarter(2024, 1))
    login(page, "zoe")
    expect(page.get_by_role("link", name="Erläuterungen")).to_be_visible()
    look(page, "phone-pages-dashboard", tables=False)
    page.goto(reverse("reports:dashboard_compare"))
    look(page, "phone-pages-compare", tables=False)
    page.goto(reverse("reports:report_list"))
    look(page, "phone-pages-report-list")
    page.goto(report.get_absolute_url())
    expect(
        page.get_by_role("link", name="Erläuterungen: was jede Zahl zählt")
    ).to_be_visible()
    look(page, "phone-pages-report", tables=False)
    page.goto(reverse("cases:mentee_list"))  # not for ZEFAS
    expect(
        page.get_by_role(
            "heading", name="Diese Seite ist für Ihre Rolle nicht freigegeben"
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Statistik")).to_be_visible()
    look(page, "phone-pages-403")

    # What the figures count, from the dashboard and from the report list.
    page.goto(reverse("reports:dashboard"))
    page.get_by_role("link", name="Erläuterungen").click()
    expect(page.get_by_role("heading", name="Was * bedeutet")).to_be_visible()
    expect(page.locator("dt").filter(has_text="Nachhaltig integriert")).to_be_visible()
    look(page, "phone-pages-explanations")
    page.context.clear_cookies()
    login(page, "max")
    page.get_by_role("link", name="Erläuterungen").click()
    expect(
        page.get_by_role("heading", name="Erläuterungen zu den Zahlen")
    ).to_be_visible()


def test_the_error_pages(page: Page, project: dict) -> None:
    login(page, "alice")
    page.goto("/no-such-page/")
    expect(
        page.get_by_role("heading", name="Diese Seite gibt es nicht")
    ).to_be_visible()
    look(page, "phone-pages-404")
    # A form sent without its security token, as after the session ended.
    page.goto(reverse("reminders:settings"))
    page.evaluate(
        """() => {
            document.querySelector("main input[name=csrfmiddlewaretoken]").remove();
            document.querySelector("main form").submit();
        }"""
    )
    expect(
        page.get_by_role("heading", name="Das Formular konnte nicht gesendet werden")
    ).to_be_visible()
    look(page, "phone-pages-403-csrf")
    with mock.patch("cases.views.start.start_lists", side_effect=RuntimeError):
        page.goto("/")
        expect(
            page.get_by_role("heading", name="Bei uns ist etwas schiefgegangen")
        ).to_be_visible()
        look(page, "phone-pages-500")
