"""Balanced random assignment of nominations to committee members (pure function).

Each nomination needs ``per_nomination`` reviewers. A member never gets a nomination they are
already assigned to or have declared a conflict of interest on. Among the eligible members, the one
with the fewest assignments so far is chosen, ties broken at random — so, when nobody is conflicted,
the members' loads never differ by more than one, and who reviews what cannot be predicted or steered.
"""

import random
from dataclasses import dataclass, field


@dataclass
class Plan:
    pairs: list = field(default_factory=list)  # [(nomination, member)] to create
    short: dict = field(default_factory=dict)  # nomination → how many reviewers are still missing


def balanced_assignment(nominations, members, per_nomination, existing=(), conflicts=(), rng=None):
    """Plan new assignments.

    ``existing`` and ``conflicts`` are iterables of (nomination, member) pairs; the existing ones count
    towards both the nomination's reviewers and the member's load. Returns a Plan; ``short`` lists the
    nominations that could not get enough eligible reviewers.
    """
    rng = rng or random.SystemRandom()
    members = list(dict.fromkeys(members))
    existing = set(existing)
    blocked = existing | set(conflicts)
    load = dict.fromkeys(members, 0)
    reviewers = {}
    for nomination, member in existing:
        if member in load:
            load[member] += 1
        reviewers[nomination] = reviewers.get(nomination, 0) + 1

    plan = Plan()
    order = list(nominations)
    rng.shuffle(order)  # no nomination is always served first
    for nomination in order:
        needed = per_nomination - reviewers.get(nomination, 0)
        for _ in range(max(needed, 0)):
            eligible = [m for m in members if (nomination, m) not in blocked]
            if not eligible:
                plan.short[nomination] = plan.short.get(nomination, 0) + 1
                continue
            fewest = min(load[m] for m in eligible)
            member = rng.choice([m for m in eligible if load[m] == fewest])
            plan.pairs.append((nomination, member))
            blocked.add((nomination, member))
            load[member] += 1
    return plan
