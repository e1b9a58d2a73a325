"""The import writes every kind of record, all or nothing, and repeatably."""

import pytest

from cases.models import Case, Mentee
from imports.models import SourceId
from imports.run import run_import
from privacy.models import Consent
from tests.factories import ProjectFactory, UserFactory

from .files import mentee, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def lead(project):
    return UserFactory(
        role="project_lead", projects=[project], email="lead@example.org"
    )


def run(path, project, lead, dry_run=False, **options):
    return run_import(
        path,
        project=project,
        user=lead,
        file_name=path.name,
        dry_run=dry_run,
        **options,
    )


def test_it_imports_mentees_with_case_and_consent(tmp_path, project, lead):
    path = write_xlsx(
        tmp_path / "Altdaten.xlsx",
        {"Mentees": [mentee("1", "lead@example.org"), mentee("2", "LEAD@example.org")]},
    )
    outcome = run(path, project, lead)
    assert outcome.report.ok, outcome.report.problems
    assert outcome.written
    assert outcome.counts == {"Mentees": {"created": 2, "changed": 0, "unchanged": 0}}
    case = Case.objects.get(mentee__last_name="Haddad1")
    assert case.project == project and case.mentee.project == project
    assert case.status == Case.Status.ACTIVE
    assert case.mentor == lead
    consent = Consent.objects.get(mentee=case.mentee)
    assert consent.channel == Consent.Channel.LEGACY
    assert SourceId.objects.filter(project=project).count() == 2
    history = Mentee.history.filter(id=case.mentee.pk).get()
    assert history.history_change_reason == "Import aus „Altdaten.xlsx“"


def test_a_dry_run_counts_and_writes_nothing(tmp_path, project, lead):
    path = write_xlsx(
        tmp_path / "a.xlsx", {"Mentees": [mentee("1", "lead@example.org")]}
    )
    outcome = run(path, project, lead, dry_run=True)
    assert outcome.report.ok and not outcome.written
    assert outcome.counts["Mentees"]["created"] == 1
    assert not Mentee.objects.exists() and not SourceId.objects.exists()
