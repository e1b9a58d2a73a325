import datetime
from html.parser import HTMLParser

import time_machine
from django.urls import reverse

from reports.compilation import compile_report
from reports.models import (
    CompilationJob,
    ExportJob,
    JobState,
    Report,
    ReportRelease,
)
from reports.statistics import Period
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory, quarter_dates
from tests.reports.test_exports import NOTE_ON_PROJECTS, NOTE_ON_STARS, raw_keys_in

DAY = datetime.date(2026, 8, 3)


class TextParser(HTMLParser):
    """The text a reader sees: no tags, attributes or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = TextParser()
    parser.feed(html)
    return parser.parts


def admit(project: object, n: int = 1) -> None:
    for _ in range(n):
        CaseFactory(
            mentee=MenteeFactory(project=project, last_name="Geheimname"),
            opened_on=DAY,
            admitted_on=DAY,
        )


class ReportViewTestCase(BaseTestCase):
    """Q2 2026 released, Q3 2026 a draft; 7 participants in Q3 in project A, 2 in B."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        admit(cls.project_a, 7)
        admit(cls.project_b, 2)
        cls.released = compile_report(Period.quarter(2026, 2))
        cls.released.release(by=cls.zoe)
        cls.draft = compile_report(Period.quarter(2026, 3))

    def url(self, name: str, *args: object) -> str:
        return reverse(f"reports:{name}", args=args)


class ReportListTest(ReportViewTestCase):
    def test_it_shows_zefas_all_reports_and_the_compile_form(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("report_list"))
        self.assertContains(response, "Q3 2026")
        self.assertContains(response, "Q2 2026")
        self.assertContains(response, "Entwurf")
        self.assertContains(response, 'action="/reports/compile/"')

    def test_it_shows_the_ministry_released_reports_only(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(self.url("report_list"))
        self.assertContains(response, "Q2 2026")
        self.assertNotContains(response, "Q3 2026")
        self.assertNotContains(response, 'action="/reports/compile/"')

    def test_mentors_and_project_leads_are_refused(self) -> None:
        for user in (self.alice, self.lena, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url("report_list")).status_code, 403)

    def test_its_queries_do_not_grow_with_the_number_of_reports(self) -> None:
        self.client.force_login(self.zoe)
        # session, user, roles, reports, phases, active jobs (+ 2 savepoints)
        with self.assertNumQueries(8):
            self.client.get(self.url("report_list"))
        for quarter in (1, 2, 3, 4):
            compile_report(Period.quarter(2025, quarter)).release(by=self.zoe)
        CompilationJob.objects.create(**quarter_dates(2024, 1))
        with self.assertNumQueries(8):
            self.client.get(self.url("report_list"))


