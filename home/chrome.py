"""The page chrome every public page draws: main navigation, footer links, each language's home page.

Read from the database they cost five queries (navigation setting, its items, their translations,
the home pages, the footer's standard pages) on every page, and they change only when an editor
changes the navigation or a page near the top of the tree. So each worker process builds them once
per site and language and keeps them in memory under ``SiteSettings.chrome_version``: the row every
page reads anyway for its footer. (Not in Django's cache: a worker rebuilds them in ten queries after
a change, which is rare, and memory needs no round trip to Redis nor unpickling on every page.)

Other things that depend only on those top levels of the tree are kept the same way
(``kept_with_chrome``, installed as ``wucheng_site.page_queries``'s keeper so every app can use it):
the private sections (view restrictions), which nearly every listing needs
(``page_queries.public``); the home page's children, which routing every URL goes through
(HomePage.route) and the home page lists; each language's story section.

The version is a new random value after every change that can alter what is kept (``bump``,
connected below): a page of the top two levels (home pages, sections, the about pages) saved,
published, unpublished or deleted; any page moved; a page the navigation points at published,
unpublished or deleted; the navigation or the site settings saved; a view restriction, a Site or a
Locale changed. Being in the database, the version changes in the same transaction as the change:
every worker sees both at once, and a rolled-back change rolls it back too. The first page a worker
serves after a change costs up to ten queries more (tests/wucheng_site/test_page_cost.py).
"""

import copy
import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.views import serve as wagtail_serve

from wucheng_site import page_queries
from wucheng_site.page_queries import forget_locales, private_q

CACHE_TIMEOUT = 24 * 60 * 60
# What is kept, by (site, version, name): a few entries per site and version.
_kept = {}
KEPT_LIMIT = 500
# Pages at this depth or above are the home pages (2) and their children (3): sections, about pages.
TOP_DEPTH = 3
NAV_KEYS = "wucheng:chrome:navigation-keys"
EMPTY = {"home_key": None, "homes": {}, "navigation": [], "footer": []}
MISSING = object()
# The Site each (hostname, port) resolved to, with the chrome version it was found under.
_sites = {}


def chrome(request):
    """{"home_key", "homes": {language: url}, "navigation": [{label, url, pk, path}], "footer":
    [{title, url}]} for the request's site in the active language."""
    if request is None:
        return EMPTY
    return kept_with_chrome(request, ("chrome", get_language()), lambda: build(request), default=EMPTY)


def kept_with_chrome(request, name, compute, default=None):
    """``compute()`` for the request's site, kept in this process under the chrome's version (and
    once per request). Only for what depends on nothing but the pages of the top two levels, view
    restrictions, Sites, Locales and the settings: the changes that renew the version. The value is
    shared by the requests that follow: never change it. ``name``: a tuple of strings and numbers;
    ``default`` when the request has no site."""
    from .models import SiteSettings

    def fetch():
        site = Site.find_for_request(request)
        if site is None:
            return default
        key = (site.pk, SiteSettings.for_request(request).chrome_version, *name)
        value = _kept.get(key, MISSING)
        if value is MISSING:
            value = compute()
            if len(_kept) >= KEPT_LIMIT:
                _kept.clear()  # old versions' entries: rebuilt cheaply if still wanted
            _kept[key] = value
        return value

    if request is None:
        return compute()
    return page_queries.per_request(request, name, fetch)


def find_site(request):
    """Put the request's Site and SiteSettings on the request (where ``Site.find_for_request`` and
    ``SiteSettings.for_request`` look first) in the one query that reads the settings.

    Wagtail finds the Site with a query of its own on every request. Here the Site a host and port
    resolved to is kept in this process with the chrome version read alongside it: any change of a Site
    writes a new version into every site's settings row (``bump``), so when the row read for this
    request still has the kept version, the kept Site is still the answer. Otherwise (or with no
    settings row: the site was deleted) Wagtail finds it again. The root page is kept as its specific
    page (a home page change renews the version too). Each request gets its own copies, so
    nothing a request caches on them is seen by the next one."""
    from .models import SiteSettings

    if hasattr(request, "_wagtail_site"):
        return
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    kept = _sites.get(key)
    settings_row = None
    if kept is not None:
        site, root_page, version = kept
        settings_row = SiteSettings.base_queryset().filter(site_id=site.pk).first()
        if settings_row is not None and settings_row.chrome_version == version:
            site = copy.copy(site)
            site.root_page = copy.copy(root_page)
            request._wagtail_site = site
            _settings_on_request(request, settings_row)
            return
    site = Site.find_for_request(request)
    if site is not None:
        if settings_row is not None and settings_row.site_id == site.pk:
            _settings_on_request(request, settings_row)  # still the same site: not read twice
        version = SiteSettings.for_request(request).chrome_version
        if len(_sites) >= KEPT_LIMIT:
            _sites.clear()  # hosts of a Host-header scan: found again if still wanted
        # The root page as its specific type: routing asks for ``root_page.localized.specific``, which
        # then costs no query in the default language.
        _sites[key] = (copy.copy(site), copy.copy(site.root_page.specific), version)


