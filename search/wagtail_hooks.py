"""The search app's admin: the search vocabulary — synonym groups (Settings → Search synonyms) for
whoever manages editors' picks (site administrators, accounts/roles.py; edits are in Wagtail's audit
log) — and Reports → Searches without results (search/admin_views.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from wucheng_site.admin_i18n import TranslatedBreadcrumbsMixin

from .models import SearchSynonym


class SearchSynonymCreateView(CreateView):
    """``?terms=`` fills the new group's words (the link from Reports → Searches without results)."""

    def get_initial_form_instance(self):
        terms = self.request.GET.get("terms", "")[:200]
        return SearchSynonym(terms=terms) if terms else super().get_initial_form_instance()


class SearchSynonymViewSet(TranslatedBreadcrumbsMixin, SnippetViewSet):
    model = SearchSynonym
    add_view_class = SearchSynonymCreateView
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["pk"]
    copy_view_enabled = False


register_snippet(SearchSynonymViewSet)


class ZeroResultsMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_views import may_see_searches_without_results

        return may_see_searches_without_results(request.user)


@hooks.register("register_admin_urls")
def register_zero_results_report_urls():
    from wucheng_site.admin_views import report_paths

    from .admin_views import ZeroResultsReport

    return report_paths("reports/searches-without-results/", ZeroResultsReport, "search_zero_results")


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return ZeroResultsMenuItem(
        _("Searches without results"),
        reverse("search_zero_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )
