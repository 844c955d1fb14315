"""The award box on the home page: the current edition's phase and a link (one query); the awards an
organisation won, for its profile."""

from django import template
from django.utils.html import format_html

from ..presenters import awards_won, current_edition, phase_summary

register = template.Library()


@register.inclusion_tag("awards/includes/award_box.html", takes_context=True)
def award_box(context):
    page = context.get("page")
    request = context.get("request")
    edition = current_edition(getattr(page, "locale_id", None), request)
    return {
        "request": request,
        "edition": edition,
        # The link goes into a translated sentence as one placeholder, so each language keeps its own
        # punctuation around it (Chinese ：。, English : .) and translators see no markup.
        "edition_link": format_html('<a href="{}">{}</a>', edition.get_url(request), edition.title)
        if edition
        else "",
        **(phase_summary(edition) if edition else {}),
    }


@register.simple_tag(takes_context=True, name="awards_won")
def awards_won_tag(context, organisation):
    """``{% awards_won page as awards %}``: the published awards ``organisation`` won (one query)."""
    return awards_won(organisation, context.get("request"))
