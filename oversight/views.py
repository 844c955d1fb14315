"""``/report-a-concern/``: the fixed address of the report form (wired in wucheng_site/urls.py).

The form itself, its confirmation and the status page are routes of ``OversightIndexPage``
(form_views.py)."""

from django.http import Http404, HttpResponseRedirect
from wagtail.models import Locale, Site

from wucheng_site.params import parse_id

from .models import OversightIndexPage


def report_redirect(request):
    """``/report-a-concern/`` (and ``/en/…``): the report form of the current language's oversight page.

    Footer and profiles link here, so that they need no query to find the page;
    ``?organisation=<id>`` is passed on.
    """
    site = Site.find_for_request(request)
    home = site.root_page.get_translation_or_none(Locale.get_active()) if site else None
    page = OversightIndexPage.objects.child_of(home).live().public().first() if home else None
    if page is None:
        raise Http404
    url = page.get_url(request) + page.reverse_subpage("report")
    organisation = parse_id(request.GET.get("organisation"))
    return HttpResponseRedirect(f"{url}?organisation={organisation}" if organisation is not None else url)
