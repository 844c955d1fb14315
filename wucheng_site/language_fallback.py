"""The English site shows every Chinese page, translated or not (docs/i18n.md, "Pages not yet translated").

A page written in Chinese that has no English translation (yet) is served under ``/en/`` at the same
path, with the interface in English, its Chinese text marked ``lang="zh-Hans"`` and a note saying it
is not translated. So ``/en/`` never lacks a page that ``/`` has, from the moment the Chinese page is
published (imports included), and the day an editor translates the page (wagtail-localize's
"Translate"), the translation takes over the same URL.

Three pieces:

- routing: ``HomePage.route`` of the English tree falls back to the Chinese tree when the English one
  has no page at that path (``route_fallback``);
- URLs: while a public request is served in English, ``SitePage.get_url_parts`` gives Chinese pages
  their ``/en/`` address (``fallback_language`` is set by ``LanguageFallbackMiddleware``), so every
  link of an English page stays on the English site;
- alternates: the language switcher, ``hreflang`` links, the sitemap and cache purging pair a page's
  addresses in both languages (``url_in``, ``prefixed``).
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation

_fallback_language = contextvars.ContextVar("fallback_language", default=None)


def default_language():
    return settings.LANGUAGE_CODE


def fallback_language():
    """The language Chinese pages' URLs are given in now (None: their own, unprefixed)."""
    return _fallback_language.get()


@contextlib.contextmanager
def urls_in(language):
    """Give Chinese pages' URLs under ``language``'s prefix inside the block (None or the default
    language: their own URLs)."""
    token = _fallback_language.set(None if language in (None, default_language()) else language)
    try:
        yield
    finally:
        _fallback_language.reset(token)


@functools.cache
def prefix(language):
    """ "/en" for English; "" for the default language, which has no prefix. Kept: the URL
    configuration does not change while the process runs, and this is asked for every link."""
    if language == default_language():
        return ""
    with translation.override(language):
        return reverse("wagtail_serve", args=("",)).rstrip("/")


def prefixed(path, language):
    """A Chinese page's path (``/disclosures/x/``) under ``language``'s prefix."""
    return prefix(language) + path


def url_in(page, language, request=None):
    """``page``'s URL when shown in ``language`` (its own where it is written in that language)."""
    with urls_in(language), translation.override(language):
        return page.get_url(request)


class LanguageFallbackMiddleware:
    """After LocaleMiddleware: a public request in another language than the default gives Chinese
    pages that language's URLs. Not in the admin, whose links go to the pages' own addresses (an
    English-speaking admin user previews and purges the Chinese page, not its English view)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = ("/admin/", "/django-admin/")

    def __call__(self, request):
        language = translation.get_language()
        if language == default_language() or request.path.startswith(self.admin_prefixes):
            return self.get_response(request)
        with urls_in(language):
            return self.get_response(request)


def route_fallback(home, request, path_components):
    """Route ``path_components`` in the default language's tree, for ``home`` of another language
    whose own tree has no page there; None when the default tree has none either."""
    from .page_queries import default_locale_id

    if home.locale_id == default_locale_id():
        return None
    source = home.get_translation_or_none(default_locale_id())
    if source is None:
        return None
    try:
        return source.specific.route(request, path_components)
    except Http404:
        return None


def untranslated(page):
    """Is ``page`` shown in a language it is not written in (a Chinese page on the English site)?"""
    from wagtail.models import Page

    from .page_queries import active_locale_id

    return isinstance(page, Page) and page.locale_id != active_locale_id()
