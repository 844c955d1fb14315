import pytest

from policies.models import PolicyDocumentPage


@pytest.fixture
def plan(db):
    return PolicyDocumentPage.objects.get(slug="charity-development-plan", locale__language_code="zh-hans")
