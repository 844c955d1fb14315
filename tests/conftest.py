"""Shared fixtures.

The demo content (``load_demo``: both language trees, settings, navigation, roles) is loaded once per
test session into the test database; every test runs in a transaction rolled back afterwards, so
tests may change anything. Browser tests only read, so they share this content through one
non-flushing live server (tests/browser/conftest.py) and run last; any test that flushes the
database (``live_server``, ``transactional_db``) is sorted after them.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale, Page, Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-users", verbosity=0, stdout=StringIO())
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
    """Tests that read the session's demo content first, browser tests next, and tests that flush the
    database (which would remove the demo content) last of all."""
    items.sort(key=lambda item: (_flushes_database(item), item.get_closest_marker("browser") is not None))
    # pytest-django creates the test database only when a collected test is marked django_db; browser
    # tests reach it through the live server, so mark them too (otherwise `pytest -m browser` alone
    # would run against the development database).
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


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


ORG_A = "51330702MJ1A2B3C4M"  # 婺城区慈善总会 (demo)
ORG_B = "53330702MJ5D6E7F8T"  # 金华市婺城区春晖助学基金会 (demo)


@pytest.fixture
def org_a(db):
    from disclosures.models import OrganisationPage

    return OrganisationPage.objects.get(credit_code=ORG_A, locale__language_code="zh-hans")


@pytest.fixture
def org_b(db):
    from disclosures.models import OrganisationPage

    return OrganisationPage.objects.get(credit_code=ORG_B, locale__language_code="zh-hans")
