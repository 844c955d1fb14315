"""Site search at /search/ (HTML, and JSON with ?format=json).

One box over every live, public page in the active language (organisations, disclosures with
their attachments' text, stories, policies, award pages …): the Chinese-aware backend of
``search.backends``, exact titles and credit codes first, editors' picks (Wagtail search
promotions), facets, highlighted snippets, autocomplete (``/search/suggest/``) and query statistics.
The JSON form keeps the contract: ``query``, ``total``, ``results`` of ``title``/``url``/``type``/
``snippet``.
"""

import logging
from urllib.parse import urlencode

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from wucheng_site.pagination import paginate as paginate_items

from . import query_log
from .facets import FACET_LIMIT, FILTER_KEYS, clean_filters, count_facets, restrict, result_type_of_model
from .highlight import highlight_terms, plain_snippet, snippet
from .segmentation import parse_user_query

logger = logging.getLogger(__name__)

# Longer queries are cut: nobody types more, and the backends should not be handed megabytes.
MAX_QUERY_LENGTH = 200
PER_PAGE = 10


def clean_query(raw):
    """Drop control characters and surrounding space, and bound the length.

    An unbalanced double quote would open a phrase that never closes, which SQLite's FTS5 rejects
    ("unterminated string"), so such quotes are dropped.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def paginate(results, number):
    page_obj = paginate_items(results, number, PER_PAGE)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj


def exact_matches(pages, query):
    """Pages whose title is exactly the query, and the organisation with that credit code: these
    come first whatever the ranking says (people paste a name or a 统一社会信用代码)."""
    from disclosures.credit_code import normalise as normalise_code
    from disclosures.models import OrganisationPage

    code = normalise_code(query)
    by_code = OrganisationPage.objects.filter(credit_code=code).values("pk") if len(code) == 18 else []
    return list(pages.filter(Q(title=query) | Q(pk__in=by_code)).order_by("path")[:5])


class ExactFirst:
    """The backend's results with the exact matches in front, sliceable for the paginator."""

    def __init__(self, exact, results):
        self.exact, self.results = exact, results

    def count(self):
        return len(self.exact) + self.results.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        head = self.exact[start:stop]
        rest_start = max(start - len(self.exact), 0)
        rest_stop = stop - len(self.exact)
        tail = list(self.results[rest_start:rest_stop]) if rest_stop > rest_start else []
        return head + tail


def matching_ids(results, pages, parsed):
    """Ids of up to FACET_LIMIT best matching pages, for the facets. The database backends have
    already ranked every match for the page of results (``ranked_ids``): reuse that; OpenSearch and
    Elasticsearch return the best ids in one request (``matching_pks``)."""
    compiler = results.query_compiler
    if hasattr(compiler, "ranked_ids"):
        ranked = compiler.ranked_ids(compiler.get_config(results.backend))
        if ranked is not None:
            return [int(pk) for pk in ranked[:FACET_LIMIT]]
    if hasattr(results, "matching_pks"):
        return results.matching_pks(FACET_LIMIT)
    return [p.pk for p in pages.search(parsed, order_by_relevance=False)[:FACET_LIMIT]]


def run_search(query, filters, page_number):
    """One page of live, public pages in the active language matching ``query``, and the facets.

    The backend is queried inside a savepoint: should it still reject some query syntax, the
    visitor gets no results instead of an error, and the request's transaction stays usable.
    """
    parsed = parse_user_query(query) if query else None
    if parsed is None:
        return paginate([], 1), {}
    pages = restrict(Page.objects.live().public().filter(locale=Locale.get_active()), filters)
    if filters:
        # Search backends filter only on indexed fields (FilterField): hand them the matching ids.
        pages = Page.objects.filter(pk__in=list(pages.values_list("pk", flat=True)))
    try:
        with transaction.atomic():
            exact = [page.specific for page in exact_matches(pages, query)]
            others = pages.exclude(pk__in=[p.pk for p in exact])
            results = others.specific().search(parsed)
            page_obj = paginate(ExactFirst(exact, results), page_number)
            matching = [p.pk for p in exact] + matching_ids(results, others, parsed)
            return page_obj, count_facets(matching)
    except DatabaseError:
        logger.warning("Search backend rejected query %r", query, exc_info=True)
    return paginate([], 1), {}


