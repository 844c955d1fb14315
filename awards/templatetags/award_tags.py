"""The award box on the home page: the current edition's phase and a link (one query)."""

from django import template

from ..presenters import current_edition, phase_summary

register = template.Library()


@register.inclusion_tag("awards/includes/award_box.html", takes_context=True)
def award_box(context):
    page = context.get("page")
    request = context.get("request")
    edition = current_edition(getattr(page, "locale_id", None), request)
    return {
        "request": request,
        "edition": edition,
        **(phase_summary(edition) if edition else {}),
    }
