from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import Employer
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    UserFactory,
    region,
)

URL = reverse("employers:employer_list")


def make_employers(n: int, *, project: object, mentor: object, other: object) -> None:
    """`n` employers, each with consultations and placements of two projects."""
    for _ in range(n):
        employer = EmployerFactory(region=region("14612"))
        EmployerConsultationFactory(employer=employer, project=project, mentor=mentor)
        EmployerConsultationFactory(employer=employer, project=other)
        case = CaseFactory(mentee=MenteeFactory(project=project), mentor=mentor)
        PlacementFactory(case=case, employer=employer)
        PlacementFactory(
            case=CaseFactory(mentee=MenteeFactory(project=other)), employer=employer
        )


class EmployerListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mueller = EmployerFactory(
            name="Müller Bau GmbH",
            sector=Employer.Sector.F,
            size_class=Employer.SizeClass.MICRO,
            postcode="04109",
            city="Leipzig",
            region=region("14713"),
        )
        cls.klinik = EmployerFactory(
            name="Klinikum Chemnitz gGmbH",
            sector=Employer.Sector.Q,
            size_class=Employer.SizeClass.LARGE,
            postcode="09116",
            city="Chemnitz",
            region=region("14511"),
        )
        # Project A: two consultations and one placement with Müller.
        EmployerConsultationFactory.create_batch(
            2, employer=cls.mueller, project=cls.project_a, mentor=cls.alice
        )
        case = CaseFactory(mentee=MenteeFactory(project=cls.project_a))
        PlacementFactory(case=case, employer=cls.mueller)
        # Project B: three consultations and two placements with the clinic.
        EmployerConsultationFactory.create_batch(
            3, employer=cls.klinik, project=cls.project_b, mentor=cls.bob
        )
        case_b = CaseFactory(mentee=MenteeFactory(project=cls.project_b))
        PlacementFactory.create_batch(2, case=case_b, employer=cls.klinik)

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def rows(self, response: object) -> list[tuple[str, int, int]]:
        return [
            (e.name, e.own_consultations, e.own_placements)
            for e in response.context["page"].object_list
        ]

    def test_it_lists_all_employers_with_the_own_projects_counts(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.rows(response),
            [("Klinikum Chemnitz gGmbH", 0, 0), ("Müller Bau GmbH", 2, 1)],
        )
        self.assertContains(response, "2 Arbeitgeber")
        self.assertContains(response, "F – Baugewerbe")
        self.assertContains(response, self.mueller.get_absolute_url())

    def test_it_counts_for_bobs_project_what_bobs_project_did(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(URL)
        self.assertEqual(
            self.rows(response),
            [("Klinikum Chemnitz gGmbH", 3, 2), ("Müller Bau GmbH", 0, 0)],
        )

    def test_it_shows_the_project_lead_the_projects_counts(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(URL)
        self.assertEqual(self.rows(response)[1], ("Müller Bau GmbH", 2, 1))

    def test_it_searches_name_city_and_postcode(self) -> None:
        for query in ("müller", "MUELLER bau", "Leipzig", "041"):
            response = self.client.get(URL, {"q": query})
            self.assertEqual(
                [r[0] for r in self.rows(response)], ["Müller Bau GmbH"], query
            )
        response = self.client.get(URL, {"q": "Dresden"})
        self.assertEqual(self.rows(response), [])
        self.assertContains(response, "Kein Arbeitgeber gefunden")

    def test_it_filters_by_sector_district_and_size(self) -> None:
        cases = [
            ({"sector": "Q"}, ["Klinikum Chemnitz gGmbH"]),
            ({"region": region("14713").pk}, ["Müller Bau GmbH"]),
            ({"size_class": "250+"}, ["Klinikum Chemnitz gGmbH"]),
            ({"sector": "Q", "size_class": "1-9"}, []),
        ]
        for params, expected in cases:
            response = self.client.get(URL, params)
            self.assertEqual([r[0] for r in self.rows(response)], expected, params)

    def test_it_sorts_by_the_chosen_column(self) -> None:
        response = self.client.get(URL, {"o": "-consultations"})
        self.assertEqual(self.rows(response)[0][0], "Müller Bau GmbH")
        response = self.client.get(URL, {"o": "-name"})
        self.assertEqual(self.rows(response)[0][0], "Müller Bau GmbH")
        response = self.client.get(URL, {"o": "postcode"})
        self.assertEqual(self.rows(response)[0][0], "Müller Bau GmbH")
        self.assertContains(response, 'aria-sort="ascending"')

    def test_it_ignores_an_unknown_sort_key(self) -> None:
        response = self.client.get(URL, {"o": "notes"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.rows(response)), 2)

    def test_it_paginates(self) -> None:
        EmployerFactory.create_batch(30)
        response = self.client.get(URL)
        self.assertEqual(len(self.rows(response)), 25)
        self.assertContains(response, "Seite 1 von 2")
        response = self.client.get(URL, {"page": 2})
        self.assertEqual(len(self.rows(response)), 7)

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user)

    def test_it_sends_anonymous_users_to_the_login(self) -> None:
        self.client.logout()
        response = self.client.get(URL)
        self.assertRedirects(
            response, f"{reverse('login')}?next={URL}", fetch_redirect_response=False
        )

    def test_it_needs_a_fixed_number_of_queries(self) -> None:
        carla = UserFactory(username="carla", role="mentor", projects=[self.project_a])
        self.client.force_login(carla)
        make_employers(3, project=self.project_a, mentor=carla, other=self.project_b)
        with CaptureQueriesContext(connection) as small:
            self.client.get(URL, {"sector": "C", "o": "-placements"})
        make_employers(20, project=self.project_a, mentor=carla, other=self.project_b)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(URL, {"sector": "C", "o": "-placements"})
        self.assertEqual(len(self.rows(response)), 23)
        self.assertEqual({r[1:] for r in self.rows(response)}, {(1, 1)})
