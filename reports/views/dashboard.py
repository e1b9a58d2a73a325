"""Statistics dashboards (DESIGN.md "The statistics").

ZEFAS sees every project, suppressed (DESIGN.md "Statistical
confidentiality"); a project lead sees their own project, unsuppressed.
Everything shown comes from `reports.statistics.report_data`, so the page
costs the same fixed number of queries whatever the amount of data.

The figures come from reports/dashboard_figures.py: kept in Django's cache
and, for ZEFAS, computed by Celery (all scopes of a period protected
together). The page says when its figures were computed, and that newer ones
are on their way while Celery computes them. Quarterly reports never use
this cache (reports/compilation.py computes them anew).
"""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRefresh

from cases.models import ProgrammePhase, Project, Region
from mentoring.permissions import PROJECT_LEAD, ZEFAS, has_role, role_required
from reports import dashboard_figures, exports
from reports.confidentiality import SUPPRESSED
from reports.models import ExportJob
from reports.statistics import (
    DIMENSION_LABELS,
    FIGURE_LABELS,
    FIGURES,
    RATES,
    Period,
    Scope,
    format_figure,
    rates_for,
)
from reports.statistics.periods import open_to_suppressed_viewers

FIRST_YEAR = 2016  # the model phase began in October 2016
LAST_YEAR = 2100

# The headline figures, as in the programme's press releases.
CARDS = (
    ("participants", gettext_lazy("participants")),
    ("employers", gettext_lazy("employers accompanied")),
    ("employment", gettext_lazy("into employment")),
    ("vocational_training", gettext_lazy("into vocational training")),
    ("qualification", gettext_lazy("into qualification")),
    ("women_share", gettext_lazy("share of women")),
    ("employment_adequate_share", gettext_lazy("qualification-adequate share")),
)
# The lines of the trend chart.
TREND_SERIES = (
    "participants",
    "new_participants",
    "employment",
    "vocational_training",
    "qualification",
)
# The trend lines counting people in the programme (the left axis); the
# others count placements (the right axis).
PEOPLE_SERIES = ("participants", "new_participants")


# ---------------------------------------------------------------------------
# The period and scope chooser (a GET form)


