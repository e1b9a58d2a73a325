"""Projects, mentees, their cases, meetings, integration steps and placements.

Names and meanings: docs/domain.md. Access to personal data always
starts from a `visible_to(user)` queryset (see mentoring/permissions.py).
"""

import calendar
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.validators import NOTES_MAX_LENGTH, notes_max_length, reject_bidi_controls
from mentoring.permissions import (
    ProjectScopedQuerySet,
    project_ids_subquery,
    works_in_projects,
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day if it is missing.

    The "six-month day" of docs/statistics.md: 31 August + 6 months = 28/29 February.
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------
# Reference data


class Versioned(models.Model):
    """A row that counts its saves, so an edit form can refuse a stale save
    instead of overwriting what another person saved in between (no lost
    updates). The edit forms compare the version they were shown with the row's
    under a row lock (cases.forms.VersionCheckMixin)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class Region(models.Model):
    """One of Saxony's 13 districts (10 Landkreise, 3 kreisfreie Städte)."""

    class Kind(models.TextChoices):
        RURAL_DISTRICT = "landkreis", _("rural district (Landkreis)")
        CITY = "kreisfreie_stadt", _("district-free city (kreisfreie Stadt)")

    key = models.CharField(_("official key"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class ProgrammePhase(models.Model):
    """A named funding phase; each phase's figures are counted over its range."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="phase_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A funded project with its carrier organisation and the districts it covers."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    carrier = models.CharField(_("carrier organisation"), max_length=200)
    regions = models.ManyToManyField(
        Region, verbose_name=_("districts"), related_name="projects", blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="projects",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A mentor or project lead working in a project."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("project"),
    )

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project}"


class TeamInvitation(models.Model):
    """A project lead's invitation of a mentor, named by exact username, into
    their project. The membership exists only once an administrator confirms
    it in the admin (cases.admin.TeamInvitationAdmin)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an administrator")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("project"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("invited user"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=Q(status="pending"),
                name="one_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.project}"

    def confirm(self, by: Any) -> Membership:
        """Create the membership (idempotent) and mark the invitation confirmed."""
        membership, _created = Membership.objects.get_or_create(
            user_id=self.user_id, project_id=self.project_id
        )
        self.status = self.Status.CONFIRMED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])
        return membership

    def reject(self, by: Any) -> None:
        self.status = self.Status.REJECTED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])


# ---------------------------------------------------------------------------
# Mentees


