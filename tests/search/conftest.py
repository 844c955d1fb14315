import pytest
from django.conf import settings
from wagtail.models import Page


@pytest.fixture
def engine_forgets_this_tests_pages(db):
    """On OpenSearch the rolled-back pages of a test stay in the index, and SQLite gives their ids to
    the next test's pages: the stale documents of one test would be counted (and loaded) in the next.
    Remove this test's pages from the engine before the rollback. (For the tests that count matches:
    ``pytestmark = pytest.mark.usefixtures("engine_forgets_this_tests_pages")``.)"""
    baseline = Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    if settings.SEARCH_BACKEND == "database":
        return
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for page in Page.objects.filter(pk__gt=baseline).specific():
        backend.delete(page)
