"""Handing a mentee over to another project (Übergabe).

A lead of the mentee's project offers the mentee with their open case to
another project; a lead of that project accepts or declines. Accepting does
everything in one transaction: the open case is closed on that day with the
reason "handed over", the mentee moves to the receiving project and gets that
project's own new case. Earlier cases keep their project; the old project
then sees them read-only (cases.views.access refuses changes).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Handover, Mentee, Project


class HandoverRefused(Exception):
    """The handover cannot be done; the message says why, in German."""


def offer_handover(mentee: Mentee, to_project: Project, *, by: Any) -> Handover:
    """Offer `mentee` (with their open case) to `to_project`."""
    with transaction.atomic():
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        case = Case.objects.filter(mentee=mentee, project=mentee.project_id).open()
        case = case.first()
        if case is None:
            raise HandoverRefused(
                _("Only a mentee with an open case can be handed over.")
            )
        if to_project.pk == mentee.project_id:
            raise HandoverRefused(_("Please choose another project."))
        if Handover.objects.pending().filter(mentee=mentee).exists():
            raise HandoverRefused(
                _("This mentee has already been offered to a project.")
            )
        return Handover.objects.create(
            mentee=mentee,
            case=case,
            from_project_id=mentee.project_id,
            to_project=to_project,
            offered_by=by,
        )


def _pending(handover: Handover) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.status != Handover.Status.OFFERED:
        raise HandoverRefused(_("This handover has already been answered."))
    return locked


def accept_handover(handover: Handover, *, by: Any) -> Case:
    """Close the old case, move the mentee, open the receiving project's case.

    The new case starts on the day of acceptance, with `by` as its mentor;
    it is admitted that day if the old case was admitted (the person stays a
    participant without a gap).
    """
    today = timezone.localdate()
    with transaction.atomic():
        handover = _pending(handover)
        mentee = Mentee.objects.select_for_update().get(pk=handover.mentee_id)
        old = Case.objects.select_for_update().get(pk=handover.case_id)
        if not old.is_open or mentee.project_id != handover.from_project_id:
            raise HandoverRefused(
                _("The case has changed since the offer; please offer it again.")
            )
        old.closed_on = max(today, old.opened_on)
        old.status = Case.Status.CLOSED
        old.close_reason = Case.CloseReason.HANDED_OVER
        old.save()
        mentee.project_id = handover.to_project_id
        # The old project's free text about the person does not travel along.
        mentee.notes = ""
        mentee.save()
        new = Case.objects.create(
            mentee=mentee,
            project_id=handover.to_project_id,
            mentor=by,
            opened_on=today,
            admitted_on=today if old.admitted_on else None,
            status=Case.Status.ACTIVE if old.admitted_on else Case.Status.INTAKE,
        )
        handover.status = Handover.Status.ACCEPTED
        handover.decided_by = by
        handover.decided_on = today
        handover.new_case = new
        handover.receiver_notified = True
        handover.sender_notified = False
        handover.save()
    return new


def decline_handover(handover: Handover, *, by: Any) -> None:
    with transaction.atomic():
        handover = _pending(handover)
        handover.status = Handover.Status.DECLINED
        handover.decided_by = by
        handover.decided_on = timezone.localdate()
        handover.receiver_notified = True
        handover.sender_notified = False
        handover.save()
