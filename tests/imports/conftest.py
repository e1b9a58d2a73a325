"""The importer's messages are asserted in German, the interface's language,
whatever language an earlier test left active."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield
