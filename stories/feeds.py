"""RSS 2.0 and Atom feeds of a story section, one per language tree (Django syndication).

Served below the section page (``feed/rss/``, ``feed/atom/``), so each language's section has its
own feeds in its own language. Only live, public stories appear: drafts, scheduled stories and
stories behind a view restriction never do.

Dates: a story's publication date is its own date (the field editors set and the listing sorts by),
not the moment its page went live: stories are often put online days or years after they happened,
and a bulk load (the demo, an import) publishes them all in the same second. See docs/stories.md.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_SIZE = 20


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        self.request = request
        self.language = index.locale.language_code
        return index

    def title(self, index):
        return f"{index.title} — {_('Shanxing Wuli — Wucheng charity portal')}"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return _("Charity-culture stories from Wucheng District.")

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return index.stories().defer_streamfields().prefetch_related("tagged_items__tag")[:FEED_SIZE]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.intro

    def item_link(self, story):
        return story.get_full_url(self.request)

    def item_guid(self, story):
        return story.get_full_url(self.request)

    def item_pubdate(self, story):
        return story_pubdate(story)

    def item_updateddate(self, story):
        return story_updateddate(story)

    def item_author_name(self, story):
        return story.author or None

    def item_categories(self, story):
        return [str(story.category_label)] + [item.tag.name for item in story.tagged_items.all()]


def story_pubdate(story):
    """The story's date; its time of first publication if that fell on the same (local) day, else the
    start of that day in the site's time zone (feeds need a time, and the date field has none)."""
    first = story.first_published_at
    if first is not None and timezone.localdate(first) == story.date:
        return first
    return timezone.make_aware(datetime.datetime.combine(story.date, datetime.time.min))


def story_updateddate(story):
    """When the story was changed after it first went live (republished later), else its publication
    date: a story published once has not been updated, whenever that was."""
    published = story_pubdate(story)
    first, last = story.first_published_at, story.last_published_at
    if first is not None and last is not None and last > first and last > published:
        return last
    return published


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
