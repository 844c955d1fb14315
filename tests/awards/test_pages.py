"""Public award pages: the edition says its phase and what comes next; winners, all past winners,
the home page's box; both languages; bounded queries."""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from awards import decisions, phases
from awards.models import AwardEditionPage, AwardWinnerPage
from tests.awards.factories import make_edition, make_nomination

pytestmark = pytest.mark.django_db


def demo_edition(year, language="zh-hans"):
    return AwardEditionPage.objects.get(year=year, locale__language_code=language)


def test_the_demo_has_the_2023_edition_announced_with_a_winner_in_each_category():
    edition = demo_edition(2023)
    assert edition.phase() == phases.ANNOUNCED
    winners = AwardWinnerPage.objects.child_of(edition).live()
    assert {w.category_id for w in winners} == set(edition.categories.values_list("pk", flat=True))
    assert any(w.organisation_id for w in winners)


def test_the_demo_2026_edition_is_open_for_nominations_with_nominations_in_review():
    edition = demo_edition(2026)
    assert edition.phase() == phases.NOMINATION
    assert edition.nominations.filter(status="in_review").count() >= 3


def test_the_edition_page_says_the_current_phase_and_what_comes_next(client):
    edition = demo_edition(2026)
    html = client.get(edition.url).content.decode()
    assert "征集提名" in html or "Nominations open" in html
    assert "2027-03-01" in html  # screening starts the day after nominations close
    assert "nominate/" in html


@pytest.mark.parametrize("phase", phases.ORDER)
def test_every_phase_is_named_on_the_edition_page_in_english(client, phase):
    edition = make_edition(phase, slug=f"p-{phase}")
    from home.translation import translate_page

    english = translate_page(edition, "en", {})
    html = client.get(english.url).content.decode()
    assert str(phases.LABELS[phase]) in html


def test_the_english_edition_names_its_categories_in_english(client):
    html = client.get(demo_edition(2026, "en").url).content.decode()
    assert "Caring enterprises" in html


def test_dates_out_of_order_are_refused_when_saving_an_edition():
    edition = demo_edition(2026)
    edition.notice_ends = edition.notice_starts.replace(day=1)
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "notice_ends" in error.value.message_dict


def test_the_winner_page_shows_the_citation_category_and_organisation_link(client):
    winner = AwardWinnerPage.objects.get(slug="winner-project", locale__language_code="zh-hans")
    html = client.get(winner.url).content.decode()
    assert "慈善一日捐" in html and "优秀慈善项目" in html
    assert winner.organisation.url in html
    english = winner.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(english.url).content.decode()
    assert "Outstanding charity projects" in html and "One Day" in html


def test_a_photo_needs_its_alt_text():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    winner = AwardWinnerPage.objects.get(slug="winner-project", locale__language_code="zh-hans")
    winner.photo = Image.objects.create(title="颁奖", file=get_test_image_file())
    winner.photo_alt = ""
    with pytest.raises(ValidationError) as error:
        winner.full_clean()
    assert "photo_alt" in error.value.message_dict


def test_all_past_winners_are_listed_by_edition_in_bounded_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        html = client.get("/awards/winners/").content.decode()
    for winner in AwardWinnerPage.objects.live().filter(locale__language_code="zh-hans"):
        assert winner.title in html
    edition = make_edition(phases.ANNOUNCED, slug="many")
    edition.categories.filter(nominee_kind="individual").update(quota=8)
    for n in range(8):
        make_nomination(edition, name=f"获奖者{n}", status="shortlisted")
    import datetime

    for nomination in edition.nominations.all():
        decisions.decide(nomination, "winner", None, citation="事迹突出。", now=datetime.date(2100, 1, 1))
    with django_assert_max_num_queries(30):
        html = client.get("/awards/winners/").content.decode()
    assert "获奖者7" in html
    with django_assert_max_num_queries(30):
        client.get(edition.url)


def test_home_page_box_shows_the_current_edition_and_its_phase(client):
    html = client.get("/").content.decode()
    edition = demo_edition(2026)
    assert "award-box" in html and edition.url in html
    html = client.get("/en/").content.decode()
    assert demo_edition(2026, "en").url in html and "Nominations open" in html


def test_winner_pages_are_found_by_search_and_typed_award(client):
    data = json.loads(client.get("/search/", {"q": "义务辅导", "format": "json"}).content)
    assert any(r["type"] == "award" for r in data["results"]), data


def test_the_notice_page_lists_the_shortlist_and_opens_the_objection_form_only_during_the_notice(
    client, chair
):
    edition = make_edition(phases.NOTICE, slug="notice-test")
    make_nomination(edition, name="入围者甲", status="shortlisted")
    make_nomination(edition, name="未入围者乙", status="in_review")
    notice = decisions.publish_shortlist(edition, chair)
    html = client.get(notice.url).content.decode()
    assert "入围者甲" in html and "未入围者乙" not in html
    assert "objection/" in html
    assert "public-form" in client.get(notice.url + "objection/").content.decode()
    from tests.awards.factories import set_phase

    set_phase(edition, phases.CONFIRMATION)
    html = client.get(notice.url + "objection/").content.decode()
    assert "public-form" not in html and edition.notice_ends.strftime("%Y-%m-%d") in html


def test_every_demo_award_page_has_its_english_translation():
    from wagtail.models import Page

    from awards.models import AwardIndexPage

    section = AwardIndexPage.objects.get(locale__language_code="zh-hans")
    chinese = set(Page.objects.descendant_of(section).values_list("translation_key", flat=True))
    english = set(
        Page.objects.filter(locale__language_code="en", translation_key__in=chinese, live=True).values_list(
            "translation_key", flat=True
        )
    )
    assert len(chinese) == 7  # two editions, four winners, one notice
    assert english == chinese


def test_the_chair_adds_an_edition_with_categories_and_rubric_in_the_admin(client):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from awards.models import AwardIndexPage
    from home import roles
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

    winner = AwardWinnerPage.objects.get(slug="winner-individual", locale__language_code="zh-hans")
    winner.photo = Image.objects.create(title="颁奖", file=get_test_image_file())
    winner.photo_alt = "周老师在村小学给孩子们辅导功课"
    winner.save_revision().publish()
    html = client.get(winner.url).content.decode()
    assert 'alt="周老师在村小学给孩子们辅导功课"' in html
