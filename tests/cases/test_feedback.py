"""Feedback on meetings: a project lead writes, the mentor reads and answers;
unread feedback on the start page and the timeline; the access rules."""

import datetime

from django.urls import reverse

from cases.models import Feedback
from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    MeetingFactory,
    MenteeFactory,
    UserFactory,
)


class FeedbackTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(
            project=cls.project_a, first_name="Amira", last_name="Haddad"
        )
        case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.meeting = MeetingFactory(
            case=case,
            date=datetime.date(2024, 3, 4),
            created_by=cls.alice,
            notes="Lebenslauf besprochen",
        )
        cls.create_url = reverse("cases:feedback_create", args=[cls.meeting.pk])
        cls.carla = UserFactory(
            username="carla", role="mentor", projects=[cls.project_a]
        )

    def feedback(self, **fields: object) -> Feedback:
        return FeedbackFactory(
            meeting=self.meeting, author=self.lena, recipient=self.alice, **fields
        )

    def test_a_lead_asks_the_mentor_who_logged_the_meeting_to_follow_up(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(self.create_url)
        self.assertContains(response, "Lebenslauf besprochen")  # the meeting's notes
        response = self.client.post(
            self.create_url, {"kind": "follow_up", "text": "Bitte beim AG nachfragen."}
        )
        feedback = Feedback.objects.get()
        self.assertRedirects(
            response, f"{self.mentee.get_absolute_url()}#feedback-{feedback.pk}"
        )
        self.assertEqual(
            (feedback.kind, feedback.author, feedback.recipient, feedback.read_at),
            ("follow_up", self.lena, self.alice, None),
        )

    def test_it_goes_to_the_cases_mentor_when_nobody_is_recorded(self) -> None:
        meeting = MeetingFactory(case=self.meeting.case, created_by=None)
        self.client.force_login(self.lena)
        self.client.post(
            reverse("cases:feedback_create", args=[meeting.pk]),
            {"kind": "comment", "text": "Gut gemacht."},
        )
        self.assertEqual(Feedback.objects.get().recipient, self.alice)

    def test_it_needs_a_text_and_refuses_feedback_to_oneself(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.post(self.create_url, {"kind": "comment", "text": ""})
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        own = MeetingFactory(case=self.meeting.case, created_by=self.lena)
        response = self.client.post(
            reverse("cases:feedback_create", args=[own.pk]),
            {"kind": "comment", "text": "Notiz an mich"},
        )
        self.assertContains(response, "Sie haben diesen Kontakt selbst erfasst")
        self.assertFalse(Feedback.objects.exists())

    def test_only_project_leads_of_the_project_write_feedback(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.create_url).status_code, 403)
        other_lead = UserFactory(
            username="olga", role="project_lead", projects=[self.project_b]
        )
        self.client.force_login(other_lead)
        self.assertEqual(self.client.get(self.create_url).status_code, 404)

    def test_the_mentor_sees_unread_feedback_on_the_start_page(self) -> None:
        feedback = self.feedback(text="Bitte den Lebenslauf prüfen.")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["unread_feedback"], [feedback])
        self.assertContains(response, "Neue Rückmeldungen für Sie")
        self.assertContains(
            response, f"{self.mentee.get_absolute_url()}#feedback-{feedback.pk}"
        )
        self.assertContains(response, "Bitte den Lebenslauf prüfen.")
        # Nobody else's start page shows it, not even a colleague's.
        self.client.force_login(self.carla)
        self.assertEqual(
            self.client.get(reverse("home")).context["unread_feedback"], []
        )

    def test_the_timeline_marks_it_new_for_its_reader_only(self) -> None:
        feedback = self.feedback()
        answer_url = reverse("cases:feedback_answer", args=[feedback.pk])
        self.client.force_login(self.alice)
        response = self.client.get(self.mentee.get_absolute_url())
        self.assertContains(response, f'id="feedback-{feedback.pk}"')
        self.assertContains(response, "feedback-unread")
        self.assertContains(response, answer_url)
        self.assertContains(response, "Als gelesen markieren")
        self.client.force_login(self.carla)
        response = self.client.get(self.mentee.get_absolute_url())
        self.assertContains(response, feedback.text)
        self.assertNotContains(response, "feedback-unread")
        self.assertNotContains(response, answer_url)

    def test_the_mentor_answers_and_the_lead_sees_the_answer(self) -> None:
        feedback = self.feedback()
        url = reverse("cases:feedback_answer", args=[feedback.pk])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), feedback.text)
        response = self.client.post(url, {"text": "Erledigt, AG hat zugesagt."})
        answer = Feedback.objects.get(kind="answer")
        self.assertRedirects(
            response, f"{self.mentee.get_absolute_url()}#feedback-{answer.pk}"
        )
        self.assertEqual((answer.author, answer.recipient), (self.alice, self.lena))
        feedback.refresh_from_db()
        self.assertIsNotNone(feedback.read_at)
        self.client.force_login(self.lena)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["unread_feedback"], [answer])

    def test_the_reader_marks_it_read(self) -> None:
        feedback = self.feedback()
        url = reverse("cases:feedback_read", args=[feedback.pk])
        self.client.force_login(self.alice)
        target = f"{self.mentee.get_absolute_url()}#feedback-{feedback.pk}"
        response = self.client.post(url, {"next": target})
        self.assertRedirects(response, target, fetch_redirect_response=False)
        feedback.refresh_from_db()
        self.assertIsNotNone(feedback.read_at)
        self.assertEqual(
            self.client.get(reverse("home")).context["unread_feedback"], []
        )

    def test_only_its_reader_answers_or_marks_it_read(self) -> None:
        feedback = self.feedback()
        for user, status in ((self.carla, 403), (self.lena, 403), (self.bob, 404)):
            self.client.force_login(user)
            for name in ("cases:feedback_answer", "cases:feedback_read"):
                url = reverse(name, args=[feedback.pk])
                self.assertEqual(self.client.post(url).status_code, status, user)
        feedback.refresh_from_db()
        self.assertIsNone(feedback.read_at)
        self.assertEqual(Feedback.objects.count(), 1)

    def test_the_lead_is_offered_feedback_on_others_meetings_only(self) -> None:
        own = MeetingFactory(case=self.meeting.case, created_by=self.lena)
        self.client.force_login(self.lena)
        response = self.client.get(self.mentee.get_absolute_url())
        self.assertContains(response, self.create_url)
        self.assertNotContains(
            response, reverse("cases:feedback_create", args=[own.pk])
        )
        self.client.force_login(self.alice)
        response = self.client.get(self.mentee.get_absolute_url())
        self.assertNotContains(response, self.create_url)
