"""The current two-factor code of a demo login, for logging in without a phone."""

import base64
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current authenticator code (and the secret) of a login."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", nargs="?", default="zefas")

    def handle(self, *args: Any, **options: Any) -> None:
        device = (
            TOTPDevice.objects.filter(
                user__username=options["username"], confirmed=True
            )
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{options['username']} has no authenticator app set up."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stdout.write(
            f"valid for another {seconds_left} s; secret for an app: {secret}"
        )
