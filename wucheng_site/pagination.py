"""One way to paginate public listings: bad or out-of-range page numbers never raise."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(items, number, per_page):
    """The page ``number`` of ``items``; page 1 for garbage, the last page when past the end."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
