"""Import pages: a project lead uploads a spreadsheet for their own project.

The upload is checked first (a dry run as a Celery job, with a progress
bar); the lead reads the problems and counts, confirms likely employer
matches and then starts the import itself. The project always comes from
the URL and the lead's membership, never from the file or the form.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.views.access import get_led_project
from imports.forms import EmployerChoiceForm, UploadForm
from imports.models import ImportJob
from imports.reader import max_upload_bytes
from imports.tasks import send_on_commit, start_import
from imports.template import write_template
from mentoring.permissions import PROJECT_LEAD, role_required

lead_required = role_required(PROJECT_LEAD)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@lead_required
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_led_project(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(project=project, requested_by=request.user)
        job.file_name = upload.name[:255]
        job.file.save(upload.name, upload, save=False)
        job.save()
        send_on_commit(job)
        return redirect(job)
    jobs = ImportJob.objects.filter(project=project).order_by("-requested_at")[:5]
    return render(
        request,
        "imports/import_start.html",
        {
            "project": project,
            "form": form,
            "jobs": jobs,
            "max_size": max_upload_bytes(),
        },
    )


@require_GET
@lead_required
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    get_led_project(request, pk)
    response = HttpResponse(write_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="Importvorlage.xlsx"'
    return response


def get_job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("project"), pk=pk
    )


def can_import(job: ImportJob) -> bool:
    """A finished, clean dry run whose file is still there."""
    return bool(
        job.dry_run
        and job.state == ImportJob.State.DONE
        and job.outcome
        and not job.outcome["problem_total"]
        and job.file
    )


@require_GET
@lead_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job(request, pk)
    matches = (job.outcome or {}).get("employer_matches", [])
    template = "imports/import_job.html"
    if request.htmx:
        template += "#status"
    return render(
        request, template, job_context(job, EmployerChoiceForm(matches=matches))
    )


def job_context(job: ImportJob, form: EmployerChoiceForm) -> dict:
    outcome = job.outcome or {}
    shown = len(outcome.get("problems", []))
    return {
        "job": job,
        "outcome": outcome,
        "more_problems": outcome.get("problem_total", 0) - shown,
        "choice_form": form,
        "can_import": can_import(job),
    }


@require_POST
@lead_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job(request, pk)
    if not can_import(job):
        raise Http404
    form = EmployerChoiceForm(request.POST, matches=job.outcome["employer_matches"])
    if not form.is_valid():
        context = job_context(job, form)
        return render(request, "imports/import_job.html", context, status=400)
    start_import(job, form.choices())
    return redirect(job)
