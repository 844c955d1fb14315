"""OpenSearch (``SEARCH_BACKEND=opensearch``) and Elasticsearch (``elasticsearch``) with the same
Chinese handling as the database backend.

Rather than a second, engine-specific Chinese analysis (which would segment differently from the
database backend and cannot fold traditional characters without extra plugins), documents and
queries go through the same Python pipeline (``search.segmentation``): searchable text is stored
segmented and normalised, and the index's default analyzer only splits on whitespace and lower-cases.
Both engines therefore match the same words; only ranking (BM25 on each engine) differs.

Autocomplete fields keep Wagtail's edge-ngram analysis, on normalised text.
"""

import os

from modelsearch.backends import elasticsearch8, opensearch2
from modelsearch.index import AutocompleteField, SearchField

from ..segmentation import index_text, normalise
from . import SegmentedQueryMixin, split_exclusions

ANALYSIS = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Text arrives segmented (words and bigrams separated by spaces) and normalised.
                "default": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            },
        },
    },
}


def _deep_map(value, function):
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [_deep_map(item, function) for item in value]
    return value


class SegmentingMappingMixin:
    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, AutocompleteField):
            return name, _deep_map(value, normalise), [_deep_map(v, normalise) for v in edgengrams]
        if isinstance(field, SearchField):
            return name, _deep_map(value, index_text), edgengrams
        return name, value, edgengrams


class RefreshingIndexMixin:
    """With ``REFRESH_ON_WRITE`` (tests), every write is searchable at once instead of after the
    engine's refresh interval."""

    def _refreshed(self, result):
        if getattr(self.backend, "refresh_on_write", False):
            self.refresh()
        return result

    def add_item(self, item):
        return self._refreshed(super().add_item(item))

    def add_items(self, model, items):
        return self._refreshed(super().add_items(model, items))

    def delete_item(self, item):
        return self._refreshed(super().delete_item(item))


# One client per configuration and process (see BackendMixin).
_clients = {}


class BackendMixin:
    """Our analysis settings, REFRESH_ON_WRITE, and one engine client per process.

    Wagtail builds a new backend — and so a new client with its own connection pool — for every
    ``.search()``: each search request then opened a new connection to the engine. The client is
    kept per configuration and process id (a forked worker must not share its parent's sockets),
    so requests reuse a kept-alive connection."""

    def __init__(self, params):
        params = dict(params)
        self.refresh_on_write = params.pop("REFRESH_ON_WRITE", False)
        index_settings = params.pop("INDEX_SETTINGS", {})
        super().__init__({**params, "INDEX_SETTINGS": _merge(ANALYSIS, index_settings)})
        key = (type(self), os.getpid(), repr(sorted(params.items(), key=lambda item: item[0])))
        self.es = _clients.setdefault(key, self.es)


def _merge(base, extra):
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and key in merged else value
    return merged


class ExclusionMixin:
    """Excluded words exclude a document whatever field they are in.

    Wagtail compiles the whole query once per field and takes the best field (``dis_max``), so
    "助浴 -体检" would still match a title without 体检 even when the body has it. We compile the
    wanted part as usual and add the exclusions as ``must_not`` over every field.
    """

    def get_inner_query(self):
        positive, unwanted = split_exclusions(self.query)
        if not unwanted:
            return super().get_inner_query()
        fields = self.remapped_fields
        return {
            "bool": {
                "must": [self._join_and_compile_queries(positive, fields)],
                "must_not": [self._compile_query(q, field) for q in unwanted for field in fields],
            }
        }


