"""Admin for the search vocabulary: synonym groups (Settings → Search synonyms), for whoever manages
editors' picks (site administrators, accounts/roles.py). Edits are in Wagtail's audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["pk"]
    copy_view_enabled = False


register_snippet(SearchSynonymViewSet)
