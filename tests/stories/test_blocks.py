"""Story blocks: alt text is required on every image; campaign figures need a label and a value."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from wagtail.blocks import StreamValue

from stories.blocks import FigureBlock, StoryBodyBlock
from tests.stories.factories import make_image
from wucheng_site.blocks import GalleryBlock, ImageBlock


@pytest.fixture
def image(db):
    return make_image()


@pytest.mark.django_db
def test_image_block_without_alt_text_is_refused(image):
    block = ImageBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": "说明"}))
    assert "alt_text" in error.value.block_errors


@pytest.mark.django_db
def test_image_block_with_alt_text_is_accepted(image):
    block = ImageBlock()
    value = block.clean(block.to_python({"image": image.pk, "alt_text": "一颗红色爱心", "caption": ""}))
    assert value["alt_text"] == "一颗红色爱心"


@pytest.mark.django_db
def test_every_gallery_image_needs_alt_text(image):
    block = GalleryBlock()
    value = block.to_python(
        {
            "title": "",
            "images": [
                {"image": image.pk, "alt_text": "有说明的图", "caption": ""},
                {"image": image.pk, "alt_text": "", "caption": ""},
            ],
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "images" in error.value.block_errors


@pytest.mark.django_db
def test_story_body_with_an_image_without_alt_text_is_refused(image):
    body = StoryBodyBlock()
    value = StreamValue(
        body, [("image", body.child_blocks["image"].to_python({"image": image.pk, "alt_text": ""}))]
    )
    with pytest.raises(ValidationError):
        body.clean(value)


def test_figure_needs_what_is_counted_and_a_value():
    block = FigureBlock()
    for missing in ("label", "value"):
        data = {"label": "募集善款", "value": "386.2", "unit": "万元", "note": ""}
        data[missing] = ""
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python(data))
        assert missing in error.value.block_errors


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_story_with_an_image_without_alt_text_cannot_be_published_or_submitted(
    client, stories_index, image, action
):
    """The same rule through the admin form: a clear error, nothing published or submitted.

    (Wagtail defers required-field validation for plain drafts, so a draft may be saved unfinished;
    publishing and submitting for approval validate in full.)
    """
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from stories.models import StoryPage
    from tests.factories import login, make_user

    login(client, make_user("alt-editor", superuser=True))
    data = nested_form_data(
        {
            "title": "缺少替代文本的故事",
            "slug": "missing-alt",
            "intro": "摘要",
            "date": "2026-11-20",
            "category": "people",
            "tags": "",
            "author": "",
            "source": "",
            "source_url": "",
            "body": streamfield([("image", {"image": image.pk, "alt_text": "", "caption": ""})]),
            "subjects": inline_formset([]),
        }
    )
    data[action] = action
    url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", stories_index.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    # Wagtail's message, in the admin's language (translated by our catalogue of its strings).
    with translation.override("zh-hans"):
        message = gettext("The page could not be created due to validation errors.")
    assert message == "由于验证错误，无法创建页面。"
    assert message in response.content.decode()
    assert not StoryPage.objects.filter(slug="missing-alt").exists()
