"""Site search at /search/ (HTML, and JSON with ?format=json).

The query runs against Wagtail's configured search backend over live, public pages in the active
language. The Chinese-aware backend, facets and highlighting come with the search issue; the JSON
contract (``query``, ``total``, ``results`` of ``title``/``url``/``type``/``snippet``) holds already.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from wagtail.models import Locale, Page

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
    """Drop control characters and surrounding space, and bound the length."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return text.strip()[:MAX_QUERY_LENGTH]


def result_type(page):
    return RESULT_TYPES.get(page.specific_class._meta.model_name, "page")


def snippet(page):
    text = page.search_description or getattr(page, "intro", "") or ""
    return Truncator(str(text)).chars(140)


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query)
    paginator = Paginator(results, PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": query,
                "total": paginator.count,
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
        {"search_query": query, "results": page_obj, "total": paginator.count},
    )
