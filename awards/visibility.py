"""Who may see what of a nomination under review (pure rules; views and the permission policy ask).

- The chair sees every nomination, every score and every comment.
- A member sees only the nominations assigned to them.
- A member who declared a conflict of interest on a nomination is recused: they cannot score it and
  cannot see anyone else's scores or comments on it (so they cannot influence or relay them).
- A member who is not recused sees the others' scores only after giving their own, so that each
  first score is independent.
"""


def can_open(*, is_chair, is_assigned):
    return is_chair or is_assigned


def can_score(*, is_chair, is_assigned, is_recused, review_open):
    return is_assigned and not is_recused and review_open


def can_see_others_scores(*, is_chair, is_assigned, is_recused, has_scored):
    if is_chair:
        return True
    return is_assigned and not is_recused and has_scored


def visible_scores(scores, viewer, *, is_chair, is_assigned, is_recused):
    """The scores ``viewer`` may see among ``scores`` (objects with a ``member`` attribute)."""
    own = [s for s in scores if s.member == viewer]
    if can_see_others_scores(
        is_chair=is_chair, is_assigned=is_assigned, is_recused=is_recused, has_scored=bool(own)
    ):
        return list(scores)
    return own
