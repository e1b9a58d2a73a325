"""The team page of a project lead: team, team_add, team_handover, team_remove."""

import datetime

from django.urls import reverse

from cases.models import Case, Membership
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, ProjectFactory, UserFactory

TEAM_URL = reverse("cases:team")
NOT_BY_NAME = "Hinzufügen über diesen Benutzernamen ist nicht möglich."


class TeamTestCase(BaseTestCase):
    """The cast plus: leo leads project B, carla is a mentor without a project,
    dora is a second mentor of project A. Alice has two open cases and one
    closed case in project A."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.leo = UserFactory(
            username="leo", role="project_lead", projects=[cls.project_b]
        )
        cls.carla = UserFactory(
            username="carla", first_name="Carla", last_name="Conrad", role="mentor"
        )
        cls.dora = UserFactory(
            username="dora",
            first_name="Dora",
            last_name="Dietz",
            role="mentor",
            projects=[cls.project_a],
        )
        cls.alice.first_name, cls.alice.last_name = "Alice", "Arnold"
        cls.alice.save()
        cls.open_cases = [
            CaseFactory(mentee__project=cls.project_a, mentor=cls.alice)
            for _ in range(2)
        ]
        cls.closed_case = CaseFactory(
            mentee__project=cls.project_a,
            mentor=cls.alice,
            closed_on=datetime.date(2024, 6, 30),
        )
        MeetingFactory(
            case=cls.open_cases[0], date=datetime.date(2024, 5, 6), created_by=cls.alice
        )
        MeetingFactory(
            case=cls.open_cases[1], date=datetime.date(2024, 3, 1), created_by=cls.alice
        )

    def add_url(self, project: object) -> str:
        return reverse("cases:team_add", args=[project.pk])

    def handover_url(self, project: object, user: object) -> str:
        return reverse("cases:team_handover", args=[project.pk, user.pk])

    def remove_url(self, project: object, user: object) -> str:
        return reverse("cases:team_remove", args=[project.pk, user.pk])

    def member_ids(self, project: object) -> set[int]:
        return set(
            Membership.objects.filter(project=project).values_list("user", flat=True)
        )


class TeamOverviewTestCase(TeamTestCase):
    def test_it_lists_the_members_of_the_leads_project(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        self.assertContains(response, '<h1 class="h3 mb-2">Team</h1>', html=False)
        self.assertContains(response, "Alice Arnold (alice)")
        self.assertContains(response, "Dora Dietz (dora)")
        self.assertContains(response, "Projektleitung")
        members = response.context["teams"][0]["members"]
        self.assertEqual({m.user for m in members}, {self.alice, self.dora, self.lena})
        alice = next(m for m in members if m.user == self.alice)
        self.assertEqual(alice.open_cases, 2)
        self.assertEqual(alice.last_meeting_on, datetime.date(2024, 5, 6))
        self.assertContains(response, "06.05.2024")
        # Once in the actions column, once under the name for phones.
        self.assertContains(
            response, self.handover_url(self.project_a, self.alice), count=2
        )

    def test_it_offers_a_remove_button_only_where_removal_is_allowed(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        # Alice has open cases, lena is the only lead; dora may go.
        self.assertNotContains(response, self.remove_url(self.project_a, self.alice))
        self.assertNotContains(response, self.remove_url(self.project_a, self.lena))
        self.assertContains(response, self.remove_url(self.project_a, self.dora))
        self.assertContains(response, "einzige Projektleitung")

    def offered(self, response: object, block: int = 0) -> set:
        form = response.context["teams"][block]["form"]
        return {value for value, _label in form.fields["user"].widget.choices}

    def test_it_offers_only_mentors_who_belong_to_no_project(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        self.assertEqual(self.offered(response), {"", self.carla.pk})
        self.assertContains(response, "Carla Conrad (carla)")

    def test_it_never_shows_another_projects_staff(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        # bob works in project B, leo leads it: neither is offered nor named.
        for other in (self.bob, self.leo):
            self.assertNotIn(other.pk, self.offered(response))
            self.assertNotContains(response, f"({other.username})")

    def test_it_does_not_offer_the_leads_own_staff_to_their_other_project(
        self,
    ) -> None:
        Membership.objects.create(user=self.lena, project=self.project_b)
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        self.assertEqual(self.offered(response, block=1), {"", self.carla.pk})

    def test_it_shows_a_block_per_project(self) -> None:
        Membership.objects.create(user=self.lena, project=self.project_b)
        self.client.force_login(self.lena)
        response = self.client.get(TEAM_URL)
        projects = [t["project"] for t in response.context["teams"]]
        self.assertEqual(projects, [self.project_a, self.project_b])
        self.assertContains(response, f'id="id_user_{self.project_a.pk}"')
        self.assertContains(response, f'id="id_user_{self.project_b.pk}"')

    def test_it_shows_the_nav_entry_to_leads_only(self) -> None:
        link = f'href="{TEAM_URL}"'
        self.client.force_login(self.lena)
        self.assertContains(self.client.get(reverse("home")), link)
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(reverse("home")), link)

    def test_it_forbids_everyone_but_leads(self) -> None:
        for user in (self.alice, self.bob, self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(TEAM_URL).status_code, 403, user)

    def test_it_accepts_get_only(self) -> None:
        self.client.force_login(self.lena)
        self.assertEqual(self.client.post(TEAM_URL).status_code, 405)

    def test_it_sends_anonymous_users_to_the_login(self) -> None:
        response = self.client.get(TEAM_URL)
        self.assertRedirects(response, f"{reverse('login')}?next={TEAM_URL}")

    def test_it_costs_the_same_number_of_queries_at_two_sizes(self) -> None:
        self.client.force_login(self.lena)
        with self.assertNumQueries(8) as small:
            self.client.get(TEAM_URL)
        # A second project, more members, cases, meetings and candidates.
        Membership.objects.create(user=self.lena, project=self.project_b)
        for _ in range(8):
            mentor = UserFactory(role="mentor", projects=[self.project_a])
            case = CaseFactory(mentee__project=self.project_a, mentor=mentor)
            MeetingFactory(case=case, created_by=mentor)
            UserFactory(role="mentor")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(TEAM_URL)
        self.assertEqual(len(response.context["teams"][0]["members"]), 11)


class TeamAddTestCase(TeamTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def test_it_adds_a_mentor_chosen_from_the_list(self) -> None:
        response = self.client.post(
            self.add_url(self.project_a), {"user": self.carla.pk}, follow=True
        )
        self.assertRedirects(response, TEAM_URL)
        self.assertIn(self.carla.pk, self.member_ids(self.project_a))
        self.assertContains(
            response, "Carla Conrad (carla) arbeitet jetzt in Projekt A"
        )

    def test_it_adds_a_mentor_by_username(self) -> None:
        response = self.client.post(
            self.add_url(self.project_a), {"username": " CARLA "}
        )
        self.assertRedirects(response, TEAM_URL)
        self.assertIn(self.carla.pk, self.member_ids(self.project_a))

    def assert_refused(self, data: dict, message: str) -> None:
        before = set(Membership.objects.values_list("user", "project"))
        response = self.client.post(self.add_url(self.project_a), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertEqual(set(Membership.objects.values_list("user", "project")), before)

    def test_it_refuses_another_projects_mentor_posted_by_id(self) -> None:
        self.assert_refused({"user": self.bob.pk}, "Bitte eine gültige Auswahl")

    def test_it_refuses_another_projects_mentor_by_username(self) -> None:
        self.assert_refused({"username": "bob"}, NOT_BY_NAME)

    def test_it_refuses_a_mentor_of_the_leads_other_project(self) -> None:
        Membership.objects.create(user=self.lena, project=self.project_b)
        self.assert_refused({"user": self.bob.pk}, "Bitte eine gültige Auswahl")

    def test_a_mentor_cannot_add_themselves_to_a_project(self) -> None:
        # carla belongs to no project, alice to project A; the team URLs
        # refuse mentors whatever they post.
        for mentor, project in (
            (self.carla, self.project_a),
            (self.alice, self.project_b),
        ):
            self.client.force_login(mentor)
            response = self.client.post(self.add_url(project), {"user": mentor.pk})
            self.assertEqual(response.status_code, 403)
            response = self.client.post(
                self.add_url(project), {"username": mentor.username}
            )
            self.assertEqual(response.status_code, 403)
            self.assertNotIn(mentor.pk, self.member_ids(project))

    def test_it_refuses_an_empty_form(self) -> None:
        self.assert_refused(
            {"user": "", "username": ""},
            "Bitte wählen Sie eine Mentorin oder einen Mentor aus",
        )

    def test_it_refuses_an_unknown_username(self) -> None:
        self.assert_refused({"username": "nobody"}, NOT_BY_NAME)

    def test_it_refuses_a_user_without_the_mentor_role(self) -> None:
        self.assert_refused({"username": "zoe"}, NOT_BY_NAME)

    def test_it_refuses_a_deactivated_account(self) -> None:
        self.carla.is_active = False
        self.carla.save()
        self.assert_refused({"username": "carla"}, NOT_BY_NAME)

    def test_it_refuses_a_member(self) -> None:
        self.assert_refused(
            {"username": "alice"}, "Diese Person arbeitet bereits im Projekt mit."
        )

    def test_it_refuses_a_user_outside_the_list(self) -> None:
        self.assert_refused({"user": self.zoe.pk}, "Bitte eine gültige Auswahl")

    def test_it_refuses_two_different_people(self) -> None:
        UserFactory(username="carl", role="mentor")
        self.assert_refused(
            {"user": self.carla.pk, "username": "carl"},
            "nicht beides",
        )

    def test_every_name_it_cannot_add_gets_the_same_answer(self) -> None:
        """Unknown, another project's mentor, ZEFAS: nothing tells them apart."""
        answers = set()
        for name in ["nobody", "bob", "zoe"]:
            response = self.client.post(
                self.add_url(self.project_a), {"username": name}
            )
            answers.add(str(response.context["teams"][0]["form"].errors["username"]))
        self.assertEqual(len(answers), 1)
        self.assertIn(NOT_BY_NAME, answers.pop())

    def test_it_shows_the_error_in_the_projects_block(self) -> None:
        response = self.client.post(self.add_url(self.project_a), {"username": "x"})
        self.assertEqual(response.context["teams"][0]["form"].data["username"], "x")
        self.assertContains(response, f'id="id_username_{self.project_a.pk}"')

    def test_it_gives_404_for_a_project_the_lead_is_not_in(self) -> None:
        for lead, project in ((self.lena, self.project_b), (self.leo, self.project_a)):
            self.client.force_login(lead)
            response = self.client.post(self.add_url(project), {"username": "carla"})
            self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.carla.pk, self.member_ids(self.project_a))
        self.assertNotIn(self.carla.pk, self.member_ids(self.project_b))

    def test_it_forbids_everyone_but_leads(self) -> None:
        for user in (self.alice, self.bob, self.zoe, self.max, self.root):
            self.client.force_login(user)
            response = self.client.post(
                self.add_url(self.project_a), {"username": "carla"}
            )
            self.assertEqual(response.status_code, 403, user)
        self.assertNotIn(self.carla.pk, self.member_ids(self.project_a))

    def test_it_accepts_post_only(self) -> None:
        self.assertEqual(self.client.get(self.add_url(self.project_a)).status_code, 405)


