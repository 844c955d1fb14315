"""Protection shared by every public form (nominations, policy comments, reports of concern).

The public forms take personal data from anyone on the internet, so each one gets the same
guards: a honeypot field bots fill in and people never see, a per-visitor rate limit kept in the
cache (only a keyed hash of the address is stored), explicit consent to the processing of personal
information (PIPL art. 14), evidence files checked by content and size, and references / secret
tokens for private status pages. See docs/public-forms.md.
"""

import hashlib
import hmac
import secrets
from enum import StrEnum

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .uploads import validate_upload

HONEYPOT_FIELD = "website"

# Characters of a reference: no 0/O, 1/I/L, so a reference read out on the phone is unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


class PublicForm(forms.Form):
    """A form the public submits: carries the honeypot and the consent checkbox.

    Subclasses set ``consent_label`` to say what the data is used for. ``is_spam`` is true when the
    honeypot was filled; views then answer as if the form were accepted and keep nothing.
    """

    consent_label = _(
        "I agree that the information I give here is processed to handle this submission, as described "
        "in the privacy notice."
    )
    consent_required_message = _("Please confirm that you agree, or we cannot accept the submission.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["consent"] = forms.BooleanField(
            label=self.consent_label,
            error_messages={"required": self.consent_required_message},
        )
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """Tie hints and errors to their inputs (aria-describedby, aria-invalid) for screen readers;
        the ids match components/forms/field.html."""
        for name, field in self.fields.items():
            if name == HONEYPOT_FIELD:
                continue
            bound_id = self[name].auto_id
            described = [f"{bound_id}-hint"] if field.help_text else []
            errors = self._errors.get(name, []) if self._errors else []
            described += [f"{bound_id}-error-{n}" for n in range(1, len(errors) + 1)]
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            if errors:
                field.widget.attrs["aria-invalid"] = "true"

    @property
    def is_spam(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several optional files, each checked by content (an HTML page named .pdf is refused) and size."""

    widget = MultipleFileInput

    def __init__(self, *, max_files=5, max_size=10 * 1024 * 1024, extensions=EVIDENCE_EXTENSIONS, **kwargs):
        self.max_files = max_files
        self.max_size = max_size
        self.extensions = tuple(extensions)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Up to %(count)s files: %(types)s, at most %(size)s each.")
            % {
                "count": max_files,
                "types": ", ".join(e.upper() for e in self.extensions if e != "jpeg"),
                "size": filesizeformat(max_size),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in self.extensions))

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                _("Attach at most %(count)s files."), params={"count": self.max_files}, code="too_many"
            )
        errors = []
        for file in files:
            try:
                validate_upload(file, self.extensions, self.max_size)
            except ValidationError as error:
                errors.extend(f"{file.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return files


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or behind ``NUM_PROXIES`` trusted proxies the Nth address
    from the right of X-Forwarded-For (addresses further left are the visitor's to forge). Also used
    by the sign-in lockout (accounts/throttle.py)."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies and forwarded:
        hops = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return address


def visitor_key(request):
    """A keyed hash of the visitor's address: enough to count submissions, useless if leaked."""
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limited(request, scope, limit=None, period=None):
    """Count one submission attempt for this visitor and scope; true once over the limit.

    ``limit`` attempts per ``period`` seconds, defaulting to settings.PUBLIC_FORM_RATE_LIMIT
    (e.g. ``(5, 3600)``). Kept in the default cache (Redis in production, so all workers share it).
    """
    default_limit, default_period = getattr(settings, "PUBLIC_FORM_RATE_LIMIT", (5, 3600))
    limit = default_limit if limit is None else limit
    period = default_period if period is None else period
    key = f"public-form:{scope}:{visitor_key(request)}"
    if cache.add(key, 1, timeout=period):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period)
        count = 1
    # None: the cache is unreachable and production ignores that (a Redis outage must not take the
    # forms down; it is logged and /healthz reports it), so nobody is counted until it is back.
    return count is not None and count > limit


class Outcome(StrEnum):
    """What ``screen_submission`` decides about a POSTed public form (form_flow turns it into an answer)."""

    INVALID = "invalid"
    LIMITED = "limited"
    SPAM = "spam"
    ACCEPTED = "accepted"


RATE_LIMIT_MESSAGE = _(
    "Too many submissions have been sent from your connection in the last hour. Please try again later; "
    "nothing you typed has been lost."
)


LOOKUP_LIMIT_MESSAGE = _("Too many look-ups from your connection in the last hour. Please try again later.")


def screen_submission(request, form, scope):
    """What to do with a POSTed public form: LIMITED (over the rate limit: the form carries the message,
    answer 429), INVALID (show the errors), SPAM (answer as if accepted, keep nothing) or ACCEPTED.

    Every POST counts towards the limit, valid or not: otherwise a script could send invalid forms
    (or probe the validation) without end. The limit leaves room for a few corrections."""
    if rate_limited(request, scope):
        form.add_error(None, RATE_LIMIT_MESSAGE)  # the form is shown again with what was typed
        return Outcome.LIMITED
    if not form.is_valid():
        return Outcome.INVALID
    return Outcome.SPAM if form.is_spam else Outcome.ACCEPTED


def new_reference(prefix):
    """A reference such as ``JB-20261128-7KQ4PX``: dated, short, unambiguous when read aloud.

    Not a secret: a status page also asks for the contact or the token.
    """
    day = timezone.localdate().strftime("%Y%m%d")
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{prefix}-{day}-{suffix}"


def unique_reference(prefix, model, field="reference"):
    """``new_reference`` that is not yet used in ``model.field`` (collisions are very rare)."""
    while True:
        reference = new_reference(prefix)
        if not model._default_manager.filter(**{field: reference}).exists():
            return reference


def normalise_reference(value):
    return "".join((value or "").split()).upper()


def new_secret():
    """A token shown to the submitter once; only its hash is stored."""
    return secrets.token_urlsafe(12)


def hash_secret(secret, key=None):
    key = key or settings.SECRET_KEY
    return hmac.new(key.encode(), (secret or "").strip().encode(), hashlib.sha256).hexdigest()


def secret_matches(secret, stored_hash):
    """Constant-time comparison, so a wrong token is not told apart by timing. Tokens hashed with an
    earlier key still match while it is listed in SECRET_KEY_FALLBACKS (docs/operations.md: rotating
    SECRET_KEY), so rotating the key does not lock people out of their reports' status."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matches = [hmac.compare_digest(hash_secret(secret, key), stored_hash or "") for key in keys]
    return any(matches)


def normalise_contact(value):
    """Phone numbers and e-mail addresses compared the way people type them (spaces, case, dashes)."""
    value = "".join((value or "").split()).lower()
    return value.replace("-", "") if "@" not in value else value
