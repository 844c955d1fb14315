"""The oversight section follows the civil-affairs roles and review workflow in every language tree."""

import pytest
from wagtail.models import GroupPagePermission, WorkflowPage

from accounts import roles
from oversight.models import OversightIndexPage

pytestmark = pytest.mark.django_db


def test_civil_affairs_reviewers_publish_in_the_oversight_section_of_both_trees():
    pages = list(OversightIndexPage.objects.all())
    assert {p.locale.language_code for p in pages} == {"zh-hans", "en"}
    for page in pages:
        granted = set(
            GroupPagePermission.objects.filter(page=page).values_list("group__name", "permission__codename")
        )
        assert granted == {
            (roles.CIVIL_AFFAIRS_REVIEWERS, f"{codename}_page")
            for codename in roles.PUBLISHER_PAGE_PERMISSIONS
        }
        assert WorkflowPage.objects.get(page=page).workflow.name == roles.CIVIL_AFFAIRS_REVIEW


def test_only_civil_affairs_reviewers_hold_report_permissions():
    from django.contrib.auth.models import Group

    holders = set(
        Group.objects.filter(permissions__content_type__app_label="oversight").values_list("name", flat=True)
    )
    assert holders == {roles.CIVIL_AFFAIRS_REVIEWERS}
