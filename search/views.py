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
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from wucheng_site.pagination import paginate as paginate_items

from . import query_log, zero_results
from .facets import FACET_LIMIT, FILTER_KEYS, clean_filters, count_facets, restrict, result_type_of_model
from .highlight import highlight_terms, plain_snippet, snippet
from .ranking import Ranking, rank
from .segmentation import parse_user_query
from .synonyms import synonym_map

logger = logging.getLogger(__name__)

# Longer queries are cut: nobody types more, and the backends should not be handed megabytes.
MAX_QUERY_LENGTH = 200
PER_PAGE = 10
# Matches are counted (and can be paged through) up to this many; a broader query says "more than
# 1,000 results" (``total_is_lower_bound`` in JSON). Counting and ranking every match of a word found
# in nearly every page cost more than the rest of the request at 100,000 disclosures (docs/search.md).
MATCH_LIMIT = 1000
SUGGESTIONS = 8


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
    # Each as its own ``pk IN (subquery)``: SQLite then looks the title up in its index
    # (search/migrations/0001) and fetches the few pages by primary key; with ``title = … OR …`` on
    # the page table it scanned every page of the language instead (250 ms at 100,000 pages).
    found = list(pages.filter(pk__in=Page.objects.filter(title=query).values("pk")).order_by("path")[:5])
    organisation = organisation_by_code(pages, query)
    if organisation is not None and organisation not in found:
        found.append(organisation)
    return sorted(found, key=lambda page: page.path)[:5]


def organisation_by_code(pages, query):
    """The organisation whose 统一社会信用代码 the query is (case, spaces and full-width ignored)."""
    from disclosures.credit_code import normalise as normalise_code
    from disclosures.models import OrganisationPage

    code = normalise_code(query)
    if len(code) != 18:
        return None
    return pages.filter(pk__in=OrganisationPage.objects.filter(credit_code=code).values("pk")).first()


class ExactFirst:
    """The ranked results with the exact matches in front, sliceable for the paginator."""

    def __init__(self, exact, results):
        self.exact, self.results = exact, results

    def count(self):
        return len(self.exact) + self.results.count()

    def count_is_lower_bound(self):
        """True when the backend stopped counting at MATCH_LIMIT (there are more matches)."""
        return self.results.count_is_lower_bound()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        head = self.exact[start:stop]
        rest_start = max(start - len(self.exact), 0)
        rest_stop = stop - len(self.exact)
        tail = list(self.results[rest_start:rest_stop]) if rest_stop > rest_start else []
        return head + tail


def bounded(results, prefetch=FACET_LIMIT):
    """``results`` ranking and counting up to MATCH_LIMIT matches, with the best ``prefetch`` ids
    fetched along with them (``search.backends``); Wagtail's stock backends count every match."""
    if hasattr(results, "bounded"):
        return results.bounded(MATCH_LIMIT, prefetch=prefetch)
    return results


def organisation_pages(pages, organisation, mentions):
    """A credit code's search: after the organisation, the pages that mention the code (``mentions``:
    an audit report's PDF prints it), then the organisation's other pages, newest first."""
    own = (
        pages.descendant_of(organisation).order_by("-first_published_at", "-pk").values_list("pk", flat=True)
    )
    ids = list(dict.fromkeys([*mentions.ids, *own[:MATCH_LIMIT]]))[:MATCH_LIMIT]
    return Ranking(ids, len(ids), False, Page.objects.all())


def ranked_search(pages, query, parsed=None):
    """``pages`` matching the visitor's ``query``, best first, as one sliceable, countable object: the
    exact matches, then a credit code's organisation pages or the ranking of ``search.ranking`` (bounded
    at MATCH_LIMIT). The one pipeline of the search page, the API's ``?search=`` and the suggestions.
    Raises DatabaseError when a backend rejects the query (callers run it in a savepoint)."""
    parsed = parsed or parse_user_query(query)
    if parsed is None:
        return ExactFirst([], Ranking([], 0, False, Page.objects.all()))
    exact = [page.specific for page in exact_matches(pages, query)]
    others = pages.exclude(pk__in=[p.pk for p in exact])
    results = rank(others, query, parsed, MATCH_LIMIT, synonym_map())
    organisation = organisation_by_code(pages, query)
    if organisation is not None:
        results = organisation_pages(others, organisation, results)
    return ExactFirst(exact, results)


