"""Sign-in throttling with django-axes: the glue our settings point at, and the lockouts an
administrator sees and lifts (docs/staff-sign-in.md).

django-axes counts failed sign-ins in the database (table ``axes_accessattempt``: one row per
account name, address and browser) and refuses a sign-in once the failures of the *account* or of
the *address* within ``AXES_COOLOFF_TIME`` reach ``AXES_FAILURE_LIMIT``.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum, TextChoices
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wucheng_site.public_forms import client_address


class LockoutKind(TextChoices):
    """What a lockout counts failures by; the value is the AccessAttempt field (and the AXES parameter)."""

    USERNAME = "username", _("Account")
    ADDRESS = "ip_address", _("Address")


def client_ip(request):
    """The address the lockout counts: the same rule as the public forms' rate limit (NUM_PROXIES)."""
    return client_address(request)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (HTTP 429): what happened, until when, and whom to ask. It
    names neither the account nor whether it exists."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    response = render(request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class Lockout:
    kind: str  # a LockoutKind
    value: str
    failures: int
    last_failure: datetime
    ends: datetime  # at the latest, unless more failures come in meanwhile


def current_lockouts(now=None):
    """Accounts and addresses that are locked out now, most recent first.

    The same sums django-axes makes for each sign-in (failures within the cool-off per account name,
    and per address), done for everyone at once.
    """
    now = now or timezone.now()
    cool_off = get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)
    limit = settings.AXES_FAILURE_LIMIT
    lockouts = []
    for kind in LockoutKind:
        rows = recent.exclude(**{f"{kind}__isnull": True})
        if kind == LockoutKind.USERNAME:
            # (Only here: for the address field the database adapter turns "" into NULL, and
            # "= NULL" would exclude every row.)
            rows = rows.exclude(username="")
        rows = (
            rows.order_by()  # no default ordering in the GROUP BY
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        lockouts += [
            Lockout(kind, row[kind], row["failures"], row["last"], row["last"] + cool_off) for row in rows
        ]
    return sorted(lockouts, key=lambda lockout: lockout.last_failure, reverse=True)


def lift(kind, value):
    """Forget the failures of one account name or one address; returns how many records went."""
    if not value:
        raise ValueError("Say which account name or address to lift the lockout of.")
    if kind == LockoutKind.USERNAME:
        return reset(username=value)
    if kind == LockoutKind.ADDRESS:
        return reset(ip=value)
    raise ValueError(f"kind must be one of {LockoutKind.values}, not {kind!r}")
