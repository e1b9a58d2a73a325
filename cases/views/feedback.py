"""Feedback on meetings: a project lead comments on a logged meeting or asks
for a follow-up; its reader answers or marks it read. The thread shows on the
mentee's timeline, unread entries on the reader's start page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.forms import AnswerForm, FeedbackForm, user_label
from cases.models import Feedback
from cases.views.access import (
    get_feedback_for_user,
    get_meeting_for_user,
    refuse_if_handed_away,
)
from cases.views.helpers import redirect_back, render_form_page
from mentoring.permissions import PROJECT_LEAD, project_role_required, role_required


def on_timeline(feedback: Feedback) -> HttpResponse:
    """Back to the mentee page, at this entry of the meeting's thread."""
    url = feedback.meeting.case.mentee.get_absolute_url()
    return redirect(f"{url}#feedback-{feedback.pk}")


def get_received_feedback(request: HttpRequest, pk: int) -> Feedback:
    """Feedback of the user's projects (else 404) addressed to them (else 403)."""
    feedback = get_feedback_for_user(request, pk)
    if feedback.recipient_id != request.user.pk:
        raise PermissionDenied
    return feedback


@role_required(PROJECT_LEAD)
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = FeedbackForm(request.POST or None, meeting=meeting, author=request.user)
    if request.method == "POST" and form.is_valid():
        feedback = form.save()
        messages.success(
            request,
            _("Feedback sent to %(name)s.") % {"name": user_label(feedback.recipient)},
        )
        return on_timeline(feedback)
    return render_form_page(
        request,
        form=form,
        title=_("Feedback on a meeting"),
        mentee=meeting.case.mentee,
        submit_label=_("Send feedback"),
        intro=_("On the meeting of %(date)s (%(channel)s, %(minutes)s min).")
        % {
            "date": formats.date_format(meeting.date, "SHORT_DATE_FORMAT"),
            "channel": meeting.get_channel_display(),
            "minutes": meeting.duration_minutes,
        },
        quote=meeting.notes,
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_received_feedback(request, pk)
    refuse_if_handed_away(feedback.meeting.case)
    form = AnswerForm(request.POST or None, answering=feedback, author=request.user)
    if request.method == "POST" and form.is_valid():
        answer = form.save()
        messages.success(request, _("Answer sent."))
        return on_timeline(answer)
    return render_form_page(
        request,
        form=form,
        title=_("Answer the feedback"),
        mentee=feedback.meeting.case.mentee,
        submit_label=_("Send answer"),
        intro=_("%(name)s wrote on %(date)s:")
        % {
            "name": user_label(feedback.author) if feedback.author else "–",
            "date": formats.date_format(
                timezone.localtime(feedback.created_at), "SHORT_DATE_FORMAT"
            ),
        },
        quote=feedback.text,
    )


@project_role_required
@require_POST
def feedback_read(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_received_feedback(request, pk)
    feedback.mark_read()
    messages.success(request, _("Feedback marked as read."))
    return redirect_back(request, feedback.meeting.case.mentee)
