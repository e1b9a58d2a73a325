"""Handing a mentee over to another project: the service (cases/handover.py),
the pages (offer, list, accept, decline) and the access after the handover."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.handover import (
    HandoverRefused,
    accept_handover,
    decline_handover,
    offer_handover,
)
from cases.models import Case, Handover, Mentee
from privacy.erasure import erase_mentee
from privacy.export import mentee_data
from reports.statistics import Period, Scope, compute
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    ProjectFactory,
    UserFactory,
)

TODAY = datetime.date(2024, 8, 15)
MOMENT = datetime.datetime(2024, 8, 15, 10, 0, tzinfo=datetime.UTC)
NOTE = "Vertrauliche Notiz aus Projekt A"


@time_machine.travel(MOMENT, tick=False)
class HandoverTestCase(BaseTestCase):
    """Amira is accompanied by project A (alice, lead lena) and moves to the
    district of project B (lead leo, mentor bob)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.leo = UserFactory(
            username="leo", role="project_lead", projects=[cls.project_b]
        )
        cls.mentee = MenteeFactory(
            project=cls.project_a,
            first_name="Amira",
            last_name="Haddad",
            notes="Freitext von Projekt A",
        )
        cls.case = CaseFactory(
            mentee=cls.mentee, mentor=cls.alice, opened_on=datetime.date(2024, 1, 10)
        )
        cls.meeting = MeetingFactory(
            case=cls.case,
            date=datetime.date(2024, 3, 1),
            notes=NOTE,
            next_step="Lebenslauf",
            next_step_due_on=datetime.date(2024, 3, 20),
        )
        cls.step = IntegrationStepFactory(case=cls.case)
        cls.placement = PlacementFactory(
            case=cls.case, start_on=datetime.date(2024, 4, 1), occupation="Koch"
        )

    def offer(self) -> Handover:
        return offer_handover(self.mentee, self.project_b, by=self.lena)

    def accepted(self) -> Case:
        return accept_handover(self.offer(), by=self.leo)


class HandoverServiceTestCase(HandoverTestCase):
    def test_an_offer_changes_nothing_yet(self) -> None:
        handover = self.offer()
        self.assertEqual(handover.case, self.case)
        self.assertEqual(handover.from_project, self.project_a)
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.project, self.project_a)
        self.assertTrue(Case.objects.get(pk=self.case.pk).is_open)

    def test_accepting_closes_the_old_case_and_opens_a_new_one(self) -> None:
        new = self.accepted()
        old = Case.objects.get(pk=self.case.pk)
        self.assertEqual(old.closed_on, TODAY)
        self.assertEqual(old.status, Case.Status.CLOSED)
        self.assertEqual(old.close_reason, Case.CloseReason.HANDED_OVER)
        self.assertEqual(old.get_close_reason_display(), "übergeben")
        self.assertEqual(old.project, self.project_a)
        mentee = Mentee.objects.get(pk=self.mentee.pk)
        self.assertEqual(mentee.project, self.project_b)
        self.assertEqual(mentee.notes, "")
        self.assertEqual(
            (new.project, new.mentor, new.opened_on, new.admitted_on, new.status),
            (self.project_b, self.leo, TODAY, TODAY, Case.Status.ACTIVE),
        )
        handover = Handover.objects.get()
        self.assertEqual(handover.status, Handover.Status.ACCEPTED)
        self.assertEqual((handover.new_case, handover.decided_on), (new, TODAY))
        # Earlier rows keep their project.
        self.assertEqual(self.placement.case.project, self.project_a)

    def test_a_case_in_intake_stays_in_intake(self) -> None:
        Case.objects.filter(pk=self.case.pk).update(
            admitted_on=None, status=Case.Status.INTAKE
        )
        new = self.accepted()
        self.assertEqual((new.admitted_on, new.status), (None, Case.Status.INTAKE))

    def test_declining_changes_nothing(self) -> None:
        decline_handover(self.offer(), by=self.leo)
        self.assertEqual(Handover.objects.get().status, Handover.Status.DECLINED)
        self.assertTrue(Case.objects.get(pk=self.case.pk).is_open)
        self.assertEqual(Mentee.objects.get(pk=self.mentee.pk).project, self.project_a)

    def test_an_answered_offer_cannot_be_answered_again(self) -> None:
        handover = self.offer()
        accept_handover(handover, by=self.leo)
        with self.assertRaisesMessage(HandoverRefused, "bereits beantwortet"):
            decline_handover(handover, by=self.leo)
        with self.assertRaisesMessage(HandoverRefused, "bereits beantwortet"):
            accept_handover(handover, by=self.leo)
        self.assertEqual(Case.objects.filter(mentee=self.mentee).count(), 2)

    def test_only_one_open_offer_per_mentee(self) -> None:
        self.offer()
        with self.assertRaisesMessage(HandoverRefused, "bereits einem Projekt"):
            self.offer()

    def test_it_refuses_a_mentee_without_an_open_case(self) -> None:
        Case.objects.filter(pk=self.case.pk).update(
            closed_on=datetime.date(2024, 6, 1),
            status=Case.Status.CLOSED,
            close_reason=Case.CloseReason.GOAL_REACHED,
        )
        with self.assertRaisesMessage(HandoverRefused, "offenen Begleitung"):
            self.offer()

    def test_it_refuses_the_own_project(self) -> None:
        with self.assertRaisesMessage(HandoverRefused, "anderes Projekt"):
            offer_handover(self.mentee, self.project_a, by=self.lena)

    def test_each_case_counts_for_its_own_project(self) -> None:
        self.accepted()
        q3 = Period.quarter(2024, 3)
        programme = compute(period=q3, scope=Scope())
        a = compute(period=q3, scope=Scope.for_project(self.project_a))
        b = compute(period=q3, scope=Scope.for_project(self.project_b))
        # One person: once in the programme, once in each project's figures.
        self.assertEqual(
            (programme["participants"], a["participants"], b["participants"]),
            (1, 1, 1),
        )
        # B's new case is admitted in Q3; A's closed case ran 10 Jan - 15 Aug.
        self.assertEqual((a["new_participants"], b["new_participants"]), (0, 1))
        self.assertEqual(a["average_support_days"], 218)
        self.assertIsNone(b["average_support_days"])

    def test_the_export_lists_the_offer_and_the_erasure_deletes_it(self) -> None:
        self.accepted()
        titles = [s["title"] for s in mentee_data(self.mentee)["sections"]]
        self.assertIn("Übergaben zwischen Projekten", titles)
        Case.objects.filter(mentee=self.mentee).open().update(
            closed_on=TODAY,
            status=Case.Status.CLOSED,
            close_reason=Case.CloseReason.GOAL_REACHED,
        )
        report = erase_mentee(self.mentee, by=None, source="request", reason="")
        self.assertEqual(report.rows["handover"], 1)
        self.assertFalse(Handover.objects.exists())


