"""Playwright in Debian's chromium against pytest-django's live server.

Browser tests are marked `browser` and use a transactional database. The rows
that migrations seed (districts, phases, role groups) are seeded again before
each test: serialized rollback cannot restore them here, because inside
Playwright's event loop Django hands the test a connection object of its own,
without the serialized contents.
"""

import importlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    from django.apps import apps

    seeding = importlib.import_module("cases.migrations.0003_seed_regions_phases_roles")
    seeding.seed(apps, None)
    consent_text = importlib.import_module(
        "privacy.migrations.0002_consent_records_from_mentees"
    )
    consent_text.seed_text(apps, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# A phone: 390 × 844 CSS pixels, touch, mobile viewport handling.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def _page(browser: Browser, base_url: str, **device: object) -> Iterator[Page]:
    """A fresh page whose console errors fail the test."""
    context = browser.new_context(locale="de-DE", base_url=base_url, **device)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # An error page itself (a 403 or 404 the test asks for) is no error of
        # the page; a script or style sheet that fails to load is.
        if message.type == "error" and message.location.get("url") != page.url:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server.url)


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:
    """The same on a phone (see PHONE)."""
    yield from _page(browser, live_server.url, **PHONE)


def login(page: Page, username: str, password: str = "password") -> None:
    """Log in through the form, with the second factor where the account has
    one or must set one up (a code computed from the device in the database)."""
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        pass_second_step(page, username)


def pass_second_step(page: Page, username: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.twofactor import code

    enrolling = "/setup/" in page.url
    device = TOTPDevice.objects.filter(
        user__username=username, confirmed=not enrolling
    ).latest("pk")
    page.get_by_role("textbox", name="Code").fill(code(device))
    page.get_by_role("button", name="Bestätigen" if enrolling else "Anmelden").click()
    page.wait_for_load_state()
    if enrolling:
        page.get_by_role("link", name="Weiter").click()
        page.wait_for_load_state()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the current page; fail on serious or critical findings."""
    # Loaded from the app's own static files, so the page's CSP allows it.
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => await axe.run(document)")
    bad = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, json.dumps(bad, indent=2)


def assert_no_wider_than_the_screen(page: Page) -> None:
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide"


def assert_tables_fit(page: Page) -> None:
    """No table is cut off: none needs its container's sideways scrolling,
    except the statistics tables that scroll by design with their label
    column kept in view (`table-sticky-first`)."""
    cut = page.evaluate(
        """() => [...document.querySelectorAll(".table-responsive")]
            .filter((box) => !box.querySelector(".table-sticky-first"))
            .filter((box) => box.scrollWidth > box.clientWidth)
            .map((box) => box.querySelector("caption")?.textContent || box.id)"""
    )
    assert not cut, f"{page.url}: tables cut off: {cut}"


def assert_tables_reachable(page: Page) -> None:
    """The statistics tables that scroll sideways: no label overlaps a number,
    and scrolled to the end, the last column is in view with the label column
    still fixed at the left."""
    problems = page.evaluate(
        """() => [...document.querySelectorAll(".table-responsive")]
            .filter((box) => box.querySelector(".table-sticky-first"))
            .flatMap((box) => {
                const name = box.getAttribute("aria-label") || box.id || "table";
                const found = [];
                box.scrollLeft = 0;
                for (const row of box.querySelectorAll("tr")) {
                    const [label, first] = row.children;
                    if (first && label.getBoundingClientRect().right
                            > first.getBoundingClientRect().left + 1) {
                        const text = row.textContent.trim().slice(0, 30);
                        found.push(`${name}: label overlaps ${text}`);
                    }
                }
                if (getComputedStyle(box).overflowX === "visible") {
                    found.push(`${name}: does not scroll`);
                }
                box.scrollLeft = box.scrollWidth;
                const view = box.getBoundingClientRect();
                const head = box.querySelector("tr");
                const last = head.lastElementChild.getBoundingClientRect();
                const label = head.firstElementChild.getBoundingClientRect();
                if (last.right > view.right + 1) {
                    found.push(`${name}: last column cut off`);
                }
                if (Math.abs(label.left - view.left) > 1) {
                    found.push(`${name}: label column scrolled away`);
                }
                box.scrollLeft = 0;
                return found;
            })"""
    )
    assert not problems, f"{page.url}: {problems}"


def screenshot(page: Page, name: str) -> None:
    """Desktop and phone-width screenshots into test-artifacts/ for a human look."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
