"""Integration steps of a case (from the integration agreement)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.forms import IntegrationStepForm
from cases.models import IntegrationStep
from cases.views.access import get_case_for_user, get_step_for_user
from cases.views.helpers import redirect_back, render_form_page
from mentoring.permissions import project_role_required


@project_role_required
@require_http_methods(["GET", "POST"])
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    form = IntegrationStepForm(
        request.POST or None, instance=IntegrationStep(case=case)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Integration step added."))
        return redirect(case)
    return render_form_page(
        request,
        form=form,
        title=_("Add an integration step"),
        mentee=case.mentee,
        submit_label=_("Add step"),
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_step_for_user(request, pk)
    form = IntegrationStepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(step.case)
    return render_form_page(
        request,
        form=form,
        title=_("Edit the integration step"),
        mentee=step.case.mentee,
        submit_label=_("Save"),
    )


@project_role_required
@require_POST
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_step_for_user(request, pk)
    if step.done_on is None:
        step.done_on = timezone.localdate()
        step.save(update_fields=["done_on"])
    messages.success(request, _("Integration step marked as done."))
    return redirect_back(request, step.case)
