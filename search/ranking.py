"""One ranking for every engine: the engines find the matches, this module orders them.

SQLite's FTS5 BM25, PostgreSQL's ``ts_rank`` (no document frequencies at all) and OpenSearch's BM25
weigh title, organisation and body differently, so the same query ranked differently on each
(a page whose title *is* the query came after pages that mention a word once in their body). Here
the engine's best matches are re-ordered by the same rules everywhere, from what every engine can
tell (which pages match which word of the query) and the pages' own titles:

1. **tiers** — pages with every word of the query first; then, when those are few
   (``PARTIAL_BELOW``), pages with most of the words (all but one, at least one: a
   minimum-should-match), clearly below — the sibling disclosures of a project that lack one word;
2. **exact** — a title that is the query once normalised (punctuation, spaces, full-width, traditional
   characters, the 金华市婺城区 prefix ignored);
3. **where each word is** — in the title (3), in the organisation's name (2) or only in the body or
   attachments (1), each weighted by how rare the word is (``idf``: the engine's count of its matches);
4. the shorter title, then the newest, among equals (the same on every engine).

Only the engine's best ``RERANK_DEPTH`` are re-ordered (the rest keep its order). A multi-word query
costs one engine request per word more when the words are asked for one by one (to know which page
has which, and how rare each is); a one-word query none. docs/search.md has the measurements.
"""

import math
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Subquery
from django.db.models.functions import Coalesce
from modelsearch.query import PlainText
from wagtail.models import Page

from .abbreviations import REGION_PREFIX, abbreviations, named_organisations
from .segmentation import concepts, normalise, tokens
from .synonyms import extended

# Re-order the engine's best this many matches.
RERANK_DEPTH = 200
# Look for pages with most words when fewer than this many have every word.
PARTIAL_BELOW = 30
# A partial match has at least this share of the query's rarity (``_partial_matches``).
PARTIAL_SHARE = 0.5
# Partial matches taken (the best by how rare their words are), at most.
PARTIAL_LIMIT = 200
# The project or fundraising of this many best results lends its other disclosures (``_add_siblings``),
# at most this many.
SIBLINGS_OF, SIBLINGS_LIMIT = 3, 30
# Title, organisation name, elsewhere.
IN_TITLE, IN_BOTH, IN_ORGANISATION, ELSEWHERE = 3, 2.5, 2, 1
# A question for who runs something (…是谁负责的, 谁在做): the answer is an organisation.
ASKS_WHO = re.compile(r"谁|哪个(?:单位|组织|机构)|哪家")


def compact(text):
    """Normalised text without spaces or punctuation: what "the same words" means for titles."""
    return "".join(tokens(normalise(text)))


def contains(text, word):
    """``word`` (normalised) is in ``text`` (compact): as itself, or as the longer words around it."""
    return bool(word) and "".join(word.split()) in text


def minimum_should_match(count):
    """Words a partial match must have: half of them (one of two). Which half counts more: partial
    matches are ordered by how rare and how prominent their words are, so the project's notice (its
    name, without 结果) comes before any result report that shares only 结果."""
    return max(1, math.ceil(count / 2))


def is_plain(text):
    """No phrase, exclusion or OR: the query is words, and tiers apply."""
    return '"' not in text and not any(p.startswith("-") or p.upper() == "OR" for p in text.split())


class Ranking:
    """Page ids best first (up to the engine's bound), their count and whether it is a lower bound;
    sliceable like a queryset for the paginator (only the shown window of pages is loaded)."""

    def __init__(self, ids, count, lower_bound, queryset):
        self.ids, self._count, self.lower_bound, self.queryset = ids, count, lower_bound, queryset

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def count_is_lower_bound(self):
        return self.lower_bound

    def best_pks(self, limit):
        return self.ids[:limit]

    def __getitem__(self, window):
        ids = self.ids[window]
        pages = self.queryset.specific().in_bulk(ids)
        return [pages[pk] for pk in ids if pk in pages]


