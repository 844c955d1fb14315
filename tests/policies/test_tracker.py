"""Tracker and comment-window rules (policies/tracker.py): no database."""

import datetime
from decimal import Decimal

import pytest

from policies import tracker

D = datetime.date


def test_latest_entry_on_or_before_today_counts():
    history = [
        (D(2023, 1, 1), tracker.TaskStatus.IN_PROGRESS),
        (D(2022, 1, 1), tracker.TaskStatus.NOT_STARTED),
    ]
    assert tracker.current_status(history, 2025, D(2024, 6, 1)) == tracker.TaskStatus.IN_PROGRESS
    assert tracker.current_status(history, 2025, D(2022, 6, 1)) == tracker.TaskStatus.NOT_STARTED
    assert tracker.current_status([], 2025, D(2024, 6, 1)) == tracker.TaskStatus.NOT_STARTED


def test_task_not_done_by_the_end_of_its_deadline_year_is_overdue():
    history = [(D(2022, 3, 1), tracker.TaskStatus.IN_PROGRESS)]
    assert tracker.current_status(history, 2022, D(2022, 12, 31)) == tracker.TaskStatus.IN_PROGRESS
    assert tracker.current_status(history, 2022, D(2023, 1, 1)) == tracker.TaskStatus.OVERDUE


def test_done_task_is_never_overdue_and_ongoing_task_never_becomes_overdue():
    assert (
        tracker.current_status([(D(2022, 11, 1), tracker.TaskStatus.DONE)], 2022, D(2026, 1, 1))
        == tracker.TaskStatus.DONE
    )
    assert (
        tracker.current_status([(D(2022, 1, 1), tracker.TaskStatus.IN_PROGRESS)], None, D(2040, 1, 1))
        == tracker.TaskStatus.IN_PROGRESS
    )


def test_status_counts_list_every_status():
    counts = tracker.status_counts(
        [tracker.TaskStatus.DONE, tracker.TaskStatus.DONE, tracker.TaskStatus.OVERDUE]
    )
    assert counts == {
        tracker.TaskStatus.NOT_STARTED: 0,
        tracker.TaskStatus.IN_PROGRESS: 0,
        tracker.TaskStatus.DONE: 2,
        tracker.TaskStatus.OVERDUE: 1,
    }


@pytest.mark.parametrize(
    "value, target, comparison, met, share",
    [
        (12, 12, tracker.Comparison.AT_LEAST, True, 100),
        (9, 12, tracker.Comparison.AT_LEAST, False, 75),
        (Decimal("19.6"), 20, tracker.Comparison.AT_LEAST, False, 98),
        (170000, 160000, tracker.Comparison.AT_LEAST, True, 100),
        (3, 5, tracker.Comparison.AT_MOST, True, None),
        (None, 5, tracker.Comparison.AT_LEAST, None, None),
    ],
)
def test_target_arithmetic(value, target, comparison, met, share):
    assert tracker.meets_target(value, target, comparison) is met
    assert tracker.share_of_target(value, target, comparison) == share


def test_comment_window_is_inclusive_and_only_for_drafts():
    opens, closes = D(2026, 11, 16), D(2027, 1, 15)
    assert (
        tracker.comment_window("draft", opens, closes, D(2026, 11, 15)) == tracker.CommentWindow.NOT_YET_OPEN
    )
    assert tracker.comment_window("draft", opens, closes, opens) == tracker.CommentWindow.OPEN
    assert tracker.comment_window("draft", opens, closes, closes) == tracker.CommentWindow.OPEN
    assert tracker.comment_window("draft", opens, closes, D(2027, 1, 16)) == tracker.CommentWindow.CLOSED
    assert tracker.comment_window("in_force", opens, closes, opens) == tracker.CommentWindow.NO_COMMENT
    assert tracker.comment_window("draft", None, None, opens) == tracker.CommentWindow.NO_COMMENT


