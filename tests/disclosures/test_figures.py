"""Derived ratios are computed from figures, never typed."""

from decimal import Decimal

from disclosures.figures import YearFigures, charitable_spending_ratio, history, ratio


def test_ratio_rounds_to_four_places_half_up():
    assert ratio(Decimal("2890000"), Decimal("3860000")) == Decimal("0.7487")
    assert ratio(1, 8) == Decimal("0.1250")
    assert ratio(Decimal("0.00005"), 1) == Decimal("0.0001")


def test_ratio_is_unknown_without_a_base():
    assert ratio(100, 0) is None
    assert ratio(100, None) is None
    assert ratio(None, 100) is None


def test_charitable_spending_is_measured_against_the_previous_years_income():
    last_year = YearFigures(2023, total_income=Decimal("1000000"))
    this_year = YearFigures(2024, total_income=Decimal("5000000"), charitable_expenditure=Decimal("750000"))
    assert charitable_spending_ratio(this_year, last_year) == Decimal("0.7500")


def test_no_charitable_spending_ratio_without_the_year_just_before():
    two_years_ago = YearFigures(2022, total_income=Decimal("1000000"))
    this_year = YearFigures(2024, charitable_expenditure=Decimal("750000"))
    assert charitable_spending_ratio(this_year, two_years_ago) is None
    assert charitable_spending_ratio(this_year, None) is None


def test_management_cost_share_is_of_the_same_years_spending():
    figures = YearFigures(2024, total_expenditure=Decimal("3110000"), management_expenses=Decimal("180000"))
    assert figures.management_cost_share == Decimal("0.0579")


def test_other_income_is_what_donations_and_grants_leave_and_never_negative():
    assert (
        YearFigures(
            2024, total_income=Decimal(100), donation_income=Decimal(60), government_grants=Decimal(10)
        ).other_income
        == 30
    )
    assert YearFigures(2024, total_income=Decimal(100), donation_income=Decimal(120)).other_income == 0
    assert YearFigures(2024).other_income is None


def test_history_is_oldest_first_with_ratios_where_computable():
    rows = history(
        {
            2024: YearFigures(
                2024,
                total_income=Decimal(200),
                charitable_expenditure=Decimal(150),
                total_expenditure=Decimal(180),
                management_expenses=Decimal(18),
            ),
            2023: YearFigures(2023, total_income=Decimal(100)),
        }
    )
    assert [row.year for row in rows] == [2023, 2024]
    assert rows[0].charitable_spending_ratio is None
    assert rows[1].charitable_spending_ratio == Decimal("1.5000")
    assert rows[1].management_cost_share == Decimal("0.1000")