def result_type(page):
    return result_type_of_model(page.specific_class._meta.model_name)


def result_text(page):
    """The text a result's snippet is cut from: its own text, then its attachments' text."""
    parts = [page.search_description]
    for name in ("intro", "hero_intro", "purpose", "business_scope", "body"):
        value = getattr(page, name, None)
        if isinstance(value, str):
            parts.append(value)
        elif value is not None and hasattr(value, "render_as_block"):
            parts.append(str(value.render_as_block()))
    for attachment in getattr(page, "prefetched_attachments", ()):
        parts.append(attachment.document.extracted_text)
    return " ".join(part for part in parts if part)


def with_attachments(results):
    """Fetch the attachments (and their text) of the disclosures among ``results`` in one query."""
    from disclosures.models import DisclosureAttachment

    disclosures = {page.pk: page for page in results if hasattr(page, "attachments")}
    for page in disclosures.values():
        page.prefetched_attachments = []
    for attachment in DisclosureAttachment.objects.filter(page_id__in=disclosures).select_related("document"):
        disclosures[attachment.page_id].prefetched_attachments.append(attachment)
    return results


def editors_picks(query, locale):
    """Pages editors promoted for exactly this query (Wagtail search promotions), live and public."""
    if not query:
        return []
    picks = SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)).select_related(
        "page"
    )
    pages = [pick.page for pick in picks.order_by("sort_order") if pick.page_id]
    return [page.specific for page in pages if page.live and page.locale_id == locale.pk]


def record_hit(query):
    """Count the query for the admin's search statistics (Reports → Search terms), unless it looks like
    personal data (search/query_log.py)."""
    if query:
        try:
            with transaction.atomic():
                query_log.record_query(query)
        except DatabaseError:
            logger.warning("Could not record search statistics for %r", query, exc_info=True)


def search(request):
    query = clean_query(request.GET.get("q", ""))
    filters = clean_filters(request.GET)
    locale = Locale.get_active()
    page_obj, facets = run_search(query, filters, request.GET.get("page", 1))
    results = with_attachments(page_obj.object_list)
    terms = highlight_terms(query)
    rows = [
        {"page": page, "type": result_type(page), "snippet": snippet(result_text(page), terms)}
        for page in results
    ]
    picks = editors_picks(query, locale) if page_obj.number == 1 and not filters else []
    if page_obj.number == 1:
        record_hit(query)

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": query,
                "total": page_obj.paginator.count,
                "results": [
                    {
                        "title": row["page"].title,
                        "url": row["page"].get_full_url(request),
                        "type": row["type"],
                        "snippet": plain_snippet(row["snippet"]),
                    }
                    for row in rows
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_querystring": urlencode({"q": query, **filters}) if query else "",
            "results": page_obj,
            "rows": rows,
            "total": page_obj.paginator.count,
            "facets": facet_links(query, filters, facets),
            "active_filters": filters,
            "editors_picks": picks,
        },
    )


def facet_links(query, filters, facets):
    """Facet values as links that add (or, when active, remove) a filter, keeping the others."""
    labels = {
        "type": _("Content"),
        "org": _("Organisation"),
        "year": _("Year"),
        "dtype": _("Disclosure type"),
    }
    groups = []
    for key in FILTER_KEYS:
        values = facets.get(key, [])
        if not values:
            continue
        items = []
        for value, label, count in values:
            active = filters.get(key) == value
            params = {k: v for k, v in filters.items() if k != key}
            if not active:
                params[key] = value
            items.append(
                {
                    "label": label,
                    "count": count,
                    "active": active,
                    "url": "?" + urlencode({"q": query, **params}),
                }
            )
        groups.append({"key": key, "label": labels[key], "items": items})
    return groups


def suggest(request):
    """Up to eight page titles for what has been typed so far (autocomplete)."""
    query = clean_query(request.GET.get("q", ""))[:50]
    suggestions = []
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        try:
            with transaction.atomic():
                suggestions = [
                    {"title": page.title, "url": page.url} for page in pages.autocomplete(query)[:8]
                ]
        except DatabaseError:
            logger.warning("Autocomplete failed for %r", query, exc_info=True)
    return JsonResponse(
        {"query": query, "suggestions": suggestions}, json_dumps_params={"ensure_ascii": False}
    )
