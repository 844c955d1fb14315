"""The Chinese-aware backend on PostgreSQL, with the ``simple`` text-search configuration: the text
arrives already segmented, so no language stemming is wanted."""

import json
from contextlib import contextmanager
from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import F, Q
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import And, Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from . import (
    BoundedRankingMixin,
    RankedResultsMixin,
    SegmentedQueryMixin,
    SegmentingMixin,
    allowed_exists,
    allowed_object_ids,
    once_each,
    rebind_globals,
    split_exclusions,
)


class PostgresIndexer(SegmentingMixin, postgres.ObjectIndexer):
    pass


class PostgresIndex(postgres.PostgresIndex):
    add_items = rebind_globals(postgres.PostgresIndex.add_items, ObjectIndexer=PostgresIndexer)
    # Runs of bulk additions in this process that have put off refreshing title norms (``deferred``).
    deferring = 0

    def _refresh_title_norms(self, full=False):
        # After every ``add_items`` modelsearch reads the whole index twice (the average title length,
        # then the entries still at the default norm, by a scan: title_norm has no index). An import
        # adds thousands of pages in hundreds of batches: at 100,000 pages those scans were most of
        # PostgreSQL's time. During ``deferred`` the new entries keep the default norm (1.0) and get
        # theirs once at the end, from the final average — what a refresh after the last batch would
        # have given them anyway, and within a fraction of a percent of the per-batch averages.
        if full or not PostgresIndex.deferring:
            super()._refresh_title_norms(full=full)


# Above this many matches a query is "broad" (慈善, 基金会 …): PostgreSQL then ranks by title only,
# newest first among equals. ts_rank reads a match's whole body vector (~15 µs a page), so ranking
# 10,000 bodies costs more than the rest of the request, and for a word found in nearly every page the
# body rank tells little anyway. See docs/search.md.
BROAD_QUERY_MATCHES = 2000


# A bounded search looks for title and body matches apart when PostgreSQL expects at most this many
# matching bodies (``RankOnceMixin._newest``).
FEW_BODY_MATCHES = 2000