class HandoverPagesTestCase(HandoverTestCase):
    def test_the_lead_offers_from_the_mentee_page(self) -> None:
        self.client.force_login(self.lena)
        page = self.client.get(reverse("cases:mentee_detail", args=[self.mentee.pk]))
        url = reverse("cases:handover_offer", args=[self.mentee.pk])
        self.assertContains(page, url)
        form = self.client.get(url)
        self.assertEqual(
            list(form.context["form"].fields["to_project"].queryset), [self.project_b]
        )
        response = self.client.post(url, {"to_project": self.project_b.pk}, follow=True)
        self.assertContains(response, "wurde Projekt B zur Übergabe angeboten")
        self.assertContains(response, "Am 15.08.2024 Projekt B zur Übergabe angeboten")
        self.assertEqual(Handover.objects.get().to_project, self.project_b)

    def test_a_mentor_cannot_offer(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("cases:handover_offer", args=[self.mentee.pk])
        self.assertEqual(self.client.post(url, {"to_project": 1}).status_code, 403)

    def test_the_receiving_lead_is_told_and_accepts(self) -> None:
        handover = self.offer()
        self.client.force_login(self.leo)
        start = self.client.get(reverse("home"))
        self.assertContains(start, "Projekt A bietet Ihnen die teilnehmende Person")
        self.assertContains(start, "1 teilnehmende Person ist Ihrem Projekt angeboten.")
        listing = self.client.get(reverse("cases:handover_list"))
        self.assertEqual(listing.context["incoming"], [handover])
        # Before accepting, only the code: no name.
        self.assertContains(listing, self.mentee.code)
        self.assertNotContains(listing, "Haddad")
        # Told once only.
        self.assertNotContains(listing, "bietet Ihnen")
        response = self.client.post(
            reverse("cases:handover_accept", args=[handover.pk]), follow=True
        )
        self.assertContains(response, "gehört jetzt zu Projekt B")
        self.assertContains(response, "Haddad")
        # The offering lead is told on their next start page.
        self.client.force_login(self.lena)
        start = self.client.get(reverse("home"))
        self.assertContains(start, "Projekt B hat die Übergabe von")
        self.assertContains(start, "angenommen")

    def test_the_receiving_lead_declines(self) -> None:
        handover = self.offer()
        self.client.force_login(self.leo)
        response = self.client.post(
            reverse("cases:handover_decline", args=[handover.pk]), follow=True
        )
        self.assertContains(response, "Sie haben die Übergabe von")
        self.client.force_login(self.lena)
        listing = self.client.get(reverse("cases:handover_list"))
        self.assertContains(listing, "Projekt B hat die Übergabe von")
        self.assertContains(listing, "abgelehnt")

    def test_only_a_lead_of_the_receiving_project_answers(self) -> None:
        handover = self.offer()
        self.client.force_login(self.lena)  # the offering lead
        for name in ["handover_accept", "handover_decline"]:
            url = reverse(f"cases:{name}", args=[handover.pk])
            self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(Handover.objects.get().status, Handover.Status.OFFERED)

    def test_the_list_costs_the_same_queries_at_two_sizes(self) -> None:
        self.client.force_login(self.leo)
        url = reverse("cases:handover_list")
        self.client.get(url)  # the messages of the first visit
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        queries = len(small)
        for _i in range(5):
            mentee = MenteeFactory(project=self.project_a)
            CaseFactory(mentee=mentee, mentor=self.alice)
            offer_handover(mentee, self.project_b, by=self.lena)
        self.client.get(url)
        self.assertGreater(queries, 3)
        with self.assertNumQueries(queries):
            self.client.get(url)


class AfterTheHandoverTestCase(HandoverTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(MOMENT, tick=False):
            cls.new_case = accept_handover(
                offer_handover(cls.mentee, cls.project_b, by=cls.lena), by=cls.leo
            )
        cls.new_meeting = MeetingFactory(
            case=cls.new_case, date=TODAY, notes="Notiz aus Projekt B"
        )
        cls.detail = reverse("cases:mentee_detail", args=[cls.mentee.pk])

    def test_the_old_project_reads_its_earlier_case(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(self.detail)
        self.assertContains(response, "wurde an Projekt B übergeben")
        self.assertContains(response, NOTE)
        self.assertNotContains(response, "Notiz aus Projekt B")
        self.assertEqual(response.context["cases"], [Case.objects.get(pk=self.case.pk)])
        # Nothing to change: no forms, no buttons, no master data of project B.
        self.assertIsNone(response.context["meeting_form"])
        for name, pk in [
            ("meeting_edit", self.meeting.pk),
            ("step_create", self.case.pk),
            ("placement_edit", self.placement.pk),
            ("case_edit", self.case.pk),
            ("mentee_edit", self.mentee.pk),
        ]:
            self.assertNotContains(response, reverse(f"cases:{name}", args=[pk]))
        self.assertNotContains(response, "Stammdaten")

    def test_the_server_refuses_every_change_to_the_old_case(self) -> None:
        self.client.force_login(self.alice)
        refused = [
            ("meeting_create", self.case.pk),
            ("case_edit", self.case.pk),
            ("case_close", self.case.pk),
            ("case_admit", self.case.pk),
            ("step_create", self.case.pk),
            ("placement_create", self.case.pk),
            ("meeting_edit", self.meeting.pk),
            ("meeting_delete", self.meeting.pk),
            ("next_step_done", self.meeting.pk),
            ("step_edit", self.step.pk),
            ("step_done", self.step.pk),
            ("placement_edit", self.placement.pk),
            ("placement_end", self.placement.pk),
        ]
        for name, pk in refused:
            with self.subTest(name=name):
                response = self.client.post(
                    reverse(f"cases:{name}", args=[pk]),
                    {"date": "2024-08-15", "duration_minutes": "30"},
                )
                self.assertEqual(response.status_code, 403)
                self.assertContains(
                    response, "an ein anderes Projekt übergeben", status_code=403
                )
        self.assertEqual(self.case.meetings.count(), 1)
        feedback = FeedbackFactory(
            meeting=self.meeting,
            author=self.lena,
            recipient=self.alice,
            text="Bitte prüfen.",
        )
        answer = reverse("cases:feedback_answer", args=[feedback.pk])
        self.assertEqual(self.client.post(answer, {"text": "x"}).status_code, 403)
        # The old project's start page no longer lists the old case's next step.
        start = self.client.get(reverse("home"))
        self.assertNotContains(start, "Lebenslauf")

    def test_the_old_project_no_longer_edits_the_person(self) -> None:
        self.client.force_login(self.lena)
        for name in ["mentee_edit", "case_open", "handover_offer"]:
            url = reverse(f"cases:{name}", args=[self.mentee.pk])
            self.assertEqual(self.client.get(url).status_code, 404)
        listing = self.client.get(reverse("cases:mentee_list"))
        self.assertNotContains(listing, "Haddad")

    def test_the_new_project_sees_the_history_but_not_the_notes(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(self.detail)
        self.assertContains(response, "Haddad")
        self.assertContains(response, "Stammdaten")
        # The earlier case: dates, reason and project; the placement's kind and dates.
        self.assertContains(response, "10.01.2024 – 15.08.2024")
        self.assertContains(response, "übergeben")
        self.assertContains(response, "Projekt A")
        self.assertContains(response, "sozialversicherungspflichtige Beschäftigung")
        self.assertContains(response, "01.04.2024")
        # Not A's notes, next steps or free text about the person.
        self.assertContains(response, "Notiz aus Projekt B")
        for text in [NOTE, "Lebenslauf", "Freitext von Projekt A"]:
            self.assertNotContains(response, text)
        self.assertNotContains(
            response, reverse("cases:placement_edit", args=[self.placement.pk])
        )
        # B logs meetings on its own case.
        self.assertEqual(response.context["current_case"], self.new_case)
        self.assertIsNotNone(response.context["meeting_form"])

    def test_the_new_project_cannot_change_the_old_case(self) -> None:
        self.client.force_login(self.leo)
        for name, pk in [
            ("case_edit", self.case.pk),
            ("meeting_edit", self.meeting.pk),
            ("placement_edit", self.placement.pk),
        ]:
            url = reverse(f"cases:{name}", args=[pk])
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_another_project_sees_nothing(self) -> None:
        outsider = UserFactory(
            role="mentor", projects=[ProjectFactory(name="Projekt C")]
        )
        self.client.force_login(outsider)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
