"""Template tags for the page chrome: language switcher, breadcrumbs, navigation (home: they read the
navigation and site settings kept there)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from home.models import NavigationSettings, StandardPage

register = template.Library()


def _per_request(request, key, compute):
    """Compute a chrome value once per request (several templates ask for the same one)."""
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_site_chrome", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _live_translations(page):
    """{language code: live page} for ``page`` and its translations, in one query."""
    return {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key).live().select_related("locale")
    }


def home_pages(request):
    """{language code: home page} of the request's site."""

    def compute():
        site = Site.find_for_request(request) if request else None
        return _live_translations(site.root_page) if site else {}

    return _per_request(request, "home_pages", compute)


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
        translations = _live_translations(page) if isinstance(page, Page) else {}
        homes = home_pages(request) if isinstance(page, Page) else {}
        links = []
        for code, name in settings.LANGUAGES:
            if isinstance(page, Page):
                target = translations.get(code) or homes.get(code)
                url = target.get_url(request) if target is not None else None
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

    return _per_request(request, ("language_links", getattr(page, "pk", None)), compute)


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page from its language's home page down, excluding the page itself."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))


@register.simple_tag(takes_context=True)
def main_navigation(context):
    request = context.get("request")
    if request is None:
        return []
    items = NavigationSettings.for_request(request).items_for_language()
    page = context.get("page")
    for item in items:
        item["current"] = None
        if isinstance(page, Page) and page.path.startswith(item["page"].path):
            item["current"] = "page" if page.pk == item["page"].pk else "true"
    return items


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Standard pages directly under the home page (about, contact, privacy, accessibility)."""
    request = context.get("request")
    home = home_pages(request).get(get_language())
    if home is None:
        return []
    return home.get_children().live().public().type(StandardPage).order_by("path")


@register.simple_tag(takes_context=True)
def home_url(context):
    home = home_pages(context.get("request")).get(get_language())
    return home.get_url(context.get("request")) if home is not None else "/"


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