class RankOnceMixin(BoundedRankingMixin):
    """Match and rank on the index table alone, once, so PostgreSQL can use its GIN indexes.

    modelsearch 1.3.2 joins every live page to its index entry and matches
    ``(title || body) @@ query``: the concatenation defeats the GIN indexes on ``title`` and
    ``body``, so every query scans all pages (EXPLAIN: Seq Scan + Nested Loop). Here
    ``title @@ q OR body @@ q`` runs on the index table (bitmap index scans), restricted to the pages
    the caller's queryset allows by a subquery, ranked with modelsearch's own ``ts_rank`` weights.

    Bounded (``match_limit``, the search page): ``_newest`` takes the newest ``match_limit + 1``
    matches (``ORDER BY id DESC LIMIT``: for a word on every page PostgreSQL walks the newest entries
    and stops, for a rare one it reads the bitmap of matches) with their title rank, which it
    computes for those rows only, and checks each against the queryset with ``EXISTS`` (a primary
    key lookup) instead of hashing every allowed page (360 ms at 100,000). More than ``match_limit``
    (a broad query): ordered by title rank, newest first among equals — the broad rule of
    ``BROAD_QUERY_MATCHES``, among the newest matches. Up to ``match_limit``: a second query adds the
    body ranks of those rows, and they are ordered as unbounded (the same order). 慈善 at 100,000
    disclosures: 2.2 s → 7 ms; a query with 600 matches 30 ms.
    """

    def ranked_ids(self, config):
        if hasattr(self, "_ranked_ids"):
            return self._ranked_ids
        if isinstance(self.query, MatchAll | Not | Fuzzy) or not self.order_by_relevance or self.fields:
            self._ranked_ids = None
            return None
        wanted, unwanted = split_exclusions(self.query)
        search_query = self.build_tsquery(wanted, config=config)
        if search_query is None:
            self._ranked_ids = []
            return self._ranked_ids
        title_rank = self.build_tsrank(F("title"), wanted, config=config) * F("title_norm")
        body_rank = self.build_tsrank(F("body"), wanted, config=config)
        entries = postgres.IndexEntry.objects.filter(
            content_type__in=get_descendants_content_types_pks(self.queryset.model)
        )
        for excluded in unwanted:
            excluded_query = self.build_tsquery(excluded, config=config)
            entries = entries.exclude(Q(title=excluded_query) | Q(body=excluded_query))
        every_word = self._every_word(wanted, config)
        matches = entries.filter(every_word or Q(title=search_query) | Q(body=search_query))
        if self.match_limit is None:
            self._ranked_ids = self._rank_all(
                matches.filter(object_id__in=allowed_object_ids(self.queryset)), title_rank, body_rank
            )
            return self._ranked_ids
        if every_word is not None:
            conditions = [every_word]
        elif self._few_in_bodies(entries.filter(body=search_query)):
            conditions = [Q(title=search_query), Q(body=search_query)]
        else:
            conditions = [Q(title=search_query) | Q(body=search_query)]
        newest = self._newest(entries, conditions, title_rank)
        self.more_matches = len(newest) > self.match_limit
        newest = newest[: self.match_limit]
        if self.ids_only:
            self._ranked_ids = once_each(object_id for _, object_id, _ in newest)
            return self._ranked_ids
        if self.more_matches:
            ordered = sorted(newest, key=lambda row: -row[2])  # stable: newest first among equals
        else:
            # As unbounded: title and body rank, then object_id descending (as text, like ORDER BY).
            # The body ranks in a second query: a broad query needs none (36 of its 43 ms in one).
            body = dict(
                postgres.IndexEntry.objects.filter(pk__in=[pk for pk, _, _ in newest])
                .annotate(body_rank=body_rank)
                .values_list("pk", "body_rank")
            )
            by_object_id = sorted(newest, key=lambda row: row[1], reverse=True)
            ordered = sorted(by_object_id, key=lambda row: -(row[2] + body[row[0]]))
        self._ranked_ids = once_each(object_id for _, object_id, _ in ordered)
        return self._ranked_ids

    def _every_word(self, wanted, config):
        """For a query of several words: each word in the title or the body, or None for one word.

        ``title @@ q OR body @@ q`` needs every word in one field, so "春晖 审计报告" missed a report
        whose title says 审计报告 and whose body names 春晖 (a disclosure's organisation name is in its
        body). modelsearch matches ``(title || body) @@ q``, which builds a vector per row and defeats
        the GIN indexes; ``AND`` over the words of ``(title @@ w OR body @@ w)`` means the same and
        PostgreSQL answers it from the indexes (a BitmapAnd of BitmapOrs)."""
        if not isinstance(wanted, And):
            return None
        return reduce(
            and_,
            (
                Q(title=tsquery) | Q(body=tsquery)
                for tsquery in (self.build_tsquery(w, config=config) for w in wanted.subqueries)
            ),
        )

    def _few_in_bodies(self, body_matches):
        """True when PostgreSQL expects at most FEW_BODY_MATCHES matching bodies (its statistics of
        the body vectors' words, ``EXPLAIN``: planned, not run)."""
        sql, params = body_matches.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return plan[0]["Plan"]["Plan Rows"] <= FEW_BODY_MATCHES

    def _newest(self, entries, conditions, title_rank):
        """(pk, object_id, title rank) of the newest ``match_limit + 1`` allowed entries matching any
        of ``conditions``, newest first: one query per condition, merged.

        Title and body apart when few bodies match (``_few_in_bodies``): PostgreSQL then walks the index
        of the newest titles alone (search/migrations/0002) and finds the bodies through their GIN
        index. With ``title @@ q OR body @@ q`` it walked the wide entry rows and read the body of
        every entry whose title did not match (65 ms for 审计, in one title in ten and no body, at
        100,000 disclosures). When many bodies match, apart is dearer: the body walk alone reads more
        rows before it has enough matches than the walk for either (春蕾: 145 ms against ~90 ms), so
        one condition. The newest matches of either are among the newest of each."""
        limit = self.match_limit + 1
        allowed = allowed_exists(self.queryset, "object_id")
        rows = {}
        for condition in conditions:
            found = (
                entries.filter(condition)
                .filter(allowed)
                .annotate(title_rank=title_rank)
                .order_by("-pk")
                .values_list("pk", "object_id", "title_rank")[:limit]
            )
            rows.update((row[0], row) for row in found)
        return [rows[pk] for pk in sorted(rows, reverse=True)[:limit]]

    def _rank_all(self, entries, title_rank, body_rank):
        """Every match, best first (the admin's page search, the API)."""
        broad = len(entries.values_list("pk", flat=True)[: BROAD_QUERY_MATCHES + 1]) > BROAD_QUERY_MATCHES
        rank = title_rank if broad else title_rank + body_rank
        return once_each(
            entries.annotate(rank=rank).order_by("-rank", "-object_id").values_list("object_id", flat=True)
        )


class PostgresQueryCompiler(SegmentedQueryMixin, RankOnceMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteCompiler(SegmentedQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresResults(RankedResultsMixin, postgres.PostgresSearchResults):
    pass


class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex

    @contextmanager
    def title_norms_deferred(self):
        """Bulk additions inside refresh title norms once, on leaving (``PostgresIndex``); the
        importer's run (disclosures/importing.py)."""
        PostgresIndex.deferring += 1
        try:
            yield
        finally:
            PostgresIndex.deferring -= 1
            if not PostgresIndex.deferring:
                self.get_index_for_model(None)._refresh_title_norms()

    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler
    results_class = PostgresResults

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})
