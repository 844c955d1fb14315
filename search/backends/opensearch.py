"""OpenSearch (``SEARCH_BACKEND=opensearch``) and Elasticsearch (``elasticsearch``) with the same
Chinese handling as the database backend.

Rather than a second, engine-specific Chinese analysis (which would segment differently from the
database backend and cannot fold traditional characters without extra plugins), documents and
queries go through the same Python pipeline (``search.segmentation``): searchable text is stored
segmented and normalised, and the index's default analyzer only splits on whitespace and lower-cases.
Both engines therefore match the same words; only ranking (BM25 on each engine) differs.

Autocomplete fields keep Wagtail's edge-ngram analysis, on normalised text.
"""

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


class BackendMixin:
    def __init__(self, params):
        params = dict(params)
        self.refresh_on_write = params.pop("REFRESH_ON_WRITE", False)
        index_settings = params.pop("INDEX_SETTINGS", {})
        super().__init__({**params, "INDEX_SETTINGS": _merge(ANALYSIS, index_settings)})


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


class MatchingPksMixin:
    """For search results: the primary keys of the best ``limit`` matches in one request, without
    loading the pages. The facets need only ids; iterating ``results[:500]`` instead scrolls through
    the engine in pages of 100 and loads every page from the database (69 ms of a 110 ms request at
    3,000 disclosures)."""

    def matching_pks(self, limit):
        response = self._backend_do_search(
            self._get_es_body(),
            index=self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            _source=False,
            size=limit,
            **{self.fields_param_name: "pk"},
        )
        return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


class OpenSearchResults(MatchingPksMixin, opensearch2.OpenSearch2SearchResults):
    pass


class ElasticsearchResults(MatchingPksMixin, elasticsearch8.Elasticsearch8SearchResults):
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
