"""ZEFAS's dashboard with a real broker and worker: the protected figures of a
period are computed by Celery, and the page shows the latest ones meanwhile."""

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.factories import CaseFactory, ProjectFactory, UserFactory
from tests.reports.support import (
    CLOSED_PORT_URL,
    REDIS_URL,
    SeededTransactionTestCase,
    broker,
    purge,
    wait_for,
    worker,
)

pytestmark = [pytest.mark.celery]

URL = reverse("reports:dashboard")
YEAR_2024 = {"kind": "year", "year": "2024"}


class DashboardWorkerTest(SeededTransactionTestCase):
    def setUp(self) -> None:
        purge()
        cache.clear()
        translation.activate("de")
        self.project = ProjectFactory(name="Projekt A")
        CaseFactory.create_batch(4, mentee__project=self.project)  # 10.01.2024
        self.client.force_login(UserFactory(username="zoe", role="zefas"))

    def participants(self, response) -> str:
        return {card["key"]: card["text"] for card in response.context["cards"]}[
            "participants"
        ]

    def queued(self) -> int:
        return redis.Redis.from_url(REDIS_URL).llen("celery")

    def test_the_latest_figures_show_while_a_worker_computes_new_ones(self) -> None:
        # computed in the request (no broker): the current and latest figures
        self.assertEqual(self.participants(self.client.get(URL, YEAR_2024)), "4")
        CaseFactory(mentee__project=self.project)  # a new case: a new version
        with broker(REDIS_URL):
            for _view in range(2):
                response = self.client.get(URL, YEAR_2024)
                self.assertEqual(self.participants(response), "4")
                self.assertContains(response, "Neuere Zahlen werden berechnet")
            self.assertEqual(self.queued(), 1)  # one computation, however many views
            with worker():
                wait_for(lambda: "data-refreshing" not in self.page())
        response = self.client.get(URL, YEAR_2024)
        self.assertEqual(self.participants(response), "5")
        self.assertNotContains(response, "Neuere Zahlen werden berechnet")

    def test_a_first_view_waits_for_the_worker_and_reloads(self) -> None:
        # the notice's poll, as htmx sends it
        poll = {"HX-Request": "true", "HX-Trigger": "dashboard-computing"}
        with broker(REDIS_URL):
            response = self.client.get(URL, YEAR_2024)
            self.assertContains(response, "data-computing")
            self.assertContains(response, 'hx-trigger="every 10s"')
            self.assertContains(response, "zum ersten Mal berechnet")
            self.assertNotIn("cards", response.context)
            self.assertEqual(
                self.client.get(URL, YEAR_2024, headers=poll).status_code, 204
            )
            with worker():
                wait_for(lambda: "data-computing" not in self.page())
            answer = self.client.get(URL, YEAR_2024, headers=poll)
            self.assertEqual(answer.headers["HX-Refresh"], "true")
            self.assertEqual(self.participants(self.client.get(URL, YEAR_2024)), "4")

    def test_without_a_broker_the_request_computes_the_figures(self) -> None:
        with broker(CLOSED_PORT_URL):
            response = self.client.get(URL, YEAR_2024)
        self.assertEqual(self.participants(response), "4")
        self.assertNotContains(response, "Neuere Zahlen werden berechnet")

    def page(self) -> str:
        return self.client.get(URL, YEAR_2024).content.decode()
