"""Meetings: logged inline from the mentee page (htmx, or a plain POST without
JavaScript), edited and deleted on their own pages."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from cases.forms import MeetingForm
from cases.models import Meeting
from cases.views.access import get_case_for_user, get_meeting_for_user
from cases.views.helpers import redirect_back, render_form_page
from cases.views.mentees import timeline_context
from mentoring.permissions import project_role_required
from privacy.access import Action, log_access

PAGE = "cases/mentee_detail.html"


@project_role_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    meeting = Meeting(case=case, created_by=request.user)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        if not request.htmx:
            messages.success(request, _("Meeting saved."))
            return redirect(case)
        # The fresh timeline, and an empty form swapped out of band with the
        # confirmation next to its button, where the user has just tapped.
        log_access(request, case.mentee, Action.PAGE)
        context = timeline_context(case.mentee, request.user)
        context.update(meeting_form=MeetingForm(), oob=True, saved=meeting)
        html = render_to_string(f"{PAGE}#timeline", context, request=request)
        html += render_to_string(f"{PAGE}#meeting_form", context, request=request)
        return HttpResponse(html)
    if request.htmx:
        context = {"current_case": case, "meeting_form": form}
        response = render(request, f"{PAGE}#meeting_form", context)
        return reswap(retarget(response, "#meeting-form-wrapper"), "outerHTML")
    return render_form_page(
        request,
        form=form,
        title=_("Log a meeting"),
        mentee=case.mentee,
        submit_label=_("Save meeting"),
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(meeting.case)
    return render_form_page(
        request,
        form=form,
        title=_("Edit the meeting"),
        mentee=meeting.case.mentee,
        submit_label=_("Save"),
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    if request.method == "POST":
        meeting.delete()
        messages.success(request, _("The meeting has been deleted."))
        return redirect(meeting.case)
    log_access(request, meeting.case.mentee, Action.FORM)
    return render(
        request,
        "cases/meeting_confirm_delete.html",
        {"meeting": meeting, "mentee": meeting.case.mentee},
    )


@project_role_required
@require_POST
def next_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    meeting.next_step_done = True
    meeting.save(update_fields=["next_step_done"])
    messages.success(request, _("Next step marked as done."))
    return redirect_back(request, meeting.case)
