"""Shared fixtures.

The session's test database holds the real site skeleton only, built once by the product's own
``setup_site`` (both language trees with their sections, navigation, settings, roles): no demo content.
Every test builds the content it needs with the factories in tests/factories.py and
tests/<app>/factories.py, in a transaction rolled back afterwards, so no test depends on another's data
and the order does not matter (pytest-randomly shuffles it on every run; the seed is printed). Only the
demo smoke test (tests/demo) loads the demo content, inside its own transaction.

Browser tests share one non-flushing live server (tests/browser/conftest.py) and run after the other
database tests; tests that flush the database (``live_server``, ``transactional_db``) run last, since a
flush removes the skeleton too. Within each of those three groups the order is random.
"""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from tests.factories import make_organisation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("setup_site", "--hostname", "localhost", verbosity=0, stdout=StringIO())
        if settings.SEARCH_BACKEND != "database":
            # Create the engine's indexes with our mappings and analysis, then fill them.
            call_command("update_index", verbosity=0, stdout=StringIO(), stderr=StringIO())


def _flushes_database(item):
    marker = item.get_closest_marker("django_db")
    return bool(
        {"live_server", "transactional_db", "django_db_serialized_rollback"}
        & set(getattr(item, "fixturenames", ()))
        or (marker and marker.kwargs.get("transaction"))
    )


def pytest_collection_modifyitems(config, items):
    """Tests on the session's skeleton first, browser tests next, and tests that flush the database
    (which removes the skeleton) last of all; a stable sort, so the random order within each group
    that pytest-randomly chose stays."""
    items.sort(key=lambda item: (_flushes_database(item), item.get_closest_marker("browser") is not None))
    # pytest-django creates the test database only when a collected test is marked django_db; browser
    # tests reach it through the live server, so mark them too (otherwise `pytest -m browser` alone
    # would run against the development database).
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def search_statistics_start_empty():
    """Search hits wait in the process until a batch is written (search/query_log.py): a test's hits
    must neither reach another test's database nor be counted there. Nor may the names and popular
    searches the process keeps for searches without results (search/zero_results.py), nor the
    organisation names abbreviations are read against (search/abbreviations.py)."""
    from search import abbreviations, query_log, zero_results

    query_log.take_pending()
    zero_results.forget()
    abbreviations.forget_names()
    yield
    query_log.take_pending()
    zero_results.forget()
    abbreviations.forget_names()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def chinese():
    return Locale.objects.get(language_code="zh-hans")


def child(parent, slug):
    """The child page of ``parent`` with ``slug`` (specific)."""
    return Page.objects.child_of(parent).get(slug=slug).specific


ORG_A = "51330702MJ1A2B3C4M"
ORG_B = "53330702MJ5D6E7F8T"


@pytest.fixture
def org_a(db):
    """A published organisation with public-fundraising qualification and an account ``org-a``."""
    return make_organisation(
        "婺城区慈善总会",
        credit_code=ORG_A,
        public_fundraising=True,
        public_fundraising_since=datetime.date(2017, 3, 20),
        rating="5A",
        rating_year=2023,
        account="org-a",
    )


@pytest.fixture
def org_b(db):
    """A second published organisation (a foundation), with an account ``org-b``."""
    return make_organisation(
        "金华市婺城区春晖助学基金会", credit_code=ORG_B, kind="foundation", town="西关街道", account="org-b"
    )
