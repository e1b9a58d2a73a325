"""The change history of one mentee, read back: who changed what, old and new.

One query per tracked kind of row (mentee, cases, meetings, steps, placements,
consultations, consents, retention holds) and one per kind of related object
named in it, whatever the number of changes; the old and new values come from
comparing each version with the one before it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    IntegrationStep,
    Meeting,
    Mentee,
    Placement,
    Project,
    Region,
)
from employers.models import Employer, EmployerConsultation
from privacy.models import Consent, ConsentText, RetentionHold

User = get_user_model()

# Bookkeeping columns that every version changes or nobody needs to read.
SKIPPED = {"id", "created_at", "updated_at", "recorded_at", "name_normalized"}
KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Related objects shown by name; other foreign keys show their id.
NAMED = {
    User: "user",
    Employer: "name",
    Project: "name",
    Region: "name",
    ConsentText: "version",
}


@dataclass
class Change:
    at: datetime
    user: str
    kind: str
    what: str
    object_id: int
    reason: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "user": self.user,
            "kind": self.kind_label,
            "what": self.what,
            "object_id": self.object_id,
            "reason": self.reason,
            "fields": [{"field": f, "old": o, "new": n} for f, o, n in self.fields],
        }


def mentee_sources(mentee: Mentee) -> list[tuple[type[models.Model], Q]]:
    """The history tables that hold the mentee's rows, and the filter for them.

    Meetings, steps and placements are found through every case the mentee
    ever had (also deleted ones), consultations through every version that
    named the mentee."""
    case_ids = Case.history.filter(mentee_id=mentee.pk).values("id")
    return [
        (Mentee, Q(id=mentee.pk)),
        (Case, Q(mentee_id=mentee.pk)),
        (Meeting, Q(case_id__in=case_ids)),
        (IntegrationStep, Q(case_id__in=case_ids)),
        (Placement, Q(case_id__in=case_ids)),
        (
            EmployerConsultation,
            Q(
                id__in=EmployerConsultation.history.filter(mentee_id=mentee.pk).values(
                    "id"
                )
            ),
        ),
        (Consent, Q(mentee_id=mentee.pk)),
        (RetentionHold, Q(mentee_id=mentee.pk)),
    ]


def mentee_changes(mentee: Mentee) -> list[Change]:
    """Every recorded change of the mentee's rows, newest first."""
    versions = {
        model: list(
            model.history.filter(where)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        for model, where in mentee_sources(mentee)
    }
    names = related_names(versions)
    changes = []
    for model, rows in versions.items():
        previous: dict[int, Any] = {}
        for row in rows:
            changes.append(describe(model, row, previous.get(row.id), names))
            previous[row.id] = row
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model.history.model.tracked_fields if f.name not in SKIPPED]


def related_names(versions: dict) -> dict[type, dict[int, str]]:
    """Names of the users, employers, projects, districts and consent texts the
    versions point to: one query per kind."""
    wanted: dict[type, set[int]] = defaultdict(set)
    for model, rows in versions.items():
        fks = [f for f in tracked_fields(model) if f.is_relation]
        for row in rows:
            for f in fks:
                value = getattr(row, f.attname)
                if value is not None and f.related_model in NAMED:
                    wanted[f.related_model].add(value)
    names: dict[type, dict[int, str]] = {}
    for related, ids in wanted.items():
        if related is User:
            names[User] = {u.pk: user_label(u) for u in User.objects.filter(pk__in=ids)}
        else:
            names[related] = dict(
                related.objects.filter(pk__in=ids).values_list("pk", NAMED[related])
            )
    return names


def user_label(user: Any) -> str:
    if user is None:
        return _("system")
    return user.get_full_name() or user.username


def show(f: models.Field, value: Any, names: dict) -> str:
    """A value as a person reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if f.is_relation:
        return names.get(f.related_model, {}).get(value, f"#{value}")
    if f.choices:
        labels = dict(f.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        # The one list field: a meeting's topics, stored as their codes.
        labels = dict(Meeting.Topic.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(value)


def describe(model: type[models.Model], row: Any, before: Any, names: dict) -> Change:
    change = Change(
        at=row.history_date,
        user=user_label(row.history_user),
        kind=row.history_type,
        what=str(model._meta.verbose_name),
        object_id=row.id,
        reason=row.history_change_reason or "",
    )
    if row.history_type == "-":
        return change
    for f in tracked_fields(model):
        new = getattr(row, f.attname)
        old = getattr(before, f.attname) if before is not None else None
        if before is not None and old == new:
            continue
        if before is None and new in (None, "", []):
            continue
        change.fields.append(
            (str(f.verbose_name), show(f, old, names), show(f, new, names))
        )
    return change
