"""Inviting a mentor of another project by exact username (team_invite), the
administrator's confirmation in the admin, and what a mentor cannot do."""

from django.contrib.auth.models import Group
from django.urls import reverse

from cases.models import Membership, TeamInvitation
from tests.base import BaseTestCase
from tests.factories import UserFactory

SENT = "Einladung gesendet."
NOT_POSSIBLE = "Eine Einladung an diesen Benutzernamen ist nicht möglich."


class TeamInvitationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.carla = UserFactory(username="carla", role="mentor")
        cls.old = UserFactory(username="olga", role="mentor", is_active=False)

    def invite(self, username: str, project: object = None) -> object:
        self.client.force_login(self.lena)
        url = reverse("cases:team_invite", args=[(project or self.project_a).pk])
        return self.client.post(url, {"username": username}, follow=True)

    def test_it_invites_another_projects_mentor_without_a_membership(self) -> None:
        response = self.invite("bob")
        self.assertContains(response, SENT)
        invitation = TeamInvitation.objects.get()
        self.assertEqual(
            (invitation.user, invitation.project, invitation.invited_by),
            (self.bob, self.project_a, self.lena),
        )
        self.assertEqual(invitation.status, TeamInvitation.Status.PENDING)
        self.assertFalse(
            Membership.objects.filter(user=self.bob, project=self.project_a).exists()
        )

    def test_it_gives_the_same_answer_for_every_name_it_cannot_invite(self) -> None:
        # Unknown, a case variant, a ZEFAS account, deactivated, already a member.
        for name in ["nobody", "BOB", "zoe", "olga", "alice"]:
            with self.subTest(name=name):
                response = self.invite(name)
                self.assertContains(response, NOT_POSSIBLE)
                self.assertNotContains(response, SENT)
        self.assertFalse(TeamInvitation.objects.exists())

    def test_a_second_invitation_of_the_same_person_is_one_invitation(self) -> None:
        self.invite("bob")
        self.assertContains(self.invite("bob"), SENT)
        self.assertEqual(TeamInvitation.objects.count(), 1)

    def test_the_team_page_never_lists_another_projects_staff(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(reverse("cases:team"))
        candidates = response.context["teams"][0]["form"].fields["user"].queryset
        self.assertIn(self.carla, candidates)
        self.assertNotIn(self.bob, candidates)
        self.assertNotContains(response, "bob")

    def test_a_lead_cannot_invite_into_a_project_they_are_not_in(self) -> None:
        self.client.force_login(self.lena)
        url = reverse("cases:team_invite", args=[self.project_b.pk])
        self.assertEqual(self.client.post(url, {"username": "carla"}).status_code, 404)

    def test_a_mentor_cannot_invite_or_add_themselves(self) -> None:
        self.client.force_login(self.bob)
        for name in ["team_invite", "team_add"]:
            url = reverse(f"cases:{name}", args=[self.project_a.pk])
            response = self.client.post(url, {"username": "bob", "user": self.bob.pk})
            self.assertEqual(response.status_code, 403)
        self.assertFalse(TeamInvitation.objects.exists())
        self.assertFalse(
            Membership.objects.filter(user=self.bob, project=self.project_a).exists()
        )

    def test_a_mentor_cannot_raise_their_role(self) -> None:
        """No page of the application changes groups; the admin is closed to
        a mentor (not staff)."""
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("admin:auth_user_change", args=[self.alice.pk])
        )
        self.assertEqual(response.status_code, 302)  # to the admin login
        lead = Group.objects.get(name="project_lead")
        self.client.post(
            reverse("admin:auth_user_change", args=[self.alice.pk]),
            {"groups": [lead.pk]},
        )
        self.assertFalse(self.alice.groups.filter(name="project_lead").exists())


class InvitationConfirmationTestCase(BaseTestCase):
    """The administrator's admin action turns an invitation into a membership."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.invitation = TeamInvitation.objects.create(
            project=cls.project_a, user=cls.bob, invited_by=cls.lena
        )

    def act(self, action: str) -> object:
        self.client.force_login(self.root)
        return self.client.post(
            reverse("admin:cases_teaminvitation_changelist"),
            {"action": action, "_selected_action": [self.invitation.pk]},
            follow=True,
        )

    def test_confirming_creates_the_membership(self) -> None:
        response = self.act("confirm")
        self.assertContains(response, "1 Einladung(en) bestätigt.")
        self.assertTrue(
            Membership.objects.filter(user=self.bob, project=self.project_a).exists()
        )
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, TeamInvitation.Status.CONFIRMED)
        self.assertEqual(self.invitation.decided_by, self.root)

    def test_rejecting_creates_no_membership(self) -> None:
        self.act("reject")
        self.assertFalse(
            Membership.objects.filter(user=self.bob, project=self.project_a).exists()
        )
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.status, TeamInvitation.Status.REJECTED)

    def test_a_confirmed_invitation_is_not_confirmed_twice(self) -> None:
        self.act("confirm")
        response = self.act("confirm")
        self.assertContains(response, "0 Einladung(en) bestätigt.")
        self.assertEqual(
            Membership.objects.filter(user=self.bob, project=self.project_a).count(), 1
        )
