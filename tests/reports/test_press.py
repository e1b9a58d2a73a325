"""The ministry's press table (reports/press.py, reports/views/press.py)."""

import datetime
from collections.abc import Iterator

import pikepdf
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Mentee, Placement, ProgrammePhase
from reports import press
from reports.compilation import compile_report
from reports.models import Report, ReportRelease
from reports.statistics import Period
from reports.statistics.periods import report_kind
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory, PlacementFactory, quarter_dates
from tests.reports.test_exports import assert_pdf_ua, pdf_text
from tests.reports.test_report_views import visible_text

NBSP = "\u00a0"
TITLE_2020_2022 = "Pressetabelle Zweite Förderphase bis Q4 2022"
LABELS = [
    "Teilnehmende",
    "Begleitete Arbeitgeber",
    "In Beschäftigung",
    "In Berufsausbildung",
    "In Qualifizierung",
    "Frauenanteil",
]
PHASES_NOTE = "Die Zahlen verschiedener Förderphasen können nicht addiert werden"
PERIODS_NOTE = "Die Zahlen der beiden Zeiträume können nicht addiert werden"


def figures(**values: object) -> dict:
    """Headline figures of a hand-made report: every key the press table reads."""
    base = dict.fromkeys(
        (
            "participants",
            "women",
            "employers",
            "employment",
            "employment_adequate",
            "vocational_training",
            "qualification",
        ),
        0,
    )
    base.update(values)
    return base


def release_of(zoe: object, period: Period, **values: object) -> ReportRelease:
    """A released report with hand-made figures (no tables, no stored pattern):
    big numbers without thousands of cases. `suppress_report` protects them as
    it protects compiled ones."""
    kind, phase = report_kind(period, ProgrammePhase.objects.all())
    report = Report.objects.create(
        kind=kind,
        phase=phase,
        start=period.start,
        end=period.end,
        data={"period": period.as_dict(), "figures": figures(**values), "tables": []},
        compiled_at=timezone.now(),
    )
    return report.release(by=zoe)


