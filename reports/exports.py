"""Report exports: XLSX, CSV and PDF of one release, always suppressed.

Everything ZEFAS and the ministry export passes `suppress_report` first
(DESIGN.md "Statistical confidentiality"). `present()` turns the report data
into rows of display-ready cells with the German labels of
`reports.statistics.FIGURE_LABELS`; the report page and all three writers use
it, so a label and a number look the same everywhere (1.234; 12,5; 25,0 %).
`notes()` are the explanations the page and every export carry.
"""

import base64
import csv
import io
import logging
import textwrap
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reports.compilation import _test_delay
from reports.confidentiality import suppress_report
from reports.models import ExportJob, Report, ReportRelease
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
    percent: bool = False  # a rate: 25.0 means 25,0 %

    @property
    def suppressed(self) -> bool:
        return self.value == SUPPRESSED

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def text(self) -> str:
        text = format_figure(self.value)
        # German style puts a space before %; a no-break one keeps them together.
        return f"{text}\u00a0%" if self.percent and self.numeric else text


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
    """The German (reader's language) label of a figure, as a heading."""
    return capfirst(str(FIGURE_LABELS.get(key, key)))


def _cell(values: dict, key: str) -> Cell:
    return Cell(values.get(key), percent=key in RATES)


def _row(label: str, values: dict, keys: list[str], key: str = "") -> Row:
    return Row(label=label, key=key, cells=[_cell(values, k) for k in keys])


