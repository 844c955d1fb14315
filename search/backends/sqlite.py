"""The Chinese-aware backend on SQLite (FTS5)."""

from modelsearch.backends.database.sqlite import sqlite

from . import SegmentedQueryMixin, SegmentingMixin, rebind_globals


class SQLiteIndexer(SegmentingMixin, sqlite.ObjectIndexer):
    pass


class SQLiteIndex(sqlite.SQLiteIndex):
    add_items = rebind_globals(sqlite.SQLiteIndex.add_items, ObjectIndexer=SQLiteIndexer)


class SQLiteQueryCompiler(SegmentedQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteCompiler(SegmentedQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler
