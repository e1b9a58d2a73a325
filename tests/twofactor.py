"""Two-factor sessions for tests: the accounts that must use a second factor
(ZEFAS, ministry, admins) get an enrolled app and a verified session from
`client.force_login`, so view tests need not walk through the login step.
Tests of the login itself use `client.login` or the login form, which the
middleware treats like any real login."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.middleware import STEP_SESSION_KEY


def enrol(user) -> TOTPDevice:
    """The user's confirmed authenticator app (created if missing)."""
    device = twofactor.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The app's code now, or for a later 30-second step (the device accepts
    the next step too, and refuses a step it has seen)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def verify_session(client: Client, user) -> None:
    """Mark the client's session as having passed the second step."""
    device = enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(STEP_SESSION_KEY, None)
    session.save()


_force_login = Client.force_login


def force_login_verified(self: Client, user, backend: str | None = None) -> None:
    _force_login(self, user, backend)
    if STEP_SESSION_KEY in self.session:
        verify_session(self, user)


def install() -> None:
    """Called once from tests/conftest.py."""
    Client.force_login = force_login_verified