class TeamHandoverTestCase(TeamTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.lena)
        self.url = self.handover_url(self.project_a, self.alice)

    def mentors(self) -> list[int]:
        cases = [*self.open_cases, self.closed_case]
        return [Case.objects.get(pk=c.pk).mentor_id for c in cases]

    def test_it_shows_the_open_cases_and_the_form(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Begleitungen von Alice Arnold (alice) übergeben")
        self.assertContains(response, "hat 2 offene Begleitungen in Projekt A")
        for case in self.open_cases:
            self.assertContains(response, case.mentee.code)
        self.assertNotContains(response, self.closed_case.mentee.code)
        offered = {c.pk for c in response.context["form"].fields["to"].queryset}
        self.assertEqual(offered, {self.dora.pk, self.lena.pk})

    def test_it_moves_the_open_cases(self) -> None:
        response = self.client.post(self.url, {"to": self.dora.pk}, follow=True)
        self.assertRedirects(response, TEAM_URL)
        self.assertContains(response, "2 offene Begleitungen von Alice Arnold (alice)")
        self.assertEqual(self.mentors(), [self.dora.pk, self.dora.pk, self.alice.pk])
        self.assertIn(self.alice.pk, self.member_ids(self.project_a))

    def test_it_moves_the_cases_and_removes_the_membership(self) -> None:
        response = self.client.post(
            self.url, {"to": self.lena.pk, "remove_membership": "on"}, follow=True
        )
        self.assertContains(response, "wurde aus Projekt A entfernt")
        self.assertEqual(self.mentors(), [self.lena.pk, self.lena.pk, self.alice.pk])
        self.assertNotIn(self.alice.pk, self.member_ids(self.project_a))

    def test_it_moves_only_the_cases_of_this_project(self) -> None:
        Membership.objects.create(user=self.alice, project=self.project_b)
        elsewhere = CaseFactory(mentee__project=self.project_b, mentor=self.alice)
        self.client.post(self.url, {"to": self.dora.pk, "remove_membership": "on"})
        elsewhere.refresh_from_db()
        self.assertEqual(elsewhere.mentor, self.alice)
        self.assertIn(self.alice.pk, self.member_ids(self.project_b))

    def test_it_refuses_a_target_outside_the_project(self) -> None:
        for target in (self.bob, self.carla, self.alice):
            response = self.client.post(self.url, {"to": target.pk})
            self.assertContains(response, "Bitte eine gültige Auswahl")
        response = self.client.post(self.url, {"to": ""})
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertEqual(self.mentors(), [self.alice.pk] * 3)

    def test_it_keeps_the_only_lead(self) -> None:
        CaseFactory(mentee__project=self.project_a, mentor=self.lena)
        response = self.client.post(
            self.handover_url(self.project_a, self.lena),
            {"to": self.dora.pk, "remove_membership": "on"},
        )
        self.assertContains(
            response, "ist die einzige Projektleitung von Projekt A und kann nicht"
        )
        self.assertEqual(Case.objects.open().filter(mentor=self.lena).count(), 1)
        self.assertIn(self.lena.pk, self.member_ids(self.project_a))

    def test_it_gives_404_outside_the_leads_projects(self) -> None:
        # Not a member of the project; a project the lead is not in.
        for url in (
            self.handover_url(self.project_a, self.bob),
            self.handover_url(self.project_b, self.bob),
        ):
            self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.leo)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(
            self.client.post(self.url, {"to": self.leo.pk}).status_code, 404
        )
        self.assertEqual(self.mentors(), [self.alice.pk] * 3)

    def test_it_forbids_everyone_but_leads(self) -> None:
        for user in (self.alice, self.bob, self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user)
            response = self.client.post(self.url, {"to": self.dora.pk})
            self.assertEqual(response.status_code, 403, user)
        self.assertEqual(self.mentors(), [self.alice.pk] * 3)

    def test_it_costs_the_same_number_of_queries_at_two_sizes(self) -> None:
        with self.assertNumQueries(9) as small:
            self.client.get(self.url)
        for _ in range(10):
            CaseFactory(mentee__project=self.project_a, mentor=self.alice)
            UserFactory(role="mentor", projects=[self.project_a])
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["open_cases"]), 12)


