"""The synonym groups (``SearchSynonym``) as a map the query reader uses: normalised word → its group.

Kept per process and checked against a version number in the cache on every search (one cache read:
memory in development, Redis in production); saving or deleting a group sets a new version, so every
process reloads the (small) table at its next search. Without a cache, or when the cache forgets,
processes reload at once — never a stale list for longer than the cache's own consistency.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SearchSynonym, split_terms
from .segmentation import normalise

VERSION_KEY = "search:synonyms-version"

_loaded = {"version": None, "map": {}}
# Synonyms of one search only (abbreviations of organisation names: search.abbreviations).
_extra: ContextVar[dict | None] = ContextVar("search_extra_synonyms", default=None)


@contextmanager
def extended(extra):
    """Within: ``synonym_map`` has ``extra`` as well (the engines' query compilers read it)."""
    token = _extra.set(extra or None)
    try:
        yield
    finally:
        _extra.reset(token)


def _current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY) or version
    return version


def synonym_map():
    """{normalised word: (the group's normalised words, the word itself first)}."""
    version = _current_version()
    if _loaded["version"] != version:
        try:
            groups = [split_terms(terms) for terms in SearchSynonym.objects.values_list("terms", flat=True)]
        except DatabaseError:  # before migrations (a fresh database): no synonyms, no error
            groups = []
        _loaded["map"] = build_map(groups)
        _loaded["version"] = version
    extra = _extra.get()
    return {**_loaded["map"], **extra} if extra else _loaded["map"]


def build_map(groups):
    """The map of ``synonym_map`` for groups of words as typed. A word in several groups gets the
    union of them (捐款 with 捐赠 in one group and with 善款 in another)."""
    found = {}
    for group in groups:
        words = list(dict.fromkeys(w for w in (normalise(term).strip() for term in group) if w))
        for word in words:
            found.setdefault(word, [word])
            found[word].extend(w for w in words if w not in found[word])
    return {word: tuple(group) for word, group in found.items()}


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def synonyms_changed(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
