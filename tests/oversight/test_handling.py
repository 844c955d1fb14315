"""The handling rules as plain functions: moves between statuses, deadlines, handling time, statistics."""

import datetime
import itertools

import pytest

from oversight import handling
from oversight.handling import ReportStatus
from oversight.statistics import yearly_statistics

D = datetime.date


@pytest.mark.parametrize("old,new", itertools.product(list(ReportStatus), repeat=2))
def test_only_declared_moves_are_allowed(old, new):
    allowed = {
        ("received", "accepted"),
        ("received", "not_accepted"),
        ("accepted", "investigating"),
        ("accepted", "concluded"),
        ("investigating", "concluded"),
    }
    assert handling.can_move(old, new) == (old == new or (old, new) in allowed)


def test_closed_reports_cannot_be_reopened():
    for closed in handling.CLOSED_STATUSES:
        assert [s for s in ReportStatus if handling.can_move(closed, s)] == [closed]


def test_only_not_accepted_needs_a_reason():
    assert [s for s in ReportStatus if handling.needs_reason(s)] == ["not_accepted"]


def test_acceptance_is_due_15_days_after_receipt():
    assert handling.due_date("received", D(2026, 3, 1)) == D(2026, 3, 16)


@pytest.mark.parametrize("status", ["accepted", "investigating"])
def test_conclusion_is_due_60_days_after_the_acceptance_decision(status):
    assert handling.due_date(status, D(2026, 3, 1), D(2026, 3, 10)) == D(2026, 5, 9)


def test_conclusion_deadline_counts_from_receipt_when_the_decision_date_is_unknown():
    assert handling.due_date("accepted", D(2026, 3, 1), None) == D(2026, 4, 30)


@pytest.mark.parametrize("status", handling.CLOSED_STATUSES)
def test_closed_reports_have_no_deadline(status):
    assert handling.due_date(status, D(2026, 3, 1), D(2026, 3, 2)) is None


def test_a_report_is_overdue_the_day_after_its_deadline():
    due = D(2026, 3, 16)
    assert not handling.is_overdue(due, D(2026, 3, 16))
    assert handling.is_overdue(due, D(2026, 3, 17))
    assert not handling.is_overdue(None, D(2030, 1, 1))


def test_deciding_sets_the_decision_date_and_closing_sets_the_closing_date():
    today = D(2026, 4, 1)
    assert handling.dates_after_move("received", "accepted", today) == (today, None)
    assert handling.dates_after_move("received", "not_accepted", today) == (today, today)
    assert handling.dates_after_move("accepted", "concluded", today, D(2026, 3, 1)) == (D(2026, 3, 1), today)
    assert handling.dates_after_move("investigating", "investigating", today, D(2026, 3, 1)) == (
        D(2026, 3, 1),
        None,
    )


def test_yearly_statistics_count_by_year_of_receipt_and_average_closed_reports():
    rows = [
        (D(2025, 12, 30), "concluded", D(2026, 1, 29)),  # 30 days, counted in 2025
        (D(2026, 1, 5), "received", None),
        (D(2026, 2, 1), "accepted", None),
        (D(2026, 2, 1), "investigating", None),
        (D(2026, 3, 1), "not_accepted", D(2026, 3, 11)),  # 10 days
        (D(2026, 3, 1), "concluded", D(2026, 4, 20)),  # 50 days
    ]
    stats = yearly_statistics(rows)
    assert [(s.year, s.received, s.accepted, s.concluded, s.average_handling_days) for s in stats] == [
        (2026, 5, 3, 1, 30.0),
        (2025, 1, 1, 1, 30.0),
    ]


def test_a_year_without_closed_reports_has_no_average():
    assert yearly_statistics([(D(2026, 1, 1), "received", None)])[0].average_handling_days is None
