"""Placements: record, edit and end them; the case status follows (forms.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms import PlacementEndForm, PlacementForm
from cases.models import Placement
from cases.views.access import get_case_for_user, get_placement_for_user
from cases.views.helpers import render_form_page
from employers.models import Employer
from mentoring.permissions import project_role_required
from privacy.access import Action, log_access


def placement_saved(request: HttpRequest, placement: Placement) -> None:
    messages.success(request, _("Placement saved."))
    if placement.case.status == placement.case.Status.FOLLOW_UP:
        messages.info(request, _("The case is now in follow-up."))


@project_role_required
@require_http_methods(["GET", "POST"])
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    # Back from "new employer": employers:employer_create appends ?employer=<pk>.
    employer_pk = request.GET.get("employer", "")
    employer = (
        Employer.objects.filter(pk=employer_pk).first()
        if employer_pk.isdigit()
        else None
    )
    form = PlacementForm(
        request.POST or None,
        instance=Placement(case=case),
        user=request.user,
        employer=employer,
    )
    if request.method == "POST" and form.is_valid():
        placement = form.save()
        placement_saved(request, placement)
        return redirect(case)
    log_access(request, case.mentee, Action.FORM)
    return render(
        request,
        "cases/placement_form.html",
        {"form": form, "mentee": case.mentee, "title": _("Record a placement")},
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request, pk)
    form = PlacementForm(request.POST or None, instance=placement, user=request.user)
    if request.method == "POST" and form.is_valid():
        placement = form.save()
        placement_saved(request, placement)
        return redirect(placement.case)
    log_access(request, placement.case.mentee, Action.FORM)
    return render(
        request,
        "cases/placement_form.html",
        {"form": form, "mentee": placement.case.mentee, "title": _("Edit placement")},
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request, pk)
    form = PlacementEndForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The placement has been ended."))
        return redirect(placement.case)
    return render_form_page(
        request,
        form=form,
        title=_("End the placement"),
        mentee=placement.case.mentee,
        submit_label=_("End placement"),
        intro=str(placement),
    )
