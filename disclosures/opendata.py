"""Open data: organisations and disclosures as CSV and JSON, with stable, documented columns.

The column lists below are the contract: the open-data page documents them from these same
definitions, and tests pin them. Only published pages appear.
"""

import csv
import io
import json
import re
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .figures import FIGURE_FIELDS, charitable_spending_ratio
from .models import DisclosurePage, OrganisationPage
from .record import with_record_dates
from .standing import FIGURE_SOURCES

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"


@dataclass(frozen=True)
class Column:
    name: str
    description: str


ORGANISATION_COLUMNS = [
    Column("credit_code", _("Unified social credit code (统一社会信用代码)")),
    Column("name", _("Registered name")),
    Column("kind", _("foundation, social_group or social_service_org")),
    Column("registered_on", _("Registration date, YYYY-MM-DD")),
    Column("recognised_on", _("Charity recognition date, YYYY-MM-DD")),
    Column("public_fundraising", _("Holds public-fundraising qualification: true/false")),
    Column("tax_deductible", _("Donations are tax-deductible: true/false")),
    Column("rating", _("Evaluation rating (5A … 1A), empty if none")),
    Column("rating_year", _("Year of the rating")),
    Column("town", _("Town or street")),
    Column("address", _("Address")),
    Column("website", _("Website")),
    Column("compliance_status", _("Disclosure record over five years: on_time, late or missing")),
    Column("latest_disclosure_on", _("Date of the latest disclosure")),
    Column("url", _("Profile page")),
]

DISCLOSURE_COLUMNS = [
    Column("organisation_credit_code", _("Credit code of the organisation")),
    Column("organisation_name", _("Name of the organisation")),
    Column("title", _("Title")),
    Column("type", _("Disclosure type (as in the import format)")),
    Column("year", _("Reporting year")),
    Column(
        "published_on",
        _(
            "Date that counts for the disclosure record, YYYY-MM-DD: first publication on this site, or "
            "an earlier declared date the civil-affairs bureau confirmed"
        ),
    ),
    Column("first_published_here", _("Date first published on this site")),
    Column("declared_on", _("Earlier first publication declared by the organisation, if any")),
    Column("declared_where", _("Where it says it was first published")),
    Column(
        "declared_confirmed", _("The declared date was confirmed by the civil-affairs bureau: true/false")
    ),
    Column("period_start", _("Start of the period covered")),
    Column("period_end", _("End of the period covered")),
    *(Column(name, _("Yuan; annual and financial reports only")) for name in FIGURE_FIELDS),
    Column("charitable_spending_ratio", _("Charitable spending / previous year's total income")),
    Column("management_cost_share", _("Management expenses / total expenditure")),
    Column("attachments", _("URLs of the attachments, separated by spaces")),
    Column("corrections", _("Corrections made to this disclosure: “date: note”, separated by “ | ”")),
    Column("url", _("Disclosure page")),
]


class Dataset(TextChoices):
    """The datasets; the value is the file name (``organisations.csv``), stable in URLs."""

    ORGANISATIONS = "organisations", _("Organisations")
    DISCLOSURES = "disclosures", _("Disclosures")


DATASETS = {Dataset.ORGANISATIONS: ORGANISATION_COLUMNS, Dataset.DISCLOSURES: DISCLOSURE_COLUMNS}


# A cell that starts with one of these is a formula to a spreadsheet program (CSV injection): a title
# typed as "=HYPERLINK(…)" would run when a journalist opens the file. Numbers (−1234.50) are not.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_formula(str(value))


def neutralise_formula(text):
    """``text`` as a spreadsheet shows it literally: a leading apostrophe before a formula character."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def _json(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return str(value)


def organisation_rows(request):
    organisations = (
        OrganisationPage.objects.live()
        .public()
        .filter(locale__language_code="zh-hans")
        .select_related("summary")
    ).order_by("title", "pk")
    for org in organisations:
        summary = getattr(org, "summary", None)
        yield {
            "credit_code": org.credit_code,
            "name": org.title,
            "kind": org.kind,
            "registered_on": org.registered_on,
            "recognised_on": org.recognised_on,
            "public_fundraising": org.public_fundraising,
            "tax_deductible": org.tax_deductible,
            "rating": org.rating,
            "rating_year": org.rating_year,
            "town": org.town,
            "address": org.address,
            "website": org.website,
            "compliance_status": summary.compliance_status if summary else "",
            "latest_disclosure_on": summary.latest_disclosure_on if summary else None,
            "url": org.get_full_url(request),
        }


def disclosure_rows(request):
    organisations = {
        org.path: org
        for org in OrganisationPage.objects.live().public().filter(locale__language_code="zh-hans")
    }
    disclosures = list(
        with_record_dates(
            DisclosurePage.objects.live()
            .public()
            .filter(locale__language_code="zh-hans")
            .defer("body")
            .prefetch_related("attachments__document", "corrections_made")
        ).order_by("path")
    )
    figures = {
        (d.path[: -DisclosurePage.steplen], d.year, d.disclosure_type): d.year_figures()
        for d in disclosures
        if d.disclosure_type in FIGURE_SOURCES and d.has_figures
    }
    for disclosure in disclosures:
        org = organisations.get(disclosure.path[: -DisclosurePage.steplen])
        if org is None:
            continue  # below an unpublished organisation
        own = disclosure.year_figures() if disclosure.has_figures else None
        previous = next(
            (
                figures[key]
                for source in FIGURE_SOURCES
                if (key := (org.path, disclosure.year - 1, source)) in figures
            ),
            None,
        )
        yield {
            "organisation_credit_code": org.credit_code,
            "organisation_name": org.title,
            "title": disclosure.title,
            "type": disclosure.disclosure_type,
            "year": disclosure.year,
            "published_on": disclosure.disclosed_on,
            "first_published_here": disclosure.platform_published_on,
            "declared_on": disclosure.declared_on,
            "declared_where": disclosure.declared_where,
            "declared_confirmed": disclosure.declared_date_confirmed if disclosure.declared_on else None,
            "period_start": disclosure.period_start,
            "period_end": disclosure.period_end,
            **{name: getattr(disclosure, name) for name in FIGURE_FIELDS},
            "charitable_spending_ratio": charitable_spending_ratio(own, previous) if own else None,
            "management_cost_share": own.management_cost_share if own else None,
            "attachments": " ".join(
                request.build_absolute_uri(a.document.url) for a in disclosure.attachments.all()
            ),
            "corrections": " | ".join(
                f"{timezone.localtime(c.published_at):%Y-%m-%d}: {c.note or '-'}"
                for c in disclosure.corrections_made.all()
            ),
            "url": disclosure.get_full_url(request),
        }


ROWS = {Dataset.ORGANISATIONS: organisation_rows, Dataset.DISCLOSURES: disclosure_rows}


def as_csv(dataset, request):
    """CSV with a UTF-8 byte-order mark, so spreadsheet programs in China open it correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    columns = [c.name for c in DATASETS[dataset]]
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in ROWS[dataset](request):
        writer.writerow([_text(row[name]) for name in columns])
    return buffer.getvalue()


def as_json(dataset, request):
    rows = [{name: _json(value) for name, value in row.items()} for row in ROWS[dataset](request)]
    return json.dumps(
        {
            "dataset": dataset,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "count": len(rows),
            "columns": [c.name for c in DATASETS[dataset]],
            "items": rows,
        },
        ensure_ascii=False,
    )
