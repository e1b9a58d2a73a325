"""The spreadsheet's own ids ("Eigene ID"), per project, and what they became.

A row of a file names itself with an own id; the import records which object
it created for that id in this project, so the same file imported again
changes nothing and a corrected file updates the rows it names. One mapping
per spreadsheet row: a "Mentees" row maps to its mentee, its case and its
consent record; the other kinds map to one object each.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mentoring.permissions import PROJECT_LEAD, has_role
from reports.models import Job, JobQuerySet


class SourceIdQuerySet(models.QuerySet):
    def of_mentee(self, mentee) -> "SourceIdQuerySet":
        """The own ids of the mentee's rows: the person, their cases, consents,
        meetings, placements, steps and the consultations about them."""
        return self.filter(
            Q(mentee=mentee)
            | Q(case__mentee=mentee)
            | Q(consent__mentee=mentee)
            | Q(meeting__case__mentee=mentee)
            | Q(placement__case__mentee=mentee)
            | Q(step__case__mentee=mentee)
            | Q(consultation__mentee=mentee)
        )


class SourceId(models.Model):
    """One row's own id in one project, and the object(s) it was imported as."""

    class Kind(models.TextChoices):
        MENTEES = "mentees", _("mentee with case")
        MEETINGS = "meetings", _("meeting")
        PLACEMENTS = "placements", _("placement")
        STEPS = "steps", _("integration step")
        EMPLOYERS = "employers", _("employer")
        CONTACTS = "contacts", _("contact person")
        CONSULTATIONS = "consultations", _("employer consultation")

    project = models.ForeignKey(
        "cases.Project",
        on_delete=models.CASCADE,
        related_name="source_ids",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    own_id = models.CharField(_("own id"), max_length=100)
    mentee = models.ForeignKey(
        "cases.Mentee", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # A case or consent deleted in the interface leaves the mentee's mapping.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent = models.ForeignKey(
        "privacy.Consent", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "cases.Meeting", on_delete=models.CASCADE, null=True, related_name="+"
    )
    placement = models.ForeignKey(
        "cases.Placement", on_delete=models.CASCADE, null=True, related_name="+"
    )
    step = models.ForeignKey(
        "cases.IntegrationStep", on_delete=models.CASCADE, null=True, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # True when the row was matched to an employer already in the shared
    # registry: the import links to it but never changes it.
    linked = models.BooleanField(_("linked to an existing employer"), default=False)
    contact = models.ForeignKey(
        "employers.ContactPerson", on_delete=models.CASCADE, null=True, related_name="+"
    )
    consultation = models.ForeignKey(
        "employers.EmployerConsultation",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SourceIdQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported row id")
        verbose_name_plural = _("imported row ids")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "own_id"], name="unique_source_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.kind}/{self.own_id}"


class PrivateImportStorage(FileSystemStorage):
    """Uploaded files under MEDIA_ROOT/private/imports, read at use (tests
    change MEDIA_ROOT); no URL, nothing serves them."""

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "private" / "imports")

    def url(self, name: str | None) -> str:
        raise ValueError("Uploaded import files are never served.")


def private_storage() -> FileSystemStorage:
    return PrivateImportStorage()


class ImportJobQuerySet(JobQuerySet):
    def visible_to(self, user: Any) -> "ImportJobQuerySet":
        """A project lead sees the import jobs of the projects they belong to."""
        if not has_role(user, PROJECT_LEAD):
            return self.none()
        return self.filter(project__memberships__user=user)


class ImportJob(Job):
    """One upload: first checked (dry run), then, when confirmed, imported.

    The uploaded file stays until the real import finishes or fails, or until
    a dry run finds problems; then it is deleted. Progress is written through
    a second database connection, so it is visible while the import's own
    transaction is still open.
    """

    project = models.ForeignKey(
        "cases.Project",
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("project"),
    )
    file = models.FileField(
        _("uploaded file"), storage=private_storage, upload_to="%Y/%m/", blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    employer_choices = models.JSONField(
        _("employer choices"),
        default=dict,
        blank=True,
        help_text=_("Own id of an employer row -> registry employer id, or null."),
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in total"), default=0)
    outcome = models.JSONField(_("outcome"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta(Job.Meta):
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return _("Import of %(file)s") % {"file": self.file_name}

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def percent_step(self) -> int:
        """The percentage rounded down to 5, for the bar's CSS width class."""
        return self.percent - self.percent % 5

    def delete_file(self) -> None:
        if self.file:
            self.file.delete(save=False)
        type(self).objects.filter(pk=self.pk).update(file="")
