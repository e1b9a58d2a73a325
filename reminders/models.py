"""Who gets which reminder e-mail how often, and which digests went out.

A user without `ReminderSettings` gets the defaults: the weekly digest, and
for project leads the weekly team digest.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.models import QUIET_DAYS


class ReminderSettings(models.Model):
    """A mentor's or project lead's choice of reminder e-mails."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily, Monday to Friday")
        WEEKLY = "weekly", _("weekly, on Mondays")
        OFF = "off", _("off")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("my reminders"),
        max_length=10,
        choices=Frequency,
        default=Frequency.WEEKLY,
        help_text=format_lazy(
            _(
                "Next steps and integration steps that are due, and mentees without "
                "a meeting for {days} days, of the cases you accompany."
            ),
            days=QUIET_DAYS,
        ),
    )
    team_digest = models.BooleanField(
        _("weekly team digest"),
        default=True,
        help_text=_(
            "For project leads, on Mondays: overdue steps per mentor and the cases "
            "in follow-up without a meeting."
        ),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def for_user(cls, user: Any) -> "ReminderSettings":
        """The user's settings, or unsaved defaults. One query."""
        return cls.objects.filter(user=user).first() or cls(user=user)


def week_start(day: date) -> date:
    """The Monday of `day`'s week: when a weekly digest goes out."""
    return day - timedelta(days=day.weekday())


class SentDigest(models.Model):
    """One digest per person, kind and period, recorded in the transaction that
    sends it: a second run, or a second worker, finds it and sends nothing."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("personal digest")
        TEAM = "team", _("team digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    period_start = models.DateField(
        _("period"), help_text=_("The day of a daily digest, the Monday of a weekly.")
    )
    items = models.PositiveIntegerField(
        _("entries"), help_text=_("0: nothing was due, so no e-mail was sent.")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "user_id"]
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y} ({self.user})"