class ReportDetailTest(ReportViewTestCase):
    def test_zefas_sees_the_draft_suppressed(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("report_detail", self.draft.pk))
        self.assertContains(response, "Entwurf")
        presentation = response.context["presentation"]
        (by_project,) = [t for t in presentation.tables if t.key == "by_project"]
        column = by_project.columns.index("Teilnehmende")
        cells = {row.label: row.cells[column].text for row in by_project.rows}
        self.assertEqual(cells["Projekt B"], "*")
        # A person may count in both projects: 9 - 7 tells only "at least 2".
        self.assertEqual(cells["Projekt A"], "7")
        self.assertEqual(by_project.total.cells[column].text, "9")
        self.assertContains(response, f'action="/reports/{self.draft.pk}/release/"')

    def test_headings_are_german_labels_never_figure_keys(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("report_detail", self.draft.pk))
        texts = visible_text(response.content.decode())
        for label in (
            "Kennzahl",
            "Erstgespräche",
            "Teilnehmende",
            "Neue Teilnehmende",
            "Frauenanteil (%)",
            "Qualifikationsadäquater Anteil (%)",
            "Nach Projekt",
            "Projekt",
            "Geschlecht",
        ):
            self.assertIn(label, texts)
        self.assertEqual(raw_keys_in(texts), [])
        presentation = response.context["presentation"]
        (by_project,) = [t for t in presentation.tables if t.key == "by_project"]
        column = by_project.columns.index("Frauenanteil (%)")
        # 0 women of 9 participants; German style with a no-break space.
        self.assertEqual(by_project.total.cells[column].text, "0,0\xa0%")
        self.assertIn("0,0 %", texts)  # visible_text folds the no-break space

    def test_it_explains_stars_and_why_projects_do_not_add_up(self) -> None:
        for user, report in ((self.zoe, self.draft), (self.max, self.released)):
            self.client.force_login(user)
            response = self.client.get(self.url("report_detail", report.pk))
            text = " ".join(visible_text(response.content.decode()))
            self.assertIn("Hinweise zu den Zahlen", text)
            self.assertIn(NOTE_ON_STARS, text)
            self.assertIn(NOTE_ON_PROJECTS, text)

    def test_the_ministry_gets_404_for_a_draft(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(self.url("report_detail", self.draft.pk))
        self.assertEqual(response.status_code, 404)

    def test_the_ministry_sees_a_released_report_with_export_form(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(self.url("report_detail", self.released.pk))
        self.assertContains(response, "Veröffentlichung 1")
        self.assertContains(response, f'action="/reports/{self.released.pk}/exports/"')
        self.assertNotContains(response, "/release/")

    def test_the_ministry_keeps_seeing_the_release_during_a_correction(self) -> None:
        admit(self.project_a, 5)
        CaseFactory(opened_on=datetime.date(2026, 5, 4))  # Q2 changes
        report = compile_report(Period.quarter(2026, 2))
        self.assertTrue(report.correction_in_progress)
        self.client.force_login(self.max)
        response = self.client.get(self.url("report_detail", report.pk))
        figures = {f.key: f.cell.text for f in response.context["presentation"].figures}
        self.assertEqual(figures["first_conversations"], "0")
        self.client.force_login(self.zoe)
        response = self.client.get(self.url("report_detail", report.pk))
        self.assertContains(response, "Korrektur in Arbeit")

    def test_nobody_sees_personal_data(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            response = self.client.get(self.url("report_detail", self.released.pk))
            self.assertNotContains(response, "Geheimname")

    def test_mentors_are_refused(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(self.url("report_detail", self.released.pk))
        self.assertEqual(response.status_code, 403)

    def test_its_queries_do_not_grow_with_the_data(self) -> None:
        self.client.force_login(self.zoe)
        url = self.url("report_detail", self.released.pk)
        # session, user, roles, report, releases, exports, active job (+ 2)
        with self.assertNumQueries(9):
            self.client.get(url)
        CaseFactory.create_batch(5, opened_on=datetime.date(2026, 5, 4))
        report = compile_report(Period.quarter(2026, 2))
        report.release(by=self.zoe, reason="more")
        for fmt in ("csv", "xlsx", "pdf"):
            ExportJob.objects.create(release=report.current_release, format=fmt)
        with self.assertNumQueries(9):
            self.client.get(url)


class CompileViewTest(ReportViewTestCase):
    def test_zefas_compiles_a_quarter_and_lands_on_the_job_page(self) -> None:
        self.client.force_login(self.zoe)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url("report_compile"), {"period": "2026-01-01_2026-03-31"}
            )
        job = CompilationJob.objects.get()
        self.assertRedirects(
            response, job.get_absolute_url(), fetch_redirect_response=False
        )
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.DONE)
        self.assertTrue(Report.objects.filter(**quarter_dates(2026, 1)).exists())
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, "Die Berechnung von Q1 2026 ist beauftragt.")
        # One state at a time: the job is done, so nothing says "queued".
        self.assertContains(response, "erledigt")
        self.assertNotContains(response, "Warteschlange")
        self.assertContains(response, job.report.get_absolute_url())

    def test_a_quarter_that_has_not_ended_is_refused(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.post(
            self.url("report_compile"), {"period": "2099-01-01_2099-03-31"}
        )
        self.assertRedirects(response, self.url("report_list"))
        self.assertFalse(CompilationJob.objects.exists())

    @time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
    def test_the_form_offers_quarters_years_phases_and_phases_to_date(self) -> None:
        self.client.force_login(self.zoe)
        form = self.client.get(self.url("report_list")).context["compile_form"]
        groups = dict(form.fields["period"].widget.choices)
        self.assertEqual(
            list(groups),
            [
                "Quartale",
                "Kalenderjahre",
                "Förderphasen",
                "Phasen bis zum Ende eines Quartals",
            ],
        )
        self.assertEqual(groups["Quartale"][0], ("2026-07-01_2026-09-30", "Q3 2026"))
        self.assertEqual(groups["Kalenderjahre"][0], ("2025-01-01_2025-12-31", "2025"))
        self.assertEqual(
            [label for _value, label in groups["Förderphasen"]],
            ["Zweite Förderphase", "Modellphase"],
        )
        self.assertIn(
            ("2020-01-01_2022-12-31", "Zweite Förderphase bis Q4 2022"),
            groups["Phasen bis zum Ende eines Quartals"],
        )
        self.assertEqual(
            groups["Phasen bis zum Ende eines Quartals"][0],
            ("2025-01-01_2026-09-30", "Dritte Förderphase bis Q3 2026"),
        )

    @time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
    def test_a_free_range_is_refused_with_the_reason(self) -> None:
        self.client.force_login(self.zoe)
        for value, reason in (
            ("2026-01-01_2026-02-14", "nichts davon"),
            ("2026-01-01", "aus der Liste"),
            ("2025-01-01_2026-12-31", "noch nicht abgeschlossen"),
        ):
            with self.subTest(value):
                response = self.client.post(
                    self.url("report_compile"), {"period": value}, follow=True
                )
                self.assertContains(response, reason)
        self.assertFalse(CompilationJob.objects.exists())
        self.assertEqual(Report.objects.count(), 2)  # the two of setUpTestData

    def test_the_ministry_and_mentors_get_403(self) -> None:
        for user in (self.max, self.alice):
            self.client.force_login(user)
            response = self.client.post(
                self.url("report_compile"), {"period": "2026-01-01_2026-03-31"}
            )
            self.assertEqual(response.status_code, 403)
        self.assertFalse(CompilationJob.objects.exists())

    def test_get_is_not_allowed(self) -> None:
        self.client.force_login(self.zoe)
        self.assertEqual(self.client.get(self.url("report_compile")).status_code, 405)


class JobDetailTest(ReportViewTestCase):
    def test_a_running_job_polls_its_status_fragment(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 1),
            state=JobState.RUNNING,
            progress="Saving the report",
        )
        self.client.force_login(self.zoe)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, 'hx-trigger="every 2s"')
        self.assertContains(response, "<h1", count=1)

        response = self.client.get(
            job.get_absolute_url(), headers={"HX-Request": "true"}
        )
        self.assertNotContains(response, "<h1")
        self.assertContains(response, 'id="job-status"')
        self.assertContains(response, "Der Bericht wird gespeichert")
        self.assertContains(response, 'hx-trigger="every 2s"')

    def test_a_finished_job_stops_polling(self) -> None:
        job = CompilationJob.objects.create(
            **quarter_dates(2026, 3), state=JobState.DONE, report=self.draft
        )
        self.client.force_login(self.zoe)
        response = self.client.get(
            job.get_absolute_url(), headers={"HX-Request": "true"}
        )
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, self.draft.get_absolute_url())

    def test_a_pending_job_says_queued(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2026, 1))
        self.client.force_login(self.zoe)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, "in der Warteschlange")

    def test_only_zefas_sees_jobs(self) -> None:
        job = CompilationJob.objects.create(**quarter_dates(2026, 1))
        for user in (self.max, self.alice):
            self.client.force_login(user)
            self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 403)


