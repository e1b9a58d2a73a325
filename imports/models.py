"""The spreadsheet's own ids ("Eigene ID"), per project, and what they became.

A row of a file names itself with an own id; the import records which object
it created for that id in this project, so the same file imported again
changes nothing and a corrected file updates the rows it names. One mapping
per spreadsheet row: a "Mentees" row maps to its mentee, its case and its
consent record; the other kinds map to one object each.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
