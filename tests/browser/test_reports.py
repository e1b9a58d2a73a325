"""Quarterly reports in a real browser: ZEFAS compiles a quarter and watches
the job finish, releases the report; the ministry downloads an export."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from reports.models import CompilationJob, JobState, Report
from reports.statistics import Period
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import (
    CaseFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
    quarter_dates,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = datetime.date(2025, 2, 10)


@pytest.fixture
def cast() -> dict:
    projects = [ProjectFactory(name=f"Projekt {c}") for c in "ABC"]
    for project, n in zip(projects, (9, 5, 2), strict=True):
        for i in range(n):
            case = CaseFactory(
                mentee=MenteeFactory(project=project, last_name="Geheimname"),
                opened_on=DAY,
                admitted_on=DAY,
            )
            if i % 2:
                PlacementFactory(case=case, start_on=datetime.date(2025, 3, 3))
    return {
        "zoe": UserFactory(
            username="zoe", first_name="Zoe", last_name="Zentral", role="zefas"
        ),
        "max": UserFactory(
            username="max", first_name="Max", last_name="Minister", role="ministry"
        ),
    }


def test_zefas_compiles_watches_and_releases_a_quarter(page: Page, cast: dict) -> None:
    login(page, "zoe")
    page.goto("/reports/")
    expect(page.get_by_role("heading", name="Berichte")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-list-empty")

    page.get_by_role("combobox", name="Zeitraum").select_option(label="Q1 2025")
    page.get_by_role("button", name="Berechnen").click()
    # No broker in the browser tests: the compilation ran in-process.
    expect(
        page.get_by_text("Die Berechnung von Q1 2025 ist beauftragt.")
    ).to_be_visible()
    expect(page.get_by_text("erledigt")).to_be_visible()
    # One state at a time: a finished job is no longer "in the queue".
    expect(page.get_by_text("Warteschlange")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "reports-job-done")

    page.get_by_role("link", name="Bericht öffnen").click()
    expect(page.get_by_role("heading", name="Quartalsbericht Q1 2025")).to_be_visible()
    expect(page.get_by_text("Entwurf: Nur ZEFAS")).to_be_visible()
    expect(page.get_by_text("Geheimname")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "reports-draft")

    page.get_by_role("button", name="Veröffentlichen").click()
    expect(
        page.get_by_text("Veröffentlichung 1 von Q1 2025 ist erschienen.")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-released")
    assert Report.objects.get().is_released


def test_the_job_page_polls_until_the_job_is_done(page: Page, cast: dict) -> None:
    job = CompilationJob.objects.create(
        **quarter_dates(2025, 1),
        state=JobState.RUNNING,
        progress="Computing the figures",
    )
    login(page, "zoe")
    page.goto(job.get_absolute_url())
    expect(page.get_by_text("Die Zahlen werden berechnet")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-job-running")

    # What a worker does meanwhile; htmx fetches the status every 2 s.
    from reports.compilation import run_job

    CompilationJob.objects.filter(pk=job.pk).update(state=JobState.PENDING)
    run_job(job.pk)
    expect(page.get_by_role("link", name="Bericht öffnen")).to_be_visible(timeout=10000)
    # Finished: the fragment no longer asks to be polled.
    expect(page.locator("#job-status[hx-trigger]")).to_have_count(0)


def test_the_ministry_downloads_a_released_report(
    page: Page, cast: dict, tmp_path: object
) -> None:
    from reports.compilation import compile_report

    compile_report(Period.quarter(2025, 1)).release(by=cast["zoe"])
    compile_report(Period.quarter(2025, 2))  # a draft the ministry must not see

    login(page, "max")
    expect(page.get_by_role("heading", name="Berichte")).to_be_visible()
    expect(page.get_by_role("link", name="Q2 2025")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "reports-list-ministry")

    page.get_by_role("link", name="Q1 2025").click()
    expect(page.get_by_role("heading", name="Quartalsbericht Q1 2025")).to_be_visible()
    expect(page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
    # German headings, never the stored figure keys; the notes explain "*".
    expect(page.get_by_role("columnheader", name="Teilnehmende").first).to_be_visible()
    expect(page.get_by_text("first_conversations")).to_have_count(0)
    expect(page.get_by_role("heading", name="Hinweise zu den Zahlen")).to_be_visible()
    expect(page.get_by_text("nicht zur Zahl des Programms")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-detail-ministry")

    page.get_by_label("Excel-Arbeitsmappe (XLSX)").check()
    page.get_by_role("button", name="Export erstellen").click()
    expect(page.get_by_text("Die Datei ist fertig.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-export-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "quartalsbericht-2025-q1-v1.xlsx"
    path = download.path()
    with open(path, "rb") as file:
        assert file.read(2) == b"PK"  # a zip container, as XLSX files are


def test_the_ministry_copies_the_press_table_and_downloads_its_pdf(
    page: Page, cast: dict
) -> None:
    from reports.compilation import compile_report

    release = compile_report(Period.year(2024)).release(by=cast["zoe"])
    login(page, "max")
    page.get_by_role("link", name="2024").click()
    expect(page.get_by_role("heading", name="Jahresbericht 2024")).to_be_visible()
    page.get_by_role("link", name="Pressetabelle öffnen").click()
    expect(page.get_by_role("heading", name="Pressetabelle 2024")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Teilnehmende")).to_be_visible()
    text = page.get_by_role("textbox", name="Text für die Pressemitteilung")
    expect(text).to_have_value(re.compile(r"^Vom 01\.01\.2024 bis 31\.12\.2024 wurden"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Text kopieren").click()
    expect(
        page.get_by_text("Der Text wurde in die Zwischenablage kopiert.")
    ).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == text.input_value()
    assert_accessible(page)
    screenshot(page, "press-table")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pressetabelle als PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"pressetabelle-2024-v{release.number}.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
