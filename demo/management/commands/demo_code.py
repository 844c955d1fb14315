"""The current second-factor code of the demo accounts, for `make run` (docs/staff-sign-in.md)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import home as demo


class Command(BaseCommand):
    help = (
        "Print the current six-digit code of the demo accounts' authenticator (the published demo "
        "secret that load_demo gives admin, reviewer, chair and member). Development only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_code is for development (DEBUG on); production accounts have their own apps."
            )
        key = demo.demo_totp_key()
        users = (
            TOTPDevice.objects.filter(key=key, confirmed=True)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        )
        totp = TOTP(bytes.fromhex(key))
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"Code: {totp.token():06d}  (valid for {left} s more, and the 30 s after)")
        self.stdout.write(
            f"Accounts with the demo authenticator: {', '.join(users) or 'none (run load_demo)'}"
        )
        self.stdout.write(f"Or add this secret to an authenticator app: {demo.DEMO_TOTP_SECRET}")
