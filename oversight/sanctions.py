"""The serious-violation list (严重违法失信名单) as other parts of the site ask about it.

``active_serious_violations`` is a contract: awards screening calls it to exclude listed
organisations. Entries always point at the default-locale (zh-hans) OrganisationPage; callers may
pass the page in any language.
"""

from django.db.models import Q
from django.utils import timezone

from .models import SeriousViolationEntry


def active_serious_violations(organisation, on=None):
    """Entries of ``organisation`` (a page in any locale) on the list on date ``on`` (default today).

    An entry is active from ``listed_on`` (inclusive) until ``removed_on`` (exclusive: removed that day).
    """
    on = on or timezone.localdate()
    return SeriousViolationEntry.objects.filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=on),
        organisation__translation_key=organisation.translation_key,
        organisation__locale__language_code=SeriousViolationEntry.DEFAULT_LANGUAGE,
        listed_on__lte=on,
    ).order_by("-listed_on", "pk")
