"""On PostgreSQL, an index of the search entries' titles, newest first: the search page's bounded
ranking (search/backends/postgres.py) walks the newest entries to find those whose title matches. On
the table itself each entry is a wide row (body vector and texts, ~5 kB): a word found in one title in
ten read ~10,000 rows (26,000 buffers, 65 ms at 100,000 disclosures). This index holds the few columns
the walk reads (title vector ~300 bytes), so PostgreSQL walks it alone (Index Only Scan: 490 buffers,
11 ms). Only PostgreSQL: SQLite's index table has no title vector (FTS5 holds it).
"""

from django.db import migrations

INDEX = "search_indexentry_newest_titles"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (id) "
            "INCLUDE (content_type_id, object_id, title_norm, title)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_page_title_index"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
