"""Mentee list, the navigation's search, mentee page, create and edit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cases.filters import MenteeFilter
from cases.forms import MeetingForm, MenteeForm
from cases.models import (
    Case,
    Feedback,
    Handover,
    Meeting,
    Mentee,
    Placement,
    build_timeline,
    mark_placed,
)
from cases.views.access import get_mentee_for_user, get_mentee_to_read
from mentoring.permissions import PROJECT_LEAD, has_role, project_role_required
from privacy.access import Action, log_access
from privacy.consent import is_locked

PAGE_SIZE = 25
# The list's filters besides the search: their section opens when one is set.
FILTERS = ("status", "mentor", "region", "placed")
# Sortable columns of the list: the `sort` value and the column heading.
SORT_COLUMNS = [
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Name")),
    ("status", gettext_lazy("Case status")),
    ("mentor", gettext_lazy("Mentor")),
    ("last_meeting", gettext_lazy("Last meeting")),
]


def sort_columns(current: str) -> list[dict]:
    """Column headings with the link target and aria-sort for the current order."""
    columns = []
    for key, label in SORT_COLUMNS:
        if current == key:
            columns.append({"label": label, "sort": f"-{key}", "aria": "ascending"})
        elif current == f"-{key}":
            columns.append({"label": label, "sort": key, "aria": "descending"})
        else:
            columns.append({"label": label, "sort": key, "aria": ""})
    return columns


@project_role_required
def mentee_list(request: HttpRequest) -> HttpResponse:
    mentees = Mentee.objects.visible_to(request.user).with_current_case()
    mentee_filter = MenteeFilter(request.GET, queryset=mentees, user=request.user)
    page = Paginator(mentee_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/mentee_list.html",
        {
            "filter": mentee_filter,
            "filtered": any(request.GET.get(name) for name in FILTERS),
            "page": page,
            "mentees": mark_placed(list(page.object_list)),
            "columns": sort_columns(request.GET.get("sort", "")),
        },
    )


@project_role_required
@require_GET
def mentee_search(request: HttpRequest) -> HttpResponse:
    """The navigation's search: straight to the mentee when the code or name
    finds exactly one, else the mentee list with the same search."""
    query = request.GET.get("q", "").strip()
    if not query:
        return redirect("cases:mentee_list")
    mentees = Mentee.objects.visible_to(request.user)
    found = MenteeFilter({"q": query}, queryset=mentees, user=request.user).qs
    hits = list(found.values_list("pk", flat=True)[:2])
    if len(hits) == 1:
        return redirect("cases:mentee_detail", hits[0])
    return redirect(f"{reverse('cases:mentee_list')}?{urlencode({'q': query})}")


def timeline_context(mentee: Mentee, user: object, *, own: bool = True) -> dict:
    """The mentee's cases, meetings with their feedback threads, placements
    and their merged timeline, as far as `user` may read them.

    The mentee's own project (`own`) sees every case and placement, also
    those of projects the person was handed over from, but meetings only of
    its own cases: another project's notes stay with that project. A project
    the mentee was handed away from sees only its own earlier cases.
    Four queries, whatever the number of rows.
    """
    cases = Case.objects.filter(mentee=mentee)
    placements = Placement.objects.filter(case__mentee=mentee)
    if not own:
        cases = cases.visible_to(user)
        placements = placements.visible_to(user)
    cases = list(
        cases.select_related("mentor", "project").order_by("-opened_on", "-pk")
    )
    threads = Prefetch(
        "feedback",
        queryset=Feedback.objects.select_related("author"),
        to_attr="thread",
    )
    meetings = list(
        Meeting.objects.filter(case__mentee=mentee)
        .visible_to(user)
        .select_related("created_by", "case")
        .prefetch_related(threads)
    )
    placements = list(placements.select_related("employer"))
    current_case = next((c for c in cases if c.is_open), cases[0] if cases else None)
    return {
        "mentee": mentee,
        "cases": cases,
        "current_case": current_case,
        "earlier_cases": [c for c in cases if c is not current_case],
        "placements": placements,
        # The cases whose free texts and actions the reader has: their project's.
        "own_case_ids": {
            c.pk for c in cases if not own or c.project_id == mentee.project_id
        },
        "timeline": build_timeline(cases, meetings, placements),
    }


@project_role_required
def mentee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_to_read(request, pk)
    log_access(request, mentee, Action.PAGE)
    own = mentee.is_own
    context = timeline_context(mentee, request.user, own=own)
    case = context["current_case"]
    # Handed away: the old project reads its earlier cases and changes nothing.
    context["handed_away"] = not own
    context["locked"] = is_locked(mentee) or not own
    context["steps"] = list(case.steps.all()) if case and own else []
    open_case = case and case.is_open and not context["locked"]
    context["meeting_form"] = MeetingForm() if open_case else None
    context["pending_handover"] = (
        Handover.objects.pending()
        .filter(mentee=mentee)
        .select_related("to_project")
        .first()
        if own and has_role(request.user, PROJECT_LEAD)
        else None
    )
    return render(request, "cases/mentee_detail.html", context)


@project_role_required
def mentee_create(request: HttpRequest) -> HttpResponse:
    form = MenteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        mentee = form.save()
        messages.success(
            request, _("Mentee %(code)s created, case opened.") % {"code": mentee.code}
        )
        return redirect(mentee)
    return render(request, "cases/mentee_form.html", {"form": form})


@project_role_required
def mentee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    log_access(request, mentee, Action.FORM)
    form = MenteeForm(request.POST or None, instance=mentee, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(mentee)
    return render(request, "cases/mentee_form.html", {"form": form, "mentee": mentee})
