"""The rules of the implementation tracker and of the comment window, as plain functions.

No database here: the views pass in dates, status histories and values.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PolicyStatus(TextChoices):
    """Where a policy document stands (PolicyDocumentPage.status); only a draft takes comments."""

    DRAFT = "draft", _("Draft for comment")
    IN_FORCE = "in_force", _("In force")
    REPEALED = "repealed", _("Repealed")


class TaskStatus(TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class Comparison(TextChoices):
    """How an indicator's value is held against its target."""

    AT_LEAST = "at_least", "≥"
    AT_MOST = "at_most", "≤"


class IndicatorSource(TextChoices):
    """Where an indicator's actual values come from."""

    MANUAL = "manual", _("Entered by staff")
    RECOGNISED_CHARITIES = (
        "recognised_charities",
        _("Computed: recognised charity organisations in the directory"),
    )


class EvidenceKind(TextChoices):
    """What a page linked to a task as its evidence proves (policies.models.TaskEvidence)."""

    STARTED = "started", _("Work on the task has started")
    DONE = "done", _("The task is done")


class ContradictionRule(TextChoices):
    """The kinds of contradiction between a task's shown status and what the site knows (``contradictions``)."""

    EVIDENCE_SHOWS_STARTED = "evidence_shows_started", _("Evidence shows work has started")
    EVIDENCE_SHOWS_DONE = "evidence_shows_done", _("Evidence shows the task done")
    INDICATORS_MET = "indicators_met", _("Every indicator has met its target")
    DONE_BUT_NOT_MET = "done_but_not_met", _("Done, but an indicator misses its target")


class CommentWindow(TextChoices):
    """Whether the public may comment on a policy today (``comment_window``)."""

    NO_COMMENT = "none", _("No comment period")
    NOT_YET_OPEN = "not_yet_open", _("Comment period not yet open")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Comment period closed")


@dataclass(frozen=True)
class Contradiction:
    rule: str
    explanation: str


def current_status(
    history: Iterable[tuple[datetime.date, str]], deadline_year: int | None, today: datetime.date
) -> str:
    """The status a task has today.

    ``history`` is a list of (date, status) in any order. The latest entry on or before today counts;
    a task not done by the end of its deadline year is overdue whatever was last recorded (an
    ongoing task, with no deadline year, never becomes overdue by itself).
    """
    past = sorted((entry for entry in history if entry[0] <= today), key=lambda entry: entry[0])
    status = past[-1][1] if past else TaskStatus.NOT_STARTED
    if (
        status != TaskStatus.DONE
        and deadline_year is not None
        and today > datetime.date(deadline_year, 12, 31)
    ):
        return TaskStatus.OVERDUE
    return status


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """{status: count} in display order, every status present (zero when none)."""
    counts: dict[str, int] = dict.fromkeys(TaskStatus, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def meets_target(
    value: Decimal | int | str | None, target: Decimal | int | str, comparison: str
) -> bool | None:
    if value is None:
        return None
    number, goal = Decimal(value), Decimal(target)
    return number >= goal if comparison == Comparison.AT_LEAST else number <= goal


def share_of_target(
    value: Decimal | int | str | None, target: Decimal | int | str, comparison: str
) -> int | None:
    """How far along, 0–100 (%), for an at-least target; None when it has no meaning."""
    if value is None or comparison != Comparison.AT_LEAST or Decimal(target) <= 0:
        return None
    return min(100, int(Decimal(value) * 100 / Decimal(target)))


def comment_window(
    status: str, opens_on: datetime.date | None, closes_on: datetime.date | None, today: datetime.date
) -> str:
    """Whether the public may comment today: only on a draft, from ``opens_on`` to ``closes_on``
    inclusive (dates in the site's time zone)."""
    if status != PolicyStatus.DRAFT or not opens_on or not closes_on:
        return CommentWindow.NO_COMMENT
    if today < opens_on:
        return CommentWindow.NOT_YET_OPEN
    if today > closes_on:
        return CommentWindow.CLOSED
    return CommentWindow.OPEN


def contradictions(
    status: str, deadline_year: int | None, evidence: list[str], indicators_met: list[bool | None]
) -> list[Contradiction]:
    """Where the status a task is shown with contradicts the site's own evidence or the task's indicators.

    ``status`` is the status shown today (``current_status``); ``evidence`` the kinds (EvidenceKind) of the
    *live, public* pages linked to the task as evidence — a draft proves nothing to the public;
    ``indicators_met`` has, for each indicator of the task, whether its latest value meets the target
    (None: no value yet). Each contradiction explains itself to staff, who then record a status update
    or correct the evidence or the values; nothing is changed automatically, the record stays theirs.

    - Done evidence (e.g. a published result) while the task is not shown as done.
    - Any evidence while the task is shown as not started (e.g. a published inspection round).
    - Every indicator known and met while the task is not done — except an ongoing (长期) task in
      progress: for a "keep it at 95 %" task, meeting the target is what being in progress looks like.
    - Shown as done while an indicator's latest value misses its target.
    """
    found: list[Contradiction] = []
    label = TaskStatus(status).label
    done_pages = sum(1 for kind in evidence if kind == EvidenceKind.DONE)
    if done_pages and status != TaskStatus.DONE:
        found.append(
            Contradiction(
                ContradictionRule.EVIDENCE_SHOWS_DONE,
                ngettext(
                    "Shown as “%(status)s”, but %(count)d published page linked as evidence shows the task "
                    "done: record it as done, or correct the evidence.",
                    "Shown as “%(status)s”, but %(count)d published pages linked as evidence show the task "
                    "done: record it as done, or correct the evidence.",
                    done_pages,
                )
                % {"status": label, "count": done_pages},
            )
        )
    elif evidence and status == TaskStatus.NOT_STARTED:
        found.append(
            Contradiction(
                ContradictionRule.EVIDENCE_SHOWS_STARTED,
                ngettext(
                    "Shown as “%(status)s”, but %(count)d published page is linked as evidence of work on "
                    "it: record its status.",
                    "Shown as “%(status)s”, but %(count)d published pages are linked as evidence of work on "
                    "it: record its status.",
                    len(evidence),
                )
                % {"status": label, "count": len(evidence)},
            )
        )
    known = [met for met in indicators_met if met is not None]
    all_met = bool(indicators_met) and len(known) == len(indicators_met) and all(known)
    ongoing_in_progress = deadline_year is None and status == TaskStatus.IN_PROGRESS
    if all_met and status != TaskStatus.DONE and not ongoing_in_progress:
        found.append(
            Contradiction(
                ContradictionRule.INDICATORS_MET,
                ngettext(
                    "Shown as “%(status)s”, but its indicator has met its target: record the task as done, "
                    "or check the value.",
                    "Shown as “%(status)s”, but all %(count)d of its indicators have met their targets: "
                    "record the task as done, or check the values.",
                    len(indicators_met),
                )
                % {"status": label, "count": len(indicators_met)},
            )
        )
    missed = sum(1 for met in indicators_met if met is False)
    if status == TaskStatus.DONE and missed:
        found.append(
            Contradiction(
                ContradictionRule.DONE_BUT_NOT_MET,
                ngettext(
                    "Shown as done, but %(count)d of its indicators has not met its target.",
                    "Shown as done, but %(count)d of its indicators have not met their targets.",
                    missed,
                )
                % {"count": missed},
            )
        )
    return found


def format_number(value: Decimal | int | float | str | None) -> str:
    """160000 → "160,000", 95.50 → "95.5": no trailing zeros, never scientific notation."""
    if value is None:
        return ""
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return format(number, ",")
