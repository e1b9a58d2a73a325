"""Quarterly reports: list, detail, compilation, release and exports.

ZEFAS sees every report and compiles and releases them; the ministry sees
released reports only. Both see suppressed figures (docs/confidentiality.md);
nobody sees personal data here.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mentoring.permissions import MINISTRY, ZEFAS, has_role, role_required
from reports import exports, tasks
from reports.confidentiality import suppress_report
from reports.exports import CONTENT_TYPES, notes, present
from reports.models import (
    CompilationJob,
    ExportJob,
    QuarterlyReport,
    ReportRelease,
    quarter_label,
)

FIRST_YEAR = 2016  # the programme's model phase began in October 2016


def ended_quarters(today: Any) -> list[tuple[int, int]]:
    """Every quarter of the programme that has ended by `today`, newest first."""
    year, quarter = tasks.last_quarter(today)
    quarters = []
    while (year, quarter) >= (FIRST_YEAR, 4):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return quarters


class CompileForm(forms.Form):
    """Which quarter to compile: one choice among the quarters that have ended."""

    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), coerce=str)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (f"{y}-{q}", quarter_label(y, q))
            for y, q in ended_quarters(timezone.localdate())
        ]

    def clean_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-")
        return int(year), int(quarter)


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = ReportRelease
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    # The compilation shown on the page; a release of any other is refused.
    fingerprint = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, correction: bool, fingerprint: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fingerprint"].initial = fingerprint
        if correction:
            self.fields["reason"].required = True
        else:
            # The first release corrects nothing; only corrections give a reason.
            del self.fields["reason"]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=ExportJob.Format,
        widget=forms.RadioSelect,
        initial=ExportJob.Format.XLSX,
    )


def get_report_for_user(request: HttpRequest, pk: int) -> QuarterlyReport:
    reports = QuarterlyReport.objects.visible_to(request.user).select_related(
        "current_release"
    )
    return get_object_or_404(reports, pk=pk)


@role_required(ZEFAS, MINISTRY)
def report_list(request: HttpRequest) -> HttpResponse:
    is_zefas = has_role(request.user, ZEFAS)
    reports = list(
        QuarterlyReport.objects.visible_to(request.user)
        .select_related("current_release")
        .defer("data", "current_release__data")
    )
    active_jobs = []
    if is_zefas:
        active_jobs = list(CompilationJob.objects.active().order_by("-requested_at"))
    running = {(job.year, job.quarter): job for job in active_jobs}
    rows = [(report, running.get((report.year, report.quarter))) for report in reports]
    return render(
        request,
        "reports/report_list.html",
        {
            "rows": rows,
            "active_jobs": active_jobs,
            "compile_form": CompileForm() if is_zefas else None,
        },
    )


def _detail_context(request: HttpRequest, report: QuarterlyReport) -> dict:
    is_zefas = has_role(request.user, ZEFAS)
    release = report.current_release
    # ZEFAS reviews the latest compilation; everybody else sees what was published.
    data = report.data if is_zefas else release.data
    releases = list(report.releases.select_related("released_by").defer("data"))
    exports = []
    if release:
        exports = list(ExportJob.objects.filter(release=release).defer("content"))
    active_job = None
    if is_zefas:
        active_job = (
            CompilationJob.objects.active()
            .filter(year=report.year, quarter=report.quarter)
            .first()
        )
    return {
        "report": report,
        "release": release,
        "shows_draft": is_zefas and not report.is_released,
        "presentation": present(suppress_report(data)) if data else None,
        "notes": notes(),
        "period": data.get("period") if data else None,
        "releases": releases,
        "exports": exports,
        "active_job": active_job,
        "export_form": ExportForm() if release else None,
        "release_form": (
            ReleaseForm(
                correction=report.correction_in_progress,
                fingerprint=report.fingerprint,
            )
            if is_zefas and not report.is_released and report.compiled_at
            else None
        ),
    }


@role_required(ZEFAS, MINISTRY)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    return render(
        request, "reports/report_detail.html", _detail_context(request, report)
    )


@require_POST
@role_required(ZEFAS)
def report_compile(request: HttpRequest) -> HttpResponse:
    form = CompileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a quarter that has ended."))
        return redirect("reports:report_list")
    year, quarter = form.cleaned_data["quarter"]
    job = tasks.request_compilation(year=year, quarter=quarter, user=request.user)
    messages.info(
        request,
        # No state here: the card below shows it and keeps it up to date,
        # so the page never says "queued" beside "running" or "done".
        _("The compilation of %(quarter)s has been requested.")
        % {"quarter": quarter_label(year, quarter)},
    )
    return redirect(job)


@role_required(ZEFAS)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        CompilationJob.objects.visible_to(request.user).select_related("report"),
        pk=pk,
    )
    template = "reports/job_detail.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"job": job})


@require_POST
@role_required(ZEFAS)
def report_release(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    form = ReleaseForm(
        request.POST,
        correction=report.correction_in_progress,
        fingerprint=report.fingerprint,
    )
    if form.is_valid():
        try:
            release = report.release(
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                fingerprint=form.cleaned_data["fingerprint"],
            )
        except ValidationError as error:
            if error.code == "stale":
                # Offer the new compilation for review: a fresh form names it.
                report.refresh_from_db()
                messages.error(request, error.messages[0])
                context = _detail_context(request, report)
                return render(
                    request, "reports/report_detail.html", context, status=409
                )
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Release %(number)s of %(report)s is published.")
                % {"number": release.number, "report": report},
            )
            return redirect(report)
    context = _detail_context(request, report)
    context["release_form"] = form
    return render(request, "reports/report_detail.html", context, status=400)


@require_POST
@role_required(ZEFAS, MINISTRY)
def export_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    if report.current_release is None:
        raise Http404("Only released reports are exported.")
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a format."))
        return redirect(report)
    job = tasks.request_export(
        release=report.current_release,
        format=form.cleaned_data["format"],
        user=request.user,
    )
    return redirect(job)


def get_export_for_user(request: HttpRequest, pk: int) -> ExportJob:
    exports = (
        ExportJob.objects.visible_to(request.user)
        .select_related("release__report")
        .defer("content", "release__data", "release__report__data")
    )
    return get_object_or_404(exports, pk=pk)


@role_required(ZEFAS, MINISTRY)
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_export_for_user(request, pk)
    template = "reports/report_export.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"export": export})


@role_required(ZEFAS, MINISTRY)
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(
        ExportJob.objects.visible_to(request.user).filter(state=ExportJob.State.DONE),
        pk=pk,
    )
    response = HttpResponse(
        bytes(export.content), content_type=CONTENT_TYPES[export.format]
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def get_release_for_user(request: HttpRequest, pk: int) -> ReportRelease:
    """A release of a report the user may see (the ministry: released ones)."""
    return get_object_or_404(
        ReportRelease.objects.visible_to(request.user).select_related("report"),
        pk=pk,
    )


@role_required(ZEFAS, MINISTRY)
def open_data_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The release's figures in long format; a stable URL per release."""
    release = get_release_for_user(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        content = exports.write_open_data_csv(release)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = exports.filename(release, "csv").replace("quartalsbericht", "opendata")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(ZEFAS, MINISTRY)
def open_data_metadata(request: HttpRequest, pk: int) -> JsonResponse:
    """The release's DCAT-AP.de metadata, pointing at its CSV."""
    release = get_release_for_user(request, pk)
    csv_url = request.build_absolute_uri(
        reverse("reports:open_data_csv", args=[release.pk])
    )
    with translation.override(settings.LANGUAGE_CODE):
        metadata = exports.open_data_metadata(release, csv_url)
    return JsonResponse(
        metadata,
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
