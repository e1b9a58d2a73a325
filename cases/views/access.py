"""One helper per object kind: the object if the user's projects may see it,
else 404. Every view that takes a pk goes through these."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cases.models import Case, Feedback, IntegrationStep, Meeting, Mentee, Placement


def get_mentee_for_user(request: HttpRequest, pk: int) -> Mentee:
    return get_object_or_404(
        Mentee.objects.visible_to(request.user).select_related("project", "region"),
        pk=pk,
    )


def get_case_for_user(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "mentee", "project", "mentor"
        ),
        pk=pk,
    )


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("case__mentee"),
        pk=pk,
    )


def get_feedback_for_user(request: HttpRequest, pk: int) -> Feedback:
    return get_object_or_404(
        Feedback.objects.visible_to(request.user).select_related(
            "meeting__case__mentee", "author"
        ),
        pk=pk,
    )


def get_step_for_user(request: HttpRequest, pk: int) -> IntegrationStep:
    return get_object_or_404(
        IntegrationStep.objects.visible_to(request.user).select_related("case__mentee"),
        pk=pk,
    )


def get_placement_for_user(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.visible_to(request.user).select_related(
            "case__mentee", "employer"
        ),
        pk=pk,
    )
