"""No lost updates: a save based on an outdated form is refused and names what
the other person changed; nothing is overwritten."""

import re

from django.test import Client
from django.urls import reverse

from cases.models import Case, Meeting, Mentee, Placement
from tests.base import BaseTestCase
from tests.cases.test_mentee_create import form_data
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
)

REFUSED = "Ihre Änderungen wurden nicht gespeichert."


def shown_version(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the edit form carries no version"
    return match.group(1)


class EditConflictTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a, first_name="Omar")
        cls.case = CaseFactory(mentee=cls.mentee, mentor=cls.alice)

    def setUp(self) -> None:
        self.client.force_login(self.alice)
        self.other = Client()
        self.other.force_login(self.lena)

    def both_open(self, url: str) -> str:
        """Alice and Lena open the same form; returns the version they see."""
        version = shown_version(self.client.get(url))
        self.assertEqual(shown_version(self.other.get(url)), version)
        return version

    def test_a_stale_mentee_save_is_refused(self) -> None:
        url = reverse("cases:mentee_edit", args=[self.mentee.pk])
        version = self.both_open(url)
        response = self.other.post(url, form_data(first_name="Leyla", version=version))
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            url, form_data(first_name="Omar Said", version=version)
        )
        self.assertContains(response, REFUSED)
        self.assertContains(response, "Vorname: Omar → Leyla")
        mentee = Mentee.objects.get(pk=self.mentee.pk)
        self.assertEqual(mentee.first_name, "Leyla")
        self.assertEqual(mentee.version, int(version) + 1)

    def test_a_save_without_a_version_is_refused(self) -> None:
        url = reverse("cases:mentee_edit", args=[self.mentee.pk])
        response = self.client.post(url, form_data(first_name="Omar Said"))
        self.assertContains(response, REFUSED)
        self.assertEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "Omar")

    def test_a_stale_case_save_is_refused(self) -> None:
        url = reverse("cases:case_edit", args=[self.case.pk])
        version = self.both_open(url)
        opened = self.case.opened_on.isoformat()
        response = self.other.post(
            url,
            {"mentor": self.lena.pk, "opened_on": opened, "version": version},
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            url, {"mentor": self.alice.pk, "opened_on": opened, "version": version}
        )
        self.assertContains(response, REFUSED)
        self.assertContains(response, f"→ {self.lena.get_full_name() or 'lena'}")
        self.assertEqual(Case.objects.get(pk=self.case.pk).mentor, self.lena)

    def test_a_stale_meeting_save_is_refused(self) -> None:
        meeting = MeetingFactory(case=self.case, duration_minutes=30)
        url = reverse("cases:meeting_edit", args=[meeting.pk])
        version = self.both_open(url)
        data = {
            "date": meeting.date.isoformat(),
            "channel": "video",
            "with_whom": "employer",
            "version": version,
        }
        response = self.other.post(url, {**data, "duration_minutes": "90"})
        self.assertEqual(response.status_code, 302)
        response = self.client.post(url, {**data, "duration_minutes": "45"})
        self.assertContains(response, REFUSED)
        self.assertContains(response, "30 → 90")
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).duration_minutes, 90)

    def test_a_stale_placement_save_is_refused(self) -> None:
        employer = EmployerFactory(name="Bäckerei Sonne")
        placement = PlacementFactory(
            case=self.case, employer=employer, occupation="Verkäuferin"
        )
        url = reverse("cases:placement_edit", args=[placement.pk])
        version = self.both_open(url)
        data = {
            "kind": placement.kind,
            "employer": employer.pk,
            "start_on": placement.start_on.isoformat(),
            "weekly_hours": "30",
            "version": version,
        }
        response = self.other.post(url, {**data, "occupation": "Bäckerin"})
        self.assertEqual(response.status_code, 302)
        response = self.client.post(url, {**data, "occupation": "Konditorin"})
        self.assertContains(response, REFUSED)
        self.assertContains(response, "Verkäuferin → Bäckerin")
        self.assertEqual(Placement.objects.get(pk=placement.pk).occupation, "Bäckerin")

    def test_a_fresh_save_after_the_other_one_goes_through(self) -> None:
        url = reverse("cases:mentee_edit", args=[self.mentee.pk])
        version = self.both_open(url)
        self.other.post(url, form_data(first_name="Leyla", version=version))
        version = shown_version(self.client.get(url))
        response = self.client.post(
            url, form_data(first_name="Omar Said", version=version)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Mentee.objects.get(pk=self.mentee.pk).first_name, "Omar Said")
