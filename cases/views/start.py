"""The start page: each role lands where its work is; mentors see what is due."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.models import (
    QUIET_DAYS,
    Case,
    Feedback,
    Handover,
    IntegrationStep,
    Meeting,
    Placement,
    add_months,
)
from cases.views.handovers import tell_about_handovers
from mentoring.permissions import (
    MINISTRY,
    PROJECT_LEAD,
    ZEFAS,
    has_role,
    project_ids_subquery,
    works_in_projects,
)
from reminders.models import ReminderSettings

# Each list on the start page shows at most this many rows.
LIST_CAP = 10
UPCOMING_DAYS = 14


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: each role lands where its work is."""
    user = request.user
    if works_in_projects(user):
        context = start_lists(user)
        context["reminders"] = ReminderSettings.for_user(user)
        if has_role(user, PROJECT_LEAD):
            tell_about_handovers(request)
            context["offered_handovers"] = (
                Handover.objects.pending()
                .filter(to_project__in=project_ids_subquery(user))
                .count()
            )
        return render(request, "cases/start.html", context)
    if has_role(user, ZEFAS):
        return redirect("reports:dashboard")
    if has_role(user, MINISTRY):
        return redirect("reports:report_list")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "cases/no_role.html", status=403)


def start_lists(user: object) -> dict:
    """The start page's lists for a mentor or project lead: one query each."""
    today = timezone.localdate()
    next_steps = (
        Meeting.objects.visible_to(user)
        .open_next_steps()
        .select_related("case__mentee", "case__mentor")
        .order_by("next_step_due_on", "pk")
    )
    quiet = (
        Case.objects.visible_to(user)
        .without_meeting_since(today - timedelta(days=QUIET_DAYS))
        .with_last_meeting()
        .select_related("mentee", "mentor")
        .order_by(Coalesce("last_meeting_on", "opened_on"), "pk")
    )
    probation = (
        Placement.objects.visible_to(user)
        .running()
        .filter(
            kind__in=Placement.FOLLOW_UP_KINDS,
            start_on__lte=today,
            start_on__gt=add_months(today, -6),
            case__closed_on__isnull=True,
        )
        .select_related("case__mentee", "employer")
        .order_by("start_on", "pk")
    )
    return {
        "today": today,
        "unread_feedback": list(
            Feedback.objects.visible_to(user)
            .unread_for(user)
            .select_related("meeting__case__mentee", "author")
            .order_by("created_at", "pk")[:LIST_CAP]
        ),
        "overdue_next_steps": list(
            next_steps.filter(next_step_due_on__lt=today)[:LIST_CAP]
        ),
        "upcoming_next_steps": list(
            next_steps.filter(
                next_step_due_on__gte=today,
                next_step_due_on__lte=today + timedelta(days=UPCOMING_DAYS),
            )[:LIST_CAP]
        ),
        "overdue_steps": list(
            IntegrationStep.objects.visible_to(user)
            .due_by(today - timedelta(days=1))
            .select_related("case__mentee", "case__mentor")
            .order_by("due_on", "pk")[:LIST_CAP]
        ),
        "quiet_cases": list(
            quiet.filter(status__in=[Case.Status.INTAKE, Case.Status.ACTIVE])[:LIST_CAP]
        ),
        "quiet_follow_up": list(quiet.filter(status=Case.Status.FOLLOW_UP)[:LIST_CAP]),
        "probation": list(probation[:LIST_CAP]),
        "recent_meetings": list(
            Meeting.objects.visible_to(user)
            .select_related("case__mentee", "created_by")
            .order_by("-created_at", "-pk")[:LIST_CAP]
        ),
        "list_cap": LIST_CAP,
        "upcoming_days": UPCOMING_DAYS,
        "quiet_days": QUIET_DAYS,
    }
