"""sitemap.xml over every language tree, with hreflang alternates.

Wagtail's stock sitemap lists only the default site's root page tree, which is the Chinese tree;
the English pages live in a sibling tree and would be missing (see docs/i18n.md;
wagtail/wagtail#12420, and #1196 for hreflang alternates). A Chinese page not translated yet is also
listed at its English address, where the English site shows it (wucheng_site/language_fallback.py).
"""

from django.conf import settings
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .language_fallback import urls_in
from .page_queries import locale_ids


class AllLocalesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for tree_root in roots:
            pages |= Page.objects.descendant_of(tree_root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def translated_keys(self):
        """{language: translation keys of its live pages} for the languages other than the default
        (their trees are small: the sections and what editors translated)."""
        if not hasattr(self, "_translated_keys"):
            self._translated_keys = {
                code: set(Page.objects.filter(locale_id=pk).live().values_list("translation_key", flat=True))
                for code, pk in locale_ids().items()
                if code != settings.LANGUAGE_CODE
            }
        return self._translated_keys

    def _urls(self, page, protocol, domain):
        # Wagtail's ``Sitemap._urls``, with the English addresses of untranslated Chinese pages.
        urls = []
        default = locale_ids().get(settings.LANGUAGE_CODE)
        for item in self.paginator.page(page).object_list.iterator():
            urls.extend(item.get_sitemap_urls(self.request))
            if item.locale_id != default:
                continue
            for code, keys in self.translated_keys().items():
                if item.translation_key not in keys:
                    with urls_in(code), translation.override(code):
                        urls.extend(item.get_sitemap_urls(self.request))
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
