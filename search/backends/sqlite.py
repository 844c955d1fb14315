"""The Chinese-aware backend on SQLite (FTS5)."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from . import (
    BoundedRankingMixin,
    RankedResultsMixin,
    SegmentedQueryMixin,
    SegmentingMixin,
    allowed_exists,
    allowed_object_ids,
    by_rank,
    once_each,
    rebind_globals,
)


class SQLiteIndexer(SegmentingMixin, sqlite.ObjectIndexer):
    pass


class SQLiteIndex(sqlite.SQLiteIndex):
    add_items = rebind_globals(sqlite.SQLiteIndex.add_items, ObjectIndexer=SQLiteIndexer)


class RankOnceMixin(BoundedRankingMixin):
    """Rank the matches with one FTS query instead of one per result row.

    modelsearch 1.3.2 orders by relevance through a correlated subquery that runs the full-text match
    again for every matching page: seconds per query at 10,000 disclosures. Here the FTS table is
    queried once for the object ids the caller's queryset (live, public, language, filters) allows,
    with modelsearch's own BM25 expression, and only the requested window of pages is loaded.

    Bounded (``match_limit``, the search page), in two steps, because FTS5's ``bm25()`` first counts
    the documents of every word of the query by walking its whole posting list (35–80 ms a common
    word at 100,000 disclosures, ten words in a segmented two-word query) and then scores every row:

    1. the newest ``match_limit + 1`` matches, without scores (FTS5 reads its index in rowid order:
       2 ms for 慈善 at 100,000);
    2. up to ``match_limit`` matches: ranked by BM25 as unbounded (the same order). More (a broad
       query): no BM25; those whose title matches come first, shorter titles first (modelsearch's
       ``title_norm``), then the others, newest first — the rule PostgreSQL has applied to broad
       queries since it ranked them by title only (search/backends/postgres.py).
    """

    # Suggestions (the autocomplete compiler) are ranked by title length alone.
    autocomplete = False

    def ranked_ids(self, config):
        """Ids of the matching objects the queryset allows, best first; None when not applicable."""
        if hasattr(self, "_ranked_ids"):
            return self._ranked_ids
        query = normalize(self.query)
        if isinstance(query, MatchAll | Not) or not self.order_by_relevance:
            self._ranked_ids = None
            return None
        search_query = self.build_search_query(query, config=config)
        matches = sqlite.SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        ).filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
        score = self._build_rank_expression(self.get_search_vectors(), config)
        if self.match_limit is None:
            ranked = (
                matches.filter(index_entry__object_id__in=allowed_object_ids(self.queryset))
                .annotate(score=score)
                .order_by("score")
                .values_list("index_entry__object_id", flat=True)
            )
            self._ranked_ids = once_each(ranked)
            return self._ranked_ids
        newest = list(
            matches.filter(allowed_exists(self.queryset, "index_entry__object_id"))
            .order_by("-pk")
            .values_list("pk", "index_entry__object_id", "index_entry__title_norm")[: self.match_limit + 1]
        )
        self.more_matches = len(newest) > self.match_limit
        newest = newest[: self.match_limit]
        if not newest:
            self._ranked_ids = []
            return self._ranked_ids
        if self.ids_only:
            self._ranked_ids = once_each(object_id for _, object_id, _ in newest)
            return self._ranked_ids
        if self.autocomplete:
            # Every match has the typed words in its title (the autocomplete field): shorter first.
            self._ranked_ids = once_each(
                object_id for _, object_id, _ in sorted(newest, key=lambda row: -row[2])
            )
            return self._ranked_ids
        # Both second steps read only rows from the oldest of these on (rowid ≥ …, FTS5 seeks there).
        in_range = sqlite.SQLiteFTSIndexEntry.objects.filter(pk__gte=newest[-1][0])
        if not self.more_matches:
            scores = dict(
                in_range.filter(MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query))
                .annotate(score=score)
                .values_list("pk", "score")
            )
            self._ranked_ids = by_rank((object_id, scores[rowid]) for rowid, object_id, _ in newest)
            return self._ranked_ids
        in_title = set(in_range.filter(MatchExpression(["title"], search_query)).values_list("pk", flat=True))
        self._ranked_ids = once_each(
            object_id
            for _, object_id, _ in sorted(
                newest, key=lambda row: (0, -row[2]) if row[0] in in_title else (1, 0)
            )
        )
        return self._ranked_ids


class SQLiteQueryCompiler(SegmentedQueryMixin, RankOnceMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteCompiler(SegmentedQueryMixin, RankOnceMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    # Bounded, suggestions skip BM25 (for a prefix it counts the documents of every word with that
    # prefix: a second per keystroke at 100,000 disclosures): the shortest matching titles first.
    autocomplete = True


class SQLiteResults(RankedResultsMixin, sqlite.SQLiteSearchResults):
    pass


class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler
    results_class = SQLiteResults
