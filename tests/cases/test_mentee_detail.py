import datetime

from django.urls import reverse

from cases.models import Case
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
)


class MenteeDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(
            project=cls.project_a, first_name="Amira", last_name="Haddad"
        )
        cls.old_case = CaseFactory(
            mentee=cls.mentee,
            mentor=cls.alice,
            opened_on=datetime.date(2021, 3, 1),
            closed_on=datetime.date(2021, 9, 30),
        )
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.url = reverse("cases:mentee_detail", args=[cls.mentee.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def add_rows(self, n: int) -> None:
        for i in range(n):
            meeting = MeetingFactory(
                case=self.case,
                date=datetime.date(2024, 2, 1) + datetime.timedelta(days=i),
                next_step=f"Schritt {i}",
            )
            FeedbackFactory(meeting=meeting, author=self.lena)
            IntegrationStepFactory(case=self.case, description=f"Kurs {i}")
            PlacementFactory(case=self.case, start_on=datetime.date(2024, 5, 1))

    def test_it_shows_master_data_cases_steps_placements_and_timeline(self) -> None:
        MeetingFactory(
            case=self.case,
            date=datetime.date(2024, 2, 1),
            notes="Lebenslauf besprochen",
            topics=["application_documents"],
        )
        IntegrationStepFactory(case=self.case, description="B1-Kurs")
        PlacementFactory(
            case=self.case,
            start_on=datetime.date(2024, 4, 1),
            ended_on=datetime.date(2024, 5, 31),
            end_reason="dropout",
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Amira Haddad")
        self.assertContains(response, self.mentee.code)
        self.assertContains(response, "Frühere Begleitungen")
        self.assertContains(response, "B1-Kurs")
        self.assertContains(response, "Lebenslauf besprochen")
        self.assertContains(response, "Bewerbungsunterlagen")
        self.assertContains(response, "Abbruch durch die Person")
        kinds = [e.kind for e in response.context["timeline"]]
        self.assertEqual(
            kinds,
            [
                "placement_end",
                "placement_start",
                "meeting",
                "case_admitted",
                "case_opened",
                "case_closed",
                "case_admitted",
                "case_opened",
            ],
        )
        self.assertContains(response, "Kontakt erfassen")
        self.assertContains(response, 'type="date"')

    def test_it_offers_a_new_case_when_none_is_open(self) -> None:
        Case.objects.filter(pk=self.case.pk).update(
            closed_on=datetime.date(2024, 6, 1), status="closed", close_reason="other"
        )
        response = self.client.get(self.url)
        self.assertContains(response, reverse("cases:case_open", args=[self.mentee.pk]))
        self.assertIsNone(response.context["meeting_form"])

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        # 11 reads (feedback threads included) and the access log's one
        # INSERT (privacy/access.py).
        self.add_rows(1)
        with self.assertNumQueries(12):
            self.client.get(self.url)
        self.add_rows(20)
        with self.assertNumQueries(12):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["steps"]), 21)

    def test_it_gives_404_for_another_projects_mentee(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_lets_the_project_lead_in(self) -> None:
        self.client.force_login(self.lena)
        self.assertEqual(self.client.get(self.url).status_code, 200)
