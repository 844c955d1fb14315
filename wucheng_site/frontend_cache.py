"""Purging the caching proxy when what it shows changes (docs/caching.md).

Wagtail's frontend cache purges only the page that was published or unpublished. A page here also
appears on the pages above it (its section listing, the organisation profile a disclosure sits under,
home), on pages that link to it or that it links to (the reference index knows both), and on the
site-wide lists (sitemap, feeds, open data). ``purge_for_pages`` purges all of those, after the
transaction commits — purging earlier would let a visitor's request put the old version back in the
cache before the new one is visible. The signal handlers below call it on publish, unpublish, move and
delete, and for settings and snippet changes (which show on every page); the importer calls it once
per run.

The proxy's cache key includes the display-mode cookie, so each URL is purged once per display mode
(``ProxyPurgeBackend``). The Wagtail app ``wagtail.contrib.frontend_cache`` is deliberately not
installed: its own handlers would purge the same page a second time; its backends and utilities are
used as they are.
"""

import logging
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, ReferenceIndex

from .language_fallback import prefixed, urls_in
from .page_queries import default_locale_id

logger = logging.getLogger("wucheng.frontend_cache")

# More related pages than this (a page linked from hundreds of others) are left to expire by themselves.
MAX_REFERENCES = 200
# More pages than this changed at once (an import): only what lists them is purged (urls_for_pages).
MAX_PURGE_PAGES = 2000
# "Everything changed" (a setting, a snippet): beyond this many live pages only the listings (pages
# with children) and home are purged; the rest expire within PAGE_CACHE_SECONDS.
MAX_PURGE_ALL = 5000


class ProxyPurgeBackend(HTTPBackend):
    """Sends ``PURGE`` for a URL once for each display mode, with keep-alive-free plain requests."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""])
        for mode in settings.DISPLAY_MODES:
            headers = {"Host": host}
            if mode != settings.DISPLAY_MODES[0]:
                headers["Cookie"] = f"{settings.DISPLAY_MODE_COOKIE}={mode}"
            try:
                # A 404 only says the proxy had no copy to drop.
                urlopen(PurgeRequest(url=target, headers=headers), timeout=5).close()  # noqa: S310 (LOCATION is ours)
            except OSError as error:
                if getattr(error, "code", None) != 404:
                    logger.error("Could not purge %s (%s): %s", url, mode, error)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_paths(page):
    """The page's own path and its argument-less sub-routes (feeds, the compliance overview …)."""
    paths = ["/"]
    get_subpage_urls = getattr(type(page), "get_subpage_urls", None)
    if get_subpage_urls:
        for pattern in get_subpage_urls():
            route = str(pattern.pattern)
            if route and "<" not in route and not route.startswith("^"):
                paths.append("/" + route)
    return paths


def page_urls(page, cache_object):
    """The page's URLs, and for a Chinese page its addresses on the other languages' sites, where it
    shows while it has no translation (wucheng_site/language_fallback.py)."""
    with urls_in(None):
        base = page.get_full_url(cache_object)
    if not base:
        return []
    bases = [base]
    if page.locale_id == default_locale_id():
        parts = urlsplit(base)
        for code, _name in settings.LANGUAGES:
            if code != settings.LANGUAGE_CODE:
                bases.append(urlunsplit(parts._replace(path=prefixed(parts.path, code))))
    return [b + path.lstrip("/") for b in bases for path in page_paths(page)]


def site_wide_urls():
    """Absolute URLs of the lists that show every kind of page, on every site: each app registers its
    own with the ``site_wide_cached_paths`` hook (paths, e.g. ``/open-data/disclosures.csv``)."""
    from django.urls import reverse
    from wagtail.models import Site

    paths = [reverse("sitemap")]
    for hook in hooks.get_hooks("site_wide_cached_paths"):
        paths.extend(hook())
    return [site.root_url + path for site in Site.objects.all() for path in paths]


def related_pages(pages):
    """Ancestors (listings that show the pages) and live pages that reference them or that they
    reference, in three queries whatever the number of pages (the importer purges thousands at once)."""
    from django.contrib.contenttypes.models import ContentType

    page_type = ContentType.objects.get_for_model(Page)
    ids = {page.pk for page in pages}
    ancestor_paths = {path for page in pages for path in _ancestor_paths(page)}
    related = set(Page.objects.filter(path__in=ancestor_paths).values_list("pk", flat=True))
    keys = [str(pk) for pk in ids]
    references = ReferenceIndex.objects.filter(base_content_type=page_type, to_content_type=page_type)
    related.update(
        int(pk)
        for pk in references.filter(to_object_id__in=keys).values_list("object_id", flat=True)[
            :MAX_REFERENCES
        ]
    )
    related.update(
        int(pk)
        for pk in references.filter(object_id__in=keys).values_list("to_object_id", flat=True)[
            :MAX_REFERENCES
        ]
    )
    return Page.objects.filter(pk__in=related - ids).live().specific(defer=True)


