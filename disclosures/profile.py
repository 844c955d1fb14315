"""What the organisation profile and the disclosure page show (their ``get_context``)."""

import datetime

from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from wucheng_site import charts
from wucheng_site.page_queries import public

from .compliance import ComplianceStatus, DisclosureType, ObligationCode
from .figures import charitable_spending_ratio
from .models import DisclosurePage
from .record import with_record_dates
from .standing import FIGURE_SOURCES, standing

TYPE_ORDER = list(DisclosureType)


def group_by_year_and_type(rows):
    """[(year, [(type label, [disclosures])])], newest year first, types in their usual order."""
    years = {}
    for row in rows:
        years.setdefault(row.year, {}).setdefault(row.disclosure_type, []).append(row)
    return [
        (
            year,
            [
                (row_list[0].type_label, row_list)
                for code in TYPE_ORDER
                if (row_list := years[year].get(code))
            ],
        )
        for year in sorted(years, reverse=True)
    ]


def obligation_rows(year_records, rows_by_key):
    return [
        {
            "year": record.year,
            "status": record.status,
            "status_label": ComplianceStatus(record.status).label,
            "items": [
                {
                    "label": ObligationCode(o.code).label,
                    "subject": o.subject,
                    "due": o.due,
                    "status": o.status,
                    "status_label": ComplianceStatus(o.status).label,
                    "days_late": o.days_late,
                    "disclosure": rows_by_key.get(o.record_key),
                }
                for o in record.obligations
            ],
        }
        for record in year_records
    ]


def income_segments(figures):
    return [
        charts.Segment(_("Donations"), figures.donation_income, "chart__bar--donations"),
        charts.Segment(_("Government grants"), figures.government_grants, "chart__bar--grants"),
        charts.Segment(_("Other income"), figures.other_income, "chart__bar--other"),
    ]


def expenditure_segments(figures):
    charitable = figures.charitable_expenditure or 0
    management = figures.management_expenses or 0
    fundraising = figures.fundraising_costs or 0
    rest = max((figures.total_expenditure or 0) - charitable - management - fundraising, 0)
    return [
        charts.Segment(_("Charitable spending"), charitable, "chart__bar--charitable"),
        charts.Segment(_("Management costs"), management, "chart__bar--management"),
        charts.Segment(_("Fundraising costs"), fundraising, "chart__bar--fundraising"),
        charts.Segment(_("Other spending"), rest, "chart__bar--other-spending"),
    ]


def financial_chart(organisation, history_rows):
    if not history_rows:
        return None, None
    groups = [
        charts.Group(
            str(row.year),
            [
                charts.Bar(_("Income"), income_segments(row.figures)),
                charts.Bar(_("Spending"), expenditure_segments(row.figures)),
            ],
        )
        for row in history_rows
    ]
    first, last = history_rows[0].year, history_rows[-1].year
    description = _(
        "Income by source and spending by purpose of %(name)s from %(first)s to %(last)s, in 10,000 yuan. "
        "The table below gives the same figures."
    ) % {"name": organisation.title, "first": first, "last": last}
    sample = history_rows[-1].figures
    legend = charts.legend(income_segments(sample) + expenditure_segments(sample))
    title = _("Financial history of %(name)s") % {"name": organisation.title}
    return charts.stacked_bar_chart(groups, title, description, unit_label=_("10,000 yuan")), legend


def latest_of_type(rows, disclosure_type):
    """The newest of ``rows`` of ``disclosure_type`` (by the year it covers, then the date it was
    disclosed), or None; with ``corrected`` set when a published correction points at it."""
    candidates = [row for row in rows if row.disclosure_type == disclosure_type]
    if not candidates:
        return None
    latest = max(candidates, key=lambda row: (row.year, row.disclosed_on or datetime.date.min, row.path))
    latest.corrected = any(
        row.disclosure_type == DisclosureType.CORRECTION and row.related_disclosure_id == latest.pk
        for row in rows
    )
    return latest


