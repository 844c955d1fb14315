"""Oversight pieces shown on other apps' templates: the organisation profile's record, and the
footer's link to the report form."""

from django import template
from django.utils.translation import get_language

from wucheng_site.templatetags.site_tags import _per_request, home_pages

from ..profile import oversight_record

register = template.Library()


def oversight_page(request):
    """The live oversight page of the current language (one query per request, shared)."""
    from ..models import OversightIndexPage

    def compute():
        home = home_pages(request).get(get_language())
        if home is None:
            return None
        return OversightIndexPage.objects.child_of(home).live().public().first()

    return _per_request(request, ("oversight_page", get_language()), compute)


@register.simple_tag(takes_context=True)
def report_concern_url(context, organisation=None):
    """URL of the report form, preselecting ``organisation`` when given; "" if there is no oversight page."""
    request = context.get("request")
    page = oversight_page(request)
    if page is None:
        return ""
    url = page.get_url(request) + page.reverse_subpage("report")
    return f"{url}?organisation={organisation.pk}" if organisation is not None else url


@register.inclusion_tag("oversight/organisation_oversight.html", takes_context=True)
def organisation_oversight(context, organisation):
    record = oversight_record(organisation)
    record.update(
        {
            "request": context.get("request"),
            "organisation": organisation,
            "report_url": report_concern_url(context, organisation),
        }
    )
    return record
