"""Errors reach people, personal data does not (docs/operations.md, "Errors").

- **Mail to ADMINS**: production settings read ``ADMINS`` from the environment (``parse_admins``) and
  mail every server error (logger ``django.request``). Django's report would carry whatever the
  visitor sent — a nomination's answers, an ID number in the query string, cookies, the address —
  so ``PrivateExceptionReporterFilter`` and ``PrivateExceptionReporter`` keep the names of fields
  and cookies (enough to see what the request was) and drop their values.
- **An error tracker** (optional): with ``SENTRY_DSN`` set, ``init_error_tracker`` starts sentry-sdk
  with ``send_default_pii=False``, no request bodies, no local variables, and ``scrub_event`` as the
  last word on every event: the request keeps its method, its URL without the query string and a few
  harmless headers; no user, no cookies, no addresses, no breadcrumb data. Use a tracker the
  district runs itself (self-hosted Sentry or GlitchTip): error reports stay in the country.

Nothing here can hide personal data an exception *message* quotes; code should not put any there.
"""

from email.utils import getaddresses
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REMOVED = "[removed]"


# --- ADMINS from the environment -----------------------------------------------------------------


def parse_admins(value):
    """``ADMINS`` as Django 5.2 wants it, ``[(name, address), …]``, from one line of text:

    ``"Wang Li <wang@example.gov.cn>, ops@example.gov.cn"`` → ``[("Wang Li", "wang@…"), ("ops@…",
    "ops@…")]``. Commas or semicolons separate; names in double quotes may hold commas (``"Wang, Li"
    <wang@…>``). Anything that is not an address stops the start-up: a typo would otherwise silence
    every error mail.
    """
    admins = []
    for name, address in getaddresses([value or ""]):
        if not name and not address:
            continue
        local, at, domain = address.partition("@")
        if not (local and at and "." in domain) or any(c.isspace() for c in address):
            raise ImproperlyConfigured(
                f"ADMINS: {(name + ' ' + address).strip()!r} is not an e-mail address; "
                'write "Name <address>, other@address", separated by commas'
            )
        admins.append((name or address, address))
    return admins


# --- Error mails ---------------------------------------------------------------------------------


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter hides passwords and settings with secret-sounding names; a public site's
    errors also carry what visitors sent. Every form value, cookie value, and the request headers
    that hold addresses, cookies or the query string are replaced."""

    PRIVATE_META = {
        "QUERY_STRING",
        "REQUEST_URI",
        "RAW_URI",
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_FORWARDED",
        "HTTP_COOKIE",
        "HTTP_REFERER",  # the previous page's URL, query string included
        "HTTP_AUTHORIZATION",
    }

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: self.cleansed_substitute if key in self.PRIVATE_META else value
            for key, value in meta.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    """What the filter cannot reach: the query string (in the URL and the GET list), uploaded file
    names, and the account's name (its id is enough to find it). Adds the request id, which finds
    the request's line in the log."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
            data["request_FILES_items"] = [(key, substitute) for key in self.request.FILES]
            data["request_insecure_uri"] = _without_query(data.get("request_insecure_uri", ""))
            request_id = getattr(self.request, "request_id", None)
            if request_id:  # the same id as the request log's line (wucheng_site/request_log.py)
                data["request_meta"] = {**data["request_meta"], "REQUEST_ID": request_id}
            user = getattr(self.request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                data["user_str"] = f"account id {user.pk}"
            elif data.get("user_str"):
                data["user_str"] = "anonymous"
        return data


def _without_query(url):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# --- Error tracker (sentry-sdk) ------------------------------------------------------------------

# Request headers worth keeping: none of them names or locates a person.
KEPT_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host", "user-agent"}


def scrub_event(event, hint=None):
    """The error tracker's ``before_send``: keep what helps find the bug, drop what identifies people.

    An allowlist, so that whatever a future SDK version adds is dropped rather than sent."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        event["request"] = {
            "method": request.get("method"),
            "url": _without_query(request.get("url") or ""),
            "headers": {k: v for k, v in headers.items() if str(k).lower() in KEPT_HEADERS},
        }
    event.pop("user", None)
    for crumb in _breadcrumbs(event):
        crumb.pop("data", None)
        if crumb.get("category") == "query":
            crumb.pop("message", None)  # SQL text may quote values
    return event


def _breadcrumbs(event):
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict):
        crumbs = crumbs.get("values")
    return [crumb for crumb in crumbs or () if isinstance(crumb, dict)]


def init_error_tracker(dsn, environment="production", release=None, **options):
    """Start sentry-sdk (called by production settings when ``SENTRY_DSN`` is set). ``options`` are
    for tests (a transport that keeps events in memory)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    return sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        # Errors only: no performance tracing (it would record every URL, query string included).
        traces_sample_rate=0,
        **options,
    )
