"""Abbreviations of organisation names, recognised in a query: 志协 for 志愿者协会, 残基会 for
残疾人福利基金会, 妇儿促进会 for 妇女儿童发展促进会.

People shorten a name by keeping some of its characters in order, starting with its first. A piece of
the query is read as such an abbreviation when it is no word of the dictionary, is not found in the
name as it stands, begins with the name's first character and has its characters in the name in
order — for at most ``MAX_NAMES`` organisations (more would be a guess). The name (without 金华市婺城区,
and also without a 镇/乡/街道 in front) then counts as a synonym of the piece for this query
(``search.synonyms.extended``). Common abbreviations of kinds of organisation (红会, 慈总) are in
the synonym list staff keep.
"""

import re
import time

import jieba

from .segmentation import HAN, normalise

REGION_PREFIX = re.compile(r"^(?:浙江省)?(?:金华市)?(?:婺城区)?")
TOWN_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡)")
HAN_RUNS = re.compile(f"[{HAN}]+")
MAX_NAMES = 3
LONGEST = 8
# The organisations' names are read again after this many seconds (a new organisation is rare).
NAMES_TTL = 300

_cache = {"at": 0.0, "by_first": {}, "by_form": {}}
# A name form at least this long found as it stands in a query names its organisation (红十字会).
NAMED_FORM = 4


def name_forms(title):
    """The forms of an organisation's name people abbreviate: without the region (and with 婺城区, as
    婺城…), and without the town."""
    name = normalise(title)
    core = REGION_PREFIX.sub("", name)
    forms = [core] if len(core) > 2 else []
    if name.startswith("婺城区"):  # 婺城老年人协会
        forms.append(name)
    town = TOWN_PREFIX.match(core)
    if town and len(core) - town.end() > 2:
        forms.append(core[town.end() :])
    return forms


def _names():
    if time.monotonic() - _cache["at"] > NAMES_TTL:
        from disclosures.models import OrganisationPage

        by_first, by_form = {}, {}
        for pk, title in OrganisationPage.objects.live().values_list("pk", "title"):
            for form in {normalise(title), *name_forms(title)}:
                by_first.setdefault(form[0], set()).add(form)
                by_form.setdefault(form, set()).add(pk)
        _cache.update(at=time.monotonic(), by_first=by_first, by_form=by_form)
    return _cache


def _names_by_first_character():
    return _names()["by_first"]


def named_organisations(text, abbreviated=()):
    """Ids of the live organisations the query names: a form of the name (at least NAMED_FORM
    characters) in the query as it stands, or a name the query abbreviates (``abbreviated``). At most
    MAX_NAMES organisations; none when the query names more (a generic 基金会 is no name)."""
    by_form = _names()["by_form"]
    query = "".join(HAN_RUNS.findall(normalise(text)))
    forms = {form for form in by_form if len(form) >= NAMED_FORM and form in query} | set(abbreviated)
    # The longest forms only: 婺城区红十字会 rather than 红十字会 too.
    forms = {form for form in forms if not any(form != other and form in other for other in forms)}
    found = set().union(*(by_form.get(form, set()) for form in forms)) if forms else set()
    return found if len(found) <= MAX_NAMES else set()


def forget_names():
    """Read the names again at the next search (tests; a renamed organisation is otherwise seen within
    NAMES_TTL)."""
    _cache["at"] = 0.0


def is_abbreviation(piece, name):
    if piece[0] != name[0] or piece in name:
        return False
    rest = iter(name)
    return all(char in rest for char in piece)


def abbreviations(text):
    """{piece of the query: (piece, the names it abbreviates …)} for the pieces of ``text`` that are
    abbreviations of organisation names (longest first, not overlapping)."""
    by_first = _names_by_first_character()
    found = {}
    for run in HAN_RUNS.findall(normalise(text)):
        # A piece begins and ends where jieba's words do: 城老 of 婺城老年人协会 is no abbreviation.
        bounds, end = {0}, 0
        for word in jieba.cut(run, HMM=True):
            end += len(word)
            bounds.add(end)
        start = 0
        while start < len(run) - 1:
            for length in range(min(LONGEST, len(run) - start), 1, -1):
                piece = run[start : start + length]
                if start not in bounds or start + length not in bounds or jieba.dt.FREQ.get(piece):
                    continue
                names = sorted(n for n in by_first.get(piece[0], ()) if is_abbreviation(piece, n))
                if 0 < len(names) <= MAX_NAMES:
                    found[piece] = (piece, *names)
                    start += length
                    break
            else:
                start += 1
    return found
