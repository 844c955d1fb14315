"""The blocks of story and campaign pages.

Story bodies reuse the shared blocks of ``wucheng_site.blocks`` (text, media, call-outs, grouped by
UI family); only the campaign figures are particular to this app.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wucheng_site.blocks import (
    RICH_TEXT_FEATURES,
    CalloutBlock,
    GalleryBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
    VideoBlock,
)


class StoryBodyBlock(blocks.StreamBlock):
    """Body of a story or a campaign page: text, images (alt text required), quotes, galleries, video."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    callout = CalloutBlock()


class FigureBlock(blocks.StructBlock):
    """One key figure of a campaign, e.g. “raised — 386.2 — 10,000 yuan — by 31 December”.

    The value is text, not a number, so editors can write “386.2”, “1.2万” or “100%” as the
    campaign reported it; label and unit make it understandable read aloud.
    """

    label = blocks.CharBlock(label=_("What is counted"), max_length=80)
    value = blocks.CharBlock(label=_("Value"), max_length=30)
    unit = blocks.CharBlock(label=_("Unit"), max_length=30, required=False)
    note = blocks.CharBlock(label=_("Note"), max_length=200, required=False, help_text=_("Source or date."))

    class Meta:
        icon = "order"
        label = _("Figure")
        template = "stories/blocks/figure.html"


class FiguresBlock(blocks.StreamBlock):
    figure = FigureBlock()
