"""The request log (wucheng_site/request_log.py): one JSON line per request on "wucheng.requests", with
time, status and duration, and nothing people typed. Production's stdout handler is checked with the
error mail, in one production process (test_error_mail.py)."""

import json
import logging
import os
import re
from datetime import UTC, datetime

import pytest
from django.test import Client, override_settings
from django.urls import path

from tests.factories import login, make_user

pytestmark = pytest.mark.django_db

LOGGER = "wucheng.requests"


def broken_view(request):
    raise RuntimeError("a bug")


# One view that fails, for the 500 test (ROOT_URLCONF = this module).
urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def lines(caplog):
    """The request log's lines so far, parsed (each must be one valid JSON object)."""
    caplog.set_level(logging.INFO, logger=LOGGER)

    def parsed():
        records = [r for r in caplog.records if r.name == LOGGER]
        for record in records:
            assert "\n" not in record.getMessage()
        return [json.loads(r.getMessage()) for r in records]

    return parsed


def test_each_request_writes_one_json_line_with_time_method_path_status_and_duration(client, lines):
    started = datetime.now(UTC)
    response = client.get("/robots.txt")
    (entry,) = lines()
    assert entry["method"] == "GET"
    assert entry["path"] == "/robots.txt"
    assert entry["status"] == response.status_code == 200
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["bytes"] == len(response.content)
    assert entry["user"] is None
    assert entry["time"].endswith("Z")
    logged = datetime.fromisoformat(entry["time"])
    assert abs((logged - started).total_seconds()) < 60


def test_the_query_string_is_never_logged(client, lines):
    """A search term or a lookup reference can be personal (a name, a phone number)."""
    client.get("/robots.txt?q=13812345678&ref=WJ-2026-ABCD")
    client.get("/no-such-page/?phone=13812345678")
    text = json.dumps(lines())
    assert "13812345678" not in text
    assert "WJ-2026" not in text
    assert lines()[0]["path"] == "/robots.txt"


def test_errors_are_logged_with_status_500(lines):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/broken/")
    assert response.status_code == 500
    assert [entry["status"] for entry in lines()] == [500]


def test_not_found_and_method_not_allowed_are_logged_too(client, lines):
    client.get("/no-such-page-here/")
    client.post("/healthz")
    assert [(e["path"], e["status"]) for e in lines()] == [("/no-such-page-here/", 404), ("/healthz", 405)]


def test_successful_health_probes_are_not_logged_but_failures_are(client, lines):
    client.get("/healthz")
    assert lines() == []
    caches = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=caches):
        client.get("/healthz")
    assert [(e["path"], e["status"]) for e in lines()] == [("/healthz", 503)]


def test_a_request_id_from_the_proxy_is_logged_and_returned(client, lines):
    response = client.get("/robots.txt", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    assert lines()[0]["request_id"] == "0123456789abcdef0123456789abcdef"


def test_without_a_usable_request_id_one_is_made_for_each_request(client, lines):
    first = client.get("/robots.txt", headers={"X-Request-ID": 'x"}\n{"forged": 1'})
    second = client.get("/robots.txt")
    ids = [entry["request_id"] for entry in lines()]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)


def test_a_signed_in_user_is_logged_by_id_only(client, lines):
    user = make_user("wang.li.editor")
    login(client, user)
    client.get("/robots.txt")
    (entry,) = lines()
    assert entry["user"] == user.pk
    text = json.dumps(entry)
    assert "wang.li" not in text and "example.com" not in text


def test_the_visitors_address_is_left_out_unless_asked_for(client, lines):
    headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    client.get("/robots.txt", headers=headers)
    assert "client" not in lines()[0]
    with override_settings(REQUEST_LOG_CLIENT_IP=True, NUM_PROXIES=1):
        client.get("/robots.txt", headers=headers)
    # The same rule as the rate limit: with one proxy, the address it saw (the rightmost one).
    assert lines()[1]["client"] == "203.0.113.9"


@pytest.mark.skipif("LOG_LEVEL" in os.environ, reason="LOG_LEVEL changes the default level")
def test_outside_production_the_request_log_is_quiet():
    assert not logging.getLogger(LOGGER).isEnabledFor(logging.INFO)
