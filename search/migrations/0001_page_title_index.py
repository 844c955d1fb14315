"""An index on wagtailcore_page.title: the search page looks up a page whose title is exactly the
query (search.views.exact_matches) on every search, which at 100,000 pages was a full scan of the
page table (250 ms on SQLite). Wagtail has no index on the title, and another app's model cannot
get one through Django's AddIndex, hence plain SQL (the same on SQLite and PostgreSQL).

Depends on the newest wagtailcore migration so it runs after them; on SQLite a later Wagtail
migration that rebuilds the page table would drop it, which tests/search/test_bounded.py notices.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX search_page_title ON wagtailcore_page (title)",
            reverse_sql="DROP INDEX search_page_title",
        )
    ]
