import datetime

from django.urls import reverse

from cases.models import Case, Mentee
from tests.base import BaseTestCase
from tests.cases.test_mentee_create import form_data
from tests.factories import CaseFactory, MenteeFactory


class MenteeEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = MenteeFactory(project=cls.project_a, first_name="Omar")
        CaseFactory(mentee=cls.mentee, mentor=cls.alice)
        cls.url = reverse("cases:mentee_edit", args=[cls.mentee.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_shows_the_form_without_case_fields(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Omar"')
        self.assertNotContains(response, 'name="opened_on"')

    def test_it_saves_changes(self) -> None:
        response = self.client.post(
            self.url, form_data(first_name="Omar Said", version=self.mentee.version)
        )
        self.assertRedirects(response, self.mentee.get_absolute_url())
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.first_name, "Omar Said")
        self.assertEqual(self.mentee.german_level, "B1")
        self.assertEqual(Case.objects.count(), 1)

    def test_it_shows_german_errors_and_saves_nothing(self) -> None:
        response = self.client.post(self.url, form_data(postcode="123"))
        self.assertContains(response, "Eine deutsche Postleitzahl hat fünf Ziffern.")
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.first_name, "Omar")

    def test_it_warns_about_a_duplicate_but_not_about_itself(self) -> None:
        response = self.client.post(
            self.url,
            form_data(
                first_name=self.mentee.first_name,
                last_name=self.mentee.last_name,
                date_of_birth=self.mentee.date_of_birth.isoformat(),
                version=self.mentee.version,
            ),
        )
        self.assertEqual(response.status_code, 302)
        MenteeFactory(
            project=self.project_a,
            first_name="Omar",
            last_name="Nasser",
            date_of_birth=datetime.date(1990, 1, 1),
        )
        self.mentee.refresh_from_db()
        response = self.client.post(
            self.url,
            form_data(
                first_name="omar",
                last_name="nasser",
                date_of_birth="1990-01-01",
                version=self.mentee.version,
            ),
        )
        self.assertContains(response, "Mögliche Doppelerfassung")
        self.assertFalse(Mentee.objects.filter(last_name="nasser").exists())

    def test_it_gives_404_for_another_projects_mentee(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        response = self.client.post(self.url, form_data(first_name="Hacked"))
        self.assertEqual(response.status_code, 404)
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.first_name, "Omar")

    def test_it_forbids_zefas_and_ministry(self) -> None:
        for user in (self.zoe, self.max):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
