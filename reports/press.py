"""The ministry's press table: the headline figures of one or two releases in
the order and wording of its press releases ("from the start of 2020 to the
end of 2022: 3,023 participants, 1,370 employers, 1,317 into employment, 369
into vocational training, about 25 % women").

Like every export it shows the suppressed figures only (`suppress_report`,
DESIGN.md "Statistical confidentiality"): a suppressed count is "*", and so
is every share computed from it. `build_press_table` is a pure function of
the releases (and the programme phases, when they are passed);
`write_press_pdf` prints the table on one A4 page as PDF/UA-1.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.confidentiality import suppress_report
from reports.exports import SUPPRESSED, Cell, period_slug
from reports.models import ReportRelease
from reports.statistics import format_figure

NO_VALUE = "–"  # as format_figure shows None


@dataclass
class PressCell:
    """One figure as the press table shows it, e.g. "1.317" or "*".

    `detail` is the value of the row's sub-row, if it has one ("45 %" in
    "davon qualifikationsadäquat: 45 %").
    """

    text: str
    detail: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class PressRow:
    key: str
    label: str
    cells: list[PressCell]
    # The label of a sub-row below the row, whose values are the cells' details.
    detail_label: str = ""


@dataclass
class PressColumn:
    """One period: a release's figures."""

    release: ReportRelease
    label: str  # the period's label: "Q3 2026"
    start: datetime.date
    end: datetime.date
    release_label: str = ""  # "Q3 2026, Veröffentlichung 1"

    @property
    def dates(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


@dataclass
class PressTable:
    title: str  # "Pressetabelle Q3 2026" (two periods: "… Q3 2025 / Q3 2026")
    columns: list[PressColumn]
    rows: list[PressRow]
    # The text to copy into a press release: one paragraph per column.
    paragraphs: list[str]
    # Two columns: their figures cannot be added (each person counts once
    # per period); `across_phases` when the periods are two programme phases.
    cannot_be_added: bool = False
    across_phases: bool = False
    addition_note: str = ""
    has_suppressed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All paragraphs, separated by an empty line: what the button copies."""
        return "\n\n".join(self.paragraphs)


# Building the table


def release_period(release: ReportRelease) -> tuple[str, datetime.date, datetime.date]:
    """(label, start, end) of the period a release counts."""
    report = release.report
    return report.label, report.start, report.end


def _count(figures: dict, key: str) -> str:
    """A count of the suppressed figures: "1.317", "*" or "–"."""
    return Cell(figures.get(key)).text


def whole_percent(numerator: int, denominator: int) -> int:
    """numerator / denominator in whole percent, halves rounded up (24,5 -> 25)."""
    return (200 * numerator + denominator) // (2 * denominator)


def share(figures: dict, rate: str, numerator: str, denominator: str) -> str:
    """A share in whole percent ("25 %"), "*" when suppressed, "–" without value.

    Suppressed when the report's own rate is, when its numerator or
    denominator is, or when the denominator is below k (rule 3 of DESIGN.md,
    also for data that has no rate stored).
    """
    num, den = figures.get(numerator), figures.get(denominator)
    k = settings.STATISTICS_MIN_CELL
    if (
        figures.get(rate) == SUPPRESSED
        or SUPPRESSED in (num, den)
        or (isinstance(den, int) and 0 < den < k)
    ):
        return SUPPRESSED
    if not isinstance(num, int) or not isinstance(den, int) or den <= 0:
        return NO_VALUE
    # A no-break space keeps "25 %" together (German style: a space before %).
    return f"{format_figure(whole_percent(num, den))}\u00a0%"


def _row_labels() -> list[tuple[str, str]]:
    """The rows in the order and wording of the ministry's press releases."""
    return [
        ("participants", pgettext("press table", "Participants")),
        ("employers", pgettext("press table", "Employers accompanied")),
        ("employment", pgettext("press table", "Into employment")),
        ("vocational_training", pgettext("press table", "Into vocational training")),
        ("qualification", pgettext("press table", "Into qualification")),
        ("women_share", pgettext("press table", "Share of women")),
    ]


def _cells(figures: dict) -> dict[str, PressCell]:
    adequate = share(
        figures, "employment_adequate_share", "employment_adequate", "employment"
    )
    women = share(figures, "women_share", "women", "participants")
    return {
        "participants": PressCell(_count(figures, "participants")),
        "employers": PressCell(_count(figures, "employers")),
        "employment": PressCell(
            _count(figures, "employment"),
            detail=adequate,
        ),
        "vocational_training": PressCell(_count(figures, "vocational_training")),
        "qualification": PressCell(_count(figures, "qualification")),
        "women_share": PressCell(
            women
            if women in (SUPPRESSED, NO_VALUE)
            else _("about %(share)s") % {"share": women}
        ),
    }


def paragraph(column: PressColumn, figures: dict) -> str:
    """The column's figures as press-release sentences, in German by default.

    Suppression hides every count from 1 to k - 1, so a count shown as a
    number is 0 or at least k: plural forms are always right.
    """
    values = {
        "start": f"{column.start:%d.%m.%Y}",
        "end": f"{column.end:%d.%m.%Y}",
        "participants": _count(figures, "participants"),
        "employers": _count(figures, "employers"),
        "employment": _count(figures, "employment"),
        "training": _count(figures, "vocational_training"),
        "qualification": _count(figures, "qualification"),
        "adequate": share(
            figures, "employment_adequate_share", "employment_adequate", "employment"
        ),
        "women": share(figures, "women_share", "women", "participants"),
    }
    sentences = [
        _(
            "From %(start)s to %(end)s, %(participants)s participants and "
            "%(employers)s employers were accompanied."
        )
        % values
    ]
    if values["adequate"] == NO_VALUE:
        sentences.append(
            _(
                "%(employment)s participants took up employment, %(training)s "
                "vocational training and %(qualification)s a qualification."
            )
            % values
        )
    else:
        sentences.append(
            _(
                "%(employment)s participants took up employment (of which "
                "%(adequate)s qualification-adequate), %(training)s vocational "
                "training and %(qualification)s a qualification."
            )
            % values
        )
    if values["women"] == SUPPRESSED:
        sentences.append(
            _("The share of women is suppressed for statistical confidentiality.")
        )
    elif values["women"] != NO_VALUE:
        sentences.append(_("The share of women was about %(women)s.") % values)
    text = " ".join(sentences)
    if SUPPRESSED in text:
        sentences.append(_("* = suppressed for statistical confidentiality."))
    return " ".join(sentences)


def _in_order(
    release: ReportRelease, other: ReportRelease | None
) -> list[ReportRelease]:
    """The one or two releases, the older period first (the same one once)."""
    releases = [release]
    if other is not None and other.pk != release.pk:
        releases.append(other)
    return sorted(releases, key=lambda item: release_period(item)[1:])


def build_press_table(
    release: ReportRelease, other: ReportRelease | None = None
) -> PressTable:
    """The press table of one release, or of two side by side (oldest first).

    Labels and text are in the active language; the views and the PDF
    switch to German (settings.LANGUAGE_CODE), the press office's language.
    Select the releases with `report__phase`.
    """
    columns = []
    figures_by_column = []
    for item in _in_order(release, other):
        label, start, end = release_period(item)
        columns.append(
            PressColumn(
                release=item,
                label=label,
                start=start,
                end=end,
                release_label=str(item),
            )
        )
        figures_by_column.append(suppress_report(item.data).get("figures") or {})

    cells = [_cells(figures) for figures in figures_by_column]
    rows = [
        PressRow(key=key, label=label, cells=[column[key] for column in cells])
        for key, label in _row_labels()
    ]
    for row in rows:
        if row.key == "employment":
            row.detail_label = pgettext(
                "press table", "of which qualification-adequate"
            )
    table = PressTable(
        title=_("Press table %(periods)s")
        % {"periods": " / ".join(column.label for column in columns)},
        columns=columns,
        rows=rows,
        paragraphs=[
            paragraph(column, figures)
            for column, figures in zip(columns, figures_by_column, strict=True)
        ],
    )
    table.has_suppressed = any(
        SUPPRESSED in (cell.text, cell.detail) for row in rows for cell in row.cells
    )
    if len(columns) == 2:
        table.cannot_be_added = True
        # A phase report or a phase to date, each of another phase.
        first, second = (column.release.report.phase_id for column in columns)
        table.across_phases = bool(first and second and first != second)
        if table.across_phases:
            table.addition_note = _(
                "The figures of different programme phases cannot be added up: "
                "each person is counted once per phase, and a person "
                "accompanied in both phases counts in both."
            )
        else:
            table.addition_note = _(
                "The figures of the two periods cannot be added up: each person "
                "is counted once per period, and a person accompanied in both "
                "periods counts in both."
            )
    if table.has_suppressed:
        table.notes.append(
            _(
                "* = suppressed for statistical confidentiality: counts from 1 to "
                "%(below)s, and further figures from which such a count could be "
                "recalculated; a share is * when its figures are."
            )
            % {"below": settings.STATISTICS_MIN_CELL - 1}
        )
    table.notes.append(
        _(
            "Every figure counts distinct persons (or employers) over the whole "
            "period. Shares are rounded to whole percent."
        )
    )
    return table


# The PDF


def pdf_filename(release: ReportRelease, other: ReportRelease | None = None) -> str:
    """pressetabelle-2026-q3-v1.pdf; with two releases both, oldest first."""
    parts = [
        f"{period_slug(item.report)}-v{item.number}"
        for item in _in_order(release, other)
    ]
    return f"pressetabelle-{'_'.join(parts)}.pdf"


def write_press_pdf(
    release: ReportRelease, other: ReportRelease | None = None
) -> bytes:
    """The press table on one A4 page, in German, as tagged PDF/UA-1."""
    from weasyprint import HTML  # heavy import; only a PDF download needs it

    with translation.override(settings.LANGUAGE_CODE):
        table = build_press_table(release, other)
        html = render_to_string("reports/exports/press_pdf.html", {"table": table})
    # PDF/UA-1 (BITV 2.0): tagged structure, language and title from the HTML.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
