"""Recusal and score visibility rules (awards/visibility.py)."""

from dataclasses import dataclass

import pytest

from awards.visibility import can_open, can_score, can_see_others_scores, visible_scores


@dataclass
class S:
    member: str


SCORES = [S("me"), S("other"), S("third")]


def test_chair_sees_every_score():
    assert visible_scores(SCORES, "chair", is_chair=True, is_assigned=False, is_recused=False) == SCORES


def test_recused_member_sees_nobody_elses_scores():
    assert visible_scores(SCORES[1:], "me", is_chair=False, is_assigned=True, is_recused=True) == []
    assert not can_see_others_scores(is_chair=False, is_assigned=True, is_recused=True, has_scored=True)


def test_member_sees_others_only_after_scoring():
    assert visible_scores(SCORES[1:], "me", is_chair=False, is_assigned=True, is_recused=False) == []
    assert visible_scores(SCORES, "me", is_chair=False, is_assigned=True, is_recused=False) == SCORES


def test_unassigned_member_sees_nothing():
    assert visible_scores(SCORES[1:], "me", is_chair=False, is_assigned=False, is_recused=False) == []
    assert not can_open(is_chair=False, is_assigned=False)


@pytest.mark.parametrize(
    "assigned,recused,review_open,expected",
    [
        (True, False, True, True),
        (True, True, True, False),
        (True, False, False, False),
        (False, False, True, False),
    ],
)
def test_only_an_assigned_unrecused_member_scores_while_review_is_open(
    assigned, recused, review_open, expected
):
    assert (
        can_score(is_chair=False, is_assigned=assigned, is_recused=recused, review_open=review_open)
        is expected
    )
