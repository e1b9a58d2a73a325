"""ZEFAS opens the statistics, changes the period, sees the chart and the
tables; a project lead sees their own project only."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from cases.models import ProgrammePhase
from reports import dashboard_figures
from reports.statistics import Period
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import CaseFactory, ProjectFactory, UserFactory
from tests.reports.support import REDIS_URL, broker, purge
from tests.reports.test_statistics_history import build_history


def check(page: Page, name: str) -> None:
    """axe, screenshots, and no sideways scrolling of the page on a phone."""
    assert_accessible(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 390, f"{name} is {width}px wide on a phone"


def chart_points(page: Page, canvas_id: str) -> int:
    """How many x values the drawn Chart.js chart has (0 if none was drawn)."""
    return page.evaluate(
        """(id) => {
            const chart = window.Chart && Chart.getChart(document.getElementById(id));
            return chart ? chart.data.labels.length : 0;
        }""",
        canvas_id,
    )


@pytest.fixture
def history() -> dict:
    project_a = ProjectFactory(name="Brücken in Arbeit")
    project_b = ProjectFactory(name="Chancen Sachsen")
    # Four times the hand-built history, so that most counts are not small.
    for _ in range(4):
        build_history(project_a, project_b)
    return {
        "zoe": UserFactory(username="zoe", first_name="Zoe", role="zefas"),
        "lena": UserFactory(
            username="lena",
            first_name="Lena",
            role="project_lead",
            projects=[project_a],
        ),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zefas_changes_the_period_and_sees_chart_and_tables(
    page: Page, history: dict
) -> None:
    login(page, "zoe")
    expect(page.get_by_role("heading", name="Statistik", level=1)).to_be_visible()

    # A year: cards, the trend chart with its table, projects and districts
    page.get_by_role("combobox", name=re.compile("^Zeitraum")).select_option("year")
    page.get_by_label("Jahr", exact=True).fill("2024")
    expect(page.get_by_label("Förderphase")).to_be_hidden()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator(".lead")).to_have_text("2024 · Gesamtprogramm")
    expect(page.locator("[data-figure=participants]")).to_have_text("36")
    expect(page.locator("#trend-chart")).to_be_visible()
    assert chart_points(page, "trend-chart") == 4
    trend = page.get_by_role("table", name="Nach Quartal")
    expect(trend.get_by_role("rowheader", name="Q3 2024")).to_be_visible()
    projects = page.get_by_role("table", name="Nach Projekt")
    expect(projects.get_by_role("rowheader", name="Brücken in Arbeit")).to_be_visible()
    expect(
        page.get_by_role("table", name="Nach Wohnort (Landkreis / kreisfreie Stadt)")
    ).to_be_visible()
    page.locator("summary", has_text="Nach Geschlecht").click()  # opens the breakdown
    expect(page.get_by_role("table", name="Nach Geschlecht")).to_be_visible()
    check(page, "dashboard-zefas-year")

    # A programme phase: the chart now has 20 quarters
    page.get_by_role("combobox", name=re.compile("^Zeitraum")).select_option("phase")
    expect(page.get_by_label("Jahr", exact=True)).to_be_hidden()
    phase = ProgrammePhase.objects.get(name="Zweite Förderphase")
    page.get_by_label("Förderphase").select_option(str(phase.pk))
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator(".lead")).to_contain_text("Zweite Förderphase")
    assert chart_points(page, "trend-chart") == 20

    # No free range for ZEFAS (two ranges could be subtracted); a half-year,
    # and a missing year explained next to the field
    kind = page.get_by_role("combobox", name=re.compile("^Zeitraum"))
    expect(kind.locator("option[value=range]")).to_have_count(0)
    kind.select_option("half_year")
    page.get_by_label("Jahr", exact=True).fill("")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("Bitte wählen Sie ein Jahr.")).to_be_visible()
    check(page, "dashboard-zefas-error")
    page.get_by_label("Jahr", exact=True).fill("2024")
    page.get_by_label("Halbjahr", exact=True).select_option("2")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator(".lead")).to_have_text("H2 2024 · Gesamtprogramm")

    # Two years side by side
    page.get_by_role("link", name="Zwei Zeiträume vergleichen").click()
    first = page.get_by_role("group", name="Erster Zeitraum")
    second = page.get_by_role("group", name="Zweiter Zeitraum")
    first.get_by_label("Jahr", exact=True).fill("2023")
    second.get_by_label("Jahr", exact=True).fill("2024")
    page.get_by_role("button", name="Vergleichen").click()
    expect(page.locator("#compare-chart")).to_be_visible()
    # People and placements in a chart each: 2 + 3 figures.
    assert chart_points(page, "compare-chart") == 2
    expect(page.locator("#compare-placement-chart")).to_be_visible()
    assert chart_points(page, "compare-placement-chart") == 3
    row = page.get_by_role("row", name=re.compile("^Teilnehmende"))
    expect(row).to_contain_text("+8")  # 28 -> 36
    check(page, "dashboard-compare")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_project_lead_sees_the_own_project(page: Page, history: dict) -> None:
    login(page, "lena")
    page.get_by_role("link", name="Statistik").click()
    expect(page.locator(".lead")).to_contain_text("Brücken in Arbeit")
    page.get_by_label("Jahr", exact=True).fill("2024")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator("[data-figure=participants]")).to_have_text("16")
    expect(page.locator("[data-figure=women_share]")).to_have_text("25,0 %")
    expect(page.get_by_text("Chancen Sachsen")).to_have_count(0)
    expect(page.get_by_role("table", name="Nach Projekt")).to_have_count(0)
    assert chart_points(page, "trend-chart") == 4
    check(page, "dashboard-project-lead")
    # The own project's figures also for a free range; a wrong one explained
    page.get_by_role("combobox", name=re.compile("^Zeitraum")).select_option("range")
    page.get_by_label("Von").fill("2024-03-01")
    page.get_by_label("Bis").fill("2024-02-01")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("Der letzte Tag liegt vor dem ersten Tag.")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zefas_sees_when_a_worker_computes_the_figures(
    page: Page, history: dict
) -> None:
    # A broker without a worker: the requested computation waits in the queue.
    purge()
    cache.clear()
    year = "/statistics/?kind=year&year=2024"
    login(page, "zoe")
    with broker(REDIS_URL):
        page.goto(year)
        notice = page.locator("[data-computing]")
        expect(notice).to_contain_text("zum ersten Mal berechnet")
        expect(page.locator("[data-figure]")).to_have_count(0)
        check(page, "dashboard-computing")
        # The worker's part: the page polls, and reloads once it is done.
        dashboard_figures.refresh(Period.year(2024), "de")
        figure = page.locator("[data-figure=participants]")
        expect(figure).to_have_text("36", timeout=20_000)
        expect(page.locator("[data-refreshing]")).to_have_count(0)
        # A new case: the next view shows those figures and says that newer
        # ones are on their way.
        CaseFactory(mentee__project=ProjectFactory())
        page.goto(year)
        expect(figure).to_have_text("36")
        expect(page.locator("[data-refreshing]")).to_have_text(
            "Neuere Zahlen werden berechnet: Laden Sie die Seite in einigen "
            "Minuten neu."
        )
        check(page, "dashboard-refreshing")
    purge()