class BoundedResultsMixin:
    """For search results the search view bounds (``bounded``): one engine request per page of results.

    Wagtail's results send a ``_count`` request (which visits every match) and a search request for
    the page of results, and the facets need the best ids as well: three round trips. Bounded, one
    search request asks for the best ``prefetch`` primary keys (from doc values) with the total counted
    up to ``limit + 1`` (``track_total_hits``: past it the engine may skip documents that cannot
    reach the top, instead of scoring every match); the count, the page of results (loaded from the
    database by primary key) and the facets' ids all come from it. A page past the prefetched ids
    asks again for as many as it needs. Unbounded results (the admin's page search, the API) are
    Wagtail's own.
    """

    def bounded(self, limit, prefetch=0):
        """Count up to ``limit`` matches and fetch the best ``prefetch`` ids with the first request.
        Call before reading any results (the state lives on this search's query compiler)."""
        compiler = self.query_compiler
        compiler.match_limit, compiler.prefetch = limit, prefetch
        return self

    def _bounded_hits(self, needed):
        compiler = self.query_compiler
        hits = getattr(compiler, "_bounded_hits", None)
        if hits is None or (needed > len(hits["pks"]) and hits["complete"] is False):
            limit = compiler.match_limit
            size = min(max(needed, compiler.prefetch, 1), limit)
            response = self._backend_do_search(
                {**self._get_es_body(), "track_total_hits": limit + 1},
                index=self.backend.get_index_for_model(compiler.queryset.model).name,
                _source=False,
                size=size,
                # The pk from doc values, no stored field at all (not even _id): for 500 hits the
                # engine took 3 ms instead of 13 ms reading stored fields (measured at 100,000).
                stored_fields="_none_",
                docvalue_fields=["pk"],
                filter_path=["hits.total", "hits.hits.fields"],
            )
            found = response["hits"]
            total = found["total"]["value"]
            pks = [int(hit["fields"]["pk"][0]) for hit in found.get("hits", [])]
            hits = compiler._bounded_hits = {
                "pks": pks,
                "count": min(total, limit),
                "lower_bound": total > limit,
                "complete": len(pks) < size or size == limit,
            }
        return hits

    def _is_bounded(self):
        return getattr(self.query_compiler, "match_limit", None) is not None and self._score_field is None

    def _do_search(self):
        if not self._is_bounded():
            return super()._do_search()
        stop = self.query_compiler.match_limit if self.stop is None else self.stop
        window = self._bounded_hits(stop)["pks"][self.start : stop]
        objects = self.query_compiler.queryset.in_bulk(window)
        return [objects[pk] for pk in window if pk in objects]

    def _do_count(self):
        if not self._is_bounded():
            return super()._do_count()
        count = self._bounded_hits(0)["count"]
        end = count if self.stop is None else min(count, self.stop)
        return max(end - self.start, 0)

    def count_is_lower_bound(self):
        return self._is_bounded() and self._bounded_hits(0)["lower_bound"]

    def best_pks(self, limit):
        """The primary keys of the best ``limit`` matches, without loading the pages (the facets)."""
        if not self._is_bounded():
            return None
        return self._bounded_hits(limit)["pks"][:limit]


class OpenSearchResults(BoundedResultsMixin, opensearch2.OpenSearch2SearchResults):
    pass


class ElasticsearchResults(BoundedResultsMixin, elasticsearch8.Elasticsearch8SearchResults):
    pass


class OpenSearchMapping(SegmentingMappingMixin, opensearch2.OpenSearch2Mapping):
    pass


class OpenSearchIndex(RefreshingIndexMixin, opensearch2.OpenSearch2Index):
    pass


class OpenSearchQueryCompiler(
    SegmentedQueryMixin, ExclusionMixin, opensearch2.OpenSearch2SearchQueryCompiler
):
    mapping_class = OpenSearchMapping


class OpenSearchAutocompleteCompiler(opensearch2.OpenSearch2AutocompleteQueryCompiler):
    mapping_class = OpenSearchMapping

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query.query_string = normalise(self.query.query_string)


class ChineseOpenSearchBackend(BackendMixin, opensearch2.OpenSearch2SearchBackend):
    mapping_class = OpenSearchMapping
    index_class = OpenSearchIndex
    query_compiler_class = OpenSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteCompiler
    results_class = OpenSearchResults


class ElasticsearchMapping(SegmentingMappingMixin, elasticsearch8.Elasticsearch8Mapping):
    pass


class ElasticsearchIndex(RefreshingIndexMixin, elasticsearch8.Elasticsearch8Index):
    pass


class ElasticsearchQueryCompiler(
    SegmentedQueryMixin, ExclusionMixin, elasticsearch8.Elasticsearch8SearchQueryCompiler
):
    mapping_class = ElasticsearchMapping


class ChineseElasticsearchBackend(BackendMixin, elasticsearch8.Elasticsearch8SearchBackend):
    mapping_class = ElasticsearchMapping
    index_class = ElasticsearchIndex
    query_compiler_class = ElasticsearchQueryCompiler
    results_class = ElasticsearchResults


SearchBackend = ChineseOpenSearchBackend
