"""Employers (shared by all projects) and the consultations a project gives them."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.permissions import project_ids_subquery, works_in_projects


class Employer(models.Model):
    """An employer or training provider; one registry for all projects."""

    class Sector(models.TextChoices):
        """Sections of the German classification of economic activities, WZ 2008."""

        A = "A", _("A – Agriculture, forestry and fishing")
        B = "B", _("B – Mining and quarrying")
        C = "C", _("C – Manufacturing")
        D = "D", _("D – Electricity, gas, steam and air conditioning supply")
        E = "E", _("E – Water supply, sewerage, waste management")
        F = "F", _("F – Construction")
        G = "G", _("G – Wholesale and retail trade, repair of motor vehicles")
        H = "H", _("H – Transportation and storage")
        I = "I", _("I – Accommodation and food service activities")  # noqa: E741
        J = "J", _("J – Information and communication")
        K = "K", _("K – Financial and insurance activities")
        L = "L", _("L – Real estate activities")
        M = "M", _("M – Professional, scientific and technical activities")
        N = "N", _("N – Administrative and support service activities")
        O = "O", _("O – Public administration and defence")  # noqa: E741
        P = "P", _("P – Education")
        Q = "Q", _("Q – Human health and social work activities")
        R = "R", _("R – Arts, entertainment and recreation")
        S = "S", _("S – Other service activities")
        T = "T", _("T – Activities of households as employers")
        U = "U", _("U – Extraterritorial organisations and bodies")

    class SizeClass(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(
        _("economic sector (WZ 2008)"), max_length=1, choices=Sector
    )
    size_class = models.CharField(
        _("size"), max_length=10, choices=SizeClass, blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        "cases.Region",
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("district"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["postcode"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:employer_detail", args=[self.pk])

    def clean(self) -> None:
        if self.postcode and not (len(self.postcode) == 5 and self.postcode.isdigit()):
            raise ValidationError({"postcode": _("A German postcode has five digits.")})


class ContactPerson(models.Model):
    """A contact at an employer. Business contact data, visible to all projects."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class EmployerConsultationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "EmployerConsultationQuerySet":
        """Consultations of the user's projects; other projects' stay hidden."""
        if not works_in_projects(user):
            return self.none()
        return self.filter(project_id__in=project_ids_subquery(user))


class EmployerConsultation(models.Model):
    """An employer advised by a mentor of a project (Arbeitgeberberatung)."""

    class Topic(models.TextChoices):
        RECRUITMENT = "recruitment", _("recruiting refugees")
        WORK_PERMIT = "work_permit", _("work permit and residence law")
        FUNDING = "funding", _("funding and subsidies")
        TRAINING = "training", _("vocational training")
        RECOGNITION = "recognition", _("recognition of qualifications")
        ONBOARDING = "onboarding", _("onboarding and intercultural questions")
        CONFLICT = "conflict", _("conflict at the workplace")
        OTHER = "other", _("other")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("employer"),
    )
    project = models.ForeignKey(
        "cases.Project",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("project"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("mentor"),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    notes = models.TextField(_("notes"), blank=True)
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("about mentee"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EmployerConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("employer consultation")
        verbose_name_plural = _("employer consultations")
        indexes = [
            models.Index(fields=["employer", "-date"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.date:%d.%m.%Y}"

    def clean(self) -> None:
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A consultation cannot be recorded for a future date.")
        if (
            self.mentee_id
            and self.project_id
            and self.mentee.project_id != self.project_id
        ):
            errors["mentee"] = _("The mentee does not belong to this project.")
        if errors:
            raise ValidationError(errors)
