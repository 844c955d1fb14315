"""``GET /healthz``: is the site able to serve? (../shared/BRIEF.md §6, docs/operations.md)

200 ``{"database": "ok", "search": "ok", "cache": "ok"}`` when every service answers, 503 with the same
keys and ``"down"`` for those that do not. The body never says why (no error text, no host name: the
endpoint is public); the reason goes to the log (logger ``wucheng.health``).

The three checks run at once, each in a thread of its own, and are given ``CHECK_SECONDS``: a
database or Redis that does not answer at all (a dropped packet, not a refused connection) would
otherwise hold the probe, and the gunicorn worker, for minutes.
"""

import logging
import secrets
import threading
import time

from django.core.cache import cache
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

logger = logging.getLogger("wucheng.health")

CHECK_SECONDS = 2.0


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("SELECT 1 did not return 1")


def check_search():
    """OpenSearch/Elasticsearch: count the documents of the page index (it exists, and its shards
    answer a search). The database backend lives in the database, which ``check_database`` covers."""
    backend = get_search_backend(TIMEOUT=CHECK_SECONDS, OPTIONS={"max_retries": 0})
    client = getattr(backend, "es", None)
    if client is None:
        return
    client.count(index=backend.get_index_for_model(Page).name)


def check_cache():
    """A write and a read of a key no one else uses (the rate limits and Wagtail's site root paths
    live in this cache)."""
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was just written")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "search": check_search, "cache": check_cache}

# The thread of each service's latest check, to find one still hanging from an earlier probe.
_latest = {}


def _in_thread(check, outcome):
    """Run in a thread of its own; close that thread's database connection afterwards (the database
    cache uses one too), so that none is left open behind it."""
    try:
        check()
    except Exception as error:
        outcome["error"] = error
    finally:
        connections.close_all()


def run_checks(checks=None, seconds=CHECK_SECONDS):
    """``{name: "ok" | "down"}`` for each check, all run at once, each given ``seconds``.

    Daemon threads: one left hanging never delays a worker's exit (gunicorn's reload), and while it
    hangs its service is reported down without starting another, so they cannot pile up."""
    checks = CHECKS if checks is None else checks
    deadline = time.monotonic() + seconds
    results, started = {}, {}
    for name, check in checks.items():
        previous = _latest.get(name)
        if previous is not None and previous.is_alive():
            logger.error("health check %s: an earlier check has not answered yet", name)
            results[name] = "down"
            continue
        outcome = {}
        thread = threading.Thread(
            target=_in_thread, args=(check, outcome), name=f"healthz-{name}", daemon=True
        )
        thread.start()
        _latest[name] = thread
        started[name] = (thread, outcome)
    for name, (thread, outcome) in started.items():
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            logger.error("health check %s: no answer within %.1f s", name, seconds)
            results[name] = "down"
        elif "error" in outcome:
            error = outcome["error"]
            logger.error("health check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = "down"
        else:
            results[name] = "ok"
    return {name: results[name] for name in checks}


@never_cache
@require_safe
def healthz(request):
    results = run_checks()
    status = 200 if all(value == "ok" for value in results.values()) else 503
    response = JsonResponse(results, status=status)
    # The reason is logged above; Django would log each 503 again on "django.request" and mail it to
    # ADMINS, once per probe for as long as a service is down. Alerting is the monitor's job.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
