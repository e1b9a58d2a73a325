"""Consent to data processing: recording it, and what a withdrawal starts.

A mentee's data may only be stored with a consent record (the mentee form
asks for it when the mentee is created). A withdrawal erases the mentee at
once, unless a retention hold records a legal duty to keep the records: then
processing is restricted (the mentee is read-only) until the hold ends, and
the nightly retention job erases the mentee then.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Mentee
from privacy.models import Consent, ConsentText, Erasure, RetentionHold


def current_text() -> ConsentText | None:
    """The consent text in force today (the latest valid one)."""
    return (
        ConsentText.objects.filter(valid_from__lte=timezone.localdate())
        .order_by("-valid_from", "-pk")
        .first()
    )


def record_consent(
    mentee: Mentee, *, text: ConsentText, given_on: date, channel: str, by: Any
) -> Consent:
    return Consent.objects.create(
        mentee=mentee, text=text, given_on=given_on, channel=channel, recorded_by=by
    )


def active_hold(mentee: Mentee, today: date | None = None) -> RetentionHold | None:
    today = today or timezone.localdate()
    return mentee.retention_holds.filter(until__gte=today).order_by("-until").first()


@transaction.atomic
def withdraw_consent(
    consent: Consent, *, withdrawn_on: date, channel: str, by: Any
) -> Erasure | None:
    """Record the withdrawal; erase the mentee unless a hold keeps the data.

    Returns the erasure, or None when processing is only restricted."""
    from privacy.erasure import erase_mentee

    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_channel = channel
    consent.withdrawal_recorded_by = by
    consent.save()
    close_open_case(consent.mentee, withdrawn_on)
    if active_hold(consent.mentee) is not None:
        return None
    report = erase_mentee(
        consent.mentee,
        by=by,
        source=Erasure.Source.WITHDRAWAL,
        reason=str(Erasure.Source.WITHDRAWAL.label),
    )
    return report.erasure


def close_open_case(mentee: Mentee, day: date) -> None:
    """A withdrawal ends the support: the open case closes on that day (or on
    its admission or first conversation, if those lie later)."""
    case = Case.objects.filter(mentee=mentee).open().first()
    if case is None:
        return
    case.closed_on = max(day, case.admitted_on or case.opened_on, case.opened_on)
    case.close_reason = Case.CloseReason.ENDED_BY_MENTEE
    case.status = Case.Status.CLOSED
    case.save()


def with_privacy_state(mentees: QuerySet) -> QuerySet:
    """Annotate the latest consent's dates and whether processing is restricted
    (consent withdrawn); join the erasure mark. No query of its own."""
    latest = Consent.objects.filter(mentee=OuterRef("pk")).order_by("-given_on", "-pk")
    return mentees.select_related("erasure").annotate(
        consent_given_on=Subquery(latest.values("given_on")[:1]),
        consent_withdrawn_on=Subquery(latest.values("withdrawn_on")[:1]),
        consent_in_force=Exists(
            Consent.objects.in_force().filter(mentee=OuterRef("pk"))
        ),
    )


def processing_refusal(mentee: Mentee) -> str | None:
    """Why nothing more may be stored for `mentee`, or None. Up to two queries."""
    if Erasure.objects.filter(mentee=mentee).exists():
        return _("This person's data has been erased; nothing more can be recorded.")
    if not Consent.objects.in_force().filter(mentee=mentee).exists():
        return _(
            "The consent to data processing has been withdrawn: processing is "
            "restricted and nothing more can be recorded."
        )
    return None


def processing_allowed(mentee: str) -> Q:
    """Rows whose mentee (reached by the lookup `mentee`) is neither erased nor
    restricted: the filter of every view that changes case data."""
    return Q(**{f"{mentee}__erasure__isnull": True}) & Exists(
        Consent.objects.in_force().filter(mentee=OuterRef(mentee))
    )


def is_locked(mentee: Mentee) -> bool:
    """True when nothing more may be recorded for `mentee`: erased, or consent
    withdrawn. Needs `with_privacy_state()`; no query."""
    return hasattr(mentee, "erasure") or not mentee.consent_in_force
