"""Help when a search finds nothing (docs/search.md, "When nothing is found").

Three kinds, best first: organisations whose name shares a meaningful part with the query (people
remember 春晖 of 金华市婺城区春晖助学基金会), "did you mean" for a near miss (one wrong character in a
long name finds nothing, since every word must match), and popular searches.

The rules are plain functions and two small indexes over strings (``name_core``, ``NameIndex``,
``edit_distance``, ``Vocabulary``, ``popular_queries``). ``help_for`` feeds them the locale's
organisation names and newest page titles and the popular searches, kept per process for
``CACHE_SECONDS``: a search that finds nothing must stay cheap (one load per process and locale every
few minutes instead of scanning names on every such search), and a name published minutes ago can
wait for the next load. What is shown is checked live: organisations are loaded by id as live and
public, and a correction is offered only when searching it finds something.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from .query_log import looks_like_personal_data
from .segmentation import HAN, normalise, parse_user_query

logger = logging.getLogger(__name__)

ORGANISATIONS = 5
POPULAR = 8
POPULAR_DAYS = 30
# A query shown to the public as popular must have been typed this often in POPULAR_DAYS: a rare query
# (a person's name, a case) says something about the one who typed it.
POPULAR_MIN_HITS = 3
# Titles compared for "did you mean", besides every organisation name: the newest pages of the locale.
NEWEST_TITLES = 3000
LONGEST_TITLE = 60
# Only the start of a long query is compared with the organisation names: the overlap is measured
# against every name sharing a pair of characters, and a pasted paragraph shares one with nearly all.
LONGEST_COMPARED = 40
CACHE_SECONDS = 300
MIN_OVERLAP = 2

# Parts of a name that say nothing about which organisation it is: the region and the kind. Longest
# first, so that 金华市 goes before 金华 and 服务中心 before 中心.
REGION_WORDS = ("浙江省", "金华市", "婺城区", "金华", "婺城")
GENERIC_WORDS = (
    "服务中心",
    "基金会",
    "促进会",
    "联合会",
    "研究会",
    "服务社",
    "协会",
    "中心",
    "总会",
    "商会",
    "学会",
)
# Organisation names are also compared without these prefixes (people leave them out).
NAME_PREFIXES = ("金华市婺城区", "婺城区")

HAN_RUN = re.compile(f"[{HAN}]+")
NOT_MEANINGFUL = re.compile("|".join(REGION_WORDS + GENERIC_WORDS))


# --- organisations by partial name ----------------------------------------------------------------


def name_core(text: str, normalised: bool = False) -> list[str]:
    """The Han runs of ``text`` (normalised) once region and generic words are taken out: what can
    make an overlap meaningful. 金华市婺城区春晖助学基金会 → ["春晖助学"]."""
    return HAN_RUN.findall(NOT_MEANINGFUL.sub(" ", text if normalised else normalise(text)))


def normalise_all(texts: Sequence[str]) -> list[str]:
    """``normalise`` of each line-free text, in one call: converting each title on its own took most of
    the time to build the indexes."""
    return normalise("\n".join(texts)).split("\n") if texts else []


def pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def longest_common_substring(a: str, b: str) -> str:
    """The longest run of characters found in both (the first such run of ``a``)."""
    best, best_end = 0, 0
    previous = [0] * (len(b) + 1)
    for i, char in enumerate(a, 1):
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if char == other:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, best_end = current[j], i
        previous = current
    return a[best_end - best : best_end]


class NameIndex:
    """Names (with a key each, e.g. the page id) and, for each pair of characters of their cores, the
    names that hold it: a query is compared with the names that share a pair, not with every name."""

    def __init__(self, names: Iterable[tuple[Any, str]]):
        names = [(key, " ".join(title.split())) for key, title in names]
        normalised = normalise_all([title for _key, title in names])
        self.names = [
            (key, title, name_core(text, normalised=True))
            for (key, title), text in zip(names, normalised, strict=True)
        ]
        self.by_pair: dict[str, set[int]] = defaultdict(set)
        for position, (_key, _title, core) in enumerate(self.names):
            for run in core:
                for pair in pairs(run):
                    self.by_pair[pair].add(position)

    def partial_matches(self, query: str, limit: int = ORGANISATIONS) -> list[Any]:
        """Keys of the names sharing at least MIN_OVERLAP Han characters in a row with ``query``,
        region and generic words aside; the longest overlap first, then the name it covers most of,
        then the shorter name."""
        runs = name_core(query[:LONGEST_COMPARED])
        candidates = set().union(*(self.by_pair.get(pair, ()) for run in runs for pair in pairs(run)))
        scored = []
        for position in candidates:
            key, title, core = self.names[position]
            overlap = max(
                (len(longest_common_substring(run, part)) for run in runs for part in core), default=0
            )
            if overlap >= MIN_OVERLAP:
                covered = overlap / sum(len(part) for part in core)
                scored.append((-overlap, -covered, len(title), title, position))
        return [self.names[row[-1]][0] for row in sorted(scored)[:limit]]


# --- did you mean ----------------------------------------------------------------------------------


def comparison_key(text: str) -> str:
    """What near misses are measured on: normalised (width, case, traditional characters), spaces
    collapsed."""
    return " ".join(normalise(text).split())


def allowed_edits(length: int) -> int:
    """Edits a correction may make: none below 4 characters (too many words are one edit apart), one
    for 4–7 characters, two from 8."""
    if length < 4:
        return 0
    return 1 if length <= 7 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def without_prefix(title: str) -> str:
    for prefix in NAME_PREFIXES:
        if title.startswith(prefix) and len(title) > len(prefix):
            return title[len(prefix) :]
    return title


class Vocabulary:
    """Texts a query may be a near miss of, in order of preference (organisation names first), with
    the texts holding each pair of characters: each edit removes at most two of the query's distinct
    pairs, so a text within k edits shares all but 2k of them, and only those texts are measured."""

    def __init__(self, texts: Iterable[str]):
        self.entries: list[tuple[str, str]] = []
        seen = set()
        texts = [" ".join(text.split()) for text in texts]
        for text, key in zip(texts, normalise_all(texts), strict=True):
            if len(key) >= 4 and len(key) <= LONGEST_TITLE and key not in seen:
                seen.add(key)
                self.entries.append((key, text))
        self.by_pair: dict[str, list[int]] = defaultdict(list)
        for position, (key, _text) in enumerate(self.entries):
            for pair in set(pairs(key)):
                self.by_pair[pair].append(position)

    def corrections(self, query: str) -> list[str]:
        """Texts 1 to ``allowed_edits`` edits from ``query``, nearest first, then in preference order."""
        key = comparison_key(query)
        limit = allowed_edits(len(key))
        if not limit or len(key) > LONGEST_TITLE + limit:
            return []
        own = set(pairs(key))
        shared = Counter(position for pair in own for position in self.by_pair.get(pair, ()))
        needed = max(1, len(own) - 2 * limit)
        found = []
        for position, count in shared.items():
            if count < needed:
                continue
            candidate, text = self.entries[position]
            distance = edit_distance(key, candidate, limit)
            if 1 <= distance <= limit:
                found.append((distance, position, text))
        return [text for _distance, _position, text in sorted(found)]


# --- popular searches ------------------------------------------------------------------------------


def popular_queries(
    rows: Iterable[tuple[str, int]], exclude: Sequence[str] = (), limit: int = POPULAR
) -> list[str]:
    """The query strings of ``rows`` (most searched first) that may be shown to the public: none that
    looks like personal data (stored before the filter, or typed differently), none in ``exclude``."""
    shown = []
    for query_string, _hits in rows:
        if query_string and query_string not in exclude and not looks_like_personal_data(query_string):
            shown.append(query_string)
        if len(shown) == limit:
            break
    return shown


# --- loading, per process ----------------------------------------------------------------------------

_cache: dict[Any, tuple[float, Any]] = {}


def cached(key: Any, load: Callable[[], Any]) -> Any:
    """``load()``, kept for CACHE_SECONDS in this process."""
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    with transaction.atomic():  # a failed load leaves the request's transaction usable
        value = load()
    _cache[key] = (now, value)
    return value


def forget() -> None:
    """Drop what this process keeps (tests; a new organisation shows at once)."""
    _cache.clear()


def _organisation_names(locale_id: int) -> list[tuple[int, str]]:
    from disclosures.models import OrganisationPage

    def load() -> list[tuple[int, str]]:
        organisations = OrganisationPage.objects.live().public().filter(locale_id=locale_id)
        return list(organisations.values_list("pk", "title"))

    return cached(("organisations", locale_id), load)


def organisation_index(locale_id: int) -> NameIndex:
    return cached(("organisation index", locale_id), lambda: NameIndex(_organisation_names(locale_id)))


def vocabulary(locale_id: int) -> Vocabulary:
    def load() -> Vocabulary:
        from wagtail.models import Page

        names = [title for _pk, title in _organisation_names(locale_id)]
        newest = (
            Page.objects.live()
            .public()
            .filter(locale_id=locale_id, depth__gt=2)
            .order_by("-pk")
            .values_list("title", flat=True)[:NEWEST_TITLES]
        )
        return Vocabulary([*names, *(without_prefix(name) for name in names), *newest])

    return cached(("vocabulary", locale_id), load)


def popular_searches() -> list[str]:
    """The most searched queries of the last POPULAR_DAYS days (Wagtail's search statistics), typed at
    least POPULAR_MIN_HITS times, none that found nothing on any of those days."""

    def load() -> list[str]:
        from wagtail.contrib.search_promotions.models import QueryDailyHits

        from .models import ZeroResultQuery

        since = timezone.now().date() - datetime.timedelta(days=POPULAR_DAYS - 1)  # today and 29 before
        without_results = ZeroResultQuery.objects.filter(date__gte=since).values("query_string")
        rows = (
            QueryDailyHits.objects.filter(date__gte=since)
            .exclude(query__query_string__in=without_results)
            .values("query__query_string")
            .annotate(total=Sum("hits"))
            .filter(total__gte=POPULAR_MIN_HITS)
            .order_by("-total", "query__query_string")
            .values_list("query__query_string", "total")[: POPULAR * 4]
        )
        return popular_queries(rows, limit=POPULAR * 2)

    return cached("popular", load)


def finds_something(query: str, locale: Any) -> bool:
    """Whether searching ``query`` finds a live, public page of ``locale`` (the backend's own match)."""
    from wagtail.models import Page

    parsed = parse_user_query(query)
    if parsed is None:
        return False
    pages = Page.objects.live().public().filter(locale=locale)
    try:
        with transaction.atomic():
            return bool(list(pages.search(parsed, order_by_relevance=False)[:1]))
    except DatabaseError:
        return False


def search_url(query: str) -> str:
    """The site search for ``query``, in the active language."""
    return f"{reverse('search')}?{urlencode({'q': query})}"


@dataclass
class Help:
    organisations: list = field(default_factory=list)  # pages
    did_you_mean: str | None = None
    popular: list[str] = field(default_factory=list)

    @property
    def did_you_mean_url(self) -> str:
        return search_url(self.did_you_mean) if self.did_you_mean else ""

    @property
    def popular_links(self) -> list[dict[str, str]]:
        return [{"query": query, "url": search_url(query)} for query in self.popular]

    def as_json(self, request: Any) -> dict[str, Any]:
        return {
            "organisations": [
                {"title": page.title, "url": page.get_full_url(request)} for page in self.organisations
            ],
            "did_you_mean": (
                {"query": self.did_you_mean, "url": request.build_absolute_uri(self.did_you_mean_url)}
                if self.did_you_mean
                else None
            ),
            "popular": [
                {"query": link["query"], "url": request.build_absolute_uri(link["url"])}
                for link in self.popular_links
            ],
        }


def help_for(query: str, locale: Any) -> Help:
    """The help shown when ``query`` found nothing in ``locale``; none if the database fails (logged):
    help must never break a search."""
    try:
        return _help_for(query, locale)
    except DatabaseError:
        logger.warning("Could not find help for the query %r", query, exc_info=True)
        return Help()


def _help_for(query: str, locale: Any) -> Help:
    from wagtail.models import Page

    found = organisation_index(locale.pk).partial_matches(query)
    pages = {}
    if found:
        with transaction.atomic():
            pages = {
                page.pk: page for page in Page.objects.live().public().filter(locale=locale, pk__in=found)
            }
    did_you_mean = next(
        (text for text in vocabulary(locale.pk).corrections(query)[:3] if finds_something(text, locale)), None
    )
    own = comparison_key(query)
    popular = [text for text in popular_searches() if comparison_key(text) != own][:POPULAR]
    return Help([pages[pk] for pk in found if pk in pages], did_you_mean, popular)
