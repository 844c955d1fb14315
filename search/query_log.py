"""What the site keeps of the queries people type into /search/ (Wagtail's search statistics).

People search for a name, a phone number or an e-mail address as readily as for 年度报告. Such
queries are personal data, and the statistics (Reports → Search terms, the search-promotion query
chooser) are staff-facing: a query that looks like a phone number, an e-mail address, an identity
card number or a bank card number is never stored; the rest is kept for
``settings.WAGTAILSEARCH_HITS_MAX_AGE`` days (``SEARCH_QUERY_RETENTION_DAYS``), after which
``manage.py searchpromotions_garbage_collect`` (run daily) deletes it. See docs/security.md.

Hits are counted in the process and written in batches (``flush``): storing each hit on its own (a
get-or-create of the query and of its day's row, an update and a commit) cost 6–10 ms of every search
at 100,000 disclosures (docs/capacity.md). A batch is written by the search that brings the pending
hits to ``SEARCH_STATS_FLUSH_HITS`` or finds the oldest older than ``SEARCH_STATS_FLUSH_SECONDS``,
and when the process exits (hits counted just before a quiet spell wait for the next search); a
process that is killed loses its pending hits.

A search that found nothing is also counted, in the same batch, as a ``ZeroResultQuery`` (Reports →
Searches without results, search/zero_results.py): the same filter, the same retention.
"""

import atexit
import datetime
import logging
import re
import threading
import time
import unicodedata
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from disclosures import credit_code

logger = logging.getLogger(__name__)

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Mobile numbers (with or without +86), landlines with an area code, identity card numbers (15 or 18
# characters), bank card numbers (16 to 19 digits) — after spaces and dashes are taken out.
MOBILE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}\d{7,8}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Z])(\d{17}[\dX]|\d{15})(?![0-9A-Z])")
BANK_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def _normalise(query):
    """Full-width characters to ASCII (１３８…, ＠), upper case, without spaces and dashes."""
    text = unicodedata.normalize("NFKC", query or "").upper()
    return re.sub(r"[\s\-－—–()（）]+", "", text)


def _is_id_number(candidate):
    """An 18-character resident identity number with a valid check character and birth date, or an
    old 15-digit one with a plausible birth date."""
    if len(candidate) == 18:
        if (
            ID_CHECK[sum(int(c) * w for c, w in zip(candidate[:17], ID_WEIGHTS, strict=True)) % 11]
            != candidate[17]
        ):
            return False
        birth = candidate[6:14]
    else:
        birth = "19" + candidate[6:12]
    try:
        datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return False
    return True


def looks_like_personal_data(query):
    """True when ``query`` contains an e-mail address, a phone number, an identity card number or a
    bank card number. A valid unified social credit code (an organisation's public identifier) is not
    personal data."""
    if EMAIL.search(unicodedata.normalize("NFKC", query or "")):
        return True
    text = _normalise(query)
    if MOBILE.search(text) or LANDLINE.search(text):
        return True
    for match in ID_NUMBER.finditer(text):
        candidate = match.group(1)
        if _is_id_number(candidate) and not credit_code.is_valid(candidate):
            return True
    return any(not credit_code.is_valid(m.group(0)) for m in BANK_CARD.finditer(text))


def record_query(query, found_nothing=False):
    """Count ``query`` in Wagtail's search statistics, and among the searches without results when it
    ``found_nothing``, unless it looks like personal data (written with the next batch: ``count_hit``)."""
    if query and not looks_like_personal_data(query):
        count_hit(query, found_nothing=found_nothing)


# {(normalised query string, date): hits} not yet written — all hits, and those of searches that found
# nothing — and when the oldest of them was counted.
_pending = Counter()
_pending_without_results = Counter()
_pending_since = None
_lock = threading.Lock()


def count_hit(query, date=None, found_nothing=False):
    """One hit of ``query`` (Wagtail's ``Query.add_hit``), kept until the batch is full or old enough."""
    from wagtail.search.utils import normalise_query_string

    global _pending_since
    key = (normalise_query_string(query), date or timezone.now().date())
    with _lock:
        _pending[key] += 1
        if found_nothing:
            _pending_without_results[key] += 1
        if _pending_since is None:
            _pending_since = time.monotonic()
        due = (
            sum(_pending.values()) >= settings.SEARCH_STATS_FLUSH_HITS
            or time.monotonic() - _pending_since >= settings.SEARCH_STATS_FLUSH_SECONDS
        )
    if due:
        flush()


def take_pending():
    """The pending hits and, apart, those of searches that found nothing; then no longer pending."""
    global _pending_since
    with _lock:
        pending, without_results = dict(_pending), dict(_pending_without_results)
        _pending.clear()
        _pending_without_results.clear()
        _pending_since = None
    return pending, without_results


def flush():
    """Write the pending hits in one transaction: what ``Query.get(q).add_hit()`` does for each hit,
    with one increment per query and day, and the same for the searches without results. On a database
    error the batch is dropped (logged): the statistics must never break a search."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from .models import ZeroResultQuery

    pending, without_results = take_pending()
    if not pending:
        return
    try:
        with transaction.atomic():
            strings = {query_string for query_string, _ in pending}
            queries = dict(Query.objects.filter(query_string__in=strings).values_list("query_string", "pk"))
            for query_string in sorted(strings - set(queries)):
                queries[query_string] = Query.objects.get_or_create(query_string=query_string)[0].pk
            for (query_string, date), hits in sorted(pending.items()):
                updated = QueryDailyHits.objects.filter(query_id=queries[query_string], date=date).update(
                    hits=F("hits") + hits
                )
                if not updated:
                    QueryDailyHits.objects.create(query_id=queries[query_string], date=date, hits=hits)
            for (query_string, date), hits in sorted(without_results.items()):
                rows = ZeroResultQuery.objects.filter(query_string=query_string, date=date)
                if not rows.update(hits=F("hits") + hits):
                    ZeroResultQuery.objects.create(query_string=query_string, date=date, hits=hits)
    except DatabaseError:
        logger.warning("Could not record %d search statistics", sum(pending.values()), exc_info=True)


atexit.register(flush)
