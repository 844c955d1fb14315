"""Stories and campaigns in the site search (HTML and JSON), typed "story"; drafts never found."""

import pytest

from tests.stories.factories import add_campaign, add_story


def search(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_json_search_finds_a_story_by_a_word_in_its_body(client, stories_index):
    story = add_story(
        stories_index,
        "胡师傅的志愿服务",
        body=[("paragraph", "<p>每周二和周五上午，胡师傅都会来到社区的爱心超市整理货架。</p>")],
    )
    add_story(stories_index, "另一个志愿者的故事")
    data = search(client, "爱心超市")
    stories = [r for r in data["results"] if r["type"] == "story"]
    assert [r["title"] for r in stories] == [story.title]
    assert stories[0]["url"].endswith(f"/stories/{story.slug}/")


@pytest.mark.django_db
def test_json_search_finds_a_campaign_as_a_story(client, stories_index, org_a):
    from tests.disclosures.factories import add_disclosure

    add_disclosure(org_a, "慈善义集收支情况公开")  # found too, but not a story
    campaign = add_campaign(
        stories_index,
        "2025年“9·5中华慈善日”婺城主题活动",
        body=[("paragraph", "<p>全区开展集中宣传、慈善义集和志愿服务。</p>")],
    )
    assert {r["type"] for r in search(client, "慈善义集")["results"]} > {"story"}
    data = search(client, "慈善义集", type="story")
    titles = {r["title"] for r in data["results"]}
    assert campaign.title in titles
    assert {r["type"] for r in data["results"]} == {"story"}


@pytest.mark.django_db
def test_search_finds_a_story_by_its_tag(client, stories_index):
    add_story(stories_index, "标签搜索的故事", tags=["萤火虫计划"])
    titles = [r["title"] for r in search(client, "萤火虫计划")["results"]]
    assert "标签搜索的故事" in titles


@pytest.mark.django_db
def test_draft_story_is_not_found(client, stories_index):
    draft = add_story(
        stories_index, "草稿里的秘密故事", publish=False, body=[("paragraph", "<p>独一无二的草稿词语</p>")]
    )
    assert search(client, "独一无二的草稿词语")["total"] == 0
    assert search(client, "草稿里的秘密故事")["total"] == 0
    html = client.get("/search/", {"q": "草稿里的秘密故事"}).content.decode()
    assert draft.slug not in html