def test_numbers_are_shown_without_trailing_zeros_or_exponents():
    assert tracker.format_number(Decimal("160000.00")) == "160,000"
    assert tracker.format_number(Decimal("95.50")) == "95.5"
    assert tracker.format_number(12) == "12"
    assert tracker.format_number(None) == ""


# Contradictions between a task's shown status and the site's evidence or its own indicators.
STARTED, FINISHED = tracker.EvidenceKind.STARTED, tracker.EvidenceKind.DONE


def rules(status, deadline_year=2025, evidence=(), met=()):
    return [item.rule for item in tracker.contradictions(status, deadline_year, list(evidence), list(met))]


def test_not_started_task_with_published_evidence_contradicts():
    assert rules(tracker.TaskStatus.NOT_STARTED, None, [STARTED, STARTED]) == [
        tracker.ContradictionRule.EVIDENCE_SHOWS_STARTED
    ]
    # ... but evidence of work does not contradict a task under way, or overdue.
    assert rules(tracker.TaskStatus.IN_PROGRESS, None, [STARTED]) == []
    assert rules(tracker.TaskStatus.OVERDUE, 2022, [STARTED]) == []
    assert rules(tracker.TaskStatus.NOT_STARTED, None, []) == []


def test_evidence_of_done_contradicts_every_status_but_done():
    for status in (
        tracker.TaskStatus.NOT_STARTED,
        tracker.TaskStatus.IN_PROGRESS,
        tracker.TaskStatus.OVERDUE,
    ):
        assert rules(status, 2022, [STARTED, FINISHED]) == [tracker.ContradictionRule.EVIDENCE_SHOWS_DONE], (
            status
        )
    assert rules(tracker.TaskStatus.DONE, 2022, [FINISHED]) == []


def test_overdue_task_whose_indicators_are_all_met_contradicts():
    assert rules(tracker.TaskStatus.OVERDUE, 2025, met=[True]) == [tracker.ContradictionRule.INDICATORS_MET]
    assert rules(tracker.TaskStatus.IN_PROGRESS, 2025, met=[True, True]) == [
        tracker.ContradictionRule.INDICATORS_MET
    ]
    assert rules(tracker.TaskStatus.NOT_STARTED, None, met=[True]) == [
        tracker.ContradictionRule.INDICATORS_MET
    ]


def test_indicators_contradict_only_when_every_one_is_known_and_met():
    assert rules(tracker.TaskStatus.OVERDUE, 2025, met=[True, False]) == []
    assert rules(tracker.TaskStatus.OVERDUE, 2025, met=[True, None]) == []
    assert rules(tracker.TaskStatus.OVERDUE, 2025, met=[]) == []


def test_ongoing_task_in_progress_meeting_its_target_is_consistent():
    """“持续保持参与率95%以上”: meeting the target is what being in progress looks like."""
    assert rules(tracker.TaskStatus.IN_PROGRESS, None, met=[True]) == []


def test_done_task_with_an_indicator_not_met_contradicts():
    assert rules(tracker.TaskStatus.DONE, 2025, met=[True, False]) == [
        tracker.ContradictionRule.DONE_BUT_NOT_MET
    ]
    assert rules(tracker.TaskStatus.DONE, 2025, met=[True, None]) == []
    assert rules(tracker.TaskStatus.DONE, 2025, met=[True]) == []


def test_contradictions_explain_themselves_with_the_status_and_counts():
    from django.utils import translation

    with translation.override("en"):
        (item,) = tracker.contradictions(tracker.TaskStatus.NOT_STARTED, None, [STARTED, STARTED], [])
        assert "Not started" in item.explanation and "2 published pages" in item.explanation
        (item,) = tracker.contradictions(tracker.TaskStatus.DONE, 2025, [], [False, True, False])
        assert "2 of its indicators" in item.explanation


def test_several_contradictions_are_all_listed():
    found = rules(tracker.TaskStatus.NOT_STARTED, 2025, [FINISHED], met=[True])
    assert found == [tracker.ContradictionRule.EVIDENCE_SHOWS_DONE, tracker.ContradictionRule.INDICATORS_MET]
