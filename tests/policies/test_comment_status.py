"""A comment's reference opens its status: the moderation state and, once published, the reply; never
the commenter's name or contact, nor an unpublished text (PIPL); bad references get a clear answer."""

import pytest
from bs4 import BeautifulSoup

from policies import form_views
from policies.models import PolicyComment
from tests.policies.factories import set_comment_period

STATUS_URL = "/policies/comments/status/"
SECRET_BODY = "建议设立独角兽慈善观察员岗位"
SECRET_SECTION = "任务清单第九十九项"
SECRET_NAME = "隐私测试人乙"
SECRET_CONTACT = "13987654321"

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client, plan):
    """A comment sent through the form, as a visitor does; returns the stored comment."""
    set_comment_period(plan, -3, 10)
    data = {
        "section": SECRET_SECTION,
        "body": SECRET_BODY,
        "name": SECRET_NAME,
        "contact": SECRET_CONTACT,
        "consent": "on",
    }
    assert client.post(plan.url + "comment/", data).status_code == 303
    return PolicyComment.objects.get(body=SECRET_BODY)


def look_up(client, reference, url=STATUS_URL):
    return client.post(url, {"reference": reference})


def text(response):
    return BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)


def test_the_confirmation_links_to_the_status_page(client, plan):
    set_comment_period(plan, -3, 10)
    data = {"body": SECRET_BODY, "consent": "on", "section": "", "name": "", "contact": ""}
    thanks = client.post(plan.url + "comment/", data, follow=True)
    links = [a["href"] for a in BeautifulSoup(thanks.content, "html.parser").select("main a")]
    assert STATUS_URL in links
    assert client.get(STATUS_URL).status_code == 200


def test_a_pending_comment_shows_received_and_nothing_personal(client, sent, plan):
    response = look_up(client, sent.reference)
    shown = text(response)
    assert response.status_code == 200
    assert sent.reference in shown and plan.title in shown and "待审核" in shown
    for private in (SECRET_BODY, SECRET_SECTION, SECRET_NAME, SECRET_CONTACT):
        assert private not in response.content.decode(), private
    assert response["Cache-Control"] == "private, no-store"


def test_a_published_comment_shows_its_text_and_the_reply_but_not_who_sent_it(client, sent):
    PolicyComment.objects.filter(pk=sent.pk).update(
        moderation=PolicyComment.Moderation.PUBLISHED,
        adoption=PolicyComment.Adoption.PARTLY,
        response="已在第九项中增加相关表述。",
    )
    response = look_up(client, sent.reference)
    shown = text(response)
    assert response.status_code == 200
    assert "已公开" in shown and SECRET_BODY in shown and "已在第九项中增加相关表述。" in shown
    assert "部分采纳" in shown
    assert SECRET_NAME not in response.content.decode() and SECRET_CONTACT not in response.content.decode()


def test_a_withheld_comment_says_not_published_and_hides_its_text_and_reply(client, sent):
    PolicyComment.objects.filter(pk=sent.pk).update(
        moderation=PolicyComment.Moderation.WITHHELD, response="内部答复：不宜公开。"
    )
    response = look_up(client, sent.reference)
    assert response.status_code == 200 and "不予公开" in text(response)
    for private in (SECRET_BODY, SECRET_SECTION, SECRET_NAME, SECRET_CONTACT, "内部答复"):
        assert private not in response.content.decode(), private


def test_a_reference_typed_in_lower_case_with_spaces_is_found(client, sent):
    assert look_up(client, " " + sent.reference.lower().replace("-", " - ", 1) + " ").status_code == 200


def test_an_unknown_reference_says_so_without_an_error(client, sent):
    unknown = sent.reference[:-1] + ("2" if sent.reference[-1] != "2" else "3")
    response = look_up(client, unknown)
    assert response.status_code == 404
    assert "没有找到" in text(response) and 'name="reference"' in response.content.decode()


@pytest.mark.parametrize(
    "reference", ["", "hello", "JB-20261128-7KQ4PX", "YJ-2026-ABCDEF", "YJ-" + "9" * 500]
)
def test_a_malformed_reference_gets_a_clear_message_not_a_500(client, reference):
    response = look_up(client, reference)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_the_english_page_answers_in_english(client, sent, translated_plan):
    response = look_up(client, sent.reference, url="/en" + STATUS_URL)
    shown = text(response)
    assert response.status_code == 200
    assert "Received, awaiting moderation" in shown and translated_plan.title in shown
    assert SECRET_BODY not in response.content.decode()


def test_look_ups_are_rate_limited(client, sent, monkeypatch):
    monkeypatch.setattr(form_views, "STATUS_LOOKUPS_PER_HOUR", 3)
    for _ in range(3):
        assert look_up(client, "YJ-20000101-AAAAAA").status_code == 404
    response = look_up(client, sent.reference)  # even the right one, once over the limit
    assert response.status_code == 429
    assert SECRET_BODY not in response.content.decode() and "待审核" not in text(response)


def test_a_look_up_costs_a_bounded_number_of_queries(client, sent, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert look_up(client, sent.reference).status_code == 200
