"""Disclosure factories (build on tests.factories.make_organisation).

They use the product's own functions as the import and the demo do: pages published through revisions,
declared dates confirmed with ``DeclaredDateConfirmation``, documents stored in the organisation's own
collection (their text extracted on save), the directory summary refreshed with ``refresh_summary``.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from disclosures.accounts import organisation_collection
from disclosures.models import DisclosureAttachment, DisclosurePage
from disclosures.record import DeclaredDateConfirmation
from disclosures.signals import summaries_suspended
from disclosures.standing import refresh_summary
from tests.factories import make_organisation, serial

REPO = Path(__file__).resolve().parents[2]
_SHARED_SAMPLES = REPO.parent / "shared" / "samples"
SAMPLES = (
    _SHARED_SAMPLES
    if (_SHARED_SAMPLES / "disclosures-sample.jsonl").exists()
    else REPO / "demo" / "data" / "disclosures" / "samples"
)
# Real PDFs with a Chinese text layer (the import format's samples), for tests of attachment text.
AUDIT_PDF = (
    SAMPLES / "attachments" / "shili-audit-2024.pdf"
)  # “审计意见类型：无保留意见”, 金华市示范会计师事务所
PROGRESS_PDF = SAMPLES / "attachments" / "xiguan-project-2025q2.pdf"  # “累计为独居老人提供午餐”

YEARS = range(2021, 2026)


def add_disclosure(
    org,
    title,
    publish=True,
    user=None,
    published_on=datetime.date(2025, 6, 1),
    slug=None,
    attachments=(),
    **fields,
):
    """A disclosure below ``org``; published unless ``publish`` is False (then a never-published draft).

    ``published_on`` stands for a first publication elsewhere that the bureau confirmed (as an import
    does), so it is the date that counts for the record; ``None`` leaves only the platform's date.
    ``attachments``: documents (see ``add_document``), or (document, title) pairs."""
    values = {"disclosure_type": "major_event", "year": 2025, "body": "<p>测试内容</p>"}
    if published_on:
        values.update(declared_on=published_on, declared_where="慈善中国")
    values.update(fields)
    page = DisclosurePage(title=title, slug=slug or f"test-{serial()}", live=False, **values)
    page.attachments = [
        DisclosureAttachment(document=item[0], title=item[1])
        if isinstance(item, tuple)
        else DisclosureAttachment(document=item)
        for item in attachments
    ]
    org.add_child(instance=page)
    if published_on:
        DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=page.declared_on,
            defaults={"declared_where": page.declared_where, "basis": "test"},
        )
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def add_document(org, path=AUDIT_PDF, title=None):
    """A document in ``org``'s own collection, a copy of the PDF at ``path`` (its text extracted on save,
    as for an upload or an import)."""
    from django.core.files import File
    from wagtail.documents import get_document_model

    Document = get_document_model()
    with Path(path).open("rb") as handle:
        document = Document(
            title=title or Path(path).stem,
            collection=organisation_collection(org),
            file=File(handle, Path(path).name),
        )
        document.save()
    return document


def year_figures(year, income=1_000_000):
    """Plausible figures (yuan) for ``year`` of an organisation with about ``income`` a year: income grows
    5 % a year; spending is 90 % of income, 90 % of it charitable and 6 % management."""
    total_income = Decimal(income) * (Decimal("1.05") ** (year - 2021))
    total_income = total_income.quantize(Decimal("1"))
    spending = (total_income * Decimal("0.9")).quantize(Decimal("1"))
    return {
        "total_income": total_income,
        "donation_income": (total_income * Decimal("0.8")).quantize(Decimal("1")),
        "government_grants": (total_income * Decimal("0.1")).quantize(Decimal("1")),
        "total_expenditure": spending,
        "charitable_expenditure": (spending * Decimal("0.9")).quantize(Decimal("1")),
        "management_expenses": (spending * Decimal("0.06")).quantize(Decimal("1")),
        "fundraising_costs": (spending * Decimal("0.01")).quantize(Decimal("1")),
        "net_assets": (total_income * Decimal("1.2")).quantize(Decimal("1")),
    }


def on_time_date(year):
    """A day before the 31 May deadline of reporting year ``year``."""
    return datetime.date(year + 1, 4, 15)


def add_annual_reports(org, years=YEARS, late=None, missing=(), income=1_000_000):
    """The yearly reports of ``org`` for ``years``, as the demo builds them: an annual work report with
    the year's figures (``year_figures``; it also counts as the financial report), slug
    ``{year}-annual-report`` and title ``{org.title}{year}年度工作报告``; and an audit report
    (``{year}-audit-report``) where ``org`` holds the public-fundraising qualification, else a major
    projects disclosure (``{year}-projects``). All are published on time (``on_time_date``), except the
    years in ``late`` ({year: date}); the years in ``missing`` have none. The directory summary is
    refreshed once at the end. Returns {year: annual report}."""
    late = late or {}
    reports = {}
    with summaries_suspended():
        for year in years:
            if year in missing:
                continue
            published_on = late.get(year) or on_time_date(year)
            reports[year] = add_disclosure(
                org,
                f"{org.title}{year}年度工作报告",
                slug=f"{year}-annual-report",
                disclosure_type="annual_report",
                year=year,
                published_on=published_on,
                body=f"<p>{year}年，本单位围绕章程规定的宗旨开展慈善活动。</p>",
                **year_figures(year, income),
            )
            if org.public_fundraising:
                add_disclosure(
                    org,
                    f"{org.title}{year}年度财务审计报告",
                    slug=f"{year}-audit-report",
                    disclosure_type="audit_report",
                    year=year,
                    published_on=published_on,
                    body=f"<p>本单位{year}年度财务报表已经会计师事务所审计。</p>",
                )
            else:
                add_disclosure(
                    org,
                    f"{year}年度重点慈善项目情况",
                    slug=f"{year}-projects",
                    disclosure_type="project",
                    year=year,
                    published_on=published_on,
                    body=f"<p>{year}年度实施的重点慈善项目和受益人数情况。</p>",
                )
    org.refresh_from_db()
    refresh_summary(org)
    return reports


def make_reporting_organisation(title=None, years=YEARS, late=None, missing=(), income=1_000_000, **fields):
    """A published organisation (``make_organisation``, recognised 2017) with its yearly reports for
    ``years`` (``add_annual_reports``: on time unless ``late`` {year: date}, none for ``missing``)."""
    org = make_organisation(title, **fields)
    add_annual_reports(org, years, late=late, missing=missing, income=income)
    return org


def add_correction(page, body, title=None, published_on=datetime.date(2025, 6, 3), **fields):
    """A published correction disclosure that says it corrects ``page`` (linked by related_disclosure)."""
    return add_disclosure(
        page.get_parent().specific,
        title or f"关于{page.title}的更正说明",
        disclosure_type="correction",
        year=page.year,
        published_on=published_on,
        related_disclosure=page,
        body=body,
        **fields,
    )
