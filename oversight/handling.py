"""How a report of concern is handled: its statuses, the moves between them, and its deadlines.

Plain functions over dates and status codes, so every rule can be tested exhaustively.

The day counts are **policy choices of this portal**, modelled on the usual practice of civil-affairs
complaint handling (decide within 15 days whether a report is accepted; conclude an accepted report
within 60 days of that decision). No single regulation fixes them for charity reports, so they are
kept here, in one place, for the bureau to change.
"""

import datetime

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACCEPTANCE_DAYS = 15
CONCLUSION_DAYS = 60


class ReportStatus(TextChoices):
    RECEIVED = "received", pgettext_lazy("report status", "Received")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    INVESTIGATING = "investigating", _("Under investigation")
    CONCLUDED = "concluded", _("Concluded")


OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.ACCEPTED, ReportStatus.INVESTIGATING)
CLOSED_STATUSES = (ReportStatus.NOT_ACCEPTED, ReportStatus.CONCLUDED)
# Statuses that mean the report was accepted at some point.
ACCEPTED_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.INVESTIGATING, ReportStatus.CONCLUDED)

# status → statuses it may move to (staying put is always allowed).
TRANSITIONS = {
    ReportStatus.RECEIVED: (ReportStatus.ACCEPTED, ReportStatus.NOT_ACCEPTED),
    ReportStatus.ACCEPTED: (ReportStatus.INVESTIGATING, ReportStatus.CONCLUDED),
    ReportStatus.INVESTIGATING: (ReportStatus.CONCLUDED,),
    ReportStatus.NOT_ACCEPTED: (),
    ReportStatus.CONCLUDED: (),
}


def can_move(old, new):
    """Whether a report in status ``old`` may be put in status ``new``."""
    return new == old or new in TRANSITIONS.get(old, ())


def needs_reason(new):
    """A report that is not accepted must say why (the reporter reads it on the status page)."""
    return new == ReportStatus.NOT_ACCEPTED


def due_date(status, received_on, decided_on=None):
    """The date by which the next step is due, or None once the report is closed.

    Received: the acceptance decision, ACCEPTANCE_DAYS after receipt. Accepted or under
    investigation: the conclusion, CONCLUSION_DAYS after the acceptance decision (after receipt if
    the decision date is unknown).
    """
    if status == ReportStatus.RECEIVED:
        return received_on + datetime.timedelta(days=ACCEPTANCE_DAYS)
    if status in (ReportStatus.ACCEPTED, ReportStatus.INVESTIGATING):
        return (decided_on or received_on) + datetime.timedelta(days=CONCLUSION_DAYS)
    return None


def is_overdue(due_on, today):
    return due_on is not None and today > due_on


def handling_days(received_on, closed_on):
    """Days from receipt to the final answer (not accepted, or concluded)."""
    return (closed_on - received_on).days


def dates_after_move(old, new, today, decided_on=None, closed_on=None):
    """(decided_on, closed_on) once a report moves from ``old`` to ``new`` on ``today``."""
    if old == ReportStatus.RECEIVED and new in (ReportStatus.ACCEPTED, ReportStatus.NOT_ACCEPTED):
        decided_on = today
    if new in CLOSED_STATUSES and old not in CLOSED_STATUSES:
        closed_on = today
    return decided_on, closed_on
