"""Errors reach people, personal data does not (wucheng_site/error_reporting.py, production settings).

One production process (``production_error`` below) serves one failing request through the real WSGI
handler, with ADMINS, SERVER_EMAIL, the local-memory mail backend and SENTRY_DSN pointing at a small
HTTP server of this test standing in for the error tracker. It proves, for that one request carrying
a phone number, an ID number in the query string, a cookie and the visitor's address: one mail to each
admin, one event to the tracker, one JSON line on stdout — and none of those values in any of them.
"""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.debug import ExceptionReporter
from django.views.decorators.csrf import csrf_exempt

from wucheng_site.error_reporting import (
    PrivateExceptionReporter,
    PrivateExceptionReporterFilter,
    parse_admins,
    scrub_event,
)

ROOT = Path(__file__).resolve().parents[2]

# What the failing request carries, none of which may leave the server.
PHONE = "13812345678"
ID_NUMBER = "110101199003071234"
COOKIE_VALUE = "cookie-secret-value"
VISITOR = "203.0.113.9"
PERSONAL = (PHONE, ID_NUMBER, COOKIE_VALUE, VISITOR, "Wang Li")


@csrf_exempt
def failing_view(request):
    raise RuntimeError("the nomination could not be saved")


def fine_view(request):
    return HttpResponse("ok")


urlpatterns = [path("boom/", failing_view), path("fine/", fine_view)]


# --- ADMINS from the environment ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "admins"),
    [
        ("", []),
        ("ops@example.gov.cn", [("ops@example.gov.cn", "ops@example.gov.cn")]),
        (
            "Wang Li <wang@example.gov.cn>, ops@example.gov.cn",
            [("Wang Li", "wang@example.gov.cn"), ("ops@example.gov.cn", "ops@example.gov.cn")],
        ),
        ('"Wang, Li" <wang@example.gov.cn>', [("Wang, Li", "wang@example.gov.cn")]),
        (
            "a@example.gov.cn; b@example.gov.cn",
            [("a@example.gov.cn", "a@example.gov.cn"), ("b@example.gov.cn", "b@example.gov.cn")],
        ),
        (
            "王立 <wang@example.gov.cn> ,  ops@example.gov.cn ,",
            [("王立", "wang@example.gov.cn"), ("ops@example.gov.cn", "ops@example.gov.cn")],
        ),
    ],
)
def test_admins_are_read_from_one_line_of_names_and_addresses(value, admins):
    assert parse_admins(value) == admins


@pytest.mark.parametrize(
    "value", ["ops", "Wang Li", "ops@localhost", "ops@example.gov.cn other@example.gov.cn"]
)
def test_admins_that_are_not_addresses_stop_the_start_up(value):
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        parse_admins(value)


# --- The mail's report, in process ------------------------------------------------------------------


def report_text(reporter_class, filter_class):
    request = RequestFactory().post(
        f"/boom/?id={ID_NUMBER}",
        {"name": "Wang Li", "phone": PHONE},
        headers={"Cookie": f"tracking={COOKIE_VALUE}", "X-Forwarded-For": VISITOR},
    )
    # As DEFAULT_EXCEPTION_REPORTER_FILTER would (Django caches that setting's class).
    request.exception_reporter_filter = filter_class()
    try:
        failing_view(request)
    except RuntimeError:
        exc_info = sys.exc_info()
    return reporter_class(request, *exc_info, is_email=True).get_traceback_text()


def test_djangos_own_report_would_mail_what_the_visitor_sent():
    """The positive control: without our reporter the mail holds the values the next test looks for."""
    from django.views.debug import SafeExceptionReporterFilter

    text = report_text(ExceptionReporter, SafeExceptionReporterFilter)
    for value in PERSONAL:
        assert value in text


def test_the_mailed_report_names_fields_and_cookies_but_holds_none_of_their_values():
    text = report_text(PrivateExceptionReporter, PrivateExceptionReporterFilter)
    for value in PERSONAL:
        assert value not in text
    for name in ("phone", "name", "tracking", "RuntimeError", "/boom/", "HTTP_X_FORWARDED_FOR"):
        assert name in text


# --- The error tracker's scrubber, in process ---------------------------------------------------------


def test_the_error_tracker_event_keeps_the_bug_and_drops_the_person():
    event = {
        "exception": {"values": [{"type": "RuntimeError", "value": "the nomination could not be saved"}]},
        "request": {
            "method": "POST",
            "url": f"https://charity.wucheng.gov.cn/search/?q={ID_NUMBER}",
            "query_string": f"q={ID_NUMBER}",
            "data": {"phone": PHONE},
            "cookies": {"tracking": COOKIE_VALUE},
            "headers": {
                "User-Agent": "Firefox",
                "X-Forwarded-For": VISITOR,
                "Cookie": f"tracking={COOKIE_VALUE}",
            },
            "env": {"REMOTE_ADDR": VISITOR},
        },
        "user": {"id": 7, "username": "Wang Li", "ip_address": VISITOR},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": f"SELECT … WHERE phone = '{PHONE}'", "data": {}},
                {"category": "httplib", "data": {"url": f"http://search/?q={ID_NUMBER}"}},
            ]
        },
    }
    scrubbed = scrub_event(event)
    text = json.dumps(scrubbed, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://charity.wucheng.gov.cn/search/",
        "headers": {"User-Agent": "Firefox"},
    }
    assert "user" not in scrubbed
    assert "RuntimeError" in text


