"""Story pieces other sections' templates include: stories about a page, latest stories, feed links.

Inclusion tags, so the organisation profile, the disclosure page and the home page need one line
each and no change to their views.
"""

from django import template

from ..models import StoryIndexPage
from ..relations import stories_about

register = template.Library()

ABOUT_LIMIT = 10


def _section(locale_id):
    return StoryIndexPage.objects.live().public().filter(locale_id=locale_id).order_by("path").first()


@register.inclusion_tag("stories/includes/stories_about.html")
def stories_about_page(page, limit=ABOUT_LIMIT):
    """At most ``limit`` stories about ``page`` (one query), and whether there are more."""
    stories = list(stories_about(page)[: limit + 1])
    return {"subject": page, "stories": stories[:limit], "more": len(stories) > limit}


@register.inclusion_tag("stories/includes/latest_stories.html", takes_context=True)
def latest_stories(context, count=3):
    """The ``count`` newest live stories of the current page's language (two queries)."""
    page = context.get("page")
    section = _section(page.locale_id) if page is not None else None
    stories = []
    if section is not None:
        stories = list(section.stories().defer_streamfields()[:count])
    return {"section": section, "stories": stories, "request": context.get("request")}


@register.inclusion_tag("stories/includes/feed_links.html", takes_context=True)
def story_feed_links(context, section=None):
    """``<link rel="alternate">`` to the RSS and Atom feeds of the current language's story section."""
    if section is None:
        page = context.get("page")
        section = _section(page.locale_id) if page is not None else None
    return {"section": section, "request": context.get("request")}
