"""Data-protection pages of a project: the change history of a mentee, an
employer and a team, a mentee's access log, the weekly access list, the
Art. 15 export, the erasure, consent withdrawal and the retention list with
its holds.

Project leads only, except recording a withdrawal, which every mentor of the
project may do (they hear it first). Mentees and projects come through the
one access helper each, so another project's mentee or team is a 404.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Mentee
from cases.views.access import get_led_project, get_mentee_for_user
from employers.models import Employer
from mentoring.permissions import (
    PROJECT_LEAD,
    project_ids_subquery,
    project_role_required,
    role_required,
)
from privacy import retention
from privacy.access import Action, log_access
from privacy.changes import employer_changes, mentee_changes, team_changes
from privacy.consent import withdraw_consent
from privacy.erasure import ErasureRefused, erase_mentee, refusal
from privacy.export import as_json, as_pdf, mentee_data
from privacy.forms import ErasureForm, RetentionHoldForm, WithdrawalForm
from privacy.models import AccessLogEntry, Consent, Erasure, RetentionHold

lead_required = role_required(PROJECT_LEAD)
PAGE_SIZE = 50


def history_page(
    request: HttpRequest, template: str, changes: list, context: dict
) -> HttpResponse:
    """A change history, PAGE_SIZE changes a page."""
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(page=page, changes=page.object_list)
    return render(request, template, context)


@lead_required
@require_GET
def mentee_history(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    log_access(request, mentee, Action.HISTORY)
    return history_page(
        request,
        "privacy/mentee_history.html",
        mentee_changes(mentee),
        {"mentee": mentee},
    )


@lead_required
@require_GET
def employer_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer, its contact persons and the lead's projects' consultations
    with it (the registry is shared; consultations belong to one project)."""
    employer = get_object_or_404(Employer, pk=pk)
    changes = employer_changes(employer, request.user)
    return history_page(
        request, "privacy/employer_history.html", changes, {"employer": employer}
    )


@lead_required
@require_GET
def team_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's memberships and its members' roles."""
    project = get_led_project(request, pk)
    return history_page(
        request,
        "privacy/team_history.html",
        team_changes(project),
        {"project": project},
    )


@lead_required
@require_GET
def mentee_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    entries = AccessLogEntry.objects.filter(mentee=mentee).select_related("user")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/mentee_access_log.html",
        {"mentee": mentee, "page": page, "entries": list(page.object_list)},
    )


def week_start(value: str | None, today: date) -> date:
    """The Monday of an ISO week such as "2026-W49"; this week if unreadable."""
    try:
        year, week = (value or "").split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return today - timedelta(days=today.weekday())


@lead_required
@require_GET
def access_week(request: HttpRequest) -> HttpResponse:
    """Who opened which mentee of the lead's projects in one week. One query."""
    monday = week_start(request.GET.get("week"), timezone.localdate())
    start = timezone.make_aware(datetime.combine(monday, time()))
    rows = (
        AccessLogEntry.objects.filter(
            mentee__project__in=project_ids_subquery(request.user),
            at__gte=start,
            at__lt=start + timedelta(days=7),
        )
        .values(
            "user__username",
            "user__first_name",
            "user__last_name",
            "mentee_id",
            "mentee__code",
        )
        .annotate(requests=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("user__last_name", "user__username", "mentee__code")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    iso = monday.isocalendar()
    return render(
        request,
        "privacy/access_week.html",
        {
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "week": f"{iso.year}-W{iso.week:02d}",
            "page": page,
            "rows": list(page.object_list),
        },
    )


@lead_required
@require_GET
def mentee_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Art. 15: everything held on the mentee, as a download."""
    mentee = get_mentee_for_user(request, pk)
    log_access(
        request, mentee, Action.EXPORT_PDF if fmt == "pdf" else Action.EXPORT_JSON
    )
    data = mentee_data(mentee)
    if fmt == "pdf":
        response = HttpResponse(as_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(as_json(data), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{mentee.code}.{fmt}"'
    return response


@lead_required
@require_http_methods(["GET", "POST"])
def mentee_erase(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    problem = refusal(mentee, request.user)
    if problem:
        messages.error(request, problem)
        return redirect(mentee)
    form = ErasureForm(request.POST or None, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        try:
            erase_mentee(
                mentee,
                by=request.user,
                source=Erasure.Source.REQUEST,
                reason=form.cleaned_data["reason"],
            )
        except ErasureRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _(
                    "The personal data of %(code)s have been erased. The "
                    "statistics keep counting the cases."
                )
                % {"code": mentee.code},
            )
        return redirect(mentee)
    log_access(request, mentee, Action.FORM)
    return render(
        request, "privacy/mentee_erase.html", {"mentee": mentee, "form": form}
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    consent = (
        Consent.objects.in_force()
        .filter(mentee=mentee, mentee__erasure__isnull=True)
        .select_related("text")
        .first()
    )
    if consent is None:
        messages.error(request, _("There is no consent in force to withdraw."))
        return redirect(mentee)
    form = WithdrawalForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        erasure = withdraw_consent(
            consent,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            channel=form.cleaned_data["channel"],
            by=request.user,
        )
        if erasure is None:
            messages.warning(
                request,
                _(
                    "Withdrawal recorded. A retention hold keeps the records: "
                    "processing is restricted, and the data are erased when the "
                    "hold ends."
                ),
            )
        else:
            messages.success(
                request,
                _("Withdrawal recorded; the personal data have been erased."),
            )
        return redirect(mentee)
    log_access(request, mentee, Action.FORM)
    return render(
        request,
        "privacy/consent_withdraw.html",
        {"mentee": mentee, "consent": consent, "form": form},
    )


@lead_required
@require_GET
def retention_overview(request: HttpRequest) -> HttpResponse:
    """Mentees of the lead's projects due for erasure in the next 30 days, and
    the holds in force. Two queries."""
    today = timezone.localdate()
    due = list(retention.due_soon(Mentee.objects.visible_to(request.user), today))
    for mentee in due:
        mentee.due_on = (
            today
            if not mentee.consent_in_force
            else max(today, retention.due_date(mentee.last_closed_on))
        )
    holds = list(
        RetentionHold.objects.filter(
            mentee__project__in=project_ids_subquery(request.user),
            until__gte=today,
            mentee__erasure__isnull=True,
        )
        .select_related("mentee", "recorded_by")
        .order_by("until", "pk")
    )
    return render(
        request,
        "privacy/retention.html",
        {
            "due": due,
            "holds": holds,
            "today": today,
            "notice_days": retention.NOTICE_DAYS,
            "years": settings.RETENTION_YEARS,
        },
    )


@lead_required
@require_http_methods(["GET", "POST"])
def hold_create(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    hold = RetentionHold(mentee=mentee, recorded_by=request.user)
    form = RetentionHoldForm(request.POST or None, instance=hold, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("The data of %(code)s are kept until %(date)s.")
            % {"code": mentee.code, "date": hold.until.strftime("%d.%m.%Y")},
        )
        return redirect("privacy:retention")
    return render(request, "privacy/hold_form.html", {"mentee": mentee, "form": form})
