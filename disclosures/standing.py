"""An organisation's standing: compliance record, financial history and directory summary.

Glue between pages and the pure rules in ``compliance`` and ``figures``: one query for the
organisation's published disclosures feeds everything, so a profile costs the same number of
queries whatever the number of disclosures.
"""

from django.utils import timezone

from . import compliance
from .compliance import DisclosureType
from .figures import FIGURE_FIELDS, YearFigures, history
from .models import DisclosurePage, OrganisationPage, OrganisationSummary
from .record import with_record_dates

# Where a year's figures come from, best first.
FIGURE_SOURCES = (DisclosureType.FINANCIAL_REPORT, DisclosureType.ANNUAL_REPORT, DisclosureType.AUDIT_REPORT)

RECORD_FIELDS = (
    "pk",
    "title",
    "disclosure_type",
    "year",
    "declared_on",
    "first_published_at",
    "period_start",
    "period_end",
    "event_date",
    "trust_role",
    "related_disclosure_id",
    *FIGURE_FIELDS,
)


def disclosure_rows(organisation):
    """The published disclosures of ``organisation`` as light rows (one query)."""
    return with_record_dates(
        DisclosurePage.objects.child_of(organisation).live().public().only(*RECORD_FIELDS, "path", "depth")
    )


def disclosed_on(row):
    """The date judged against deadlines: the platform's, or a confirmed declared one."""
    return row.disclosed_on


def to_record(row):
    return compliance.Record(
        key=row.pk,
        type=row.disclosure_type,
        year=row.year,
        published_on=disclosed_on(row),
        period_start=row.period_start,
        period_end=row.period_end,
        event_date=row.event_date,
        related_key=row.related_disclosure_id,
        has_figures=any(getattr(row, name) is not None for name in FIGURE_FIELDS),
        trust_role=row.trust_role,
        title=row.title,
    )


def figures_by_year(rows):
    """Each year's figures from its best source: financial report, else annual report, else audit."""
    chosen = {}
    for row in rows:
        if row.disclosure_type not in FIGURE_SOURCES:
            continue
        figures = YearFigures(row.year, **{name: getattr(row, name) for name in FIGURE_FIELDS})
        if not figures.has_any:
            continue
        rank = FIGURE_SOURCES.index(row.disclosure_type)
        if row.year not in chosen or rank < chosen[row.year][0]:
            chosen[row.year] = (rank, figures)
    return {year: figures for year, (_rank, figures) in chosen.items()}


def standing(organisation, rows, today=None):
    """Obligations, the by-year record and the financial history of one organisation."""
    today = today or timezone.localdate()
    records = [to_record(row) for row in rows if disclosed_on(row)]
    obligations = compliance.obligations(organisation.compliance_facts(), records, today)
    return {
        "obligations": obligations,
        "years": compliance.by_year(obligations, today),
        "status": compliance.summarise(obligations),
        "history": history(figures_by_year(rows)),
    }


def refresh_summary(organisation, rows=None, today=None):
    """Recompute and store the directory summary of ``organisation``."""
    today = today or timezone.localdate()
    if rows is None:
        rows = list(disclosure_rows(organisation))
    result = standing(organisation, rows, today)
    latest_income = next(
        (
            row.figures.total_income
            for row in reversed(result["history"])
            if row.figures.total_income is not None
        ),
        None,
    )
    dates = [d for d in (disclosed_on(row) for row in rows) if d]
    judged, on_time = compliance.judged_counts(result["obligations"])
    summary, _ = OrganisationSummary.objects.update_or_create(
        organisation=organisation,
        defaults={
            "compliance_status": result["status"],
            "obligations_judged": judged,
            "obligations_on_time": on_time,
            "latest_total_income": latest_income,
            "latest_disclosure_on": max(dates, default=None),
            "disclosure_count": len(rows),
            "refreshed_on": today,
        },
    )
    return summary


def refresh_all(today=None):
    """Refresh every organisation's summary (the daily job); returns how many were refreshed."""
    organisations = list(OrganisationPage.objects.all())
    rows_by_parent = {}
    for row in with_record_dates(
        DisclosurePage.objects.live().public().only(*RECORD_FIELDS, "path", "depth")
    ):
        rows_by_parent.setdefault(row.path[: -DisclosurePage.steplen], []).append(row)
    for organisation in organisations:
        refresh_summary(organisation, rows_by_parent.get(organisation.path, []), today)
    return len(organisations)
