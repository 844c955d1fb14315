"""Financial figures of a disclosure and the ratios derived from them.

Ratios are computed, never typed: 慈善法 art. 61 and the Ministry's rules judge a charity by its
charitable spending against the *previous* year's total income, and by its management cost as a
share of the year's total expenditure.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The order of the import format and of tables.
FIGURE_FIELDS = (
    "total_income",
    "donation_income",
    "government_grants",
    "total_expenditure",
    "charitable_expenditure",
    "management_expenses",
    "fundraising_costs",
    "net_assets",
)

FOUR_PLACES = Decimal("0.0001")


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """``numerator / denominator`` to four places, or None when either is unknown or the base is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearFigures:
    year: int
    total_income: Decimal | None = None
    donation_income: Decimal | None = None
    government_grants: Decimal | None = None
    total_expenditure: Decimal | None = None
    charitable_expenditure: Decimal | None = None
    management_expenses: Decimal | None = None
    fundraising_costs: Decimal | None = None
    net_assets: Decimal | None = None

    @property
    def other_income(self) -> Decimal | None:
        """Income that is neither donations nor government grants (never negative)."""
        if self.total_income is None:
            return None
        rest = self.total_income - (self.donation_income or 0) - (self.government_grants or 0)
        return max(rest, Decimal(0))

    @property
    def management_cost_share(self) -> Decimal | None:
        return ratio(self.management_expenses, self.total_expenditure)

    @property
    def has_any(self) -> bool:
        return any(getattr(self, name) is not None for name in FIGURE_FIELDS)


def charitable_spending_ratio(
    this_year: YearFigures | None, previous_year: YearFigures | None
) -> Decimal | None:
    """Charitable expenditure of ``this_year`` against the total income of ``previous_year``."""
    if this_year is None or previous_year is None or previous_year.year != this_year.year - 1:
        return None
    return ratio(this_year.charitable_expenditure, previous_year.total_income)


@dataclass(frozen=True)
class HistoryRow:
    figures: YearFigures
    charitable_spending_ratio: Decimal | None
    management_cost_share: Decimal | None

    @property
    def year(self) -> int:
        return self.figures.year


def history(by_year: Mapping[int, YearFigures]) -> list[HistoryRow]:
    """Rows for a multi-year financial history, oldest first, ratios filled in where computable."""
    rows: list[HistoryRow] = []
    for year in sorted(by_year):
        figures = by_year[year]
        rows.append(
            HistoryRow(
                figures=figures,
                charitable_spending_ratio=charitable_spending_ratio(figures, by_year.get(year - 1)),
                management_cost_share=figures.management_cost_share,
            )
        )
    return rows
