"""Response headers that keep personal data out of caches and lock browser
features; sessions renewed at most once a minute."""

import time

from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.utils.cache import add_never_cache_headers

# Browser features this application never uses; the browser refuses them to
# every page and every embedded frame.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class SecurityHeadersMiddleware:
    """Add Permissions-Policy to every response and ``Cache-Control: no-store``
    to every response for a logged-in user: pages and downloads show personal
    data, which must not stay in a browser's or proxy's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's session middleware, renewing an idle session at most once
    every SESSION_RENEW_SECONDS instead of on every request.

    Renewing writes the session row (an UPDATE and a commit); once a minute
    is enough for an idle end of half an hour. The session then ends between
    SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after
    the last request; the page's warning counts from the earlier end
    (mentoring.views.session_timeout). Anonymous visitors' empty sessions
    are not stored. None turns renewal off (the tests' query counts).
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        every = settings.SESSION_RENEW_SECONDS
        if every is not None and session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_KEY, 0) >= every:
                session[RENEWED_KEY] = now  # marks it modified: saved below
        return super().process_response(request, response)


RENEWED_KEY = "_renewed_at"
