"""Query helpers for the public pages: what a request needs several times is read once.

A page is drawn by its own ``get_context`` and by template tags of several apps (navigation, latest
stories, the award box …), each of which used to ask the database again for the same things:

- Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is called
  (``private_q``); ``public(queryset, request)`` reads them at most once per request (usually not
  at all: they are kept across requests, see ``kept_with_top_levels``).
- ``Locale.get_default()`` and ``Locale.get_active()`` query each time; ``default_locale_id()`` and
  ``active_locale_id()`` read the (two-row) table once per process.
- ``kept_with_top_levels``: what depends only on the pages of the top two levels of the tree (home
  pages, sections, about pages), view restrictions, Sites and Locales is kept in Django's cache by the
  keeper the home app installs (home/chrome.py, which owns the version that such changes renew);
  without it, once per request.

Here, on the ground floor, so that every app can use them (tests/wucheng_site/test_layers.py).
Without a request (a management command, an e-mail) the helpers still work, they just don't memoise.
Measured by tests/wucheng_site/test_page_cost.py and bench/page_cost.py.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction


def per_request(request, key, compute):
    """``compute()`` once per request (kept on the request, which dies with it); every call without a
    request computes again."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_wucheng_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def read_restricted_sections():
    """[(path, depth)] of every page that carries a view restriction: the roots of private sections."""
    return [(r.page.path, r.page.depth) for r in PageViewRestriction.objects.select_related("page")]


_keeper = None


def install_keeper(keeper):
    """``keeper(request, name, compute)``: keeps ``compute()``'s value across requests and renews it when
    the top levels of the tree change (home.chrome.kept_with_chrome)."""
    global _keeper
    _keeper = keeper


def kept_with_top_levels(request, name, compute):
    """``compute()``, kept by the installed keeper, else once per request. Only for what depends on
    nothing but the pages of the top two levels, view restrictions, Sites, Locales and the site
    settings. ``name``: a tuple of strings and numbers."""
    if _keeper is None or request is None:
        return per_request(request, name, compute)
    return _keeper(request, name, compute)


def restricted_sections(request=None):
    """``read_restricted_sections()``, kept across requests (a change of restriction renews it)."""
    return kept_with_top_levels(request, ("restricted",), read_restricted_sections)


def private_q(request=None):
    """Wagtail's condition for pages in a private section (``PageQuerySet.private_q``: the restricted
    pages and their descendants)."""
    q = Q()
    for path, depth in restricted_sections(request):
        q |= Q(path__startswith=path) & Q(depth__gte=depth)
    # do not match any page if no private section exists (as Wagtail does)
    return q if q else Q(pk__in=[])


def public(queryset, request=None):
    """``queryset.public()`` without a query for the view restrictions each time."""
    return queryset.exclude(private_q(request))


def is_public(page, request=None):
    """Whether ``page`` is outside every private section (``public()`` for a page in hand)."""
    return not any(
        page.path.startswith(path) and page.depth >= depth for path, depth in restricted_sections(request)
    )


# {database name: {language code: Locale id}}: like Django's ContentType cache, kept for the life of
# the process (locales are added once and never renumbered) and dropped when a Locale is saved or
# deleted (home/chrome.py connects ``forget_locales``).
_locale_ids = {}


def locale_ids():
    """{language code: Locale id}: the two-row table, read once per process."""
    name = connection.settings_dict["NAME"]
    if name not in _locale_ids:
        _locale_ids[name] = dict(Locale.objects.values_list("language_code", "pk"))
    return _locale_ids[name]


def forget_locales(**kwargs):
    _locale_ids.clear()


def _locale_id(language_code):
    """The id of the Locale Wagtail's ``Locale.objects.get_for_language`` finds, or None."""
    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError:
        return None
    ids = locale_ids()
    if code not in ids:
        forget_locales()  # added since: read again
        ids = locale_ids()
    return ids.get(code)


def default_locale_id():
    """The id of ``Locale.get_default()`` (the Chinese tree), without a query."""
    return _locale_id(settings.LANGUAGE_CODE)


def active_locale_id():
    """The id of ``Locale.get_active()``: the active language's, else the default."""
    return _locale_id(get_language() or settings.LANGUAGE_CODE) or default_locale_id()