class TeamRemoveTestCase(TeamTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def test_it_removes_a_member_without_open_cases(self) -> None:
        response = self.client.post(
            self.remove_url(self.project_a, self.dora), follow=True
        )
        self.assertRedirects(response, TEAM_URL)
        self.assertContains(response, "Dora Dietz (dora) wurde aus Projekt A entfernt.")
        self.assertNotIn(self.dora.pk, self.member_ids(self.project_a))

    def test_it_refuses_while_the_member_has_open_cases(self) -> None:
        response = self.client.post(
            self.remove_url(self.project_a, self.alice), follow=True
        )
        self.assertContains(
            response,
            "Alice Arnold (alice) hat in diesem Projekt noch offene Begleitungen.",
        )
        self.assertIn(self.alice.pk, self.member_ids(self.project_a))

    def test_it_keeps_the_only_lead(self) -> None:
        response = self.client.post(
            self.remove_url(self.project_a, self.lena), follow=True
        )
        self.assertContains(response, "ist die einzige Projektleitung von Projekt A")
        self.assertIn(self.lena.pk, self.member_ids(self.project_a))

    def test_a_lead_may_leave_when_another_lead_stays(self) -> None:
        UserFactory(username="lars", role="project_lead", projects=[self.project_a])
        response = self.client.post(self.remove_url(self.project_a, self.lena))
        self.assertRedirects(response, TEAM_URL, fetch_redirect_response=False)
        self.assertNotIn(self.lena.pk, self.member_ids(self.project_a))

    def test_it_gives_404_outside_the_leads_projects(self) -> None:
        response = self.client.post(self.remove_url(self.project_b, self.bob))
        self.assertEqual(response.status_code, 404)
        response = self.client.post(self.remove_url(self.project_a, self.carla))
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.leo)
        response = self.client.post(self.remove_url(self.project_a, self.dora))
        self.assertEqual(response.status_code, 404)
        self.assertIn(self.bob.pk, self.member_ids(self.project_b))
        self.assertIn(self.dora.pk, self.member_ids(self.project_a))

    def test_it_forbids_everyone_but_leads(self) -> None:
        for user in (self.alice, self.bob, self.zoe, self.max, self.root):
            self.client.force_login(user)
            response = self.client.post(self.remove_url(self.project_a, self.dora))
            self.assertEqual(response.status_code, 403, user)
        self.assertIn(self.dora.pk, self.member_ids(self.project_a))

    def test_it_accepts_post_only(self) -> None:
        url = self.remove_url(self.project_a, self.dora)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertIn(self.dora.pk, self.member_ids(self.project_a))


class UnusedProjectTestCase(TeamTestCase):
    def test_a_lead_without_a_project_sees_a_note(self) -> None:
        lead = UserFactory(role="project_lead")
        ProjectFactory()
        self.client.force_login(lead)
        response = self.client.get(TEAM_URL)
        self.assertContains(response, "Sie sind noch keinem Projekt zugeordnet")
