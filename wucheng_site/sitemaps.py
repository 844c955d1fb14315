"""sitemap.xml over every language tree, with hreflang alternates.

Wagtail's stock sitemap lists only the default site's root page tree, which is the Chinese tree;
the English pages live in a sibling tree and would be missing (see docs/i18n.md;
wagtail/wagtail#12420, and #1196 for hreflang alternates).
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for tree_root in roots:
            pages |= Page.objects.descendant_of(tree_root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
