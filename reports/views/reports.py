"""Reports (quarters, years, phases): list, detail, compilation, release and
exports.

ZEFAS sees every report and compiles and releases them; the ministry sees
released reports only. Both see suppressed figures (docs/confidentiality.md);
nobody sees personal data here.
"""

from datetime import date
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

from cases.models import ProgrammePhase
from mentoring.permissions import MINISTRY, ZEFAS, has_role, role_required
from reports import exports, tasks
from reports.compilation import check_report_period
from reports.confidentiality import suppress_report
from reports.exports import CONTENT_TYPES, notes, present
from reports.models import (
    CompilationJob,
    ExportJob,
    Report,
    ReportRelease,
    period_label,
)
from reports.statistics import Period

FIRST_YEAR = 2016  # the programme's model phase began in October 2016


def ended_quarters(today: Any) -> list[tuple[int, int]]:
    """Every quarter of the programme that has ended by `today`, newest first."""
    year, quarter = tasks.last_quarter(today)
    quarters = []
    while (year, quarter) >= (FIRST_YEAR, 4):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return quarters


def period_value(period: Period) -> str:
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


def compile_choices(today: date, phases: list[ProgrammePhase]) -> list:
    """The periods ZEFAS may compile, grouped by kind, newest first.

    Phases to date end at each finished year of the phase and at the last
    finished quarter: the ranges the ministry's press releases report.
    """
    quarters = [Period.quarter(y, q) for y, q in ended_quarters(today)]
    years = [Period.year(y) for y in range(today.year - 1, FIRST_YEAR - 1, -1)]
    newest_first = sorted(phases, key=lambda phase: phase.start, reverse=True)
    whole = [(Period.phase(p), p.name) for p in newest_first if p.end < today]
    to_date = []
    for phase in newest_first:
        ends = {date(y, 12, 31) for y in range(phase.start.year, phase.end.year)}
        if quarters:
            ends.add(quarters[0].end)
        for end in sorted(ends, reverse=True):
            period = Period(phase.start, end) if phase.start < end else None
            # (A phase's first year or quarter is that year's or quarter's report.)
            if (
                period
                and end < min(phase.end, today)
                and not (period.is_quarter or period.is_year)
            ):
                to_date.append((period, period_label(period, "phase_to_date", phase)))
    groups = [
        (_("Quarters"), [(q, q.label) for q in quarters]),
        (_("Calendar years"), [(y, y.label) for y in years]),
        (_("Programme phases"), whole),
        (_("Phases to the end of a quarter"), to_date),
    ]
    return [
        (title, [(period_value(p), label) for p, label in choices])
        for title, choices in groups
        if choices
    ]


class CompileForm(forms.Form):
    """Which period to compile: a quarter, a year, a phase, or a phase to date.

    The field is free text behind a select, so a forged value gets the
    precise German reason (`check_report_period`), not a generic one.
    """

    period = forms.CharField(label=gettext_lazy("Period"), widget=forms.Select)

    def __init__(
        self, *args: Any, phases: list[ProgrammePhase] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if phases is None:
            phases = list(ProgrammePhase.objects.all())
        self.fields["period"].widget.choices = compile_choices(
            timezone.localdate(), phases
        )

    def clean_period(self) -> Period:
        value = self.cleaned_data["period"]
        try:
            start, end = (date.fromisoformat(day) for day in value.split("_"))
            period = Period(start, end)
        except ValueError:
            raise ValidationError(
                _("Please choose a period from the list."), code="invalid"
            ) from None
        check_report_period(period)
        return period


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


def get_report_for_user(request: HttpRequest, pk: int) -> Report:
    reports = Report.objects.visible_to(request.user).select_related(
        "current_release", "phase"
    )
    return get_object_or_404(reports, pk=pk)


@role_required(ZEFAS, MINISTRY)
def report_list(request: HttpRequest) -> HttpResponse:
    is_zefas = has_role(request.user, ZEFAS)
    reports = list(
        Report.objects.visible_to(request.user)
        .select_related("current_release", "phase")
        .defer("data", "current_release__data")
    )
    active_jobs = []
    compile_form = None
    if is_zefas:
        phases = list(ProgrammePhase.objects.all())
        compile_form = CompileForm(phases=phases)
        active_jobs = [
            (job, job.label_among(phases))
            for job in CompilationJob.objects.active().order_by("-requested_at")
        ]
    running = {job.period: job for job, _label in active_jobs}
    rows = [(report, running.get(report.period)) for report in reports]
    return render(
        request,
        "reports/report_list.html",
        {
            "rows": rows,
            "active_jobs": active_jobs,
            "compile_form": compile_form,
        },
    )


def _detail_context(request: HttpRequest, report: Report) -> dict:
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
            .filter(start=report.start, end=report.end)
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
        messages.error(request, " ".join(form.errors["period"]))
        return redirect("reports:report_list")
    period = form.cleaned_data["period"]
    job = tasks.request_compilation(period=period, user=request.user)
    messages.info(
        request,
        # No state here: the card below shows it and keeps it up to date,
        # so the page never says "queued" beside "running" or "done".
        _("The compilation of %(period)s has been requested.")
        % {"period": job.period_label},
    )
    return redirect(job)


@role_required(ZEFAS)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        CompilationJob.objects.visible_to(request.user).select_related("report__phase"),
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
        .select_related("release__report__phase")
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
        ReportRelease.objects.visible_to(request.user).select_related("report__phase"),
        pk=pk,
    )


@role_required(ZEFAS, MINISTRY)
def open_data_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The release's figures in long format; a stable URL per release."""
    release = get_release_for_user(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        content = exports.write_open_data_csv(release)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = exports.filename(release, "csv", prefix="opendata")
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
