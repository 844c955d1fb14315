"""Public award pages: the edition says its phase and what comes next; winners, all past winners,
the home page's box; both languages; bounded queries."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from awards import decisions, phases
from awards.models import AwardEditionPage, AwardWinnerPage
from tests.awards.factories import (
    make_announced_edition,
    make_edition,
    make_nomination,
    make_winner,
    translate_edition,
    translate_winner,
)

pytestmark = pytest.mark.django_db


def test_the_edition_page_says_the_current_phase_and_what_comes_next(client):
    edition = make_edition(phases.Phase.NOMINATION)
    html = client.get(edition.url).content.decode()
    assert "征集提名" in html or "Nominations open" in html
    # Screening starts the day after nominations close.
    assert (edition.nomination_closes + datetime.timedelta(days=1)).isoformat() in html
    assert "nominate/" in html


@pytest.mark.parametrize("phase", phases.ORDER)
def test_every_phase_is_named_on_the_edition_page_in_english(client, phase):
    edition = make_edition(phase, slug=f"p-{phase}")
    from home.translation import translate_page

    english = translate_page(edition, "en", {})
    html = client.get(english.url).content.decode()
    assert str(phases.Phase(phase).label) in html


def test_the_english_edition_names_its_categories_in_english(client):
    english = translate_edition(make_edition(phases.Phase.NOMINATION))
    html = client.get(english.url).content.decode()
    assert "Caring enterprises" in html and "Charitable individuals" in html


def test_dates_out_of_order_are_refused_when_saving_an_edition():
    edition = make_edition(phases.Phase.NOMINATION)
    edition.notice_ends = edition.notice_starts.replace(day=1)
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "notice_ends" in error.value.message_dict


def test_the_winner_page_shows_the_citation_category_and_organisation_link(client, org_a):
    winner = make_winner(
        make_edition(phases.Phase.ANNOUNCED),
        name="“慈善一日捐”（婺城区慈善总会）",
        kind="enterprise",
        citation="动员全区机关、企业和居民捐出一天收入，收支逐项公开。",
        organisation=org_a,
    )
    html = client.get(winner.url).content.decode()
    assert "动员全区机关、企业和居民捐出一天收入" in html and "爱心企业" in html
    assert winner.organisation.url in html
    translate_winner(
        winner, "One Day Donation", "It asks everyone in the district to give one day of income."
    )
    english = winner.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(english.url).content.decode()
    assert "Caring enterprises" in html and "give one day of income" in html


def test_a_photo_needs_its_alt_text():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    winner = make_winner(make_edition(phases.Phase.ANNOUNCED))
    winner.photo = Image.objects.create(title="颁奖", file=get_test_image_file())
    winner.photo_alt = ""
    with pytest.raises(ValidationError) as error:
        winner.full_clean()
    assert "photo_alt" in error.value.message_dict


def test_all_past_winners_are_listed_by_edition_in_bounded_queries(client, django_assert_max_num_queries):
    make_announced_edition(slug="past", year=2023, number=1)
    with django_assert_max_num_queries(30):
        html = client.get("/awards/winners/").content.decode()
    winners = AwardWinnerPage.objects.live().filter(locale__language_code="zh-hans")
    assert winners.count() == 2
    for winner in winners:
        assert winner.title in html
    edition = make_edition(phases.Phase.ANNOUNCED, slug="many")
    edition.categories.filter(nominee_kind="individual").update(quota=8)
    for n in range(8):
        make_nomination(edition, name=f"获奖者{n}", status="shortlisted")
    for nomination in edition.nominations.all():
        decisions.decide(nomination, "winner", None, citation="事迹突出。", now=datetime.date(2100, 1, 1))
    with django_assert_max_num_queries(30):
        html = client.get("/awards/winners/").content.decode()
    assert "获奖者7" in html
    with django_assert_max_num_queries(30):
        client.get(edition.url)


def test_home_page_box_shows_the_current_edition_and_its_phase(client):
    past = make_announced_edition(slug="past", year=2023, number=1)
    edition = make_edition(phases.Phase.NOMINATION, year=2026, number=2)
    english = translate_edition(edition)
    html = client.get("/").content.decode()
    assert "award-box" in html and edition.url in html and past.url not in html
    html = client.get("/en/").content.decode()
    assert english.url in html and "Nominations open" in html


def _award_box_text(html):
    import re

    box = html[html.index('class="container award-box"') :]
    box = box[: box.index("</section>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", box[box.index("</h2>") :]))


def test_home_page_box_uses_chinese_punctuation_in_chinese_and_ascii_in_english(client):
    edition = make_edition(phases.Phase.NOMINATION, year=2026, number=2)
    translate_edition(edition)
    chinese = _award_box_text(client.get("/").content.decode())
    assert f"{edition.title}：征集提名。下一阶段：" in chinese, chinese
    assert ": " not in chinese and ". " not in chinese and "." not in chinese.replace("-", ""), chinese
    english = _award_box_text(client.get("/en/").content.decode())
    assert ": Nominations open. Next: " in english, english
    assert "：" not in english and "。" not in english, english


def test_winner_pages_are_found_by_search_and_typed_award(client):
    winner = make_winner(
        make_edition(phases.Phase.ANNOUNCED), citation="退休教师，二十年如一日为留守儿童义务辅导功课。"
    )
    data = json.loads(client.get("/search/", {"q": "义务辅导", "format": "json"}).content)
    assert [r["title"] for r in data["results"] if r["type"] == "award"] == [winner.title], data


def test_the_notice_page_lists_the_shortlist_and_opens_the_objection_form_only_during_the_notice(
    client, chair
):
    edition = make_edition(phases.Phase.NOTICE, slug="notice-test")
    make_nomination(edition, name="入围者甲", status="shortlisted")
    make_nomination(edition, name="未入围者乙", status="in_review")
    notice = decisions.publish_shortlist(edition, chair)
    html = client.get(notice.url).content.decode()
    assert "入围者甲" in html and "未入围者乙" not in html
    assert "objection/" in html
    assert "public-form" in client.get(notice.url + "objection/").content.decode()
    from tests.awards.factories import set_phase

    set_phase(edition, phases.Phase.CONFIRMATION)
    html = client.get(notice.url + "objection/").content.decode()
    assert "public-form" not in html and edition.notice_ends.strftime("%Y-%m-%d") in html


def test_the_chair_adds_an_edition_with_categories_and_rubric_in_the_admin(client):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from accounts import roles
    from awards.models import AwardIndexPage
    from tests.factories import login, make_user

    chair = make_user("chair-admin", roles.AWARD_COMMITTEE_CHAIR)
    login(client, chair)
    section = AwardIndexPage.objects.get(locale__language_code="zh-hans")
    url = reverse("wagtailadmin_pages:add", args=["awards", "awardeditionpage", section.pk])
    data = nested_form_data(
        {
            "title": "第三届婺城慈善奖（2029年）",
            "slug": "2029",
            "number": 3,
            "year": 2029,
            "summary": "",
            "rules": rich_text("评选办法"),
            "nomination_opens": "2029-03-01",
            "nomination_closes": "2029-04-30",
            "review_starts": "2029-05-20",
            "notice_starts": "2029-08-01",
            "notice_ends": "2029-08-07",
            "announcement_on": "2029-09-05",
            "reviewers_per_nomination": 3,
            "categories": inline_formset(
                [{"name": "爱心企业", "nominee_kind": "enterprise", "quota": 3, "description": ""}]
            ),
            "criteria": inline_formset([{"name": "影响力", "weight": 1, "max_mark": 10}]),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    edition = AwardEditionPage.objects.get(slug="2029")
    assert edition.categories.get().locale_id == edition.locale_id
    assert edition.criteria.count() == 1

    data["slug"] = "2029b"
    data["notice_ends"] = "2029-07-01"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not AwardEditionPage.objects.filter(slug="2029b").exists()


def test_the_winner_photo_is_shown_with_its_description(client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    winner = make_winner(make_edition(phases.Phase.ANNOUNCED), name="周某某")
    winner.photo = Image.objects.create(title="颁奖", file=get_test_image_file())
    winner.photo_alt = "周老师在村小学给孩子们辅导功课"
    winner.save_revision().publish()
    html = client.get(winner.url).content.decode()
    assert 'alt="周老师在村小学给孩子们辅导功课"' in html
