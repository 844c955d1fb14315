"""Eligibility checks shown to the screener (awards/screening.py, pure part)."""

import datetime

import pytest

from awards.screening import (
    CheckOutcome,
    check_disclosures,
    check_duplicates,
    check_serious_violations,
    eligible,
    normalise_name,
    run_checks,
)


@pytest.mark.parametrize(
    "a,b",
    [
        ("婺城 爱心（集团）有限公司", "婺城爱心(集团)公司"),
        ("ＡＢＣ慈善", "abc 慈善"),
        ("周某某", " 周 某某 "),
        ("金华婺州建材有限责任公司", "金华婺州建材"),
    ],
)
def test_names_that_mean_the_same_nominee_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_nominees_stay_different():
    assert normalise_name("婺城爱心公司") != normalise_name("婺城善心公司")
    assert normalise_name("公司") == "公司"  # a bare suffix is not stripped to nothing


def test_an_organisation_on_the_serious_violation_list_fails_with_the_entries_named():
    entries = [{"listed_on": datetime.date(2025, 3, 1), "reason": "虚假宣传"}]
    check = check_serious_violations(True, entries)
    assert check.outcome == CheckOutcome.FAIL
    assert "2025-03-01" in str(check.detail) and "虚假宣传" in str(check.detail)


def test_entries_may_be_objects_with_listed_on_and_reason():
    class Entry:
        listed_on = datetime.date(2024, 1, 2)
        reason = "挪用善款"

    assert "挪用善款" in str(check_serious_violations(True, [Entry()]).detail)


def test_not_on_the_list_passes_and_a_person_is_not_checked():
    assert check_serious_violations(True, []).outcome == CheckOutcome.PASS
    assert check_serious_violations(False, []).outcome == CheckOutcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    "status,outcome",
    [
        ("missing", CheckOutcome.FAIL),
        ("late", CheckOutcome.WARN),
        ("on_time", CheckOutcome.PASS),
        ("due", CheckOutcome.PASS),
        ("", CheckOutcome.PASS),
        ("odd", CheckOutcome.WARN),
    ],
)
def test_overdue_disclosures_fail_and_late_ones_warn(status, outcome):
    assert check_disclosures(True, status).outcome == outcome


def test_disclosures_are_not_checked_without_an_organisation():
    assert check_disclosures(False, "missing").outcome == CheckOutcome.NOT_APPLICABLE


def test_a_duplicate_nominee_in_the_edition_names_the_other_references():
    check = check_duplicates(
        "婺城爱心公司", {"TM-1": "婺城 爱心 有限公司", "TM-2": "别的公司", "TM-3": "婺城爱心"}
    )
    assert check.outcome == CheckOutcome.FAIL
    assert "TM-1" in str(check.detail) and "TM-3" in str(check.detail) and "TM-2" not in str(check.detail)
    assert check_duplicates("婺城爱心公司", {"TM-2": "别的公司"}).outcome == CheckOutcome.PASS


def test_eligible_only_when_no_check_fails():
    ok = run_checks(
        name="甲", has_organisation=True, violation_entries=[], compliance_status="late", other_names=[]
    )
    assert eligible(ok)
    bad = run_checks(
        name="甲", has_organisation=True, violation_entries=[], compliance_status="missing", other_names=[]
    )
    assert not eligible(bad)