def latest_reports(rows):
    """What visitors look for first on a profile: the newest annual work report and financial
    accounting report (Order 81 art. 9), from the disclosures already loaded (no query)."""
    return {
        "latest_annual_report": latest_of_type(rows, DisclosureType.ANNUAL_REPORT),
        "latest_financial_report": latest_of_type(rows, DisclosureType.FINANCIAL_REPORT),
    }


def profile_context(organisation, request):
    # Full rows (not the light ones): the template links each disclosure, which needs url_path.
    rows = list(
        with_record_dates(organisation.published_disclosures(request).defer("body")).order_by("-year", "path")
    )
    result = standing(organisation, rows)
    rows_by_key = {row.pk: row for row in rows}
    history_rows = result["history"][-5:]
    chart, legend = financial_chart(organisation, history_rows)
    return {
        "disclosure_groups": group_by_year_and_type(rows),
        "disclosure_total": len(rows),
        "compliance_years": obligation_rows(result["years"], rows_by_key),
        "compliance_status": result["status"],
        "compliance_status_label": ComplianceStatus(result["status"]).label,
        "history_rows": history_rows,
        "financial_chart": chart,
        "financial_legend": legend,
        "corrections": [row for row in rows if row.disclosure_type == DisclosureType.CORRECTION],
        **latest_reports(rows),
    }


def previous_year_figures(page):
    """The organisation's figures of the year before ``page``'s, for the charitable-spending ratio."""
    candidates = (
        DisclosurePage.objects.sibling_of(page)
        .live()
        .filter(year=page.year - 1, disclosure_type__in=FIGURE_SOURCES)
        .defer("body")
    )
    best = sorted(
        (c for c in candidates if c.has_figures), key=lambda c: FIGURE_SOURCES.index(c.disclosure_type)
    )
    return best[0].year_figures() if best else None


def publication_history(page):
    """When each version of ``page`` was published (dates only: editors' names are not public)."""
    return list(
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .order_by("timestamp")
        .values("timestamp", "revision_id")
    )


def linked_disclosures(page, request=None):
    """(the disclosure ``page`` relates to, its corrections, its other follow-ups): live and public
    only (a draft's title is not public), in one query."""
    if page.pk is None:
        return None, [], []
    linked = Q(related_disclosure_id=page.pk)
    if page.related_disclosure_id:
        linked |= Q(pk=page.related_disclosure_id)
    rows = list(
        with_record_dates(public(DisclosurePage.objects.live().filter(linked), request)).order_by("path")
    )
    following = [row for row in rows if row.related_disclosure_id == page.pk]
    return (
        next((row for row in rows if row.pk == page.related_disclosure_id), None),
        [row for row in following if row.disclosure_type == DisclosureType.CORRECTION],
        [row for row in following if row.disclosure_type != DisclosureType.CORRECTION],
    )


def disclosure_context(page, request):
    figures = page.year_figures() if page.has_figures else None
    previous = previous_year_figures(page) if figures else None
    related, corrections, follow_ups = linked_disclosures(page, request)
    return {
        "organisation": page.get_parent().specific,
        # Named publicly only while live and public: the link may point at a page that is a draft
        # (or was unpublished since), whose title is not public.
        "related_disclosure": related,
        "attachments": list(page.attachments.select_related("document")),
        "figures": figures,
        "previous_figures": previous,
        "charitable_spending_ratio": charitable_spending_ratio(figures, previous) if figures else None,
        "management_cost_share": figures.management_cost_share if figures else None,
        "corrections": corrections,
        # Changes made to this disclosure itself, each with its note and the version it replaced.
        "corrections_made": list(page.corrections_made.all()) if page.pk else [],
        "follow_ups": follow_ups,
        "publication_history": publication_history(page),
    }


def published_version(request, page, revision_id):
    """An earlier published version of a disclosure; drafts never, however the URL is guessed."""
    if not PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision_id=revision_id).exists():
        raise Http404
    revision = Revision.page_revisions.filter(object_id=str(page.pk), pk=revision_id).first()
    if revision is None:
        raise Http404
    old = revision.as_object()
    context = old.get_context(request)
    context.update(
        {
            "page": old,
            "self": old,
            "historical_revision": revision,
            "current_page": page,
        }
    )
    return TemplateResponse(request, old.get_template(request), context)