def engine_ids(results, limit, ranked=True):
    """The engine's best ``limit`` ids (our backends give them without loading pages); with
    ``ranked`` False any ``limit`` matches, unscored where the backend allows (``ids_only``)."""
    if hasattr(results, "bounded"):
        results = results.bounded(limit, prefetch=limit)
        if not ranked:
            results.query_compiler.ids_only = True
    best = results.best_pks(limit) if hasattr(results, "best_pks") else None
    if best is None:
        best = [page.pk for page in results[:limit]]
    lower = bool(getattr(results, "count_is_lower_bound", lambda: False)())
    return best, results.count(), lower


def _title_facts(ids):
    """{id: (compact title, compact organisation name)}: a disclosure's organisation is its parent
    (an organisation page is its own). One query."""
    from disclosures.models import OrganisationPage
    from disclosures.models.disclosure import outer_parent_path

    organisation_type = ContentType.objects.get_for_model(OrganisationPage).pk
    parent = Page.objects.filter(path=outer_parent_path(), content_type_id=organisation_type)
    rows = (
        Page.objects.filter(pk__in=ids)
        .annotate(parent_organisation=Subquery(parent.values("title")[:1]))
        .values_list("pk", "title", "content_type_id", "parent_organisation")
    )
    return {
        pk: (compact(title), compact(title if content_type == organisation_type else organisation or ""))
        for pk, title, content_type, organisation in rows
    }


def _is_exact(title, query_forms):
    return title in query_forms or REGION_PREFIX.sub("", title) in query_forms


def rank(pages, text, parsed, match_limit, synonyms=None):
    """The ``Ranking`` of ``pages`` matching the visitor's ``text`` (``parsed`` by
    ``parse_user_query``), abbreviations of organisation names read as the names."""
    extra = abbreviations(text)
    with extended(extra):
        ranking = _rank(pages, text, parsed, match_limit, {**(synonyms or {}), **extra})
    if is_plain(text):
        abbreviated = [name for group in extra.values() for name in group[1:]]
        if ranking.full < PARTIAL_BELOW:
            _add_siblings(ranking, pages)
        named = named_organisations(text, abbreviated)
        if ASKS_WHO.search(text) and ranking.ids:
            # "…是谁负责的": the organisation behind the best result is the answer.
            named |= _organisation_of(ranking.ids[0])
        _bring_forward(ranking, pages, named, after=1)
    return ranking


def _organisation_of(pk):
    """{the id of the organisation page above page ``pk``} (a disclosure's parent), or empty."""
    from disclosures.models import OrganisationPage

    page = Page.objects.filter(pk=pk).values_list("path", flat=True).first()
    if not page:
        return set()
    parent = OrganisationPage.objects.filter(path=page[: -Page.steplen]).values_list("pk", flat=True)
    return set(parent)


def _add_siblings(ranking, pages):
    """After the pages with every word: the other disclosures of the same project or fundraising as
    the best SIBLINGS_OF results (its plan, and every report on that plan) — the notice of a project
    whose result the query found by a word the notice lacks. Few results only (a bounded lookup)."""
    from disclosures.models import DisclosurePage

    top = ranking.ids[:SIBLINGS_OF]
    if not top:
        return
    # One query: the plans of the best results (their related_disclosure, or themselves), then every
    # disclosure that is one of those plans or reports on one.
    plans = DisclosurePage.objects.filter(pk__in=top).annotate(plan=Coalesce("related_disclosure_id", "pk"))
    family = DisclosurePage.objects.filter(
        Q(pk__in=plans.values("plan")) | Q(related_disclosure_id__in=plans.values("plan"))
    ).values("pk")
    found = set(pages.filter(pk__in=family).values_list("pk", flat=True)[:SIBLINGS_LIMIT]) - set(ranking.ids)
    if found:
        ranking.ids = ranking.ids[: ranking.full] + sorted(found) + ranking.ids[ranking.full :]
        ranking._count += len(found)


