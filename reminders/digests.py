"""The reminder e-mails: what is due in a mentor's cases, how a project lead's
team stands, and sending each digest once per period.

E-mails leave the system, so a digest is built from pseudonymous codes, dates,
counts and links only (the queries read nothing else): never a mentee's name,
notes, the text of a step or residence data. Mentors' names appear in the
team digest, which goes to their project lead.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.forms import user_label
from cases.models import (
    QUIET_DAYS,
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Project,
)
from mentoring.permissions import PROJECT_LEAD, PROJECT_ROLES
from reminders.models import ReminderSettings, SentDigest, week_start

logger = logging.getLogger(__name__)

# Entries per list in an e-mail; the start page has the rest.
LIST_CAP = 25


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Entry:
    """One line of a digest: a mentee's code, a date and the link to the page."""

    code: str
    url: str
    day: date | None = None
    overdue: bool = False
    mentor: str = ""


@dataclass
class EntryList:
    entries: list[Entry]
    more: bool  # there are more than LIST_CAP

    def __len__(self) -> int:
        return len(self.entries)


def entry_list(
    rows: Any,
    *,
    day: str,
    overdue_before: date | None = None,
    mentors: dict[int, str] | None = None,
) -> EntryList:
    """Entries from `rows`, dicts with `code`, `mentee_id`, the date under the
    key `day`, and optionally an `anchor` on the page and a `mentor_id`."""
    rows = list(rows[: LIST_CAP + 1])
    entries = [
        Entry(
            code=row["code"],
            url=absolute(
                reverse("cases:mentee_detail", args=[row["mentee_id"]])
                + row.get("anchor", "")
            ),
            day=row[day],
            overdue=bool(overdue_before and row[day] and row[day] < overdue_before),
            mentor=mentors.get(row["mentor_id"], "–") if mentors else "",
        )
        for row in rows[:LIST_CAP]
    ]
    return EntryList(entries, more=len(rows) > LIST_CAP)


# ---------------------------------------------------------------------------
# A mentor's digest: their own cases


@dataclass
class PersonalDigest:
    today: date
    until: date  # next steps and integration steps due up to this day
    next_steps: EntryList
    steps: EntryList
    quiet: EntryList
    feedback: EntryList

    def __len__(self) -> int:
        return sum(map(len, (self.next_steps, self.steps, self.quiet, self.feedback)))


def personal_digest(user: Any, *, today: date, until: date) -> PersonalDigest:
    """What is due in the open cases `user` accompanies. One query per list,
    and one for the user's roles unless they are known already."""
    meetings = Meeting.objects.visible_to(user).filter(case__mentor=user)
    next_steps = (
        meetings.open_next_steps()
        .filter(next_step_due_on__lte=until)
        .order_by("next_step_due_on", "pk")
        .values(
            "next_step_due_on",
            code=F("case__mentee__code"),
            mentee_id=F("case__mentee_id"),
        )
    )
    steps = (
        IntegrationStep.objects.visible_to(user)
        .filter(case__mentor=user)
        .due_by(until)
        .order_by("due_on", "pk")
        .values("due_on", code=F("case__mentee__code"), mentee_id=F("case__mentee_id"))
    )
    quiet = (
        Case.objects.visible_to(user)
        .filter(mentor=user)
        .without_meeting_since(today - timedelta(days=QUIET_DAYS))
        .with_last_meeting()
        .order_by(Coalesce("last_meeting_on", "opened_on"), "pk")
        .values("last_meeting_on", "mentee_id", code=F("mentee__code"))
    )
    feedback = [
        {**row, "anchor": f"#feedback-{row['pk']}"}
        for row in Feedback.objects.visible_to(user)
        .unread_for(user)
        .order_by("created_at", "pk")
        .values(
            "pk",
            code=F("meeting__case__mentee__code"),
            mentee_id=F("meeting__case__mentee_id"),
            day=F("meeting__date"),
        )[: LIST_CAP + 1]
    ]
    return PersonalDigest(
        today=today,
        until=until,
        next_steps=entry_list(next_steps, day="next_step_due_on", overdue_before=today),
        steps=entry_list(steps, day="due_on", overdue_before=today),
        quiet=entry_list(quiet, day="last_meeting_on"),
        feedback=entry_list(feedback, day="day"),
    )


# ---------------------------------------------------------------------------
# A project lead's weekly team digest


@dataclass
class MemberRow:
    name: str
    overdue_next_steps: int = 0
    overdue_steps: int = 0
    quiet: int = 0


@dataclass
class Team:
    project: str
    members: list[MemberRow] = field(default_factory=list)
    follow_up_quiet: EntryList = field(default_factory=lambda: EntryList([], False))


@dataclass
class TeamDigest:
    today: date
    teams: list[Team]

    def __len__(self) -> int:
        return sum(
            row.overdue_next_steps + row.overdue_steps + row.quiet
            for team in self.teams
            for row in team.members
        ) + sum(len(team.follow_up_quiet) for team in self.teams)


def counts_by(queryset: Any, mentor_field: str) -> Counter:
    rows = queryset.order_by().values(mentor_field).annotate(n=Count("pk"))
    return Counter({row[mentor_field]: row["n"] for row in rows})