class MenteeQuerySet(ProjectScopedQuerySet):
    def readable_by(self, user: Any) -> "MenteeQuerySet":
        """The mentees of the user's projects, and those handed over from them
        to another project (whose earlier cases the old project still reads)."""
        if not works_in_projects(user):
            return self.none()
        projects = project_ids_subquery(user)
        earlier = Case.objects.filter(mentee=OuterRef("pk"), project__in=projects)
        return self.filter(Q(project__in=projects) | Exists(earlier))

    def with_current_case(self) -> "MenteeQuerySet":
        """Annotate the current case (the open one, else the latest), its mentor
        and the last meeting date.

        All subqueries of the one list query, so a page costs the same at any size.
        Whether a placement is running is `mark_placed()`, for the shown rows only.
        """
        current = Case.objects.filter(mentee=OuterRef("pk")).order_by(
            F("closed_on").desc(nulls_first=True), "-opened_on", "-pk"
        )
        return self.annotate(
            current_case_id=Subquery(current.values("pk")[:1]),
            current_status=Subquery(current.values("status")[:1]),
            current_mentor_id=Subquery(current.values("mentor_id")[:1]),
            current_mentor_first_name=Subquery(
                current.values("mentor__first_name")[:1]
            ),
            current_mentor_last_name=Subquery(current.values("mentor__last_name")[:1]),
            current_mentor_username=Subquery(current.values("mentor__username")[:1]),
            last_meeting_on=Subquery(
                Meeting.objects.filter(case__mentee=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            ),
        )

    def placed(self, value: bool = True) -> "MenteeQuerySet":
        """Mentees with (value=False: without) a running placement."""
        running = Exists(
            Placement.objects.filter(case__mentee=OuterRef("pk"), ended_on__isnull=True)
        )
        return self.filter(running if value else ~running)


def mark_placed(mentees: list["Mentee"]) -> list["Mentee"]:
    """Set `is_placed` on the shown mentees: one query for the page, not an
    EXISTS per row of the whole list."""
    placed = set(
        Placement.objects.filter(
            case__mentee__in=[m.pk for m in mentees], ended_on__isnull=True
        )
        .order_by()
        .values_list("case__mentee_id", flat=True)
    )
    for mentee in mentees:
        mentee.is_placed = mentee.pk in placed
    return mentees


def new_mentee_code() -> str:
    """A pseudonymous code such as ``TN-7K3Q9X`` (no name, no birth date in it)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    return "TN-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Mentee(Versioned):
    """A person accompanied by the programme (Teilnehmende)."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("non-binary (divers)")
        NOT_STATED = "not_stated", _("not stated")

    class ResidenceStatus(models.TextChoices):
        PERMISSION_TO_RESIDE = "gestattung", _("Aufenthaltsgestattung")
        TOLERATION = "duldung", _("Duldung")
        RESIDENCE_PERMIT = "aufenthaltserlaubnis", _("Aufenthaltserlaubnis")
        SETTLEMENT_PERMIT = (
            "niederlassung",
            _("Niederlassungserlaubnis / Daueraufenthalt-EU"),
        )
        FICTION_CERTIFICATE = "fiktion", _("Fiktionsbescheinigung")
        EU_FREE_MOVEMENT = "eu", _("EU free movement")
        GERMAN = "german", _("German citizen")
        UNKNOWN = "unknown", _("unknown / no answer")

    class ResidencePurpose(models.TextChoices):
        HUMANITARIAN = "humanitarian", _("humanitarian")
        TRAINING = "training", _("training")
        EMPLOYMENT = "employment", _("employment")
        FAMILY = "family", _("family")
        OTHER = "other", _("other")

    class WorkPermit(models.TextChoices):
        NOT_NEEDED = "not_needed", _("not needed")
        GRANTED = "granted", _("granted")
        PENDING = "pending", _("pending")
        REFUSED = "refused", _("refused")
        UNKNOWN = "unknown", _("unknown / no answer")

    class GermanLevel(models.TextChoices):
        NONE = "none", _("none")
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"
        UNKNOWN = "unknown", _("unknown")

    class Education(models.TextChoices):
        """Highest education reached, as ISCED 2011 levels."""

        ISCED_0 = "0", _("ISCED 0: early childhood / no formal education")
        ISCED_1 = "1", _("ISCED 1: primary education")
        ISCED_2 = "2", _("ISCED 2: lower secondary")
        ISCED_3 = "3", _("ISCED 3: upper secondary")
        ISCED_4 = "4", _("ISCED 4: post-secondary non-tertiary")
        ISCED_5 = "5", _("ISCED 5: short-cycle tertiary")
        ISCED_6 = "6", _("ISCED 6: bachelor or equivalent")
        ISCED_7 = "7", _("ISCED 7: master or equivalent")
        ISCED_8 = "8", _("ISCED 8: doctorate")
        UNKNOWN = "unknown", _("unknown / no answer")

    class Recognition(models.TextChoices):
        NOT_RELEVANT = "not_relevant", _("not relevant")
        ADVICE_GIVEN = "advice_given", _("advice given")
        APPLIED = "applied", _("applied")
        FULL = "full", _("full equivalence")
        PARTIAL = "partial", _("partial equivalence")
        NONE = "none", _("no equivalence")

    class LabourMarketStatus(models.TextChoices):
        UNEMPLOYED = "unemployed", _("unemployed")
        INACTIVE = "inactive", _("inactive")
        EMPLOYED = "employed", _("employed")
        IN_EDUCATION = "in_education", _("in education")
        UNKNOWN = "unknown", _("unknown / no answer")

    class Agency(models.TextChoices):
        JOBCENTER = "jobcenter", _("Jobcenter")
        EMPLOYMENT_AGENCY = "agentur", _("Agentur für Arbeit")
        NONE = "none", _("none")
        UNKNOWN = "unknown", _("unknown")

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="mentees",
        verbose_name=_("project"),
        help_text=_("The project of the current case."),
    )
    code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_mentee_code, editable=False
    )
    first_name = models.CharField(
        _("first name"), max_length=100, validators=[reject_bidi_controls]
    )
    last_name = models.CharField(
        _("last name"), max_length=100, validators=[reject_bidi_controls]
    )
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender, default=Gender.NOT_STATED
    )
    country_of_origin = CountryField(_("country of origin"), blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    residence_status = models.CharField(
        _("residence status"),
        max_length=30,
        choices=ResidenceStatus,
        default=ResidenceStatus.UNKNOWN,
    )
    residence_purpose = models.CharField(
        _("purpose of the residence permit"),
        max_length=20,
        choices=ResidencePurpose,
        blank=True,
        help_text=_("Only for an Aufenthaltserlaubnis."),
    )
    work_permit = models.CharField(
        _("work permit"), max_length=20, choices=WorkPermit, default=WorkPermit.UNKNOWN
    )
    arrival_year = models.PositiveSmallIntegerField(
        _("year of arrival in Germany"), null=True, blank=True
    )
    german_level = models.CharField(
        _("German level (CEFR)"),
        max_length=10,
        choices=GermanLevel,
        default=GermanLevel.UNKNOWN,
    )
    education_level = models.CharField(
        _("highest education (ISCED 2011)"),
        max_length=10,
        choices=Education,
        default=Education.UNKNOWN,
    )
    foreign_qualification = models.CharField(
        _("foreign vocational qualification"),
        max_length=200,
        blank=True,
        help_text=_("Occupation or degree, if any."),
    )
    recognition_status = models.CharField(
        _("recognition status"),
        max_length=20,
        choices=Recognition,
        default=Recognition.NOT_RELEVANT,
    )
    labour_market_status = models.CharField(
        _("labour-market status at entry"),
        max_length=20,
        choices=LabourMarketStatus,
        default=LabourMarketStatus.UNKNOWN,
    )
    agency = models.CharField(
        _("responsible agency"), max_length=20, choices=Agency, default=Agency.UNKNOWN
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="mentees",
        verbose_name=_("district of residence"),
        null=True,
        blank=True,
    )
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[notes_max_length()],
    )
    # Consent to data processing is a record of its own: privacy.Consent.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MenteeQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        indexes = [
            models.Index(fields=["project", "last_name", "first_name"]),
            models.Index(fields=["region"]),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("cases:mentee_detail", args=[self.pk])

    @property
    def is_erased(self) -> bool:
        """True once the erasure (privacy/erasure.py) emptied the names, which
        are required otherwise. No query."""
        return not self.first_name and not self.last_name

    @property
    def full_name(self) -> str:
        """The name; "erased" and the code for an erased mentee."""
        if self.is_erased:
            return _("erased (%(code)s)") % {"code": self.code}
        return f"{self.first_name} {self.last_name}"

    @property
    def list_name(self) -> str:
        """ "Last name, first name" for lists that show the code beside it."""
        if self.is_erased:
            return str(_("erased"))
        return f"{self.last_name}, {self.first_name}"

    @property
    def current_mentor_name(self) -> str:
        """Needs `with_current_case()`."""
        parts = [self.current_mentor_first_name, self.current_mentor_last_name]
        return " ".join(p for p in parts if p) or self.current_mentor_username or ""

    def get_current_status_display(self) -> str:
        """Needs `with_current_case()`."""
        return Case.Status(self.current_status).label if self.current_status else ""

    def age_on(self, day: date) -> int:
        """Age in full years on `day`."""
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth lies in the future.")
            elif not 14 <= self.age_on(today) <= 80:
                errors["date_of_birth"] = _(
                    "Please check the date of birth: the person would be %(age)s "
                    "years old. Mentees are between 14 and 80."
                ) % {"age": self.age_on(today)}
        if self.arrival_year:
            if self.arrival_year > today.year:
                errors["arrival_year"] = _("The year of arrival lies in the future.")
            elif self.arrival_year < 1950:
                errors["arrival_year"] = _("Please enter a year from 1950 on.")
            elif (
                self.date_of_birth
                and "date_of_birth" not in errors
                and self.arrival_year < self.date_of_birth.year
            ):
                errors["arrival_year"] = _(
                    "The year of arrival lies before the year of birth."
                )
        if (
            self.residence_purpose
            and self.residence_status != self.ResidenceStatus.RESIDENCE_PERMIT
        ):
            errors["residence_purpose"] = _(
                "A purpose only applies to an Aufenthaltserlaubnis."
            )
        if self.postcode and not (len(self.postcode) == 5 and self.postcode.isdigit()):
            errors["postcode"] = _("A German postcode has five digits.")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Cases


