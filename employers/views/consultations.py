"""Employer consultations (Arbeitgeberberatungen) of the user's projects."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from employers.forms import EmployerConsultationForm
from employers.models import EmployerConsultation
from employers.views.employers import get_employer
from mentoring.permissions import project_role_required


def get_consultation_for_user(request: HttpRequest, pk: int) -> EmployerConsultation:
    """A consultation of the user's projects, else 404."""
    return get_object_or_404(
        EmployerConsultation.objects.visible_to(request.user).select_related(
            "employer", "project", "mentor", "mentee"
        ),
        pk=pk,
    )


def _consultation_form_page(
    request: HttpRequest, consultation: EmployerConsultation, message: str
) -> HttpResponse:
    form = EmployerConsultationForm(
        request.POST if request.method == "POST" else None,
        instance=consultation,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect(consultation.employer)
    return render(
        request,
        "employers/consultation_form.html",
        {"form": form, "consultation": consultation, "employer": consultation.employer},
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = EmployerConsultation(employer=get_employer(pk))
    return _consultation_form_page(
        request, consultation, _("The consultation was recorded.")
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request, pk)
    return _consultation_form_page(request, consultation, _("The changes were saved."))


@project_role_required
@require_http_methods(["GET", "POST"])
def consultation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    consultation = get_consultation_for_user(request, pk)
    if request.method == "POST":
        employer = consultation.employer
        consultation.delete()
        messages.success(request, _("The consultation was deleted."))
        return redirect(employer)
    return render(
        request,
        "employers/consultation_confirm_delete.html",
        {"consultation": consultation, "employer": consultation.employer},
    )
