"""Every Order 81 rule as the compliance module applies it: on time, late, missing, edge dates."""

from datetime import date

import pytest

from disclosures import compliance as c

TODAY = date(2026, 11, 28)
FOUNDATION = c.Organisation(active_since=date(2016, 9, 12), public_fundraising=True)
SMALL_GROUP = c.Organisation(active_since=date(2019, 3, 5), public_fundraising=False)


def record(key, type, year, published_on, **extra):
    return c.Record(key=key, type=type, year=year, published_on=published_on, **extra)


def by_code(found, year=None):
    return {o.code: o for o in found if year is None or o.year == year}


def test_add_months_clamps_to_the_end_of_the_month():
    assert c.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert c.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert c.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert c.add_months(date(2025, 3, 10), 12) == date(2026, 3, 10)


def test_annual_report_published_on_31_may_is_on_time():
    found = c.annual_obligations(
        FOUNDATION, [record(1, "annual_report", 2024, date(2025, 5, 31))], 2024, TODAY
    )
    assert by_code(found)[c.ObligationCode.ANNUAL_REPORT].status == c.ComplianceStatus.ON_TIME


def test_annual_report_after_31_may_is_late():
    found = c.annual_obligations(
        FOUNDATION, [record(1, "annual_report", 2024, date(2025, 6, 1))], 2024, TODAY
    )
    annual = by_code(found)[c.ObligationCode.ANNUAL_REPORT]
    assert annual.status == c.ComplianceStatus.LATE
    assert annual.days_late == 1


def test_annual_report_never_published_is_missing_once_due():
    assert (
        by_code(c.annual_obligations(FOUNDATION, [], 2024, TODAY))[c.ObligationCode.ANNUAL_REPORT].status
        == c.ComplianceStatus.MISSING
    )


def test_annual_report_not_yet_due_is_not_judged():
    found = c.annual_obligations(FOUNDATION, [], 2025, date(2026, 5, 31))
    assert by_code(found)[c.ObligationCode.ANNUAL_REPORT].status == c.ComplianceStatus.DUE
    found = c.annual_obligations(FOUNDATION, [], 2025, date(2026, 6, 1))
    assert by_code(found)[c.ObligationCode.ANNUAL_REPORT].status == c.ComplianceStatus.MISSING


def test_report_for_another_year_does_not_count():
    found = c.annual_obligations(
        FOUNDATION, [record(1, "annual_report", 2023, date(2025, 3, 1))], 2024, TODAY
    )
    assert by_code(found)[c.ObligationCode.ANNUAL_REPORT].status == c.ComplianceStatus.MISSING


def test_annual_report_with_figures_counts_as_financial_report():
    with_figures = record(1, "annual_report", 2024, date(2025, 5, 20), has_figures=True)
    without = record(1, "annual_report", 2024, date(2025, 5, 20), has_figures=False)
    assert (
        by_code(c.annual_obligations(FOUNDATION, [with_figures], 2024, TODAY))[
            c.ObligationCode.FINANCIAL_REPORT
        ].status
        == c.ComplianceStatus.ON_TIME
    )
    assert (
        by_code(c.annual_obligations(FOUNDATION, [without], 2024, TODAY))[
            c.ObligationCode.FINANCIAL_REPORT
        ].status
        == c.ComplianceStatus.MISSING
    )


def test_separate_financial_report_is_judged_on_its_own_date():
    records = [
        record(1, "annual_report", 2024, date(2025, 5, 1)),
        record(2, "financial_report", 2024, date(2025, 7, 1)),
    ]
    assert (
        by_code(c.annual_obligations(FOUNDATION, records, 2024, TODAY))[
            c.ObligationCode.FINANCIAL_REPORT
        ].status
        == c.ComplianceStatus.LATE
    )


def test_audit_report_is_required_only_with_public_fundraising_qualification():
    assert c.ObligationCode.AUDIT_REPORT in by_code(c.annual_obligations(FOUNDATION, [], 2024, TODAY))
    assert c.ObligationCode.AUDIT_REPORT not in by_code(c.annual_obligations(SMALL_GROUP, [], 2024, TODAY))


def test_audit_report_is_not_required_before_the_qualification_was_granted():
    org = c.Organisation(date(2016, 1, 1), public_fundraising=True, public_fundraising_since=date(2023, 4, 1))
    assert c.ObligationCode.AUDIT_REPORT not in by_code(c.annual_obligations(org, [], 2022, TODAY))
    assert c.ObligationCode.AUDIT_REPORT in by_code(c.annual_obligations(org, [], 2023, TODAY))


