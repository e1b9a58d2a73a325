"""The cast every view test uses, created once per test class.

alice: mentor of project A      bob: mentor of project B
lena: project lead of project A  zoe: ZEFAS     max: ministry     root: admin
"""

from django.test import TestCase

from tests.factories import ProjectFactory, UserFactory


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.project_a = ProjectFactory(name="Projekt A")
        cls.project_b = ProjectFactory(name="Projekt B")
        cls.alice = UserFactory(
            username="alice", role="mentor", projects=[cls.project_a]
        )
        cls.bob = UserFactory(username="bob", role="mentor", projects=[cls.project_b])
        cls.lena = UserFactory(
            username="lena", role="project_lead", projects=[cls.project_a]
        )
        cls.zoe = UserFactory(username="zoe", role="zefas")
        cls.max = UserFactory(username="max", role="ministry")
        cls.root = UserFactory(username="root", is_staff=True, is_superuser=True)
