"""The phase of an edition follows from its dates, in Beijing time (awards/phases.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from awards import phases
from awards.phases import Schedule

D = datetime.date
SCHEDULE = Schedule(
    nomination_opens=D(2026, 11, 1),
    nomination_closes=D(2027, 2, 28),
    review_starts=D(2027, 3, 15),
    notice_starts=D(2027, 5, 10),
    notice_ends=D(2027, 5, 16),
    announcement_on=D(2027, 6, 1),
)
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC

# (day, phase on that day): every boundary, the day before and the day itself.
TRANSITIONS = [
    (D(2026, 10, 31), phases.Phase.UPCOMING),
    (D(2026, 11, 1), phases.Phase.NOMINATION),
    (D(2027, 2, 28), phases.Phase.NOMINATION),
    (D(2027, 3, 1), phases.Phase.SCREENING),
    (D(2027, 3, 14), phases.Phase.SCREENING),
    (D(2027, 3, 15), phases.Phase.REVIEW),
    (D(2027, 5, 9), phases.Phase.REVIEW),
    (D(2027, 5, 10), phases.Phase.NOTICE),
    (D(2027, 5, 16), phases.Phase.NOTICE),
    (D(2027, 5, 17), phases.Phase.CONFIRMATION),
    (D(2027, 5, 31), phases.Phase.CONFIRMATION),
    (D(2027, 6, 1), phases.Phase.ANNOUNCED),
    (D(2030, 1, 1), phases.Phase.ANNOUNCED),
]


@pytest.mark.parametrize("day,expected", TRANSITIONS, ids=[f"{d}-{p}" for d, p in TRANSITIONS])
def test_each_phase_starts_on_its_date_and_not_a_day_earlier(day, expected):
    assert phases.phase_on(SCHEDULE, day) == expected


def test_next_phase_names_what_comes_and_when():
    assert phases.next_phase(SCHEDULE, D(2026, 10, 1)) == (phases.Phase.NOMINATION, D(2026, 11, 1))
    assert phases.next_phase(SCHEDULE, D(2026, 11, 28)) == (phases.Phase.SCREENING, D(2027, 3, 1))
    assert phases.next_phase(SCHEDULE, D(2027, 3, 1)) == (phases.Phase.REVIEW, D(2027, 3, 15))
    assert phases.next_phase(SCHEDULE, D(2027, 4, 1)) == (phases.Phase.NOTICE, D(2027, 5, 10))
    assert phases.next_phase(SCHEDULE, D(2027, 5, 12)) == (phases.Phase.CONFIRMATION, D(2027, 5, 17))
    assert phases.next_phase(SCHEDULE, D(2027, 5, 20)) == (phases.Phase.ANNOUNCED, D(2027, 6, 1))
    assert phases.next_phase(SCHEDULE, D(2027, 6, 1)) is None


def test_the_last_nomination_day_ends_at_midnight_beijing_time_not_utc():
    late_evening_beijing = datetime.datetime(2027, 2, 28, 23, 30, tzinfo=SHANGHAI)
    assert phases.nominations_open(SCHEDULE, late_evening_beijing)
    # 16:30 UTC on 28 Feb is already 00:30 on 1 March in Wucheng.
    assert not phases.nominations_open(SCHEDULE, datetime.datetime(2027, 2, 28, 16, 30, tzinfo=UTC))
    assert phases.nominations_open(SCHEDULE, datetime.datetime(2027, 2, 28, 15, 59, tzinfo=UTC))


def test_nominations_open_at_midnight_beijing_time_on_the_opening_day():
    assert not phases.nominations_open(SCHEDULE, datetime.datetime(2026, 10, 31, 15, 59, tzinfo=UTC))
    assert phases.nominations_open(SCHEDULE, datetime.datetime(2026, 10, 31, 16, 0, tzinfo=UTC))


def test_a_naive_datetime_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        phases.phase_on(SCHEDULE, datetime.datetime(2027, 1, 1, 12, 0))


def test_objections_only_during_the_notice_and_winners_only_after_it():
    for day, phase in TRANSITIONS:
        assert phases.objections_open(SCHEDULE, day) == (phase == phases.Phase.NOTICE), day
        assert phases.winners_may_be_confirmed(SCHEDULE, day) == (
            phase in (phases.Phase.CONFIRMATION, phases.Phase.ANNOUNCED)
        ), day
        assert phases.shortlist_may_be_published(SCHEDULE, day) == (
            phase in (phases.Phase.REVIEW, phases.Phase.NOTICE)
        ), day


def test_a_well_ordered_schedule_has_no_errors():
    assert phases.schedule_errors(SCHEDULE) == {}


@pytest.mark.parametrize(
    "field,value",
    [
        ("nomination_closes", D(2026, 10, 31)),
        ("review_starts", D(2027, 2, 28)),
        ("notice_starts", D(2027, 3, 15)),
        ("notice_ends", D(2027, 5, 9)),
        ("announcement_on", D(2027, 5, 16)),
    ],
)
def test_dates_out_of_order_are_reported_on_the_field_that_is_wrong(field, value):
    import dataclasses

    errors = phases.schedule_errors(dataclasses.replace(SCHEDULE, **{field: value}))
    assert list(errors) == [field]


def test_a_one_day_nomination_window_and_notice_are_allowed():
    import dataclasses

    short = dataclasses.replace(
        SCHEDULE, nomination_closes=SCHEDULE.nomination_opens, notice_ends=SCHEDULE.notice_starts
    )
    assert phases.schedule_errors(short) == {}
    assert phases.phase_on(short, short.nomination_opens) == phases.Phase.NOMINATION
    assert (
        phases.phase_on(short, short.nomination_opens + datetime.timedelta(days=1)) == phases.Phase.SCREENING
    )
