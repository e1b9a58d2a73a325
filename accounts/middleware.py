"""Nothing but the second login step until it is done (see accounts/twofactor.py)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts import twofactor

# The session says what is still missing after the password: "verify" (enter
# a code) or "enrol" (set up an app first). Set at login, removed when done,
# so a page costs no query for it.
STEP_SESSION_KEY = "twofactor_step"
VERIFY = "verify"
ENROL = "enrol"

# Views a half-logged-in user may open.
OPEN_VIEWS = {
    "login",
    "logout",
    "set_language",
    "session_keep_alive",
    "accounts:twofactor_setup",
    "accounts:twofactor_verify",
}


@receiver(user_logged_in)
def ask_for_second_factor(sender: type, request: HttpRequest, user, **kwargs) -> None:
    """After the password: a code for the enrolled, enrolment for those who
    must use two factors."""
    if request is None:
        return
    if twofactor.is_enrolled(user):
        request.session[STEP_SESSION_KEY] = VERIFY
    elif twofactor.is_required(user):
        request.session[STEP_SESSION_KEY] = ENROL


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        step = request.session.get(STEP_SESSION_KEY)
        if step is None or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if not request.user.is_authenticated:  # logged out since
            del request.session[STEP_SESSION_KEY]
            return None
        target = (
            "accounts:twofactor_setup" if step == ENROL else "accounts:twofactor_verify"
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
