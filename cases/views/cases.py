"""Case actions: open a new case, admit, close, edit mentor and dates."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms import CaseAdmitForm, CaseCloseForm, CaseEditForm, CaseOpenForm
from cases.models import Case
from cases.views.access import get_case_for_user, get_mentee_for_user
from cases.views.helpers import render_form_page
from mentoring.permissions import project_role_required

# GET shows the form; the state change happens only on POST.
get_or_post = require_http_methods(["GET", "POST"])


@project_role_required
@get_or_post
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = get_mentee_for_user(request, pk)
    if Case.objects.filter(mentee=mentee).open().exists():
        messages.error(request, _("This mentee already has an open case."))
        return redirect(mentee)
    case = Case(mentee=mentee, project=mentee.project, status=Case.Status.INTAKE)
    form = CaseOpenForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("New case opened."))
        return redirect(mentee)
    return render_form_page(
        request,
        form=form,
        title=_("Open a new case"),
        mentee=mentee,
        submit_label=_("Open case"),
        intro=_("For a person who comes back after an earlier case was closed."),
    )


@project_role_required
@get_or_post
def case_admit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    form = CaseAdmitForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The person has been admitted as a mentee."))
        return redirect(case)
    return render_form_page(
        request,
        form=form,
        title=_("Admit as a mentee"),
        mentee=case.mentee,
        submit_label=_("Admit"),
        intro=_("The day the person was taken on as a mentee."),
    )


@project_role_required
@get_or_post
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    form = CaseCloseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The case has been closed."))
        return redirect(case)
    return render_form_page(
        request,
        form=form,
        title=_("Close the case"),
        mentee=case.mentee,
        submit_label=_("Close case"),
        danger=True,
    )


@project_role_required
@get_or_post
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    form = CaseEditForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(case)
    return render_form_page(
        request,
        form=form,
        title=_("Edit the case"),
        mentee=case.mentee,
        submit_label=_("Save"),
    )
