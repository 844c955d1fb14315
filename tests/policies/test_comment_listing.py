"""Public comments (names, contacts) are listable in the admin by civil-affairs staff only.

Found by the attacker's review: any admin user listed policy-comment references through the snippet
chooser and wagtail-localize's snippet API (wucheng_site/admin_guards.py now guards both)."""

import pytest
from django.urls import reverse

from accounts import roles
from disclosures.accounts import create_organisation_account
from tests.factories import login, make_user
from tests.policies.factories import make_comment
from tests.privacy import shown

CHOOSER = "wagtailsnippetchoosers_policies_policycomment"


@pytest.fixture
def comment(plan):
    return make_comment(plan, "建议增加社区慈善基金。", name="赵某某", contact="13912340000")


def listing_urls(comment):
    return {
        "snippet chooser": reverse(f"{CHOOSER}:choose"),
        "snippet chooser results": reverse(f"{CHOOSER}:choose_results"),
        "snippet chosen": reverse(f"{CHOOSER}:chosen", args=[comment.pk]),
        "localize snippet API": reverse(
            "wagtail_localize:snippets_api_listing", args=["policies", "policycomment"]
        ),
        "localize snippet API detail": reverse(
            "wagtail_localize:snippets_api_detail", args=["policies", "policycomment", comment.pk]
        ),
        "snippet listing": reverse("wagtailsnippets_policies_policycomment:list"),
    }


@pytest.fixture(params=["editor", "chair", "member", "siteadmin", "organisation"])
def outsider(request, org_a):
    groups = {
        "editor": roles.PROPAGANDA_EDITORS,
        "chair": roles.AWARD_COMMITTEE_CHAIR,
        "member": roles.AWARD_COMMITTEE_MEMBERS,
        "siteadmin": roles.SITE_ADMINS,
    }
    if request.param == "organisation":
        return create_organisation_account(org_a, "org-a")[0]
    return make_user(request.param, groups[request.param])


@pytest.mark.django_db
def test_other_roles_cannot_list_policy_comments_anywhere_in_the_admin(client, comment, outsider):
    login(client, outsider)
    for surface, url in listing_urls(comment).items():
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (surface, response.status_code)
        assert comment.reference not in shown(response), surface


@pytest.mark.django_db
def test_civil_affairs_reviewers_list_and_choose_comments(client, comment):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    for surface, url in listing_urls(comment).items():
        response = client.get(url)
        assert response.status_code == 200, surface
    assert comment.reference in shown(client.get(listing_urls(comment)["snippet chooser"]))
