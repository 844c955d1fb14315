"""``GET /healthz`` (wucheng_site/health.py): 200 when the database, the search engine and the cache
answer, 503 naming what is down — checked against real failures (closed ports, a server that never
answers), never mocks. Under ``make test-opensearch`` the "search" check talks to the real node."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from wucheng_site.health import check_cache, check_search, run_checks

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

ALL_OK = {"database": "ok", "search": "ok", "cache": "ok"}


def closed_port():
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_redis():
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }


def unreachable_search_engine():
    return {
        "default": {
            "BACKEND": "search.backends.opensearch.ChineseOpenSearchBackend",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "INDEX_PREFIX": "wucheng_test_",
        }
    }


def test_healthz_answers_200_with_every_service_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert response["Content-Type"] == "application/json"


def test_healthz_is_never_cached_and_starts_no_session(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(CACHES=unreachable_redis())
def test_a_cache_that_refuses_connections_is_reported_down_with_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "search": "ok", "cache": "down"}


@override_settings(WAGTAILSEARCH_BACKENDS=unreachable_search_engine())
def test_a_search_engine_that_refuses_connections_is_reported_down_with_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "search": "down", "cache": "ok"}


@override_settings(CACHES=unreachable_redis(), WAGTAILSEARCH_BACKENDS=unreachable_search_engine())
def test_the_body_says_only_ok_or_down_and_the_reason_goes_to_the_log(client, caplog):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert set(response.json().values()) == {"ok", "down"}
    body = response.content.decode()
    for leak in ("127.0.0.1", "Error", "refused", "redis"):
        assert leak not in body
    # The operator learns why from the log …
    reasons = [r.getMessage() for r in caplog.records if r.name == "wucheng.health"]
    assert any("health check cache failed" in reason for reason in reasons)
    assert any("health check search failed" in reason for reason in reasons)
    # … and not again from django.request, which would mail ADMINS once per probe.
    assert not [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.skipif(settings.SEARCH_BACKEND == "database", reason="needs OpenSearch/Elasticsearch")
def test_a_missing_index_on_a_running_engine_is_reported_down():
    """The node answers but nothing was indexed (update_index never ran): search would fail."""
    backend = dict(settings.WAGTAILSEARCH_BACKENDS["default"], INDEX_PREFIX="wucheng_never_built_")
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": backend}):
        assert run_checks({"search": check_search}) == {"search": "down"}


def test_a_cache_that_never_answers_is_reported_down_within_the_time_limit(caplog):
    """A Redis that accepts the connection and then says nothing (an overloaded or half-dead server):
    without a bound, the probe and its gunicorn worker would wait for ever. While that check still
    hangs, the next probe reports the cache down at once instead of starting another thread."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        caches = {
            "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
        }
        with override_settings(CACHES=caches):
            # Its own name, so the thread left waiting (until the socket closes) delays no other test.
            checks = {"silent-cache": check_cache}
            started = time.monotonic()
            first = run_checks(checks, seconds=0.5)
            elapsed = time.monotonic() - started
            threads = threading.active_count()
            second = run_checks(checks, seconds=0.5)
            assert threading.active_count() == threads
    assert first == second == {"silent-cache": "down"}
    assert elapsed < 1.5
    reasons = [r.getMessage() for r in caplog.records if r.name == "wucheng.health"]
    assert "health check silent-cache: no answer within 0.5 s" in reasons
    assert "health check silent-cache: an earlier check has not answered yet" in reasons


def production_env(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL", "SEARCH_URL")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production",
            "SECRET_KEY": "x7#Jk2!pQz9-production-like-secret-key-of-enough-length-and-variety",
            "ALLOWED_HOSTS": "charity.wucheng.gov.cn",
            **env,
        }
    )
    return environment


def production_healthz(**env):
    """GET /healthz in a fresh process with production settings, over plain HTTP as a local monitor
    asks gunicorn; returns (status, body, stderr)."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(HTTP_HOST='charity.wucheng.gov.cn').get('/healthz')\n"
        "print(json.dumps([r.status_code, r.content.decode()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    return status, body, result.stderr


def test_with_production_settings_everything_down_is_503_naming_all_three():
    """Real failures of all three (PostgreSQL, Redis, OpenSearch on closed ports), production settings:
    no redirect to HTTPS for the monitor, 503, each named, no host or error text in the body."""
    status, body, log = production_healthz(
        DATABASE_URL=f"postgres://nobody:secret@127.0.0.1:{closed_port()}/nothing",
        CACHE_URL=f"redis://127.0.0.1:{closed_port()}/0",
        SEARCH_BACKEND="opensearch",
        SEARCH_URL=f"http://127.0.0.1:{closed_port()}",
    )
    assert status == 503
    assert json.loads(body) == {"database": "down", "search": "down", "cache": "down"}
    assert "127.0.0.1" not in body
    assert "health check database failed" in log


def test_with_production_settings_and_working_services_it_is_200(tmp_path):
    """SQLite and the database cache (production without Redis), and on the OpenSearch suite the real
    node with the indexes this test session built."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "SEARCH_BACKEND": settings.SEARCH_BACKEND}
    if settings.SEARCH_BACKEND != "database":
        backend = settings.WAGTAILSEARCH_BACKENDS["default"]
        env.update(SEARCH_URL=backend["URLS"][0], SEARCH_INDEX=backend["INDEX_PREFIX"])
    created = subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    status, body, _ = production_healthz(**env)
    assert (status, json.loads(body)) == (200, ALL_OK)
