"""The dashboard's tables as files: `format=csv` and `format=xlsx`."""

import csv
import io

import openpyxl
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.reports.test_dashboard import YEAR_2024, cards
from tests.reports.test_statistics_history import build_history

URL = reverse("reports:dashboard")


def plain(text: str) -> str:
    """A cell of the page as the CSV writes it: 1.234 -> 1234, 25,0 % -> 25,0."""
    return text.replace(".", "").removesuffix(" %").removesuffix("\u00a0%")


class DashboardDownloadTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def setUp(self) -> None:
        cache.clear()
        translation.activate("de")

    def sections(self, content: bytes) -> dict[str, list[list[str]]]:
        """The CSV's sections (split at empty lines), by their first line."""
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        sections: dict[str, list[list[str]]] = {}
        current: list[list[str]] = []
        for row in rows:
            if not row:
                current = []
                continue
            if not current:
                sections[row[0]] = current
            current.append(row)
        return sections

    def test_the_page_links_both_files(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(URL, YEAR_2024)
        self.assertContains(response, "kind=year&amp;year=2024&amp;format=csv")
        self.assertContains(response, "Tabellen als Excel")

    def test_zefas_gets_every_table_of_the_view_suppressed_as_on_the_page(self) -> None:
        self.client.force_login(self.zoe)
        page = self.client.get(URL, YEAR_2024)
        response = self.client.get(URL, {**YEAR_2024, "format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            "statistik-2024-01-01-2024-12-31.csv", response["Content-Disposition"]
        )
        self.assertIn("no-store", response["Cache-Control"])
        sections = self.sections(response.content)
        title = "Statistik 2024, Gesamtprogramm"
        self.assertIn(title, sections)
        figures = dict(row[:2] for row in sections["Kennzahl"][1:] if len(row) >= 2)
        shown = cards(page)
        self.assertEqual(figures["Teilnehmende"], shown["participants"])
        self.assertEqual(figures["In Berufsausbildung"], "*")  # 1 on the page, too
        # One section per table of the view, each headed by its title; the
        # page's tables and the file's hold the same cells.
        page_tables = page.context["main_tables"] + page.context["breakdowns"]
        for table in page_tables:
            self.assertIn(table["title"], sections, table["key"])
            rows = sections[table["title"]][2:]
            self.assertEqual(
                [row[0] for row in rows][: len(table["rows"])],
                [row["label"] for row in table["rows"]],
            )
            for file_row, page_row in zip(rows, table["rows"], strict=False):
                # The page groups thousands and adds " %"; the file does not.
                self.assertEqual(
                    file_row[1:],
                    [plain(cell) for cell in page_row["cells"]],
                    table["key"],
                )

    def test_xlsx_has_one_sheet_per_table(self) -> None:
        self.client.force_login(self.zoe)
        page = self.client.get(URL, YEAR_2024)
        response = self.client.get(URL, {**YEAR_2024, "format": "xlsx"})
        self.assertIn(".xlsx", response["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        tables = page.context["main_tables"] + page.context["breakdowns"]
        # The overview, every table of the page and the trend.
        self.assertEqual(len(workbook.sheetnames), 1 + len(tables) + 1)
        sheet = workbook[workbook.sheetnames[0]]
        self.assertEqual(sheet["A1"].value, "Statistik 2024, Gesamtprogramm")
        values = {
            row[0].value: row[1].value
            for row in sheet.iter_rows(min_row=4)
            if row[0].value
        }
        # Numbers stay numbers, "*" stays text, as on the page.
        shown = cards(page)
        for label, key in (
            ("Teilnehmende", "participants"),
            ("In Berufsausbildung", "vocational_training"),
            ("In Beschäftigung", "employment"),
        ):
            expected = shown[key] if shown[key] == "*" else int(shown[key])
            self.assertEqual(values[label], expected, label)
        by_project = workbook[workbook.sheetnames[1]]
        self.assertTrue(
            any(
                isinstance(cell.value, int)
                for row in by_project.iter_rows(min_row=4)
                for cell in row
            )
        )

    def test_a_project_lead_downloads_the_own_project_unsuppressed(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(URL, {**YEAR_2024, "format": "csv"})
        sections = self.sections(response.content)
        self.assertTrue(any("Projekt A" in title for title in sections))
        figures = dict(row[:2] for row in sections["Kennzahl"][1:] if len(row) >= 2)
        self.assertNotIn("*", figures.values())

    def test_a_wrong_period_shows_the_page_with_the_error(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(URL, {"kind": "year", "format": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte wählen Sie ein Jahr.")

    def test_others_get_no_file(self) -> None:
        for user in (self.alice, self.max, self.root):
            self.client.force_login(user)
            response = self.client.get(URL, {**YEAR_2024, "format": "csv"})
            self.assertEqual(response.status_code, 403)
