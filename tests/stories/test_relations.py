"""A story's subjects, both ways: the story lists them; their pages list the story."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from disclosures.models import DisclosurePage
from home.translation import translate_page
from stories.models import StorySubject
from stories.relations import stories_about
from tests.factories import soup
from tests.stories.factories import add_story


@pytest.mark.django_db
def test_story_page_lists_the_organisations_and_projects_it_is_about(client, stories_index, org_b):
    project = DisclosurePage.objects.child_of(org_b).get(slug="2025-projects")
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
    project = DisclosurePage.objects.child_of(org_b).get(slug="2025-projects")
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
    project = DisclosurePage.objects.child_of(org_b).get(slug="2025-projects")
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
    from stories.models import CampaignPage

    campaign = CampaignPage.objects.child_of(stories_index).get(slug="one-day-donation-2025")
    story = add_story(stories_index, "一日捐里的新故事", subjects=[campaign])
    html = soup(client.get(campaign.url))
    assert story.title in html.get_text()


@pytest.mark.django_db
def test_profile_queries_stay_bounded_however_many_stories(client, stories_index, org_b):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

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
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url).status_code == 200
        return len(captured)

    few = add_story(stories_index, "主题少的故事", subjects=[org_a])
    projects = list(DisclosurePage.objects.child_of(org_b)[:8])
    many = add_story(stories_index, "主题多的故事", subjects=[org_a, org_b, *projects])
    assert queries(many) == queries(few)


@pytest.mark.django_db
def test_award_winner_and_its_stories_link_both_ways(client):
    from awards.models import AwardWinnerPage

    winner = AwardWinnerPage.objects.get(slug="winner-collective", locale__language_code="zh-hans")
    stories = list(stories_about(winner))
    assert stories, "the demo has a story about the 2023 collective winner"
    assert stories[0].title in client.get(winner.url).content.decode()
    assert winner.title in client.get(stories[0].url).content.decode()
