"""The phases of an award edition, derived from its dates (pure functions, no database).

An edition is dated once, when it is announced; from then on the public page, the nomination form,
the objection form and the chair's actions all ask this module which phase "today" is in, so nobody
has to remember to switch a phase by hand. Dates are calendar days in the district's time zone
(Asia/Shanghai): a nomination sent at 23:30 Beijing time on the closing day is on time, whatever the
server's clock says.

    upcoming → nomination → screening → review → notice (公示) → confirmation → announced

Each date is the first day of its phase, except ``nomination_closes`` and ``notice_ends``, which are
the last days of theirs (that is how they are printed on a notice).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

DISTRICT_TIME_ZONE = ZoneInfo("Asia/Shanghai")


class Phase(TextChoices):
    """The phases in their order (``ORDER``); the label is what the public page calls the phase."""

    UPCOMING = "upcoming", _("Nominations not yet open")
    NOMINATION = "nomination", _("Nominations open")
    SCREENING = "screening", _("Screening")
    REVIEW = "review", _("Committee review")
    NOTICE = "notice", _("Public notice of the shortlist")
    CONFIRMATION = "confirmation", _("Winners being confirmed")
    ANNOUNCED = "announced", _("Winners announced")


ORDER = tuple(Phase)


EXPLANATIONS = {
    Phase.UPCOMING: _("The nomination form opens on the date below."),
    Phase.NOMINATION: _("Anyone may nominate an enterprise, a person, a collective or a charity project."),
    Phase.SCREENING: _("Nominations are closed and are being checked for eligibility."),
    Phase.REVIEW: _("The award committee is scoring the eligible nominations."),
    Phase.NOTICE: _("The shortlist is published for public notice; anyone may lodge an objection."),
    Phase.CONFIRMATION: _("The public notice has ended; the committee chair is confirming the winners."),
    Phase.ANNOUNCED: _("The winners of this edition have been announced."),
}


@dataclass(frozen=True)
class Schedule:
    nomination_opens: datetime.date
    nomination_closes: datetime.date  # last day for nominations
    review_starts: datetime.date
    notice_starts: datetime.date
    notice_ends: datetime.date  # last day of the public notice
    announcement_on: datetime.date

    def starts(self):
        """First day of each phase after ``upcoming``."""
        one_day = datetime.timedelta(days=1)
        return {
            Phase.NOMINATION: self.nomination_opens,
            Phase.SCREENING: self.nomination_closes + one_day,
            Phase.REVIEW: self.review_starts,
            Phase.NOTICE: self.notice_starts,
            Phase.CONFIRMATION: self.notice_ends + one_day,
            Phase.ANNOUNCED: self.announcement_on,
        }


FIELD_ORDER = (
    "nomination_opens",
    "nomination_closes",
    "review_starts",
    "notice_starts",
    "notice_ends",
    "announcement_on",
)


def schedule_errors(schedule):
    """{field: message} for dates out of order; empty when the schedule is usable.

    Nominations, screening and the notice get at least one day each (the notice period cannot be
    zero days); winners are announced after the notice has ended."""
    errors = {}
    values = [getattr(schedule, name) for name in FIELD_ORDER]
    if any(value is None for value in values):
        return errors
    s = schedule
    if s.nomination_closes < s.nomination_opens:
        errors["nomination_closes"] = _("Nominations must close on or after the day they open.")
    if s.review_starts <= s.nomination_closes:
        errors["review_starts"] = _(
            "Committee review starts after nominations close (screening comes first)."
        )
    if s.notice_starts <= s.review_starts:
        errors["notice_starts"] = _("The public notice starts after committee review has started.")
    if s.notice_ends < s.notice_starts:
        errors["notice_ends"] = _("The public notice ends on or after the day it starts.")
    if s.announcement_on <= s.notice_ends:
        errors["announcement_on"] = _("Winners are announced after the public notice has ended.")
    return errors


def local_date(moment):
    """The calendar day in Wucheng of ``moment`` (an aware datetime, or already a date)."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            raise ValueError("local_date needs an aware datetime")
        return moment.astimezone(DISTRICT_TIME_ZONE).date()
    return moment


def phase_on(schedule, moment):
    """The phase the edition is in at ``moment`` (aware datetime or district date)."""
    today = local_date(moment)
    current = Phase.UPCOMING
    for phase, first_day in schedule.starts().items():
        if today >= first_day:
            current = phase
    return current


def next_phase(schedule, moment):
    """(phase, first day) of the phase after the current one, or None once announced."""
    current = phase_on(schedule, moment)
    index = ORDER.index(current)
    if index + 1 >= len(ORDER):
        return None
    following = ORDER[index + 1]
    return following, schedule.starts()[following]


def nominations_open(schedule, moment):
    return phase_on(schedule, moment) == Phase.NOMINATION


def objections_open(schedule, moment):
    return phase_on(schedule, moment) == Phase.NOTICE


def winners_may_be_confirmed(schedule, moment):
    """Only after the public notice has ended, so every objection could be heard first."""
    return ORDER.index(phase_on(schedule, moment)) >= ORDER.index(Phase.CONFIRMATION)


def shortlist_may_be_published(schedule, moment):
    """During committee review or the notice itself (a corrected shortlist may be republished)."""
    return phase_on(schedule, moment) in (Phase.REVIEW, Phase.NOTICE)
