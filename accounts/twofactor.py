"""Two-factor login with django-otp: who must use it, enrolment, recovery codes.

A user enrols one authenticator app (a TOTPDevice) and gets RECOVERY_CODES
one-time codes (the tokens of a StaticDevice) for the day the phone is lost.
After the password, a user with a confirmed device must enter a code before
any page (accounts/middleware.py); users who must use two factors and have not
enrolled yet are sent to the enrolment first.
"""

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentoring.permissions import MINISTRY, ZEFAS, has_role

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "recovery"
APP_DEVICE_NAME = "app"


def is_required(user: Any) -> bool:
    """ZEFAS, the ministry and every admin account must log in with two factors.

    Costs a query for the role groups unless the roles are cached on the user."""
    return user.is_staff or user.is_superuser or has_role(user, ZEFAS, MINISTRY)


def app_device(user: Any, *, confirmed: bool | None = True) -> TOTPDevice | None:
    """The user's authenticator app (one query); None if there is none."""
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-pk").first()


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same secret on every reload
    of the enrolment page, a new one once an enrolment was finished."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed in, in groups of 4."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG (no image library, no CDN)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=8,
        border=2,
    )
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drop the XML declaration: the SVG is embedded in the HTML page.
    return svg[svg.index("<svg") :]


def verify_app_code(device: TOTPDevice, code: str) -> bool:
    """Check a code from the app, with django-otp's throttling (each failure
    doubles the wait before the next attempt is even looked at)."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device.verify_token(normalize(code))


def verify_second_factor(user: Any, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts the code: the app, or else a recovery code
    (which is then used up). None if neither does."""
    code = normalize(code)
    device = app_device(user)
    if device is not None and code.isdigit() and verify_app_code(device, code):
        return device
    recovery = recovery_device(user)
    if recovery is not None:
        allowed, _info = recovery.verify_is_allowed()
        if allowed:
            with transaction.atomic():
                recovery = StaticDevice.objects.select_for_update().get(pk=recovery.pk)
                if recovery.verify_token(code):
                    return recovery
    return None


def normalize(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> list[str]:
    """Make the app the user's device (replacing an earlier one) and issue
    fresh recovery codes; returns them, to be shown once."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: Any) -> list[str]:
    """Replace the recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes


@transaction.atomic
def switch_off(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
