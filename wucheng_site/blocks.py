"""StreamField blocks shared by content pages (standard pages now, stories and policies later).

Grouped by UI family, as in sites-faciles: text, media, call-outs.
"""

import re

from django.db.models import TextChoices
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingLevel(TextChoices):
    """Limited to h2/h3 so pages keep a valid outline under the h1 title; the value is the HTML tag."""

    H2 = "h2", _("Level 2 heading")
    H3 = "h3", _("Level 3 heading")


class HeadingBlock(blocks.StructBlock):
    """A section heading (HeadingLevel)."""

    text = blocks.CharBlock(label=_("Heading text"), max_length=120)
    level = blocks.ChoiceBlock(choices=HeadingLevel.choices, default=HeadingLevel.H2.value, label=_("Level"))

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


# --- Media family, added with the stories issue: galleries and video -------------------------------


class GalleryImageBlock(ImageBlock):
    """One picture of a gallery: the fields of ImageBlock (alternative text required); the gallery
    template lays the pictures out, so no template of its own."""

    class Meta:
        icon = "image"
        label = _("Gallery image")
        template = None


class GalleryBlock(blocks.StructBlock):
    """Several pictures shown together, each with its own alternative text and caption."""

    title = blocks.CharBlock(label=_("Gallery title"), required=False, max_length=120)
    images = blocks.ListBlock(GalleryImageBlock(), min_num=2, label=_("Images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "components/blocks/gallery.html"


IFRAME_WITHOUT_TITLE = re.compile(r"<iframe(?![^>]*\btitle=)", re.IGNORECASE)


def titled_iframes(html, title):
    """Provider embed HTML with ``title`` on every iframe that has none: a frame needs an accessible
    name (WCAG 4.1.2), and oEmbed providers often leave it out."""
    return IFRAME_WITHOUT_TITLE.sub(lambda match: f'<iframe title="{escape(title)}"', html)


class VideoBlock(blocks.StructBlock):
    """A video from an oEmbed provider, always with a plain link and an optional transcript.

    The embed needs the provider and JavaScript-free iframes; the link and the transcript make sure
    readers without either (or with a strict Content-Security-Policy) still get the content.
    """

    video = EmbedBlock(label=_("Video address"), help_text=_("The address of the video's page."))
    title = blocks.CharBlock(
        label=_("Video title"),
        max_length=200,
        help_text=_("Names the video for screen readers and for the plain link shown under it."),
    )
    transcript = blocks.TextBlock(
        label=_("Transcript or description"),
        required=False,
        help_text=_("What is said and shown, for readers who cannot watch the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        video = value.get("video")
        # The provider's HTML, as Wagtail's embed finder returned it (trusted like any EmbedBlock).
        context["embed_html"] = mark_safe(titled_iframes(video.html if video else "", value.get("title", "")))
        return context
