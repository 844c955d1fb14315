"""What the top of an organisation profile warns about (oversight.profile.profile_warnings): a pure
rule over the oversight record, so every edge is cheap to test."""

import datetime
from types import SimpleNamespace

from oversight.profile import profile_warnings

TODAY = datetime.date(2026, 12, 7)


def entry(active):
    return SimpleNamespace(active=active)


def penalty(decided_on=None, inspected_on=datetime.date(2026, 6, 20)):
    return SimpleNamespace(penalty_decided_on=decided_on, page=SimpleNamespace(inspected_on=inspected_on))


def record(entries=(), penalties=()):
    return {"serious_violations": list(entries), "penalties": list(penalties)}


def test_only_current_list_entries_are_warned_about():
    current, removed = entry(True), entry(False)
    assert profile_warnings(record([removed, current]), TODAY)["listed"] == [current]


def test_nothing_to_warn_about_gives_empty_lists():
    assert profile_warnings(record(), TODAY) == {"listed": [], "penalties": []}


def test_penalties_of_the_five_calendar_years_of_the_record_are_warned_about():
    within = penalty(datetime.date(2022, 1, 1))
    older = penalty(datetime.date(2021, 12, 31))
    assert profile_warnings(record(penalties=[within, older]), TODAY)["penalties"] == [within]


def test_a_penalty_without_its_own_date_counts_from_the_inspection():
    undated_recent = penalty(None, inspected_on=datetime.date(2025, 3, 1))
    undated_old = penalty(None, inspected_on=datetime.date(2019, 3, 1))
    assert profile_warnings(record(penalties=[undated_recent, undated_old]), TODAY)["penalties"] == [
        undated_recent
    ]
