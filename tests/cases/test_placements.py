"""placement_create, placement_edit, placement_end and the follow-up workflow."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Placement
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
)


class PlacementTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.employer = EmployerFactory(name="Bäckerei Sonne", city="Dresden")

    def setUp(self) -> None:
        self.case = CaseFactory(
            mentee=MenteeFactory(project=self.project_a), mentor=self.alice
        )
        self.url = reverse("cases:placement_create", args=[self.case.pk])
        self.client.force_login(self.alice)

    def data(self, **overrides: object) -> dict:
        return {
            "kind": "employment",
            "employer": self.employer.pk,
            "occupation": "Bäckereifachverkäuferin",
            "start_on": "2024-04-01",
            "planned_end_on": "",
            "weekly_hours": "30",
            "qualification_adequate": "true",
            **overrides,
        }

    def test_it_records_an_employment_and_moves_the_case_to_follow_up(self) -> None:
        response = self.client.post(self.url, self.data(), follow=True)
        self.assertContains(response, "Die Begleitung ist jetzt in der Nachbetreuung.")
        placement = Placement.objects.get()
        self.assertEqual(placement.employer, self.employer)
        self.assertTrue(placement.qualification_adequate)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.FOLLOW_UP)

    def test_it_keeps_the_case_active_for_a_future_start(self) -> None:
        later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
        self.client.post(self.url, self.data(start_on=later))
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.ACTIVE)

    def test_it_keeps_an_intake_case_in_intake(self) -> None:
        Case.objects.filter(pk=self.case.pk).update(admitted_on=None, status="intake")
        self.client.post(self.url, self.data())
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.INTAKE)

    def test_it_requires_an_employer_for_employment(self) -> None:
        response = self.client.post(self.url, self.data(employer=""))
        self.assertContains(response, "Bitte wählen Sie für diese Art der Vermittlung")
        self.assertFalse(Placement.objects.exists())
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.ACTIVE)

    def test_it_validates_dates_and_hours_in_german(self) -> None:
        response = self.client.post(
            self.url,
            self.data(
                start_on="2023-12-01", planned_end_on="2023-11-01", weekly_hours="70"
            ),
        )
        self.assertContains(response, "vor der Eröffnung ihrer Begleitung beginnen")
        self.assertContains(response, "kleiner oder gleich 60")
        self.assertFalse(Placement.objects.exists())
        response = self.client.post(self.url, self.data(planned_end_on="2024-03-01"))
        self.assertContains(response, "Das geplante Ende liegt vor dem Beginn.")

    def test_it_drops_qualification_adequate_for_other_kinds(self) -> None:
        self.client.post(self.url, self.data(kind="vocational_training"))
        placement = Placement.objects.get()
        self.assertIsNone(placement.qualification_adequate)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.FOLLOW_UP)

    def test_it_allows_no_employer_for_a_qualification(self) -> None:
        response = self.client.post(
            self.url, self.data(kind="qualification", employer="")
        )
        self.assertEqual(response.status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.ACTIVE)

    def test_it_offers_recent_employers_and_preselects_a_new_one(self) -> None:
        used = EmployerFactory(name="Pflegedienst Elbe")
        PlacementFactory(case=self.case, employer=used, kind="internship")
        unused = EmployerFactory(name="Unbekannt GmbH")
        new = EmployerFactory(name="Neu GmbH")
        response = self.client.get(self.url, {"employer": new.pk})
        self.assertContains(response, "Pflegedienst Elbe")
        self.assertNotContains(response, unused.name)
        self.assertContains(response, f'<option value="{new.pk}" selected>')
        self.assertContains(response, reverse("employers:employer_search"))
        self.assertContains(response, reverse("employers:employer_create") + "?next=")

    def test_it_accepts_an_employer_found_by_search(self) -> None:
        found = EmployerFactory(name="Gefunden AG")
        response = self.client.post(self.url, self.data(employer=found.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Placement.objects.get().employer, found)

    def test_it_edits_a_placement(self) -> None:
        placement = PlacementFactory(case=self.case, employer=self.employer)
        url = reverse("cases:placement_edit", args=[placement.pk])
        self.assertContains(self.client.get(url), "Bäckerei Sonne")
        response = self.client.post(
            url, self.data(weekly_hours="20", version=placement.version)
        )
        self.assertEqual(response.status_code, 302)
        placement.refresh_from_db()
        self.assertEqual(placement.weekly_hours, 20)

    def test_it_ends_a_placement_and_returns_the_case_to_active(self) -> None:
        self.client.post(self.url, self.data())
        placement = Placement.objects.get()
        url = reverse("cases:placement_end", args=[placement.pk])
        self.assertContains(self.client.get(url), "Grund des Endes")
        response = self.client.post(url, {"ended_on": "2024-03-01", "end_reason": ""})
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertContains(
            response, "Eine Vermittlung kann nicht vor ihrem Beginn enden."
        )
        placement.refresh_from_db()
        self.assertIsNone(placement.ended_on)
        response = self.client.post(
            url, {"ended_on": "2024-06-30", "end_reason": "terminated_by_employer"}
        )
        self.assertEqual(response.status_code, 302)
        placement.refresh_from_db()
        self.assertEqual(placement.ended_on, datetime.date(2024, 6, 30))
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.ACTIVE)

    def test_it_gives_404_for_another_projects_case_and_placement(self) -> None:
        placement = PlacementFactory(case=self.case, employer=self.employer)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)
        for name in ("placement_edit", "placement_end"):
            url = reverse(f"cases:{name}", args=[placement.pk])
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(
                self.client.post(
                    url, {"ended_on": "2024-06-30", "end_reason": "other"}
                ).status_code,
                404,
            )
        placement.refresh_from_db()
        self.assertIsNone(placement.ended_on)
        self.assertEqual(Placement.objects.count(), 1)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(Placement.objects.exists())
