"""Story, campaign and section pages render for the public and in the admin (edit form, preview)."""

import pytest
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from stories.models import CampaignPage, StoryIndexPage, StoryPage
from tests.factories import login, make_user
from tests.stories.factories import (
    add_campaign,
    add_story,
    add_translation,
    gallery_block,
    image_block,
    make_image,
)

VIDEO_URL = "https://video.example.org/watch/charity-day"


@pytest.mark.django_db
def test_story_page_shows_category_date_author_source_and_tags(client, stories_index):
    story = add_story(
        stories_index,
        "有作者和来源的故事",
        category="enterprises",
        author="记者甲",
        source="婺城新闻网",
        source_url="https://news.example.org/1",
        tags=["爱心企业"],
    )
    html = client.get(story.url).content.decode()
    for text in ("爱心企业", "2026-11-01", "记者甲", "婺城新闻网", 'href="https://news.example.org/1"'):
        assert text in html, text


@pytest.mark.django_db
def test_video_block_always_gives_a_link_and_the_transcript(client, stories_index):
    """The embed is Wagtail's (cached in its Embed table, as after a first fetch from the provider)."""
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe src="https://video.example.org/embed/1"></iframe>',  # no title, as providers often do
        provider_name="Example",
    )
    story = add_story(
        stories_index,
        "有视频的故事",
        body=[
            (
                "video",
                {"video": VIDEO_URL, "title": "慈善日视频", "transcript": "志愿者在广场上介绍慈善项目。"},
            )
        ],
    )
    html = client.get(story.url).content.decode()
    assert (
        '<iframe title="慈善日视频" src="https://video.example.org/embed/1">' in html
    )  # named for screen readers
    assert f'href="{VIDEO_URL}"' in html and "慈善日视频" in html
    assert "志愿者在广场上介绍慈善项目。" in html


@pytest.mark.django_db
@pytest.mark.parametrize("model", [StoryIndexPage, StoryPage, CampaignPage])
def test_admin_edit_form_and_preview_work_for_every_story_page_type(client, stories_index, model):
    login(client, make_user("page-admin", superuser=True))
    # Pages as editors fill them: pictures with alt text, a gallery, a quote, campaign figures.
    picture, other = make_image(), make_image()
    body = [
        ("heading", {"text": "活动安排", "level": "h2"}),
        ("paragraph", "<p>正文。</p>"),
        image_block(picture, "一颗红色爱心", "说明"),
        ("quote", {"quote": "能帮一点是一点。", "attribution": "胡师傅"}),
        gallery_block([picture, other], title="图集", alt_text="新建的图书角"),
    ]
    pages = {
        StoryIndexPage: lambda: stories_index,
        StoryPage: lambda: add_story(stories_index, "编辑表单里的故事", tags=["助学"], body=body),
        CampaignPage: lambda: add_campaign(
            stories_index,
            "编辑表单里的活动",
            body=body,
            figures=[("志愿者", "1,260", "人"), ("善款", "28.6", "万元")],
        ),
    }
    page = pages[model]()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    preview = page.make_preview_request()
    assert preview.status_code == 200
    assert page.title in preview.content.decode()


def test_iframes_keep_a_title_they_already_have():
    from wucheng_site.blocks import titled_iframes

    html = '<iframe title="原标题" src="x"></iframe><iframe src="y"></iframe>'
    assert (
        titled_iframes(html, "新标题")
        == '<iframe title="原标题" src="x"></iframe><iframe title="新标题" src="y"></iframe>'
    )
    assert titled_iframes("", "新标题") == ""


@pytest.mark.django_db
def test_sitemap_lists_live_stories_in_both_languages_and_no_draft(client, stories_index):
    story = add_story(stories_index, "进网站地图的故事")
    english = add_translation(story, "A story in the sitemap")
    campaign = add_campaign(stories_index, "进网站地图的活动")
    draft = add_story(stories_index, "不进网站地图的草稿", publish=False)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/stories/{story.slug}/" in body
    assert f"/en/stories/{english.slug}/" in body
    assert f"/stories/{campaign.slug}/" in body
    assert draft.slug not in body
