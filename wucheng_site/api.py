"""Wagtail API v2 at /api/v2/: read-only, published pages only, public fields only.

Only the pages endpoint is exposed (images and documents endpoints would list files whether or not a
published page uses them). Each page type lists what it exposes in ``api_fields``.

Wagtail's pages endpoint passes some parameters on unchecked; here every one gives a 400 with a
message rather than a 500: ``offset``/``limit`` are read by ``wucheng_site.params`` (``int()`` took
numbers no database column holds), ``search`` is cleaned and bounded by the site search's own
``clean_query``, ``search_operator`` must be ``and``/``or``, ``find/?id=`` must be an id, a detail
URL's id must fit a 64-bit column (``<id:pk>``), ``fields`` may nest only so deep, and no
parameter may hold a NUL character (PostgreSQL refuses it in text).
"""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.urls import path
from wagtail.api.v2 import filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from search.views import clean_query, ranked_search

from .params import MAX_ID, parse_id, parse_int

logger = logging.getLogger(__name__)

SEARCH_OPERATORS = ("and", "or")
# Nested fields (``fields=parent(title)``) deeper than this are refused: Wagtail parses them
# recursively, and a few thousand levels raised RecursionError. Related fields nest a level or two.
MAX_FIELDS_DEPTH = 10
# OpenSearch and Elasticsearch refuse to page beyond their result window (index.max_result_window,
# 10,000 by default); the database backends have no reason to rank further either.
SEARCH_WINDOW = 10_000


def nesting_depth(text):
    """How deeply the parentheses of ``text`` nest."""
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


class Pagination(WagtailPagination):
    """``offset`` and ``limit`` as plain whole numbers in range, checked before Wagtail reads them."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_ID
        searching = "search" in request.GET
        offset = parse_int(request.GET.get("offset", "0"), maximum=SEARCH_WINDOW if searching else MAX_ID)
        if offset is None:
            maximum = f"{SEARCH_WINDOW} when searching" if searching else MAX_ID
            raise BadRequestError(f"offset must be a whole number from 0 to {maximum}")
        limit = parse_int(request.GET.get("limit", str(min(20, limit_max))), maximum=limit_max)
        if limit is None:
            raise BadRequestError(f"limit must be a whole number from 0 to {limit_max}")
        if searching and offset + limit > SEARCH_WINDOW:
            raise BadRequestError(f"offset + limit cannot exceed {SEARCH_WINDOW} when searching")
        return super().paginate_queryset(queryset, request, view)


class SearchFilter(filters.SearchFilter):
    """``?search=`` as the site search takes a query: control characters dropped, unbalanced quotes
    removed and the length bounded (``search.views.clean_query``). Otherwise as Wagtail's own filter
    (wagtail/api/v2/filters.py, Wagtail 8.0), which hands the raw text and operator to the backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator.lower() not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = clean_query(request.GET["search"])
        if not query:
            return queryset.none()
        if (operator or "and").lower() == "and" and "order" not in request.GET:
            # Ranked by relevance: the site search's own pipeline (exact titles and credit codes first,
            # synonyms, questions, partial matches below full ones, bounded at its MATCH_LIMIT).
            try:
                with transaction.atomic():
                    ranked = ranked_search(queryset, query)
                    return ranked
            except DatabaseError:
                logger.warning("Search backend rejected API query %r", query, exc_info=True)
                return queryset.none()
        try:
            return get_search_backend().search(
                query, queryset, operator=operator, order_by_relevance="order" not in request.GET
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


class PublicPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = Pagination
    filter_backends = [
        SearchFilter if backend is filters.SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        texts = [text for key, values in request.GET.lists() for text in (key, *values)]
        if any("\x00" in text for text in texts):
            raise BadRequestError("query parameters cannot contain null characters")
        if nesting_depth(request.GET.get("fields", "")) > MAX_FIELDS_DEPTH:
            raise BadRequestError(f"fields cannot be nested more than {MAX_FIELDS_DEPTH} levels deep")

    def find_object(self, queryset, request):
        if "id" in request.GET and parse_id(request.GET["id"]) is None:
            raise BadRequestError("id must be a whole number")
        return super().find_object(queryset, request)

    @classmethod
    def get_urlpatterns(cls):
        """Wagtail's routes, with the detail view's id bounded (``<id:pk>``): a huge id is a 404."""
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