def team_digest(lead: Any, *, today: date) -> TeamDigest:
    """Per project the lead works in: overdue next steps and integration steps
    and cases without a meeting for QUIET_DAYS, counted per member, and the
    cases in follow-up without a meeting. Five queries per project."""
    quiet_since = today - timedelta(days=QUIET_DAYS)
    teams = []
    for project in Project.objects.filter(memberships__user=lead).order_by("name"):
        cases = Case.objects.filter(project=project)
        overdue_next_steps = counts_by(
            Meeting.objects.filter(case__project=project)
            .open_next_steps()
            .filter(next_step_due_on__lt=today),
            "case__mentor",
        )
        overdue_steps = counts_by(
            IntegrationStep.objects.filter(case__project=project).due_by(
                today - timedelta(days=1)
            ),
            "case__mentor",
        )
        quiet = cases.without_meeting_since(quiet_since)
        quiet_counts = counts_by(quiet, "mentor")
        follow_up = (
            quiet.filter(status=Case.Status.FOLLOW_UP)
            .with_last_meeting()
            .order_by(Coalesce("last_meeting_on", "opened_on"), "pk")
            .values("last_meeting_on", "mentee_id", "mentor_id", code=F("mentee__code"))
        )
        members = {
            m.user_id: user_label(m.user)
            for m in Membership.objects.filter(project=project).select_related("user")
        }
        teams.append(
            Team(
                project=project.name,
                members=[
                    MemberRow(
                        name=name,
                        overdue_next_steps=overdue_next_steps[user_id],
                        overdue_steps=overdue_steps[user_id],
                        quiet=quiet_counts[user_id],
                    )
                    for user_id, name in sorted(members.items(), key=lambda m: m[1])
                ],
                follow_up_quiet=entry_list(
                    follow_up, day="last_meeting_on", mentors=members
                ),
            )
        )
    return TeamDigest(today=today, teams=teams)


# ---------------------------------------------------------------------------
# Sending


def recipients() -> list[Any]:
    """Active mentors and project leads with an e-mail address and a project,
    each with `is_lead` and their `settings` (saved or the defaults)."""
    User = get_user_model()
    leads = User.groups.through.objects.filter(
        user=OuterRef("pk"), group__name=PROJECT_LEAD
    )
    users = list(
        User.objects.filter(
            is_active=True,
            groups__name__in=PROJECT_ROLES,
            memberships__isnull=False,
        )
        .exclude(email="")
        .annotate(is_lead=Exists(leads))
        .distinct()
        .order_by("pk")
    )
    saved = {s.user_id: s for s in ReminderSettings.objects.filter(user__in=users)}
    for user in users:
        user.settings = saved.get(user.pk) or ReminderSettings(user=user)
    return users


def due_digests(user: Any, today: date) -> list[tuple[str, date]]:
    """The (kind, period start) of the digests `user` is due today. Daily
    digests go out Monday to Friday; a weekly one on the first run of the week
    (Monday, or later that week if that run was missed)."""
    due = []
    frequency = user.settings.frequency
    if frequency == ReminderSettings.Frequency.DAILY and today.weekday() < 5:
        due.append((SentDigest.Kind.PERSONAL, today))
    elif frequency == ReminderSettings.Frequency.WEEKLY:
        due.append((SentDigest.Kind.PERSONAL, week_start(today)))
    if user.is_lead and user.settings.team_digest:
        due.append((SentDigest.Kind.TEAM, week_start(today)))
    return due


def build(user: Any, kind: str, period_start: date, today: date) -> Any:
    if kind == SentDigest.Kind.TEAM:
        return team_digest(user, today=today)
    daily = user.settings.frequency == ReminderSettings.Frequency.DAILY
    until = today if daily else period_start + timedelta(days=6)
    return personal_digest(user, today=today, until=until)


def message(user: Any, kind: str, digest: Any) -> EmailMessage:
    """The German e-mail (the interface language, whoever reads it)."""
    context = {
        "digest": digest,
        "daily": getattr(digest, "until", None) == digest.today,
        "start_url": absolute(reverse("home")),
        "settings_url": absolute(reverse("reminders:settings")),
        "team_url": absolute(reverse("cases:team")),
        "quiet_days": QUIET_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"reminders/email/{kind}_subject.txt", context)
        body = render_to_string(f"reminders/email/{kind}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[user.email])


def deliver(user: Any, kind: str, period_start: date, today: date) -> bool:
    """Build and send one digest, recorded in the same transaction; False if
    nothing was due or another run recorded it first."""
    digest = build(user, kind, period_start, today)
    try:
        with transaction.atomic():
            SentDigest.objects.create(
                user=user, kind=kind, period_start=period_start, items=len(digest)
            )
            if digest:
                message(user, kind, digest).send()
    except IntegrityError:
        return False
    return bool(digest)


def send_due_digests(today: date) -> dict[str, int]:
    """Every digest due today that has not gone out yet. Returns how many
    e-mails of each kind were sent, and how many failed (logged; the next run
    tries a failed one again)."""
    periods = {today, week_start(today)}
    done = set(
        SentDigest.objects.filter(period_start__in=periods).values_list(
            "user_id", "kind", "period_start"
        )
    )
    sent = {SentDigest.Kind.PERSONAL.value: 0, SentDigest.Kind.TEAM.value: 0}
    failed = 0
    for user in recipients():
        for kind, period_start in due_digests(user, today):
            if (user.pk, kind, period_start) in done:
                continue
            try:
                sent[kind] += deliver(user, kind, period_start, today)
            except Exception:
                logger.exception("Reminder digest %s for user %s failed", kind, user.pk)
                failed += 1
    return {**sent, "failed": failed}
