"""Actual values of policy indicators: typed in by staff, or computed where the portal knows them.

A computed source is a function of a range of years returning {year: the value at the end of that
year (or today, for the current year)}, so the progress page cannot drift from the directory.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from . import tracker

# First year shown for computed indicators (the plan covers 2021–2025).
FIRST_TRACKED_YEAR = 2021


def recognised_charities(years):
    """{year: organisations in the directory recognised as charities (慈善组织认定) by its end}.

    Counted on the default-language tree (each organisation once), live pages only, in one query.
    """
    from wagtail.models import Locale

    from disclosures.models import OrganisationPage

    dates = list(
        OrganisationPage.objects.live()
        .filter(locale=Locale.get_default(), recognised_on__isnull=False)
        .values_list("recognised_on", flat=True)
    )
    return {year: sum(1 for day in dates if day <= datetime.date(year, 12, 31)) for year in years}


COMPUTED_SOURCES = {tracker.IndicatorSource.RECOGNISED_CHARITIES: recognised_charities}


def yearly_values(indicator, first_year, today=None):
    """[(year, value or None, note, computed)] from ``first_year`` to this year."""
    today = today or timezone.localdate()
    compute = COMPUTED_SOURCES.get(indicator.source)
    if compute is not None:
        computed = compute(range(first_year, today.year + 1))
        return [(year, Decimal(value), "", True) for year, value in computed.items()]
    typed = {value.year: value for value in indicator.values.all()}
    years = sorted(set(typed) | ({indicator.target_year} if indicator.target_year else set()))
    years = [year for year in years if year <= today.year]
    return [
        (year, typed[year].value if year in typed else None, typed[year].note if year in typed else "", False)
        for year in years
    ]
