"""The disclosure obligations of 民政部令第81号《慈善组织信息公开办法》 (in force 2026-01-01).

Pure functions over dates and plain records — no database, no request — so every rule is easy to read
and to test. ``disclosures.models`` turns pages into ``Record``/``Organisation`` values and stores the
summary; the profile, the compliance overview and the reminders command show what this computes.

The rules (brief, section 4):

* annual work report and financial accounting report for year Y by 31 May of Y+1; an audit report as
  well where the charity held public-fundraising qualification in Y; charities without that
  qualification also disclose Y's major projects by the same date;
* a public fundraising or project running over 6 months: progress at least every 3 months;
* a fundraising or project that has ended: full results within 3 months of the end;
* a charity trust: as trustee at least yearly, as settlor within 30 days of setting it up;
* a major asset change, investment or transaction, or a related-party transaction: within 30 days.

Interpretations we made (see docs/compliance.md): an annual report that carries the financial
figures also counts as the financial accounting report; a project's results are a progress report
published after the project's end; an obligation whose due date is still ahead is ``due`` (not yet
judged), and one published after its due date is ``late``.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class DisclosureType(TextChoices):
    """What a disclosure is (DisclosurePage.disclosure_type); the rules below are written in these."""

    ANNUAL_REPORT = "annual_report", _("Annual work report")
    FINANCIAL_REPORT = "financial_report", _("Financial accounting report")
    AUDIT_REPORT = "audit_report", _("Audit report")
    FUNDRAISING_PLAN = "fundraising_plan", _("Fundraising plan")
    FUNDRAISING_PROGRESS = "fundraising_progress", _("Fundraising progress")
    FUNDRAISING_RESULT = "fundraising_result", _("Fundraising result")
    PROJECT = "project", _("Charity project")
    PROJECT_PROGRESS = "project_progress", _("Project progress")
    TRUST = "trust", _("Charity trust")
    RELATED_PARTY = "related_party", _("Related-party transaction")
    MAJOR_EVENT = "major_event", _("Major event")
    CORRECTION = "correction", _("Correction")


class TrustRole(TextChoices):
    """The organisation's role in a charity trust: the two roles have different deadlines."""

    TRUSTEE = "trustee", _("As trustee")
    SETTLOR = "settlor", _("As settlor")


