import datetime

import pytest

from disclosures.models import DisclosurePage, OrganisationPage

ORG_A = "51330702MJ1A2B3C4M"  # 婺城区慈善总会 (demo)
ORG_B = "53330702MJ5D6E7F8T"  # 金华市婺城区春晖助学基金会 (demo)


@pytest.fixture
def org_a(db):
    return OrganisationPage.objects.get(credit_code=ORG_A, locale__language_code="zh-hans")


@pytest.fixture
def org_b(db):
    return OrganisationPage.objects.get(credit_code=ORG_B, locale__language_code="zh-hans")


def add_disclosure(org, title, publish=True, user=None, **fields):
    """A disclosure below ``org``; published unless ``publish`` is False (then a never-published draft)."""
    values = {
        "disclosure_type": "major_event",
        "year": 2025,
        "published_on": datetime.date(2025, 6, 1),
        "body": "<p>测试内容</p>",
    }
    values.update(fields)
    page = DisclosurePage(title=title, slug=f"test-{DisclosurePage.objects.count()}", live=False, **values)
    org.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page
