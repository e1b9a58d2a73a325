"""The change history read back for a page: who changed what, old and new.

A page's history is a list of sources, each a tracked model and the filter
for its history rows (`mentee_sources()`, `employer_sources()`,
`team_sources()`). `changes()` reads one query per source and one per kind of
other object named in them (users, projects, employers, ...), whatever the
number of changes; the old and new values come from comparing each version
with the one before it. Objects are named as people know them: a mentee by
the code, a case as "Begleitung vom 01.02.2026", a user by name.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    Project,
    Region,
)
from employers.models import ContactPerson, Employer, EmployerConsultation
from mentoring.permissions import ROLES, project_ids_subquery
from privacy.models import Consent, ConsentText, RetentionHold

User = get_user_model()
Source = tuple[type[models.Model], Q]
# Labels of related objects: model -> id -> label.
Names = dict[type, dict[int, str]]

# Bookkeeping columns that every version changes or nobody needs to read.
SKIPPED = {
    "id",
    "created_at",
    "updated_at",
    "recorded_at",
    "name_normalized",
    "version",
}
KIND_LABELS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def user_label(user: Any) -> str:
    """A user's name; also for a version of the user, which has no methods."""
    if user is None:
        return _("system")
    return f"{user.first_name} {user.last_name}".strip() or user.username


