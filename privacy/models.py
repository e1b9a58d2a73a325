"""The data-protection records: consents, the access log, retention holds,
erasures and retention runs. The change history of the other apps' models is
registered at the bottom (history.py); its tables live in this app too."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
)
from employers.models import ContactPerson, Employer, EmployerConsultation
from privacy.history import track


class ConsentText(models.Model):
    """A version of the consent form's text that a person agrees to."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self) -> str:
        return f"{self.version} – {self.title}"


class ConsentQuerySet(models.QuerySet):
    def in_force(self) -> "ConsentQuerySet":
        return self.filter(withdrawn_on__isnull=True)


class Consent(models.Model):
    """A mentee's consent to the processing of their data, with its provenance,
    and its withdrawal once recorded."""

    class Channel(models.TextChoices):
        SIGNED_FORM = "signed_form", _("signed form")
        ORAL_INTERPRETER = "oral_interpreter", _("given orally, with an interpreter")
        ORAL = "oral", _("given orally")
        EMAIL = "email", _("in writing by email or letter")
        LEGACY = "legacy", _("date only, recorded before consent records existed")

    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("mentee"),
    )
    text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("text version"),
    )
    given_on = models.DateField(_("given on"))
    channel = models.CharField(_("how it was given"), max_length=20, choices=Channel)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_channel = models.CharField(
        _("how it was withdrawn"), max_length=20, choices=Channel, blank=True
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return _("Consent of %(code)s from %(date)s") % {
            "code": self.mentee.code,
            "date": self.given_on.strftime("%d.%m.%Y"),
        }


class AccessLogEntry(models.Model):
    """One request that showed a mentee's personal data: who, when, what.

    Written with one INSERT per request (privacy.access.log_access); it holds
    no free text, only the path of the page (ids, never a search term)."""

    class Action(models.TextChoices):
        PAGE = "page", _("mentee page")
        FORM = "form", _("form")
        HISTORY = "history", _("change history")
        EXPORT_JSON = "export_json", _("data export (JSON)")
        EXPORT_PDF = "export_pdf", _("data export (PDF)")
        ADMIN = "admin", _("admin page")

    at = models.DateTimeField(_("time"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentee"),
        help_text=_("Empty for an admin list of several mentees."),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action)
    path = models.CharField(_("page"), max_length=255)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["mentee", "-at"], name="accesslog_mentee_at"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()}"


class RetentionHold(models.Model):
    """A legal reason to keep a mentee's data past the retention period (or
    after consent was withdrawn), until a date."""

    mentee = models.ForeignKey(
        Mentee,
        on_delete=models.PROTECT,
        related_name="retention_holds",
        verbose_name=_("mentee"),
    )
    reason = models.TextField(
        _("legal reason"),
        help_text=_(
            "The legal duty to keep the records, e.g. the funding body's audit "
            "obligation. Please do not write the person's name."
        ),
    )
    until = models.DateField(_("keep until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-until", "-pk"]
        verbose_name = _("retention hold")
        verbose_name_plural = _("retention holds")

    def __str__(self) -> str:
        return _("Keep until %(date)s") % {"date": self.until.strftime("%d.%m.%Y")}


class Erasure(models.Model):
    """The mark of an erased mentee (Art. 17 GDPR): when, by whom, why.

    The mentee row itself stays, reduced to what the statistics count."""

    class Source(models.TextChoices):
        REQUEST = "request", _("request of the person or the project")
        WITHDRAWAL = "withdrawal", _("consent withdrawn")
        RETENTION = "retention", _("retention period over")

    mentee = models.OneToOneField(
        Mentee,
        on_delete=models.PROTECT,
        related_name="erasure",
        verbose_name=_("mentee"),
    )
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    source = models.CharField(_("occasion"), max_length=20, choices=Source)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return _("Erased on %(date)s") % {"date": f"{self.erased_at:%d.%m.%Y}"}


class RetentionRun(models.Model):
    """One run of the nightly retention job, for the administrators to read."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    closed_before = models.DateField(
        _("last case closed before"),
        help_text=_("Mentees whose last case closed before this day were due."),
    )
    erased_codes = models.JSONField(_("erased mentees (codes)"), default=list)
    held = models.PositiveIntegerField(_("kept because of a hold"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%d.%m.%Y %H:%M}"


# ---------------------------------------------------------------------------
# Change history of the case data, the employers, the teams and the roles

for _model in (
    Mentee,
    Case,
    Meeting,
    IntegrationStep,
    Placement,
    Employer,
    ContactPerson,
    EmployerConsultation,
    Membership,
    Consent,
    RetentionHold,
    Feedback,
):
    track(_model)
# A user's role is their group membership; the password hash and the login
# time stay out of the history.
track(
    get_user_model(), m2m_fields=["groups"], excluded_fields=["password", "last_login"]
)
