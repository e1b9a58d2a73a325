"""The second login step, the enrolment of an authenticator app and the
"Sicherheit" page (accounts/twofactor.py holds the rules)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import twofactor
from accounts.forms import CodeForm, app_code_checker
from accounts.middleware import ENROL, STEP_SESSION_KEY, VERIFY
from mentoring.views import login_locked


def next_url(request: HttpRequest) -> str:
    """Where the login was going (a local address only)."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def complete_login(request: HttpRequest, device) -> None:
    """The second factor is done: mark the session verified (as django_otp.login
    does) under a new session key."""
    otp_login(request, device)
    request.session.pop(STEP_SESSION_KEY, None)
    request.session.cycle_key()


@login_required
def twofactor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, confirmed by one code,
    then the recovery codes, shown once."""
    step = request.session.get(STEP_SESSION_KEY)
    if step == VERIFY:
        # Enrolled already: a new app only after the code of the old one.
        return redirect("accounts:twofactor_verify")
    device = twofactor.pending_app_device(request.user)
    form = CodeForm(request.POST or None, check=app_code_checker(device))
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(device)
        complete_login(request, device)
        context = {"codes": codes, "next": next_url(request), "enrolled": True}
        return render(request, "accounts/recovery_codes.html", context)
    context = {
        "form": form,
        "secret": twofactor.secret_base32(device),
        "qr_code": twofactor.qr_code_svg(device),
        "required": step == ENROL,
        "next": next_url(request),
    }
    return render(request, "accounts/twofactor_setup.html", context)


@login_required
def twofactor_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the app or a recovery code.

    Wrong codes count as failed logins for django-axes (the same lockout as
    for wrong passwords); django-otp's throttling slows guessing down further.
    """
    if request.session.get(STEP_SESSION_KEY) != VERIFY:
        return redirect(next_url(request))
    if not twofactor.is_enrolled(request.user):
        # The app was removed since the password step (by an administrator).
        if twofactor.is_required(request.user):
            request.session[STEP_SESSION_KEY] = ENROL
            return redirect("accounts:twofactor_setup")
        del request.session[STEP_SESSION_KEY]
        return redirect(next_url(request))
    credentials = {"username": request.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        logout(request)
        return login_locked(request)
    user = request.user
    form = CodeForm(
        request.POST or None,
        check=lambda code: twofactor.verify_second_factor(user, code),
    )
    if request.method == "POST":
        if form.is_valid():
            complete_login(request, form.device)
            return redirect(next_url(request))
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
        if not AxesProxyHandler.is_allowed(request, credentials):
            logout(request)
            return login_locked(request)
    context = {"form": form, "next": next_url(request)}
    return render(request, "accounts/twofactor_verify.html", context)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Two-factor login: its state, new recovery codes, switching it off."""
    device = twofactor.app_device(request.user)
    recovery = twofactor.recovery_device(request.user)
    context = {
        "device": device,
        "required": twofactor.is_required(request.user),
        "recovery_left": recovery.token_set.count() if recovery else 0,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not twofactor.is_enrolled(request.user):
        return redirect("accounts:security")
    codes = twofactor.new_recovery_codes(request.user)
    context = {"codes": codes, "next": "", "enrolled": False}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
@require_POST
def twofactor_disable(request: HttpRequest) -> HttpResponse:
    """Only for those who may log in without a second factor."""
    if twofactor.is_required(request.user):
        raise PermissionDenied
    twofactor.switch_off(request.user)
    messages.success(request, _("Two-factor login is switched off."))
    return redirect("accounts:security")
