"""Oversight pieces shown on other apps' templates: the organisation profile's record, and the
link to the report form (footer, profiles).

The link goes to the fixed address ``report-a-concern/`` (``oversight.views.report_redirect``), which
redirects to the oversight page's form: so the footer on every page costs no query.
"""

from django import template
from django.urls import reverse

from ..profile import oversight_record

register = template.Library()


@register.simple_tag
def report_concern_url(organisation=None):
    """URL of the report form, preselecting ``organisation`` when given."""
    url = reverse("report_concern")
    return f"{url}?organisation={organisation.pk}" if organisation is not None else url


@register.inclusion_tag("oversight/organisation_oversight.html", takes_context=True)
def organisation_oversight(context, organisation):
    record = oversight_record(organisation)
    record.update(
        {
            "request": context.get("request"),
            "organisation": organisation,
            "report_url": report_concern_url(organisation),
        }
    )
    return record
