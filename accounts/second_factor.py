"""The second factor of staff sign-in, on django-otp: one authenticator app (TOTP) per account and a set
of single-use recovery codes (django-otp's static device). See docs/staff-sign-in.md.

Thin functions the views, the middleware and the tests share; the rule of *who* needs a second factor
is ``accounts.policy.requires_second_factor``.
"""

from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .policy import requires_second_factor

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def authenticator(user, confirmed=True):
    """The user's authenticator app (its TOTP device), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_enrolled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(user):
    """Whether this signed-in user must give a second factor before acting as staff: everyone the
    policy names, and anyone who has set one up of their own accord (else setting it up would
    protect nothing)."""
    return requires_second_factor(user) or is_enrolled(user)


def is_verified(user):
    """Set by django-otp's OTPMiddleware from the session: this session gave a current code."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def pending_authenticator(user):
    """The unconfirmed device shown while the user sets up an app; the same one on every reload, so
    the QR code does not change under a user who is still scanning it."""
    device = authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_for_manual_entry(device):
    """The shared secret in base32, in groups of four, as authenticator apps ask for it by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device, title):
    """The device's otpauth:// URL as an inline SVG QR code (no script, no style: fits a strict CSP).
    Dark on white whatever the admin's colour theme, so cameras can read it."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=title, svgclass="second-factor-qr"
    )


def normalise(token):
    """What people type: spaces and dashes inside the code are ignored, letters in any case."""
    return "".join((token or "").split()).replace("-", "").lower()


def looks_like_totp(token):
    return token.isascii() and token.isdigit() and len(token) == 6


def throttled_until(device):
    """When this device accepts a code again after too many wrong ones, or None if it does now."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    return (details or {}).get("locked_until")


def check_code(user, token):
    """Verify a six-digit app code or a recovery code; returns ``(device, locked_until)``.

    ``device`` is the device that accepted the code (a recovery code is used up), else None.
    ``locked_until`` is set when the code was not even checked: the device refuses codes until then
    because of earlier wrong ones (django-otp doubles the wait after every failure, counted per
    device in the database, so guessing six digits gets nowhere). Each check goes through ``django_otp.verify_token``, which locks the
    device's row so parallel guesses cannot slip past the throttle.
    """
    token = normalise(token)
    if looks_like_totp(token):
        device = authenticator(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not token:
        return None, None
    until = throttled_until(device)
    if until is not None:
        return None, until
    return django_otp.verify_token(user, device.persistent_id, token), None


def confirm_authenticator(device, token):
    """First use of a newly scanned app: the code must match before the device counts."""
    token = normalise(token)
    if not looks_like_totp(token):
        return False, None
    until = throttled_until(device)
    if until is not None:
        return False, until
    if django_otp.verify_token(device.user, device.persistent_id, token) is None:
        return False, None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True, None


def new_recovery_codes(user, count=RECOVERY_CODE_COUNT):
    """Replace the user's recovery codes with ``count`` new ones and return them (shown once; they
    are single-use and each one alone passes the second factor)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_NAME, "confirmed": True}
        )
        device.token_set.all().delete()
        device.throttle_reset(commit=False)
        device.save()
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(user):
    """Remove every second-factor device of ``user``: their next request asks them to set up an app
    again (a session verified with a removed device is no longer verified)."""
    with transaction.atomic():
        totp = TOTPDevice.objects.filter(user=user).delete()[0]
        static = StaticDevice.objects.filter(user=user).delete()[0]
    return totp + static


def mark_verified(request, device):
    """This session has given the second factor: a new session key (the privilege went up), then
    django-otp records the device in the session."""
    request.session.cycle_key()
    django_otp.login(request, device)