def present(data: dict) -> Presentation:
    """Report data (as `report_data` returns it, suppressed or not) for display.

    Labels of figures, tables and dimensions are looked up now, in the
    reader's language; row labels were stored when the report was compiled.
    """
    figures = data.get("figures") or {}
    presentation = Presentation(
        figures=[
            Figure(key=key, label=figure_label(key), cell=_cell(figures, key))
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
                dimension=capfirst(str(DIMENSION_LABELS.get(dimension, dimension))),
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
    """The explanations the report page and every export carry (DESIGN.md)."""
    k = settings.STATISTICS_MIN_CELL
    return [
        _(
            "* = suppressed for statistical confidentiality: counts from 1 to "
            "%(below)s, and further cells from which such a count could be "
            "recalculated from the totals (§ 16 BStatG, § 281 (3) SGB III)."
        )
        % {"below": k - 1},
        _(
            "Shares are shown as * when their numerator or denominator is "
            "suppressed or the denominator is below %(k)s. Zero is shown as 0."
        )
        % {"k": k},
        _(
            "Every figure counts distinct persons (or employers) over the whole "
            "period. A person accompanied by two projects counts once for the "
            "programme but once in each project, so the figures of the projects "
            "do not add up to the programme's; the same holds for an employer "
            "advised by two projects. The total row counts everybody once."
        ),
        _("– means there is no value (e.g. no case was closed in the period)."),
    ]


def export_title(release: ReportRelease) -> str:
    return _("%(report)s, release %(number)s") % {
        "report": release.report.title,
        "number": release.number,
    }


# The file names' first word, by kind of report (German: the files are).
FILE_PREFIXES = {
    Report.Kind.QUARTER: "quartalsbericht",
    Report.Kind.YEAR: "jahresbericht",
    Report.Kind.PHASE: "phasenbericht",
    Report.Kind.PHASE_TO_DATE: "zwischenbericht",
}


def period_slug(report: Report) -> str:
    """2026-q3, 2025, or 2020-01-01-2022-12-31: the period in a file name."""
    if report.kind == Report.Kind.QUARTER:
        return f"{report.start.year}-q{(report.start.month + 2) // 3}"
    if report.kind == Report.Kind.YEAR:
        return str(report.start.year)
    return f"{report.start.isoformat()}-{report.end.isoformat()}"


def filename(release: ReportRelease, format: str, prefix: str = "") -> str:
    """quartalsbericht-2026-q3-v1.pdf, jahresbericht-2025-v2.csv, ..."""
    report = release.report
    prefix = prefix or FILE_PREFIXES[report.kind]
    return f"{prefix}-{period_slug(report)}-v{release.number}.{format}"


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
    """The notes, then all tables of the release, separated by empty lines."""
    return presentation_csv(export_title(release), _suppressed(release))


def presentation_csv(title: str, presentation: Presentation) -> bytes:
    """Semicolon-separated, UTF-8 with BOM: the title, the notes, the key
    figures, then one section per table headed by its title (the release
    exports and the dashboard's download alike)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(title)])
    writer.writerow([])
    # On top, where whoever opens the file reads them before the figures.
    writer.writerow([_("Notes on the figures")])
    for note in notes():
        writer.writerow([csv_text(note)])
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
    # The BOM tells spreadsheet programs the file is UTF-8 (umlauts).
    return buffer.getvalue().encode("utf-8-sig")


SHEET_NAME_LIMIT = 31  # Excel's limit for a sheet name


def _abbreviate(title: str, limit: int) -> str:
    """`title` in at most `limit` characters, never cut in the middle of a word.

    The rule: the longest word still written out becomes its first four
    letters and a full stop ("Wirtschaftszweig" -> "Wirt."), until the title
    fits; if it still does not, trailing words are dropped.
    """
    words = title.split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    while len(" ".join(words)) > limit:
        long_words = [w for w in words if not w.endswith(".") and len(w) > 5]
        if not long_words:
            break
        longest = max(long_words, key=len)
        words[words.index(longest)] = longest[:4] + "."
    while len(" ".join(words)) > limit and len(words) > 1:
        words.pop()
    return " ".join(words)[:limit]


def _sheet_name(title: str, used: set[str]) -> str:
    """A readable, unique sheet name (Excel: 31 characters, no []:*?/\\)."""
    clean = "".join(c for c in title if c not in "[]:*?/\\") or "Tabelle"
    name, n = _abbreviate(clean, SHEET_NAME_LIMIT), 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = _abbreviate(clean, SHEET_NAME_LIMIT - len(suffix)) + suffix
        n += 1
    used.add(name.lower())
    return name


# Sizes in XlsxWriter's units: column widths in characters of the default
# font (Calibri 11), row heights in points.
LINE_HEIGHT = 15
LABEL_WIDTH = (24, 60)  # the label column grows with its labels up to 60
FIGURE_WIDTH = (10, 24)  # a figure column is as wide as its longest word
PAGE_WIDTH = 90  # a sheet at most this wide prints on A4 portrait at 100 %
NOTE_LINE = 110  # characters of a note line at most


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines `text` takes when wrapped in a column `width` characters wide.

    The width unit is a digit of Calibri 11. Running text is narrower: 1.05
    to 1.3 characters a unit, depending on the letters (measured in
    LibreOffice with the metric-compatible Carlito); 1.1 may leave an empty
    line but rarely cuts one off. Bold headers count one a unit. Spreadsheets
    don't fit row heights to wrapped text when they open a file, so the writer
    sets them.
    """
    per_line = int(width * (1.0 if bold else 1.1))
    return max(1, len(textwrap.wrap(text, width=max(per_line, 1))))


def _figure_width(header: str) -> int:
    longest = max((len(word) for word in header.split()), default=0)
    return min(max(longest + 2, FIGURE_WIDTH[0]), FIGURE_WIDTH[1])


def _label_width(labels: list[str]) -> int:
    longest = max((len(label) for label in labels), default=0)
    return min(max(longest + 2, LABEL_WIDTH[0]), LABEL_WIDTH[1])


def write_xlsx(release: ReportRelease) -> bytes:
    return presentation_xlsx(export_title(release), _suppressed(release))


def presentation_xlsx(title_text: str, presentation: Presentation) -> bytes:
    """One sheet with the key figures and one per table, each with the notes.

    Numbers stay numbers (the reader's spreadsheet shows them as 1.234 and
    25,0 % in German); "*" and "–" are text. Every sheet prints on A4, one
    page wide (landscape when it is wide), with its header row repeated.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})

    def fmt(**props: Any) -> Any:
        return workbook.add_format(props)

    title = fmt(bold=True, font_size=14)
    header = fmt(bold=True, bottom=1, text_wrap=True, valign="bottom")
    header_num = fmt(
        bold=True, bottom=1, text_wrap=True, valign="bottom", align="right"
    )
    label = fmt(text_wrap=True, valign="top")
    notes_heading = fmt(bold=True)
    number_formats = {"int": "#,##0", "float": "#,##0.0", "percent": "0.0 %"}
    body = {
        kind: fmt(num_format=code, valign="top")
        for kind, code in number_formats.items()
    }
    total = {
        kind: fmt(num_format=code, valign="top", bold=True, top=1)
        for kind, code in number_formats.items()
    }
    body_text = fmt(align="right", valign="top")
    total_text = fmt(align="right", valign="top", bold=True, top=1)
    total_label = fmt(bold=True, top=1, text_wrap=True, valign="top")

    def write_cell(sheet: Any, row: int, col: int, cell: Cell, bold: bool) -> None:
        formats_ = total if bold else body
        if cell.percent and cell.numeric:
            # A real percentage: the spreadsheet multiplies by 100 for display.
            sheet.write_number(row, col, cell.value / 100, formats_["percent"])
        elif cell.numeric:
            kind = "int" if isinstance(cell.value, int) else "float"
            sheet.write_number(row, col, cell.value, formats_[kind])
        else:
            # "*" and "–" are text; write_string never makes a formula of them.
            sheet.write_string(row, col, cell.text, total_text if bold else body_text)

    def write_label(
        sheet: Any, row: int, text: str, width: int, fmt_: Any, bold: bool = False
    ) -> None:
        sheet.write_string(row, 0, text, fmt_)
        lines = _lines(text, width, bold=bold)
        if lines > 1:
            sheet.set_row(row, LINE_HEIGHT * lines)

    def write_notes(sheet: Any, row: int, widths: list[int]) -> None:
        """The notes below a table, as lines of text in the label column.

        Each line runs over the empty cells beside it, so it needs neither
        merged cells nor a guessed row height: a footnote under the table,
        as wide as the sheet's first printed page.
        """
        sheet.write_string(row, 0, _("Notes on the figures"), notes_heading)
        line_width = min(NOTE_LINE, int(sum(widths) * 1.05))
        line = row + 1
        for text in notes():
            for part in textwrap.wrap(text, width=line_width):
                sheet.write_string(line, 0, part)
                line += 1

    def print_setup(sheet: Any, header_row: int, landscape: bool) -> None:
        sheet.set_paper(9)  # A4
        if landscape:
            sheet.set_landscape()
        # One page wide, as many pages long as needed; the header row is
        # printed again at the top of every page.
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.set_footer(f"&L{title_text.replace('&', '&&')}&R&P / &N")

    used: set[str] = set()
    sheet = workbook.add_worksheet(_sheet_name(_("Overview"), used))
    labels = [f.label for f in presentation.figures]
    widths = [_label_width([_("Figure"), *labels]), 14]
    sheet.set_column(0, 0, widths[0])
    sheet.set_column(1, 1, widths[1])
    sheet.write_string(0, 0, title_text, title)
    sheet.write_string(2, 0, _("Figure"), header)
    sheet.write_string(2, 1, _("Value"), header_num)
    line = 3
    for figure in presentation.figures:
        write_label(sheet, line, figure.label, widths[0], label)
        write_cell(sheet, line, 1, figure.cell, bold=False)
        line += 1
    write_notes(sheet, line + 1, widths)
    print_setup(sheet, header_row=2, landscape=False)

    for table in presentation.tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        rows = [*table.rows, *([table.total] if table.total else [])]
        widths = [
            _label_width([table.dimension, *(row.label for row in rows)]),
            *(_figure_width(column) for column in table.columns),
        ]
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.write_string(0, 0, table.title, title)
        sheet.write_string(2, 0, table.dimension, header)
        for col, column in enumerate(table.columns, start=1):
            sheet.write_string(2, col, column, header_num)
        header_lines = max(
            _lines(text, width, bold=True)
            for text, width in zip(
                [table.dimension, *table.columns], widths, strict=True
            )
        )
        sheet.set_row(2, LINE_HEIGHT * header_lines)
        line = 3
        for row in table.rows:
            write_label(sheet, line, row.label, widths[0], label)
            for col, cell in enumerate(row.cells, start=1):
                write_cell(sheet, line, col, cell, bold=False)
            line += 1
        if table.total:
            write_label(
                sheet, line, table.total.label, widths[0], total_label, bold=True
            )
            for col, cell in enumerate(table.total.cells, start=1):
                write_cell(sheet, line, col, cell, bold=True)
            line += 1
        write_notes(sheet, line + 1, widths)
        sheet.freeze_panes(3, 1)
        print_setup(sheet, header_row=2, landscape=sum(widths) > PAGE_WIDTH)

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
PDF_COLUMNS = 7  # figure columns per printed table part (A4 landscape)
BAR_STEP = 18  # height of one bar of the chart, with its gap (SVG units)


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
            "y": BAR_STEP * i,
        }
        for i, f in enumerate(shown)
    ]


def chart_alt(bars: list[dict]) -> str:
    """The chart's alternative text: what it shows, bar by bar."""
    return _("Key figures as bars: %(bars)s") % {
        "bars": "; ".join(f"{bar['label']} {bar['text']}" for bar in bars)
    }


def write_pdf(release: ReportRelease) -> bytes:
    """The report as a printable document: figures, a bar chart, every table."""
    from weasyprint import HTML  # heavy import; only workers building PDFs need it

    presentation = _suppressed(release)
    bars = chart_bars(presentation)
    chart_height = BAR_STEP * len(bars)
    svg = render_to_string(
        "reports/exports/report_chart.svg",
        {"bars": bars, "chart_height": chart_height},
    )
    html = render_to_string(
        "reports/exports/report_pdf.html",
        {
            "release": release,
            "report": release.report,
            "title": export_title(release),
            "presentation": presentation,
            "bars": bars,
            "chart_height": chart_height,
            "chart_uri": "data:image/svg+xml;base64,"
            + base64.b64encode(svg.encode()).decode(),
            "chart_alt": chart_alt(bars),
            "tables": [
                (table, table.column_chunks(PDF_COLUMNS))
                for table in presentation.tables
            ],
            "notes": notes(),
        },
    )
    # PDF/UA-1 (BITV 2.0): tagged structure, language and title from the HTML.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )


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
    try:
        releases = ReportRelease.objects.select_related("report__phase")
        release = releases.get(pk=job.release_id)
        content = build(release, job.format)
        _test_delay()
        job.finish(content=content, filename=filename(release, job.format))
    except (OperationalError, InterfaceError):
        job.release_for_retry_on_fresh_connection()
        raise
    except Exception as exc:
        logger.exception("Export job %s failed", export_job_id)
        job.fail(f"{type(exc).__name__}: {exc}")
    return job


# Open data: the released figures for machines (long CSV, DCAT-AP.de metadata)

OPEN_DATA_COLUMNS = (
    "period",
    "scope",
    "dimension",
    "row",
    "row_label",
    "figure",
    "value",
    "suppressed",
)
OPEN_DATA_LICENCE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def _open_value(value: Any) -> tuple[str, str]:
    """(value, suppressed flag): "*" is a flag, never a number; no value is empty."""
    if value == SUPPRESSED:
        return "", "1"
    if value is None:
        return "", "0"
    return str(value), "0"


def open_data_rows(release: ReportRelease) -> list[tuple[str, ...]]:
    """One line per figure and table cell of the suppressed release."""
    data = suppress_report(release.data)
    period = str(release.report)
    lines = []
    for key, value in (data.get("figures") or {}).items():
        lines.append((period, "programme", "", "", "", key, *_open_value(value)))
    for table in data.get("tables") or []:
        dimension = table.get("dimension", "")
        rows = [
            (row.get("key", ""), row.get("label", ""), row.get("values") or {})
            for row in table.get("rows") or []
        ]
        if table.get("total"):
            rows.append(("total", str(_("Total (each counted once)")), table["total"]))
        for row_key, label, values in rows:
            for key, value in values.items():
                lines.append(
                    (
                        period,
                        "programme",
                        dimension,
                        str(row_key),
                        csv_text(str(label)),
                        key,
                        *_open_value(value),
                    )
                )
    return lines


def write_open_data_csv(release: ReportRelease) -> bytes:
    """Long format, comma-separated UTF-8, decimal point: for machines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(OPEN_DATA_COLUMNS)
    writer.writerows(open_data_rows(release))
    return out.getvalue().encode("utf-8")


def open_data_metadata(release: ReportRelease, csv_url: str) -> dict:
    """The release described in the vocabulary of DCAT-AP.de (JSON-LD)."""
    period = release.report.period
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Dataset",
        "dct:title": export_title(release),
        "dct:description": " ".join(notes()),
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": period.start.isoformat(),
            "dcat:endDate": period.end.isoformat(),
        },
        "dct:publisher": {
            "@type": "foaf:Agent",
            "foaf:name": settings.OPEN_DATA_PUBLISHER,
        },
        "dct:license": OPEN_DATA_LICENCE,
        "dct:issued": release.released_at.isoformat(),
        "dct:identifier": filename(release, "csv").removesuffix(".csv"),
        "dcat:version": str(release.number),
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": csv_url,
                "dct:format": "http://publications.europa.eu/resource/authority/file-type/CSV",
                "dcat:mediaType": "text/csv",
                "dct:license": OPEN_DATA_LICENCE,
            }
        ],
    }
