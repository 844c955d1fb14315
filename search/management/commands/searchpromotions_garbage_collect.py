"""Wagtail's ``searchpromotions_garbage_collect``, which also deletes the searches without results
older than the retention: one daily command (deploy/systemd) for all the search statistics. Django
runs this one because the search app comes before ``wagtail.contrib.search_promotions`` in
INSTALLED_APPS (tests/search/test_zero_results.py checks it)."""

from wagtail.contrib.search_promotions.management.commands import searchpromotions_garbage_collect

from search.models import ZeroResultQuery


class Command(searchpromotions_garbage_collect.Command):
    def handle(self, **options):
        super().handle(**options)
        self.stdout.write("Cleaning searches without results…")
        ZeroResultQuery.garbage_collect()
        self.stdout.write("Done")
