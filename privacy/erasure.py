"""Erasure (Art. 17 GDPR) that keeps every figure of the statistics.

`erase_mentee()` runs in one transaction. The mentee row and its cases,
meetings, placements and consultations stay, reduced to what
reports/statistics/ counts: gender, country of origin, residence status,
district, project, the pseudonymous code, and the dates, kinds, durations and
employers of cases, meetings, placements and consultations. Everything else
about the person goes, in the live tables and in every version of the change
history: names, contact data, postcode, notes and every free text, and the
answers the statistics do not read (nationality, languages, education, ...).

The birth date becomes the first day of the next quarter on or after it (the
date itself if it is one). For a period starting on a quarter's first day s,
"under 30 on s" means born after s minus 30 years, which is again a quarter's
first day; no birth date and its replacement lie on different sides of such a
day, so the age group of every quarter, half-year, year and phase stays. Only
a free date range starting inside a quarter (which only a project's own
dashboard offers) may show a person one age group older.

A model that adds free text about a mentee adds its fields to `TEXTS` (and a
query for its history rows to privacy.changes.mentee_sources()).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    Feedback,
    Handover,
    IntegrationStep,
    Meeting,
    Mentee,
    Placement,
)
from employers.models import EmployerConsultation
from imports.models import SourceId
from privacy.changes import mentee_sources
from privacy.models import Erasure, RetentionHold

# The mentee's own fields after erasure (the birth date is coarsened apart).
MENTEE_VALUES: dict[str, Any] = {
    "first_name": "",
    "last_name": "",
    "postcode": "",
    "phone": "",
    "email": "",
    "notes": "",
    "nationality": "",
    "residence_purpose": "",
    "work_permit": Mentee.WorkPermit.UNKNOWN,
    "arrival_year": None,
    "german_level": Mentee.GermanLevel.UNKNOWN,
    "education_level": Mentee.Education.UNKNOWN,
    "foreign_qualification": "",
    "recognition_status": Mentee.Recognition.NOT_RELEVANT,
    "labour_market_status": Mentee.LabourMarketStatus.UNKNOWN,
    "agency": Mentee.Agency.UNKNOWN,
}
# Free texts of the rows about the mentee.
TEXTS: dict[type, dict[str, Any]] = {
    Case: {"close_note": ""},
    Meeting: {"notes": "", "next_step": "", "next_step_due_on": None},
    Feedback: {"text": ""},
    IntegrationStep: {"description": ""},
    Placement: {"occupation": ""},
    EmployerConsultation: {"notes": ""},
    RetentionHold: {"reason": ""},
}


class ErasureRefused(Exception):
    """The mentee cannot be erased now; the message says why, in German."""


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure changed: rows per kind, live and in the history."""

    erasure: Erasure
    rows: dict[str, int]
    history_rows: dict[str, int]


def next_quarter_start(day: date) -> date:
    """The first day of a quarter on or after `day`."""
    if day.day == 1 and day.month in (1, 4, 7, 10):
        return day
    month = (day.month - 1) // 3 * 3 + 4
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def live_rows(mentee: Mentee) -> dict[type, Any]:
    """The live rows about the mentee, by model."""
    consultations = EmployerConsultation.history.filter(mentee_id=mentee.pk)
    return {
        Case: Case.objects.filter(mentee=mentee),
        Meeting: Meeting.objects.filter(case__mentee=mentee),
        Feedback: Feedback.objects.filter(meeting__case__mentee=mentee),
        IntegrationStep: IntegrationStep.objects.filter(case__mentee=mentee),
        Placement: Placement.objects.filter(case__mentee=mentee),
        EmployerConsultation: EmployerConsultation.objects.filter(
            Q(mentee=mentee) | Q(pk__in=consultations.values("id"))
        ),
        RetentionHold: RetentionHold.objects.filter(mentee=mentee),
    }


def refusal(mentee: Mentee, by: Any) -> str | None:
    """Why `by` may not erase `mentee` now, or None (`by` None: the system)."""
    if (
        by is not None
        and not by.is_superuser
        and not Mentee.objects.visible_to(by).filter(pk=mentee.pk).exists()
    ):
        return _(
            "This mentee belongs to another project; only that project can erase them."
        )
    if Erasure.objects.filter(mentee=mentee).exists():
        return _("This mentee (%(code)s) has already been erased.") % {
            "code": mentee.code
        }
    if Case.objects.filter(mentee=mentee).open().exists():
        return _(
            "The mentee (%(code)s) still has an open case. Please close it first: "
            "the erasure keeps the statistics, which count the case until it closes."
        ) % {"code": mentee.code}
    return None


def erase_mentee(mentee: Mentee, *, by: Any, source: str, reason: str) -> ErasureReport:
    """Erase `mentee`'s personal data everywhere, keep what the figures count.

    All or nothing: one transaction, the mentee row locked first, so a second
    erasure at the same moment waits and then finds the mark."""
    with transaction.atomic():
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        problem = refusal(mentee, by)
        if problem:
            raise ErasureRefused(problem)
        born = next_quarter_start(mentee.date_of_birth)
        history = dict(mentee_sources(mentee))
        live = live_rows(mentee)
        rows, history_rows = {}, {}
        for model, values in TEXTS.items():
            name = model._meta.model_name
            rows[name] = live[model].update(**values)
            history_rows[name] = model.history.filter(history[model]).update(**values)
        values = {**MENTEE_VALUES, "date_of_birth": born}
        rows["mentee"] = Mentee.objects.filter(pk=mentee.pk).update(**values)
        history_rows["mentee"] = Mentee.history.filter(id=mentee.pk).update(**values)
        rows["admin log"] = scrub_admin_log(mentee)
        rows["import ids"] = delete_source_ids(mentee)
        # The offers between projects: the cases' close reason keeps the fact.
        rows["handover"] = Handover.objects.filter(mentee=mentee).delete()[0]
        mentee.refresh_from_db()
        erasure = Erasure.objects.create(
            mentee=mentee, erased_by=by, source=source, reason=reason
        )
        # One version that says who erased, and when (the others were scrubbed).
        Mentee.history.bulk_history_create(
            [mentee],
            update=True,
            default_user=by,
            default_change_reason=str(Erasure.Source(source).label)[:100],
        )
    return ErasureReport(erasure, rows, history_rows)


def delete_source_ids(mentee: Mentee) -> int:
    """Forget the spreadsheet ids of the mentee's rows: they tie the pseudonymous
    records back to the project's old spreadsheet."""
    deleted, _by_model = SourceId.objects.of_mentee(mentee).delete()
    return deleted


def scrub_admin_log(mentee: Mentee) -> int:
    """The admin's log names each changed object by str(obj), which for a step
    is its description: name the mentee's objects by the mentee's code."""
    scrubbed = 0
    for model, rows in [(Mentee, Mentee.objects.filter(pk=mentee.pk))] + list(
        live_rows(mentee).items()
    ):
        scrubbed += LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in rows.values_list("pk", flat=True)],
        ).update(object_repr=mentee.code)
    return scrubbed
