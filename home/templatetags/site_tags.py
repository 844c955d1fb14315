"""Template tags for the page chrome: language switcher, breadcrumbs, navigation (home: they read the
navigation and site settings kept there).

What does not depend on the page (navigation, footer links, home pages) comes from ``home.chrome``
(cached across requests); what does (translations of the page, its ancestors) costs at most one
query each, once per request.
"""

import json
import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from home.chrome import chrome
from wucheng_site.language_fallback import prefixed, untranslated
from wucheng_site.page_queries import active_locale_id, locale_ids, per_request

register = template.Library()

HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
TAGS = re.compile(r"<[^>]*>|\"[a-z_]+\":|\"[0-9a-f-]{36}\"")


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

    On a page, the same page in the other language: its live translation, or the Chinese page shown on
    the English site where it has none (wucheng_site/language_fallback.py), else that language's home
    page; elsewhere (search …), the same URL under the other language's prefix.
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
            # Plain pages (``_live_translations``): each at its own address, whatever the request's language.
            translations = {code: p.get_url(request) for code, p in _live_translations(page).items()}
            source = translations.get(settings.LANGUAGE_CODE)
            if source:
                # Not translated yet: the same page on the other language's site (language_fallback).
                for code, _name in settings.LANGUAGES:
                    translations.setdefault(code, prefixed(source, code))
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
    ancestors = _routed_ancestors(page)
    if ancestors is None:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))
    if untranslated(page):
        # A Chinese page on the English site: its ancestors' English translations where they exist
        # (one query), so the trail reads in English and leads back to the English site.
        english = {
            p.translation_key: p
            for p in Page.objects.filter(
                translation_key__in=[a.translation_key for a in ancestors], locale_id=active_locale_id()
            ).live()
        }
        ancestors = [english.get(a.translation_key, a) for a in ancestors]
    return ancestors


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


@register.filter
def is_untranslated(page):
    """A Chinese page shown on the English site (not translated yet; wucheng_site/language_fallback.py)."""
    return untranslated(page)


def mostly_chinese(text):
    """Are most of the letters of ``text`` (markup included, which is Latin) Han characters? Markup
    is discounted by counting only Han characters against Latin words."""
    han = len(HAN.findall(text))
    words = len(LATIN_WORD.findall(TAGS.sub(" ", text)))
    return han > 2 * words


@register.filter
def content_lang(page, text=None):
    """` lang="zh-Hans"` for an element holding a page's own text where it is Chinese on a page in
    another language — the page is not translated yet, or (``text`` given) that text was left in
    Chinese in its translation (wagtail-localize shows untranslated strings in the source language) —
    so screen readers and browsers read it as Chinese; empty otherwise."""
    if untranslated(page):
        return mark_safe(' lang="zh-Hans"')  # noqa: S308 (a constant)
    if text is not None and get_language() != settings.LANGUAGE_CODE:
        raw = getattr(text, "raw_data", None)
        if mostly_chinese(json.dumps(list(raw), ensure_ascii=False) if raw is not None else str(text)):
            return mark_safe(' lang="zh-Hans"')  # noqa: S308 (a constant)
    return ""


@register.filter
def title_lang(page):
    """` lang="zh-Hans"` for an element showing ``page.display_title`` where that is Chinese on a page
    in another language; empty otherwise."""
    code = getattr(page, "display_title_lang", "")
    return mark_safe(f' lang="{code}"') if code else ""  # noqa: S308 (a constant)
