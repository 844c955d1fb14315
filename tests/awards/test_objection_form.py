"""The objection form on the notice page (AwardNoticePage route objection/)."""

import pytest
from django.core.cache import cache

from awards import decisions, phases
from awards.models import Objection
from tests.awards.factories import make_edition, make_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(chair):
    cache.clear()
    edition = make_edition(phases.Phase.NOTICE, slug="objections")
    make_nomination(edition, status="shortlisted")
    yield decisions.publish_shortlist(edition, chair)
    cache.clear()


def data(notice, **overrides):
    nomination = notice.get_parent().specific.nominations.get(status="shortlisted")
    values = {
        "nomination": nomination.pk,
        "grounds": "该对象的捐赠金额与事实不符。",
        "name": "何某",
        "contact": "13600001111",
        "consent": "on",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    "field,value", [("nomination", ""), ("grounds", "太短"), ("name", ""), ("consent", "")]
)
def test_each_invalid_field_is_explained_and_the_text_is_kept(client, notice, field, value):
    response = client.post(notice.url + "objection/", data(notice, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{field}"' in html
    assert "何某" in html or field == "name"
    assert not Objection.objects.exists()


def test_only_shortlisted_nominees_can_be_objected_to(client, notice):
    other = make_nomination(notice.get_parent().specific, name="未入围", status="in_review")
    response = client.post(notice.url + "objection/", data(notice, nomination=other.pk))
    assert response.status_code == 400
    assert 'href="#id_nomination"' in response.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_rate_limited(client, notice, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(notice.url + "objection/", data(notice)).status_code == 303
    assert client.post(notice.url + "objection/", data(notice)).status_code == 429
    assert Objection.objects.count() == 2


def test_status_lookups_are_rate_limited_against_guessing(client):
    cache.clear()
    edition = make_edition(phases.Phase.REVIEW, slug="guess")
    url = edition.url + "status/"
    codes = [
        client.post(url, {"reference": f"TM-0-{n}", "contact": "13800001111"}).status_code for n in range(21)
    ]
    assert codes[:20] == [404] * 20 and codes[20] == 429  # no such nomination, then over the limit
    cache.clear()


def test_the_english_page_follows_the_chinese_dates_before_the_translation_is_synced(client):
    from home.translation import translate_page
    from tests.awards.factories import set_phase

    edition = make_edition(phases.Phase.NOMINATION, slug="sync")
    english = translate_page(edition, "en", {})
    set_phase(edition, phases.Phase.SCREENING)  # the English copy still has the old dates
    html = client.get(english.url).content.decode()
    assert str(phases.Phase.SCREENING.label) in html
    assert "public-form" not in client.get(english.url + "nominate/").content.decode()


def test_a_honeypot_objection_looks_accepted_but_keeps_nothing(client, notice):
    response = client.post(
        notice.url + "objection/", data(notice, website="http://spam.example"), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(notice.url + "objection/thanks/", 303)]
    assert not Objection.objects.exists()
    reference = response.context["reference"]
    assert reference.startswith("YY-") and reference in response.content.decode()
