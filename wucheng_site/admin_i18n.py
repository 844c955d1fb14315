"""Admin strings that Wagtail 8.0.1 fixes in one language when it builds a view or a form once for the
whole process (docs/admin-translation.md): translated again for each request's language here.

- A snippet ViewSet's breadcrumbs start with ``gettext("Home")`` evaluated when the ViewSet is
  registered, at start-up, before any request has chosen a language (wagtail/snippets/views/
  snippets.py, ``SnippetViewSet.breadcrumbs_items``): ``TranslatedBreadcrumbsMixin`` makes it lazy.
- A page chooser for one page type appends the type's name to "Choose a page" with ``+``, which
  evaluates both when the form class is built (wagtail/admin/widgets/chooser.py,
  ``AdminPageChooser.__init__``): ``lazy_page_chooser_text`` rebuilds it lazily (installed by
  ``WuchengSiteConfig.ready``).
"""

from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy


class TranslatedBreadcrumbsMixin:
    """For SnippetViewSet (and groups' items): the first breadcrumb "Home" in the request's language."""

    @property
    def breadcrumbs_items(self):
        items = list(super().breadcrumbs_items)
        if items and items[0].get("label") is not None:
            items[0] = {**items[0], "label": gettext_lazy("Home")}
        return items


def lazy_page_chooser_text():
    from wagtail.admin.widgets.chooser import AdminPageChooser
    from wagtail.models import Page

    if getattr(AdminPageChooser.__init__, "_wucheng_lazy", False):
        return
    original = AdminPageChooser.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if len(self.target_models) == 1 and self.target_models[0] is not Page:
            self.choose_one_text = format_lazy(
                "{} ({})",
                AdminPageChooser.choose_one_text,
                capfirst(self.target_models[0]._meta.verbose_name),
            )

    __init__._wucheng_lazy = True
    AdminPageChooser.__init__ = __init__
