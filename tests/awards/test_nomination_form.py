"""The public nomination form and status page (AwardEditionPage routes nominate/ and status/)."""

import pytest
from django.core.cache import cache

from awards import phases
from awards.models import Nomination, NominationFile
from tests.awards.factories import make_edition, make_nomination
from tests.factories import HTML_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_edition(db):
    return make_edition(phases.Phase.NOMINATION)


def form_data(edition, **overrides):
    data = {
        "category": str(edition.categories.get(nominee_kind="individual").pk),
        "nominee_name": "陈善人",
        "nominee_kind": "individual",
        "locality": "汤溪镇",
        "deeds": "十年来每周到敬老院义务理发，并资助三名困难学生完成学业。",
        "amount": "",
        "nominator_name": "刘提名",
        "nominator_contact": "138 0000 1234",
        "consent": "on",
    }
    data.update(overrides)
    return data


def post(client, edition, data, files=None):
    payload = dict(data)
    if files:
        payload["files"] = files
    # Follow the redirect to the thanks page (POST/redirect/GET, docs/public-forms.md).
    return client.post(edition.url + "nominate/", payload, follow=True)


def test_a_valid_nomination_is_stored_privately_and_shows_its_reference(client, open_edition):
    response = post(
        client,
        open_edition,
        form_data(open_edition),
        [upload("材料.pdf", PDF_BYTES), upload("photo.png", PNG_BYTES)],
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(open_edition.url + "nominate/thanks/", 303)]
    nomination = Nomination.objects.get(nominee_name="陈善人")
    assert nomination.reference in response.content.decode()
    # Shown once: a reload of the thanks page no longer has it.
    again = client.get(open_edition.url + "nominate/thanks/")
    assert again.status_code == 200 and nomination.reference not in again.content.decode()
    assert nomination.contact_key == "13800001234"
    assert nomination.revisions.count() == 1
    files = list(NominationFile.objects.filter(nomination=nomination))
    assert {f.original_name for f in files} == {"材料.pdf", "photo.png"}
    from django.conf import settings

    assert str(settings.PRIVATE_MEDIA_ROOT) in files[0].file.path
    assert str(settings.MEDIA_ROOT) + "/" not in files[0].file.path


def test_an_english_nomination_belongs_to_the_chinese_edition(client, open_edition):
    from home.translation import translate_page

    english = translate_page(open_edition, "en", {})
    response = post(client, english, form_data(open_edition))
    assert response.status_code == 200
    assert Nomination.objects.get(nominee_name="陈善人").edition_id == open_edition.pk


@pytest.mark.parametrize(
    "field,value",
    [
        ("category", ""),
        ("nominee_name", ""),
        ("nominee_kind", "alien"),
        ("locality", "火星"),
        ("deeds", "太短"),
        ("amount", "-5"),
        ("nominator_name", ""),
        ("nominator_contact", "123"),
        ("nominator_contact", "①②③④⑤⑥⑦"),  # isdigit() counted circled digits as a phone number
        ("nominator_contact", "a@b"),
        ("consent", ""),
    ],
)
def test_every_invalid_field_gets_a_message_and_nothing_typed_is_lost(client, open_edition, field, value):
    data = form_data(open_edition, **{field: value})
    response = post(client, open_edition, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert f'href="#id_{field}"' in html
    assert not Nomination.objects.filter(edition=open_edition).exists()
    if field != "nominee_name":
        assert "陈善人" in html  # what was typed comes back
    if field != "deeds":
        assert "义务理发" in html


def test_a_web_page_disguised_as_pdf_is_refused_by_content(client, open_edition):
    response = post(
        client, open_edition, form_data(open_edition), [upload("证明.pdf", HTML_BYTES, "application/pdf")]
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "证明.pdf" in html and "error-summary" in html
    assert not Nomination.objects.filter(edition=open_edition).exists()


def test_honeypot_submissions_look_accepted_but_keep_nothing(client, open_edition):
    response = post(client, open_edition, form_data(open_edition, website="http://spam.example"))
    assert response.status_code == 200
    assert response.redirect_chain == [(open_edition.url + "nominate/thanks/", 303)]
    assert not Nomination.objects.filter(edition=open_edition).exists()
    # Indistinguishable from an accepted nomination: the same page with a reference of the same form.
    reference = response.context["reference"]
    assert reference.startswith("TM-") and reference in response.content.decode()


def test_rate_limit_stops_the_sixth_submission_within_an_hour(client, open_edition, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (5, 3600)
    for n in range(5):
        assert (
            post(client, open_edition, form_data(open_edition, nominee_name=f"被提名人{n}")).status_code
            == 200
        )
    response = post(client, open_edition, form_data(open_edition, nominee_name="第六个"))
    assert response.status_code == 429
    assert Nomination.objects.filter(edition=open_edition).count() == 5
    assert "第六个" in response.content.decode()  # the typed text is still there


def test_before_the_window_the_form_says_when_it_opens(client):
    edition = make_edition(phases.Phase.UPCOMING, slug="upcoming")
    response = client.get(edition.url + "nominate/")
    html = response.content.decode()
    assert edition.nomination_opens.strftime("%Y-%m-%d") in html
    assert '<form class="public-form"' not in html
    assert post(client, edition, form_data(edition)).status_code == 200
    assert not Nomination.objects.filter(edition=edition).exists()


def test_after_the_window_the_form_says_it_is_closed(client):
    edition = make_edition(phases.Phase.SCREENING, slug="closed")
    response = client.get(edition.url + "nominate/")
    assert "public-form" not in response.content.decode()
    post(client, edition, form_data(edition))
    assert not Nomination.objects.filter(edition=edition).exists()


def test_status_page_needs_the_reference_and_the_contact_and_shows_status_only(client, member):
    from awards.models import Assignment, Score

    edition = make_edition(phases.Phase.REVIEW, slug="status")
    nomination = make_nomination(edition, contact="13800009999")
    Assignment.objects.create(nomination=nomination, member=member)
    Score.objects.create(nomination=nomination, member=member, total="87.65", comment="委员私下评语")
    url = edition.url + "status/"
    wrong = client.post(url, {"reference": nomination.reference, "contact": "13800000000"})
    assert nomination.nominee_name not in wrong.content.decode()
    right = client.post(url, {"reference": nomination.reference.lower(), "contact": "138-0000-9999"})
    html = right.content.decode()
    assert nomination.nominee_name in html and nomination.get_status_display() in html
    assert "87.65" not in html and "委员私下评语" not in html


def test_shortlisted_status_is_not_told_before_the_notice(client):
    edition = make_edition(phases.Phase.REVIEW, slug="early")
    nomination = make_nomination(edition, status="shortlisted", contact="13800008888")
    html = client.post(
        edition.url + "status/", {"reference": nomination.reference, "contact": "13800008888"}
    ).content.decode()
    assert "Shortlisted" not in html and "入围" not in html