# --- One production process: mail, tracker and request log --------------------------------------------


class TrackerStandIn(BaseHTTPRequestHandler):
    """Accepts what sentry-sdk sends (envelopes, gzip) and keeps the decoded text."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


SCRIPT = r"""
import io, json, os, sys
import django
values = json.loads(os.environ["TEST_REQUEST_VALUES"])  # what the request carries
from django.conf import settings
# The failing view of the test module; and plain static storage, as no collectstatic ran here (the
# 500 page links the stylesheet by its hashed name in production). Set before django.setup(), which
# may already open the static files storage.
settings.ROOT_URLCONF = "tests.wucheng_site.test_error_mail"
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
django.setup()
import sentry_sdk
from django.core import mail
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
body = f"name=Wang+Li&phone={values['phone']}".encode()
environ = {
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/boom/",
    "QUERY_STRING": f"id={values['id']}",
    "SERVER_NAME": "charity.wucheng.gov.cn",
    "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "192.0.2.55",
    "HTTP_HOST": "charity.wucheng.gov.cn",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_FOR": values["visitor"],
    "HTTP_COOKIE": f"tracking={values['cookie']}; wucheng_display=large",
    "HTTP_REFERER": f"https://charity.wucheng.gov.cn/search/?q={values['id']}",
    "HTTP_USER_AGENT": "test-browser",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
    "wsgi.errors": sys.stderr,
    "wsgi.url_scheme": "http",
    "wsgi.version": (1, 0),
    "wsgi.multithread": False,
    "wsgi.multiprocess": True,
    "wsgi.run_once": False,
}
statuses = []
b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
sentry_sdk.flush(timeout=10)
mails = [
    {"to": m.to, "from": m.from_email, "subject": m.subject, "body": m.body}
    for m in getattr(mail, "outbox", [])
]
print("RESULT " + json.dumps({"status": statuses[0], "mails": mails}))
"""
VALUES = {"phone": PHONE, "id": ID_NUMBER, "visitor": VISITOR, "cookie": COOKIE_VALUE}


@pytest.fixture(scope="module")
def production_error(tmp_path_factory):
    TrackerStandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), TrackerStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        environment = {
            k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL", "LOG_LEVEL")
        }
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production",
                "SECRET_KEY": "x7#Jk2!pQz9-production-like-secret-key-of-enough-length-and-variety",
                "ALLOWED_HOSTS": "charity.wucheng.gov.cn",
                "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db')}/db.sqlite3",
                "SEARCH_BACKEND": "database",
                "ADMINS": "Duty Officer <duty@example.gov.cn>, ops@example.gov.cn",
                "SERVER_EMAIL": "errors@example.gov.cn",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1",
                # Not on the command line: the tracker reports sys.argv.
                "TEST_REQUEST_VALUES": json.dumps(VALUES),
            }
        )
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    stdout = result.stdout.splitlines()
    outcome = json.loads(next(line for line in stdout if line.startswith("RESULT "))[len("RESULT ") :])
    return {
        "status": outcome["status"],
        "mails": outcome["mails"],
        "stdout": [line for line in stdout if not line.startswith("RESULT ")],
        "stderr": result.stderr,
        "tracker": TrackerStandIn.received,
    }


def test_a_server_error_is_mailed_once_to_each_admin_from_server_email(production_error):
    assert production_error["status"].startswith("500")
    (message,) = production_error["mails"]
    assert message["to"] == ["duty@example.gov.cn", "ops@example.gov.cn"]
    assert message["from"] == "errors@example.gov.cn"
    assert message["subject"].startswith("[善行婺里] ERROR")
    assert "/boom/" in message["subject"]
    assert "RuntimeError" in message["body"] and "the nomination could not be saved" in message["body"]


def test_the_mail_holds_nothing_the_visitor_sent(production_error):
    (message,) = production_error["mails"]
    text = message["subject"] + message["body"]
    for value in PERSONAL:
        assert value not in text
    assert "phone" in message["body"]  # the field's name is kept


def without_source_code(envelope):
    """The envelope's lines, minus the lines of source code around each frame (this very test module,
    whose constants hold the values looked for)."""

    def strip(value):
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("pre_context", "context_line", "post_context")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    lines = []
    for line in envelope.splitlines():
        try:
            lines.append(json.dumps(strip(json.loads(line)), ensure_ascii=False))
        except ValueError:
            lines.append(line)
    return "\n".join(lines)


def test_the_error_tracker_gets_the_error_without_personal_data(production_error):
    envelopes = [body for path, body in production_error["tracker"] if "envelope" in path]
    assert envelopes, "no event reached the error tracker"
    text = "\n".join(without_source_code(envelope) for envelope in envelopes)
    assert "RuntimeError" in text and "/boom/" in text
    for value in PERSONAL:
        assert value not in text
    assert "192.0.2.55" not in text


def test_production_writes_one_plain_json_line_per_request_to_stdout(production_error):
    (line,) = production_error["stdout"]
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/boom/", 500)
    for value in PERSONAL:
        assert value not in line
    # The mail gives the same request id, to find the line.
    assert f"REQUEST_ID = '{entry['request_id']}'" in production_error["mails"][0]["body"]
    # Errors themselves go to stderr, for the journal.
    assert "ERROR django.request: Internal Server Error: /boom/" in production_error["stderr"]