class ReleaseViewTest(ReportViewTestCase):
    def test_zefas_releases_a_draft(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.post(
            self.url("report_release", self.draft.pk),
            {"fingerprint": self.draft.fingerprint},
        )
        self.assertRedirects(response, self.draft.get_absolute_url())
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.is_released)
        self.assertEqual(self.draft.current_release.released_by, self.zoe)

    def test_a_correction_without_reason_shows_the_error_at_the_field(self) -> None:
        admit(self.project_a, 3)
        CaseFactory(opened_on=datetime.date(2026, 5, 4))
        report = compile_report(Period.quarter(2026, 2))
        self.client.force_login(self.zoe)
        response = self.client.post(
            self.url("report_release", report.pk),
            {"fingerprint": report.fingerprint},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFormError(
            response.context["release_form"],
            "reason",
            "Dieses Feld ist zwingend erforderlich.",
        )
        self.assertEqual(ReportRelease.objects.filter(report=report).count(), 1)

        response = self.client.post(
            self.url("report_release", report.pk),
            {"reason": "Nachmeldung", "fingerprint": report.fingerprint},
        )
        self.assertRedirects(response, report.get_absolute_url())
        self.assertEqual(
            list(report.releases.values_list("number", "reason")),
            [(2, "Nachmeldung"), (1, "")],
        )

    def test_releasing_twice_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.post(
            self.url("report_release", self.released.pk),
            {"fingerprint": self.released.fingerprint},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "bereits veröffentlicht", status_code=400)

    def test_a_release_of_a_compilation_nobody_saw_is_refused(self) -> None:
        self.client.force_login(self.zoe)
        page = self.client.get(self.draft.get_absolute_url())
        seen = page.context["release_form"]["fingerprint"].value()
        self.assertContains(page, f'value="{seen}"')
        CaseFactory(opened_on=datetime.date(2026, 8, 4))  # one more participant
        recompiled = compile_report(self.draft.period)
        self.assertNotEqual(recompiled.fingerprint, seen)

        response = self.client.post(
            self.url("report_release", self.draft.pk), {"fingerprint": seen}
        )
        self.assertContains(response, "erneut berechnet", status_code=409)
        self.assertFalse(ReportRelease.objects.filter(report=self.draft).exists())
        # The page now offers the new compilation; releasing it works.
        fresh = response.context["release_form"]["fingerprint"].value()
        self.assertEqual(fresh, recompiled.fingerprint)
        response = self.client.post(
            self.url("report_release", self.draft.pk), {"fingerprint": fresh}
        )
        self.assertRedirects(response, self.draft.get_absolute_url())
        self.assertEqual(
            ReportRelease.objects.get(report=self.draft).data, recompiled.data
        )

    def test_the_ministry_and_mentors_get_403(self) -> None:
        for user in (self.max, self.alice):
            self.client.force_login(user)
            response = self.client.post(
                self.url("report_release", self.draft.pk),
                {"fingerprint": self.draft.fingerprint},
            )
            self.assertEqual(response.status_code, 403)
        self.draft.refresh_from_db()
        self.assertFalse(self.draft.is_released)


class ExportViewTest(ReportViewTestCase):
    def test_the_ministry_exports_and_downloads_a_release(self) -> None:
        self.client.force_login(self.max)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url("export_create", self.released.pk), {"format": "csv"}
            )
        export = ExportJob.objects.get()
        self.assertRedirects(response, export.get_absolute_url())
        response = self.client.get(export.get_absolute_url())
        download = self.url("export_download", export.pk)
        self.assertContains(response, download)
        response = self.client.get(download)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            'filename="quartalsbericht-2026-q2-v1.csv"', response["Content-Disposition"]
        )
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))

    def test_asking_again_reuses_the_file(self) -> None:
        self.client.force_login(self.zoe)
        for _ in range(2):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    self.url("export_create", self.released.pk), {"format": "xlsx"}
                )
        self.assertEqual(ExportJob.objects.get().attempts, 1)

    def test_a_draft_is_not_exported(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.post(
            self.url("export_create", self.draft.pk), {"format": "csv"}
        )
        self.assertEqual(response.status_code, 404)

    def test_an_unfinished_export_is_not_downloadable(self) -> None:
        export = ExportJob.objects.create(
            release=self.released.current_release, format="pdf"
        )
        self.client.force_login(self.max)
        response = self.client.get(self.url("export_download", export.pk))
        self.assertEqual(response.status_code, 404)
        response = self.client.get(export.get_absolute_url())
        self.assertContains(response, 'hx-trigger="every 2s"')

    def test_mentors_get_403_everywhere(self) -> None:
        export = ExportJob.objects.create(
            release=self.released.current_release,
            format="csv",
            state=JobState.DONE,
            content=b"x",
        )
        self.client.force_login(self.alice)
        for url in (
            export.get_absolute_url(),
            self.url("export_download", export.pk),
        ):
            self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(
            self.url("export_create", self.released.pk), {"format": "csv"}
        )
        self.assertEqual(response.status_code, 403)
