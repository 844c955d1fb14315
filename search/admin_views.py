"""Reports → Searches without results: what people looked for and did not find, for the staff who
manage search promotions to answer with an editors' pick, a synonym or a missing page."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied as forbidden
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from .models import ZeroResultQuery

# The report orders by the searches of the last RECENT_DAYS first: a gap people hit this week matters
# more than one they hit a month ago.
RECENT_DAYS = 7
PROMOTION_PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
)


def may_see_searches_without_results(user):
    """Those who manage search promotions (bootstrap_roles: 站点管理员) and superusers: the queries are
    what the public typed, and editors' picks are what the report is for."""
    return user.is_active and (user.is_superuser or any(user.has_perm(p) for p in PROMOTION_PERMISSIONS))


def promotion_url(row):
    """Where to add an editors' pick for the row's query: the query's own promotions (the search
    statistics hold it: every search without results is also counted there), else a new one."""
    if row["query_id"]:
        return reverse("wagtailsearchpromotions:edit", args=[row["query_id"]])
    return reverse("wagtailsearchpromotions:add")


def synonym_url(row):
    """A new synonym group starting with the row's query (search/wagtail_hooks.py fills it in)."""
    return (
        reverse("wagtailsnippets_search_searchsynonym:add")
        + "?"
        + urlencode({"terms": row["query_string"] + "，"})
    )


class LinkColumn(TitleColumn):
    """A link with the same text on every row."""

    def __init__(self, name, text, **kwargs):
        super().__init__(name, **kwargs)
        self.text = text

    def get_value(self, instance):
        return self.text


class ZeroResultsReport(ReportView):
    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-recent_searches"
    list_export = ["query_string", "searches", "recent_searches", "last_seen"]
    export_headings = {
        "query_string": _("Search term(s)"),
        "searches": _("Searches"),
        "recent_searches": _("Searches in the last 7 days"),
        "last_seen": _("Last searched"),
    }
    columns = [
        Column("query_string", label=_("Search term(s)"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("recent_searches", label=_("Searches in the last 7 days"), sort_key="recent_searches"),
        DateColumn("last_seen", label=_("Last searched"), sort_key="last_seen"),
        LinkColumn("promote", _("Add an editors' pick"), label=_("Editors' picks"), get_url=promotion_url),
        LinkColumn("synonym", _("Add a synonym"), label=_("Synonyms"), get_url=synonym_url),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_searches_without_results(request.user):
            # A plain 403: raised, PermissionDenied would become Wagtail's redirect to the dashboard
            # (require_admin_access), which tells neither a person nor a script that access was refused.
            return forbidden(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        recent = timezone.now().date() - datetime.timedelta(days=RECENT_DAYS - 1)
        return ZeroResultQuery.objects.values("query_string").annotate(
            searches=Sum("hits"),
            recent_searches=Sum("hits", filter=Q(date__gte=recent), default=0),
            last_seen=Max("date"),
            query_id=Subquery(Query.objects.filter(query_string=OuterRef("query_string")).values("pk")[:1]),
        )

    def order_queryset(self, queryset):
        # The newest-heavy default, with ties broken by all searches, then by the newest.
        if self.ordering == self.default_ordering:
            return queryset.order_by("-recent_searches", "-searches", "-last_seen", "query_string")
        return queryset.order_by(self.ordering, "query_string")
