"""Abstract page types shared by the content apps."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .pagination import paginate


class SectionIndexPage(Page):
    """The landing page of one section of the site (信息公开, 慈善文化 …).

    Each section is one subtree of the page tree, so its roles and workflow are assigned to this page
    (see ``home.roles``). Subclasses say which children they take; this base lists them, paginated.
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
