from django.urls import reverse

from employers.models import EmployerConsultation
from tests.base import BaseTestCase
from tests.factories import EmployerConsultationFactory


class ConsultationDeleteTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.consultation = EmployerConsultationFactory(
            project=cls.project_a, mentor=cls.alice
        )
        cls.url = reverse("employers:consultation_delete", args=[cls.consultation.pk])

    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def test_it_asks_for_confirmation_first(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Beratung löschen")
        self.assertContains(response, "01.03.2024")
        self.assertContains(response, 'method="post"')
        self.assertTrue(EmployerConsultation.objects.exists())

    def test_it_deletes_on_post(self) -> None:
        response = self.client.post(self.url)
        self.assertRedirects(
            response,
            self.consultation.employer.get_absolute_url(),
            fetch_redirect_response=False,
        )
        self.assertFalse(EmployerConsultation.objects.exists())
        response = self.client.get(response["Location"])
        self.assertContains(response, "Die Beratung wurde gelöscht.")

    def test_it_gives_404_for_another_projects_consultation(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(EmployerConsultation.objects.exists())

    def test_it_forbids_roles_without_project_work(self) -> None:
        for user in (self.zoe, self.max, self.root):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(EmployerConsultation.objects.exists())
