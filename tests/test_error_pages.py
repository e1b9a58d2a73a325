"""The error pages: German, with the navigation, the right status; the 500 page
falls back to a page without the navigation when even that fails."""

from unittest import mock

from django.test import Client

from tests.base import BaseTestCase


class ErrorPagesTestCase(BaseTestCase):
    def test_it_shows_a_german_404_with_the_navigation(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "Diese Seite gibt es nicht", status_code=404)
        self.assertContains(response, 'aria-label="Hauptnavigation"', status_code=404)
        self.assertContains(response, "Teilnehmende", status_code=404)
        self.assertTemplateUsed(response, "404.html")

    def test_it_shows_a_german_403_with_the_navigation_of_the_role(self) -> None:
        self.client.force_login(self.zoe)
        response = self.client.get("/mentees/")
        text = "Diese Seite ist für Ihre Rolle nicht freigegeben"
        self.assertContains(response, text, status_code=403)
        self.assertContains(response, "Statistik", status_code=403)
        self.assertNotContains(response, "403 Forbidden", status_code=403)

    def test_it_offers_the_login_to_anonymous_visitors(self) -> None:
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "/accounts/login/", status_code=404)

    def test_it_explains_an_expired_form_in_german(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/mentees/new/", {"first_name": "Amira"})
        self.assertContains(
            response, "Das Formular konnte nicht gesendet werden", status_code=403
        )
        self.assertContains(response, "Teilnehmende", status_code=403)

    def test_it_shows_a_german_500_with_the_navigation(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.alice)
        with (
            mock.patch("cases.views.start.start_lists", side_effect=RuntimeError),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = client.get("/")
        self.assertContains(
            response, "Bei uns ist etwas schiefgegangen", status_code=500
        )
        self.assertContains(response, 'aria-label="Hauptnavigation"', status_code=500)

    def test_it_falls_back_to_a_plain_500_when_the_navigation_fails(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.alice)
        with (
            mock.patch("cases.views.start.start_lists", side_effect=RuntimeError),
            mock.patch("mentoring.permissions.user_roles", side_effect=RuntimeError),
            self.assertLogs("django.request", "ERROR"),
            self.assertLogs("mentoring.views", "ERROR"),
        ):
            response = client.get("/")
        self.assertContains(
            response, "Bei uns ist etwas schiefgegangen", status_code=500
        )
        self.assertNotContains(response, "Hauptnavigation", status_code=500)
