"""One JSON line per request on logger ``wucheng.requests`` (docs/operations.md, "Logs").

    {"time": "2026-05-04T08:15:02.311Z", "request_id": "5f0c…", "method": "GET", "path": "/search/",
     "status": 200, "duration_ms": 41.7, "bytes": 18234, "user": null}

What is left out, on purpose:

- the **query string**: it holds what people type (a search term, a lookup reference with a phone
  number); the path alone says which page was slow or failing;
- **names and e-mail addresses**: ``user`` is the account's id, for staff only (``null`` otherwise);
- the **visitor's address**: nginx's access log already has it, under its own retention; the request id
  (nginx's ``$request_id``, passed as ``X-Request-ID``) joins the two lines when an incident needs it.
  ``REQUEST_LOG_CLIENT_IP=true`` adds it here too (``client``, by the NUM_PROXIES rule of the rate
  limit) for a site without such a proxy log.

The request id is also sent back as ``X-Request-ID`` and kept as ``request.request_id``, so that an
error mail or a visitor's report ("it failed at 10:02") can be matched to its line.

Successful ``/healthz`` probes are not logged: a monitor polling every few seconds would drown the
rest; a failing one is.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

from .public_forms import client_address

logger = logging.getLogger("wucheng.requests")

# nginx's $request_id is 32 hex digits; accept the usual forms of others, never arbitrary text.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
QUIET_WHEN_OK = {"/healthz"}
MAX_PATH = 1000


def request_id_for(request):
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _user_id(request):
    """The signed-in account's id, without loading a user the request never needed: only a request
    with a session cookie can have one, and SecondFactorMiddleware has then loaded it already."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    try:
        user = getattr(request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the database is down: the line is still written
        return None


def _size(response):
    if response.has_header("Content-Length"):
        try:
            return int(response["Content-Length"])
        except ValueError:
            return None
    if getattr(response, "streaming", False):
        return None  # not known until it has been sent
    return len(response.content)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        now = datetime.now(UTC)
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if not logger.isEnabledFor(logging.INFO) or (
            response.status_code == 200 and request.path in QUIET_WHEN_OK
        ):
            return response
        entry = {
            "time": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "request_id": request.request_id,
            "method": request.method[:16],
            "path": request.path[:MAX_PATH],
            "status": response.status_code,
            # Until the response is handed to the server: a streamed file's sending is not included.
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes": _size(response),
            "user": _user_id(request),
        }
        if getattr(settings, "REQUEST_LOG_CLIENT_IP", False):
            entry["client"] = client_address(request)
        logger.info(json.dumps(entry, separators=(",", ":")))
        return response
