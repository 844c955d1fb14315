"""What an organisation profile shows about oversight: inspection results, penalties and
serious-violation list entries, each dated. A fixed number of queries whatever the history."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import InspectionOutcome, InspectionResult, SeriousViolationEntry


def localized_organisations(results, locale):
    """Attach ``profile`` to each result: the organisation's page in ``locale`` where it exists (one
    query for all), else its zh-hans page."""
    keys = {r.organisation.translation_key for r in results if r.organisation_id}
    pages = {}
    if keys and locale.language_code != settings.LANGUAGE_CODE:
        from disclosures.models import OrganisationPage

        pages = {
            p.translation_key: p
            for p in OrganisationPage.objects.live().public().filter(translation_key__in=keys, locale=locale)
        }
    for r in results:
        r.profile = pages.get(r.organisation.translation_key, r.organisation) if r.organisation_id else None
    return results


def oversight_record(organisation):
    """Inspection results (of live rounds in the profile's language, else the Chinese ones) and list
    entries of ``organisation``: two queries whatever the history."""
    results = list(
        InspectionResult.objects.filter(
            Q(page__locale_id=organisation.locale_id) | Q(page__locale__language_code=settings.LANGUAGE_CODE),
            organisation__translation_key=organisation.translation_key,
            page__live=True,
        )
        .select_related("page")
        .order_by("-page__inspected_on", "-page_id")
    )
    # No rounds in this language: show the Chinese ones rather than nothing.
    results = [r for r in results if r.page.locale_id == organisation.locale_id] or results
    entries = list(
        SeriousViolationEntry.objects.filter(
            organisation__translation_key=organisation.translation_key
        ).order_by("-listed_on", "pk")
    )
    today = timezone.localdate()
    for entry in entries:
        entry.active = entry.is_active(today)
    return {
        "inspection_results": results,
        "penalties": [r for r in results if r.result == InspectionOutcome.PENALTY],
        "serious_violations": entries,
        "listed_now": any(e.active for e in entries),
    }


# The disclosure record on the profile spans five years; penalties older than that no longer head it.
WARNING_YEARS = 5


def penalty_date(result):
    return result.penalty_decided_on or result.page.inspected_on


def profile_warnings(record, today):
    """What the top of the profile warns about, from ``oversight_record``: each entry on the
    serious-violation list now (a public list: 民政部《社会组织信用信息管理办法》), and each penalty
    decided in this calendar year or the four before it. Entries removed from the list are history,
    shown only in the oversight section."""
    return {
        "listed": [entry for entry in record["serious_violations"] if entry.active],
        "penalties": [
            result for result in record["penalties"] if penalty_date(result).year > today.year - WARNING_YEARS
        ],
    }
