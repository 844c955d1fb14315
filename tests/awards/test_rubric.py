"""Rubric arithmetic and the leaderboard's quota line (awards/rubric.py)."""

from decimal import Decimal

import pytest

from awards.rubric import Criterion, RubricError, leaderboard, mean_score, weighted_score

RUBRIC = [Criterion("impact", 40, 10), Criterion("duration", 30, 10), Criterion("openness", 30, 5)]


def test_full_marks_score_100_and_zero_marks_score_0():
    assert weighted_score(RUBRIC, {"impact": 10, "duration": 10, "openness": 5}) == Decimal("100.00")
    assert weighted_score(RUBRIC, {"impact": 0, "duration": 0, "openness": 0}) == Decimal("0.00")


def test_each_criterion_counts_by_its_weight_over_its_own_highest_mark():
    # 40×8/10 + 30×5/10 + 30×4/5 = 32 + 15 + 24 = 71 out of 100
    assert weighted_score(RUBRIC, {"impact": 8, "duration": 5, "openness": 4}) == Decimal("71.00")


def test_weights_need_not_add_up_to_100():
    rubric = [Criterion("a", 1, 10), Criterion("b", 2, 10)]
    # (1×7/10 + 2×4/10) / 3 × 100 = 1.5/3 × 100 = 50
    assert weighted_score(rubric, {"a": 7, "b": 4}) == Decimal("50.00")


def test_scores_are_rounded_half_up_to_two_decimals():
    rubric = [Criterion("a", 1, 3)]
    assert weighted_score(rubric, {"a": 1}) == Decimal("33.33")
    assert weighted_score(rubric, {"a": 2}) == Decimal("66.67")


def test_marks_given_as_form_strings_are_accepted():
    assert weighted_score(RUBRIC, {"impact": "10", "duration": "10", "openness": "5"}) == Decimal("100.00")


@pytest.mark.parametrize(
    "marks,problem",
    [
        ({"impact": 10, "duration": 10}, "missing"),
        ({"impact": 11, "duration": 10, "openness": 5}, "between 0 and 10"),
        ({"impact": -1, "duration": 10, "openness": 5}, "between 0 and 10"),
        ({"impact": 7.5, "duration": 10, "openness": 5}, "whole number"),
        ({"impact": "7.5", "duration": 10, "openness": 5}, "whole number"),
        ({"impact": True, "duration": 10, "openness": 5}, "whole number"),
        ({"impact": 1, "duration": 1, "openness": 1, "charm": 3}, "unknown"),
    ],
)
def test_marks_that_do_not_fit_the_rubric_are_refused_with_the_reason(marks, problem):
    with pytest.raises(RubricError, match=problem):
        weighted_score(RUBRIC, marks)


@pytest.mark.parametrize("mark", ["²", "①", "１０", " 7 "])
def test_only_ascii_digits_are_a_mark_given_as_text(mark):
    """'²'.isdigit() is true and int('²') raised a bare ValueError instead of the rubric's error."""
    marks = {"impact": mark, "duration": 10, "openness": 5}
    if mark.strip().isascii():
        assert weighted_score(RUBRIC, marks) == Decimal("88.00")
    else:
        with pytest.raises(RubricError, match="whole number"):
            weighted_score(RUBRIC, marks)


def test_a_rubric_without_criteria_or_with_a_zero_weight_is_refused():
    with pytest.raises(RubricError):
        weighted_score([], {})
    with pytest.raises(RubricError):
        weighted_score([Criterion("a", 0, 10)], {"a": 5})


def test_mean_of_members_scores():
    assert mean_score([Decimal("70.00"), Decimal("81.00")]) == Decimal("75.50")
    assert mean_score([Decimal("70"), Decimal("70"), Decimal("71")]) == Decimal("70.33")
    assert mean_score([]) is None


def test_leaderboard_ranks_best_first_and_draws_the_quota_line():
    rows = leaderboard(
        [("a", Decimal("60")), ("b", Decimal("90")), ("c", Decimal("75")), ("d", None)], quota=2
    )
    assert [(r.key, r.rank, r.within_quota) for r in rows] == [
        ("b", 1, True),
        ("c", 2, True),
        ("a", 3, False),
        ("d", None, False),
    ]
    assert not any(r.tied_at_line for r in rows)


def test_equal_scores_share_a_rank():
    rows = leaderboard([("a", 80), ("b", 90), ("c", 80), ("d", 70)], quota=4)
    assert [(r.key, r.rank) for r in rows] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


def test_a_tie_across_the_quota_line_is_flagged_for_the_chair():
    rows = leaderboard([("a", 90), ("b", 80), ("c", 80), ("d", 70)], quota=2)
    flagged = {r.key: (r.within_quota, r.tied_at_line) for r in rows}
    assert flagged == {"a": (True, False), "b": (True, True), "c": (False, True), "d": (False, False)}


def test_a_tie_inside_the_quota_is_not_flagged():
    rows = leaderboard([("a", 90), ("b", 90), ("c", 70)], quota=2)
    assert not any(r.tied_at_line for r in rows)


def test_quota_larger_than_the_field_or_zero():
    assert all(r.within_quota for r in leaderboard([("a", 1), ("b", 2)], quota=5))
    assert not any(r.within_quota for r in leaderboard([("a", 1), ("b", 2)], quota=0))
    assert leaderboard([], quota=3) == []
