"""One helper per object kind: the object if the user's projects may see it,
else 404. Every view that takes a pk goes through these.

The case, meeting, step and placement helpers serve only views that change
data, so they also leave out mentees who are erased or whose processing is
restricted (privacy/consent.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    Project,
)
from privacy.consent import processing_allowed, with_privacy_state


def refuse_if_handed_away(case: Case) -> None:
    """403 for a case whose mentee has been handed over to another project:
    the old project keeps it read-only."""
    if case.is_handed_away:
        raise PermissionDenied(
            _(
                "This case was handed over to another project and can only be "
                "read; nothing can be added or changed."
            )
        )


def get_mentee_for_user(request: HttpRequest, pk: int) -> Mentee:
    mentees = Mentee.objects.visible_to(request.user).select_related(
        "project", "region"
    )
    return get_object_or_404(with_privacy_state(mentees), pk=pk)


def get_mentee_to_read(request: HttpRequest, pk: int) -> Mentee:
    """For the mentee page only: the mentees of the user's projects and also
    those handed over from them, whose earlier cases the old project reads."""
    own = Membership.objects.filter(user=request.user, project=OuterRef("project"))
    mentees = (
        Mentee.objects.readable_by(request.user)
        .annotate(is_own=Exists(own))
        .select_related("project", "region")
    )
    return get_object_or_404(with_privacy_state(mentees), pk=pk)


def get_case_for_user(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(
        Case.objects.visible_to(request.user)
        .filter(processing_allowed("mentee"))
        .select_related("mentee", "project", "mentor"),
        pk=pk,
    )
    refuse_if_handed_away(case)
    return case


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .filter(processing_allowed("case__mentee"))
        .select_related("case__mentee"),
        pk=pk,
    )
    refuse_if_handed_away(meeting.case)
    return meeting


def get_feedback_for_user(request: HttpRequest, pk: int) -> Feedback:
    return get_object_or_404(
        Feedback.objects.visible_to(request.user).select_related(
            "meeting__case__mentee", "author"
        ),
        pk=pk,
    )


def get_step_for_user(request: HttpRequest, pk: int) -> IntegrationStep:
    step = get_object_or_404(
        IntegrationStep.objects.visible_to(request.user)
        .filter(processing_allowed("case__mentee"))
        .select_related("case__mentee"),
        pk=pk,
    )
    refuse_if_handed_away(step.case)
    return step


def get_placement_for_user(request: HttpRequest, pk: int) -> Placement:
    placement = get_object_or_404(
        Placement.objects.visible_to(request.user)
        .filter(processing_allowed("case__mentee"))
        .select_related("case__mentee", "employer"),
        pk=pk,
    )
    refuse_if_handed_away(placement.case)
    return placement


def get_led_project(request: HttpRequest, pk: int) -> Project:
    """A project the user is a member of (for the pages of its leads), else 404."""
    return get_object_or_404(
        Project.objects.filter(memberships__user=request.user), pk=pk
    )
