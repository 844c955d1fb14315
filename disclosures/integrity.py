"""The rules that keep the disclosure record honest, as plain functions (no database).

- **Which date counts.** The platform's own clock: the day a disclosure was first published on this
  site. An earlier date declared by the filer (with where it was first published) counts only once a
  reviewer of the civil-affairs bureau confirmed it — a filer cannot turn a missing year into an
  on-time one by typing a date (docs/compliance.md).
- **What a correction is.** Order 81 (《慈善组织信息公开办法》) has a correction of a published item
  disclosed as such: a published correction note (更正说明), its history visible. So any change to the content of a published
  disclosure — its text, figures, attachments or the facts that place it in the record — is a
  correction and needs a note saying what changed and why.
- **What a duplicate is.** A second disclosure of the same organisation, type and period: a second
  2025 annual work report, a second progress report for the same quarter.
"""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .compliance import DisclosureType
from .figures import FIGURE_FIELDS

# Yearly obligations: one per organisation, type and reporting year.
YEARLY_TYPES = frozenset(
    {DisclosureType.ANNUAL_REPORT, DisclosureType.FINANCIAL_REPORT, DisclosureType.AUDIT_REPORT}
)

# What a published disclosure *says*: changing any of these is a correction. Not here: the declared
# date (confirmed separately), the correction note itself, links between disclosures, slugs and SEO.
CONTENT_FIELDS = (
    "title",
    "disclosure_type",
    "year",
    "period_start",
    "period_end",
    "event_date",
    "body",
    *FIGURE_FIELDS,
    "attachments",
)


def record_date(platform_on: date | None, declared_on: date | None, confirmed: bool) -> date | None:
    """The date judged against the deadlines.

    The platform's date, unless a reviewer confirmed an earlier declared date. A declared date later
    than the platform's means nothing: it cannot have been first published after it appeared here.
    """
    if declared_on and confirmed and (platform_on is None or declared_on < platform_on):
        return declared_on
    return platform_on


def declared_gap_days(platform_on: date | None, declared_on: date | None) -> int | None:
    """How many days earlier than the platform's date the filer says it was published (None if not)."""
    if not declared_on or not platform_on or declared_on >= platform_on:
        return None
    return (platform_on - declared_on).days


_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')
_BREAK = re.compile(r"<br\s*/?>")
_SPACE = re.compile(r"\s+")
_BETWEEN_TAGS = re.compile(r">\s+<")


def _normalise(name: str, value: Any) -> Any:
    """A value as compared: rich text without the editor's block keys, amounts as numbers, blanks as
    None — so saving a form unchanged is never taken for a change."""
    if value in (None, ""):
        return None
    if name == "body":
        text = _BETWEEN_TAGS.sub("><", _BREAK.sub("<br/>", _BLOCK_KEY.sub("", str(value))))
        return _SPACE.sub(" ", text).strip() or None
    if name in FIGURE_FIELDS:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if name == "attachments":
        return tuple(tuple(item) for item in value) or None
    if name == "title":
        return _SPACE.sub(" ", str(value)).strip()
    return value


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The content fields (``CONTENT_FIELDS``) whose values differ between two dicts of values.

    ``attachments`` is a sequence of (document id, title) in display order.
    """
    return [
        name for name in CONTENT_FIELDS if _normalise(name, old.get(name)) != _normalise(name, new.get(name))
    ]


def needs_correction_note(
    was_published: bool, changed: list[str], old_note: str | None, new_note: str | None
) -> bool:
    """A published disclosure whose content changed needs a note of its own: empty, or the note of
    the previous correction left as it was, does not say what changed this time."""
    if not was_published or not changed:
        return False
    new_note = (new_note or "").strip()
    return not new_note or new_note == (old_note or "").strip()


def duplicate_key(
    disclosure_type: str | None,
    year: int | None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> tuple[Any, ...] | None:
    """What makes two disclosures of one organisation the same obligation, or None when nothing does.

    Yearly reports: type and year. Anything with a stated period (fundraising plans, projects, their
    progress): type and period. Corrections are never duplicates: there may be many.
    """
    if not disclosure_type or disclosure_type == DisclosureType.CORRECTION:
        return None
    if disclosure_type in YEARLY_TYPES:
        return (disclosure_type, year) if year else None
    if period_start and period_end:
        return (disclosure_type, period_start, period_end)
    return None


def same_title(first: str | None, second: str | None) -> bool:
    return _normalise("title", first) == _normalise("title", second)