class ComplianceStatus(TextChoices):
    """How an obligation (or a set of them, ``summarise``) was met."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    DUE = "due", _("Not yet due")  # not yet due, nothing published: not judged yet
    NONE = "", _("No obligations yet")  # nothing judged yet (``summarise``)


class ObligationCode(TextChoices):
    """What an obligation asks for (``Obligation.code``)."""

    ANNUAL_REPORT = "annual_report", _("Annual work report")
    FINANCIAL_REPORT = "financial_report", _("Financial accounting report")
    AUDIT_REPORT = "audit_report", _("Audit report")
    MAJOR_PROJECTS = "major_projects", _("Major projects of the year")
    PROGRESS = "progress", _("Progress report")
    RESULTS = "results", _("Results report")
    TRUST_YEARLY = "trust_yearly", _("Yearly trust report")
    WITHIN_30_DAYS = "within_30_days", _("Disclosure within 30 days")


ANNUAL_DUE_MONTH, ANNUAL_DUE_DAY = 5, 31
PROGRESS_INTERVAL_MONTHS = 3
LONG_RUNNING_MONTHS = 6
RESULTS_WITHIN_MONTHS = 3
EVENT_WITHIN_DAYS = 30
YEARS_SHOWN = 5

WITHIN_30_DAYS = ObligationCode.WITHIN_30_DAYS

PLAN_PROGRESS_TYPES: dict[str, str] = {
    DisclosureType.FUNDRAISING_PLAN: DisclosureType.FUNDRAISING_PROGRESS,
    DisclosureType.PROJECT: DisclosureType.PROJECT_PROGRESS,
}
EVENT_TYPES = {DisclosureType.RELATED_PARTY, DisclosureType.MAJOR_EVENT}


@dataclass(frozen=True)
class Record:
    """One published disclosure, reduced to what the rules need."""

    key: int
    type: str
    year: int
    published_on: date
    period_start: date | None = None
    period_end: date | None = None
    event_date: date | None = None
    related_key: int | None = None
    has_figures: bool = False
    trust_role: str = ""
    title: str = ""


@dataclass(frozen=True)
class Organisation:
    active_since: date  # charity recognition date, else registration date
    public_fundraising: bool = False
    public_fundraising_since: date | None = None


@dataclass(frozen=True)
class Obligation:
    code: str
    year: int  # the year the obligation counts for (reporting year, or the due date's year)
    due: date
    status: str
    record_key: int | None = None
    published_on: date | None = None
    subject: str = ""  # e.g. the title of the fundraising a progress report is owed for
    subject_key: int | None = None

    @property
    def days_late(self) -> int:
        if self.status == ComplianceStatus.LATE and self.published_on:
            return (self.published_on - self.due).days
        return 0


@dataclass
class YearRecord:
    year: int
    obligations: list[Obligation] = field(default_factory=list)

    @property
    def status(self) -> str:
        return summarise(self.obligations)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def annual_due(year: int) -> date:
    return date(year + 1, ANNUAL_DUE_MONTH, ANNUAL_DUE_DAY)


def judge(due: date, published_on: date | None, today: date) -> str:
    """Status of an obligation due on ``due`` met (or not) by a publication on ``published_on``."""
    if published_on is not None:
        return ComplianceStatus.ON_TIME if published_on <= due else ComplianceStatus.LATE
    return ComplianceStatus.MISSING if due < today else ComplianceStatus.DUE


def _earliest(records: Iterable[Record]) -> Record | None:
    return min(records, key=lambda r: (r.published_on, r.key), default=None)


def _obligation(
    code: str, year: int, due: date, record: Record | None, today: date, **extra: Any
) -> Obligation:
    return Obligation(
        code=code,
        year=year,
        due=due,
        status=judge(due, record.published_on if record else None, today),
        record_key=record.key if record else None,
        published_on=record.published_on if record else None,
        **extra,
    )


def held_public_fundraising(org: Organisation, year: int) -> bool:
    if not org.public_fundraising:
        return False
    return org.public_fundraising_since is None or org.public_fundraising_since.year <= year


def annual_obligations(org: Organisation, records: list[Record], year: int, today: date) -> list[Obligation]:
    """The 31 May obligations for reporting year ``year``."""
    if org.active_since.year > year:
        return []
    of_year = [r for r in records if r.year == year]
    due = annual_due(year)
    annual = _earliest(r for r in of_year if r.type == DisclosureType.ANNUAL_REPORT)
    financial = _earliest(
        r
        for r in of_year
        if r.type == DisclosureType.FINANCIAL_REPORT
        or (r.type == DisclosureType.ANNUAL_REPORT and r.has_figures)
    )
    found = [
        _obligation(ObligationCode.ANNUAL_REPORT, year, due, annual, today),
        _obligation(ObligationCode.FINANCIAL_REPORT, year, due, financial, today),
    ]
    if held_public_fundraising(org, year):
        audit = _earliest(r for r in of_year if r.type == DisclosureType.AUDIT_REPORT)
        found.append(_obligation(ObligationCode.AUDIT_REPORT, year, due, audit, today))
    else:
        projects = _earliest(r for r in of_year if r.type == DisclosureType.PROJECT)
        found.append(_obligation(ObligationCode.MAJOR_PROJECTS, year, due, projects, today))
    return found


def running_obligations(records: list[Record], today: date) -> list[Obligation]:
    """Progress every 3 months for fundraisings/projects over 6 months, and results after the end."""
    found: list[Obligation] = []
    for plan in records:
        progress_type = PLAN_PROGRESS_TYPES.get(plan.type)
        if progress_type is None or not (plan.period_start and plan.period_end):
            continue
        reports = sorted(
            (r for r in records if r.type == progress_type and r.related_key == plan.key),
            key=lambda r: (r.published_on, r.key),
        )
        extra: dict[str, Any] = {"subject": plan.title, "subject_key": plan.key}
        if add_months(plan.period_start, LONG_RUNNING_MONTHS) < plan.period_end:
            found.extend(_progress_obligations(plan, reports, today, extra))
        found.append(_results_obligation(plan, reports, records, today, extra))
    return found


def _progress_obligations(
    plan: Record, reports: list[Record], today: date, extra: dict[str, Any]
) -> list[Obligation]:
    start, end = plan.period_start, plan.period_end
    assert start and end  # running_obligations passes only plans with a period
    found: list[Obligation] = []
    previous_due = start
    step = 1
    due = add_months(start, PROGRESS_INTERVAL_MONTHS)
    while due < end:
        next_due = add_months(start, PROGRESS_INTERVAL_MONTHS * (step + 1))
        in_time = [r for r in reports if previous_due < r.published_on <= due]
        late = [r for r in reports if due < r.published_on <= next_due]
        record = _earliest(in_time) or _earliest(late)
        found.append(_obligation(ObligationCode.PROGRESS, due.year, due, record, today, **extra))
        previous_due, due, step = due, next_due, step + 1
    return found


def _results_obligation(
    plan: Record, reports: list[Record], records: list[Record], today: date, extra: dict[str, Any]
) -> Obligation:
    end = plan.period_end
    assert end  # running_obligations passes only plans with a period
    due = add_months(end, RESULTS_WITHIN_MONTHS)
    if plan.type == DisclosureType.FUNDRAISING_PLAN:
        candidates = [
            r for r in records if r.type == DisclosureType.FUNDRAISING_RESULT and r.related_key == plan.key
        ]
    else:
        candidates = [r for r in reports if r.published_on >= end]
    return _obligation(ObligationCode.RESULTS, due.year, due, _earliest(candidates), today, **extra)


def event_obligations(records: list[Record], today: date) -> list[Obligation]:
    """Items due within 30 days of an event: related-party and major transactions, trusts set up."""
    found: list[Obligation] = []
    for record in records:
        settlor = record.type == DisclosureType.TRUST and record.trust_role == TrustRole.SETTLOR
        if (record.type in EVENT_TYPES or settlor) and record.event_date:
            due = date.fromordinal(record.event_date.toordinal() + EVENT_WITHIN_DAYS)
            found.append(
                _obligation(ObligationCode.WITHIN_30_DAYS, due.year, due, record, today, subject=record.title)
            )
    return found


def trustee_obligations(records: list[Record], today: date) -> list[Obligation]:
    """As trustee of a charity trust, disclose at least yearly from the first such disclosure on."""
    reports = sorted(
        (r for r in records if r.type == DisclosureType.TRUST and r.trust_role == TrustRole.TRUSTEE),
        key=lambda r: (r.published_on, r.key),
    )
    found: list[Obligation] = []
    for previous, following in zip_longest(reports, reports[1:]):
        due = add_months(previous.published_on, 12)
        record = following if following and following.published_on > previous.published_on else None
        found.append(_obligation(ObligationCode.TRUST_YEARLY, due.year, due, record, today))
    return found


def obligations(
    org: Organisation, records: list[Record], today: date, years: int = YEARS_SHOWN
) -> list[Obligation]:
    """Every obligation of the last ``years`` reporting years (and running items), oldest first.

    Obligations not yet due are kept even when they fall due next year: in December, the results
    owed in January are what a reminder or the organisation's dashboard must mention (they count for
    no record until judged, see ``summarise`` and ``by_year``)."""
    first_year = today.year - years
    found: list[Obligation] = []
    for year in range(first_year, today.year):
        found.extend(annual_obligations(org, records, year, today))
    found.extend(running_obligations(records, today))
    found.extend(event_obligations(records, today))
    found.extend(trustee_obligations(records, today))
    return sorted(
        (o for o in found if first_year <= o.year <= today.year or o.status == ComplianceStatus.DUE),
        key=lambda o: (o.year, o.due, o.code),
    )


def by_year(found: Iterable[Obligation], today: date, years: int = YEARS_SHOWN) -> list[YearRecord]:
    """Obligations grouped by year, newest first, one entry for each of the last ``years`` years."""
    groups = {year: YearRecord(year) for year in range(today.year, today.year - years - 1, -1)}
    # The current year appears only when something already counts for it.
    for obligation in found:
        if obligation.year in groups:
            groups[obligation.year].obligations.append(obligation)
    return [group for group in groups.values() if group.obligations or group.year < today.year]


def summarise(found: Iterable[Obligation]) -> str:
    """One word for a set of obligations: missing beats late beats on time; upcoming ones don't count."""
    judged = {o.status for o in found if o.status != ComplianceStatus.DUE}
    if ComplianceStatus.MISSING in judged:
        return ComplianceStatus.MISSING
    if ComplianceStatus.LATE in judged:
        return ComplianceStatus.LATE
    if ComplianceStatus.ON_TIME in judged:
        return ComplianceStatus.ON_TIME
    return ComplianceStatus.NONE


def judged_counts(found: Iterable[Obligation]) -> tuple[int, int]:
    """(obligations already judged — on time, late or missing —, of which on time): the parts of an
    on-time share. Obligations still to come are not judged yet."""
    judged = [
        o
        for o in found
        if o.status in (ComplianceStatus.ON_TIME, ComplianceStatus.LATE, ComplianceStatus.MISSING)
    ]
    return len(judged), sum(1 for o in judged if o.status == ComplianceStatus.ON_TIME)


def upcoming_or_overdue(found: Iterable[Obligation], today: date, within_days: int = 30) -> list[Obligation]:
    """What a reminder should mention: unmet obligations overdue, or due within ``within_days``."""
    horizon = date.fromordinal(today.toordinal() + within_days)
    return [
        o
        for o in found
        if o.status == ComplianceStatus.MISSING or (o.status == ComplianceStatus.DUE and o.due <= horizon)
    ]
