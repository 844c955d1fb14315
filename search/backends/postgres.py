"""The Chinese-aware backend on PostgreSQL, with the ``simple`` text-search configuration: the text
arrives already segmented, so no language stemming is wanted."""

from modelsearch.backends.database.postgres import postgres

from . import SegmentedQueryMixin, SegmentingMixin, rebind_globals


class PostgresIndexer(SegmentingMixin, postgres.ObjectIndexer):
    pass


class PostgresIndex(postgres.PostgresIndex):
    add_items = rebind_globals(postgres.PostgresIndex.add_items, ObjectIndexer=PostgresIndexer)


class PostgresQueryCompiler(SegmentedQueryMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteCompiler(SegmentedQueryMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})
