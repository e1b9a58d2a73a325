import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Placement
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    ContactPersonFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
    region,
)


def url(employer: object) -> str:
    return reverse("employers:employer_detail", args=[employer.pk])


class EmployerDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.employer = EmployerFactory(
            name="Bäckerei Sonnenschein GmbH",
            street="Hauptstraße 5",
            postcode="01067",
            city="Dresden",
            region=region("14612"),
        )
        ContactPersonFactory(
            employer=cls.employer,
            name="Petra Lehmann",
            position="Personalleitung",
            phone="0351 123456",
            email="lehmann@example.org",
        )
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.consultation = EmployerConsultationFactory(
            employer=cls.employer,
            project=cls.project_a,
            mentor=cls.alice,
            mentee=cls.mentee,
            date=datetime.date(2024, 3, 5),
            notes="Sucht zwei Azubis für August",
        )
        cls.placement = PlacementFactory(
            case=cls.case,
            employer=cls.employer,
            kind=Placement.Kind.VOCATIONAL_TRAINING,
            start_on=datetime.date(2024, 8, 1),
            planned_end_on=datetime.date(2027, 7, 31),
        )
        # Project B's work with the same employer: only counts may show.
        cls.other_mentee = MenteeFactory(project=cls.project_b)
        cls.other_case = CaseFactory(mentee=cls.other_mentee, mentor=cls.bob)
        EmployerConsultationFactory.create_batch(
            2,
            employer=cls.employer,
            project=cls.project_b,
            mentor=cls.bob,
            mentee=cls.other_mentee,
            notes="Geheime Notiz von Projekt B",
        )
        PlacementFactory.create_batch(3, case=cls.other_case, employer=cls.employer)

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_shows_master_data_and_contact_persons(self) -> None:
        response = self.client.get(url(self.employer))
        self.assertEqual(response.status_code, 200)
        for text in (
            "Bäckerei Sonnenschein GmbH",
            "Hauptstraße 5",
            "01067 Dresden",
            "C – Verarbeitendes Gewerbe",
            "10–49 Beschäftigte",
            "Petra Lehmann",
            "Personalleitung",
            'href="tel:0351 123456"',
            "mailto:lehmann@example.org",
        ):
            self.assertContains(response, text)

    def test_it_shows_the_own_projects_consultations_and_placements(self) -> None:
        response = self.client.get(url(self.employer))
        self.assertContains(response, "05.03.2024")
        self.assertContains(response, "Einstellung von Geflüchteten")
        self.assertContains(response, "Sucht zwei Azubis für August")
        mentee_url = reverse("cases:mentee_detail", args=[self.mentee.pk])
        self.assertContains(response, f'<a href="{mentee_url}">{self.mentee.code}</a>')
        self.assertContains(response, "01.08.2024")
        self.assertContains(response, "geplant 31.07.2027")
        self.assertEqual(response.context["consultations"], [self.consultation])
        self.assertEqual(response.context["placements"], [self.placement])

    def test_it_shows_only_counts_of_other_projects(self) -> None:
        response = self.client.get(url(self.employer))
        self.assertContains(response, "Andere Projekte haben 2 Beratungen")
        self.assertContains(response, "und 3 Vermittlungen zu diesem Arbeitgeber")
        self.assertNotContains(response, "Geheime Notiz")
        self.assertNotContains(response, self.other_mentee.code)
        self.assertNotContains(response, self.other_mentee.last_name)

    def test_it_shows_bob_his_projects_side(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(url(self.employer))
        self.assertContains(response, "Geheime Notiz von Projekt B")
        self.assertContains(response, self.other_mentee.code)
        self.assertNotContains(response, "Sucht zwei Azubis")
        self.assertNotContains(response, self.mentee.code)
        self.assertContains(response, "Andere Projekte haben 1 Beratung")
        self.assertContains(response, "und 1 Vermittlung zu diesem Arbeitgeber")

    def test_it_does_not_link_a_mentee_handed_over_to_another_project(self) -> None:
        self.mentee.project = self.project_b
        self.mentee.save()
        response = self.client.get(url(self.employer))
        self.assertContains(response, self.mentee.code)
        mentee_url = reverse("cases:mentee_detail", args=[self.mentee.pk])
        self.assertNotContains(response, mentee_url)

    def test_it_gives_404_for_an_unknown_employer(self) -> None:
        response = self.client.get(reverse("employers:employer_detail", args=[99999]))
        self.assertEqual(response.status_code, 404)

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url(self.employer)).status_code, 403)

    def test_it_needs_a_fixed_number_of_queries(self) -> None:
        # A mentor in two projects, so the project column shows too.
        project_c = ProjectFactory()
        carla = UserFactory(role="mentor", projects=[self.project_a, project_c])
        self.client.force_login(carla)

        def add(n: int) -> None:
            for project in (self.project_a, project_c, self.project_b):
                for _ in range(n):
                    mentee = MenteeFactory(project=project)
                    EmployerConsultationFactory(
                        employer=self.employer, project=project, mentee=mentee
                    )
                    PlacementFactory(
                        case=CaseFactory(mentee=mentee), employer=self.employer
                    )
                    ContactPersonFactory(employer=self.employer)

        add(1)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url(self.employer))
        add(10)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url(self.employer))
        self.assertEqual(len(response.context["consultations"]), 1 + 22)
        self.assertEqual(len(response.context["placements"]), 1 + 22)