# How an object (a row or a version of it) is named, from its own columns:
# the dated kinds say what they are, the others are named by their name.
LABELS: dict[type, Callable[[Any, Names], str]] = {
    Mentee: lambda o, names: o.code,
    Case: lambda o, names: _("case of %(date)s") % {"date": day(o.opened_on)},
    Meeting: lambda o, names: _("meeting of %(date)s") % {"date": day(o.date)},
    Feedback: lambda o, names: (
        _("feedback of %(date)s") % {"date": day(timezone.localdate(o.created_at))}
    ),
    IntegrationStep: lambda o, names: (
        _("integration step: %(kind)s") % {"kind": o.get_kind_display()}
    ),
    Placement: lambda o, names: (
        _("placement of %(date)s (%(kind)s)")
        % {"date": day(o.start_on), "kind": o.get_kind_display()}
    ),
    EmployerConsultation: lambda o, names: (
        _("consultation of %(date)s") % {"date": day(o.date)}
    ),
    Consent: lambda o, names: _("consent of %(date)s") % {"date": day(o.given_on)},
    RetentionHold: lambda o, names: (
        _("retention hold until %(date)s") % {"date": day(o.until)}
    ),
    Membership: lambda o, names: (
        _("%(user)s in %(project)s")
        % {
            "user": names.get(User, {}).get(o.user_id, "–"),
            "project": names.get(Project, {}).get(o.project_id, "–"),
        }
    ),
    Employer: lambda o, names: o.name,
    ContactPerson: lambda o, names: o.name,
    User: lambda o, names: user_label(o),
    Project: lambda o, names: o.name,
    Region: lambda o, names: o.name,
    ConsentText: lambda o, names: o.version,
}
# Labels that already say what kind of object it is.
SELF_DESCRIBING = {
    Case,
    Meeting,
    Feedback,
    IntegrationStep,
    Placement,
    EmployerConsultation,
    Consent,
    RetentionHold,
}
ROLE_LABELS = {
    "mentor": gettext_lazy("Mentor"),
    "project_lead": gettext_lazy("Project lead"),
    "zefas": "ZEFAS",
    "ministry": gettext_lazy("Ministry"),
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


def mentee_sources(mentee: Mentee) -> list[Source]:
    """The history tables that hold the mentee's rows, and the filter for them.

    Meetings, steps and placements are found through every case the mentee
    ever had (also deleted ones), consultations through every version that
    named the mentee."""
    case_ids = Case.history.filter(mentee_id=mentee.pk).values("id")
    return [
        (Mentee, Q(id=mentee.pk)),
        (Case, Q(mentee_id=mentee.pk)),
        (Meeting, Q(case_id__in=case_ids)),
        (
            Feedback,
            Q(meeting_id__in=Meeting.history.filter(case_id__in=case_ids).values("id")),
        ),
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


def employer_sources(employer: Employer, user: Any) -> list[Source]:
    """The employer, its contact persons, and the consultations with it as far
    as they belong to `user`'s projects: a version of a consultation of
    another project is never read."""
    own = Q(employer_id=employer.pk, project_id__in=project_ids_subquery(user))
    return [
        (Employer, Q(id=employer.pk)),
        (ContactPerson, Q(employer_id=employer.pk)),
        (EmployerConsultation, own),
    ]


def team_sources(project: Project) -> list[Source]:
    return [(Membership, Q(project_id=project.pk))]


def mentee_changes(mentee: Mentee) -> list[Change]:
    """Every recorded change of the mentee's rows, newest first."""
    return changes(mentee_sources(mentee))


def employer_changes(employer: Employer, user: Any) -> list[Change]:
    """Every recorded change of the employer and what `user` may see of it."""
    return changes(employer_sources(employer, user))


def team_changes(project: Project) -> list[Change]:
    """The project's memberships and the role changes of its members."""
    members = Membership.objects.filter(project=project).values("user_id")
    found = changes(team_sources(project)) + role_changes(members)
    found.sort(key=lambda c: c.at, reverse=True)
    return found


def changes(sources: list[Source]) -> list[Change]:
    """Every version in `sources`, compared with the one before, newest first."""
    versions = {
        model: list(
            model.history.filter(where)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        for model, where in sources
    }
    names = related_names(versions)
    found = []
    for model, rows in versions.items():
        previous: dict[int, Any] = {}
        for row in rows:
            found.append(describe(model, row, previous.get(row.id), names))
            previous[row.id] = row
    found.sort(key=lambda c: c.at, reverse=True)
    return found


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model.history.model.tracked_fields if f.name not in SKIPPED]


def related_names(versions: dict[type, list]) -> Names:
    """Labels of the objects the versions point to. Objects whose versions are
    read anyway are named from their latest version; the others cost one
    query per kind (users, projects, employers, ...)."""
    wanted: dict[type, set[int]] = defaultdict(set)
    for model, rows in versions.items():
        fks = [f for f in tracked_fields(model) if f.is_relation]
        for row in rows:
            for f in fks:
                value = getattr(row, f.attname)
                if value is not None and f.related_model in LABELS:
                    wanted[f.related_model].add(value)
    names: Names = {}
    for related, ids in wanted.items():
        if related in versions:
            latest = {row.id: row for row in versions[related]}
            names[related] = {pk: LABELS[related](latest[pk], {}) for pk in latest}
            ids = ids - latest.keys()
            if not ids:
                continue
        rows = related._default_manager.filter(pk__in=ids)
        names.setdefault(related, {}).update(
            {row.pk: LABELS[related](row, {}) for row in rows}
        )
    return names


def show(f: models.Field, value: Any, names: Names) -> str:
    """A value as a person reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if f.is_relation:
        known = names.get(f.related_model, {})
        deleted = _("%(what)s (deleted)") % {"what": f.related_model._meta.verbose_name}
        return known.get(value, deleted)
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
    if isinstance(value, Decimal | float):
        return localize(value)
    return str(value)


def heading(model: type[models.Model], row: Any, names: Names) -> str:
    """What a change is about: "Begleitung vom 01.02.2026", "Arbeitgeber X"."""
    label = LABELS[model](row, names)
    if model in SELF_DESCRIBING:
        return label
    return f"{model._meta.verbose_name} {label}"


def describe(model: type[models.Model], row: Any, before: Any, names: Names) -> Change:
    change = Change(
        at=row.history_date,
        user=user_label(row.history_user),
        kind=row.history_type,
        what=heading(model, row, names),
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


def role_changes(users: Any) -> list[Change]:
    """When the roles (groups) of `users` (ids or a subquery of them) changed.
    Two queries: the user versions, and the groups each version held."""
    versions = list(
        User.history.filter(id__in=users)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    held = apps.get_model("privacy", "HistoricalUser_groups").objects.filter(
        history__in=User.history.filter(id__in=users).values("history_id"),
        group__name__in=ROLES,
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for version, name in held.values_list("history_id", "group__name"):
        roles[version].add(name)
    label = _("roles")
    found, before = [], {}
    for row in versions:
        now = roles[row.history_id]
        was = before.get(row.id)
        before[row.id] = now
        if now == (was or set()):
            continue
        found.append(
            Change(
                at=row.history_date,
                user=user_label(row.history_user),
                kind="+" if was is None else "~",
                what=_("roles of %(user)s") % {"user": user_label(row)},
                object_id=row.id,
                reason=row.history_change_reason or "",
                fields=[(label, role_list(was or set()), role_list(now))],
            )
        )
    return found


def role_list(names: set[str]) -> str:
    return ", ".join(sorted(str(ROLE_LABELS[n]) for n in names)) or "–"
