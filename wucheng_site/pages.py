"""Abstract page types shared by the content apps."""

import contextlib
import contextvars

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .forms import SitePageForm
from .language_fallback import default_language, fallback_language, prefixed, untranslated
from .pagination import paginate

# The admin user on whose behalf page titles are shown (set for admin requests by
# wucheng_site.admin_guards.AdminTitlesMiddleware); None outside the admin.
_admin_viewer = contextvars.ContextVar("admin_viewer", default=None)


@contextlib.contextmanager
def admin_titles_for(user):
    token = _admin_viewer.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _admin_viewer.reset(token)


class SitePage(Page):
    """Base of every page type of the site.

    - Its admin form checks what the page refers to (wucheng_site/references.py), so no page can carry
      a document or draft its editor may not use.
    - In the admin, a user who may not edit the page sees its published title, or "an unpublished
      page" — never a draft title (choosers, bulk actions, translation screens, chooser widgets all
      name pages through ``get_admin_display_title``).
    """

    base_form_class = SitePageForm

    class Meta:
        abstract = True

    def english_title(self):
        """A title in English made from the page's own fields, for the English site while the page
        has no translation (an organisation's English name …); empty where there is none."""
        return ""

    @property
    def display_title(self):
        """The title to show: on the English site, a Chinese page not yet translated shows its
        ``english_title`` where it has one (wucheng_site/language_fallback.py)."""
        if untranslated(self):
            return self.english_title() or self.title
        return self.title

    @property
    def display_title_lang(self):
        """ "zh-Hans" where ``display_title`` is Chinese text on a page in another language, else ""."""
        return "zh-Hans" if untranslated(self) and not self.english_title() else ""

    def get_url_parts(self, request=None):
        # On the English site a Chinese page without a translation has an English address
        # (wucheng_site/language_fallback.py); the site's root paths are cached, so no query.
        parts = super().get_url_parts(request)
        language = fallback_language()
        if language is None or parts is None or parts[2] is None:
            return parts
        roots = self._get_relevant_site_root_paths(request)
        if not roots or roots[0][3] != default_language():
            return parts
        return parts[0], parts[1], prefixed(parts[2], language)

    def get_admin_display_title(self):
        viewer = _admin_viewer.get()
        if viewer is None or viewer.is_superuser or self.permissions_for_user(viewer).can_edit():
            return super().get_admin_display_title()
        if self.live:
            return self.title  # the live version's; a newer draft's is in ``draft_title``
        return gettext("Unpublished page %(id)s") % {"id": self.pk}


class SectionIndexPage(SitePage):
    """The landing page of one section of the site (信息公开, 慈善文化 …).

    Each section is one subtree of the page tree, so its roles and workflow are assigned to this page
    (see ``accounts.roles``). Subclasses say which children they take; this base lists them, paginated.
    """

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    per_page = 20

    class Meta:
        abstract = True

    def get_listing(self):
        return self.get_children().live().public().specific().order_by("-first_published_at", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(self.get_listing(), request.GET.get("page", 1), self.per_page)
        return context


class DocumentAttachment(Orderable):
    """A document attached to a page (disclosures, policies); subclasses add the ``page`` ParentalKey.

    Documents are served only while a live public page uses them (wucheng_site/wagtail_hooks.py)."""

    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Defaults to the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("attachment")

    @property
    def display_title(self):
        return self.title or self.document.title
