"""A report sent through the public form reaches civil-affairs staff and nothing public.

The report's unique text and the reporter's name and contact are looked for in every public output:
pages (every page the sitemap lists), feeds, search (HTML and JSON), the pages API and open data
(tests/privacy.py).
"""

import pytest
from django.urls import reverse

from accounts import roles
from disclosures import opendata
from oversight.models import Report
from tests.factories import login, make_user
from tests.privacy import leaks, public_outputs

pytestmark = pytest.mark.django_db

SECRETS = ("举报密文QZ8独特", "吕秘密举报人", "secret-reporter@example.invalid")


@pytest.fixture
def sent_report(client, report_url, org_b):
    response = client.post(
        report_url,
        {
            "organisation": org_b.pk,
            "description": f"{SECRETS[0]}：善款去向不明。",
            "reporter_name": SECRETS[1],
            "reporter_contact": SECRETS[2],
            "consent": "on",
        },
    )
    assert response.status_code == 303  # to the thanks page (docs/public-forms.md)
    return Report.objects.get(description__startswith=SECRETS[0])


def test_a_public_report_never_appears_in_any_public_output(
    client, sent_report, oversight, org_b, english_oversight
):
    outputs = public_outputs(
        client,
        search_terms=SECRETS + ("善款去向不明", sent_report.reference),
        extra_urls=[
            oversight.url,
            english_oversight.url,
            org_b.url,
            oversight.url + oversight.reverse_subpage("report"),
            oversight.url + oversight.reverse_subpage("report_status"),
            f"/api/v2/pages/{org_b.pk}/",
            "/open-data/",
            *(f"/open-data/{name}.{ext}" for name in opendata.DATASETS for ext in ("csv", "json")),
        ],
        sitemap_pages=True,
    )
    assert leaks(outputs, SECRETS + (sent_report.reference,)) == []
    assert len(outputs) > 30  # the sitemap's pages were really fetched


def test_search_finds_nothing_of_a_public_report(client, sent_report):
    """Search echoes the query, so here the results are checked: none, and nothing of the report in them."""
    client.logout()
    for query in SECRETS + ("善款去向不明", sent_report.reference):
        for prefix in ("", "/en"):
            data = client.get(f"{prefix}/search/", {"q": query, "format": "json"}).json()
            assert data["total"] == 0, query
            html = client.get(f"{prefix}/search/", {"q": query})
            assert html.status_code == 200
            assert html.context["total"] == 0, query
            page_text = html.content.decode().replace(query, "")
            assert not any(secret in page_text for secret in SECRETS + (sent_report.reference,)), query


def test_the_statistics_count_the_report_and_name_nothing(client, sent_report, oversight):
    content = client.get(oversight.url).content.decode()
    assert '<th scope="row">' in content
    for secret in SECRETS + (sent_report.reference, org_b_name := sent_report.organisation.title):
        if secret == org_b_name:
            # The organisation may be named elsewhere on the page (inspection results), but not in
            # the statistics table.
            table = content.split('id="statistics-caption"', 1)[1].split("</table>", 1)[0]
            assert secret not in table
        else:
            assert secret not in content


def test_civil_affairs_staff_see_the_report_and_others_do_not(client, sent_report, org_b):
    from disclosures.accounts import create_organisation_account

    org_user, _ = create_organisation_account(org_b, "org-b-user")
    users = {
        "civil-affairs reviewer": (make_user("rev", roles.CIVIL_AFFAIRS_REVIEWERS), True),
        "superuser": (make_user("root", superuser=True), True),
        "site administrator": (make_user("sa", roles.SITE_ADMINS), False),
        "propaganda editor": (make_user("ed", roles.PROPAGANDA_EDITORS), False),
        "propaganda approver": (make_user("ap", roles.PROPAGANDA_APPROVERS), False),
        "award committee chair": (make_user("ch", roles.AWARD_COMMITTEE_CHAIR), False),
        "award committee member": (make_user("me", roles.AWARD_COMMITTEE_MEMBERS), False),
        "the organisation's own user": (org_user, False),
    }
    listing = reverse("oversight_reports:index")
    detail = reverse("oversight_reports:inspect", args=[sent_report.pk])
    for role, (user, may_see) in users.items():
        login(client, user)
        response = client.get(listing)
        content = response.content.decode()
        assert (response.status_code == 200) == may_see, role
        assert (sent_report.reference in content) == may_see, role
        response = client.get(detail)
        assert (response.status_code == 200) == may_see, role
        assert (SECRETS[1] in response.content.decode()) == may_see, role
        # Nor on the admin pages they do reach: dashboard, the organisation's page in the explorer.
        for url in ("/admin/", f"/admin/pages/{org_b.pk}/", f"/admin/pages/{org_b.pk}/edit/"):
            if not may_see:
                assert SECRETS[0] not in client.get(url).content.decode(), (role, url)
