"""The statistics dashboard (reports:dashboard) and the comparison of periods."""

import datetime

import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone, translation

from cases.models import Case, Mentee, ProgrammePhase, Project, Region
from reports import tasks
from reports.statistics import format_figure
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, MenteeFactory
from tests.reports.test_statistics_history import DRESDEN, build_history

URL = reverse("reports:dashboard")
COMPARE = reverse("reports:dashboard_compare")
YEAR_2024 = {"kind": "year", "year": "2024"}


def cards(response) -> dict[str, str]:
    return {card["key"]: card["text"] for card in response.context["cards"]}


def table(response, key: str) -> dict:
    tables = response.context["main_tables"] + response.context["breakdowns"]
    return next(t for t in tables if t["key"] == key)


class DashboardTestCase(BaseTestCase):
    def setUp(self) -> None:
        # The dashboard keeps its figures in the cache: start each test without.
        cache.clear()
        translation.activate("de")


class DashboardAccessTest(DashboardTestCase):
    def test_it_sends_anonymous_users_to_the_login(self) -> None:
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('login')}?next={URL}")

    def test_it_refuses_mentors_the_ministry_and_plain_admins(self) -> None:
        for user in (self.alice, self.bob, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user)
            self.assertEqual(self.client.get(COMPARE).status_code, 403, user)

    def test_it_opens_for_zefas_and_project_leads(self) -> None:
        for user in (self.zoe, self.lena):
            self.client.force_login(user)
            response = self.client.get(URL)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                response.context["period_title"],
                f"{timezone.localdate().year} (läuft noch)",
            )
            self.assertEqual(self.client.get(COMPARE).status_code, 200)


