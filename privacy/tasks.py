"""Celery tasks of the privacy app: thin interfaces to retention.py."""

from celery import shared_task

from privacy import retention


@shared_task
def erase_due_mentees() -> dict[str, int]:
    """Nightly: erase the mentees whose retention period is over."""
    record = retention.run()
    return {"erased": len(record.erased_codes), "held": record.held}
