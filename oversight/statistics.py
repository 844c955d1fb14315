"""Yearly figures of report handling for the public oversight page: counts only.

Nothing about any single report (no reference, organisation, text or person) leaves this module,
only per-year totals and an average.
"""

from dataclasses import dataclass

from .handling import ACCEPTED_STATUSES, ReportStatus, handling_days


@dataclass(frozen=True)
class YearStatistics:
    year: int
    received: int
    accepted: int
    concluded: int
    average_handling_days: float | None  # over reports closed (concluded or not accepted)


def yearly_statistics(rows):
    """``rows``: (received_on, status, closed_on) per report → [YearStatistics], newest year first."""
    years = {}
    for received_on, status, closed_on in rows:
        counts = years.setdefault(
            received_on.year, {"received": 0, "accepted": 0, "concluded": 0, "days": []}
        )
        counts["received"] += 1
        if status in ACCEPTED_STATUSES:
            counts["accepted"] += 1
        if status == ReportStatus.CONCLUDED:
            counts["concluded"] += 1
        if closed_on is not None:
            counts["days"].append(handling_days(received_on, closed_on))
    return [
        YearStatistics(
            year=year,
            received=c["received"],
            accepted=c["accepted"],
            concluded=c["concluded"],
            average_handling_days=round(sum(c["days"]) / len(c["days"]), 1) if c["days"] else None,
        )
        for year, c in sorted(years.items(), reverse=True)
    ]


def report_statistics():
    """Yearly statistics over every report, in one query."""
    from django.utils import timezone

    from .models import Report

    rows = (
        (timezone.localdate(received_at), status, closed_on)
        for received_at, status, closed_on in Report.objects.values_list("received_at", "status", "closed_on")
    )
    return yearly_statistics(rows)
