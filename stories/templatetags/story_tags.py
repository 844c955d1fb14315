"""Story pieces other sections' templates include: stories about a page, latest stories, feed links.

Inclusion tags, so the organisation profile, the disclosure page and the home page need one line
each and no change to their views.
"""

from django import template

from wucheng_site.page_queries import kept_with_top_levels, public

from ..models import StoryIndexPage
from ..relations import stories_about

register = template.Library()

ABOUT_LIMIT = 10


def _section(locale_id, request=None):
    """The story section of a language: a page of the top levels of the tree, so kept across
    requests (the feed links and the home page's latest stories both ask). Asked only for its title,
    its URLs and ``stories()`` (never for ``get_children()``: its ``numchild`` may be older)."""
    return kept_with_top_levels(
        request,
        ("story-section", locale_id),
        lambda: (
            public(StoryIndexPage.objects.live().filter(locale_id=locale_id), request)
            .order_by("path")
            .first()
        ),
    )


@register.inclusion_tag("stories/includes/stories_about.html", takes_context=True)
def stories_about_page(context, page, limit=ABOUT_LIMIT):
    """At most ``limit`` stories about ``page`` (one query), and whether there are more."""
    request = context.get("request")
    stories = list(stories_about(page, request)[: limit + 1])
    return {"subject": page, "stories": stories[:limit], "more": len(stories) > limit, "request": request}


@register.inclusion_tag("stories/includes/latest_stories.html", takes_context=True)
def latest_stories(context, count=3):
    """The ``count`` newest live stories of the current page's language (two queries)."""
    page = context.get("page")
    request = context.get("request")
    section = _section(page.locale_id, request) if page is not None else None
    stories = []
    if section is not None:
        stories = list(section.stories(request).defer_streamfields()[:count])
    return {"section": section, "stories": stories, "request": request}


@register.inclusion_tag("stories/includes/feed_links.html", takes_context=True)
def story_feed_links(context, section=None):
    """``<link rel="alternate">`` to the RSS and Atom feeds of the current language's story section."""
    request = context.get("request")
    page = context.get("page")
    if section is None and page is not None:
        # A story's or campaign's own section, which routing has already loaded.
        parent = getattr(page, "_cached_parent_obj", None)
        if isinstance(parent, StoryIndexPage) and parent.live:
            section = parent
        else:
            section = _section(page.locale_id, request)
    return {"section": section, "request": request}
