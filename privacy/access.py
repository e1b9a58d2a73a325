"""The access log: one INSERT for each request that shows a mentee's personal data.

Views call `log_access(request, mentee, action)` once, after the access check;
the admin does it through `PersonalDataAdmin` (privacy/admin.py).
"""

from typing import Any

from django.http import HttpRequest

from privacy.models import AccessLogEntry

Action = AccessLogEntry.Action


def log_access(request: HttpRequest, mentee: Any, action: str) -> None:
    """Record that `request.user` was shown `mentee`'s data (None: several mentees).

    Only the path is kept, never the query string: a search term may be a name.
    """
    AccessLogEntry.objects.create(
        user=request.user,
        mentee=mentee,
        action=action,
        path=request.path[:255],
    )
