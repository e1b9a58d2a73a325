from django.urls import reverse

from tests.base import BaseTestCase
from tests.factories import ContactPersonFactory, EmployerConsultationFactory


class EmployersAdminTestCase(BaseTestCase):
    def test_it_shows_employers_and_consultations_to_the_admin(self) -> None:
        contact = ContactPersonFactory(name="Petra Lehmann")
        consultation = EmployerConsultationFactory(employer=contact.employer)
        self.client.force_login(self.root)
        urls = [
            reverse("admin:employers_employer_changelist"),
            reverse("admin:employers_employer_change", args=[contact.employer.pk]),
            reverse("admin:employers_employer_add"),
            reverse("admin:employers_employerconsultation_changelist"),
            reverse(
                "admin:employers_employerconsultation_change", args=[consultation.pk]
            ),
        ]
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        response = self.client.get(urls[1])
        self.assertContains(response, "Petra Lehmann")
