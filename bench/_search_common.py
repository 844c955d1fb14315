"""Shared set-up of the search benchmarks (search_relevance.py, search_latency.py).

Reuses ``import_bench.setup_django`` (throwaway test database: SQLite in a temporary folder, or a new
``wucheng_import_bench_…`` database on the server of DATABASE_URL), after choosing the search backend:

* ``ours``  — the configured SEARCH_BACKEND (``database`` → ``search.backends``, ``opensearch`` →
  ``search.backends.opensearch.ChineseOpenSearchBackend``);
* ``stock`` — Wagtail's stock database backend (``wagtail.search.backends.database``), no segmentation.

On OpenSearch the index prefix is unique to the run (``wucheng_bench_<pid>_<random>_``) and the
indexes are deleted at the end, so a node shared with the test suite is left as it was.
"""

import datetime
import json
import os
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import import_bench  # noqa: E402

REPO = import_bench.REPO
STOCK_BACKEND = {"BACKEND": "wagtail.search.backends.database"}


def _configure(tmp, backend, auto_update, index_prefix=None):
    """Environment and search settings for a bench run (before django.setup(): modelsearch connects
    its signal handlers from these settings). ``index_prefix``: the OpenSearch indexes of a run with
    ``--keep`` (default: new ones for this run)."""
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
            config["INDEX_PREFIX"] = index_prefix or f"wucheng_bench_{os.getpid()}_{secrets.token_hex(3)}_"
            # Writes are bulk-refreshed by update_index; no refresh per saved page.
            config["REFRESH_ON_WRITE"] = False
    if not auto_update:
        config["AUTO_UPDATE"] = False
    settings.WAGTAILSEARCH_BACKENDS = {"default": config}


def setup(tmp, backend="ours", auto_update=True):
    """Settings with the chosen backend, then the throwaway database. Returns (connection, old_name)."""
    _configure(tmp, backend, auto_update)
    return import_bench.setup_django(tmp)


def reuse(kept, backend="ours", index_prefix=None):
    """Settings as ``setup``, on the database a run with ``--keep`` left: the SQLite file in the folder
    ``kept``, or the PostgreSQL database whose URL ``kept`` is; on OpenSearch, the indexes named by
    ``index_prefix`` (kept by that run too), or new ones to build."""
    if str(kept).startswith("postgres"):
        os.environ["DATABASE_URL"] = str(kept)
        tmp = Path(tempfile.mkdtemp(prefix="wucheng-latency-bench-"))
    else:
        tmp = Path(kept)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    _configure(tmp, backend, auto_update=False, index_prefix=index_prefix)
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


def sizes():
    """[(what, bytes)]: the search index and the whole database, for docs/capacity.md.

    SQLite: the tables and indexes of modelsearch's entries (and their FTS5 tables) (``dbstat``) and the database file;
    PostgreSQL: ``pg_total_relation_size`` of the index tables (with their GIN indexes) and
    ``pg_database_size``; OpenSearch/Elasticsearch: this run's indexes (primary store, no replica on
    one node) besides the database."""
    from django.conf import settings
    from django.db import connection
    from wagtail.search.models import IndexEntry

    table = IndexEntry._meta.db_table  # wagtailsearch_indexentry (and its _fts tables on SQLite)
    result = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name LIKE %s)",
                [f"{table}%"],
            )
            index_bytes = cursor.fetchone()[0] or 0
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            database_bytes = pages * cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE %s",
                [f"{table}%"],
            )
            index_bytes = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            database_bytes = cursor.fetchone()[0]
    config = settings.WAGTAILSEARCH_BACKENDS["default"]
    if config.get("INDEX_PREFIX", "").startswith("wucheng_bench_"):
        from wagtail.search.backends import get_search_backend

        es = get_search_backend().es
        stats = es.indices.stats(index=f"{config['INDEX_PREFIX']}*", metric="store,docs")
        primaries = stats["_all"]["primaries"]
        result.append(
            (
                f"search engine indexes ({primaries['docs']['count']} documents)",
                primaries["store"]["size_in_bytes"],
            )
        )
    result.append((f"database search tables ({table}*)", index_bytes))
    result.append(("database", database_bytes))
    return result


def print_sizes():
    for what, size in sizes():
        print(f"size:     {what}: {size / 2**20:.1f} MiB")


