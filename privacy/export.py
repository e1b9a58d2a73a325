"""Right of access (Art. 15 GDPR): everything held on one mentee, as JSON and PDF.

`mentee_data()` gathers it (a fixed number of queries), `as_json()` and
`as_pdf()` write it. The project lead's download and
`manage.py export_mentee` call the same functions.
"""

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Case, Handover, IntegrationStep, Meeting, Mentee, Placement
from employers.models import EmployerConsultation
from imports.models import SourceId
from privacy.changes import mentee_changes, show, user_label
from privacy.models import AccessLogEntry, Consent, RetentionHold

SKIPPED = {"id", "mentee", "case", "name_normalized"}
User = get_user_model()


def fields_of(obj: models.Model) -> list[dict[str, str]]:
    """The object's fields as label and readable value."""
    out = []
    for f in obj._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        if f.is_relation:
            related = getattr(obj, f.name)
            if related is None:
                text = "–"
            else:
                text = (
                    user_label(related) if isinstance(related, User) else str(related)
                )
        elif f.name == "topics":
            text = ", ".join(obj.get_topics_display()) or "–"
        else:
            text = show(f, getattr(obj, f.attname), {})
        out.append({"field": str(f.verbose_name), "value": text})
    return out


def section(title: str, rows: list) -> dict[str, Any]:
    return {"title": title, "items": [fields_of(row) for row in rows]}


def mentee_data(mentee: Mentee) -> dict[str, Any]:
    """Everything held on `mentee`: master data, cases, meetings, steps,
    placements, consultations about them, consents, retention holds, the
    change history and the access log."""
    mentee = Mentee.objects.select_related("project", "region").get(pk=mentee.pk)
    cases = Case.objects.filter(mentee=mentee).select_related("project", "mentor")
    meetings = Meeting.objects.filter(case__mentee=mentee).select_related("created_by")
    steps = IntegrationStep.objects.filter(case__mentee=mentee).order_by("pk")
    placements = Placement.objects.filter(case__mentee=mentee).select_related(
        "employer"
    )
    consultations = EmployerConsultation.objects.filter(mentee=mentee).select_related(
        "employer", "project", "mentor"
    )
    consents = Consent.objects.filter(mentee=mentee).select_related(
        "text", "recorded_by", "withdrawal_recorded_by"
    )
    handovers = Handover.objects.filter(mentee=mentee).select_related(
        "from_project", "to_project"
    )
    holds = RetentionHold.objects.filter(mentee=mentee).select_related("recorded_by")
    access = AccessLogEntry.objects.filter(mentee=mentee).select_related("user")
    own_ids = SourceId.objects.of_mentee(mentee).select_related("project")
    return {
        "code": mentee.code,
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "sections": [
            section(_("Master data"), [mentee]),
            section(_("Cases"), list(cases)),
            section(_("Meetings"), list(meetings)),
            section(_("Integration steps"), list(steps)),
            section(_("Placements"), list(placements)),
            section(_("Employer consultations about the person"), list(consultations)),
            section(_("Consents"), list(consents)),
            section(_("Retention holds"), list(holds)),
            section(_("Handovers between projects"), list(handovers)),
            {
                "title": _("Ids in imported spreadsheets"),
                "items": [
                    [
                        {"field": _("Spreadsheet"), "value": row.get_kind_display()},
                        {"field": _("Own ID"), "value": row.own_id},
                        {"field": _("Project"), "value": row.project.name},
                    ]
                    for row in own_ids.order_by("pk")
                ],
            },
        ],
        "history": [c.as_dict() for c in mentee_changes(mentee)],
        "access_log": [
            {
                "at": entry.at.isoformat(timespec="seconds"),
                "user": user_label(entry.user),
                "what": entry.get_action_display(),
                "page": entry.path,
            }
            for entry in access
        ],
    }


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def readable(iso: str) -> str:
    """An ISO time of the JSON as a German reader expects it: 24.12.2026 14:05."""
    moment = timezone.localtime(datetime.fromisoformat(iso))
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def as_pdf(data: dict[str, Any]) -> bytes:
    """The same data as a printable German document."""
    from weasyprint import HTML  # heavy import; only the export needs it

    with translation.override("de"):
        shown = {
            **data,
            "created": readable(data["created"]),
            "history": [{**c, "at": readable(c["at"])} for c in data["history"]],
            "access_log": [{**e, "at": readable(e["at"])} for e in data["access_log"]],
        }
        html = render_to_string("privacy/mentee_export_pdf.html", {"data": shown})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
