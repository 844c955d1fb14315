"""Abstract page types shared by the content apps."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, self.per_page)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.paginate(request, self.get_listing())
        return context
