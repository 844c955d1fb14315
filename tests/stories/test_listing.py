"""The story listing: filters by category, tag and year, pagination, bad input, bounded queries."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.stories.factories import add_story


def titles(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in html.select(".story-list .listing__title")]


@pytest.mark.django_db
def test_category_filter_shows_only_that_category(client, stories_index):
    listed = titles(client.get(stories_index.url, {"category": "enterprises"}))
    assert listed == ["爱心企业捐资改善乡村学校午餐", "一家家族企业的慈善信托"]


@pytest.mark.django_db
def test_tag_filter_shows_only_stories_with_that_tag(client, stories_index):
    tagged = add_story(stories_index, "带新标签的故事", tags=["独特标签"])
    add_story(stories_index, "不带标签的故事")
    from taggit.models import Tag

    slug = Tag.objects.get(name="独特标签").slug
    assert titles(client.get(stories_index.url, {"tag": slug})) == [tagged.title]


@pytest.mark.django_db
def test_year_filter_shows_only_stories_of_that_year(client, stories_index):
    listed = titles(client.get(stories_index.url, {"year": "2025"}))
    assert listed == ["慈善日里的八十六场志愿服务", "文化广场上的慈善义集", "公交公司职工的“一日捐”"]


@pytest.mark.django_db
def test_filters_combine(client, stories_index):
    listed = titles(client.get(stories_index.url, {"year": "2026", "category": "campaigns"}))
    assert listed == ["一日捐善款去了哪里"]


@pytest.mark.django_db
def test_bad_filter_values_get_a_message_not_an_error(client, stories_index):
    response = client.get(
        stories_index.url, {"year": "abc", "category": "nope", "tag": "<script>", "page": "x"}
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    summary = html.select_one(".error-summary")
    assert summary is not None and len(summary.select("li")) == 3
    assert "<script>" not in response.content.decode()
    assert len(titles(response)) == 10  # unfiltered first page


@pytest.mark.django_db
def test_a_good_filter_still_applies_next_to_a_bad_one(client, stories_index):
    assert titles(client.get(stories_index.url, {"category": "enterprises", "year": "1850"})) == [
        "爱心企业捐资改善乡村学校午餐",
        "一家家族企业的慈善信托",
    ]


@pytest.mark.django_db
def test_listing_is_paginated_and_pages_keep_the_filters(client, stories_index):
    for number in range(12):
        add_story(
            stories_index,
            f"分页故事{number:02d}",
            category="volunteering",
            date=datetime.date(2024, 1, number + 1),
        )
    first = client.get(stories_index.url, {"category": "volunteering"})
    html = BeautifulSoup(first.content, "html.parser")
    assert len(titles(first)) == 10
    next_link = html.select_one(".pagination a[rel=next]")["href"]
    assert "category=volunteering" in next_link and "page=2" in next_link
    second = titles(client.get(stories_index.url + next_link))
    assert len(second) == 5  # 12 new + 3 demo volunteering stories = 15
    assert set(second).isdisjoint(titles(first))
    # Past the end: the last page, not an error.
    assert titles(client.get(stories_index.url, {"category": "volunteering", "page": "99"})) == second


@pytest.mark.django_db
def test_drafts_are_not_listed(client, stories_index):
    add_story(stories_index, "草稿不出现在列表", publish=False, date=datetime.date(2026, 11, 28))
    assert "草稿不出现在列表" not in titles(client.get(stories_index.url))


@pytest.mark.django_db
def test_listing_queries_stay_bounded(client, stories_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(stories_index.url, params).status_code == 200
        return len(captured)

    add_story(stories_index, "很多故事之前", tags=["共同标签"])
    before = queries(), queries(tag="共同标签")
    for number in range(20):
        add_story(stories_index, f"很多故事{number}", tags=[f"标签{number}", "共同标签"])
    assert (queries(), queries(tag="共同标签")) == before


@pytest.mark.django_db
def test_home_page_queries_stay_bounded_however_many_stories(client, home, stories_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(home.url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(10):
        add_story(stories_index, f"首页故事{number}")
    assert queries() == before


@pytest.mark.django_db
def test_home_page_shows_the_three_newest_stories(client, home, stories_index):
    newest = add_story(stories_index, "首页上的最新故事", date=datetime.date(2026, 11, 28))
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    listed = [a.get_text(strip=True) for a in html.select(".latest-stories .card__title a")]
    assert listed == [newest.title, "胡师傅的“爱心超市”", "春晖助学金走进山区学校"]


@pytest.mark.django_db
def test_english_home_page_shows_english_stories(client, english):
    from home.models import HomePage

    home = HomePage.objects.get(locale=english)
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert (
        html.select_one(".latest-stories .card__title a").get_text(strip=True) == "Master Hu's charity shop"
    )
