"""The import pages: upload, dry run, employer choices, import; leads only."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Mentee
from employers.models import Employer
from imports import tasks
from imports.models import ImportJob
from tests.factories import EmployerFactory, ProjectFactory, UserFactory

from .files import employer, mentee, write_xlsx

pytestmark = pytest.mark.django_db

LEAD = "lead@example.org"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def lead(project):
    return UserFactory(role="project_lead", projects=[project], email=LEAD)


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def upload(client, project, path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start", args=[project.pk]),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    assert response.status_code == 302
    return ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_the_page_offers_the_template_and_the_upload(lead_client, project):
    response = lead_client.get(reverse("imports:start", args=[project.pk]))
    assert "Vorlage herunterladen" in response.content.decode()
    template = lead_client.get(reverse("imports:template", args=[project.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_file_with_problems_is_listed_and_nothing_written(
    lead_client, project, tmp_path, django_capture_on_commit_callbacks
):
    path = write_xlsx(
        tmp_path / "fehler.xlsx",
        {"Mentees": [mentee("M1", LEAD, Geburtsdatum="31.02.1990")]},
    )
    job = upload(lead_client, project, path, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == "done" and not job.file
    page = lead_client.get(job.get_absolute_url()).content.decode()
    assert "31.02.1990" in page and "Geburtsdatum" in page
    assert "Nichts wurde geschrieben" in page
    assert 'action="{}"'.format(reverse("imports:confirm", args=[job.pk])) not in page
    assert not Mentee.objects.exists()


def test_a_clean_dry_run_then_the_import(
    lead_client, project, tmp_path, django_capture_on_commit_callbacks
):
    path = write_xlsx(tmp_path / "gut.xlsx", {"Mentees": [mentee("M1", LEAD)]})
    job = upload(lead_client, project, path, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.outcome["counts"]["Mentees"]["created"] == 1
    assert job.file and not Mentee.objects.exists()
    page = lead_client.get(job.get_absolute_url()).content.decode()
    assert "Importieren" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "done" and not job.dry_run and job.outcome["written"]
    assert not job.file
    assert Mentee.objects.get().project == project
    assert "Der Import ist abgeschlossen" in (
        lead_client.get(job.get_absolute_url()).content.decode()
    )


def test_a_likely_employer_match_needs_a_choice(
    lead_client, project, tmp_path, django_capture_on_commit_callbacks
):
    known = EmployerFactory(name="Bäckerei Schmidt GmbH", city="Leipzig")
    row = employer("E1", Name="Bäckerei Schmidt GmbH", Ort="Leipzig")
    path = write_xlsx(tmp_path / "ag.xlsx", {"Arbeitgeber": [row]})
    job = upload(lead_client, project, path, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    matches = job.outcome["employer_matches"]
    assert [m["employer_id"] for m in matches] == [known.pk]
    url = reverse("imports:confirm", args=[job.pk])
    assert lead_client.post(url).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(url, {"employer_E1": str(known.pk)})
    job.refresh_from_db()
    assert job.outcome["written"]
    assert Employer.objects.count() == 1


def test_a_lead_of_another_project_sees_no_job_and_cannot_upload_there(
    client, project, lead
):
    job = ImportJob.objects.create(project=project, requested_by=lead, file_name="a")
    other = UserFactory(role="project_lead", projects=[ProjectFactory()])
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    start = reverse("imports:start", args=[project.pk])
    assert client.get(start).status_code == 404
    assert (
        client.post(start, {"file": SimpleUploadedFile("a.csv", b"x")}).status_code
        == 404
    )
    assert ImportJob.objects.count() == 1


def test_a_file_over_the_limit_is_refused_with_the_limit(
    lead_client, project, settings
):
    settings.IMPORT_MAX_BYTES = 1000
    response = lead_client.post(
        reverse("imports:start", args=[project.pk]),
        {"file": SimpleUploadedFile("gross.csv", b"x" * 2000)},
    )
    assert response.status_code == 200
    assert "größer als die Grenze von 1000" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_progress_fragment_polls_while_running(lead_client, project, lead):
    job = ImportJob.objects.create(
        project=project,
        requested_by=lead,
        file_name="a",
        state="running",
        done=50,
        total=200,
    )
    response = lead_client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "hx-trigger" in page and "progress-step-25" in page and "<html" not in page


def test_the_sweep_deletes_files_of_dry_runs_nobody_imported(
    lead_client, project, tmp_path, django_capture_on_commit_callbacks
):
    path = write_xlsx(tmp_path / "gut.xlsx", {"Mentees": [mentee("M1", LEAD)]})
    job = upload(lead_client, project, path, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    stored = Path(job.file.path)
    tasks.sweep_import_jobs()
    assert stored.exists()
    ImportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    tasks.sweep_import_jobs()
    job.refresh_from_db()
    assert not job.file and not stored.exists()
    page = lead_client.get(job.get_absolute_url()).content.decode()
    assert 'action="{}"'.format(reverse("imports:confirm", args=[job.pk])) not in page
