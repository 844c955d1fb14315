"""The story listing: filters by category, tag and year, pagination, bad input, bounded queries."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.stories.factories import add_story, add_translation


def enterprise_and_campaign_stories(index):
    """Stories of four categories over two years; returns, newest first as the listing orders them,
    the enterprise stories, the 2025 stories and the one 2026 campaign story."""
    older_firm = add_story(
        index, "一家家族企业的慈善信托", category="enterprises", date=datetime.date(2026, 3, 22)
    )
    newer_firm = add_story(
        index, "爱心企业捐资改善乡村学校午餐", category="enterprises", date=datetime.date(2026, 6, 1)
    )
    campaign_2026 = add_story(
        index, "一日捐善款去了哪里", category="campaigns", date=datetime.date(2026, 4, 15)
    )
    fair = add_story(index, "文化广场上的慈善义集", category="campaigns", date=datetime.date(2025, 9, 5))
    bus = add_story(index, "公交公司职工的“一日捐”", category="campaigns", date=datetime.date(2025, 5, 20))
    services = add_story(
        index, "慈善日里的八十六场志愿服务", category="volunteering", date=datetime.date(2025, 9, 8)
    )
    add_story(index, "留在山里的老师", category="people", date=datetime.date(2026, 9, 10))
    return [newer_firm, older_firm], [services, fair, bus], campaign_2026


def title_list(pages):
    return [page.title for page in pages]


def titles(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in html.select(".story-list .listing__title")]


@pytest.mark.django_db
def test_category_filter_shows_only_that_category(client, stories_index):
    firms, _stories_2025, _campaign = enterprise_and_campaign_stories(stories_index)
    listed = titles(client.get(stories_index.url, {"category": "enterprises"}))
    assert listed == title_list(firms)


@pytest.mark.django_db
def test_tag_filter_shows_only_stories_with_that_tag(client, stories_index):
    tagged = add_story(stories_index, "带新标签的故事", tags=["独特标签"])
    add_story(stories_index, "不带标签的故事")
    from taggit.models import Tag

    slug = Tag.objects.get(name="独特标签").slug
    assert titles(client.get(stories_index.url, {"tag": slug})) == [tagged.title]


@pytest.mark.django_db
def test_year_filter_shows_only_stories_of_that_year(client, stories_index):
    _firms, stories_2025, _campaign = enterprise_and_campaign_stories(stories_index)
    listed = titles(client.get(stories_index.url, {"year": "2025"}))
    assert listed == title_list(stories_2025)


@pytest.mark.django_db
def test_filters_combine(client, stories_index):
    _firms, _stories_2025, campaign_2026 = enterprise_and_campaign_stories(stories_index)
    listed = titles(client.get(stories_index.url, {"year": "2026", "category": "campaigns"}))
    assert listed == [campaign_2026.title]


@pytest.mark.django_db
def test_bad_filter_values_get_a_message_not_an_error(client, stories_index):
    for number in range(11):
        add_story(stories_index, f"过滤条件有误时的故事{number:02d}", date=datetime.date(2026, 1, number + 1))
    response = client.get(
        stories_index.url, {"year": "abc", "category": "nope", "tag": "<script>", "page": "x"}
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    summary = html.select_one(".error-summary")
    assert summary is not None and len(summary.select("li")) == 3
    assert "<script>" not in response.content.decode()
    assert len(titles(response)) == 10  # unfiltered first page of the 11


@pytest.mark.django_db
def test_a_good_filter_still_applies_next_to_a_bad_one(client, stories_index):
    firms, _stories_2025, _campaign = enterprise_and_campaign_stories(stories_index)
    assert titles(client.get(stories_index.url, {"category": "enterprises", "year": "1850"})) == title_list(
        firms
    )


@pytest.mark.django_db
def test_listing_is_paginated_and_pages_keep_the_filters(client, stories_index):
    add_story(stories_index, "别的类别的故事", category="people", date=datetime.date(2024, 2, 1))
    for number in range(15):
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
    assert len(second) == 5  # 15 volunteering stories, 10 a page
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
        client.get(stories_index.url, params)  # warm what is kept across requests (site root paths …)
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
        client.get(home.url)  # warm what is kept across requests (site root paths, renditions …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(home.url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(10):
        add_story(stories_index, f"首页故事{number}")
    assert queries() == before


@pytest.mark.django_db
def test_home_page_shows_the_three_newest_stories(client, home, stories_index):
    oldest = add_story(stories_index, "首页上放不下的故事", date=datetime.date(2026, 9, 10))
    second = add_story(stories_index, "春晖助学金走进山区学校", date=datetime.date(2026, 9, 28))
    third = add_story(stories_index, "胡师傅的“爱心超市”", date=datetime.date(2026, 10, 18))
    add_story(stories_index, "首页上不出现的草稿", publish=False, date=datetime.date(2026, 11, 30))
    newest = add_story(stories_index, "首页上的最新故事", date=datetime.date(2026, 11, 28))
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    listed = [a.get_text(strip=True) for a in html.select(".latest-stories .card__title a")]
    assert listed == [newest.title, third.title, second.title]
    assert oldest.title not in html.get_text()


@pytest.mark.django_db
def test_english_home_page_shows_english_stories(client, english, stories_index):
    from home.models import HomePage

    story = add_story(stories_index, "胡师傅的“爱心超市”", date=datetime.date(2026, 10, 18))
    add_translation(story, "Master Hu's charity shop")
    add_story(stories_index, "只有中文版的新故事", date=datetime.date(2026, 11, 28))
    home = HomePage.objects.get(locale=english)
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    listed = [a.get_text(strip=True) for a in html.select(".latest-stories .card__title a")]
    assert listed == ["Master Hu's charity shop"]