def memoise_segmentation():
    """Remember jieba's words per run of Han characters for the rest of the process.

    The generated disclosures repeat their phrases (organisation names, projects, years), and jieba is
    pure Python: most of an index build's CPU. Memoised, the index is the same (jieba is a function of
    the run) and builds several times faster — but its build time no longer says what a real import
    costs, so the bench prints that it was memoised."""
    from functools import lru_cache

    from search import segmentation

    class MemoisedJieba:
        def __init__(self, jieba):
            self._jieba = jieba
            self._cut = lru_cache(maxsize=500_000)(lambda text, hmm: tuple(jieba.cut(text, HMM=hmm)))
            self._cut_for_search = lru_cache(maxsize=500_000)(
                lambda text, hmm: tuple(jieba.cut_for_search(text, HMM=hmm))
            )

        def cut(self, text, HMM=True):  # noqa: N803 - jieba's name
            return iter(self._cut(text, HMM))

        def cut_for_search(self, text, HMM=True):  # noqa: N803 - jieba's name
            return iter(self._cut_for_search(text, HMM))

        def __getattr__(self, name):
            return getattr(self._jieba, name)

    segmentation.jieba = MemoisedJieba(segmentation.jieba)


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * fraction
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def index_prefix():
    """This run's OpenSearch index prefix, or None on the database backend."""
    from django.conf import settings

    return settings.WAGTAILSEARCH_BACKENDS["default"].get("INDEX_PREFIX")


def teardown(connection, old_name, tmp, keep):
    """Delete this run's search indexes (OpenSearch), then the throwaway database and folder."""
    if keep and index_prefix():
        print(f"kept the search indexes: --index-prefix {index_prefix()}")
    elif connection is not None:
        try:
            drop_search_indexes()
        except Exception as error:  # noqa: BLE001 - cleanup must not hide the real outcome
            print(f"could not delete the search indexes: {error}")
    import_bench.teardown(connection, old_name, tmp, keep)


# Disclosures written per pair of INSERTs (create_pages).
BATCH = 500


def create_pages(path, index, progress_every=10_000):
    """The generated JSONL (``import_bench.generate``) as pages under ``index`` (a DisclosureIndexPage),
    in bulk, without revisions. Returns ([organisation pages], number of disclosures).

    Organisations go through treebeard's ``add_child`` (a few hundred). Disclosures are written with
    two multi-row INSERTs per batch of 500 — the ``wagtailcore_page`` rows (``bulk_create``, which
    returns their ids), then the ``disclosures_disclosurepage`` rows — with the tree paths computed
    here (``Page._get_path``) and each organisation's ``numchild`` set once at the end: ``add_child``
    costs about four queries a page (last child, insert page, insert disclosure, parent's numchild),
    which made building 100,000 pages take longer than indexing them. The result is the tree
    ``add_child`` would build (checked with ``Page.find_problems()`` in ``--check-tree``).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail.models import Page
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from disclosures.figures import FIGURE_FIELDS
    from disclosures.import_lines import body_html
    from disclosures.models import DisclosurePage, OrganisationPage
    from disclosures.signals import summaries_suspended

    now = datetime.datetime.now(datetime.UTC)
    content_type = ContentType.objects.get_for_model(DisclosurePage)
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    local_fields = DisclosurePage._meta.local_concrete_fields
    organisations, children, created = {}, defaultdict(int), 0
    lines = path.read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    with disable_reference_index_auto_update(), summaries_suspended():
        for start in range(0, len(lines), BATCH):
            batch = []
            with transaction.atomic():
                for number, raw in enumerate(lines[start : start + BATCH], start=start):
                    line = json.loads(raw)
                    org = line["organization"]
                    parent = organisations.get(org["credit_code"])
                    if parent is None:
                        parent = OrganisationPage(
                            title=org["name"],
                            slug=slugify(org["credit_code"].lower()),
                            credit_code=org["credit_code"],
                            kind=org["kind"],
                            registered_on=org["registered_on"],
                            public_fundraising=org["public_fundraising"],
                            first_published_at=now,
                            last_published_at=now,
                        )
                        index.add_child(instance=parent)
                        organisations[org["credit_code"]] = parent
                    children[parent.pk] += 1
                    slug = f"{line['year']}-{line['type'].replace('_', '-')}-{number}"
                    batch.append(
                        DisclosurePage(
                            title=line["title"],
                            draft_title=line["title"],
                            slug=slug,
                            path=Page._get_path(parent.path, parent.depth + 1, children[parent.pk]),
                            depth=parent.depth + 1,
                            numchild=0,
                            url_path=f"{parent.url_path}{slug}/",
                            locale_id=parent.locale_id,
                            content_type=content_type,
                            live=True,
                            disclosure_type=line["type"],
                            year=line["year"],
                            declared_on=line["published_on"],
                            declared_where="bench",
                            body=body_html(line["body"]),
                            first_published_at=now,
                            last_published_at=now,
                            **{name: money(line["figures"].get(name)) for name in FIGURE_FIELDS},
                        )
                    )
                bases = Page.objects.bulk_create(
                    [Page(**{name: getattr(page, name) for name in base_fields}) for page in batch]
                )
                for page, base in zip(batch, bases, strict=True):
                    page.page_ptr_id = page.pk = base.pk
                DisclosurePage._base_manager._insert(batch, fields=local_fields)
            created += len(batch)
            if progress_every and created % progress_every < BATCH:
                rate = created / (time.perf_counter() - started)
                print(f"  … {created} pages ({rate:.0f}/s)", flush=True)
        for pk, n in children.items():
            OrganisationPage.objects.filter(pk=pk).update(numchild=n)
    return list(organisations.values()), created


def money(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