def run_search(query, filters, page_number, locale):
    """One page of live, public pages in the active language matching ``query``, the facets, and
    whether the total is a lower bound (more than MATCH_LIMIT matches).

    The backend is queried inside a savepoint: should it still reject some query syntax, the
    visitor gets no results instead of an error, and the request's transaction stays usable.
    """
    parsed = parse_user_query(query) if query else None
    if parsed is None:
        return paginate([], 1), {}, False
    pages = restrict(Page.objects.live().public().filter(locale=locale), filters)
    if filters:
        # Search backends filter only on indexed fields (FilterField): hand them the matching ids.
        pages = Page.objects.filter(pk__in=list(pages.values_list("pk", flat=True)))
    try:
        with transaction.atomic():
            ranked = ranked_search(pages, query, parsed)
            page_obj = paginate(ranked, page_number)
            # Pages with every word (the rest are partial matches, search/ranking.py).
            page_obj.full_matches = len(ranked.exact) + getattr(
                ranked.results, "full", ranked.results.count()
            )
            matching = [p.pk for p in ranked.exact] + ranked.results.best_pks(FACET_LIMIT)
            return page_obj, count_facets(matching), ranked.count_is_lower_bound()
    except DatabaseError:
        logger.warning("Search backend rejected query %r", query, exc_info=True)
    return paginate([], 1), {}, False


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


def record_hit(query, found_nothing=False):
    """Count the query for the admin's search statistics (Reports → Search terms, and Searches without
    results when it ``found_nothing``), unless it looks like personal data; written in batches
    (search/query_log.py)."""
    if query:
        query_log.record_query(query, found_nothing=found_nothing)


def search(request):
    query = clean_query(request.GET.get("q", ""))
    filters = clean_filters(request.GET)
    locale = Locale.get_active()
    page_obj, facets, total_is_lower_bound = run_search(query, filters, request.GET.get("page", 1), locale)
    results = with_attachments(page_obj.object_list)
    terms = highlight_terms(query)
    rows = [
        {"page": page, "type": result_type(page), "snippet": snippet(result_text(page), terms)}
        for page in results
    ]
    picks = editors_picks(query, locale) if page_obj.number == 1 and not filters else []
    # No page has every word: nothing at all, or only pages with some of the words (search/ranking.py).
    # Either way the search is recorded as one without results and gets the help.
    partial_only = bool(query) and page_obj.paginator.count > 0 and not getattr(page_obj, "full_matches", 1)
    found_nothing = bool(query) and (not page_obj.paginator.count or partial_only)
    if page_obj.number == 1:
        record_hit(query, found_nothing=found_nothing and not filters)
    help_ = zero_results.help_for(query, locale) if found_nothing else None

    if request.GET.get("format") == "json":
        data = {
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
        }
        if total_is_lower_bound:
            # Only when counting stopped: the contract's three keys are unchanged otherwise.
            data["total_is_lower_bound"] = True
        if partial_only:
            data["partial_matches_only"] = True
        if help_ is not None:
            data["help"] = help_.as_json(request)  # only when nothing was found (docs/search.md)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_querystring": urlencode({"q": query, **filters}) if query else "",
            "results": page_obj,
            "rows": rows,
            "total": page_obj.paginator.count,
            "total_is_lower_bound": total_is_lower_bound,
            "total_display": f"{page_obj.paginator.count:,}",
            "facets": facet_links(query, filters, facets),
            "active_filters": filters,
            "editors_picks": picks,
            "help": help_,
            "partial_only": partial_only,
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
    """Up to SUGGESTIONS page titles for what has been typed so far: titles that start with it
    (autocomplete), then — when those are fewer — the best matches of the search itself, so that
    traditional characters, abbreviations and questions suggest what the search would find."""
    query = clean_query(request.GET.get("q", ""))[:50]
    suggestions = []
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        try:
            with transaction.atomic():
                # Bounded like the search: ranking every page that starts with 慈 took a second.
                found = list(bounded(pages.autocomplete(query), prefetch=SUGGESTIONS)[:SUGGESTIONS])
                if len(found) < SUGGESTIONS:
                    more = ranked_search(pages.exclude(pk__in=[p.pk for p in found]), query)
                    found += list(more[: SUGGESTIONS - len(found)])
                suggestions = [{"title": page.title, "url": page.url} for page in found]
        except DatabaseError:
            logger.warning("Autocomplete failed for %r", query, exc_info=True)
    return JsonResponse(
        {"query": query, "suggestions": suggestions}, json_dumps_params={"ensure_ascii": False}
    )