class DashboardTest(DashboardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_it_shows_zefas_the_programme_suppressed(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(URL, YEAR_2024)
        self.assertEqual(response.context["scope_label"], "Gesamtprogramm")
        # Nine participants over two projects and many districts: linked
        # with every project's and district's tables, each headline count
        # would give a small cell away (3 placements, 2 + 1 by gender, are
        # both below k), so all of them are hidden.
        self.assertEqual(
            cards(response),
            {
                "participants": "*",
                "employers": "*",
                "employment": "*",
                "vocational_training": "*",  # 1
                "qualification": "*",  # 2
                "women_share": "*",  # 2 women
                "employment_adequate_share": "*",  # 2 of 3
            },
        )
        self.assertEqual(
            [t["key"] for t in response.context["main_tables"]],
            ["by_project", "by_district"],
        )
        by_project = table(response, "by_project")
        self.assertEqual(
            [r["label"] for r in by_project["rows"]], ["Projekt A", "Projekt B"]
        )
        self.assertEqual(by_project["columns"][1], "Teilnehmende")
        # participants 4 and 5, neither small, but hidden with the total
        self.assertEqual([r["cells"][1] for r in by_project["rows"]], ["*", "*"])
        self.assertEqual(by_project["total"][1], "*")
        self.assertContains(response, "* = ")
        self.assertContains(response, 'id="trend-data"')
        self.assertContains(response, "vendor/chartjs/chart.umd.min.js")
        self.assertEqual(
            response.context["chart"]["labels"],
            ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"],
        )
        participants = response.context["chart"]["datasets"][0]
        self.assertEqual(participants["label"], "Teilnehmende")
        self.assertEqual(participants["data"], [9, 8, 7, 7])
        # a suppressed value is a gap in the chart
        self.assertEqual(
            response.context["chart"]["datasets"][3]["data"], [0, None, 0, 0]
        )
        # Participants and placements each on an axis of their own.
        chart = response.context["chart"]
        self.assertEqual(
            [d["yAxisID"] for d in chart["datasets"]],
            ["people", "people", "placements", "placements", "placements"],
        )
        self.assertEqual(
            chart["axes"], {"people": "Teilnehmende", "placements": "Vermittlungen"}
        )

    def test_it_shows_a_project_lead_the_own_project_unsuppressed(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(URL, YEAR_2024)
        self.assertEqual(response.context["scope_label"], "Projekt A")
        self.assertEqual(
            cards(response),
            {
                "participants": "4",
                "employers": "3",
                "employment": "3",
                "vocational_training": "1",
                "qualification": "1",
                "women_share": "25,0 %",
                "employment_adequate_share": "66,7 %",
            },
        )
        self.assertEqual(
            [t["key"] for t in response.context["main_tables"]], ["by_district"]
        )
        figures = {f["label"]: f["text"] for f in response.context["figures"]}
        self.assertEqual(figures["durchschnittliche Begleitdauer (Tage)"], "120,0")
        self.assertEqual(figures["Kontaktstunden"], "3,0")
        self.assertNotContains(response, "Projekt B")

    def test_it_refuses_a_project_lead_another_scope(self) -> None:
        self.client.force_login(self.lena)
        for scope in (
            f"project-{self.project_b.pk}",
            "programme",
            f"district-{DRESDEN}",
        ):
            response = self.client.get(URL, {**YEAR_2024, "scope": scope})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("cards", response.context)
            self.assertContains(response, "Bitte korrigieren Sie")
            self.assertNotContains(response, "Projekt B")

    def test_it_lets_zefas_choose_a_project_or_a_district(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(
            URL, {**YEAR_2024, "scope": f"project-{self.project_b.pk}"}
        )
        self.assertEqual(response.context["scope_label"], "Projekt B")
        # 5 and 3: hidden with the programme's tables (see above)
        self.assertEqual(cards(response)["participants"], "*")
        response = self.client.get(URL, {**YEAR_2024, "scope": f"district-{DRESDEN}"})
        self.assertEqual(response.context["scope_label"], "Dresden")
        self.assertEqual(cards(response)["participants"], "*")
        keys = [t["key"] for t in response.context["main_tables"]]
        self.assertEqual(keys, ["by_project"])

    @time_machine.travel(datetime.datetime(2024, 5, 15, 12, tzinfo=datetime.UTC))
    def test_the_trend_stops_at_the_running_quarter_and_marks_it(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(URL, YEAR_2024)
        labels = ["Q1 2024", "Q2 2024 (läuft noch)"]  # no Q3 and Q4 yet
        self.assertEqual(response.context["chart"]["labels"], labels)
        self.assertEqual(
            [r["label"] for r in response.context["trend"]["rows"]], labels
        )
        phase = ProgrammePhase.objects.get(name="Zweite Förderphase")
        response = self.client.get(URL, {"kind": "phase", "phase": phase.pk})
        self.assertEqual(len(response.context["chart"]["labels"]), 18)
        self.assertEqual(response.context["chart"]["labels"][-1], labels[-1])

    def test_it_takes_a_quarter_a_phase_and_a_range(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(
            URL, {"kind": "quarter", "year": "2024", "quarter": "3"}
        )
        self.assertEqual(response.context["period_title"], "Q3 2024")
        self.assertIsNone(response.context["chart"])  # one quarter: no trend
        self.assertContains(response, "mehr als einem Quartal")
        phase = ProgrammePhase.objects.get(name="Zweite Förderphase")
        response = self.client.get(URL, {"kind": "phase", "phase": phase.pk})
        self.assertEqual(
            response.context["period_title"],
            "Zweite Förderphase (01.01.2020–31.12.2024)",
        )
        self.assertEqual(len(response.context["chart"]["labels"]), 20)
        self.assertEqual(cards(response)["participants"], "7")
        response = self.client.get(
            URL, {"kind": "range", "start": "2024-02-29", "end": "2024-07-14"}
        )
        self.assertEqual(response.context["period_title"], "29.02.2024–14.07.2024")
        self.assertEqual(
            response.context["chart"]["labels"],
            ["29.02.2024–31.03.2024", "Q2 2024", "01.07.2024–14.07.2024"],
        )

    def test_it_explains_a_wrong_period_in_german(self) -> None:
        # Free ranges are the project lead's (ZEFAS cannot choose one).
        for user, params, message in (
            (self.lena, {"kind": "range", "start": "2024-03-01", "end": "2024-02-01"},
             "Der letzte Tag liegt vor dem ersten Tag."),
            (self.lena, {"kind": "range", "start": "2024-03-01"},
             "Bitte geben Sie den letzten Tag an."),
            (self.zoe, {"kind": "quarter", "year": "2024"},
             "Bitte wählen Sie ein Quartal."),
            (self.zoe, {"kind": "half_year", "year": "2024"},
             "Bitte wählen Sie ein Halbjahr."),
            (self.zoe, {"kind": "year"}, "Bitte wählen Sie ein Jahr."),
            (self.zoe, {"kind": "phase"}, "Bitte wählen Sie eine Förderphase."),
            (self.zoe, {"kind": "year", "year": "1999"}, "größer oder gleich 2016"),
            (self.lena, {"kind": "range", "start": "gestern", "end": "2024-02-01"},
             "Bitte ein gültiges Datum eingeben."),
        ):  # fmt: skip
            self.client.force_login(user)
            response = self.client.get(URL, params)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("cards", response.context, params)
            self.assertContains(response, message, msg_prefix=str(params))

    def test_zefas_cannot_choose_a_free_range_even_in_the_address(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(URL, YEAR_2024)
        kinds = [
            value
            for value, _label in response.context["period_form"].fields["kind"].choices
        ]
        self.assertEqual(kinds, ["quarter", "half_year", "year", "phase"])
        self.assertNotContains(response, 'name="start"')
        # "The quarter" minus "the quarter without its last day" is refused.
        for params in (
            {"kind": "range", "start": "2024-07-01", "end": "2024-09-30"},
            {"kind": "range", "start": "2024-07-01", "end": "2024-09-29"},
        ):
            response = self.client.get(URL, {**params, "format": "csv"})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("cards", response.context)
            self.assertContains(
                response, "nur Quartale, Halbjahre, Jahre und Förderphasen"
            )
            response = self.client.get(
                COMPARE,
                {"a-kind": "range", "a-start": "2024-07-01", "a-end": "2024-09-30",
                 "b-kind": "year", "b-year": "2024"},
            )  # fmt: skip
            self.assertNotIn("rows", response.context)
            self.assertContains(
                response, "nur Quartale, Halbjahre, Jahre und Förderphasen"
            )

    def test_it_takes_a_half_year(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(
            URL, {"kind": "half_year", "year": "2024", "half": "2"}
        )
        self.assertEqual(response.context["period_title"], "H2 2024")
        self.assertEqual(response.context["period"].start, datetime.date(2024, 7, 1))
        self.assertEqual(response.context["chart"]["labels"], ["Q3 2024", "Q4 2024"])

    def test_a_project_lead_keeps_free_ranges(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(URL, YEAR_2024)
        kinds = [
            value
            for value, _label in response.context["period_form"].fields["kind"].choices
        ]
        self.assertIn("range", kinds)
        self.assertContains(response, 'name="start"')

    def test_it_accepts_german_dates_in_the_range(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(
            URL, {"kind": "range", "start": "01.01.2024", "end": "31.03.2024"}
        )
        self.assertEqual(response.context["period_title"], "Q1 2024")

    def test_it_costs_a_fixed_number_of_queries(self) -> None:
        # first view: the page, the data version and report_data (10 or 9
        # queries); a second view takes the figures from the cache. ZEFAS's
        # first view protects all scopes of the period at once: report_data
        # for the programme, 2 projects and 13 districts (9 each), and the
        # lists of projects and districts - a number that grows with the
        # projects and districts, never with the cases. That is Celery's work
        # (in-process here), which reads the data version once more.
        scopes = 1 + Project.objects.count() + Region.objects.count()
        self.assertEqual(scopes, 16)
        views = ((self.zoe, 9 + 9 * scopes + 5, 9), (self.lena, 17, 8))
        for user, first, again in views:
            self.client.force_login(user)
            with self.assertNumQueries(first):
                self.client.get(URL, YEAR_2024)
            with self.assertNumQueries(again):
                self.client.get(URL, YEAR_2024)
        # more data, and new rows: computed anew, with as many queries
        build_history(self.project_a, self.project_b)
        build_history(self.project_a, self.project_b)
        for user, first, again in views:
            self.client.force_login(user)
            with self.assertNumQueries(first):
                self.client.get(URL, YEAR_2024)
            with self.assertNumQueries(again):
                self.client.get(URL, YEAR_2024)

    def test_celery_beat_computes_the_opening_years_once(self) -> None:
        # this year (the dashboard) and the two before (the comparison)
        with time_machine.travel(
            datetime.datetime(2025, 3, 4, 9, tzinfo=datetime.UTC), tick=False
        ):
            self.assertEqual(tasks.warm_dashboard(), 3)
            self.assertEqual(tasks.warm_dashboard(), 0)
            self.client.force_login(self.zoe)
            with self.assertNumQueries(9):  # all from the cache
                response = self.client.get(URL)
        self.assertEqual(response.context["period_title"], "2025 (läuft noch)")

    def test_it_shows_a_new_entry_at_once(self) -> None:
        self.client.force_login(self.lena)
        self.assertEqual(cards(self.client.get(URL, YEAR_2024))["participants"], "4")
        CaseFactory(mentee=MenteeFactory(project=self.project_a))  # 10.01.2024
        self.assertEqual(cards(self.client.get(URL, YEAR_2024))["participants"], "5")

    def test_it_shows_an_edit_when_the_cached_figures_expire(self) -> None:
        start = timezone.now()
        self.client.force_login(self.lena)
        with time_machine.travel(start, tick=False):
            response = self.client.get(URL, YEAR_2024)
        self.assertEqual(cards(response)["women_share"], "25,0 %")
        Mentee.objects.filter(project=self.project_a).update(gender="male")
        with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
            response = self.client.get(URL, YEAR_2024)
        self.assertEqual(cards(response)["women_share"], "25,0 %")
        self.assertEqual(response.context["computed_at"], start)
        with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
            response = self.client.get(URL, YEAR_2024)
        self.assertEqual(cards(response)["women_share"], "0,0 %")

    def test_it_shows_a_new_meeting_when_the_cached_figures_expire(self) -> None:
        # Meetings do not change the data version: at the programme's future
        # size one is logged every minute.
        def meetings(response) -> str:
            return {f["label"]: f["text"] for f in response.context["figures"]}[
                "Kontakte"
            ]

        start = timezone.now()
        self.client.force_login(self.lena)
        with time_machine.travel(start, tick=False):
            self.assertEqual(meetings(self.client.get(URL, YEAR_2024)), "3")
            MeetingFactory(case=Case.objects.filter(project=self.project_a)[0])
            self.assertEqual(meetings(self.client.get(URL, YEAR_2024)), "3")
        with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
            self.assertEqual(meetings(self.client.get(URL, YEAR_2024)), "4")

    def test_it_says_when_the_figures_were_computed(self) -> None:
        self.client.force_login(self.zoe)
        with time_machine.travel(
            datetime.datetime(2025, 3, 4, 9, 5, tzinfo=datetime.UTC), tick=False
        ):
            response = self.client.get(URL, YEAR_2024)
        self.assertContains(response, "Stand: 04.03.2025, 10:05 Uhr.")  # Berlin
        self.assertContains(response, "spätestens nach 10 Minuten")

    def test_it_keeps_suppressed_and_raw_figures_apart(self) -> None:
        project_a = {**YEAR_2024, "scope": f"project-{self.project_a.pk}"}
        self.client.force_login(self.lena)
        self.assertEqual(cards(self.client.get(URL, project_a))["qualification"], "1")
        self.client.force_login(self.zoe)
        self.assertEqual(cards(self.client.get(URL, project_a))["qualification"], "*")


class CompareTest(DashboardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)

    def test_it_compares_two_years_for_zefas(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(
            COMPARE,
            {"a-kind": "year", "a-year": "2023", "b-kind": "year", "b-year": "2024"},
        )
        self.assertEqual(response.context["titles"], ["2023", "2024"])
        rows = {r["label"]: r for r in response.context["rows"]}
        # 7 and 9, hidden with the linked tables of each year
        self.assertEqual(
            (rows["Teilnehmende"]["a"], rows["Teilnehmende"]["b"]), ("*", "*")
        )
        self.assertEqual(rows["Teilnehmende"]["change"], "–")
        self.assertEqual(rows["in Berufsausbildung"]["a"], "0")  # zero is shown
        self.assertEqual(rows["Frauen"]["b"], "*")
        self.assertEqual(rows["Frauen"]["change"], "–")
        chart = response.context["chart"]
        self.assertEqual([d["label"] for d in chart["datasets"]], ["2023", "2024"])
        self.assertEqual(chart["labels"], ["Teilnehmende", "neue Teilnehmende"])
        placements = response.context["placement_chart"]
        self.assertEqual(placements["labels"][0], "in Beschäftigung")
        self.assertContains(response, 'id="compare-data"')
        self.assertContains(response, 'id="compare-placement-data"')

    def test_it_compares_phases_for_a_project_lead(self) -> None:
        self.client.force_login(self.lena)
        phases = {p.name: p.pk for p in ProgrammePhase.objects.all()}
        response = self.client.get(
            COMPARE,
            {
                "a-kind": "phase",
                "a-phase": phases["Modellphase"],
                "b-kind": "phase",
                "b-phase": phases["Zweite Förderphase"],
            },
        )
        self.assertEqual(response.context["scope_label"], "Projekt A")
        rows = {r["label"]: r for r in response.context["rows"]}
        self.assertEqual(
            (rows["Teilnehmende"]["a"], rows["Teilnehmende"]["b"]), ("0", "7")
        )
        self.assertEqual(rows["Frauen"]["b"], "2")  # unsuppressed for the project
        self.assertEqual(rows["Frauenanteil (%)"]["b"], "28,6 %")
        self.assertEqual(rows["Frauenanteil (%)"]["change"], "–")  # no share before

    @time_machine.travel(datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC))
    def test_it_compares_two_finished_years_by_default(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(COMPARE)
        self.assertEqual(response.context["titles"], ["2023", "2024"])
        self.assertFalse(response.context["running"])
        self.assertNotContains(response, "noch nicht aussagekräftig")

    @time_machine.travel(datetime.datetime(2024, 5, 15, 12, tzinfo=datetime.UTC))
    def test_it_marks_a_running_period_and_warns(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(
            COMPARE,
            {"a-kind": "year", "a-year": "2023", "b-kind": "year", "b-year": "2024"},
        )
        self.assertEqual(response.context["titles"], ["2023", "2024 (läuft noch)"])
        self.assertContains(response, "noch nicht aussagekräftig")

    def test_it_explains_a_wrong_period(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get(COMPARE, {"a-kind": "quarter", "b-kind": "year"})
        self.assertNotIn("rows", response.context)
        self.assertContains(response, "Bitte wählen Sie ein Quartal.")


class FormatTest(BaseTestCase):
    def test_it_formats_numbers_the_german_way(self) -> None:
        with translation.override("de"):
            self.assertEqual(format_figure(12345), "12.345")
            self.assertEqual(format_figure(1234.56), "1.234,6")
            self.assertEqual(format_figure(None), "–")
            self.assertEqual(format_figure("*"), "*")

    def test_it_formats_as_djangos_number_format_in_both_languages(self) -> None:
        values = [0, 7, 999, 1000, 12345, 1234567, -4321]
        values += [n / 100 for n in range(-2000, 200_000, 37)] + [0.05, 0.25, 2.675]
        for language in ("de", "en"):
            with translation.override(language):
                for value in values:
                    places = 1 if isinstance(value, float) else 0
                    shown = round(value, 1) if places else value
                    expected = formats.number_format(shown, places, force_grouping=True)
                    self.assertEqual(format_figure(value), expected, value)