# A case without a meeting for this many days is flagged (start page, reminders).
QUIET_DAYS = 30


class CaseQuerySet(ProjectScopedQuerySet):
    def open(self) -> "CaseQuerySet":
        return self.filter(closed_on__isnull=True)

    def admitted(self) -> "CaseQuerySet":
        return self.filter(admitted_on__isnull=False)

    def without_meeting_since(self, day: date) -> "CaseQuerySet":
        """Open cases, opened before `day`, with no meeting on or after it."""
        recent = Meeting.objects.filter(case=OuterRef("pk"), date__gte=day)
        return self.open().filter(~Exists(recent), opened_on__lt=day)

    def with_last_meeting(self) -> "CaseQuerySet":
        """Annotate `last_meeting_on`, the date of the case's latest meeting."""
        latest = Meeting.objects.filter(case=OuterRef("pk")).order_by("-date")
        return self.annotate(last_meeting_on=Subquery(latest.values("date")[:1]))


class Case(Versioned):
    """One enrolment of a mentee in the programme (Begleitung)."""

    class Status(models.TextChoices):
        INTAKE = "intake", _("intake")
        ACTIVE = "active", _("active")
        FOLLOW_UP = "follow_up", _("follow-up")
        CLOSED = "closed", _("closed")

    class CloseReason(models.TextChoices):
        GOAL_REACHED = "goal_reached", _("goal reached, support completed")
        NOT_ADMITTED = "not_admitted", _("not taken on after the first conversation")
        MOVED_AWAY = "moved_away", _("moved away or handed over")
        HANDED_OVER = "handed_over", _("handed over to another project")
        NO_CONTACT = "no_contact", _("no longer reachable")
        ENDED_BY_MENTEE = "ended_by_mentee", _("ended by the mentee")
        OTHER = "other", _("other")

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="cases", verbose_name=_("mentee")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("project"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("mentor"),
    )
    opened_on = models.DateField(
        _("opened on"), help_text=_("The day of the first conversation.")
    )
    admitted_on = models.DateField(
        _("admitted on"),
        null=True,
        blank=True,
        help_text=_("The day the person was taken on as a mentee."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.INTAKE
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason, blank=True
    )
    close_note = models.TextField(
        _("note on closing"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[notes_max_length()],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(closed_on__isnull=True),
                name="one_open_case_per_mentee",
            ),
            models.CheckConstraint(
                condition=Q(admitted_on__isnull=True)
                | Q(admitted_on__gte=F("opened_on")),
                name="case_admitted_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(
                    closed_on__isnull=True, status__in=["intake", "active", "follow_up"]
                )
                | Q(closed_on__isnull=False, status="closed"),
                name="case_status_matches_closed_on",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["opened_on"]),
            models.Index(fields=["admitted_on", "closed_on"]),
            # A project's open cases: the start page's lists join them
            # instead of every open case of the programme.
            models.Index(
                fields=["project"],
                condition=Q(closed_on__isnull=True),
                name="open_case_by_project",
            ),
        ]

    def __str__(self) -> str:
        return _("Case of %(mentee)s from %(date)s") % {
            "mentee": self.mentee_id and self.mentee.code,
            "date": self.opened_on.strftime("%d.%m.%Y") if self.opened_on else "",
        }

    def get_absolute_url(self) -> str:
        return reverse("cases:mentee_detail", args=[self.mentee_id])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_handed_away(self) -> bool:
        """True for a case of a project the mentee has since been handed away
        from: it stays read-only (needs the mentee loaded)."""
        return self.project_id != self.mentee.project_id

    @property
    def can_be_admitted(self) -> bool:
        return self.is_open and self.admitted_on is None

    def computed_status(self, today: date | None = None) -> str:
        """The status the case's dates and placements call for.

        Closed once `closed_on` is set, intake until admitted, follow-up while an
        employment or vocational-training placement has started and is running,
        active otherwise. Costs one query for an admitted open case.
        """
        today = today or timezone.localdate()
        if self.closed_on:
            return self.Status.CLOSED
        if self.admitted_on is None:
            return self.Status.INTAKE
        started = self.placements.keeping_in_follow_up(today)
        return self.Status.FOLLOW_UP if started.exists() else self.Status.ACTIVE

    def refresh_status(self, today: date | None = None) -> bool:
        """Store the status the case calls for; True if it changed.

        Called by the forms that change dates or placements, never by signals.
        """
        status = self.computed_status(today)
        if status == self.status:
            return False
        self.status = status
        self.save(update_fields=["status"])
        return True

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.opened_on and self.opened_on > today:
            errors["opened_on"] = _("The first conversation cannot lie in the future.")
        if self.admitted_on and self.opened_on and self.admitted_on < self.opened_on:
            errors["admitted_on"] = _(
                "A person cannot be admitted before the first conversation."
            )
        if self.admitted_on and self.admitted_on > today:
            errors["admitted_on"] = _("The admission date cannot lie in the future.")
        if self.closed_on:
            if self.opened_on and self.closed_on < self.opened_on:
                errors["closed_on"] = _(
                    "A case cannot be closed before the first conversation."
                )
            elif self.admitted_on and self.closed_on < self.admitted_on:
                errors["closed_on"] = _("A case cannot be closed before the admission.")
            if self.closed_on > today:
                errors["closed_on"] = _("The closing date cannot lie in the future.")
            if not self.close_reason:
                errors["close_reason"] = _("Please give a reason for closing.")
        if errors:
            raise ValidationError(errors)


