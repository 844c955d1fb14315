"""The triennial Wucheng Charity Award (婺城慈善奖).

Public pages: AwardIndexPage (the section, with all past winners) → AwardEditionPage (one edition:
rules, categories with quotas, dated phases, the nomination form and the status page) → the
AwardNoticePage (公示: the shortlist and the objection form) and AwardWinnerPage (one per winner, with
its citation).

Private models: Nomination (with revisions), NominationFile (in private storage), Assignment (with the
member's conflict-of-interest declaration), Score and Objection. They are not pages, not in the search
index, not in the API: only the committee sees them in the admin (``awards.permissions``); a
shortlisted nomination reaches the public only through the notice page's public fields.
See docs/awards.md.

A package (docs/conventions.md): ``edition`` (section, editions, categories, rubric), ``announcement``
(notice and winner pages), ``nomination`` (nominations, files, objections and their statuses),
``review`` (assignments and scores); every public name is re-exported here.
"""

from .announcement import AwardNoticePage, AwardWinnerPage
from .edition import (
    AwardCategory,
    AwardEditionPage,
    AwardIndexPage,
    NomineeKind,
    RubricCriterion,
    default_locale_page,
)
from .nomination import Nomination, NominationFile, NominationStatus, Objection, ObjectionStatus
from .review import Assignment, Score

__all__ = [
    "Assignment",
    "AwardCategory",
    "AwardEditionPage",
    "AwardIndexPage",
    "AwardNoticePage",
    "AwardWinnerPage",
    "Nomination",
    "NominationFile",
    "NominationStatus",
    "NomineeKind",
    "Objection",
    "ObjectionStatus",
    "RubricCriterion",
    "Score",
    "default_locale_page",
]
