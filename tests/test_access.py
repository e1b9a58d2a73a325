"""Every URL pattern × every role: the expected status is a table checked in
as test data (tests/access_table.csv), and a gate fails when a URL pattern of
the project has no row (as Zulip's suite does for untested URLs).

Each request runs in its own savepoint that is rolled back, so a POST by one
role never changes what the next role sees.
"""

import csv
from pathlib import Path
from types import SimpleNamespace

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Handover
from imports.models import ImportJob
from reports.compilation import compile_report
from reports.models import CompilationJob, ExportJob, JobState
from reports.statistics import Period
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    quarter_dates,
)

TABLE = Path(__file__).with_name("access_table.csv")
ROLES = ("anonymous", "owner", "other", "lead", "zefas", "ministry", "admin")
ROLES_WITHOUT_PERSONAL_DATA = ("anonymous", "other", "zefas", "ministry", "admin")
# URL namespaces that belong to third parties and are tested by them.
FOREIGN_NAMESPACES = {"admin"}


def project_url_names() -> set[str]:
    """Every named URL pattern of the project, as 'namespace:name'."""
    names: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in FOREIGN_NAMESPACES:
                    continue
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                assert p.name, f"URL pattern {p.pattern} has no name"
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def load_table() -> list[dict[str, str]]:
    with TABLE.open(newline="") as f:
        return [row for row in csv.DictReader(f) if not row["url_name"].startswith("#")]


class _Rollback(Exception):
    pass


class AccessTableTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        mentee = MenteeFactory(
            project=cls.project_a, first_name="Zainab", last_name="Quraishi-Demo"
        )
        case = CaseFactory(mentee=mentee, mentor=cls.alice)
        employer = EmployerFactory()
        cls.objects = {
            "mentee": mentee,
            "case": case,
            "meeting": MeetingFactory(case=case, next_step="Bewerbung schicken"),
            "step": IntegrationStepFactory(case=case),
            "placement": PlacementFactory(case=case, employer=employer),
            "employer": employer,
            "consultation": EmployerConsultationFactory(
                employer=employer, project=cls.project_a, mentor=cls.alice
            ),
        }
        cls.objects["feedback"] = FeedbackFactory(
            meeting=cls.objects["meeting"], author=cls.lena, recipient=cls.alice
        )
        cls.objects["project"] = cls.project_a
        # An offer from project B to project A, which lena (lead of A) answers.
        moving = MenteeFactory(project=cls.project_b)
        cls.objects["handover"] = Handover.objects.create(
            mentee=moving,
            case=CaseFactory(mentee=moving, mentor=cls.bob),
            from_project=cls.project_b,
            to_project=cls.project_a,
        )
        cls.objects["member"] = (cls.project_a, cls.alice)
        cls.objects["import_job"] = ImportJob.objects.create(
            project=cls.project_a, requested_by=cls.lena, file_name="a.xlsx"
        )
        # A password reset link: user id and token as URL parts (not objects).
        cls.objects["reset_link"] = (
            SimpleNamespace(pk="MQ"),
            SimpleNamespace(pk="not-a-valid-token"),
        )
        cls.objects.update(report_objects(cls))
        cls.users = {
            "anonymous": None,
            "owner": cls.alice,
            "other": cls.bob,
            "lead": cls.lena,
            "zefas": cls.zoe,
            "ministry": cls.max,
            "admin": cls.root,
        }

    def request(self, user: object, method: str, url: str) -> tuple[int, str]:
        client = Client()
        if user is not None:
            client.force_login(user)
        status, content = 0, ""
        try:
            with transaction.atomic():
                response = getattr(client, method.lower())(url)
                status = response.status_code
                if not getattr(response, "streaming", False):
                    content = response.content.decode(errors="replace")
                raise _Rollback
        except _Rollback:
            pass
        return status, content

    def mentee_named(self, content: str) -> bool:
        mentee = self.objects["mentee"]
        return mentee.last_name in content or mentee.full_name in content

    def test_it_has_a_row_for_every_url_pattern(self) -> None:
        covered = {row["url_name"] for row in load_table()}
        missing = sorted(project_url_names() - covered)
        self.assertEqual(missing, [], "URL patterns without a row in access_table.csv")
        stale = sorted(covered - project_url_names())
        self.assertEqual(stale, [], "rows in access_table.csv for unknown URL names")

    def test_it_gives_each_role_the_expected_status(self) -> None:
        failures = []
        for row in load_table():
            target = self.objects[row["object"]] if row["object"] else ()
            args = [o.pk for o in target] if isinstance(target, tuple) else [target.pk]
            url = reverse(row["url_name"], args=args) + row.get("query", "")
            for role in ROLES:
                expected = int(row[role])
                got, content = self.request(self.users[role], row["method"], url)
                if got != expected:
                    failures.append(
                        f"{row['method']} {url} ({row['url_name']}) as {role}: "
                        f"expected {expected}, got {got}"
                    )
                if role in ROLES_WITHOUT_PERSONAL_DATA and self.mentee_named(content):
                    failures.append(f"{url} shows the mentee's name to {role}")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


def report_objects(cls: type) -> dict:
    """A compiled draft, a released report, a compilation job and a finished export."""
    draft = compile_report(Period.quarter(2024, 1))
    released = compile_report(Period.quarter(2023, 4))
    release = released.release(by=cls.zoe)
    export = ExportJob.objects.create(
        release=release,
        format=ExportJob.Format.CSV,
        requested_by=cls.zoe,
        state=JobState.DONE,
        content=b"\xef\xbb\xbfKennzahl;Wert\r\n",
        filename="bericht.csv",
    )
    job = CompilationJob.objects.create(**quarter_dates(2024, 2), requested_by=cls.zoe)
    return {
        "report": draft,
        "released_report": released,
        "job": job,
        "export": export,
        "release": release,
    }