class HandoverQuerySet(models.QuerySet):
    def pending(self) -> "HandoverQuerySet":
        return self.filter(status=Handover.Status.OFFERED)

    def concerning(self, user: Any) -> "HandoverQuerySet":
        """Offers from or to the user's projects (nothing for other roles)."""
        if not works_in_projects(user):
            return self.none()
        projects = project_ids_subquery(user)
        return self.filter(Q(from_project__in=projects) | Q(to_project__in=projects))


class Handover(models.Model):
    """A project's offer to hand a mentee (with their open case) over to
    another project, and that project's answer (Übergabe).

    Accepting closes the open case ("handed over") and opens the receiving
    project's own case on the same day (cases.handover.accept_handover).
    Holds no free text: the offer shows the receiving lead only the code."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.CASCADE,
        related_name="handovers",
        verbose_name=_("mentee"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="handovers",
        verbose_name=_("handed over case"),
    )
    from_project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="handovers_out",
        verbose_name=_("from project"),
    )
    to_project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="handovers_in",
        verbose_name=_("to project"),
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OFFERED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    new_case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new case"),
    )
    # When each side was told (a message on its next start or handover page).
    receiver_notified = models.BooleanField(default=False)
    sender_notified = models.BooleanField(default=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="offered"),
                name="one_pending_handover_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(from_project=F("to_project")),
                name="handover_to_another_project",
            ),
        ]

    def __str__(self) -> str:
        code = self.mentee_id and self.mentee.code
        return f"{code}: {self.from_project} → {self.to_project}"


# ---------------------------------------------------------------------------
# Integration agreement


class IntegrationStepQuerySet(ProjectScopedQuerySet):
    project_field = "case__project_id"

    def pending(self) -> "IntegrationStepQuerySet":
        return self.filter(done_on__isnull=True)

    def due_by(self, day: date) -> "IntegrationStepQuerySet":
        """Pending steps of open cases due on or before `day`."""
        return self.pending().filter(due_on__lte=day, case__closed_on__isnull=True)


class IntegrationStep(models.Model):
    """A step agreed with the mentee in the integration agreement."""

    class Kind(models.TextChoices):
        LANGUAGE_COURSE = "language_course", _("language course")
        RECOGNITION = "recognition", _("recognition of a qualification")
        APPLICATION = "application", _("applications")
        DOCUMENTS = "documents", _("application documents")
        WORK_PERMIT = "work_permit", _("work permit / residence law")
        INTERNSHIP = "internship", _("internship or trial work")
        TRAINING_SEARCH = "training_search", _("search for a training place")
        OTHER = "other", _("other")

    class Responsible(models.TextChoices):
        MENTEE = "mentee", _("mentee")
        MENTOR = "mentor", _("mentor")
        BOTH = "both", _("mentee and mentor")
        OTHER = "other", _("other (e.g. job centre)")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case")
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind)
    description = models.CharField(_("description"), max_length=300, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=10, choices=Responsible, default=Responsible.MENTEE
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = IntegrationStepQuerySet.as_manager()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("integration step")
        verbose_name_plural = _("integration steps")
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(done_on__isnull=True),
                name="step_pending_due",
            )
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.done_on is None and self.due_on is not None and self.due_on < today


# ---------------------------------------------------------------------------
# Meetings


class MeetingQuerySet(ProjectScopedQuerySet):
    project_field = "case__project_id"

    def open_next_steps(self) -> "MeetingQuerySet":
        """Meetings of open cases whose agreed next step is not done yet."""
        return self.filter(case__closed_on__isnull=True, next_step_done=False).exclude(
            next_step=""
        )


class Meeting(Versioned):
    """A logged meeting (Kontakt) of a case."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")
        MESSAGE = "message", _("message")

    class Participant(models.TextChoices):
        MENTEE = "mentee", _("mentee")
        EMPLOYER = "employer", _("employer")
        JOB_CENTRE = "job_centre", _("job centre or employment agency")
        IMMIGRATION_OFFICE = "immigration_office", _("immigration office")
        SCHOOL = "school", _("school or training provider")
        OTHER = "other", _("other")

    class Topic(models.TextChoices):
        JOB_SEARCH = "job_search", _("job search")
        APPLICATION_DOCUMENTS = "application_documents", _("application documents")
        RECOGNITION = "recognition", _("recognition of qualifications")
        LANGUAGE_COURSE = "language_course", _("language course")
        RESIDENCE_LAW = "residence_law", _("residence law")
        WORKPLACE = "workplace", _("workplace issues")
        TRAINING_SUPPORT = "training_support", _("training support")
        OTHER = "other", _("other")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("case")
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel, default=Channel.IN_PERSON
    )
    with_whom = models.CharField(
        _("with whom"), max_length=20, choices=Participant, default=Participant.MENTEE
    )
    # A list of Topic values; a JSON list keeps one row per meeting at 2,000,000
    # meetings and works on SQLite and PostgreSQL alike.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[notes_max_length()],
    )
    next_step = models.CharField(_("agreed next step"), max_length=300, blank=True)
    next_step_due_on = models.DateField(_("next step due on"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["case", "-date"]),
            # Dates first, for the statistics: counting meetings, their minutes
            # and each case's last meeting of a period reads this index only.
            models.Index(
                fields=["date", "case", "duration_minutes"], name="meeting_statistics"
            ),
            models.Index(
                fields=["next_step_due_on"],
                condition=Q(next_step_done=False) & ~Q(next_step=""),
                name="meeting_next_step_open",
            ),
            # The start page's recent activity: the newest meetings first.
            models.Index(fields=["created_at", "id"], name="meeting_created_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="meeting_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} – {self.get_channel_display()}"

    @property
    def feedback_recipient_id(self) -> int | None:
        """Whom a lead's feedback on this meeting goes to: the mentor who logged
        it, else the case's mentor. Costs a query unless `case` is loaded."""
        return self.created_by_id or self.case.mentor_id

    def get_topics_display(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.date and self.date > today:
            errors["date"] = _("A meeting cannot be logged for a future date.")
        if self.date and self.case_id and self.date < self.case.opened_on:
            errors["date"] = _(
                "The meeting lies before the case was opened (%(date)s)."
            ) % {"date": self.case.opened_on.strftime("%d.%m.%Y")}
        if (
            self.date
            and self.case_id
            and self.case.closed_on
            and self.date > self.case.closed_on
        ):
            errors["date"] = _(
                "The meeting lies after the case was closed (%(date)s)."
            ) % {"date": self.case.closed_on.strftime("%d.%m.%Y")}
        if self.next_step_due_on and self.date and self.next_step_due_on < self.date:
            errors["next_step_due_on"] = _(
                "The next step cannot be due before its meeting."
            )
        unknown = set(self.topics or []) - set(self.Topic.values)
        if unknown:
            errors["topics"] = _("Unknown topic.")
        if self.next_step_due_on and not self.next_step:
            errors["next_step"] = _("Please describe the next step for the due date.")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Feedback on meetings


class FeedbackQuerySet(ProjectScopedQuerySet):
    project_field = "meeting__case__project_id"

    def unread_for(self, user: Any) -> "FeedbackQuerySet":
        return self.filter(recipient=user, read_at__isnull=True)


class Feedback(models.Model):
    """A project lead's comment on a logged meeting, a request to follow it up,
    or an answer to one: the entries of a thread on the meeting, each addressed
    to one reader, who marks it read (or answers it)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        FOLLOW_UP = "follow_up", _("please follow up")
        ANSWER = "answer", _("answer")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(
        _("text"), max_length=NOTES_MAX_LENGTH, validators=[notes_max_length()]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="feedback_received",
        verbose_name=_("addressed to"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="feedback_unread",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="feedback_has_text")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.meeting})"

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


# ---------------------------------------------------------------------------
# Placements


class PlacementQuerySet(ProjectScopedQuerySet):
    project_field = "case__project_id"

    def running(self) -> "PlacementQuerySet":
        return self.filter(ended_on__isnull=True)

    def keeping_in_follow_up(self, today: date) -> "PlacementQuerySet":
        """Employment or vocational training started by `today` and not ended by
        it: what keeps a case in follow-up."""
        return self.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=today),
            kind__in=Placement.FOLLOW_UP_KINDS,
            start_on__lte=today,
        )


class Placement(Versioned):
    """A case's outcome with an employer or provider (Vermittlung)."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("employment subject to social insurance")
        VOCATIONAL_TRAINING = "vocational_training", _("vocational training")
        QUALIFICATION = "qualification", _("qualification")
        ENTRY_QUALIFICATION = (
            "entry_qualification",
            _("entry qualification (Einstiegsqualifizierung)"),
        )
        INTERNSHIP = "internship", _("internship")
        MARGINAL_EMPLOYMENT = "marginal_employment", _("marginal employment (Minijob)")
        SELF_EMPLOYMENT = "self_employment", _("self-employment")

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("completed")
        DROPOUT = "dropout", _("dropout by the mentee")
        TERMINATED_BY_EMPLOYER = (
            "terminated_by_employer",
            _("terminated by the employer"),
        )
        OTHER = "other", _("other")

    # Kinds that need an employer or provider, and kinds that start follow-up.
    KINDS_WITH_EMPLOYER = (
        Kind.EMPLOYMENT,
        Kind.VOCATIONAL_TRAINING,
        Kind.ENTRY_QUALIFICATION,
        Kind.INTERNSHIP,
    )
    FOLLOW_UP_KINDS = (Kind.EMPLOYMENT, Kind.VOCATIONAL_TRAINING)

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("case"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("employer or provider"),
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    start_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=30, choices=EndReason, blank=True
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    qualification_adequate = models.BooleanField(
        _("qualification-adequate"),
        null=True,
        blank=True,
        help_text=_("For employment: does the job match the mentee's qualification?"),
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="placement_end_reason_with_end",
            ),
            models.CheckConstraint(
                condition=Q(qualification_adequate__isnull=True) | Q(kind="employment"),
                name="placement_adequate_only_for_employment",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True)
                | Q(weekly_hours__gte=1, weekly_hours__lte=60),
                name="placement_weekly_hours_range",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "start_on"]),
            models.Index(fields=["ended_on"]),
            # Follow-up: each case's earliest employment or training start.
            models.Index(
                fields=["case", "start_on"],
                condition=Q(kind__in=["employment", "vocational_training"]),
                name="placement_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start_on:%d.%m.%Y})"

    @property
    def is_running(self) -> bool:
        return self.ended_on is None

    @property
    def starts_follow_up(self) -> bool:
        return self.kind in self.FOLLOW_UP_KINDS

    @property
    def six_month_day(self) -> date:
        """The day six months after the start: the end of the probation period."""
        return add_months(self.start_on, 6)

    def clean(self) -> None:
        errors = {}
        if self.kind in self.KINDS_WITH_EMPLOYER and not self.employer_id:
            errors["employer"] = _(
                "Please choose the employer or provider for this kind of placement."
            )
        if self.case_id and self.start_on and self.start_on < self.case.opened_on:
            errors["start_on"] = _(
                "A placement cannot start before its case was opened (%(date)s)."
            ) % {"date": self.case.opened_on.strftime("%d.%m.%Y")}
        if (
            self.start_on
            and self.planned_end_on
            and self.planned_end_on < self.start_on
        ):
            errors["planned_end_on"] = _("The planned end lies before the start.")
        if self.start_on and self.ended_on and self.ended_on < self.start_on:
            errors["ended_on"] = _("A placement cannot end before it started.")
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = _("Please give the reason the placement ended.")
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = _("Please give the date the placement ended.")
        if self.ended_on and self.ended_on > timezone.localdate():
            errors["ended_on"] = _("The actual end cannot lie in the future.")
        if (
            self.qualification_adequate is not None
            and self.kind != self.Kind.EMPLOYMENT
        ):
            errors["qualification_adequate"] = _(
                "Qualification-adequate applies only to employment."
            )
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Timeline of a mentee


@dataclass(frozen=True)
class TimelineEntry:
    """One event on a mentee's page: a meeting, a placement's start or end, or a
    case being opened, admitted or closed."""

    day: date
    kind: str
    obj: Any

    # Same-day order, newest first: a case is closed after everything else.
    ORDER = {
        "case_opened": 0,
        "case_admitted": 1,
        "placement_start": 2,
        "meeting": 3,
        "placement_end": 4,
        "case_closed": 5,
    }


def build_timeline(
    cases: Iterable[Case],
    meetings: Iterable[Meeting],
    placements: Iterable[Placement],
) -> list[TimelineEntry]:
    """Merge the already loaded rows into one list, newest first (no queries)."""
    entries = [TimelineEntry(m.date, "meeting", m) for m in meetings]
    for p in placements:
        entries.append(TimelineEntry(p.start_on, "placement_start", p))
        if p.ended_on:
            entries.append(TimelineEntry(p.ended_on, "placement_end", p))
    for c in cases:
        entries.append(TimelineEntry(c.opened_on, "case_opened", c))
        if c.admitted_on:
            entries.append(TimelineEntry(c.admitted_on, "case_admitted", c))
        if c.closed_on:
            entries.append(TimelineEntry(c.closed_on, "case_closed", c))
    entries.sort(
        key=lambda e: (e.day, TimelineEntry.ORDER[e.kind], e.obj.pk), reverse=True
    )
    return entries
