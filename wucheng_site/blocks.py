"""StreamField blocks shared by content pages (standard pages now, stories and policies later).

Grouped by UI family, as in sites-faciles: text, media, call-outs.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level is limited to h2/h3 so pages keep a valid outline under the h1 title."""

    text = blocks.CharBlock(label=_("Heading text"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2 heading")), ("h3", _("Level 3 heading"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    """An image whose alternative text is required: screen-reader users must get the same information."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key message, e.g. how to get help or a deadline."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "components/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class BodyBlock(blocks.StreamBlock):
    """Body of a standard page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Body"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
