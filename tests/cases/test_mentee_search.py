"""The navigation's mentee search: one hit opens the mentee, else the list."""

from django.urls import reverse

from tests.base import BaseTestCase
from tests.factories import CaseFactory, MenteeFactory

URL = reverse("cases:mentee_search")
LIST = reverse("cases:mentee_list")


class MenteeSearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.amira = MenteeFactory(
            project=cls.project_a, first_name="Amira", last_name="Haddad"
        )
        cls.amir = MenteeFactory(
            project=cls.project_a, first_name="Amir", last_name="Nasser"
        )
        cls.other = MenteeFactory(
            project=cls.project_b, first_name="Amira", last_name="Haddad-Kurz"
        )
        for mentee in (cls.amira, cls.amir, cls.other):
            CaseFactory(mentee=mentee)

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_goes_straight_to_the_mentee_on_a_single_hit(self) -> None:
        for query in (self.amira.code, self.amira.code.lower(), "haddad", "amira h"):
            response = self.client.get(URL, {"q": query})
            self.assertRedirects(
                response, self.amira.get_absolute_url(), msg_prefix=query
            )

    def test_it_shows_the_list_for_several_hits(self) -> None:
        response = self.client.get(URL, {"q": "amir"})
        self.assertRedirects(response, f"{LIST}?q=amir")
        response = self.client.get(response["Location"])
        self.assertContains(response, self.amira.code)
        self.assertContains(response, self.amir.code)

    def test_it_shows_the_empty_list_for_no_hit(self) -> None:
        response = self.client.get(URL, {"q": "Schmidt"}, follow=True)
        self.assertContains(response, "Keine Teilnehmenden gefunden.")
        self.assertContains(response, 'value="Schmidt"')

    def test_it_opens_the_list_for_an_empty_search(self) -> None:
        self.assertRedirects(self.client.get(URL, {"q": "  "}), LIST)

    def test_it_never_finds_a_mentee_of_another_project(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(URL, {"q": self.amira.code})
        self.assertRedirects(response, f"{LIST}?q={self.amira.code}")
        response = self.client.get(URL, {"q": "haddad"})
        self.assertRedirects(response, self.other.get_absolute_url())

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        # Session, user, roles, the search, and the request's savepoint pair.
        with self.assertNumQueries(6):
            self.client.get(URL, {"q": "haddad"})
        for _ in range(20):
            CaseFactory(
                mentee=MenteeFactory(project=self.project_a, last_name="Haddad")
            )
        with self.assertNumQueries(6):
            self.client.get(URL, {"q": "haddad"})

    def test_the_navigation_offers_it_to_project_roles_only(self) -> None:
        self.assertContains(self.client.get(LIST), f'action="{URL}"')
        self.client.force_login(self.zoe)
        response = self.client.get(reverse("reports:dashboard"))
        self.assertNotContains(response, f'action="{URL}"')
