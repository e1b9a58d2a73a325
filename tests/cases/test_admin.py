from django.urls import reverse

from tests.base import BaseTestCase
from tests.factories import (
    CaseFactory,
    FeedbackFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
)

MODELS = [
    "region",
    "programmephase",
    "project",
    "membership",
    "mentee",
    "case",
    "meeting",
    "feedback",
    "integrationstep",
    "placement",
]


class CasesAdminTestCase(BaseTestCase):
    def test_it_lists_and_opens_every_cases_model(self) -> None:
        case = CaseFactory(mentee=MenteeFactory(project=self.project_a))
        FeedbackFactory(meeting=MeetingFactory(case=case))
        IntegrationStepFactory(case=case)
        PlacementFactory(case=case)
        self.client.force_login(self.root)
        for model in MODELS:
            url = reverse(f"admin:cases_{model}_changelist")
            self.assertEqual(self.client.get(url, {"q": "a"}).status_code, 200, model)
        for model, obj in (("project", self.project_a), ("mentee", case.mentee)):
            url = reverse(f"admin:cases_{model}_change", args=[obj.pk])
            self.assertEqual(self.client.get(url).status_code, 200, model)
