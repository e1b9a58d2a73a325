"""meeting_create (htmx and plain), meeting_edit, meeting_delete, next_step_done."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Meeting
from tests.base import BaseTestCase
from tests.factories import CaseFactory, MeetingFactory, MenteeFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


class MeetingCreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.alice
        )
        cls.url = reverse("cases:meeting_create", args=[cls.case.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def data(self, **overrides: object) -> dict:
        return {
            "date": timezone.localdate().isoformat(),
            "duration_minutes": "45",
            "channel": "phone",
            "with_whom": "mentee",
            "topics": ["job_search", "language_course"],
            "notes": "Bewerbung bei Bäckerei besprochen",
            "next_step": "Lebenslauf schicken",
            "next_step_due_on": "",
            **overrides,
        }

    def test_it_shows_the_form_with_today(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, timezone.localdate().isoformat())
        self.assertContains(response, 'type="checkbox"')

    def test_it_saves_without_javascript_and_redirects(self) -> None:
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.case.mentee.get_absolute_url())
        meeting = Meeting.objects.get()
        self.assertEqual(meeting.topics, ["job_search", "language_course"])
        self.assertEqual(meeting.created_by, self.alice)
        self.assertEqual(meeting.case, self.case)

    def test_it_returns_the_timeline_and_a_fresh_form_for_htmx(self) -> None:
        response = self.client.post(self.url, self.data(), **HTMX)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn('id="timeline"', content)
        self.assertIn("Bewerbung bei Bäckerei besprochen", content)
        self.assertIn('hx-swap-oob="true"', content)
        today = timezone.localdate().strftime("%d.%m.%Y")
        self.assertIn(f"Kontakt vom {today} gespeichert.", content)
        self.assertNotIn("<html", content)
        self.assertEqual(Meeting.objects.count(), 1)
        # The fresh form keeps the details closed on a phone.
        self.assertIn('<details class="mb-3" data-open-wide>', content)

    def test_it_rerenders_the_form_with_german_errors_for_htmx(self) -> None:
        future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
        response = self.client.post(
            self.url,
            self.data(date=future, next_step="", next_step_due_on="2030-01-01"),
            **HTMX,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["HX-Retarget"], "#meeting-form-wrapper")
        self.assertEqual(response["HX-Reswap"], "outerHTML")
        # What the user typed behind the details stays in view with its error.
        self.assertContains(response, '<details class="mb-3" data-open-wide open>')
        self.assertContains(
            response, "Ein Kontakt kann nicht für ein künftiges Datum erfasst werden."
        )
        self.assertContains(response, "Bitte beschreiben Sie den nächsten Schritt")
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_a_meeting_before_the_case_was_opened(self) -> None:
        response = self.client.post(self.url, self.data(date="2023-12-31"))
        self.assertContains(response, "vor der Eröffnung der Begleitung (10.01.2024)")
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_unknown_topics(self) -> None:
        response = self.client.post(self.url, self.data(topics=["hacking"]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Meeting.objects.exists())

    def test_it_gives_404_when_posting_to_another_projects_case(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)
        self.assertEqual(
            self.client.post(self.url, self.data(), **HTMX).status_code, 404
        )
        self.assertFalse(Meeting.objects.exists())

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(Meeting.objects.exists())


class MeetingEditDeleteTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            mentee=MenteeFactory(project=cls.project_a), mentor=cls.alice
        )

    def setUp(self) -> None:
        self.meeting = MeetingFactory(case=self.case, next_step="Anrufen")
        self.client.force_login(self.alice)

    def test_it_edits_a_meeting(self) -> None:
        url = reverse("cases:meeting_edit", args=[self.meeting.pk])
        self.assertContains(self.client.get(url), "Kontakt bearbeiten")
        response = self.client.post(
            url,
            {
                "date": "2024-02-02",
                "duration_minutes": "90",
                "channel": "video",
                "with_whom": "employer",
                "topics": ["workplace"],
                "version": self.meeting.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.duration_minutes, 90)
        self.assertEqual(self.meeting.topics, ["workplace"])

    def test_it_shows_errors_when_editing(self) -> None:
        url = reverse("cases:meeting_edit", args=[self.meeting.pk])
        response = self.client.post(
            url,
            {
                "date": "2024-02-02",
                "duration_minutes": "0",
                "channel": "video",
                "with_whom": "mentee",
            },
        )
        self.assertContains(response, "größer oder gleich 1")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.duration_minutes, 60)

    def test_it_confirms_then_deletes(self) -> None:
        url = reverse("cases:meeting_delete", args=[self.meeting.pk])
        self.assertContains(self.client.get(url), "Kontakt löschen?")
        self.assertTrue(Meeting.objects.exists())
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Meeting.objects.exists())

    def test_it_marks_the_next_step_done(self) -> None:
        url = reverse("cases:next_step_done", args=[self.meeting.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url, {"next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.next_step_done)

    def test_it_ignores_an_unsafe_next(self) -> None:
        url = reverse("cases:next_step_done", args=[self.meeting.pk])
        response = self.client.post(url, {"next": "https://evil.example/"})
        self.assertRedirects(response, self.case.mentee.get_absolute_url())

    def test_it_gives_404_for_another_projects_meeting(self) -> None:
        self.client.force_login(self.bob)
        for name in ("meeting_edit", "meeting_delete", "next_step_done"):
            url = reverse(f"cases:{name}", args=[self.meeting.pk])
            self.assertEqual(self.client.post(url).status_code, 404, name)
        self.meeting.refresh_from_db()
        self.assertFalse(self.meeting.next_step_done)

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            url = reverse("cases:meeting_delete", args=[self.meeting.pk])
            self.assertEqual(self.client.post(url).status_code, 403)
        self.assertTrue(Meeting.objects.exists())
