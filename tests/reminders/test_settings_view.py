"""The reminder settings page: each mentor and project lead sets their own."""

from django.urls import reverse

from reminders.models import ReminderSettings
from tests.base import BaseTestCase

URL = reverse("reminders:settings")


class ReminderSettingsViewTestCase(BaseTestCase):
    def test_it_shows_the_defaults_and_where_the_mails_go(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(URL)
        self.assertContains(response, "E-Mail-Erinnerungen")
        self.assertContains(response, "alice@example.org")
        self.assertEqual(response.context["form"]["frequency"].value(), "weekly")
        self.assertNotContains(response, "Teamüberblick")  # mentors have no team

    def test_a_mentor_chooses_daily_and_then_off(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(URL, {"frequency": "daily"}, follow=True)
        self.assertRedirects(response, URL)
        self.assertContains(
            response, "Ihre Einstellungen für Erinnerungen wurden gespeichert."
        )
        self.assertEqual(self.alice.reminder_settings.frequency, "daily")
        self.client.post(URL, {"frequency": "off"})
        self.alice.reminder_settings.refresh_from_db()
        self.assertEqual(self.alice.reminder_settings.frequency, "off")
        self.assertEqual(ReminderSettings.objects.count(), 1)

    def test_a_lead_turns_the_team_digest_off(self) -> None:
        self.client.force_login(self.lena)
        self.assertContains(self.client.get(URL), "Wöchentlicher Teamüberblick")
        self.client.post(URL, {"frequency": "weekly"})  # the box left unticked
        self.assertFalse(ReminderSettings.objects.get(user=self.lena).team_digest)

    def test_it_refuses_an_unknown_choice_and_keeps_the_setting(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(URL, {"frequency": "hourly"})
        self.assertContains(response, "Bitte eine gültige Auswahl treffen.")
        self.assertFalse(ReminderSettings.objects.exists())

    def test_it_warns_when_the_account_has_no_address(self) -> None:
        self.alice.email = ""
        self.alice.save()
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(URL), "keine E-Mail-Adresse hinterlegt")

    def test_the_start_page_shows_the_choice_and_links_here(self) -> None:
        ReminderSettings.objects.create(user=self.alice, frequency="daily")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "täglich, montags bis freitags")
        self.assertContains(response, f'href="{URL}"')

    def test_other_roles_have_no_reminders(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
