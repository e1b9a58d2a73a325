"""Site-wide views: the error pages that Django's handlers would otherwise
render bare and in English."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

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
