"""Handovers between projects (Übergaben): a lead offers a mentee to another
project, a lead of that project accepts or declines.

The list shows the offers to and from the lead's projects; each side is told
of the other's step with a message on its next visit of this page or the
start page. The work itself is in cases/handover.py.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.forms import HandoverOfferForm
from cases.handover import (
    HandoverRefused,
    accept_handover,
    decline_handover,
    offer_handover,
)
from cases.models import Handover
from cases.views.access import get_mentee_for_user
from cases.views.helpers import render_form_page
from mentoring.permissions import PROJECT_LEAD, project_ids_subquery, role_required

lead_required = role_required(PROJECT_LEAD)


def tell_about_handovers(request: HttpRequest) -> None:
    """Messages about offers to the user's projects and answers to their own
    offers that they have not been told about yet. Two queries, one update."""
    projects = project_ids_subquery(request.user)
    news = Handover.objects.filter(
        Q(to_project__in=projects, receiver_notified=False)
        | Q(from_project__in=projects, sender_notified=False)
    ).select_related("mentee", "from_project", "to_project")
    told = []
    for handover in news:
        told.append(handover.pk)
        values = {
            "code": handover.mentee.code,
            "from": handover.from_project,
            "to": handover.to_project,
        }
        if handover.status == Handover.Status.OFFERED:
            text = _("%(from)s offers you the mentee %(code)s (see Handovers).")
            messages.info(request, text % values)
        elif handover.status == Handover.Status.ACCEPTED:
            text = _("%(to)s has accepted the handover of %(code)s.")
            messages.success(request, text % values)
        else:
            text = _("%(to)s has declined the handover of %(code)s.")
            messages.warning(request, text % values)
    if told:
        Handover.objects.filter(pk__in=told, to_project__in=projects).update(
            receiver_notified=True
        )
        Handover.objects.filter(pk__in=told, from_project__in=projects).update(
            sender_notified=True
        )


def get_offer_to_answer(request: HttpRequest, pk: int) -> Handover:
    """A pending offer to one of the user's projects, else 404."""
    return get_object_or_404(
        Handover.objects.pending()
        .filter(to_project__in=project_ids_subquery(request.user))
        .select_related("mentee", "from_project", "to_project"),
        pk=pk,
    )


@lead_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    tell_about_handovers(request)
    projects = project_ids_subquery(request.user)
    handovers = list(
        Handover.objects.concerning(request.user).select_related(
            "mentee", "from_project", "to_project", "offered_by", "decided_by"
        )
    )
    led = set(projects.values_list("project_id", flat=True))
    incoming = [h for h in handovers if h.to_project_id in led]
    outgoing = [h for h in handovers if h.to_project_id not in led]
    return render(
        request,
        "cases/handover_list.html",
        {
            "incoming": [h for h in incoming if h.status == Handover.Status.OFFERED],
            "answered": [h for h in incoming if h.status != Handover.Status.OFFERED],
            "outgoing": outgoing,
        },
    )


@lead_required
@require_http_methods(["GET", "POST"])
def handover_offer(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    form = HandoverOfferForm(request.POST or None, mentee=mentee)
    if request.method == "POST" and form.is_valid():
        to_project = form.cleaned_data["to_project"]
        try:
            offer_handover(mentee, to_project, by=request.user)
        except HandoverRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _(
                    "%(code)s has been offered to %(project)s. The case stays "
                    "with you until a lead of %(project)s accepts."
                )
                % {"code": mentee.code, "project": to_project},
            )
        return redirect(mentee)
    return render_form_page(
        request,
        form=form,
        title=_("Hand over to another project"),
        mentee=mentee,
        submit_label=_("Offer the handover"),
        intro=_(
            "For a person who moves. A lead of the other project sees only the "
            "code and accepts or declines. On acceptance your open case is "
            "closed as handed over; you keep reading your earlier cases but "
            "can no longer change them. The other project does not see your "
            "meeting notes."
        ),
    )


@lead_required
@require_POST
def handover_accept(request: HttpRequest, pk: int) -> HttpResponse:
    handover = get_offer_to_answer(request, pk)
    try:
        accept_handover(handover, by=request.user)
    except HandoverRefused as refused:
        messages.error(request, str(refused))
        return redirect("cases:handover_list")
    messages.success(
        request,
        _("%(code)s now belongs to %(project)s; a new case has been opened.")
        % {"code": handover.mentee.code, "project": handover.to_project},
    )
    return redirect(handover.mentee)


@lead_required
@require_POST
def handover_decline(request: HttpRequest, pk: int) -> HttpResponse:
    handover = get_offer_to_answer(request, pk)
    try:
        decline_handover(handover, by=request.user)
    except HandoverRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.info(
            request,
            _("You have declined the handover of %(code)s.")
            % {"code": handover.mentee.code},
        )
    return redirect("cases:handover_list")
