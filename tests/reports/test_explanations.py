"""The page "Erläuterungen": every figure explained, what * means, and the
links to it from the dashboard and the report pages."""

from django.test import override_settings
from django.urls import reverse

from reports.compilation import compile_report
from reports.statistics import Period
from reports.statistics.labels import FIGURES, RATES
from reports.views.explanations import EXPLANATIONS
from tests.base import BaseTestCase

URL = reverse("reports:explanations")


class ExplanationsTestCase(BaseTestCase):
    def test_every_figure_and_rate_is_explained(self) -> None:
        self.assertEqual(set(EXPLANATIONS), {*FIGURES, *RATES})

    def test_it_explains_the_figures_in_german(self) -> None:
        self.client.force_login(self.max)
        response = self.client.get(URL)
        self.assertContains(response, "Erläuterungen zu den Zahlen")
        self.assertContains(response, "<dt>Teilnehmende</dt>", html=True)
        self.assertContains(response, "nicht vor seinem ersten Tag abgeschlossen")
        self.assertContains(response, "Sechs-Monats-Tag")
        self.assertContains(response, "jede Zahl von 1 bis 2")
        self.assertEqual(len(response.context["figures"]), len(FIGURES) + len(RATES))

    @override_settings(STATISTICS_MIN_CELL=5)
    def test_it_states_the_configured_threshold(self) -> None:
        self.client.force_login(self.zoe)
        self.assertContains(self.client.get(URL), "jede Zahl von 1 bis 4")

    def test_it_needs_a_login_only(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 302)
        for user in (self.alice, self.lena, self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 200)

    def test_the_dashboard_and_the_report_pages_link_to_it(self) -> None:
        report = compile_report(Period.quarter(2024, 1))
        self.client.force_login(self.zoe)
        for page in (
            reverse("reports:dashboard"),
            reverse("reports:dashboard_compare"),
            reverse("reports:report_list"),
            report.get_absolute_url(),
        ):
            self.assertContains(self.client.get(page), f'href="{URL}"', msg_prefix=page)
