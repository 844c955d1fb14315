"""Home page, standard pages, site-wide settings and the main navigation."""

import uuid

from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wucheng_site.blocks import BodyBlock
from wucheng_site.language_fallback import route_fallback
from wucheng_site.page_queries import active_locale_id, is_public, kept_with_top_levels
from wucheng_site.pages import SitePage


class HomePage(SitePage):
    """The front page of one language tree (/ for Chinese, /en/ for English).

    Later sections add their latest items here through ``get_context``; the page itself holds only
    the welcome text editors write.
    """

    hero_title = models.CharField(_("Headline"), max_length=120, blank=True)
    hero_intro = models.TextField(_("Introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_intro")], heading=_("Hero")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    page_description = _("The front page of the site, one per language.")

    class Meta:
        verbose_name = _("Home page")
        verbose_name_plural = _("Home page")

    def children_by_slug(self, request):
        """{slug: page} of this page's children (the sections, the about pages), as plain pages:
        pages of the top levels of the tree, so kept across requests (home/chrome.py). Not for
        anything that asks them for their own children (treebeard's ``numchild`` may have changed
        since without a save: a new story changes its section's)."""
        return kept_with_top_levels(
            request, ("home-children", self.pk), lambda: {page.slug: page for page in self.get_children()}
        )

    def route(self, request, path_components):
        try:
            return self._route(request, path_components)
        except Http404:
            # The English tree has no page here: the Chinese page at the same path, shown in English
            # (wucheng_site/language_fallback.py).
            found = route_fallback(self, request, path_components)
            if found is None:
                raise
            return found

    def _route(self, request, path_components):
        # Every URL but the home page's own goes through one of the home page's children: found as
        # its specific page in one query, by the id kept above (Wagtail's ``Page.route`` spends two).
        if path_components and request is not None:
            known = self.children_by_slug(request).get(path_components[0])
            model = known.specific_class if known is not None else None
            child = model._default_manager.filter(pk=known.pk).first() if model is not None else None
            if child is not None:
                child._cached_parent_obj = self  # as Page.route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from disclosures.highlights import home_highlights

        context = super().get_context(request, *args, **kwargs)
        # The cards show only title, description and link.
        context["sections"] = [
            page
            for page in self.children_by_slug(request).values()
            if page.live and page.show_in_menus and is_public(page, request)
        ]
        context.update(home_highlights(request))
        return context


class StandardPage(SitePage):
    """A plain content page: about us, contact, privacy policy, accessibility statement."""

    intro = models.TextField(_("Introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_description = _(
        "A plain content page such as about us, contact, privacy policy or accessibility statement."
    )

    class Meta:
        verbose_name = _("Standard page")
        verbose_name_plural = _("Standard page")


def new_chrome_version():
    return uuid.uuid4().hex


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach them; shown in every page footer.

    The two name/address fields exist per language because settings belong to a site, not a locale.
    """

    organisation_name = models.CharField(_("Site owner"), max_length=120, default="婺城区民政局")
    organisation_name_en = models.CharField(
        _("Site owner (English)"), max_length=120, default="Wucheng District Civil Affairs Bureau"
    )
    address = models.CharField(_("Address"), max_length=200, blank=True)
    address_en = models.CharField(_("Address (English)"), max_length=200, blank=True)
    phone = models.CharField(_("Telephone"), max_length=40, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    complaint_hotline = models.CharField(_("Complaint hotline"), max_length=40, blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("For example: 浙ICP备00000000号-1")
    )
    police_number = models.CharField(
        _("Public security filing number"),
        max_length=60,
        blank=True,
        help_text=_("For example: 浙公网安备 33070202000000号"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_en"),
                FieldPanel("address"),
                FieldPanel("address_en"),
            ],
            heading=_("Site owner"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("complaint_hotline")],
            heading=_("Contact details"),
        ),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("police_number")], heading=_("Filing numbers")),
    ]

    # Not edited by anyone: changes whenever the navigation, the footer links or the home pages may
    # have changed (home/chrome.py), so the copy of them kept in Django's cache is found under a new
    # key. Kept here because every page reads this row anyway (the footer), and in the database so a
    # rolled-back change rolls the version back too.
    chrome_version = models.CharField(max_length=32, default=new_chrome_version, editable=False)

    class Meta:
        verbose_name = _("Site settings")

    @property
    def police_record_code(self):
        """The digits of the 公安 filing number, which its public lookup link needs."""
        return "".join(ch for ch in self.police_number if ch.isdigit())

    def localised(self, field):
        """The English variant of a field when the active language is English and it is filled."""
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    @property
    def display_organisation_name(self):
        return self.localised("organisation_name")

    @property
    def display_address(self):
        return self.localised("address")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """The main navigation, edited by editors under Settings.

    Items point at pages of the Chinese tree; in English each item shows the page's English
    translation, and is left out where there is none yet, so no menu link leads to a 404.
    """

    panels = [InlinePanel("items", label=_("Navigation item"), max_num=8)]

    class Meta:
        verbose_name = _("Main navigation")

    def items_for_language(self, request=None):
        """[{label, url, page}] in the active language (two queries whatever the number of items).

        Read through ``home.chrome``, which keeps the result in the cache."""
        english = (get_language() or "").startswith("en")
        items = list(self.items.select_related("page"))
        translations = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=[item.page.translation_key for item in items],
                locale_id=active_locale_id(),
            ).live()
        }
        entries = []
        for item in items:
            page = translations.get(item.page.translation_key)
            if page is None:
                continue
            label = (item.label_en if english else item.label) or page.title
            entries.append({"label": label, "url": page.get_url(request), "page": page})
        return entries


class NavigationItem(Orderable):
    setting = ParentalKey(NavigationSettings, related_name="items", on_delete=models.CASCADE)
    page = models.ForeignKey(Page, verbose_name=_("Page"), on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        _("Label"), max_length=30, blank=True, help_text=_("Leave blank to use the page title")
    )
    label_en = models.CharField(_("Label (English)"), max_length=40, blank=True)

    panels = [PageChooserPanel("page"), FieldPanel("label"), FieldPanel("label_en")]

    class Meta(Orderable.Meta):
        verbose_name = _("Navigation item")
