"""step_create, step_edit, step_done."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import IntegrationStep
from tests.base import BaseTestCase
from tests.factories import CaseFactory, IntegrationStepFactory, MenteeFactory


class IntegrationStepTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.alice
        )

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_adds_a_step(self) -> None:
        url = reverse("cases:step_create", args=[self.case.pk])
        self.assertContains(self.client.get(url), "Integrationsschritt hinzufügen")
        response = self.client.post(
            url,
            {
                "kind": "language_course",
                "description": "B2-Kurs an der VHS",
                "responsible": "mentee",
                "due_on": "2024-09-01",
            },
        )
        self.assertRedirects(response, self.case.mentee.get_absolute_url())
        step = IntegrationStep.objects.get()
        self.assertEqual(step.case, self.case)
        self.assertEqual(step.due_on, datetime.date(2024, 9, 1))

    def test_it_shows_german_errors_and_saves_nothing(self) -> None:
        url = reverse("cases:step_create", args=[self.case.pk])
        future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
        response = self.client.post(
            url, {"kind": "", "responsible": "mentee", "done_on": future}
        )
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertContains(response, "Der Schritt kann nicht in der Zukunft erledigt")
        self.assertFalse(IntegrationStep.objects.exists())

    def test_it_edits_and_marks_a_step_done(self) -> None:
        step = IntegrationStepFactory(case=self.case)
        url = reverse("cases:step_edit", args=[step.pk])
        response = self.client.post(
            url, {"kind": "recognition", "responsible": "both", "due_on": ""}
        )
        self.assertEqual(response.status_code, 302)
        step.refresh_from_db()
        self.assertEqual(step.kind, "recognition")
        done_url = reverse("cases:step_done", args=[step.pk])
        self.assertEqual(self.client.get(done_url).status_code, 405)
        self.client.post(done_url)
        step.refresh_from_db()
        self.assertEqual(step.done_on, timezone.localdate())

    def test_it_gives_404_for_another_projects_case_and_step(self) -> None:
        step = IntegrationStepFactory(case=self.case)
        self.client.force_login(self.bob)
        data = {"kind": "other", "responsible": "mentee"}
        urls = [
            reverse("cases:step_create", args=[self.case.pk]),
            reverse("cases:step_edit", args=[step.pk]),
            reverse("cases:step_done", args=[step.pk]),
        ]
        for url in urls:
            self.assertEqual(self.client.post(url, data).status_code, 404, url)
        step.refresh_from_db()
        self.assertIsNone(step.done_on)
        self.assertEqual(IntegrationStep.objects.count(), 1)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        url = reverse("cases:step_create", args=[self.case.pk])
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 403)