class PeriodForm(forms.Form):
    """A quarter, a half-year, a year, a programme phase or (only with
    `free_ranges`: a project lead's own, unsuppressed figures) a custom range."""

    KIND_CHOICES = (
        ("quarter", gettext_lazy("Quarter")),
        ("half_year", gettext_lazy("Half-year")),
        ("year", gettext_lazy("Year")),
        ("phase", gettext_lazy("Programme phase")),
        ("range", gettext_lazy("Custom range")),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=KIND_CHOICES)
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(q, f"Q{q}") for q in range(1, 5)],
    )
    half = forms.TypedChoiceField(
        label=gettext_lazy("Half-year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(1, gettext_lazy("first")), (2, gettext_lazy("second"))],
    )
    phase = forms.TypedChoiceField(
        label=gettext_lazy("Programme phase"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        phases: list[ProgrammePhase],
        free_ranges: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.phases = {phase.pk: phase for phase in phases}
        self.free_ranges = free_ranges
        if not free_ranges:
            self.fields["kind"].choices = [
                choice for choice in self.KIND_CHOICES if choice[0] != "range"
            ]
            del self.fields["start"], self.fields["end"]
            self.fields["kind"].error_messages["invalid_choice"] = _(
                "Only quarters, half-years, years and programme phases can be "
                "chosen here: figures of two free ranges could be subtracted "
                "from each other and give away small counts."
            )
        self.fields["phase"].choices = [
            (
                phase.pk,
                f"{phase.name} ({phase.start:%d.%m.%Y}–{phase.end:%d.%m.%Y})",
            )
            for phase in phases
        ]
        for name, field in self.fields.items():
            # charts.js shows only the fields of the chosen kind.
            if name != "kind":
                field.widget.attrs["data-period-field"] = name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        required = {
            "quarter": ("year", "quarter"),
            "half_year": ("year", "half"),
            "year": ("year",),
            "phase": ("phase",),
            "range": ("start", "end"),
        }.get(kind, ())
        messages = {
            "year": _("Please choose a year."),
            "quarter": _("Please choose a quarter."),
            "half": _("Please choose a half-year."),
            "phase": _("Please choose a programme phase."),
            "start": _("Please enter the first day."),
            "end": _("Please enter the last day."),
        }
        for name in required:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, messages[name])
        if kind == "range" and data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", _("The last day lies before the first day."))
            elif data["start"].year < FIRST_YEAR or data["end"].year > LAST_YEAR:
                self.add_error(
                    "start",
                    _("Please choose days between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if not self.free_ranges and not self.errors:
            # The rule itself, whatever the kinds offered above.
            if not open_to_suppressed_viewers(self.period, list(self.phases.values())):
                self.add_error(
                    "kind", self.fields["kind"].error_messages["invalid_choice"]
                )
        return data

    @property
    def period(self) -> Period:
        """The chosen period (only after `is_valid()`)."""
        data = self.cleaned_data
        if data["kind"] == "quarter":
            return Period.quarter(data["year"], data["quarter"])
        if data["kind"] == "half_year":
            return Period.half_year(data["year"], data["half"])
        if data["kind"] == "year":
            return Period.year(data["year"])
        if data["kind"] == "phase":
            return Period.phase(self.phases[data["phase"]])
        return Period(data["start"], data["end"])

    @property
    def is_running(self) -> bool:
        """The period has not ended yet: its figures are still growing."""
        return self.period.end >= timezone.localdate()

    @property
    def title(self) -> str:
        """The period as a heading: a phase by its name, a running period
        marked as such."""
        if self.cleaned_data["kind"] == "phase":
            phase = self.phases[self.cleaned_data["phase"]]
            title = f"{phase.name} ({self.period.label})"
        else:
            title = self.period.label
        if self.is_running:
            title = f"{title} ({_('still running')})"
        return title


class ScopeForm(forms.Form):
    """The whole programme, a project or a district, among those allowed."""

    scope = forms.ChoiceField(label=gettext_lazy("Scope"))

    def __init__(
        self,
        *args: Any,
        projects: list[Project],
        regions: list[Region],
        programme: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scopes: dict[str, Scope] = {}
        choices: list[Any] = []
        if programme:
            self.scopes["programme"] = Scope.programme()
            choices.append(("programme", _("whole programme")))
        groups = (
            (_("Projects"), "project", projects, Scope.for_project),
            (_("Districts of residence"), "district", regions, Scope.for_district),
        )
        for group_label, prefix, objects, make in groups:
            if not objects:
                continue
            options = []
            for obj in objects:
                key = f"{prefix}-{obj.key if prefix == 'district' else obj.pk}"
                self.scopes[key] = make(obj)
                options.append((key, obj.name))
            choices.append((group_label, options))
        self.fields["scope"].choices = choices
        self.fields["scope"].initial = next(iter(self.scopes), None)

    @property
    def selected(self) -> Scope:
        return self.scopes[self.cleaned_data["scope"]]


def _default_period(prefix: str = "", year: int | None = None) -> dict[str, Any]:
    return {f"{prefix}kind": "year", f"{prefix}year": year or timezone.localdate().year}


# ---------------------------------------------------------------------------
# Who sees what


def _access(user: Any) -> dict[str, Any]:
    """ZEFAS: every scope, suppressed. A project lead: own projects, raw.

    One or two queries (the projects, and the districts for ZEFAS).
    """
    if has_role(user, ZEFAS):
        return {
            "suppressed": True,
            "projects": list(Project.objects.order_by("name")),
            "regions": list(Region.objects.order_by("name")),
            "programme": True,
        }
    return {
        "suppressed": False,
        "projects": list(
            Project.objects.filter(memberships__user=user).order_by("name")
        ),
        "regions": [],
        "programme": False,
    }


def _forms(request: HttpRequest, access: dict, prefixes: tuple[str, ...]) -> tuple:
    """Bound period forms (one per prefix) and the scope form."""
    phases = list(ProgrammePhase.objects.order_by("start"))
    data = request.GET.copy()
    today = timezone.localdate()
    defaults = {
        "": _default_period(),
        # Two finished years: the running one would compare a part with a whole.
        "a": _default_period("a-", today.year - 2),
        "b": _default_period("b-", today.year - 1),
    }
    for prefix in prefixes:
        key = f"{prefix}-kind" if prefix else "kind"
        if key not in data:
            for name, value in defaults[prefix].items():
                data.setdefault(name, value)
    period_forms = [
        PeriodForm(
            data,
            phases=phases,
            free_ranges=not access["suppressed"],
            prefix=prefix or None,
        )
        for prefix in prefixes
    ]
    scope_form = ScopeForm(
        request.GET if "scope" in request.GET else None,
        projects=access["projects"],
        regions=access["regions"],
        programme=access["programme"],
    )
    return period_forms, scope_form


def _scope(scope_form: ScopeForm) -> Scope | None:
    if not scope_form.is_bound:
        return next(iter(scope_form.scopes.values()), None)
    return scope_form.selected if scope_form.is_valid() else None


# ---------------------------------------------------------------------------
# Presentation: display-ready text, so templates only print


def _text(value: Any, percent: bool = False) -> str:
    text = format_figure(value)
    if percent and isinstance(value, int | float):
        return f"{text} %"
    return text


def _ordered_keys(columns: list[str]) -> list[str]:
    """Figure keys in DESIGN order, each rate right after its numerator."""
    rates = rates_for(columns)
    keys = []
    for key in FIGURES:
        if key in columns:
            keys.append(key)
            keys += [r for r in rates if RATES[r][0] == key]
    return keys


def _table(table: dict) -> dict[str, Any]:
    keys = _ordered_keys(table["columns"])
    return {
        "key": table["key"],
        "title": table["title"],
        "dimension": DIMENSION_LABELS.get(table["dimension"], table["dimension"]),
        "columns": [FIGURE_LABELS[k] for k in keys],
        "rows": [
            {
                "label": row["label"],
                "cells": [_text(row["values"].get(k)) for k in keys],
            }
            for row in table["rows"]
        ],
        "total": [_text(table["total"].get(k)) for k in keys],
    }


def _chart(rows: list[dict], labels: list[str], series: tuple[str, ...]) -> dict:
    """Chart.js data: one line per figure; a suppressed value is a gap.

    Participants (about a thousand) and placements (tens) have an axis each,
    left and right, so the placement lines do not lie flat near zero.
    """

    def number(value: Any) -> int | float | None:
        return None if value == SUPPRESSED else value

    return {
        "labels": labels,
        "datasets": [
            {
                "label": str(FIGURE_LABELS[key]),
                "data": [number(values.get(key)) for values in rows],
                "yAxisID": "people" if key in PEOPLE_SERIES else "placements",
            }
            for key in series
        ],
        "axes": {
            "people": str(capfirst(_("participants"))),
            "placements": str(_("Placements")),
        },
    }


def _row_dates(key: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a trend row from its key (2024-Q3, 2024, a_b)."""
    if "_" in key:
        start, end = key.split("_")
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if "-Q" in key:
        year, quarter = key.split("-Q")
        start = datetime.date(int(year), 3 * int(quarter) - 2, 1)
        following = datetime.date(
            int(year) + (quarter == "4"),
            1 if quarter == "4" else 3 * int(quarter) + 1,
            1,
        )
        return start, following - datetime.timedelta(days=1)
    return datetime.date(int(key), 1, 1), datetime.date(int(key), 12, 31)


def _past_trend(trend: dict | None) -> dict | None:
    """The trend without rows that have not begun, the running one marked.

    A phase reaching into the coming years would otherwise plot quarters
    that have not happened as flat lines, and the running quarter's low
    figures would read as a fall.
    """
    if trend is None:
        return None
    today = timezone.localdate()
    rows = []
    for row in trend["rows"]:
        start, end = _row_dates(row["key"])
        if start > today:
            continue
        if end >= today:
            running = _("still running")
            row = {**row, "label": f"{row['label']} ({running})"}
        rows.append(row)
    return {**trend, "rows": rows} if len(rows) > 1 else None


def _present(data: dict) -> dict[str, Any]:
    figures = data["figures"]
    tables = [t for t in data["tables"] if t["dimension"] not in ("quarter", "year")]
    trend = _past_trend(
        next((t for t in data["tables"] if t["dimension"] in ("quarter", "year")), None)
    )
    main = ("project", "district")
    return {
        "cards": [
            {
                "key": key,
                "label": label,
                "text": _text(figures.get(key), percent=key in RATES),
                "suppressed": figures.get(key) == SUPPRESSED,
            }
            for key, label in CARDS
        ],
        "figures": [
            {
                "label": FIGURE_LABELS[key],
                "text": _text(figures.get(key), percent=key in RATES),
            }
            for key in _ordered_keys(list(FIGURES))
        ],
        "main_tables": [_table(t) for t in tables if t["dimension"] in main],
        "breakdowns": [_table(t) for t in tables if t["dimension"] not in main],
        "trend": _table(trend) if trend else None,
        "chart": (
            _chart(
                [row["values"] for row in trend["rows"]],
                [row["label"] for row in trend["rows"]],
                TREND_SERIES,
            )
            if trend
            else None
        ),
        "any_suppressed": SUPPRESSED in str(data),
    }


# Downloads: the tables the page shows, as one file

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", exports.presentation_csv),
    "xlsx": (exports.CONTENT_TYPES[ExportJob.Format.XLSX], exports.presentation_xlsx),
}


def _download(data: dict, title: str, file_format: str, period: Period) -> HttpResponse:
    """The view's figures and tables (the trend as the page shows it) in a
    CSV with one section per table, or an XLSX with one sheet per table.

    `data` is what the page shows, protected the same way: nothing is looked
    up again.
    """
    tables = [t for t in data["tables"] if t["dimension"] not in ("quarter", "year")]
    trend = _past_trend(
        next((t for t in data["tables"] if t["dimension"] in ("quarter", "year")), None)
    )
    shown = {**data, "tables": [*tables, *([trend] if trend else [])]}
    content_type, write = DOWNLOADS[file_format]
    response = HttpResponse(write(title, exports.present(shown)), content_type)
    name = f"statistik-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _poll_answer(request: HttpRequest, *, ready: bool) -> HttpResponse | None:
    """The answer to the poll of the "being computed" notice (htmx): nothing
    new yet (204), or reload the page once the figures are ready. None for
    every other request."""
    if not (request.htmx and request.htmx.trigger == "dashboard-computing"):
        return None
    return HttpResponseClientRefresh() if ready else HttpResponse(status=204)


# ---------------------------------------------------------------------------
# Views


@role_required(ZEFAS, PROJECT_LEAD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Headline figures, the trend per quarter, tables per project, district
    and breakdown, for the chosen period and scope."""
    access = _access(request.user)
    (period_form,), scope_form = _forms(request, access, ("",))
    scope = _scope(scope_form)
    context: dict[str, Any] = {
        "period_form": period_form,
        "scope_form": scope_form,
        "suppressed": access["suppressed"],
        "min_cell": settings.STATISTICS_MIN_CELL,
        "scope": scope,
        "has_scopes": bool(scope_form.scopes),
    }
    if period_form.is_valid() and scope is not None:
        shown = dashboard_figures.figures(
            period_form.period,
            scope,
            suppressed=access["suppressed"],
            version=dashboard_figures.data_version(),
        )
        context.update(
            period_title=period_form.title,
            refreshing=shown.refreshing,
            cache_minutes=settings.STATISTICS_CACHE_SECONDS // 60,
        )
        if polled := _poll_answer(request, ready=shown.data is not None):
            return polled
        if shown.data is None:  # the period's first computation is running
            context["computing"] = True
            return render(request, "reports/dashboard.html", context)
        data = shown.data
        context.update(
            period=period_form.period,
            scope_label=data["scope"]["label"],
            computed_at=shown.computed_at,
            **_present(data),
        )
        file_format = request.GET.get("format")
        if file_format in DOWNLOADS:
            title = _("Statistics %(period)s, %(scope)s") % {
                "period": period_form.title,
                "scope": data["scope"]["label"],
            }
            return _download(data, title, file_format, period_form.period)
    return render(request, "reports/dashboard.html", context)


@role_required(ZEFAS, PROJECT_LEAD)
def dashboard_compare(request: HttpRequest) -> HttpResponse:
    """Two periods or phases side by side, for one scope."""
    access = _access(request.user)
    (form_a, form_b), scope_form = _forms(request, access, ("a", "b"))
    scope = _scope(scope_form)
    context: dict[str, Any] = {
        "form_a": form_a,
        "form_b": form_b,
        "scope_form": scope_form,
        "suppressed": access["suppressed"],
        "has_scopes": bool(scope_form.scopes),
    }
    if form_a.is_valid() and form_b.is_valid() and scope is not None:
        version = dashboard_figures.data_version()
        shown = [
            dashboard_figures.figures(
                form.period, scope, suppressed=access["suppressed"], version=version
            )
            for form in (form_a, form_b)
        ]
        context.update(
            refreshing=any(f.refreshing for f in shown),
            cache_minutes=settings.STATISTICS_CACHE_SECONDS // 60,
        )
        ready = all(f.data is not None for f in shown)
        if polled := _poll_answer(request, ready=ready):
            return polled
        if not ready:  # a first computation is running
            context["computing"] = True
            return render(request, "reports/dashboard_compare.html", context)
        a, b = shown[0].data, shown[1].data
        rows = []
        for key in _ordered_keys(list(FIGURES)):
            va, vb = a["figures"].get(key), b["figures"].get(key)
            change = None
            if isinstance(va, int | float) and isinstance(vb, int | float):
                change = round(vb - va, 1) if key in RATES else vb - va
            rows.append(
                {
                    "label": FIGURE_LABELS[key],
                    "a": _text(va, percent=key in RATES),
                    "b": _text(vb, percent=key in RATES),
                    "change": _signed(change, percent_points=key in RATES),
                }
            )
        titles = [form_a.title, form_b.title]
        context.update(
            titles=titles,
            running=form_a.is_running or form_b.is_running,
            scope_label=a["scope"]["label"],
            computed_at=min(f.computed_at for f in shown),
            rows=rows,
            # People and placements differ tenfold: one chart each, so the
            # placement bars do not shrink to nothing beside the participants.
            chart=_compare_chart(titles, (a, b), PEOPLE_SERIES),
            placement_chart=_compare_chart(
                titles,
                (a, b),
                tuple(k for k in TREND_SERIES if k not in PEOPLE_SERIES),
            ),
            any_suppressed=SUPPRESSED in str(a["figures"]) + str(b["figures"]),
        )
    return render(request, "reports/dashboard_compare.html", context)


def _compare_chart(
    titles: list[str], reports: tuple[dict, dict], series: tuple[str, ...]
) -> dict:
    """A bar chart of `series`, one bar per period."""
    return {
        "labels": [str(FIGURE_LABELS[k]) for k in series],
        "datasets": [
            {
                "label": title,
                "data": [
                    None if d["figures"][k] == SUPPRESSED else d["figures"][k]
                    for k in series
                ],
            }
            for title, d in zip(titles, reports, strict=True)
        ],
    }


def _signed(value: int | float | None, percent_points: bool = False) -> str:
    if value is None:
        return "–"
    text = format_figure(abs(value))
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    unit = " " + _("pp") if percent_points else ""
    return f"{sign}{text}{unit}"
