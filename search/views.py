"""Site search at /search/ (HTML, and JSON with ?format=json).

The query runs against Wagtail's configured search backend over live, public pages in the active
language. The Chinese-aware backend, facets and highlighting come with the search issue; the JSON
contract (``query``, ``total``, ``results`` of ``title``/``url``/``type``/``snippet``) holds already.
"""

import logging
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale, Page

from .segmentation import parse_user_query

logger = logging.getLogger(__name__)

# Longer queries are cut: nobody types more, and the backends should not be handed megabytes.
MAX_QUERY_LENGTH = 200
PER_PAGE = 10

# Page model → result type in the JSON contract.
RESULT_TYPES = {
    "organisationpage": "organisation",
    "disclosurepage": "disclosure",
    "storypage": "story",
    "policydocumentpage": "policy",
    "awardeditionpage": "award",
}


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
    paginator = Paginator(results, PER_PAGE)
    try:
        page_obj = paginator.page(number)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
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


def run_search(query, page_number):
    """One page of live, public pages in the active language matching ``query``.

    The backend is queried inside a savepoint: should it still reject some query syntax, the
    visitor gets no results instead of an error, and the request's transaction stays usable.
    """
    if query:
        parsed = parse_user_query(query)
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        try:
            with transaction.atomic():
                if parsed is not None:
                    exact = [page.specific for page in exact_matches(pages, query)]
                    results = pages.exclude(pk__in=[p.pk for p in exact]).specific().search(parsed)
                    return paginate(ExactFirst(exact, results), page_number)
        except DatabaseError:
            logger.warning("Search backend rejected query %r", query, exc_info=True)
    return paginate([], 1)


def result_type(page):
    return RESULT_TYPES.get(page.specific_class._meta.model_name, "page")


def snippet(page):
    text = page.search_description or getattr(page, "intro", "") or ""
    return Truncator(strip_tags(str(text))).chars(140)


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = run_search(query, request.GET.get("page", 1))
    total = page_obj.paginator.count

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": query,
                "total": total,
                "results": [
                    {
                        "title": page.title,
                        "url": page.get_full_url(request),
                        "type": result_type(page),
                        "snippet": snippet(page),
                    }
                    for page in page_obj
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_querystring": urlencode({"q": query}) if query else "",
            "results": page_obj,
            "total": total,
        },
    )