def _settings_on_request(request, settings_row):
    """Where ``SiteSettings.for_request`` looks first, as it would have left it."""
    from .models import SiteSettings

    settings_row._request = request
    setattr(request, SiteSettings.get_cache_attr_name(), settings_row)


class SiteMiddleware:
    """``find_site`` before Wagtail's page view asks for the site. Only there: other views (``/healthz``,
    which must answer while the database is down, the admin, the API) find it Wagtail's way if at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve:
            find_site(request)


def build(request):
    """The chrome of the request's site in the active language, from the database."""
    from .models import NavigationSettings, StandardPage

    site = Site.find_for_request(request)
    homes = {
        page.locale.language_code: page
        for page in Page.objects.filter(translation_key=site.root_page.translation_key)
        .live()
        .select_related("locale")
    }
    home = homes.get(get_language())
    footer = []
    if home is not None:
        footer = [
            {"title": page.title, "url": page.get_url(request)}
            for page in home.get_children()
            .live()
            .exclude(private_q(request))
            .type(StandardPage)
            .order_by("path")
        ]
    navigation = [
        {"label": item["label"], "url": item["url"], "pk": item["page"].pk, "path": item["page"].path}
        for item in NavigationSettings.for_site(site).items_for_language(request)
    ]
    return {
        "home_key": str(site.root_page.translation_key),
        "homes": {code: page.get_url(request) for code, page in homes.items()},
        "navigation": navigation,
        "footer": footer,
    }


def bump():
    """Give every site's chrome a new version (its cached copy is then rebuilt on the next page)."""
    from .models import SiteSettings

    SiteSettings.objects.update(chrome_version=uuid.uuid4().hex)


def navigation_keys():
    """Translation keys of the pages the navigation points at (kept in the cache: asked on every
    publish of a page below the top levels, which the importer does in bulk)."""
    keys = cache.get(NAV_KEYS)
    if keys is None:
        from .models import NavigationItem

        keys = {str(key) for key in NavigationItem.objects.values_list("page__translation_key", flat=True)}
        cache.set(NAV_KEYS, keys, CACHE_TIMEOUT)
    return keys


def _shown(page):
    """Whether ``page`` may appear in the chrome."""
    return (page.depth or 0) <= TOP_DEPTH or str(page.translation_key) in navigation_keys()


def _page_saved(sender, instance, raw=False, **kwargs):
    if not raw and (instance.depth or 0) <= TOP_DEPTH:
        bump()


def _page_changed(sender, instance, **kwargs):
    if _shown(instance):
        bump()


def _navigation_changed(sender, raw=False, **kwargs):
    cache.delete(NAV_KEYS)
    if not raw:
        bump()


def _changed(sender, raw=False, **kwargs):
    if not raw:
        bump()


def connect():
    """Called once from HomeConfig.ready: the keeper of ``wucheng_site.page_queries``, and the
    receivers that renew the version. Receivers per page model, not for every model: a
    ``post_delete`` receiver for all senders would stop Django's fast deletes everywhere."""
    from wagtail.models import get_page_models

    from .models import NavigationItem, NavigationSettings, SiteSettings

    page_queries.install_keeper(kept_with_chrome)

    for model in get_page_models():
        label = model._meta.label
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"chrome-{label}-saved")
        post_delete.connect(_page_changed, sender=model, dispatch_uid=f"chrome-{label}-deleted")
    page_published.connect(_page_changed, dispatch_uid="chrome-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="chrome-page-unpublished")
    post_page_move.connect(_changed, dispatch_uid="chrome-page-moved")
    for model in (NavigationSettings, NavigationItem):
        post_save.connect(_navigation_changed, sender=model, dispatch_uid=f"chrome-{model.__name__}-saved")
        post_delete.connect(
            _navigation_changed, sender=model, dispatch_uid=f"chrome-{model.__name__}-deleted"
        )
    # SiteSettings too: a save writes back the version it was loaded with, which may be an old one.
    for model in (PageViewRestriction, Site, Locale, SiteSettings):
        post_save.connect(_changed, sender=model, dispatch_uid=f"chrome-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"chrome-{model.__name__}-deleted")
    post_save.connect(forget_locales, sender=Locale, dispatch_uid="locale-ids-saved")
    post_delete.connect(forget_locales, sender=Locale, dispatch_uid="locale-ids-deleted")
