"""The embedded search backend: Wagtail's database backend (modelsearch) with Chinese segmentation.

Configured as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", ...}}`` — like
``wagtail.search.backends.database`` it picks the SQLite (FTS5) or PostgreSQL implementation for
the default database. PostgreSQL uses the ``simple`` text-search configuration: the text arrives
already segmented, so no language stemming is wanted.

Extension points used (modelsearch 1.3.2, pinned in requirements.txt; tests/search/test_backend.py
fails when the pieces we rely on change):

* ``ObjectIndexer.prepare_value`` — every indexed value passes through it; we segment there;
* the index's ``add_items`` builds indexers through the module-level name ``ObjectIndexer``; we reuse
  the upstream function with that one global rebound to our indexer (no copy of its code);
* the query compilers' ``__init__`` — we rewrite the parsed query once, so every later step
  (matching, ranking, autocomplete) sees segmented words.
"""

import types

from django.db import connection
from django.db.models import CharField, Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from modelsearch.query import And, Not, Phrase

from ..segmentation import index_text, segment_query

MODELSEARCH_VERSION = "1.3.2"

# What a query with nothing searchable left becomes: a phrase no index can contain.
NO_MATCH = Phrase("zzqx0 zzqx1")


def rebind_globals(function, **names):
    """``function`` with some of its global names bound to other objects (its code unchanged)."""
    namespace = dict(function.__globals__)
    namespace.update(names)
    rebound = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    rebound.__doc__ = function.__doc__
    rebound.__qualname__ = function.__qualname__
    return rebound


class SegmentingMixin:
    """For ObjectIndexer subclasses: every indexed value is segmented, once.

    modelsearch prepares the items of a list or dict (rich text gives a list) through this same method
    and joins them: the joined text is segmented already. The indexer prepares every field of the
    object once for each of title, body and autocomplete: a field's values are kept for the indexer's
    life, and so is a text's segmentation (a title is a search and an autocomplete field)."""

    def prepare_field(self, obj, field):
        if obj is not self.obj:  # a related object's field: prepared within its RelatedFields
            yield from super().prepare_field(obj, field)
            return
        prepared = self.__dict__.setdefault("_prepared", {})
        if id(field) not in prepared:  # the fields of self.search_fields, alive as long as the indexer
            prepared[id(field)] = list(super().prepare_field(obj, field))
        yield from prepared[id(field)]

    def prepare_value(self, value):
        if isinstance(value, list | dict):
            return super().prepare_value(value)
        text = super().prepare_value(value)
        segmented = self.__dict__.setdefault("_segmented", {})
        if text not in segmented:
            segmented[text] = index_text(text)
        return segmented[text]


class SegmentedQueryMixin:
    """For query compilers: the parsed query is rewritten once into segmented words, each matching its
    synonym group as staff keep it in the admin (``search.synonyms``: read at query time, so a change
    needs no reindexing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..synonyms import synonym_map  # the models: not importable before the apps are ready

        segmented = segment_query(self.query, synonym_map())
        self.query = segmented if segmented is not None else NO_MATCH


class BoundedRankingMixin:
    """For query compilers with ``ranked_ids``: the bound the search view sets (``bounded``).

    ``match_limit`` None (the admin's page search, the API): every match is ranked and counted.
    Otherwise ``ranked_ids`` returns at most ``match_limit`` ids and sets ``more_matches`` when there
    were more."""

    match_limit = None
    more_matches = False
    # Bounded, the matches' ids in no particular order suffice (search/ranking.py asks which pages
    # have each word of a query): no scores are computed.
    ids_only = False


class RankedResultsMixin:
    """For search results: use the compiler's ``ranked_ids`` (ids best first, computed once) to
    count and to load only the requested window; fall back to modelsearch when it returns None."""

    def bounded(self, limit, prefetch=0):
        """Rank and count at most ``limit`` matches (the ranking holds the ids: ``prefetch`` is for
        the engines that fetch them separately). Call before reading any results."""
        self.query_compiler.match_limit = limit
        return self

    def _ranked(self):
        ranked_ids = getattr(self.query_compiler, "ranked_ids", None)
        if ranked_ids is None or self._score_field is not None:
            return None  # autocomplete, or the caller wants scores: modelsearch's own way
        return ranked_ids(self.query_compiler.get_config(self.backend))

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        window = [int(pk) for pk in ranked[self.start : self.stop]]
        objects = self.query_compiler.queryset.in_bulk(window)
        return [objects[pk] for pk in window if pk in objects]

    def _do_count(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()
        end = len(ranked) if self.stop is None else min(len(ranked), self.stop)
        return max(end - self.start, 0)

    def count_is_lower_bound(self):
        """True when ranking stopped at the bound: there are more matches than counted."""
        return self._ranked() is not None and self.query_compiler.more_matches

    def best_pks(self, limit):
        """The primary keys of the best ``limit`` matches (the facets), or None."""
        ranked = self._ranked()
        return None if ranked is None else [int(pk) for pk in ranked[:limit]]


def split_exclusions(query):
    """(wanted query, [excluded queries]) of ``query``: exclusions must hold across all fields, while
    the engines match each field separately."""
    if isinstance(query, And):
        unwanted = [q.subquery for q in query.subqueries if isinstance(q, Not)]
        wanted = [q for q in query.subqueries if not isinstance(q, Not)]
        if unwanted and wanted:
            return (wanted[0] if len(wanted) == 1 else And(wanted)), unwanted
    return query, []


def allowed_object_ids(queryset):
    """The primary keys ``queryset`` allows, as text like the index entries' ``object_id``: a subquery
    for ``object_id__in``, so the database filters the matches (a list of thousands of ids as query
    parameters cost more in Django than the search itself)."""
    return queryset.order_by().annotate(_object_id=Cast("pk", output_field=CharField())).values("_object_id")


def allowed_exists(queryset, object_id):
    """``queryset`` allows the object whose id is the outer query's ``object_id`` (text): a correlated
    ``EXISTS`` that looks the page up by primary key. A bounded ranking reads about MATCH_LIMIT
    matches, one lookup each; with ``allowed_object_ids`` (``IN (subquery)``) SQLite first builds the
    set of every allowed page (100,000 rows: 50–220 ms at 100,000 disclosures)."""
    pk = queryset.model._meta.pk
    while pk.is_relation:  # a specific page's primary key is its page_ptr
        pk = pk.target_field
    target = IntegerField() if isinstance(pk, IntegerField) else CharField()
    return Exists(queryset.order_by().filter(pk=Cast(OuterRef(object_id), output_field=target)).values("pk"))


def by_rank(rows):
    """Ids of (object_id, score) ``rows`` — newest first — by score (lower is better, as BM25 in
    SQLite); the sort is stable, so equal scores stay newest first."""
    return once_each(object_id for object_id, _ in sorted(rows, key=lambda row: row[1]))


def once_each(object_ids):
    """``object_ids`` in order, without repeats."""
    return list(dict.fromkeys(object_ids))


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """The Chinese-aware backend for the default database's vendor (imported lazily: modelsearch's
    SQLite module cannot even be imported on PostgreSQL, and the other way round)."""
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    raise NotImplementedError(f"No Chinese-aware search backend for {connection.vendor}")
