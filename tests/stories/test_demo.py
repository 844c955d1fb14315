"""The demo stories: a dozen in both languages, with described images, subjects and two campaigns."""

import pytest

from stories.models import CampaignPage, StoryPage


@pytest.mark.django_db
def test_demo_has_a_dozen_live_stories_in_each_language(chinese, english):
    for locale in (chinese, english):
        assert StoryPage.objects.live().filter(locale=locale).count() == 12


@pytest.mark.django_db
def test_demo_english_stories_are_translations_with_english_tags(english):
    for story in StoryPage.objects.filter(locale=english):
        source = story.get_translation(story.locale.get_default())
        assert story.translation_key == source.translation_key
        assert story.title != source.title
        assert all(tag.name.isascii() for tag in story.tags.all()), story.title


@pytest.mark.django_db
def test_every_demo_image_has_alt_text(chinese, english):
    count = 0
    for story in StoryPage.objects.all():
        for block in story.body:
            if block.block_type == "image":
                assert block.value["alt_text"].strip()
                count += 1
            elif block.block_type == "gallery":
                assert all(item["alt_text"].strip() for item in block.value["images"])
                count += len(block.value["images"])
    assert count >= 10


@pytest.mark.django_db
def test_several_demo_stories_are_about_organisations_projects_campaigns_and_winners(chinese):
    kinds = set()
    for story in StoryPage.objects.filter(locale=chinese):
        kinds |= {type(page.specific).__name__ for page in story.subject_pages()}
    assert kinds == {"OrganisationPage", "DisclosurePage", "CampaignPage", "AwardWinnerPage"}


@pytest.mark.django_db
def test_demo_campaigns_have_their_figures_in_both_languages(client, chinese, english):
    for locale in (chinese, english):
        campaigns = CampaignPage.objects.live().filter(locale=locale)
        assert campaigns.count() == 2
        for campaign in campaigns:
            assert len(campaign.figures) >= 3
    english_day = CampaignPage.objects.get(locale=english, slug="one-day-donation-2025")
    html = client.get(english_day.url).content.decode()
    assert "Donations raised" in html and "386.2" in html
