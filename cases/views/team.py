"""The team page: a project lead manages the mentors of their project(s).

Add a mentor, hand a member's open cases over to another member, remove a
member. Only project leads, and only for projects they are a member of
(another project → 404).
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.forms import (
    HandoverForm,
    TeamAddForm,
    TeamInviteForm,
    membership_removal_error,
    unassigned_mentors,
    user_label,
)
from cases.models import Case, Meeting, Membership, Project
from cases.views.access import get_led_project
from mentoring.permissions import MENTOR, PROJECT_LEAD, role_required

User = get_user_model()

lead_required = role_required(PROJECT_LEAD)


def led_projects(user: object) -> "list[Project]":
    return list(Project.objects.filter(memberships__user=user).order_by("name"))


def get_membership(project: Project, user_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(project=project).select_related("user", "project"),
        user_id=user_pk,
    )


def has_group(name: str) -> Exists:
    return Exists(
        User.groups.through.objects.filter(user=OuterRef("user"), group__name=name)
    )


def team_members(projects: "list[Project]") -> "list[Membership]":
    """The memberships of `projects` with each member's role, number of open
    cases in the project and the last meeting they logged there. One query."""
    open_cases = (
        Case.objects.filter(
            project=OuterRef("project"), mentor=OuterRef("user"), closed_on__isnull=True
        )
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_meeting = (
        Meeting.objects.filter(
            case__project=OuterRef("project"), created_by=OuterRef("user")
        )
        .order_by("-date")
        .values("date")[:1]
    )
    return list(
        Membership.objects.filter(project__in=projects)
        .select_related("user")
        .annotate(
            is_lead=has_group(PROJECT_LEAD),
            is_mentor=has_group(MENTOR),
            open_cases=Coalesce(Subquery(open_cases), 0),
            last_meeting_on=Subquery(last_meeting),
        )
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def team_context(user: object, bound_form: TeamAddForm | None = None) -> dict:
    """One block per project the lead works in. Three queries at any size."""
    projects = led_projects(user)
    members = team_members(projects)
    # Mentors who belong to no project: the same candidates for every project.
    mentors = list(unassigned_mentors())
    by_project: dict[int, list[Membership]] = defaultdict(list)
    for membership in members:
        by_project[membership.project_id].append(membership)
    teams = []
    for project in projects:
        team = by_project[project.pk]
        leads = sum(1 for m in team if m.is_lead)
        for m in team:
            m.name = user_label(m.user)
            m.removable = m.open_cases == 0 and not (m.is_lead and leads == 1)
        if bound_form is not None and bound_form.project.pk == project.pk:
            form = bound_form
            form.set_candidates(mentors)
        else:
            form = TeamAddForm(project=project, candidates=mentors)
        teams.append(
            {
                "project": project,
                "members": team,
                "form": form,
                "invite_form": TeamInviteForm(project=project),
            }
        )
    return {"teams": teams}


@lead_required
@require_GET
def team_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/team.html", team_context(request.user))


@lead_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_led_project(request, pk)
    form = TeamAddForm(request.POST, project=project)
    if form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(name)s now works in %(project)s.")
            % {"name": user_label(membership.user), "project": project},
        )
        return redirect("cases:team")
    return render(request, "cases/team.html", team_context(request.user, form))


@lead_required
@require_POST
def team_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a mentor by exact username; an administrator confirms it. The
    answer is the same for every name that cannot be invited."""
    project = get_led_project(request, pk)
    form = TeamInviteForm(request.POST, project=project)
    if form.is_valid() and form.save(by=request.user) is not None:
        messages.success(
            request,
            _(
                "Invitation sent. The person becomes a member of %(project)s "
                "once an administrator has confirmed it."
            )
            % {"project": project},
        )
    else:
        messages.error(request, _("An invitation to this username is not possible."))
    return redirect("cases:team")


@lead_required
@require_http_methods(["GET", "POST"])
def team_handover(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    project = get_led_project(request, pk)
    membership = get_membership(project, user_pk)
    form = HandoverForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        moved = form.save()
        name = user_label(membership.user)
        messages.success(
            request,
            ngettext(
                "%(count)d open case of %(name)s handed over to %(to)s.",
                "%(count)d open cases of %(name)s handed over to %(to)s.",
                moved,
            )
            % {"count": moved, "name": name, "to": user_label(form.cleaned_data["to"])},
        )
        if form.cleaned_data["remove_membership"]:
            messages.success(
                request,
                _("%(name)s has been removed from %(project)s.")
                % {"name": name, "project": project},
            )
        return redirect("cases:team")
    open_cases = list(
        form.open_cases()
        .select_related("mentee")
        .order_by("mentee__last_name", "mentee__first_name", "pk")
    )
    return render(
        request,
        "cases/team_handover.html",
        {
            "project": project,
            "membership": membership,
            "member_name": user_label(membership.user),
            "open_cases": open_cases,
            "form": form,
        },
    )


@lead_required
@require_POST
def team_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    project = get_led_project(request, pk)
    membership = get_membership(project, user_pk)
    error = membership_removal_error(membership)
    if error:
        messages.error(request, error)
    else:
        membership.delete()
        messages.success(
            request,
            _("%(name)s has been removed from %(project)s.")
            % {"name": user_label(membership.user), "project": project},
        )
    return redirect("cases:team")