class _UrlCache:
    """Wagtail keeps the sites' root paths on this object while building many URLs."""


def urls_for_pages(pages, *, related=True):
    """The URLs to purge for ``pages`` (any iterable, read once: a generator of 10^5 pages is never
    held in memory whole). With ``related``, beyond ``MAX_PURGE_PAGES`` pages (a large import) only
    what lists them is purged: their ancestors (organisation profiles, sections, home) and the
    site-wide lists, not each page nor what links to it; their own cached copies — for new pages at
    most a 404 someone asked for early — expire within PAGE_CACHE_SECONDS. (``purge_everything``
    bounds its own list.)"""
    cache_object = _UrlCache()
    kept, ancestor_paths, count = [], set(), 0
    for page in pages:
        if not page.pk:
            continue
        count += 1
        if not related or count <= MAX_PURGE_PAGES:
            kept.append(page)
        else:
            ancestor_paths.update(_ancestor_paths(page))
    if related and count > MAX_PURGE_PAGES:
        ancestor_paths.update(path for page in kept for path in _ancestor_paths(page))
        listings = list(Page.objects.filter(path__in=ancestor_paths).live().specific(defer=True))
        logger.info("%d pages changed at once: purging their %d listings only", count, len(listings))
        urls = {url for page in listings for url in page_urls(page, cache_object)}
        return urls | set(site_wide_urls())
    urls = set()
    for page in kept:
        urls.update(page_urls(page.specific_deferred, cache_object))
    if related and kept:
        for page in related_pages(kept):
            urls.update(page_urls(page, cache_object))
        urls.update(site_wide_urls())
    return urls


def _ancestor_paths(page):
    """Paths of the page's ancestors below the tree's root (the home page and down)."""
    step = Page.steplen
    return (page.path[:end] for end in range(2 * step, len(page.path), step))


def purge_urls(urls):
    """Purge now if no transaction is open, else as soon as it commits."""
    urls = sorted(urls)
    if urls and enabled():
        transaction.on_commit(lambda: purge_urls_from_cache(urls))


def purge_for_pages(pages):
    """Purge the pages, everything that lists or links them and the site-wide lists."""
    if enabled():
        purge_urls(urls_for_pages(pages))


def purge_everything():
    """After a change that shows on every page (site settings, navigation, a snippet)."""
    if not enabled():
        return
    live = Page.objects.live().filter(depth__gt=1)
    if live.count() > MAX_PURGE_ALL:
        live = live.filter(numchild__gt=0) | Page.objects.live().filter(depth=2)
    purge_urls(urls_for_pages(live.specific(defer=True), related=False) | set(site_wide_urls()))


def _live_subtree(page):
    return [page, *page.get_descendants().live().specific(defer=True)]


def _on_publish_or_unpublish(sender, instance, **kwargs):
    purge_for_pages([instance])


def _on_move(sender, instance, **kwargs):
    # Sent before the move (the old URLs) and after it (the new ones).
    purge_for_pages(_live_subtree(instance))


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live and enabled():
        purge_for_pages([instance])


def _on_everywhere_change(sender, instance, **kwargs):
    """Site settings and snippets show on every page (header, footer, navigation, related lists)."""
    if not enabled() or isinstance(instance, Page):
        return
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.snippets.models import get_snippet_models

    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)) or sender in get_snippet_models():
        purge_everything()


def connect_signals():
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    page_published.connect(_on_publish_or_unpublish, dispatch_uid="frontend_cache_publish")
    page_unpublished.connect(_on_publish_or_unpublish, dispatch_uid="frontend_cache_unpublish")
    pre_page_move.connect(_on_move, dispatch_uid="frontend_cache_pre_move")
    post_page_move.connect(_on_move, dispatch_uid="frontend_cache_post_move")
    pre_delete.connect(_on_delete, dispatch_uid="frontend_cache_delete")
    # Snippets are registered after this app is ready, so the handler looks at each save's model.
    post_save.connect(_on_everywhere_change, dispatch_uid="frontend_cache_everywhere_save")
    post_delete.connect(_on_everywhere_change, dispatch_uid="frontend_cache_everywhere_delete")
