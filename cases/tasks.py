"""Celery tasks of the case app: thin interfaces to the functions here.

`refresh_case_statuses` runs every night (CELERY_BEAT_SCHEDULE in
mentoring/settings.py): a placement saved earlier with a future start date
puts its case into follow-up on the day it starts, and a case whose follow-up
placements have all ended goes back to active.
"""

import logging
from datetime import date

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from cases.models import Case, Placement

logger = logging.getLogger(__name__)

# Rows per UPDATE: short statements, short row locks.
BATCH_SIZE = 500
# The change history's reason for the night's changes.
REASON = gettext_lazy("nightly status refresh")


def follow_up_running(today: date) -> Exists:
    """True for a case with an employment or vocational-training placement that
    has started by `today` and is still running: the rule of
    `Case.computed_status()`, as one SQL expression for many cases."""
    return Exists(
        Placement.objects.keeping_in_follow_up(today).filter(case=OuterRef("pk"))
    )


def stale_statuses(today: date) -> dict[str, list[int]]:
    """Ids of the open admitted cases whose stored status is not the one their
    placements call for, by the status they need. One query."""
    running = follow_up_running(today)
    rows = (
        Case.objects.open()
        .admitted()
        .annotate(follow_up=running)
        .filter(
            Q(follow_up=True) & ~Q(status=Case.Status.FOLLOW_UP)
            | Q(follow_up=False) & ~Q(status=Case.Status.ACTIVE)
        )
        .order_by("pk")
        .values_list("pk", "follow_up")
    )
    follow_up, active = Case.Status.FOLLOW_UP.value, Case.Status.ACTIVE.value
    stale: dict[str, list[int]] = {follow_up: [], active: []}
    for pk, needs_follow_up in rows:
        stale[follow_up if needs_follow_up else active].append(pk)
    return stale


def refresh_statuses(today: date | None = None) -> dict[str, int]:
    """Bring the status of every open admitted case in line with its placements.

    One query finds the cases, then per `BATCH_SIZE` cases and target status
    one locking SELECT, one UPDATE and one INSERT into the change history. The
    SELECT checks the rule again, so a case that a user changed in between
    (closed it, ended the placement) is left as the user saved it.
    Returns how many cases moved to each status.
    """
    today = today or timezone.localdate()
    running = follow_up_running(today)
    still_needed = {
        Case.Status.FOLLOW_UP.value: running,
        Case.Status.ACTIVE.value: ~running,
    }
    moved: dict[str, int] = {}
    for status, ids in stale_statuses(today).items():
        moved[status] = 0
        for start in range(0, len(ids), BATCH_SIZE):
            with transaction.atomic(savepoint=False):
                cases = list(
                    Case.objects.open()
                    .admitted()
                    .filter(
                        still_needed[status], pk__in=ids[start : start + BATCH_SIZE]
                    )
                    .exclude(status=status)
                    .select_for_update()
                )
                for case in cases:
                    case.status = status
                    case.version += 1
                bulk_update_with_history(
                    cases,
                    Case,
                    ["status", "version"],
                    default_change_reason=str(REASON),
                )
            moved[status] += len(cases)
    return moved


@shared_task
def refresh_case_statuses() -> dict[str, int]:
    """Nightly: follow-up from the day a placement starts, active after it ends."""
    moved = refresh_statuses()
    logger.info(
        "Case statuses refreshed: %(follow_up)s to follow-up, %(active)s to active",
        moved,
    )
    return moved