def _bring_forward(ranking, pages, ids, after):
    """Put the allowed pages of ``ids`` right after the first ``after`` results, unless they are
    that near the top already; counted once."""
    allowed = set(pages.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    moving = allowed - set(ranking.ids[: after + len(allowed)])
    if not moving:
        return
    newly_found = moving - set(ranking.ids)
    rest = [pk for pk in ranking.ids if pk not in moving]
    ranking.ids = rest[:after] + sorted(moving) + rest[after:]
    ranking._count += len(newly_found)


def _rank(pages, text, parsed, match_limit, synonyms):
    ids, count, lower_bound = engine_ids(pages.search(parsed), match_limit)
    words = concepts(text, synonyms) if is_plain(text) else []
    partial, rarity = [], {}
    if len(words) > 1 and count < PARTIAL_BELOW:
        partial, rarity = _partial_matches(pages, words, set(ids), match_limit)
    head = ids[:RERANK_DEPTH]
    facts = _title_facts(head + [pk for pk, _ in partial])
    query_forms = {compact(text), "".join(c.words[0] for c in words)}

    def placement(pk, index):
        # A disclosure's title often repeats its organisation's name: what the name holds counts as
        # the organisation's, and the title counts for what it says beyond it (项目 of …有哪些项目).
        title, organisation = facts.get(pk, ("", ""))
        in_title = any(contains(title, word) for word in words[index].words)
        if title != organisation and any(contains(organisation, word) for word in words[index].words):
            return IN_BOTH if in_title else IN_ORGANISATION
        return IN_TITLE if in_title else ELSEWHERE

    # Pages with every word: where the words are, each word alike (weighting them by rarity too ranked
    # worse on the tuning half of bench/relevance: a rare name outweighed the kind of document sought).
    head.sort(
        key=lambda pk: (
            not _is_exact(facts.get(pk, ("",))[0], query_forms),
            -sum(placement(pk, i) for i in range(len(words))),
            # Among equals the shorter title, which says less besides (a project's plan before its
            # "2025年上半年进展"): every engine's length norm, applied the same way.
            len(facts.get(pk, ("",))[0]),
            # Then the newest: the engines' own orders differ (BM25 on SQLite and OpenSearch, ts_rank
            # on PostgreSQL), and following them made the engines disagree where nothing else does.
            -pk,
        )
    )
    # Pages with most words: which words they have matters, the rare ones most.
    partial.sort(key=lambda item: (-sum(rarity[i] * placement(item[0], i) for i in item[1]), -item[0]))
    ranked = head + ids[RERANK_DEPTH:] + [pk for pk, _ in partial]
    ranking = Ranking(ranked, count + len(partial), lower_bound, Page.objects.all())
    ranking.full = len(ids)
    return ranking


def _partial_matches(pages, words, full, match_limit):
    """([(id, indexes of its words)], {index: rarity}): pages without every word but with at least
    ``minimum_should_match`` of them and at least PARTIAL_SHARE of the query's rarity (a word found
    nowhere is the rarest: pages with only the common words of "火星 基地 捐赠" are no answer), the
    best PARTIAL_LIMIT by the rarity of their words. One engine request per word (which page has it,
    how many pages have it)."""
    has, rarity = {}, {}
    for index, concept in enumerate(words):
        found, found_count, _ = engine_ids(
            pages.search(PlainText(concept.words[0])), match_limit, ranked=False
        )
        rarity[index] = math.log(1 + match_limit / (found_count or 0.5))
        for pk in found:
            if pk not in full:
                has.setdefault(pk, []).append(index)
    needed = minimum_should_match(len(words))
    enough = PARTIAL_SHARE * sum(rarity.values())
    candidates = [
        (pk, indexes)
        for pk, indexes in has.items()
        if len(indexes) >= needed and sum(rarity[i] for i in indexes) >= enough
    ]
    candidates.sort(key=lambda item: (-sum(rarity[i] for i in item[1]), -item[0]))
    return candidates[:PARTIAL_LIMIT], rarity
