"""Result snippets with the searched words highlighted (engine-independent, done in Python).

The text is normalised the way the index is (full-width, traditional), so 審計 highlights 审计.
"""

import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .segmentation import normalise, query_words

WINDOW = 120


def highlight_terms(query: str) -> list[str]:
    """The words to mark: the query's words, longest first so that 审计报告 wins over 审计."""
    terms = {w for w in query_words(query) if len(w) > 1 or not w.isascii()}
    return sorted(terms, key=len, reverse=True)


def snippet(text: str | None, terms: list[str], window: int = WINDOW) -> str:
    """A window of ``text`` around the first matched term, HTML-escaped, terms in <mark>."""
    plain = " ".join(unescape(strip_tags(text or "")).split())
    if not plain:
        return ""
    folded = normalise(plain)
    # normalise() keeps length for CJK and ASCII text; if it ever changed it, fall back to the start.
    positions = [folded.find(t) for t in terms] if len(folded) == len(plain) else []
    positions = [p for p in positions if p >= 0]
    start = max(min(positions) - window // 4, 0) if positions else 0
    part = plain[start : start + window]
    part_folded = folded[start : start + window] if positions else part
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + window < len(plain) else ""
    if not terms or not positions:
        return mark_safe(escape(prefix + part + suffix))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    pieces: list[str] = []
    cursor = 0
    for match in pattern.finditer(part_folded):
        pieces.append(escape(part[cursor : match.start()]))
        pieces.append(f"<mark>{escape(part[match.start() : match.end()])}</mark>")
        cursor = match.end()
    pieces.append(escape(part[cursor:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))  # noqa: S308 - escaped above


def plain_snippet(html: str | SafeString) -> str:
    """The snippet without markup, for the JSON form."""
    return strip_tags(str(html))
