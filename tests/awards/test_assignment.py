"""Random assignment is balanced and respects conflicts (awards/assignment.py)."""

import random
from collections import Counter

import pytest

from awards.assignment import balanced_assignment


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize(
    "nominations,members,per", [(10, 3, 2), (7, 4, 3), (1, 5, 3), (25, 6, 1), (12, 5, 5)]
)
def test_loads_differ_by_at_most_one_and_each_nomination_gets_its_reviewers(seed, nominations, members, per):
    plan = balanced_assignment(range(nominations), range(members), per, rng=random.Random(seed))
    load = Counter(member for _, member in plan.pairs)
    counts = [load.get(m, 0) for m in range(members)]
    assert max(counts) - min(counts) <= 1
    per_nomination = Counter(n for n, _ in plan.pairs)
    assert all(per_nomination[n] == per for n in range(nominations))
    assert len(set(plan.pairs)) == len(plan.pairs)  # nobody twice on one nomination
    assert plan.short == {}


def test_existing_assignments_count_towards_the_balance():
    existing = [(0, "a"), (1, "a"), (2, "a")]
    plan = balanced_assignment([3, 4, 5], ["a", "b", "c"], 1, existing=existing, rng=random.Random(1))
    assert {member for _, member in plan.pairs} == {"b", "c"}
    assert Counter(m for _, m in plan.pairs + existing) == {"a": 3, "b": 2, "c": 1} or Counter(
        m for _, m in plan.pairs + existing
    ) == {"a": 3, "b": 1, "c": 2}


def test_a_nomination_already_fully_assigned_gets_nobody_new():
    plan = balanced_assignment([0], ["a", "b"], 1, existing=[(0, "a")], rng=random.Random(1))
    assert plan.pairs == []


def test_a_conflicted_member_is_never_assigned_the_nomination():
    for seed in range(30):
        plan = balanced_assignment(
            [0, 1, 2], ["a", "b", "c"], 2, conflicts=[(0, "a"), (1, "b")], rng=random.Random(seed)
        )
        assert (0, "a") not in plan.pairs
        assert (1, "b") not in plan.pairs


def test_too_few_eligible_members_is_reported_not_hidden():
    plan = balanced_assignment([0], ["a", "b"], 3, conflicts=[(0, "b")], rng=random.Random(1))
    assert plan.pairs == [(0, "a")]
    assert plan.short == {0: 2}


def test_the_choice_is_random_among_equally_loaded_members():
    chosen = {
        balanced_assignment([0], ["a", "b", "c"], 1, rng=random.Random(seed)).pairs[0][1]
        for seed in range(40)
    }
    assert chosen == {"a", "b", "c"}
