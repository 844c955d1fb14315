import pytest
from django.core.cache import cache

from oversight.models import InspectionRoundPage, OversightIndexPage


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache, which outlives the rolled-back database between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def oversight(home):
    return OversightIndexPage.objects.child_of(home).get()


@pytest.fixture
def english_oversight(oversight, english):
    return oversight.get_translation(english)


@pytest.fixture
def penalty_round(oversight):
    return InspectionRoundPage.objects.child_of(oversight).get(slug="2026-random-inspection")


@pytest.fixture
def report_url(oversight):
    return oversight.url + oversight.reverse_subpage("report")


@pytest.fixture
def status_url(oversight):
    return oversight.url + oversight.reverse_subpage("report_status")
