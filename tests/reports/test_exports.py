import contextlib
import csv
import datetime
import io
import json
import re
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import openpyxl
import pikepdf
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from cases.models import Mentee, ProgrammePhase
from reports import exports
from reports.compilation import compile_report
from reports.models import ExportJob, JobState
from reports.statistics import AUXILIARY, DIMENSIONS, FIGURES, RATES, Period
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory, PlacementFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# What report_data stores; none of it may reach a reader.
RAW_KEYS = (*FIGURES, *RATES, *AUXILIARY, *DIMENSIONS)
NOTE_ON_PROJECTS = "nicht zur Zahl des Programms"
NOTE_ON_STARS = "* = gesperrt (statistische Geheimhaltung)"


def raw_keys_in(texts: list[str]) -> list[tuple[str, str]]:
    """(key, text) for every figure or dimension key printed as a word."""
    return [
        (key, text)
        for text in texts
        for key in RAW_KEYS
        if re.search(rf"\b{key}\b", text)
    ]


class ExportTestCase(BaseTestCase):
    """Q3 2026: 7 participants in project A (4 women), 2 in project B (suppressed)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = datetime.date(2026, 8, 3)
        for i in range(7):
            gender = Mentee.Gender.FEMALE if i < 4 else Mentee.Gender.MALE
            case = CaseFactory(
                mentee=MenteeFactory(project=cls.project_a, gender=gender),
                opened_on=day,
                admitted_on=day,
            )
            if i < 4:
                PlacementFactory(case=case, start_on=datetime.date(2026, 9, 1))
        for _ in range(2):
            CaseFactory(
                mentee=MenteeFactory(project=cls.project_b),
                opened_on=day,
                admitted_on=day,
            )
        cls.project_b.name = "=HYPERLINK(1)"
        cls.project_b.save()
        report = compile_report(Period.quarter(2026, 3))
        cls.release = report.release(by=cls.zoe)

    def table(self, data: dict, dimension: str) -> dict:
        (table,) = [t for t in data["tables"] if t["dimension"] == dimension]
        return table


class XlsxTest(ExportTestCase):
    def workbook(self) -> openpyxl.Workbook:
        return openpyxl.load_workbook(io.BytesIO(exports.build(self.release, "xlsx")))

    def test_it_writes_one_sheet_per_table_with_suppressed_values(self) -> None:
        workbook = self.workbook()
        names = workbook.sheetnames
        self.assertEqual(names[0], "Übersicht")
        self.assertEqual(len(names), 1 + len(self.release.data["tables"]))

        overview = workbook["Übersicht"]
        values = {
            row[0]: row[1] for row in overview.iter_rows(min_row=4, values_only=True)
        }
        self.assertEqual(values["Teilnehmende"], 9)
        self.assertIsInstance(values["Teilnehmende"], int)

        sheet = workbook["Nach Projekt"]
        rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
        column = [c.value for c in sheet[3]].index("Teilnehmende")
        # 2 persons in project B: suppressed. Project A's 7 stays: a person
        # may count in both projects, so 9 - 7 tells only "at least 2".
        self.assertEqual(rows["=HYPERLINK(1)"][column - 1], "*")
        self.assertEqual(rows["Projekt A"][column - 1], 7)
        total = [r for r in rows if r and r.startswith("Gesamt")]
        self.assertEqual(rows[total[0]][column - 1], 9)

        sheet = workbook["Nach Geschlecht"]
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
        with translation.override("de"):
            cell = rows[str(Mentee.Gender.MALE.label)][column]
        self.assertEqual(cell.value, 5)
        self.assertEqual(cell.number_format, "#,##0")

    def test_every_header_and_label_is_german_never_a_key(self) -> None:
        workbook = self.workbook()
        overview = workbook["Übersicht"]
        self.assertEqual(
            [overview["A3"].value, overview["B3"].value], ["Kennzahl", "Wert"]
        )
        labels = [c.value for c in overview["A"] if c.value]
        for label in (
            "Erstgespräche",
            "Teilnehmende",
            "Frauenanteil (%)",
            "Qualifikationsadäquater Anteil (%)",
            "Durchschnittliche Begleitdauer (Tage)",
        ):
            self.assertIn(label, labels)
        header = [c.value for c in workbook["Nach Projekt"][3]]
        self.assertEqual(header[0], "Projekt")
        self.assertIn("Teilnehmende", header)
        self.assertIn("Frauenanteil (%)", header)
        self.assertEqual(workbook["Nach Geschlecht"]["A3"].value, "Geschlecht")
        texts = [
            cell.value
            for sheet in workbook
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        ]
        self.assertEqual(raw_keys_in(texts), [])

    def test_shares_are_percentages_shown_with_one_decimal(self) -> None:
        overview = self.workbook()["Übersicht"]
        cells = {row[0].value: row[1] for row in overview.iter_rows(min_row=4)}
        share = cells["Frauenanteil (%)"]
        self.assertAlmostEqual(share.value, 4 / 9, places=3)  # 44,4 % in German
        self.assertEqual(share.number_format, "0.0 %")

    def test_every_sheet_prints_one_page_wide_with_its_header_row(self) -> None:
        for sheet in self.workbook():
            setup = sheet.page_setup
            self.assertEqual(setup.paperSize, 9, sheet.title)  # A4
            self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
            # XlsxWriter leaves out fitToWidth="1": 1 is the OOXML default.
            self.assertIn(setup.fitToWidth, (None, 1), sheet.title)
            self.assertEqual(setup.fitToHeight, 0, sheet.title)  # as many as needed
            self.assertEqual(sheet.print_title_rows, "$3:$3", sheet.title)
        # A table wider than a portrait page prints in landscape.
        workbook = self.workbook()
        self.assertEqual(workbook["Nach Projekt"].page_setup.orientation, "landscape")
        self.assertEqual(workbook["Übersicht"].page_setup.orientation, "portrait")

    def test_sheet_names_are_abbreviated_by_rule_and_unique(self) -> None:
        names = self.workbook().sheetnames
        self.assertIn("Nach Wirt. des Arbeitgebers", names)
        self.assertEqual(len(set(names)), len(names))
        used: set[str] = set()
        long = "Nach Wirtschaftszweig des Arbeitgebers"
        self.assertEqual(
            [exports._sheet_name(long, used) for _ in range(3)],
            [
                "Nach Wirt. des Arbeitgebers",
                "Nach Wirt. des Arbeitgebers (2)",
                "Nach Wirt. des Arbeitgebers (3)",
            ],
        )
        one_word = exports._sheet_name("Donaudampfschifffahrtsgesellschaft", used)
        self.assertEqual(one_word, "Dona.")
        for name in [*names, one_word]:
            self.assertLessEqual(len(name), 31)

    def test_every_sheet_carries_the_notes(self) -> None:
        for sheet in self.workbook():
            text = " ".join(
                c.value
                for row in sheet.iter_rows()
                for c in row
                if c.value and isinstance(c.value, str)
            )
            self.assertIn("Hinweise zu den Zahlen", text, sheet.title)
            self.assertIn(NOTE_ON_STARS, text, sheet.title)
            self.assertIn(NOTE_ON_PROJECTS, " ".join(text.split()), sheet.title)

    def test_columns_are_wide_enough_for_their_words(self) -> None:
        sheet = self.workbook()["Nach Projekt"]
        header = sheet[3]
        for cell in header[1:]:
            width = sheet.column_dimensions[cell.column_letter].width
            longest = max(len(word) for word in cell.value.split())
            self.assertGreaterEqual(width, longest + 1, cell.value)
        column = [c.value or "" for c in sheet["A"]]
        total = next(i for i, v in enumerate(column) if v.startswith("Gesamt"))
        labels = column[2 : total + 1]  # the header, the rows and the total
        self.assertGreaterEqual(
            sheet.column_dimensions["A"].width, max(len(label) for label in labels)
        )
        # Wrapped header lines need a taller row; the file says how tall.
        self.assertGreaterEqual(sheet.row_dimensions[3].height, 30)

    def test_text_cells_are_never_formulas(self) -> None:
        content = exports.build(self.release, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in workbook:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)


class CsvTest(ExportTestCase):
    def rows(self) -> list[list[str]]:
        text = exports.build(self.release, "csv").decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    def test_it_is_utf8_with_bom_semicolons_and_german_numbers(self) -> None:
        content = exports.build(self.release, "csv")
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))
        rows = self.rows()
        self.assertIn(["Teilnehmende", "9"], rows)
        self.assertIn(["Erstgespräche", "9"], rows)  # umlauts survive
        # A number a German spreadsheet reads as one: decimal comma, no unit.
        self.assertIn(["Frauenanteil (%)", "44,4"], rows)

    def test_headers_are_german_labels_never_keys(self) -> None:
        rows = self.rows()
        self.assertIn(["Kennzahl", "Wert"], rows)
        (header,) = [row for row in rows if row and row[0] == "Projekt"]
        self.assertIn("Teilnehmende", header)
        self.assertIn("Qualifikationsadäquater Anteil (%)", header)
        self.assertEqual(raw_keys_in([cell for row in rows for cell in row]), [])

    def test_the_notes_come_before_the_figures(self) -> None:
        rows = self.rows()
        firsts = [row[0] if row else "" for row in rows]
        notes = firsts.index("Hinweise zu den Zahlen")
        self.assertLess(notes, firsts.index("Kennzahl"))
        text = " ".join(firsts[notes : firsts.index("Kennzahl")])
        self.assertIn(NOTE_ON_STARS, text)
        self.assertIn(NOTE_ON_PROJECTS, text)

    def test_it_neutralises_cells_that_start_a_formula(self) -> None:
        rows = list(
            csv.reader(
                io.StringIO(exports.build(self.release, "csv").decode("utf-8-sig")),
                delimiter=";",
            )
        )
        labels = [row[0] for row in rows if row]
        self.assertIn("'=HYPERLINK(1)", labels)
        self.assertNotIn("=HYPERLINK(1)", labels)
        for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "ok"):
            expected = value if value == "ok" else "'" + value
            self.assertEqual(exports.csv_text(value), expected)

    def test_suppressed_cells_are_stars(self) -> None:
        text = exports.build(self.release, "csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        (b_row,) = [row for row in rows if row and row[0] == "'=HYPERLINK(1)"]
        self.assertIn("*", b_row)
        self.assertNotIn("2", b_row[1:4])


class PdfTest(ExportTestCase):
    def test_it_is_a_pdf_that_poppler_renders(self) -> None:
        content = exports.build(self.release, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "report-export.pdf").write_bytes(content)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "report.pdf"
            pdf.write_bytes(content)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    str(pdf),
                    str(ARTIFACTS / "report-export"),
                ],
                check=True,
                timeout=60,
            )
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            first_page = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
        self.assertIn("Quartalsbericht Q3 2026", text)
        self.assertIn("Teilnehmende", text)
        self.assertIn("Nach Projekt", text)
        self.assertIn("44,4 %", text)  # share of women (pdftotext: a plain space)
        self.assertEqual(raw_keys_in(text.splitlines()), [])
        # The notes are on the first page, before any table.
        flat = " ".join(first_page.split())
        self.assertIn("Hinweise zu den Zahlen", flat)
        self.assertIn(NOTE_ON_STARS, flat)
        self.assertIn(NOTE_ON_PROJECTS, flat)
        self.assertTrue(list(ARTIFACTS.glob("report-export-*1.png")))

    def test_the_total_row_is_printed_once_even_over_page_breaks(self) -> None:
        real = exports._suppressed

        def long_tables(release: object) -> exports.Presentation:
            # 120 projects: the table by project runs over several pages.
            presentation = real(release)
            (table,) = [t for t in presentation.tables if t.title == "Nach Projekt"]
            row = table.rows[0]
            table.rows = [
                exports.Row(f"Projekt {i:03}", row.cells, row.key) for i in range(120)
            ]
            return presentation

        with mock.patch.object(exports, "_suppressed", long_tables):
            content = exports.build(self.release, "pdf")
        text = pdf_text(content)
        pages = text.split("\f")
        with_project = [p for p in pages if re.search(r"Projekt \d{3}", p)]
        parts = sum(
            len(table.column_chunks(exports.PDF_COLUMNS))
            for table in exports._suppressed(self.release).tables
            if table.total
        )
        ends = [p for p in with_project if "Projekt 119" in p]
        self.assertGreater(len(with_project), len(ends))  # the parts did break
        for page in with_project:
            # The header repeats on every page of the table (thead) ...
            self.assertIn("Projekt  ", page.split("Projekt 0")[0].split("Projekt 1")[0])
            # ... the total only where a part of the table ends, after its
            # last row (tbody, not tfoot, which would repeat too).
            if "Projekt 119" in page:
                self.assertIn("Gesamt", page.split("Projekt 119")[-1])
            else:
                self.assertNotIn("Gesamt", page)
        totals = [
            line for line in text.splitlines() if line.strip().startswith("Gesamt")
        ]
        self.assertEqual(len(totals), parts)


@override_settings(STATISTICS_MIN_CELL=3)
class RunExportJobTest(ExportTestCase):
    def test_it_stores_the_file_in_the_job(self) -> None:
        job = ExportJob.objects.create(release=self.release, format="csv")
        exports.run_job(job.pk, task_id="t")
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.DONE)
        self.assertEqual(job.filename, "quartalsbericht-2026-q3-v1.csv")
        self.assertTrue(bytes(job.content).startswith(b"\xef\xbb\xbf"))

    def test_a_broken_writer_fails_the_job(self) -> None:
        from unittest import mock

        job = ExportJob.objects.create(release=self.release, format="pdf")
        with (
            mock.patch.dict(exports.WRITERS, {"pdf": mock.Mock(side_effect=OSError)}),
            self.assertLogs("reports.exports", "ERROR"),
        ):
            exports.run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.FAILED)
        self.assertIsNone(job.content)


def structure_types(node, found: set[str]) -> set[str]:
    """Every structure type (H1, Table, TH, Figure …) below a structure element."""
    kids = node.get("/K")
    if kids is None:
        return found
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.add(str(kid.S)[1:])
            if str(kid.S) == "/Figure":
                found.add("Figure with Alt" if "/Alt" in kid else "Figure without Alt")
            structure_types(kid, found)
    return found


class PdfUaTest(ExportTestCase):
    """PDF/UA-1 (BITV 2.0), checked by a structure check with pikepdf.

    veraPDF is neither in Debian nor on PyPI; this checks the points of
    PDF/UA-1 that a generator can get wrong: the identification, a tagged
    structure, language, title shown as the window title, headings, table
    headers and the chart's alternative text.
    """

    def test_the_report_pdf_is_tagged_pdf_ua_1(self) -> None:
        content = exports.build(self.release, "pdf")
        title = "Quartalsbericht Q3 2026, Veröffentlichung 1"
        with assert_pdf_ua(self, content, title) as (types, root):
            for kind in ("H1", "H2", "Table", "THead", "TH", "TD", "Figure with Alt"):
                self.assertIn(kind, types)
            alts = [str(node.Alt) for node in _figures(root.StructTreeRoot)]
            self.assertTrue(alts[0].startswith("Kennzahlen als Balken: Teilnehmende 9"))


def pdf_text(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext lays it out (pages split by \\f)."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(content)
        return subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout


@contextlib.contextmanager
def assert_pdf_ua(test: TestCase, content: bytes, title: str):
    """The PDF/UA-1 points every PDF must meet; yields (structure types, root).

    The PDF/UA identification in XMP, a tagged (marked) structure, German as
    the document language, `title` as title and window title, and no figure
    without alternative text.
    """
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as xmp:
            test.assertEqual(xmp.get("pdfuaid:part"), "1")
            test.assertEqual(xmp.get("dc:title"), title)
        test.assertIs(bool(root.MarkInfo.Marked), True)
        test.assertEqual(str(root.Lang), "de")
        test.assertIs(bool(root.ViewerPreferences.DisplayDocTitle), True)
        test.assertEqual(str(pdf.docinfo.Title), title)
        types = structure_types(root.StructTreeRoot, set())
        test.assertNotIn("Figure without Alt", types)
        yield types, root


def _figures(node):
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if str(kid.S) == "/Figure":
                yield kid
            yield from _figures(kid)


class OpenDataTest(ExportTestCase):
    def test_the_long_csv_parses_with_a_flag_for_every_star(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(
            reverse("reports:open_data_csv", args=[self.release.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
        self.assertEqual(list(rows[0]), list(exports.OPEN_DATA_COLUMNS))
        by_key = {
            (r["dimension"], r["row"], r["figure"]): r for r in rows if r["scope"]
        }
        self.assertEqual(by_key[("", "", "participants")]["value"], "9")
        self.assertEqual(by_key[("", "", "women_share")]["value"], "44.4")
        project_b = [r for r in rows if r["row_label"] == "'=HYPERLINK(1)"]
        self.assertTrue(project_b)
        starred = [r for r in project_b if r["figure"] == "participants"]
        self.assertEqual((starred[0]["value"], starred[0]["suppressed"]), ("", "1"))
        for row in rows:
            self.assertEqual(row["period"], "Q3 2026")
            self.assertIn(row["suppressed"], ("0", "1"))
            self.assertNotEqual(row["value"], "*")
            if row["value"]:
                float(row["value"])
        total = by_key[("project", "total", "participants")]
        self.assertEqual(total["row_label"], "Gesamt (ohne Doppelzählung)")

    def test_the_metadata_is_dcat_ap_json_pointing_at_the_csv(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(
            reverse("reports:open_data_metadata", args=[self.release.pk])
        )
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertEqual(data["@type"], "dcat:Dataset")
        self.assertEqual(
            data["dct:title"], "Quartalsbericht Q3 2026, Veröffentlichung 1"
        )
        self.assertIn("gesperrt", data["dct:description"])
        self.assertEqual(
            data["dct:temporal"],
            {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": "2026-07-01",
                "dcat:endDate": "2026-09-30",
            },
        )
        self.assertTrue(data["dct:publisher"]["foaf:name"])
        self.assertEqual(data["dct:license"], exports.OPEN_DATA_LICENCE)
        self.assertEqual(data["dcat:version"], "1")
        datetime.datetime.fromisoformat(data["dct:issued"])
        (distribution,) = data["dcat:distribution"]
        self.assertEqual(
            distribution["dcat:accessURL"],
            "http://testserver"
            + reverse("reports:open_data_csv", args=[self.release.pk]),
        )


class LongerPeriodTest(BaseTestCase):
    """The ministry downloads released year, phase and phase-to-date reports."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        phase = ProgrammePhase.objects.get(start=datetime.date(2020, 1, 1))
        for _ in range(4):
            CaseFactory(
                opened_on=datetime.date(2022, 5, 2),
                admitted_on=datetime.date(2022, 5, 2),
            )
        cls.releases = {
            kind: compile_report(period).release(by=cls.zoe)
            for kind, period in (
                ("jahresbericht-2022", Period.year(2022)),
                ("phasenbericht-2020-01-01-2024-12-31", Period.phase(phase)),
                (
                    "zwischenbericht-2020-01-01-2022-12-31",
                    Period(phase.start, datetime.date(2022, 12, 31)),
                ),
            )
        }
        cls.draft = compile_report(Period.year(2023))  # the ministry never sees it

    def test_the_ministry_downloads_each_as_an_accessible_pdf(self) -> None:
        self.client.force_login(self.max)
        listing = self.client.get(reverse("reports:report_list"))
        for label in ("2022", "Zweite Förderphase", "Zweite Förderphase bis Q4 2022"):
            self.assertContains(listing, f">{label}</a>")
        self.assertNotContains(listing, self.draft.get_absolute_url())
        for stem, release in self.releases.items():
            with self.subTest(stem), self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    reverse("reports:export_create", args=[release.report_id]),
                    {"format": "pdf"},
                )
            job = ExportJob.objects.get(release=release, format="pdf")
            self.assertRedirects(response, job.get_absolute_url())
            download = self.client.get(
                reverse("reports:export_download", args=[job.pk])
            )
            self.assertEqual(download.status_code, 200)
            self.assertIn(f'filename="{stem}-v1.pdf"', download["Content-Disposition"])
            content = b"".join(download)
            title = exports.export_title(release)
            with assert_pdf_ua(self, content, title) as (types, _root):
                self.assertIn("TH", types)
            self.assertEqual(
                self.client.get(
                    reverse("reports:open_data_csv", args=[release.pk])
                ).status_code,
                200,
            )

    def test_titles_name_the_period(self) -> None:
        titles = [exports.export_title(r) for r in self.releases.values()]
        self.assertEqual(
            titles,
            [
                "Jahresbericht 2022, Veröffentlichung 1",
                "Phasenbericht Zweite Förderphase, Veröffentlichung 1",
                "Zwischenbericht Zweite Förderphase bis Q4 2022, Veröffentlichung 1",
            ],
        )
