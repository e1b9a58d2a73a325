"""Send the reminder e-mails that are due today, as the morning beat job does.

Each digest still goes out once per day or week, so running this after the
job (or twice) sends nothing more; useful to try out EMAIL_URL.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.digests import send_due_digests


class Command(BaseCommand):
    help = "Send the reminder e-mails that are due today and not sent yet."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_digests(timezone.localdate())
        self.stdout.write(
            f"{sent['personal']} personal and {sent['team']} team digests sent, "
            f"{sent['failed']} failed."
        )
