"""Rubric arithmetic: weighted scores, averages and the ranked leaderboard with its quota line.

Pure functions over plain values, so that the arithmetic the committee relies on is tested
exhaustively. Each edition defines its criteria (name, weight, highest mark); a member gives each
criterion a whole mark from 0 to its highest mark; the weighted score is on a 0–100 scale:

    score = 100 × Σ(weight × mark / highest) / Σ weight

Decimals, not floats, so that a score printed with two decimals is the score compared.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wucheng_site.params import parse_int

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: int
    max_mark: int


class RubricError(ValueError):
    """Marks that do not fit the rubric (missing, unknown, out of range)."""


def validate_marks(criteria, marks):
    """``marks`` as {key: int}, checked against ``criteria``; raises RubricError naming the problem."""
    keys = {c.key for c in criteria}
    unknown = set(marks) - keys
    if unknown:
        raise RubricError(f"unknown criteria: {', '.join(sorted(map(str, unknown)))}")
    clean = {}
    for criterion in criteria:
        if criterion.key not in marks or marks[criterion.key] in (None, ""):
            raise RubricError(f"missing mark for {criterion.key}")
        mark = marks[criterion.key]
        if isinstance(mark, str):
            mark = parse_int(mark.strip())  # None unless plain ASCII digits ('²' is not a mark)
        if isinstance(mark, bool) or not isinstance(mark, int):
            raise RubricError(f"mark for {criterion.key} is not a whole number")
        if not 0 <= mark <= criterion.max_mark:
            raise RubricError(f"mark for {criterion.key} must be between 0 and {criterion.max_mark}")
        clean[criterion.key] = mark
    return clean


def weighted_score(criteria, marks):
    """The 0–100 weighted score of one member's marks, to two decimals."""
    if not criteria:
        raise RubricError("the rubric has no criteria")
    if any(c.weight <= 0 or c.max_mark <= 0 for c in criteria):
        raise RubricError("weights and highest marks must be positive")
    clean = validate_marks(criteria, marks)
    total_weight = sum(Decimal(c.weight) for c in criteria)
    earned = sum(Decimal(c.weight) * Decimal(clean[c.key]) / Decimal(c.max_mark) for c in criteria)
    return (Decimal(100) * earned / total_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean_score(scores):
    """Mean of several members' weighted scores, to two decimals; None when nobody has scored."""
    scores = [Decimal(s) for s in scores]
    if not scores:
        return None
    return (sum(scores) / len(scores)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    key: object
    score: Decimal | None
    rank: int | None  # competition ranking: 1, 2, 2, 4; None when not scored
    within_quota: bool  # above the quota line
    tied_at_line: bool  # shares its score with an entry on the other side of the line


def leaderboard(entries, quota):
    """Rank ``entries`` [(key, mean score or None)] best first and draw the quota line.

    Unscored entries come last, unranked and never within the quota. Entries with equal scores share
    a rank; the quota line falls after the ``quota``-th entry, and when equal scores straddle it every
    one of them is flagged ``tied_at_line`` so the chair decides (the arithmetic does not pick one).
    Ties keep the order of ``entries`` (stable), so the listing does not jump between page loads.
    """
    quota = max(int(quota or 0), 0)
    scored = sorted((e for e in entries if e[1] is not None), key=lambda e: -Decimal(e[1]))
    unscored = [e for e in entries if e[1] is None]
    line_score = Decimal(scored[quota - 1][1]) if 0 < quota <= len(scored) else None
    below_line_scores = {Decimal(e[1]) for e in scored[quota:]}
    rows = []
    previous, rank = None, 0
    for position, (key, score) in enumerate(scored, start=1):
        score = Decimal(score)
        if score != previous:
            rank, previous = position, score
        within = position <= quota
        tied = line_score is not None and score == line_score and score in below_line_scores
        rows.append(Ranked(key, score, rank, within, tied))
    rows += [Ranked(key, None, None, False, False) for key, _score in unscored]
    return rows
