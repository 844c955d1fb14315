"""Template tags for the page chrome: language switcher, breadcrumbs, navigation (home: they read the
navigation and site settings kept there).

What does not depend on the page (navigation, footer links, home pages) comes from ``home.chrome``
(cached across requests); what does (translations of the page, its ancestors) costs at most one
query each, once per request.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from home.chrome import chrome
from wucheng_site.page_queries import locale_ids, per_request

register = template.Library()


def _live_translations(page):
    """{language code: live page} for ``page`` and its translations, in one query (only what their
    URL needs)."""
    codes = {pk: code for code, pk in locale_ids().items()}
    return {
        codes.get(p.locale_id): p
        for p in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .only("url_path", "locale_id")
    }


def home_pages(request):
    """{language code: URL of the home page} of the request's site."""
    return chrome(request)["homes"]


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: where the switcher should send the visitor.

    On a page, the same page in the other language where a live translation exists, otherwise that
    language's home page; elsewhere (search …), the same URL under the other language's prefix.
    """
    request = context.get("request")
    page = context.get("page")

    def compute():
        current = get_language()
        on_page = isinstance(page, Page)
        homes = home_pages(request) if on_page else {}
        if on_page and str(page.translation_key) == chrome(request)["home_key"]:
            translations = {}  # a home page: its translations are the home pages
        elif on_page:
            translations = {code: p.get_url(request) for code, p in _live_translations(page).items()}
        links = []
        for code, name in settings.LANGUAGES:
            if on_page:
                url = translations.get(code) or homes.get(code)
            elif request is not None:
                url = translate_url(request.get_full_path(), code)
            else:
                url = None
            if url:
                full_url = request.build_absolute_uri(url) if request is not None else url
                links.append(
                    {"code": code, "name": name, "url": url, "full_url": full_url, "current": code == current}
                )
        return links

    return per_request(request, ("language_links", getattr(page, "pk", None)), compute)


def _routed_ancestors(page):
    """The ancestors Wagtail's routing already loaded for ``page`` (it leaves each page's parent on it,
    ``_cached_parent_obj``), root first; None when the chain does not reach the home page."""
    chain = []
    current = page
    while current.depth > 2:
        current = getattr(current, "_cached_parent_obj", None)
        if current is None:
            return None
        chain.append(current)
    return chain[::-1]


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page from its language's home page down, excluding the page itself."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    routed = _routed_ancestors(page)
    if routed is not None:
        return routed
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))


@register.simple_tag(takes_context=True)
def main_navigation(context):
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    items = []
    for entry in chrome(request)["navigation"]:
        item = dict(entry)
        item["current"] = None
        if isinstance(page, Page) and page.path.startswith(item["path"]):
            item["current"] = "page" if page.pk == item["pk"] else "true"
        items.append(item)
    return items


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Standard pages directly under the home page (about, contact, privacy, accessibility)."""
    return chrome(context.get("request"))["footer"]


@register.simple_tag(takes_context=True)
def home_url(context):
    return home_pages(context.get("request")).get(get_language()) or "/"


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in templates (e.g. a label for a status code)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def percent(value, places=1):
    """A ratio (0.1234) as a percentage ("12.3%"); empty for unknown values."""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.{int(places)}f}%"


@register.filter
def amount(value, places=0):
    """A sum of money with thousands separators ("5,945,177"); an em dash when unknown."""
    if value is None or value == "":
        return "—"
    return f"{float(value):,.{int(places)}f}"
