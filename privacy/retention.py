"""Retention (Art. 5(1)(e) GDPR): nothing is kept longer than allowed.

A mentee is due for erasure `RETENTION_YEARS` (default 3) after their last
case closed, or at once when their consent was withdrawn, unless a retention
hold records a legal reason to keep the data until a later day. The nightly
job (privacy.tasks.erase_due_mentees) erases the due mentees the way a
project lead does, and records each run as a RetentionRun.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import Case, Mentee, add_months
from privacy.erasure import ErasureRefused, erase_mentee
from privacy.models import Consent, Erasure, RetentionHold, RetentionRun

logger = logging.getLogger(__name__)

# How far ahead the project lead's list looks.
NOTICE_DAYS = 30


def closed_before(today: date) -> date:
    """Mentees whose last case closed before this day are past retention."""
    return add_months(today, -12 * settings.RETENTION_YEARS)


def with_retention(mentees: QuerySet, today: date) -> QuerySet:
    """Annotate the last closing day, whether a case is open, whether consent
    is in force and whether a hold keeps the data on `today`."""
    return mentees.annotate(
        last_closed_on=Max("cases__closed_on"),
        has_open_case=Exists(
            Case.objects.filter(mentee=OuterRef("pk"), closed_on__isnull=True)
        ),
        consent_in_force=Exists(
            Consent.objects.in_force().filter(mentee=OuterRef("pk"))
        ),
        held=Exists(
            RetentionHold.objects.filter(mentee=OuterRef("pk"), until__gte=today)
        ),
    ).filter(erasure__isnull=True, has_open_case=False)


def due_on(mentees: QuerySet, day: date, today: date) -> QuerySet:
    """The not yet erased mentees of `mentees` that are due by `day`, holds
    counted as of `today`."""
    return with_retention(mentees, today).filter(
        Q(last_closed_on__lt=closed_before(day)) | Q(consent_in_force=False)
    )


def due_soon(mentees: QuerySet, today: date | None = None) -> QuerySet:
    """Due within the next NOTICE_DAYS days (the project lead's list), with
    the day each one is due."""
    today = today or timezone.localdate()
    return (
        due_on(mentees, today + timedelta(days=NOTICE_DAYS), today)
        .select_related("project")
        .order_by("last_closed_on", "pk")
    )


def due_date(last_closed_on: date | None) -> date | None:
    """The day a mentee whose last case closed on `last_closed_on` is due."""
    if last_closed_on is None:
        return None
    return add_months(last_closed_on, 12 * settings.RETENTION_YEARS) + timedelta(1)


def run(today: date | None = None) -> RetentionRun:
    """Erase every mentee due today, each in its own transaction, and record
    the run. A mentee that cannot be erased is noted and the run goes on."""
    today = today or timezone.localdate()
    record = RetentionRun.objects.create(closed_before=closed_before(today))
    due = due_on(Mentee.objects.all(), today, today)
    errors = []
    for mentee in list(due.filter(held=False).order_by("pk")):
        try:
            erase_mentee(
                mentee,
                by=None,
                source=Erasure.Source.RETENTION,
                reason=str(Erasure.Source.RETENTION.label),
            )
        except ErasureRefused as refused:
            errors.append(f"{mentee.code}: {refused}")
        else:
            record.erased_codes.append(mentee.code)
    record.held = due.filter(held=True).count()
    record.error = "\n".join(errors)
    record.finished_at = timezone.now()
    record.save()
    logger.info(
        "Retention run: %d erased, %d kept by a hold",
        len(record.erased_codes),
        record.held,
    )
    return record
