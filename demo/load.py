"""Load the demo into the database: the default demo, the history since 2016
(checked against the published figures before anything is written), and
the wipe that --history does first."""

from datetime import date

from django.contrib.auth.models import User
from django.db import connection

from cases.models import Case, IntegrationStep, Meeting, Mentee, Placement, Project
from demo.build import Builder
from demo.cast import PROJECT_NAMES
from demo.plan import HISTORY_TARGETS, default_plan, history_plan
from employers.models import ContactPerson, Employer, EmployerConsultation
from privacy.history import history_paused
from privacy.models import AccessLogEntry, Consent, Erasure, RetentionHold


class DemoError(Exception):
    """The database is not in a state the demo can work with."""


def demo_present() -> bool:
    """True when the demo's mentees are there (the cheap idempotency check)."""
    return Mentee.objects.filter(project__name__in=PROJECT_NAMES).exists()


def build_default(
    *,
    mentees: int,
    seed: int,
    today: date,
    projects: list[Project],
    members: dict[int, list[User]],
) -> dict[str, int]:
    builder = Builder(
        default_plan(today, mentees),
        seed=seed,
        projects=projects,
        members=members,
        taken_codes=Mentee.objects.values_list("code", flat=True),
    )
    builder.build()
    counts = builder.write()
    analyze()
    return counts


def build_history(
    *,
    seed: int,
    today: date,
    projects: list[Project],
    members: dict[int, list[User]],
) -> dict[str, int]:
    """Replace all case and employer data by the history since 2016.

    Refuses when a case or consultation belongs to a project that is not a
    demo project: that would be real data.
    """
    foreign = Case.objects.exclude(project__name__in=PROJECT_NAMES).exists() or (
        EmployerConsultation.objects.exclude(project__name__in=PROJECT_NAMES).exists()
    )
    if foreign:
        raise DemoError(
            "The database holds cases or consultations outside the demo projects. "
            "--history replaces all case and employer data; use a fresh database."
        )
    builder = Builder(
        history_plan(today), seed=seed, projects=projects, members=members
    )
    builder.build()
    for (start, end), targets in HISTORY_TARGETS.items():
        figures = builder.figures(start, end)
        wrong = {k: (v, figures[k]) for k, v in targets.items() if figures[k] != v}
        if wrong:
            raise DemoError(f"History plan missed {start}–{end}: {wrong}")
    wipe()
    counts = builder.write()
    analyze()
    return counts


CASE_DATA = (
    AccessLogEntry,
    Erasure,
    RetentionHold,
    Consent,
    EmployerConsultation,
    Placement,
    Meeting,
    IntegrationStep,
    Case,
    Mentee,
    ContactPerson,
    Employer,
)


def analyze() -> None:
    """Refresh the planner statistics of the filled tables.

    Without it PostgreSQL plans the statistics queries for the empty tables it
    last saw: computing one phase's figures took minutes instead of a second.
    """
    with connection.cursor() as cursor:
        for model in CASE_DATA:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def wipe() -> None:
    """Delete all case and employer data, children first (no cascades to collect).

    Demo rows leave no change history behind: a history row per deleted row
    would take longer than building the demo."""
    with history_paused():
        for model in CASE_DATA:
            model.objects.all().delete()