class PressTestCase(BaseTestCase):
    """Q3 2026 compiled from cases: 9 participants (4 women), 4 into employment
    (3 qualification-adequate), 2 into vocational training (below k = 3, so
    suppressed). And a hand-made report of 2020 to 2022 with the big numbers
    of a press release."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = datetime.date(2026, 8, 3)
        cases = []
        for i in range(9):
            gender = Mentee.Gender.FEMALE if i < 4 else Mentee.Gender.MALE
            project = cls.project_a if i < 7 else cls.project_b
            cases.append(
                CaseFactory(
                    mentee=MenteeFactory(project=project, gender=gender),
                    opened_on=day,
                    admitted_on=day,
                )
            )
        for i, case in enumerate(cases[:4]):
            PlacementFactory(
                case=case,
                start_on=datetime.date(2026, 9, 1),
                qualification_adequate=i < 3,
            )
        for case in cases[4:6]:
            PlacementFactory(
                case=case,
                kind=Placement.Kind.VOCATIONAL_TRAINING,
                start_on=datetime.date(2026, 9, 1),
            )
        cls.release = compile_report(Period.quarter(2026, 3)).release(by=cls.zoe)
        cls.big = release_of(
            cls.zoe,
            Period(datetime.date(2020, 1, 1), datetime.date(2022, 12, 31)),
            participants=3023,
            women=756,
            employers=1370,
            employment=1317,
            employment_adequate=600,
            vocational_training=369,
            qualification=120,
            women_share=25.0,
            employment_adequate_share=45.6,
        )

    def table(self, *releases: ReportRelease) -> press.PressTable:
        with translation.override("de"):
            return press.build_press_table(*releases)

    def url(self, name: str, release: ReportRelease, other: object = None) -> str:
        url = reverse(f"reports:{name}", args=[release.pk])
        return url if other is None else f"{url}?with={other}"


class BuildTest(PressTestCase):
    def test_the_rows_come_in_the_order_and_wording_of_the_press_releases(self):
        table = self.table(self.big)
        self.assertEqual([row.label for row in table.rows], LABELS)
        self.assertEqual(
            [c.label for c in table.columns], ["Zweite Förderphase bis Q4 2022"]
        )
        self.assertEqual(table.columns[0].dates, "01.01.2020–31.12.2022")

    def test_numbers_are_in_german_format_and_shares_in_whole_percent(self):
        table = self.table(self.big)
        cells = {row.label: row.cells[0] for row in table.rows}
        self.assertEqual(
            [cells[label].text for label in LABELS],
            ["3.023", "1.370", "1.317", "369", "120", f"rund 25{NBSP}%"],
        )
        # 600 / 1317 = 45,56 %
        (employment,) = [row for row in table.rows if row.key == "employment"]
        self.assertEqual(employment.detail_label, "davon qualifikationsadäquat")
        self.assertEqual(cells["In Beschäftigung"].detail, f"46{NBSP}%")
        self.assertEqual(
            [r.detail_label for r in table.rows if r.detail_label],
            ["davon qualifikationsadäquat"],
        )

    def test_whole_percent_rounds_halves_up(self):
        self.assertEqual(press.whole_percent(1, 8), 13)  # 12,5
        self.assertEqual(press.whole_percent(49, 200), 25)  # 24,5
        self.assertEqual(press.whole_percent(1, 3), 33)

    def test_the_text_to_copy_is_one_press_paragraph_per_period(self):
        table = self.table(self.big)
        self.assertEqual(
            table.text,
            "Vom 01.01.2020 bis 31.12.2022 wurden 3.023 Teilnehmende und 1.370 "
            "Arbeitgeber begleitet. In eine Beschäftigung mündeten 1.317 "
            f"Teilnehmende (davon 46{NBSP}% qualifikationsadäquat), in eine "
            "Berufsausbildung 369 und in eine Qualifizierung 120. Der Frauenanteil "
            f"lag bei rund 25{NBSP}%.",
        )
        self.assertFalse(table.cannot_be_added)
        self.assertEqual(table.addition_note, "")

    def test_a_suppressed_figure_is_a_star_never_its_value(self):
        self.assertEqual(self.release.data["figures"]["vocational_training"], 2)
        table = self.table(self.release)
        cells = {row.label: row.cells[0] for row in table.rows}
        self.assertEqual(cells["In Berufsausbildung"].text, "*")
        self.assertEqual(cells["Teilnehmende"].text, "9")
        self.assertEqual(cells["In Beschäftigung"].text, "4")
        self.assertEqual(cells["In Beschäftigung"].detail, f"75{NBSP}%")
        self.assertEqual(cells["In Qualifizierung"].text, "0")  # zero is shown
        self.assertEqual(cells["Frauenanteil"].text, f"rund 44{NBSP}%")  # 4 / 9
        self.assertTrue(table.has_suppressed)
        self.assertIn("* = gesperrt", " ".join(table.notes))
        (text,) = table.paragraphs
        self.assertIn("in eine Berufsausbildung *", text)
        self.assertNotIn("Berufsausbildung 2", text)
        self.assertTrue(
            text.endswith("* = aus Gründen der statistischen Geheimhaltung gesperrt.")
        )

    def test_a_suppressed_count_suppresses_its_shares(self):
        release = release_of(
            self.zoe,
            Period.quarter(2025, 2),
            participants=40,
            women=2,
            employment=2,
            employment_adequate=1,
        )
        table = self.table(release)
        cells = {row.label: row.cells[0] for row in table.rows}
        self.assertEqual(cells["Frauenanteil"].text, "*")
        self.assertEqual(cells["In Beschäftigung"].text, "*")
        self.assertEqual(cells["In Beschäftigung"].detail, "*")
        (text,) = table.paragraphs
        self.assertIn("Frauenanteil wird aus Gründen der statistischen", text)
        self.assertNotIn("5 %", text)

    @override_settings(STATISTICS_MIN_CELL=5)
    def test_a_share_of_a_denominator_below_k_is_a_star(self):
        values = figures(participants=4, women=0)
        self.assertEqual(
            press.share(values, "women_share", "women", "participants"), "*"
        )
        values = figures(participants=0, women=0)
        self.assertEqual(
            press.share(values, "women_share", "women", "participants"), "–"
        )

    def test_two_periods_cannot_be_added(self):
        earlier = release_of(self.zoe, Period.quarter(2025, 3), participants=30)
        table = self.table(self.release, earlier)
        # The older period first, whichever the page shows.
        self.assertEqual([c.label for c in table.columns], ["Q3 2025", "Q3 2026"])
        self.assertEqual([len(row.cells) for row in table.rows], [2] * 6)
        self.assertEqual(table.rows[0].cells[0].text, "30")
        self.assertTrue(table.cannot_be_added)
        self.assertFalse(table.across_phases)
        self.assertIn(PERIODS_NOTE, table.addition_note)
        self.assertEqual(len(table.paragraphs), 2)
        self.assertTrue(table.paragraphs[0].startswith("Vom 01.07.2025 bis 30.09.2025"))
        self.assertTrue(table.paragraphs[1].startswith("Vom 01.07.2026 bis 30.09.2026"))
        self.assertIn("\n\n", table.text)

    def test_two_programme_phases_get_the_phase_note(self):
        # The second phase (2020 to 2024) and the third one to date.
        second_phase = ProgrammePhase.objects.get(start=datetime.date(2020, 1, 1))
        third_phase = ProgrammePhase.objects.get(start=datetime.date(2025, 1, 1))
        second = release_of(self.zoe, Period.phase(second_phase), participants=30)
        third = release_of(
            self.zoe,
            Period(third_phase.start, datetime.date(2026, 9, 30)),
            participants=40,
        )
        table = self.table(third, second)
        self.assertTrue(table.cannot_be_added)
        self.assertTrue(table.across_phases)
        self.assertIn(PHASES_NOTE, table.addition_note)
        self.assertIn("je Förderphase einmal gezählt", table.addition_note)
        # A phase to date against its whole phase: the same phase.
        self.assertFalse(self.table(self.big, second).across_phases)
        # Two quarters: the general note.
        first_quarter = release_of(self.zoe, Period.quarter(2020, 1), participants=30)
        self.assertFalse(self.table(first_quarter, third).across_phases)

    def test_the_same_release_twice_is_one_column(self):
        table = self.table(self.big, self.big)
        self.assertEqual(len(table.columns), 1)
        self.assertFalse(table.cannot_be_added)


class PressPageTest(PressTestCase):
    def test_the_report_page_links_to_its_press_table(self):
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            page = self.client.get(self.release.report.get_absolute_url())
            self.assertContains(page, self.url("press_table", self.release))

    def test_the_ministry_sees_the_table_the_text_and_the_links(self):
        other = release_of(self.zoe, Period.quarter(2025, 3), participants=30)
        self.client.force_login(self.max)
        response = self.client.get(self.url("press_table", self.release))
        self.assertEqual(response.status_code, 200)
        text = visible_text(response.content.decode())
        rows = [t for t in text if t in LABELS]
        self.assertEqual(rows, LABELS)
        self.assertIn("*", text)
        self.assertIn("Pressetabelle Q3 2026", text)
        self.assertContains(response, 'id="press-text"')
        self.assertContains(response, "Vom 01.07.2026 bis 30.09.2026 wurden 9")
        self.assertContains(response, "data-copy-from")
        self.assertContains(response, "/static/js/press.js")
        self.assertContains(
            response, f'href="{self.url("press_table_pdf", self.release)}"'
        )
        self.assertContains(
            response, f'href="{self.release.report.get_absolute_url()}"'
        )
        # The comparison's select offers the other releases, not this one.
        self.assertContains(response, f'<option value="{other.pk}">')
        self.assertNotContains(response, f'<option value="{self.release.pk}"')
        self.assertNotContains(response, PERIODS_NOTE)

    def test_with_adds_a_column_and_the_note(self):
        other = release_of(self.zoe, Period.quarter(2025, 3), participants=30)
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("press_table", self.release, other.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, PERIODS_NOTE)
        self.assertContains(response, f'<option value="{other.pk}" selected>')
        self.assertContains(
            response,
            f'href="{self.url("press_table_pdf", self.release, other.pk)}"',
        )

    def test_the_figures_stay_german_on_an_english_page(self):
        self.client.force_login(self.max)
        response = self.client.get(
            self.url("press_table", self.big), HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "3.023")
        self.assertContains(response, "Begleitete Arbeitgeber")

    def test_mentors_and_project_leads_are_refused(self):
        for user in (self.alice, self.lena, self.root):
            self.client.force_login(user)
            for name in ("press_table", "press_table_pdf"):
                response = self.client.get(self.url(name, self.release))
                self.assertEqual(response.status_code, 403, (user, name))
        self.client.logout()
        response = self.client.get(self.url("press_table", self.release))
        self.assertEqual(response.status_code, 302)

    def test_the_ministry_cannot_open_the_release_of_a_draft(self):
        draft = Report.objects.create(
            **quarter_dates(2026, 4),
            data=self.big.data,
            compiled_at=timezone.now(),
        )
        # Not released: the ministry may not see the report, nor any row of it.
        hidden = ReportRelease.objects.create(
            report=draft,
            number=1,
            data=self.big.data,
            compiled_at=draft.compiled_at,
            released_by=self.zoe,
            released_at=timezone.now(),
        )
        self.client.force_login(self.max)
        for name in ("press_table", "press_table_pdf"):
            response = self.client.get(self.url(name, hidden))
            self.assertEqual(response.status_code, 404, name)
            response = self.client.get(self.url(name, self.release, hidden.pk))
            self.assertEqual(response.status_code, 404, name)
        response = self.client.get(self.url("press_table", self.release))
        self.assertNotContains(response, f'<option value="{hidden.pk}"')
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("press_table", hidden))
        self.assertEqual(response.status_code, 200)

    def test_a_with_that_is_no_release_is_a_404(self):
        self.client.force_login(self.max)
        for value in ("abc", "-1", "²", "9" * 30, "999999"):
            response = self.client.get(self.url("press_table", self.release, value))
            self.assertEqual(response.status_code, 404, value)
        response = self.client.get(self.url("press_table", self.release, ""))
        self.assertEqual(response.status_code, 200)


class PressPdfTest(PressTestCase):
    def test_the_download_is_an_uncached_attachment(self):
        self.client.force_login(self.max)
        response = self.client.get(self.url("press_table_pdf", self.release))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="pressetabelle-2026-q3-v1.pdf"',
        )
        self.assertIn("no-store", response["Cache-Control"])
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_it_is_one_page_with_the_suppressed_figures(self):
        other = release_of(self.zoe, Period.quarter(2025, 3), participants=30)
        content = press.write_press_pdf(self.release, other)
        text = pdf_text(content)
        self.assertEqual(text.count("\f"), 1)  # one page
        flat = " ".join(text.split())
        for label in LABELS:
            self.assertIn(label, flat)
        self.assertIn("Pressetabelle Q3 2025 / Q3 2026", flat)
        self.assertIn(PERIODS_NOTE, flat)
        self.assertIn("Vom 01.07.2026 bis 30.09.2026 wurden 9 Teilnehmende", flat)
        self.assertIn("in eine Berufsausbildung *", flat)
        self.assertNotIn("Berufsausbildung 2", flat)

    def test_the_press_pdf_is_tagged_pdf_ua_1(self):
        content = press.write_press_pdf(self.big)
        with assert_pdf_ua(self, content, TITLE_2020_2022) as (types, root):
            for kind in ("H1", "H2", "Table", "THead", "TH", "TD", "P"):
                self.assertIn(kind, types)
            # <th scope>: every figure names its row and its column header.
            cells = list(elements(root.StructTreeRoot, "/TD"))
            self.assertEqual(len(cells), 7)  # six rows and the sub-row
            for cell in cells:
                self.assertEqual(len(cell.A.Headers), 2)


def elements(node: pikepdf.Dictionary, kind: str) -> Iterator[pikepdf.Dictionary]:
    """The structure elements of type `kind` below `node`."""
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if str(kid.S) == kind:
                yield kid
            yield from elements(kid, kind)
