"""Celery task of the reminders: a thin interface to reminders.digests.

`send_reminders` runs every morning (CELERY_BEAT_SCHEDULE in
mentoring/settings.py) and sends each digest that is due and not yet sent.
"""

import logging

from celery import shared_task
from django.utils import timezone

from reminders.digests import send_due_digests

logger = logging.getLogger(__name__)


@shared_task
def send_reminders() -> dict[str, int]:
    """Every morning: the daily digests (Monday to Friday), the weekly ones on
    the first run of the week, and the project leads' team digests."""
    sent = send_due_digests(timezone.localdate())
    logger.info(
        "Reminders sent: %(personal)s personal, %(team)s team digests, "
        "%(failed)s failed",
        sent,
    )
    return sent
