"""A project lead imports a spreadsheet in a real browser: a file with an
error, the corrected file's dry run, the import, the imported mentee.

Celery runs eagerly here (no broker in tests): the job has finished when
the upload's redirect arrives; the progress bar is tested in
tests/imports/test_views.py and on real workers in test_tasks_worker.py.
"""

import pytest
from playwright.sync_api import Page, expect

from imports.models import ImportJob
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import ProjectFactory, UserFactory
from tests.imports.files import mentee, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEAD = "lena@example.org"


@pytest.fixture
def lena(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    project = ProjectFactory(name="Projekt A")
    return UserFactory(
        username="lena", email=LEAD, role="project_lead", projects=[project]
    )


def test_lead_corrects_a_file_and_imports_it(page: Page, lena, tmp_path) -> None:
    wrong = write_xlsx(
        tmp_path / "Altdaten.xlsx",
        {"Mentees": [mentee("M1", LEAD, Nachname="Haddad", Geburtsdatum="31.02.1990")]},
    )
    login(page, "lena")
    page.get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Daten importieren").click()
    expect(page.get_by_role("heading", name="Daten importieren")).to_be_visible()
    expect(
        page.get_by_role("link", name="Vorlage herunterladen (XLSX)")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "import-start")

    page.get_by_label("Tabelle (XLSX oder CSV)").set_input_files(wrong)
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Die Datei hat 1 Fehler.")).to_be_visible()
    problem = page.get_by_role("row").filter(has_text="31.02.1990")
    expect(problem).to_contain_text("Mentees")
    expect(problem).to_contain_text("Geburtsdatum")
    expect(page.get_by_role("button", name="Importieren")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "import-problems")

    page.get_by_role("link", name="Eine Datei hochladen").click()
    right = write_xlsx(
        tmp_path / "Altdaten-korrigiert.xlsx",
        {"Mentees": [mentee("M1", LEAD, Nachname="Haddad")]},
    )
    page.get_by_label("Tabelle (XLSX oder CSV)").set_input_files(right)
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Die Prüfung hat keine Fehler gefunden.")).to_be_visible()
    counts = page.get_by_role("row").filter(has_text="Mentees")
    expect(counts.get_by_role("cell")).to_have_text(["1", "0", "0"])
    assert_accessible(page)
    screenshot(page, "import-dry-run")

    page.get_by_role("button", name="Importieren").click()
    expect(page.get_by_text("Der Import ist abgeschlossen.")).to_be_visible()
    screenshot(page, "import-done")
    page.get_by_role("link", name="Zu den Mentees").click()
    expect(page.get_by_role("link", name="Haddad, Amal")).to_be_visible()


def test_the_progress_bar_follows_the_job(page: Page, lena) -> None:
    job = ImportJob.objects.create(
        project=lena.memberships.get().project,
        requested_by=lena,
        file_name="Altdaten.xlsx",
        state="running",
        done=250,
        total=1000,
    )
    login(page, "lena")
    page.goto(job.get_absolute_url())
    expect(page.get_by_text("250 von 1000 Zeilen")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "25")
    screenshot(page, "import-progress")
    ImportJob.objects.filter(pk=job.pk).update(done=750)
    expect(page.get_by_text("750 von 1000 Zeilen")).to_be_visible()
    outcome = {
        "problems": [],
        "problem_total": 0,
        "counts": {"Mentees": {"created": 1000, "changed": 0, "unchanged": 0}},
        "employer_matches": [],
        "written": True,
    }
    ImportJob.objects.filter(pk=job.pk).update(
        state="done", done=1000, dry_run=False, outcome=outcome
    )
    expect(page.get_by_text("Der Import ist abgeschlossen.")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)