def test_major_projects_are_required_of_charities_without_public_fundraising():
    records = [record(5, "project", 2024, date(2025, 4, 1))]
    found = by_code(c.annual_obligations(SMALL_GROUP, records, 2024, TODAY))
    assert found[c.ObligationCode.MAJOR_PROJECTS].status == c.ComplianceStatus.ON_TIME
    assert c.ObligationCode.MAJOR_PROJECTS not in by_code(
        c.annual_obligations(FOUNDATION, records, 2024, TODAY)
    )


def test_no_obligations_before_the_organisation_existed():
    assert c.annual_obligations(SMALL_GROUP, [], 2018, TODAY) == []
    assert c.annual_obligations(SMALL_GROUP, [], 2019, TODAY) != []


LONG_PLAN = record(
    10,
    "fundraising_plan",
    2025,
    date(2025, 3, 1),
    period_start=date(2025, 3, 10),
    period_end=date(2025, 12, 31),
    title="“春蕾助学”公开募捐方案",
)


def progress(key, published_on, related=10, type="fundraising_progress"):
    return record(key, type, published_on.year, published_on, related_key=related)


def test_long_fundraising_needs_progress_every_three_months():
    records = [LONG_PLAN, progress(11, date(2025, 6, 10)), progress(12, date(2025, 9, 1))]
    found = [o for o in c.running_obligations(records, TODAY) if o.code == c.ObligationCode.PROGRESS]
    assert [o.due for o in found] == [date(2025, 6, 10), date(2025, 9, 10), date(2025, 12, 10)]
    assert [o.status for o in found] == [
        c.ComplianceStatus.ON_TIME,
        c.ComplianceStatus.ON_TIME,
        c.ComplianceStatus.MISSING,
    ]
    assert found[0].subject == "“春蕾助学”公开募捐方案"


def test_progress_after_its_due_date_but_before_the_next_is_late():
    records = [LONG_PLAN, progress(11, date(2025, 6, 11))]
    first = [o for o in c.running_obligations(records, TODAY) if o.code == c.ObligationCode.PROGRESS][0]
    assert first.status == c.ComplianceStatus.LATE and first.days_late == 1


def test_progress_of_another_fundraising_does_not_count():
    records = [LONG_PLAN, progress(11, date(2025, 6, 1), related=99)]
    first = [o for o in c.running_obligations(records, TODAY) if o.code == c.ObligationCode.PROGRESS][0]
    assert first.status == c.ComplianceStatus.MISSING


def test_short_project_needs_no_progress_reports_only_results():
    short = record(
        20, "project", 2025, date(2025, 1, 5), period_start=date(2025, 1, 10), period_end=date(2025, 6, 30)
    )
    found = c.running_obligations([short], TODAY)
    assert [o.code for o in found] == [c.ObligationCode.RESULTS]


def test_exactly_six_months_is_not_long_running():
    plan = record(
        20, "project", 2025, date(2025, 1, 1), period_start=date(2025, 1, 1), period_end=date(2025, 7, 1)
    )
    assert [o.code for o in c.running_obligations([plan], TODAY)] == [c.ObligationCode.RESULTS]


def test_fundraising_results_are_due_within_three_months_of_the_end():
    on_time = record(13, "fundraising_result", 2026, date(2026, 3, 31), related_key=10)
    late = record(13, "fundraising_result", 2026, date(2026, 4, 1), related_key=10)

    def results(recs):
        return [o for o in c.running_obligations(recs, TODAY) if o.code == c.ObligationCode.RESULTS][0]

    assert results([LONG_PLAN, on_time]).due == date(2026, 3, 31)
    assert results([LONG_PLAN, on_time]).status == c.ComplianceStatus.ON_TIME
    assert results([LONG_PLAN, late]).status == c.ComplianceStatus.LATE
    assert results([LONG_PLAN]).status == c.ComplianceStatus.MISSING


def test_results_not_yet_due_are_not_judged():
    plan = record(
        30,
        "fundraising_plan",
        2026,
        date(2026, 1, 2),
        period_start=date(2026, 1, 5),
        period_end=date(2026, 10, 31),
    )
    results = [o for o in c.running_obligations([plan], TODAY) if o.code == c.ObligationCode.RESULTS][0]
    assert results.status == c.ComplianceStatus.DUE


