"""A story's subjects, both ways: the story lists them; their pages list the story."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from home.translation import translate_page
from stories.models import StorySubject
from stories.relations import stories_about
from tests.disclosures.factories import add_disclosure
from tests.factories import soup
from tests.stories.factories import add_campaign, add_story


def add_project(org, year=2025):
    """A project disclosure of ``org`` (what a story about a project links to)."""
    return add_disclosure(org, f"{year}年度重点慈善项目情况", disclosure_type="project", year=year)


@pytest.mark.django_db
def test_story_page_lists_the_organisations_and_projects_it_is_about(client, stories_index, org_b):
    project = add_project(org_b)
    story = add_story(stories_index, "关于春晖的故事", subjects=[org_b, project])
    links = soup(client.get(story.url)).select(".story__subjects a")
    assert [(a.get_text(strip=True), a["href"]) for a in links] == [
        (org_b.title, org_b.url),
        (project.title, project.url),
    ]


@pytest.mark.django_db
def test_organisation_profile_lists_stories_about_it(client, stories_index, org_b):
    story = add_story(stories_index, "基金会的新故事", subjects=[org_b])
    section = soup(client.get(org_b.url)).find(id="stories")
    assert section is not None
    assert story.title in section.get_text()
    assert section.find("a", href=story.url) is not None


@pytest.mark.django_db
def test_disclosure_page_lists_stories_about_the_project(client, stories_index, org_b):
    project = add_project(org_b)
    story = add_story(stories_index, "项目现场的故事", subjects=[project])
    section = soup(client.get(project.url)).find(id="stories")
    assert section is not None and story.title in section.get_text()
    # The organisation itself is not the subject of that story.
    assert (
        story.title
        not in (soup(client.get(org_b.url)).find(id="stories") or BeautifulSoup("", "html.parser")).get_text()
    )


@pytest.mark.django_db
def test_draft_and_private_stories_are_not_listed_on_the_subject_page(client, stories_index, org_b):
    draft = add_story(stories_index, "未发布的故事草稿", publish=False, subjects=[org_b])
    private = add_story(stories_index, "仅限登录用户的故事", subjects=[org_b])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert draft not in stories_about(org_b)
    assert private not in stories_about(org_b)
    html = client.get(org_b.url).content.decode()
    assert draft.title not in html
    assert private.title not in html


@pytest.mark.django_db
def test_english_page_finds_the_english_translation_of_a_story(stories_index, org_b, english):
    story = add_story(stories_index, "中文故事标题", subjects=[org_b])
    english_story = translate_page(story, "en", {"中文故事标题": "An English story title"})
    english_org = org_b.copy_for_translation(english)
    english_org.save_revision().publish()
    found = list(stories_about(english_org))
    assert english_story in found and story not in found
    assert {page.locale_id for page in found} == {english.pk}
    assert story in stories_about(org_b) and english_story not in stories_about(org_b)
    # And the English story links to the English profile, not to the Chinese one.
    assert [page.pk for page in english_story.subject_pages()] == [english_org.pk]


@pytest.mark.django_db
def test_english_story_links_to_the_chinese_page_when_there_is_no_translation(stories_index, org_b):
    story = add_story(stories_index, "另一个中文故事", subjects=[org_b])
    english_story = translate_page(story, "en", {})
    assert [page.pk for page in english_story.subject_pages()] == [org_b.pk]


@pytest.mark.django_db
def test_unpublished_subject_is_not_linked_from_the_story(client, stories_index, org_b):
    project = add_project(org_b)
    story = add_story(stories_index, "关于已撤下项目的故事", subjects=[org_b, project])
    project.unpublish()
    assert [page.pk for page in story.subject_pages()] == [org_b.pk]
    assert project.url not in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_a_story_cannot_be_about_a_page_of_another_type(stories_index, home):
    story = add_story(stories_index, "关于首页的故事")
    subject = StorySubject(page=story, subject=home)
    with pytest.raises(ValidationError) as error:
        subject.full_clean()
    assert "subject" in error.value.message_dict
    assert (
        "慈善组织" in error.value.message_dict["subject"][0]
        or "Organisation" in error.value.message_dict["subject"][0]
    )


@pytest.mark.django_db
def test_campaign_page_lists_its_stories(client, stories_index):
    campaign = add_campaign(stories_index, "2025年“慈善一日捐”")
    other = add_story(stories_index, "别的活动里的故事", subjects=[add_campaign(stories_index, "中华慈善日")])
    story = add_story(stories_index, "一日捐里的新故事", subjects=[campaign])
    html = soup(client.get(campaign.url))
    assert story.title in html.get_text()
    assert html.find("a", href=story.url) is not None
    assert other.title not in html.get_text()


@pytest.mark.django_db
def test_profile_queries_stay_bounded_however_many_stories(client, stories_index, org_b):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(org_b.url)  # warm what is kept across requests (site root paths, renditions …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(org_b.url).status_code == 200
        return len(captured)

    add_story(stories_index, "第一个故事", subjects=[org_b])
    before = queries()
    for number in range(15):
        add_story(stories_index, f"更多故事{number}", subjects=[org_b])
    assert queries() == before


@pytest.mark.django_db
def test_story_page_queries_stay_bounded_however_many_subjects(client, stories_index, org_a, org_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(story):
        client.get(story.url)  # warm what is kept across requests (site root paths, renditions …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url).status_code == 200
        return len(captured)

    few = add_story(stories_index, "主题少的故事", subjects=[org_a])
    projects = [add_project(org_b, year) for year in range(2018, 2026)]
    many = add_story(stories_index, "主题多的故事", subjects=[org_a, org_b, *projects])
    assert queries(many) == queries(few)


@pytest.mark.django_db
def test_award_winner_and_its_stories_link_both_ways(client, stories_index):
    from awards import phases
    from tests.awards.factories import make_edition, make_winner

    winner = make_winner(make_edition(phases.Phase.ANNOUNCED), name="婺城区蓝天应急救援协会")
    story = add_story(stories_index, "蓝天救援队的汛期守护", subjects=[winner])
    assert list(stories_about(winner)) == [story]
    html = soup(client.get(winner.url))
    assert story.title in html.get_text() and html.find("a", href=story.url) is not None
    html = soup(client.get(story.url))
    assert [a["href"] for a in html.select(".story__subjects a")] == [winner.url]
