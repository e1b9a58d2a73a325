"""Site-wide views: the error pages that Django's handlers would otherwise
render bare and in English."""

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_POST

from mentoring.middleware import RENEWED_KEY

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the navigation. Django renders it without the request;
    we try with it, and fall back to a page that needs nothing (the database
    may be what failed, and the navigation asks it for the user's roles)."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered with the navigation")
        return defaults.server_error(request, template_name="500_plain.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that was open too long, or without cookies."""
    return render(request, "403_csrf.html", status=403)


def login_locked(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What django-axes answers to a login after too many failures (429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/lockout.html", context, status=429)


def session_timeout(request: HttpRequest) -> dict:
    """Context processor: the idle end and the warning before it, for the
    script static/js/session.js (data attributes on <body>)."""
    # The session was renewed up to SESSION_RENEW_SECONDS before this page.
    renewal = settings.SESSION_RENEW_SECONDS or 0
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE - renewal,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_warning_minutes": max(1, -(-settings.SESSION_WARNING_SECONDS // 60)),
    }


@login_required
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in": renews the idle session now, however recently it
    was renewed (mentoring.middleware.SessionMiddleware)."""
    request.session[RENEWED_KEY] = int(time.time())
    return HttpResponse(status=204)
