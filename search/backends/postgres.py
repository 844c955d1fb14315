"""The Chinese-aware backend on PostgreSQL, with the ``simple`` text-search configuration: the text
arrives already segmented, so no language stemming is wanted."""

from django.db.models import F, Q
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from . import (
    RankedResultsMixin,
    SegmentedQueryMixin,
    SegmentingMixin,
    allowed_object_ids,
    once_each,
    rebind_globals,
    split_exclusions,
)


class PostgresIndexer(SegmentingMixin, postgres.ObjectIndexer):
    pass


class PostgresIndex(postgres.PostgresIndex):
    add_items = rebind_globals(postgres.PostgresIndex.add_items, ObjectIndexer=PostgresIndexer)


# Above this many matches a query is "broad" (慈善, 基金会 …): PostgreSQL then ranks by title only,
# newest first among equals. ts_rank reads a match's whole body vector (~15 µs a page), so ranking
# 10,000 bodies costs more than the rest of the request, and for a word found in nearly every page the
# body rank tells little anyway. See docs/search.md.
BROAD_QUERY_MATCHES = 2000


class RankOnceMixin:
    """Match and rank on the index table alone, once, so PostgreSQL can use its GIN indexes.

    modelsearch 1.3.2 joins every live page to its index entry and matches
    ``(title || body) @@ query``: the concatenation defeats the GIN indexes on ``title`` and
    ``body``, so every query scans all pages (EXPLAIN: Seq Scan + Nested Loop). Here
    ``title @@ q OR body @@ q`` runs on the index table (bitmap index scans), restricted to the pages
    the caller's queryset allows by a subquery, ranked with modelsearch's own ``ts_rank`` weights.
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
        entries = (
            postgres.IndexEntry.objects.filter(
                content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .filter(Q(title=search_query) | Q(body=search_query))
            .filter(object_id__in=allowed_object_ids(self.queryset))
        )
        for excluded in unwanted:
            excluded_query = self.build_tsquery(excluded, config=config)
            entries = entries.exclude(Q(title=excluded_query) | Q(body=excluded_query))
        broad = len(entries.values_list("pk", flat=True)[: BROAD_QUERY_MATCHES + 1]) > BROAD_QUERY_MATCHES
        rank = title_rank if broad else title_rank + self.build_tsrank(F("body"), wanted, config=config)
        self._ranked_ids = once_each(
            entries.annotate(rank=rank).order_by("-rank", "-object_id").values_list("object_id", flat=True)
        )
        return self._ranked_ids


class PostgresQueryCompiler(SegmentedQueryMixin, RankOnceMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteCompiler(SegmentedQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresResults(RankedResultsMixin, postgres.PostgresSearchResults):
    pass


class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler
    results_class = PostgresResults

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})
