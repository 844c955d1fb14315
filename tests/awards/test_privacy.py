"""A nomination sent through the public form reaches the committee and nothing public: not the home
page, search (HTML and JSON), the sitemap, the API or any page source — and once shortlisted, only
its public fields appear, on the notice page."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import decisions, phases
from awards.models import Assignment, Nomination
from tests.awards.factories import make_edition, set_phase
from tests.factories import login
from tests.privacy import public_outputs

pytestmark = pytest.mark.django_db

NOMINEE = "邵秘密被提名人"
CONTACT = "13912345678"
NOMINATOR = "卢秘密提名人"
DEEDS = "这是一段只应由评审委员会看到的独特事迹描述甲乙丙。"


@pytest.fixture
def submitted(client):
    cache.clear()
    edition = make_edition(phases.Phase.NOMINATION, slug="privacy")
    response = client.post(
        edition.url + "nominate/",
        {
            "category": edition.categories.get(nominee_kind="individual").pk,
            "nominee_name": NOMINEE,
            "nominee_kind": "individual",
            "locality": "城中街道",
            "deeds": DEEDS,
            "nominator_name": NOMINATOR,
            "nominator_contact": CONTACT,
            "consent": "on",
        },
    )
    assert response.status_code == 303  # to the thanks page (docs/public-forms.md)
    return Nomination.objects.get(nominee_name=NOMINEE)


def public_responses(client, nomination):
    """(url, text) of every public output (tests/privacy.py), searching for the nomination's data."""
    return public_outputs(
        client,
        search_terms=(NOMINEE, CONTACT, NOMINATOR, "甲乙丙", nomination.reference),
        extra_urls=["/awards/", nomination.edition.url, "/awards/winners/"],
    )


SECRETS = (NOMINEE, CONTACT, NOMINATOR, "甲乙丙")


def test_a_new_nomination_appears_nowhere_public(client, submitted):
    for url, body in public_responses(client, submitted):
        for secret in SECRETS + (submitted.reference,):
            assert secret not in body, f"{secret} leaked on {url}"


def test_search_json_finds_nothing_of_a_nomination(client, submitted):
    for term in (NOMINEE, CONTACT):
        data = json.loads(client.get("/search/", {"q": term, "format": "json"}).content)
        assert data["total"] == 0, term


def test_the_nomination_appears_in_the_admin_for_the_chair_and_its_assigned_member(
    client, submitted, chair, member
):
    for user, visible in ((chair, True), (member, False)):
        client.logout()
        login(client, user)
        assert (NOMINEE in client.get(reverse("award_review:index")).content.decode()) is visible
    Assignment.objects.create(nomination=submitted, member=member)
    assert NOMINEE in client.get(reverse("award_review:index")).content.decode()


def test_once_shortlisted_only_the_public_fields_are_shown_on_the_notice(client, submitted, chair):
    edition = submitted.edition
    set_phase(edition, phases.Phase.REVIEW)
    decisions.decide(submitted, "admit", chair)
    decisions.decide(submitted, "shortlist", chair, public_summary="长期资助困难学生。")
    set_phase(edition, phases.Phase.NOTICE)
    notice = decisions.publish_shortlist(edition, chair)
    html = client.get(notice.url).content.decode()
    assert NOMINEE in html and "长期资助困难学生" in html
    for secret in (CONTACT, NOMINATOR, "甲乙丙", submitted.reference):
        assert secret not in html
    api = client.get(f"/api/v2/pages/{notice.pk}/").content.decode()
    for secret in (CONTACT, NOMINATOR, "甲乙丙"):
        assert secret not in api
    for url, body in public_responses(client, submitted):
        for secret in (CONTACT, NOMINATOR, "甲乙丙"):
            assert secret not in body, f"{secret} leaked on {url}"


def test_an_objection_stays_private(client, chair):
    cache.clear()
    edition = make_edition(phases.Phase.NOTICE, slug="objection")
    from tests.awards.factories import make_nomination

    nomination = make_nomination(edition, status="shortlisted")
    notice = decisions.publish_shortlist(edition, chair)
    response = client.post(
        notice.url + "objection/",
        {
            "nomination": nomination.pk,
            "grounds": "异议理由丁戊己，请核实事迹。",
            "name": "何异议",
            "contact": "13600001111",
            "consent": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    objection = nomination.objections.get()
    assert objection.reference in response.content.decode()
    for url, echoed in (
        (notice.url, ""),
        ("/search/?q=何异议&format=json", "何异议"),
        ("/search/?q=丁戊己", "丁戊己"),
        ("/api/v2/pages/?limit=100", ""),
    ):
        body = client.get(url).content.decode()
        body = body.replace(echoed, "«query»") if echoed else body
        assert "丁戊己" not in body and "何异议" not in body and "13600001111" not in body, url
