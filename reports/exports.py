"""Report exports: XLSX, CSV and PDF of one release, always suppressed.

Everything ZEFAS and the ministry export passes `suppress_report` first
(DESIGN.md "Statistical confidentiality"). `present()` turns the report data
into rows of display-ready cells; the report page and all three writers use it,
so a number looks the same everywhere (German formats: 1.234 and 12,5).
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.conf import settings
from django.db import OperationalError
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from reports.confidentiality import suppress_report
from reports.models import ExportJob, ReportRelease
from reports.statistics import (
    DIMENSION_LABELS,
    FIGURE_LABELS,
    FIGURES,
    RATES,
    TABLE_TITLES,
    format_figure,
    rates_for,
)

logger = logging.getLogger(__name__)

SUPPRESSED = "*"
MAX_ATTEMPTS = 5
CONTENT_TYPES = {
    ExportJob.Format.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    ExportJob.Format.CSV: "text/csv; charset=utf-8",
    ExportJob.Format.PDF: "application/pdf",
}


# Presentation: the report data as display-ready cells


@dataclass
class Cell:
    value: Any  # int, float, None or "*"

    @property
    def suppressed(self) -> bool:
        return self.value == SUPPRESSED

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def text(self) -> str:
        return format_figure(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    dimension: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None

    def column_chunks(self, size: int) -> list["Table"]:
        """The table cut into parts of at most `size` figure columns (for print)."""
        parts = []
        for start in range(0, max(len(self.columns), 1), size):
            cut = slice(start, start + size)
            parts.append(
                Table(
                    key=self.key,
                    title=self.title,
                    dimension=self.dimension,
                    columns=self.columns[cut],
                    rows=[Row(r.label, r.cells[cut], r.key) for r in self.rows],
                    total=Row(self.total.label, self.total.cells[cut])
                    if self.total
                    else None,
                )
            )
        return parts


@dataclass
class Figure:
    key: str
    label: str
    cell: Cell


@dataclass
class Presentation:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _ordered_figures(keys: Any) -> list[str]:
    """Figure keys in DESIGN order, each rate right after its numerator."""
    after = {numerator: rate for rate, (numerator, _den) in RATES.items()}
    ordered = []
    for key in FIGURES:
        if key in keys:
            ordered.append(key)
            if after.get(key) in keys:
                ordered.append(after[key])
    return ordered


def figure_label(key: str) -> str:
    return str(FIGURE_LABELS.get(key, key))


def _row(label: str, values: dict, keys: list[str], key: str = "") -> Row:
    return Row(label=label, key=key, cells=[Cell(values.get(k)) for k in keys])


def present(data: dict) -> Presentation:
    """Report data (as `report_data` returns it, suppressed or not) for display.

    Labels of figures, tables and dimensions are looked up now, in the
    reader's language; row labels were stored when the report was compiled.
    """
    figures = data.get("figures") or {}
    presentation = Presentation(
        figures=[
            Figure(key=key, label=figure_label(key), cell=Cell(figures[key]))
            for key in _ordered_figures(figures)
        ]
    )
    for table in data.get("tables") or []:
        dimension = table.get("dimension", "")
        shown = set(table.get("columns") or []) | set(
            rates_for(table.get("columns") or [])
        )
        keys = _ordered_figures(shown)
        total = table.get("total")
        presentation.tables.append(
            Table(
                key=table.get("key", ""),
                title=str(TABLE_TITLES.get(dimension, table.get("title", ""))),
                dimension=str(DIMENSION_LABELS.get(dimension, dimension)),
                columns=[figure_label(key) for key in keys],
                rows=[
                    _row(
                        row.get("label", ""), row.get("values") or {}, keys, row["key"]
                    )
                    for row in table.get("rows") or []
                ],
                total=_row(_("Total (each counted once)"), total, keys)
                if total
                else None,
            )
        )
    return presentation


def period_label(data: dict) -> str:
    period = data.get("period")
    if isinstance(period, dict):
        return str(period.get("label") or period.get("key") or "")
    return str(period or "")


def notes() -> list[str]:
    """The explanations every export carries."""
    k = settings.STATISTICS_MIN_CELL
    return [
        _(
            "Statistical confidentiality: counts from 1 to %(below)s are shown as *, "
            "and so are further cells from which such a count could be recalculated "
            "from the totals (§ 16 BStatG, § 281 (3) SGB III)."
        )
        % {"below": k - 1},
        _(
            "Shares are shown as * when their numerator or denominator is "
            "suppressed or the denominator is below %(k)s. Zero is shown as 0."
        )
        % {"k": k},
        _(
            "Every figure counts distinct persons (or employers) over the whole "
            "quarter. A person accompanied by two projects counts once for the "
            "programme but once for each project, so the figures of the projects "
            "do not add up to the programme's."
        ),
        _("– means there is no value (e.g. no case was closed in the quarter)."),
    ]


def export_title(release: ReportRelease) -> str:
    return _("Quarterly report %(quarter)s, release %(number)s") % {
        "quarter": str(release.report),
        "number": release.number,
    }


def filename(release: ReportRelease, format: str) -> str:
    report = release.report
    return f"quartalsbericht-{report.year}-q{report.quarter}-v{release.number}.{format}"


# Writers: each takes a release and returns the file's bytes


def _suppressed(release: ReportRelease) -> Presentation:
    return present(suppress_report(release.data))


CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return f"'{value}" if value.startswith(CSV_DANGEROUS) else value


def csv_number(cell: Cell) -> str:
    """Numbers as German spreadsheets read them: no grouping, decimal comma."""
    if not cell.numeric:
        return csv_text(cell.text)
    if isinstance(cell.value, int):
        return str(cell.value)
    return formats.number_format(cell.value, 1, use_l10n=True)


def write_csv(release: ReportRelease) -> bytes:
    """All tables of the release, one after another, separated by empty lines."""
    presentation = _suppressed(release)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(export_title(release))])
    writer.writerow([])
    writer.writerow([_("Figure"), _("Value")])
    for figure in presentation.figures:
        writer.writerow([csv_text(figure.label), csv_number(figure.cell)])
    for table in presentation.tables:
        writer.writerow([])
        writer.writerow([csv_text(table.title)])
        writer.writerow(
            [csv_text(table.dimension)] + [csv_text(c) for c in table.columns]
        )
        for row in [*table.rows, *([table.total] if table.total else [])]:
            writer.writerow([csv_text(row.label)] + [csv_number(c) for c in row.cells])
    writer.writerow([])
    writer.writerow([_("Notes on the figures")])
    for note in notes():
        writer.writerow([csv_text(note)])
    # The BOM tells spreadsheet programs the file is UTF-8 (umlauts).
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Tabelle"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def write_xlsx(release: ReportRelease) -> bytes:
    """One sheet with the figures, one per table, and a sheet of notes."""
    presentation = _suppressed(release)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = workbook.add_format({"bold": True, "font_size": 14})
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
    integer = workbook.add_format({"num_format": "#,##0"})
    decimal = workbook.add_format({"num_format": "#,##0.0"})
    total_label = workbook.add_format({"bold": True, "top": 1})
    total_integer = workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0"})
    total_decimal = workbook.add_format(
        {"bold": True, "top": 1, "num_format": "#,##0.0"}
    )
    right = workbook.add_format({"align": "right"})
    total_right = workbook.add_format({"bold": True, "top": 1, "align": "right"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    def write_cell(sheet: Any, row: int, col: int, cell: Cell, bold: bool) -> None:
        if cell.numeric:
            is_int = isinstance(cell.value, int)
            fmt = (
                (total_integer if bold else integer)
                if is_int
                else (total_decimal if bold else decimal)
            )
            sheet.write_number(row, col, cell.value, fmt)
        else:
            # "*" and "–" are text; write_string never makes a formula of them.
            sheet.write_string(row, col, cell.text, total_right if bold else right)

    used: set[str] = set()
    sheet = workbook.add_worksheet(_sheet_name(_("Overview"), used))
    sheet.write_string(0, 0, export_title(release), title)
    sheet.write_string(2, 0, _("Figure"), header)
    sheet.write_string(2, 1, _("Value"), header)
    for i, figure in enumerate(presentation.figures, start=3):
        sheet.write_string(i, 0, figure.label)
        write_cell(sheet, i, 1, figure.cell, bold=False)
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 14)

    for table in presentation.tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        sheet.write_string(0, 0, table.title, title)
        sheet.write_string(2, 0, table.dimension, header)
        for col, column in enumerate(table.columns, start=1):
            sheet.write_string(2, col, column, header)
        line = 3
        for row in table.rows:
            sheet.write_string(line, 0, row.label)
            for col, cell in enumerate(row.cells, start=1):
                write_cell(sheet, line, col, cell, bold=False)
            line += 1
        if table.total:
            sheet.write_string(line, 0, table.total.label, total_label)
            for col, cell in enumerate(table.total.cells, start=1):
                write_cell(sheet, line, col, cell, bold=True)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, max(len(table.columns), 1), 16)
        sheet.freeze_panes(3, 1)

    sheet = workbook.add_worksheet(_sheet_name(_("Notes on the figures"), used))
    sheet.write_string(0, 0, _("Notes on the figures"), title)
    for i, note in enumerate(notes(), start=2):
        sheet.write_string(i, 0, note, wrap)
    sheet.set_column(0, 0, 110)
    workbook.close()
    return buffer.getvalue()


# The outcomes the PDF's chart shows, in this order.
CHART_FIGURES = (
    "participants",
    "new_participants",
    "women",
    "employment",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "sustainably_integrated",
    "dropouts",
)
PDF_COLUMNS = 6  # figure columns per printed table part (A4 portrait)


def chart_bars(presentation: Presentation) -> list[dict]:
    """Bars of the main outcomes, scaled to the largest; "*" gets no bar."""
    figures = {f.key: f for f in presentation.figures}
    shown = [figures[key] for key in CHART_FIGURES if key in figures]
    top = max((f.cell.value for f in shown if f.cell.numeric), default=0) or 1
    return [
        {
            "label": f.label,
            "text": f.cell.text,
            "width": round(100 * f.cell.value / top, 1) if f.cell.numeric else 0,
            "y": 22 * i,
        }
        for i, f in enumerate(shown)
    ]


def write_pdf(release: ReportRelease) -> bytes:
    """The report as a printable document: figures, a bar chart, every table."""
    from weasyprint import HTML  # heavy import; only workers building PDFs need it

    presentation = _suppressed(release)
    bars = chart_bars(presentation)
    html = render_to_string(
        "reports/exports/report_pdf.html",
        {
            "release": release,
            "report": release.report,
            "title": export_title(release),
            "presentation": presentation,
            "bars": bars,
            "chart_height": 22 * len(bars),
            "tables": [
                (table, table.column_chunks(PDF_COLUMNS))
                for table in presentation.tables
            ],
            "notes": notes(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


WRITERS = {
    ExportJob.Format.XLSX: write_xlsx,
    ExportJob.Format.CSV: write_csv,
    ExportJob.Format.PDF: write_pdf,
}


def build(release: ReportRelease, format: str) -> bytes:
    """The export file; German whatever language the requesting user had."""
    with translation.override(settings.LANGUAGE_CODE):
        return WRITERS[format](release)


def run_job(export_job_id: int, *, task_id: str = "") -> ExportJob | None:
    """Build one export job's file and store it in the job row."""
    job = ExportJob.claim(export_job_id, task_id=task_id, max_attempts=MAX_ATTEMPTS)
    if job is None:
        return None
    release = ReportRelease.objects.select_related("report").get(pk=job.release_id)
    try:
        content = build(release, job.format)
    except OperationalError:
        job.release_for_retry()
        raise
    except Exception as exc:
        logger.exception("Export job %s failed", export_job_id)
        job.fail(f"{type(exc).__name__}: {exc}")
        return job
    job.finish(content=content, filename=filename(release, job.format))
    return job
