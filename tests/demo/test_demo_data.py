"""manage.py demo_data: the default demo (small here), idempotent, valid data,
the demo logins; --history refuses to replace real data."""

import datetime
from io import StringIO

import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Model
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import (
    Case,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    Project,
    Region,
)
from demo.build import Builder
from demo.cast import PASSWORD, PROJECT_NAMES, TOTP_SECRET, ensure_cast
from demo.plan import default_plan
from employers.models import ContactPerson, Employer, EmployerConsultation
from tests.factories import CaseFactory

MODELS: tuple[type[Model], ...] = (
    User,
    Project,
    Membership,
    Mentee,
    Case,
    Placement,
    Meeting,
    IntegrationStep,
    Employer,
    ContactPerson,
    EmployerConsultation,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# The demo is built around today; its cases and due dates are pinned to one
# ordinary day, so the expectations hold whatever the real date is.
DEMO_DAY = datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC)


@time_machine.travel(DEMO_DAY, tick=False)
class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("demo_data", mentees=120, stdout=cls.output)

    def test_it_creates_projects_covering_every_district(self) -> None:
        projects = Project.objects.filter(name__in=PROJECT_NAMES)
        self.assertEqual(projects.count(), 14)
        self.assertFalse(projects.filter(carrier="").exists())
        covered = Region.objects.filter(projects__in=projects).distinct()
        self.assertEqual(covered.count(), 13)

    def test_it_creates_the_logins(self) -> None:
        for username in ("admin", "zefas", "ministerium", "lead", "mentor", "mentor58"):
            with self.subTest(username):
                # django-axes checks every login against its request.
                request = RequestFactory().post("/accounts/login/")
                self.assertIsNotNone(
                    authenticate(request, username=username, password=PASSWORD)
                )
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        self.assertTrue(User.objects.filter(username="zefas", groups__name="zefas"))
        self.assertTrue(
            User.objects.filter(username="ministerium", groups__name="ministry")
        )
        leipzig = Project.objects.get(name="Arbeitsmarktmentoren Leipzig")
        self.assertTrue(
            leipzig.members.filter(username="mentor", groups__name="mentor")
        )
        self.assertTrue(
            leipzig.members.filter(username="lead", groups__name="project_lead")
        )
        # 72 people work in the projects, one lead in each of the 14.
        self.assertEqual(Membership.objects.count(), 72)
        self.assertEqual(User.objects.filter(groups__name="mentor").count(), 58)
        for project in Project.objects.all():
            leads = project.members.filter(groups__name="project_lead")
            self.assertEqual(leads.count(), 1, project)

    def test_it_prints_the_logins(self) -> None:
        output = self.output.getvalue()
        self.assertIn("Created 120 mentees", output)
        for text in ("ministerium", "zefas", "lead", "mentor", PASSWORD):
            self.assertIn(text, output)

    def test_it_enrols_the_two_factor_logins_with_the_documented_secret(self):
        enrolled = TOTPDevice.objects.filter(confirmed=True)
        self.assertEqual(
            set(enrolled.values_list("user__username", flat=True)),
            {"admin", "zefas", "ministerium"},
        )
        output = StringIO()
        call_command("demo_totp", "zefas", stdout=output)
        current_code, rest = output.getvalue().split("\n", 1)
        self.assertIn(TOTP_SECRET, rest)
        self.assertTrue(enrolled.get(user__username="zefas").verify_token(current_code))
        self.assertIn("demo_totp", self.output.getvalue())

    def test_it_creates_mentees_with_their_history(self) -> None:
        self.assertEqual(Mentee.objects.count(), 120)
        self.assertEqual(
            set(Case.objects.values_list("status", flat=True)),
            {"intake", "active", "follow_up", "closed"},
        )
        self.assertTrue(Placement.objects.filter(kind="employment").exists())
        self.assertTrue(Placement.objects.filter(kind="vocational_training").exists())
        self.assertTrue(Placement.objects.filter(end_reason="dropout").exists())
        self.assertGreater(Meeting.objects.count(), 5 * Case.objects.count())
        self.assertTrue(IntegrationStep.objects.exists())
        self.assertTrue(EmployerConsultation.objects.filter(mentee__isnull=False))
        # Every employer was advised or placed with at least once.
        idle = Employer.objects.filter(consultations=None, placements=None)
        self.assertFalse(idle.exists())
        # Names are written in Latin letters, as on German documents: no
        # Cyrillic or Arabic script.
        for first, last in Mentee.objects.values_list("first_name", "last_name"):
            self.assertFalse(
                any("\u0400" <= char <= "\u06ff" for char in first + last), first + last
            )

    def test_it_is_idempotent(self) -> None:
        before = row_counts()
        output = StringIO()
        with CaptureQueriesContext(connection) as queries:
            call_command("demo_data", mentees=120, stdout=output)
        self.assertEqual(row_counts(), before)
        # Fast: a look at the projects and logins, no writes.
        self.assertLess(len(queries), 30)
        writes = [
            q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))
        ]
        self.assertEqual(writes, [])
        self.assertIn("nothing to do", output.getvalue())

    def test_it_respects_the_validation_rules(self) -> None:
        querysets = [
            Mentee.objects.all(),
            Case.objects.select_related("mentee"),
            Placement.objects.select_related("case"),
            Meeting.objects.select_related("case"),
            IntegrationStep.objects.all(),
            Employer.objects.all(),
            ContactPerson.objects.all(),
            EmployerConsultation.objects.select_related("mentee"),
        ]
        errors = []
        for queryset in querysets:
            # Foreign keys and constraints are checked by the database on
            # insert; here they would cost a query per object.
            relations = [f.name for f in queryset.model._meta.fields if f.is_relation]
            for obj in queryset:
                try:
                    obj.full_clean(
                        exclude=relations,
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as error:
                    errors.append((obj, error.message_dict))
        self.assertEqual(errors, [])
        # Nothing happens in the future; consent comes before any data.
        today = timezone.localdate()
        self.assertFalse(Placement.objects.filter(start_on__gt=today))
        self.assertFalse(IntegrationStep.objects.filter(done_on__gt=today))
        self.assertFalse(Case.objects.filter(admitted_on__gt=today))
        self.assertFalse(
            Mentee.objects.filter(consents__given_on__gt=F("cases__opened_on"))
        )
        self.assertFalse(Mentee.objects.filter(consents__isnull=True))

    def test_it_gives_the_mentors_work_for_today(self) -> None:
        today = timezone.localdate()
        next_steps = Meeting.objects.filter(
            case__closed_on__isnull=True, next_step_done=False
        ).exclude(next_step="")
        self.assertTrue(next_steps.filter(next_step_due_on__lt=today).exists())
        self.assertTrue(next_steps.filter(next_step_due_on__gte=today).exists())
        steps = IntegrationStep.objects.pending().filter(case__closed_on__isnull=True)
        self.assertTrue(steps.filter(due_on__lt=today).exists())
        self.assertTrue(Meeting.objects.filter(date__gte=today.replace(day=1)).exists())

    def test_it_builds_the_same_data_from_the_same_seed(self) -> None:
        projects, members = ensure_cast()
        plan = default_plan(timezone.localdate(), 30)

        def names(seed: int) -> list[tuple]:
            builder = Builder(plan, seed=seed, projects=projects, members=members)
            builder.build()
            return [
                (p.mentee.code, p.mentee.last_name, c.opened_on, c.closed_on)
                for p in builder.persons
                for c in p.cases
            ]

        self.assertEqual(names(7), names(7))
        self.assertNotEqual(names(7), names(8))


class DemoHistoryGuardTests(TestCase):
    def test_it_refuses_to_replace_cases_of_other_projects(self) -> None:
        case = CaseFactory()
        with self.assertRaisesMessage(CommandError, "outside the demo projects"):
            call_command("demo_data", history=True, stdout=StringIO())
        self.assertTrue(Case.objects.filter(pk=case.pk).exists())
