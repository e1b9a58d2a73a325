from django.urls import reverse

from cases.models import Case
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    UserFactory,
    region,
)

URL = reverse("cases:mentee_list")


def make_mentees(project: object, mentor: object, n: int) -> None:
    """`n` mentees with a case, a meeting and a running placement each."""
    for _ in range(n):
        case = CaseFactory(mentee=MenteeFactory(project=project), mentor=mentor)
        MeetingFactory(case=case)
        PlacementFactory(case=case)


class MenteeListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.amira = MenteeFactory(
            project=cls.project_a,
            first_name="Amira",
            last_name="Haddad",
            region=region("14612"),
        )
        cls.case = CaseFactory(mentee=cls.amira, mentor=cls.alice)
        MeetingFactory(case=cls.case, date="2024-02-03")
        cls.omar = MenteeFactory(
            project=cls.project_a,
            first_name="Omar",
            last_name="Nasser",
            region=region("14713"),
        )
        cls.carla = UserFactory(
            username="carla", role="mentor", projects=[cls.project_a]
        )
        CaseFactory(mentee=cls.omar, mentor=cls.carla, admitted_on=None)
        cls.other = MenteeFactory(project=cls.project_b, first_name="Bashir")
        CaseFactory(mentee=cls.other, mentor=cls.bob)

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_lists_the_projects_mentees_only(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, self.amira.code)
        self.assertContains(response, "Haddad, Amira")
        self.assertContains(response, self.omar.code)
        self.assertNotContains(response, self.other.code)
        self.assertContains(response, "03.02.2024")
        self.assertContains(response, "Erstgespräch")

    def test_it_links_the_name_as_well_as_the_code(self) -> None:
        response = self.client.get(URL)
        url = self.amira.get_absolute_url()
        self.assertContains(response, f'<a href="{url}">{self.amira.code}</a>')
        self.assertContains(response, f'<a href="{url}">Haddad, Amira</a>')

    def test_it_searches_code_and_name(self) -> None:
        response = self.client.get(URL, {"q": "hadd"})
        self.assertContains(response, self.amira.code)
        self.assertNotContains(response, self.omar.code)
        response = self.client.get(URL, {"q": self.omar.code.lower()})
        self.assertContains(response, self.omar.code)
        self.assertNotContains(response, self.amira.code)
        response = self.client.get(URL, {"q": "Amira Haddad"})
        self.assertContains(response, self.amira.code)

    def test_it_does_not_find_other_projects_by_search(self) -> None:
        response = self.client.get(URL, {"q": self.other.code})
        self.assertNotContains(response, self.other.get_absolute_url())
        self.assertEqual(response.context["mentees"], [])

    def test_it_filters_by_status_mentor_district_and_placement(self) -> None:
        response = self.client.get(URL, {"status": Case.Status.INTAKE})
        self.assertContains(response, self.omar.code)
        self.assertNotContains(response, self.amira.code)
        response = self.client.get(URL, {"mentor": self.alice.pk})
        self.assertContains(response, self.amira.code)
        self.assertNotContains(response, self.omar.code)
        response = self.client.get(URL, {"region": region("14713").pk})
        self.assertContains(response, self.omar.code)
        self.assertNotContains(response, self.amira.code)
        PlacementFactory(case=self.case)
        response = self.client.get(URL, {"placed": "true"})
        self.assertContains(response, self.amira.code)
        self.assertNotContains(response, self.omar.code)
        response = self.client.get(URL, {"placed": "false"})
        self.assertContains(response, self.omar.code)
        self.assertNotContains(response, self.amira.code)

    def test_it_refuses_a_mentor_of_another_project_as_filter(self) -> None:
        response = self.client.get(URL, {"mentor": self.bob.pk})
        self.assertNotContains(response, self.other.code)

    def test_it_sorts_by_columns(self) -> None:
        response = self.client.get(URL, {"sort": "-name"})
        content = response.content.decode()
        self.assertLess(content.index(self.omar.code), content.index(self.amira.code))
        response = self.client.get(URL, {"sort": "status"})
        content = response.content.decode()
        # "active" sorts before "intake"
        self.assertLess(content.index(self.amira.code), content.index(self.omar.code))
        self.assertContains(response, 'aria-sort="ascending"')

    def test_it_paginates_by_25(self) -> None:
        make_mentees(self.project_a, self.alice, 25)
        response = self.client.get(URL)
        self.assertEqual(len(response.context["mentees"]), 25)
        self.assertContains(response, "Seite 1 von 2")
        response = self.client.get(URL, {"page": 2})
        self.assertEqual(len(response.context["mentees"]), 2)

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        with self.assertNumQueries(10):
            self.client.get(URL, {"sort": "mentor"})
        make_mentees(self.project_a, self.alice, 30)
        with self.assertNumQueries(10):
            response = self.client.get(URL, {"sort": "mentor"})
        self.assertEqual(len(response.context["mentees"]), 25)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_sends_anonymous_users_to_login(self) -> None:
        self.client.logout()
        self.assertRedirects(
            self.client.get(URL),
            f"{reverse('login')}?next={URL}",
            fetch_redirect_response=False,
        )
