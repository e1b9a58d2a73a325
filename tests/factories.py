"""factory_boy factories: only the fields a test is about need to be given."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from cases.models import (
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    Project,
    Region,
)
from employers.models import ContactPerson, Employer, EmployerConsultation
from privacy.models import Consent, ConsentText
from reports.statistics import Period


def region(key: str = "14612") -> Region:
    """A seeded district by its official key (default Dresden)."""
    return Region.objects.get(key=key)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()

    @factory.post_generation
    def projects(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        for project in extracted or []:
            Membership.objects.create(user=self, project=project)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Projekt {n}")
    carrier = "Träger e. V."


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    first_name = factory.Faker("first_name", locale="ar_AA")
    last_name = factory.Faker("last_name", locale="ar_AA")
    date_of_birth = datetime.date(1995, 5, 17)
    gender = Mentee.Gender.MALE
    country_of_origin = "SY"

    # privacy: no mentee without a consent record; consent=False leaves it out.
    @factory.post_generation
    def consent(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            ConsentFactory(mentee=self, **kwargs)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    mentee = None
    text = factory.LazyFunction(lambda: ConsentText.objects.get(version="1"))
    given_on = datetime.date(2020, 1, 1)
    channel = Consent.Channel.SIGNED_FORM


class CaseFactory(factory.django.DjangoModelFactory):
    """An admitted, open case in the mentee's project."""

    class Meta:
        model = Case

    mentee = factory.SubFactory(MenteeFactory)
    project = factory.LazyAttribute(lambda c: c.mentee.project)
    mentor = factory.SubFactory(UserFactory, role="mentor")
    opened_on = datetime.date(2024, 1, 10)
    admitted_on = factory.LazyAttribute(lambda c: c.opened_on)
    status = factory.LazyAttribute(
        lambda c: (
            Case.Status.CLOSED
            if c.closed_on
            else (Case.Status.ACTIVE if c.admitted_on else Case.Status.INTAKE)
        )
    )
    close_reason = factory.LazyAttribute(
        lambda c: Case.CloseReason.GOAL_REACHED if c.closed_on else ""
    )
    closed_on = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory)
    date = factory.LazyAttribute(lambda m: m.case.opened_on)
    duration_minutes = 60
    topics = factory.LazyFunction(lambda: ["job_search"])


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A project lead's comment on a meeting, to the mentor who logged it."""

    class Meta:
        model = Feedback

    meeting = factory.SubFactory(MeetingFactory)
    kind = Feedback.Kind.COMMENT
    text = "Bitte den Lebenslauf noch einmal mit ihr durchgehen."
    author = factory.SubFactory(UserFactory, role="project_lead")
    recipient = factory.LazyAttribute(lambda f: f.meeting.case.mentor)


class IntegrationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrationStep

    case = factory.SubFactory(CaseFactory)
    kind = IntegrationStep.Kind.LANGUAGE_COURSE


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Firma {n} GmbH")
    sector = Employer.Sector.C
    size_class = Employer.SizeClass.SMALL
    postcode = "01067"
    city = "Dresden"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="de_DE")


class EmployerConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerConsultation

    employer = factory.SubFactory(EmployerFactory)
    project = factory.SubFactory(ProjectFactory)
    mentor = factory.SubFactory(UserFactory, role="mentor")
    date = datetime.date(2024, 3, 1)
    topic = EmployerConsultation.Topic.RECRUITMENT


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    case = factory.SubFactory(CaseFactory)
    employer = factory.SubFactory(EmployerFactory)
    kind = Placement.Kind.EMPLOYMENT
    start_on = datetime.date(2024, 4, 1)
    weekly_hours = 40


def quarter_dates(year: int, quarter: int) -> dict[str, datetime.date]:
    """start= and end= of a quarter, for a report or compilation job row."""
    period = Period.quarter(year, quarter)
    return {"start": period.start, "end": period.end}
