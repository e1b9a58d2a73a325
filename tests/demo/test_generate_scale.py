"""manage.py generate_scale at a small size: the counts, valid data, the
statistics run on it, and it refuses a database that is not empty."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import TestCase

from cases.models import Case, Meeting, Membership, Mentee, Placement, Project
from employers.models import Employer, EmployerConsultation
from mentoring.permissions import MENTOR, PROJECT_LEAD
from privacy.models import Consent
from reports.statistics.periods import Period
from reports.statistics.report import report_data

TODAY = datetime.date(2026, 11, 30)


@pytest.mark.slow
@time_machine.travel(
    datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC), tick=False
)
class GenerateScaleTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.out = StringIO()
        call_command(
            "generate_scale",
            mentees=1500,
            projects=20,
            people=80,
            stdout=cls.out,
        )

    def test_it_creates_the_requested_counts(self) -> None:
        self.assertEqual(Project.objects.count(), 20)
        self.assertEqual(User.objects.count(), 83)
        self.assertEqual(User.objects.filter(groups__name=PROJECT_LEAD).count(), 20)
        self.assertEqual(User.objects.filter(groups__name=MENTOR).count(), 60)
        self.assertEqual(Membership.objects.count(), 80)
        self.assertEqual(Mentee.objects.count(), 1500)
        self.assertEqual(Consent.objects.count(), 1500)
        self.assertGreaterEqual(Case.objects.count(), 1500)
        self.assertGreater(Meeting.objects.count(), 10 * 1500)
        self.assertGreater(Placement.objects.count(), 0.3 * 1500)
        self.assertGreater(Employer.objects.count(), 1500 // 5)
        self.assertGreater(EmployerConsultation.objects.count(), 0)
        self.assertIn("1,500 mentees", self.out.getvalue())

    def test_cases_span_ten_years(self) -> None:
        first = Case.objects.order_by("opened_on").first().opened_on
        self.assertLessEqual(first, datetime.date(2017, 3, 1))

    def test_a_sample_respects_the_validation_rules(self) -> None:
        errors = []
        for model, related in (
            (Mentee, ()),
            (Case, ("mentee",)),
            (Placement, ("case",)),
            (Meeting, ("case",)),
            (EmployerConsultation, ("mentee",)),
        ):
            relations = [f.name for f in model._meta.fields if f.is_relation]
            for obj in model.objects.select_related(*related).order_by("?")[:200]:
                try:
                    obj.full_clean(
                        exclude=relations,
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as error:
                    errors.append((obj, error.message_dict))
        self.assertEqual(errors, [])
        self.assertFalse(Meeting.objects.filter(date__lt=F("case__opened_on")))
        self.assertFalse(Placement.objects.filter(start_on__lt=F("case__opened_on")))
        self.assertFalse(Placement.objects.filter(start_on__gt=TODAY))
        self.assertFalse(
            Mentee.objects.filter(consents__given_on__gt=F("cases__opened_on"))
        )

    def test_the_statistics_run(self) -> None:
        data = report_data(period=Period.year(2024))
        self.assertTrue(data)

    def test_it_refuses_a_database_that_is_not_empty(self) -> None:
        with self.assertRaisesMessage(CommandError, "not empty"):
            call_command("generate_scale", mentees=10, stdout=StringIO())
