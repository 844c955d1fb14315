"""Shared set-up of the search benchmarks (search_relevance.py, search_latency.py).

Reuses ``import_bench.setup_django`` (throwaway test database: SQLite in a temporary folder, or a new
``wucheng_import_bench_…`` database on the server of DATABASE_URL), after choosing the search backend:

* ``ours``  — the configured SEARCH_BACKEND (``database`` → ``search.backends``, ``opensearch`` →
  ``search.backends.opensearch.ChineseOpenSearchBackend``);
* ``stock`` — Wagtail's stock database backend (``wagtail.search.backends.database``), no segmentation.

On OpenSearch the index prefix is unique to the run (``wucheng_bench_<pid>_<random>_``) and the
indexes are deleted at the end, so a node shared with the test suite is left as it was.
"""

import os
import secrets
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import import_bench  # noqa: E402

REPO = import_bench.REPO
STOCK_BACKEND = {"BACKEND": "wagtail.search.backends.database"}


def _configure(tmp, backend, auto_update):
    """Environment and search settings for a bench run (before django.setup(): modelsearch connects
    its signal handlers from these settings)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "wucheng_site.settings.test"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench-base.sqlite3'}"
    sys.path.insert(0, str(REPO))
    from django.conf import settings

    if backend == "stock":
        config = dict(STOCK_BACKEND)
    else:
        config = dict(settings.WAGTAILSEARCH_BACKENDS["default"])
        if settings.SEARCH_BACKEND != "database":
            config["INDEX_PREFIX"] = f"wucheng_bench_{os.getpid()}_{secrets.token_hex(3)}_"
            # Writes are bulk-refreshed by update_index; no refresh per saved page.
            config["REFRESH_ON_WRITE"] = False
    if not auto_update:
        config["AUTO_UPDATE"] = False
    settings.WAGTAILSEARCH_BACKENDS = {"default": config}


def setup(tmp, backend="ours", auto_update=True):
    """Settings with the chosen backend, then the throwaway database. Returns (connection, old_name)."""
    _configure(tmp, backend, auto_update)
    return import_bench.setup_django(tmp)


def reuse(kept, backend="ours"):
    """Settings as ``setup``, on the database a run with ``--keep`` left: the SQLite file in the folder
    ``kept``, or the PostgreSQL database whose URL ``kept`` is (database search only: an OpenSearch
    run deletes its indexes)."""
    if str(kept).startswith("postgres"):
        os.environ["DATABASE_URL"] = str(kept)
        tmp = Path(tempfile.mkdtemp(prefix="wucheng-latency-bench-"))
    else:
        tmp = Path(kept)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    _configure(tmp, backend, auto_update=False)
    import django

    django.setup()
    from django.db import connection

    return connection


def backend_label(backend):
    from django.conf import settings
    from django.db import connection

    config = settings.WAGTAILSEARCH_BACKENDS["default"]
    return f"{backend} ({config['BACKEND']}) on {connection.vendor}"


def minimal_tree():
    """Only a 信息公开 (DisclosureIndexPage) under the home page that the migrations create."""
    from wagtail.models import Site

    from disclosures.models import DisclosureIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    index = DisclosureIndexPage(title="信息公开", slug="xinxi")
    home.add_child(instance=index)
    return index


def update_index():
    """``update_index`` on the default backend; returns seconds."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", verbosity=0, stdout=StringIO())
    return time.perf_counter() - started


def drop_search_indexes():
    """On OpenSearch/Elasticsearch, delete this run's indexes (its unique prefix)."""
    from django.conf import settings

    config = settings.WAGTAILSEARCH_BACKENDS["default"]
    prefix = config.get("INDEX_PREFIX", "")
    if not prefix.startswith("wucheng_bench_"):
        return
    from wagtail.search.backends import get_search_backend

    es = get_search_backend().es
    for name in es.indices.get(index=f"{prefix}*"):
        es.indices.delete(index=name)


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * fraction
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def teardown(connection, old_name, tmp, keep):
    """Delete this run's search indexes (OpenSearch), then the throwaway database and folder."""
    if connection is not None:
        try:
            drop_search_indexes()
        except Exception as error:  # noqa: BLE001 - cleanup must not hide the real outcome
            print(f"could not delete the search indexes: {error}")
    import_bench.teardown(connection, old_name, tmp, keep)