def test_project_results_are_a_progress_report_after_the_end():
    project = record(
        40, "project", 2025, date(2025, 1, 2), period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    final = progress(41, date(2026, 2, 15), related=40, type="project_progress")
    results = [
        o for o in c.running_obligations([project, final], TODAY) if o.code == c.ObligationCode.RESULTS
    ][0]
    assert results.status == c.ComplianceStatus.ON_TIME and results.record_key == 41


@pytest.mark.parametrize(
    ("type", "extra"),
    [("related_party", {}), ("major_event", {}), ("trust", {"trust_role": "settlor"})],
)
def test_thirty_day_items(type, extra):
    on_day_30 = record(50, type, 2025, date(2025, 5, 31), event_date=date(2025, 5, 1), **extra)
    on_day_31 = record(50, type, 2025, date(2025, 6, 1), event_date=date(2025, 5, 1), **extra)
    assert c.event_obligations([on_day_30], TODAY)[0].status == c.ComplianceStatus.ON_TIME
    assert c.event_obligations([on_day_31], TODAY)[0].status == c.ComplianceStatus.LATE


def test_trustee_discloses_at_least_yearly():
    first = record(60, "trust", 2023, date(2023, 3, 1), trust_role="trustee")
    second = record(61, "trust", 2024, date(2024, 3, 1), trust_role="trustee")
    third = record(62, "trust", 2025, date(2025, 4, 1), trust_role="trustee")
    found = c.trustee_obligations([first, second, third], TODAY)
    assert [o.status for o in found] == [
        c.ComplianceStatus.ON_TIME,
        c.ComplianceStatus.LATE,
        c.ComplianceStatus.MISSING,
    ]
    assert found[2].due == date(2026, 4, 1)


def test_summary_prefers_missing_then_late():
    def ob(status):
        return c.Obligation(code="x", year=2024, due=date(2025, 5, 31), status=status)

    assert (
        c.summarise(
            [ob(c.ComplianceStatus.ON_TIME), ob(c.ComplianceStatus.LATE), ob(c.ComplianceStatus.MISSING)]
        )
        == c.ComplianceStatus.MISSING
    )
    assert (
        c.summarise([ob(c.ComplianceStatus.ON_TIME), ob(c.ComplianceStatus.LATE)]) == c.ComplianceStatus.LATE
    )
    assert (
        c.summarise([ob(c.ComplianceStatus.ON_TIME), ob(c.ComplianceStatus.DUE)])
        == c.ComplianceStatus.ON_TIME
    )
    assert c.summarise([ob(c.ComplianceStatus.DUE)]) == ""


def test_judged_counts_leave_out_obligations_still_to_come():
    def ob(status):
        return c.Obligation(code="x", year=2024, due=date(2025, 5, 31), status=status)

    S = c.ComplianceStatus
    found = [ob(S.ON_TIME), ob(S.ON_TIME), ob(S.LATE), ob(S.MISSING), ob(S.DUE)]
    assert c.judged_counts(found) == (4, 2)
    assert c.judged_counts([ob(S.DUE)]) == (0, 0)


def test_on_time_percent_is_rounded_down_and_absent_when_nothing_is_judged():
    from disclosures.highlights import on_time_percent

    assert on_time_percent(57, 96) == 59
    assert on_time_percent(199, 200) == 99  # never 100 % while one was late
    assert on_time_percent(0, 0) is None


def test_record_covers_the_last_five_years():
    found = c.obligations(FOUNDATION, [], TODAY)
    assert {o.year for o in found} == {2021, 2022, 2023, 2024, 2025}
    years = c.by_year(found, TODAY)
    assert [group.year for group in years] == [2025, 2024, 2023, 2022, 2021]
    assert years[-1].status == c.ComplianceStatus.MISSING


def test_reminders_cover_overdue_and_due_within_thirty_days():
    today = date(2026, 5, 10)
    found = c.obligations(FOUNDATION, [], today)
    reminded = c.upcoming_or_overdue(found, today)
    assert any(o.status == c.ComplianceStatus.DUE and o.due == date(2026, 5, 31) for o in reminded)
    assert any(o.status == c.ComplianceStatus.MISSING for o in reminded)
    far = c.upcoming_or_overdue(found, date(2026, 4, 1))
    assert not any(o.status == c.ComplianceStatus.DUE for o in far)


def test_results_due_next_january_are_reminded_in_december():
    """Found with the dashboard (issue 16): the year filter dropped obligations falling due next year,
    so in December nothing due in January was listed."""
    plan = record(
        40,
        "fundraising_plan",
        2026,
        date(2026, 6, 1),
        period_start=date(2026, 6, 1),
        period_end=date(2026, 10, 15),
    )
    today = date(2026, 12, 7)
    found = c.obligations(SMALL_GROUP, [plan], today)
    results = [o for o in found if o.code == c.ObligationCode.RESULTS]
    assert [(o.due, o.status) for o in results] == [(date(2027, 1, 15), c.ComplianceStatus.DUE)]
    assert results[0] in c.upcoming_or_overdue(found, today, 60)
    # Not yet due, so it is in no year of the record.
    assert all(o.year <= 2026 for group in c.by_year(found, today) for o in group.obligations)
