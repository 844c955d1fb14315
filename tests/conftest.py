"""Shared fixtures.

The demo content (``load_demo``: both language trees, settings, navigation, roles) is loaded once per
test session into the test database; every test runs in a transaction rolled back afterwards, so
tests may change anything. Browser tests, which need a live server and so flush the database, run
last and load the demo content again for themselves.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-users", verbosity=0, stdout=StringIO())


def pytest_collection_modifyitems(config, items):
    # Browser tests flush the database (live server); keep them after the others.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


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
