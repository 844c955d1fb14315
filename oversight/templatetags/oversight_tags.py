"""Oversight pieces shown on other apps' templates: the organisation profile's record, and the
link to the report form (footer, profiles).

The link goes to the fixed address ``report-a-concern/`` (``oversight.views.report_redirect``), which
redirects to the oversight page's form: so the footer on every page costs no query.
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from wucheng_site.page_queries import per_request

from ..profile import oversight_record, profile_warnings

register = template.Library()


@register.simple_tag
def report_concern_url(organisation=None):
    """URL of the report form, preselecting ``organisation`` when given."""
    url = reverse("report_concern")
    return f"{url}?organisation={organisation.pk}" if organisation is not None else url


def shared_record(context, organisation):
    """``oversight_record`` once per request: the profile's summary card and its oversight section
    both show it, for the price of one."""
    return per_request(
        context.get("request"), ("oversight-record", organisation.pk), lambda: oversight_record(organisation)
    )


@register.simple_tag(takes_context=True)
def oversight_warnings(context, organisation):
    """``{% oversight_warnings page as warnings %}``: what the profile's summary card warns about."""
    return profile_warnings(shared_record(context, organisation), timezone.localdate())


@register.inclusion_tag("oversight/organisation_oversight.html", takes_context=True)
def organisation_oversight(context, organisation):
    record = dict(shared_record(context, organisation))
    record.update(
        {
            "request": context.get("request"),
            "organisation": organisation,
            "report_url": report_concern_url(organisation),
        }
    )
    return record
