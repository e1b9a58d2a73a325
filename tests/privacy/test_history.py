"""The change history: who changed what, old and new values; handovers and
the nightly refresh write it too; the project lead reads it on the mentee's,
the employer's and the team's page; nobody edits it."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

from cases import tasks
from cases.models import Case, Meeting, Membership, Mentee
from employers.models import EmployerConsultation
from privacy.history import change_reason
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    ContactPersonFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    UserFactory,
)


class HistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a, first_name="Amira")
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.url = reverse("privacy:mentee_history", args=[cls.mentee.pk])

    def test_it_records_who_changed_what_from_a_page(self) -> None:
        self.client.force_login(self.alice)
        meeting = MeetingFactory(case=self.case, notes="alt")
        self.client.post(
            reverse("cases:meeting_edit", args=[meeting.pk]),
            {
                "date": meeting.date,
                "duration_minutes": 45,
                "channel": "phone",
                "with_whom": "mentee",
                "notes": "neu",
                "version": meeting.version,
            },
        )
        latest = Meeting.history.filter(id=meeting.pk).latest()
        self.assertEqual(latest.history_user, self.alice)
        self.assertEqual(latest.history_type, "~")
        self.assertEqual((latest.prev_record.notes, latest.notes), ("alt", "neu"))

    def test_it_records_handovers_with_a_reason(self) -> None:
        dora = self.make_mentor("dora")
        self.client.force_login(self.lena)
        self.client.post(
            reverse("cases:team_handover", args=[self.project_a.pk, self.alice.pk]),
            {"to": dora.pk},
        )
        latest = Case.history.filter(id=self.case.pk).latest()
        self.assertEqual((latest.mentor_id, latest.history_user), (dora.pk, self.lena))
        self.assertEqual(latest.history_change_reason, "Übergabe")

    def test_it_records_the_nightly_status_refresh(self) -> None:
        PlacementFactory(case=self.case, start_on=datetime.date(2024, 4, 1))
        Case.objects.filter(pk=self.case.pk).update(status="active")
        tasks.refresh_statuses(datetime.date(2024, 4, 2))
        latest = Case.history.filter(id=self.case.pk).latest()
        self.assertEqual(latest.status, "follow_up")
        self.assertIsNone(latest.history_user)
        self.assertEqual(
            latest.history_change_reason, "nächtliche Statusaktualisierung"
        )

    def test_it_records_memberships_and_roles(self) -> None:
        membership = Membership.objects.create(user=self.bob, project=self.project_a)
        pk = membership.pk
        membership.delete()
        self.assertEqual(
            list(
                Membership.history.filter(id=pk).values_list("history_type", flat=True)
            ),
            ["-", "+"],
        )
        self.bob.groups.add(Group.objects.get(name="project_lead"))
        version = self.bob.history.latest()
        self.assertEqual(
            sorted(version.groups.values_list("group__name", flat=True)),
            ["mentor", "project_lead"],
        )
        self.assertFalse(hasattr(version, "password"))

    def test_it_takes_the_reason_of_the_enclosing_block(self) -> None:
        with change_reason("import of teilnehmende.xlsx"):
            mentee = MenteeFactory(project=self.project_a)
        self.assertEqual(
            Mentee.history.get(id=mentee.pk).history_change_reason,
            "import of teilnehmende.xlsx",
        )

    def test_it_shows_the_history_to_the_project_lead(self) -> None:
        self.mentee.first_name = "Amina"
        self.mentee.save()
        self.client.force_login(self.lena)
        response = self.client.get(self.url)
        self.assertContains(response, "Änderungsverlauf")
        self.assertContains(response, "Amira")
        self.assertContains(response, "Amina")
        self.assertContains(response, "geändert")

    def test_it_names_related_objects_as_people_know_them(self) -> None:
        MeetingFactory(case=self.case, date=datetime.date(2024, 2, 1))
        self.client.force_login(self.lena)
        response = self.client.get(self.url)
        self.assertContains(response, "Kontakt vom 01.02.2024")
        self.assertContains(response, "Begleitung vom 10.01.2024")
        self.assertContains(response, f"Teilnehmende/r {self.mentee.code}")
        self.assertNotRegex(response.content.decode(), r"#\d")

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        self.client.force_login(self.lena)
        MeetingFactory(case=self.case)
        # Session, user, roles, mentee, the access-log INSERT, one SELECT per
        # history table (9) and one per kind of name shown (project, users,
        # consent text), inside the request's savepoint.
        with self.assertNumQueries(19) as small:
            self.client.get(self.url)
        for i in range(15):
            MeetingFactory(case=self.case, notes=f"Notiz {i}").save()
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(self.url)

    def test_it_is_for_the_project_lead_of_the_project_only(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        other = self.make_mentor("petra", role="project_lead", project=self.project_b)
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_cannot_be_changed_in_the_admin(self) -> None:
        self.client.force_login(self.root)
        response = self.client.get(
            reverse("admin:cases_mentee_history", args=[self.mentee.pk])
        )
        self.assertEqual(response.status_code, 200)
        version = Mentee.history.get(id=self.mentee.pk)
        response = self.client.post(
            reverse(
                "admin:cases_mentee_simple_history",
                args=[self.mentee.pk, version.history_id],
            ),
            {"first_name": "X"},
        )
        self.assertNotEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "X")

    def make_mentor(self, username: str, role: str = "mentor", project=None) -> object:
        return UserFactory(
            username=username, role=role, projects=[project or self.project_a]
        )


class EmployerHistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.employer = EmployerFactory(name="Bäckerei Sommer")
        cls.mentee = MenteeFactory(project=cls.project_a)
        cls.url = reverse("privacy:employer_history", args=[cls.employer.pk])

    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def add_history(self, n: int) -> None:
        """Changes of the employer, contact persons and consultations of both
        projects."""
        for i in range(n):
            self.employer.city = f"Dresden {i}"
            self.employer.save()
            ContactPersonFactory(employer=self.employer, name=f"Frau Kontakt {i}")
            for project, mentor in (
                (self.project_a, self.alice),
                (self.project_b, self.bob),
            ):
                EmployerConsultationFactory(
                    employer=self.employer,
                    project=project,
                    mentor=mentor,
                    mentee=self.mentee if project == self.project_a else None,
                    notes=f"Notiz {project.name} {i}",
                )

    def test_it_shows_the_employer_its_contacts_and_own_consultations(self) -> None:
        self.add_history(1)
        response = self.client.get(self.url)
        self.assertContains(response, "Arbeitgeber Bäckerei Sommer")
        self.assertContains(response, "Dresden 0")
        self.assertContains(response, "Ansprechperson Frau Kontakt 0")
        self.assertContains(response, "Arbeitgeberberatung vom 01.03.2024")
        self.assertContains(response, "Notiz Projekt A 0")
        self.assertContains(response, self.mentee.code)
        self.assertNotRegex(response.content.decode(), r"#\d")

    def test_it_never_shows_another_projects_consultations(self) -> None:
        self.add_history(1)
        consultation = EmployerConsultation.objects.get(project=self.project_b)
        consultation.notes = "Noch eine Notiz"
        consultation.save()
        response = self.client.get(self.url)
        self.assertContains(response, "Notiz Projekt A 0")
        self.assertNotContains(response, "Projekt B")
        self.assertNotContains(response, "Noch eine Notiz")

    def test_it_is_linked_from_the_employer_page_for_leads(self) -> None:
        page = reverse("employers:employer_detail", args=[self.employer.pk])
        self.assertContains(self.client.get(page), self.url)
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(page), self.url)

    def test_it_is_for_project_leads_only(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.lena)
        missing = reverse("privacy:employer_history", args=[self.employer.pk + 1])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        self.add_history(1)
        # Session, user, roles, employer, one SELECT per history table (3),
        # and the names of projects, users and mentees, inside the request's
        # savepoint.
        with self.assertNumQueries(12):
            self.client.get(self.url)
        self.add_history(10)
        with self.assertNumQueries(12):
            self.client.get(self.url)


class TeamHistoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.url = reverse("privacy:team_history", args=[cls.project_a.pk])

    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def test_it_shows_memberships_and_role_changes_of_the_members(self) -> None:
        dora = UserFactory(
            username="dora", first_name="Dora", last_name="Diehl", role="mentor"
        )
        membership = Membership.objects.create(user=dora, project=self.project_a)
        dora.groups.add(Group.objects.get(name="project_lead"))
        self.bob.groups.add(Group.objects.get(name="project_lead"))
        response = self.client.get(self.url)
        self.assertContains(response, "Projektzugehörigkeit Dora Diehl in Projekt A")
        self.assertContains(response, "Rollen von Dora Diehl")
        self.assertContains(response, "Mentor/in, Projektleitung")
        self.assertNotContains(response, self.bob.last_name)
        self.assertNotRegex(response.content.decode(), r"#\d")
        membership.delete()
        changes = self.client.get(self.url).context["changes"]
        self.assertEqual(
            (changes[0].what, changes[0].kind_label),
            ("Projektzugehörigkeit Dora Diehl in Projekt A", "gelöscht"),
        )

    def test_it_is_linked_from_the_team_page(self) -> None:
        self.assertContains(self.client.get(reverse("cases:team")), self.url)

    def test_it_is_for_the_leads_of_the_project_only(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        other = UserFactory(
            username="petra", role="project_lead", projects=[self.project_b]
        )
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_costs_the_same_queries_at_two_sizes(self) -> None:
        # Session, user, roles, project, memberships' history, the names of
        # users and projects, the members' versions and their roles, inside
        # the request's savepoint.
        with self.assertNumQueries(11):
            self.client.get(self.url)
        for i in range(10):
            user = UserFactory(
                username=f"m{i}", role="mentor", projects=[self.project_a]
            )
            user.groups.add(Group.objects.get(name="project_lead"))
            Membership.objects.filter(user=user).delete()
            Membership.objects.create(user=user, project=self.project_a)
        with self.assertNumQueries(11):
            self.client.get(self.url)
