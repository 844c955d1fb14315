"""Story factories: stories, campaigns, story pictures and English translations.

They build the same shapes as the demo (demo/stories.py) with the product's own pieces: pages added
below the story section and published through a revision, translations through wagtail-localize
(``home.translation.translate_page``), pictures as Wagtail images drawn with Pillow.
"""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from home.translation import translate_page
from stories.models import CampaignPage, StoryPage, StorySubject

_numbers = itertools.count()


def add_story(index, title, publish=True, subjects=(), tags=(), **fields):
    """A story below ``index``; published unless ``publish`` is False (then a never-published draft).

    ``subjects``: pages the story is about (organisations, disclosures, campaigns, award winners)."""
    values = {
        "date": datetime.date(2026, 11, 1),
        "category": "people",
        "intro": f"{title}的摘要。",
        "body": [("paragraph", f"<p>{title}的正文。</p>")],
    }
    values.update(fields)
    story = StoryPage(title=title, slug=f"test-story-{next(_numbers)}", live=False, **values)
    story.tags.add(*tags)
    for subject in subjects:
        story.subjects.add(StorySubject(subject=subject))
    index.add_child(instance=story)
    revision = story.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    story.refresh_from_db()
    return story


def add_campaign(index, title, publish=True, figures=None, **fields):
    """A campaign (e.g. 慈善一日捐) below ``index`` with key figures; published unless ``publish`` is False.

    ``figures``: (label, value, unit) triples; by default one figure, as the demo's campaigns have."""
    values = {
        "start_date": datetime.date(2025, 3, 1),
        "end_date": datetime.date(2025, 12, 31),
        "intro": f"{title}的摘要。",
        "figures_note": "数据来源：测试。",
        "body": [("paragraph", f"<p>{title}的介绍。</p>")],
    }
    values.update(fields)
    if figures is None:
        figures = [("募集善款", "386.2", "万元")]
    values["figures"] = [
        ("figure", {"label": label, "value": value, "unit": unit, "note": ""})
        for label, value, unit in figures
    ]
    campaign = CampaignPage(title=title, slug=f"test-campaign-{next(_numbers)}", live=False, **values)
    index.add_child(instance=campaign)
    revision = campaign.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    campaign.refresh_from_db()
    return campaign


def make_image(title=None, size=(160, 100), background="#fde8e6", foreground="#a8231b"):
    """A small picture (a disc on a plain background, drawn here: no file needed) as a Wagtail image in
    the 慈善文化 collection, where the story editors keep their pictures."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    n = next(_numbers)
    picture = PILImage.new("RGB", size, background)
    w, h = size
    ImageDraw.Draw(picture).ellipse((w / 4, h / 4, 3 * w / 4, 3 * h / 4), fill=foreground)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    collection = Collection.objects.filter(name="慈善文化").first() or Collection.get_first_root_node()
    image = get_image_model()(title=title or f"测试插图{n}", collection=collection)
    image.file = ImageFile(buffer, name=f"test-story-{n}.png")
    image.save()
    return image


def image_block(image, alt_text="插图：浅粉色背景上的一个红色圆", caption=""):
    """An ``image`` block of a story or campaign body (a (kind, value) pair for ``body=[...]``)."""
    return ("image", {"image": image, "alt_text": alt_text, "caption": caption})


def gallery_block(images, title="", alt_text="插图", caption=""):
    """A ``gallery`` block of at least two pictures, each with ``alt_text`` and ``caption``."""
    return (
        "gallery",
        {
            "title": title,
            "images": [{"image": image, "alt_text": alt_text, "caption": caption} for image in images],
        },
    )


def add_translation(page, title, strings=None, tags=()):
    """The published English translation of ``page`` (a story or campaign) through wagtail-localize,
    as the demo makes them: ``title`` and ``strings`` (Chinese → English) translated, other text left
    in Chinese; a story gets the English ``tags`` of its own (tags are not translatable strings)."""
    english = translate_page(page, "en", {page.title: title, **(strings or {})})
    if tags:
        english.tags.set(list(tags))
        english.save_revision().publish(skip_permission_checks=True)
        english.refresh_from_db()
    return english
