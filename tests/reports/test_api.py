"""The read API of released figures: tokens, roles, drafts, schema."""

import yaml
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.compilation import compile_report
from reports.statistics import Period
from tests.base import BaseTestCase


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = compile_report(Period.quarter(2024, 1))
        cls.release = compile_report(Period.quarter(2023, 4)).release(by=cls.zoe)

    def client_for(self, user: object) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client


class ReleaseApiTest(ApiTestCase):
    def test_zefas_and_ministry_get_the_released_figures(self) -> None:
        for user in (self.zoe, self.max):
            client = self.client_for(user)
            # token, roles, count, page (and the request's savepoint pair)
            with self.assertNumQueries(6):
                listing = client.get("/api/releases/")
            self.assertEqual(listing.status_code, 200)
            (item,) = listing.json()["results"]
            self.assertEqual(item["id"], self.release.pk)
            self.assertEqual(
                item["period"],
                {
                    "kind": "quarter",
                    "start": "2023-10-01",
                    "end": "2023-12-31",
                    "label": "Q4 2023",
                    "year": 2023,
                    "quarter": 4,
                },
            )
            self.assertNotIn("figures", item)
            detail = client.get(item["url"])
            self.assertEqual(detail.status_code, 200)
            figures = detail.json()["figures"]
            self.assertIn("participants", figures["figures"])
            self.assertTrue(figures["tables"])

    def test_other_roles_get_403_as_json(self) -> None:
        for user in (self.alice, self.bob, self.lena, self.root):
            response = self.client_for(user).get("/api/releases/")
            self.assertEqual(response.status_code, 403, user)
            self.assertEqual(list(response.json()), ["detail"])

    def test_a_bad_or_missing_token_gets_401_as_json(self) -> None:
        for header in ("Token nonsense", "", "Bearer x"):
            client = APIClient()
            if header:
                client.credentials(HTTP_AUTHORIZATION=header)
            for url in ("/api/releases/", f"/api/releases/{self.release.pk}/"):
                response = client.get(url)
                self.assertEqual(response.status_code, 401, (header, url))
                self.assertEqual(response["WWW-Authenticate"], "Token")
                self.assertEqual(list(response.json()), ["detail"])

    def test_a_release_that_does_not_exist_is_404_as_json(self) -> None:
        # The draft has no release; its id or any other is not a release.
        missing = max(self.release.pk, self.draft.pk) + 1
        for user in (self.zoe, self.max):
            response = self.client_for(user).get(f"/api/releases/{missing}/")
            self.assertEqual(response.status_code, 404)
            self.assertEqual(list(response.json()), ["detail"])

    def test_it_is_read_only(self) -> None:
        client = self.client_for(self.zoe)
        self.assertEqual(client.post("/api/releases/", {}).status_code, 405)
        url = f"/api/releases/{self.release.pk}/"
        self.assertEqual(client.delete(url).status_code, 405)


class SchemaTest(ApiTestCase):
    def test_the_openapi_schema_names_both_endpoints(self) -> None:
        response = APIClient().get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        schema = yaml.safe_load(response.content)
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertLessEqual(
            {"/api/releases/", "/api/releases/{id}/"}, set(schema["paths"])
        )
        self.assertIn("tokenAuth", schema["components"]["securitySchemes"])
