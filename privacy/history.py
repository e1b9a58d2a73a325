"""The change history: which models are tracked, and the change-reason helper.

django-simple-history keeps one historical table per tracked model (a full
copy of the row for every create, change and delete, with who and when). The
tables live in this app (`privacy_historical<model>`), so the other apps'
migrations stay as they are.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.test.utils import override_settings
from simple_history import register
from simple_history.models import HistoricalRecords

_reason: ContextVar[str] = ContextVar("change_reason", default="")


@contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Record `reason` on every history entry written inside the block.

    with change_reason(f"import of {upload.name}"):
        ...  # every save() here is recorded with that reason
    """
    token = _reason.set(reason[:100])
    try:
        yield
    finally:
        _reason.reset(token)


@contextmanager
def history_paused() -> Iterator[None]:
    """Write no history inside the block: only for replacing demo data."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def current_change_reason() -> str:
    """The reason of the enclosing `change_reason()` block, or ""."""
    return _reason.get()


class Records(HistoricalRecords):
    """simple-history's records with two rules of ours: the reason comes from
    `change_reason()` unless the object carries its own `_change_reason`, and a
    login (Django saves only `last_login`) is not a change worth a history row."""

    def get_change_reason_for_object(
        self, instance: Any, history_type: str, using: Any
    ) -> str:
        own = super().get_change_reason_for_object(instance, history_type, using)
        return own or current_change_reason() or None

    def post_save(
        self, instance: Any, created: bool, using: Any = None, **kwargs: Any
    ) -> None:
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


def track(model: type, **options: Any) -> None:
    """Track `model`'s changes in a historical table of this app."""
    register(model, app="privacy", records_class=Records, **options)
