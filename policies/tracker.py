"""The rules of the implementation tracker and of the comment window, as plain functions.

No database here: the views pass in dates, status histories and values.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

NOT_STARTED, IN_PROGRESS, DONE, OVERDUE = "not_started", "in_progress", "done", "overdue"
TASK_STATUS_CHOICES = [
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS, _("In progress")),
    (DONE, _("Done")),
    (OVERDUE, _("Overdue")),
]
TASK_STATUS_LABELS = dict(TASK_STATUS_CHOICES)

AT_LEAST, AT_MOST = "at_least", "at_most"
COMPARISON_CHOICES = [(AT_LEAST, "≥"), (AT_MOST, "≤")]

MANUAL = "manual"
RECOGNISED_CHARITIES = "recognised_charities"
SOURCE_CHOICES = [
    (MANUAL, _("Entered by staff")),
    (RECOGNISED_CHARITIES, _("Computed: recognised charity organisations in the directory")),
]

# Comment window states
NO_COMMENT, NOT_YET_OPEN, OPEN, CLOSED = "none", "not_yet_open", "open", "closed"


def current_status(history, deadline_year, today):
    """The status a task has today.

    ``history`` is a list of (date, status) in any order. The latest entry on or before today counts;
    a task not done by the end of its deadline year is overdue whatever was last recorded (an
    ongoing task, with no deadline year, never becomes overdue by itself).
    """
    past = sorted((entry for entry in history if entry[0] <= today), key=lambda entry: entry[0])
    status = past[-1][1] if past else NOT_STARTED
    if status != DONE and deadline_year is not None and today > datetime.date(deadline_year, 12, 31):
        return OVERDUE
    return status


def status_counts(statuses):
    """{status: count} in display order, every status present (zero when none)."""
    counts = {key: 0 for key, _label in TASK_STATUS_CHOICES}
    for status in statuses:
        counts[status] += 1
    return counts


def meets_target(value, target, comparison):
    if value is None:
        return None
    value, target = Decimal(value), Decimal(target)
    return value >= target if comparison == AT_LEAST else value <= target


def share_of_target(value, target, comparison):
    """How far along, 0–100 (%), for an at-least target; None when it has no meaning."""
    if value is None or comparison != AT_LEAST or Decimal(target) <= 0:
        return None
    return min(100, int(Decimal(value) * 100 / Decimal(target)))


def comment_window(status, opens_on, closes_on, today):
    """Whether the public may comment today: only on a draft, from ``opens_on`` to ``closes_on``
    inclusive (dates in the site's time zone)."""
    if status != "draft" or not opens_on or not closes_on:
        return NO_COMMENT
    if today < opens_on:
        return NOT_YET_OPEN
    if today > closes_on:
        return CLOSED
    return OPEN


def format_number(value):
    """160000 → "160,000", 95.50 → "95.5": no trailing zeros, never scientific notation."""
    if value is None:
        return ""
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return format(number, ",")
