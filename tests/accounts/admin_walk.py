"""Walk the admin as one signed-in user and find interface strings left in the source language.

``walk`` starts from given screens and follows the admin links each one shows (the sidebar menu
included), one screen per URL *shape* (numbers and query values ignored), so that a role's every kind
of screen is visited once, whatever new menu items or dashboard panels add. ``untranslated_on``
returns the source-language msgids (Django, Wagtail, wagtail-localize, our catalogues) that a
screen shows: as text, in the attributes people read or hear (title, aria-label, placeholder, alt,
tooltips), or in the JSON the admin's scripts render from (the sidebar menu, the strings Wagtail's
JavaScript shows).
"""

import json
import re
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup

from wucheng_site.admin_messages import source_messages

# --- what not to visit ---------------------------------------------------------------------------

# Links a walk must not follow: they sign out, change something on GET, download a file, or answer
# with JSON or a modal (not a screen), or lead out of the admin.
SKIP = re.compile(
    r"/logout/|/delete/|/unpublish/|/lock/|/unlock/|/workflow/|/revisions/\d+/(revert|unschedule)|"
    r"/preview|/view_draft/|/jsi18n/|/api/|/bulk/|/choose|/chooser/|/reset/|/serve/|"
    r"[?&](export|action)="
)
BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "select", "option", "label", "button", "legend", "caption",
}  # fmt: skip
ATTRIBUTES = ("title", "aria-label", "aria-description", "placeholder", "alt", "data-w-tooltip-content-value")
# Keys of the JSON blobs the admin's scripts render whose strings are shown (menu and block labels,
# help texts); the "STRINGS" of Wagtail's config are all shown; any string holding markup is a piece
# of HTML the scripts insert (a block's or a chooser's form), read like the page itself.
JSON_TEXT_KEYS = {"label", "title", "text", "help_text", "helpText", "description", "placeholder", "heading"}


def shape(url):
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)} - {"p"})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def _links(page_url, soup, json_blobs):
    hrefs = [a.get("href") for a in soup.find_all("a", href=True)]
    hrefs += [value for blob in json_blobs for value in _json_strings(blob, keys={"url", "href"})]
    hrefs += [
        value
        for blob in json_blobs
        for value in _json_strings(blob, keys={"_args"})
        if value.startswith("/admin/")
    ]
    for href in hrefs:
        url = urljoin(page_url, href.split("#")[0])
        if url.startswith("/admin/") and not SKIP.search(url):
            yield url


WALK_LIMIT = 300  # screens per walk; a role reaches 7 to 145 (superuser) kinds of screen


def walk(client, start, limit=WALK_LIMIT):
    """[(url, response)] of the HTML screens reached from ``start`` (each start URL is visited)."""
    must = set(start)  # visited even when a screen of the same shape was
    queue, shapes, seen = deque(start), set(), []
    while queue and (len(seen) < limit or must):
        url = queue.popleft()
        if shape(url) in shapes and url not in must:
            continue
        must.discard(url)
        shapes.add(shape(url))
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        seen.append((url, response))
        soup = BeautifulSoup(response.content, "html.parser")
        queue.extend(_links(url, soup, _json_blobs(soup)))
    return seen


# --- what a screen shows -------------------------------------------------------------------------


def _json_blobs(soup):
    blobs = []
    for script in soup.find_all("script", type="application/json"):
        try:
            blobs.append(json.loads(script.string or "null"))
        except ValueError:
            continue
    return blobs


def _json_strings(value, keys, key=None):
    """String leaves of a JSON value under one of ``keys`` (a list's items are under its key)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_strings(v, keys, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v, keys, key)
    elif isinstance(value, str) and key in keys:
        yield value


def _json_texts(value, shown=False):
    """The shown strings of a JSON value (see JSON_TEXT_KEYS)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_texts(v, shown or k in JSON_TEXT_KEYS or k == "STRINGS")
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v, shown)
    elif isinstance(value, str):
        if "<" in value and ">" in value:
            yield from visible_texts(value)
        elif shown:
            yield _clean(value)


def _clean(text):
    return re.sub(r"\s+", " ", text).strip()


def visible_texts(html):
    """The texts a screen shows: each text node, each block's whole text (a msgid with inline markup,
    e.g. "Autosave is <span>paused</span>", is split across nodes), the attributes read aloud or shown
    as tooltips, and the strings in its JSON blobs."""
    soup = BeautifulSoup(html, "html.parser")
    blobs = _json_blobs(soup)
    for tag in soup(["script", "style"]):
        tag.decompose()
    texts = {_clean(node) for node in soup.find_all(string=True)}
    for element in soup.find_all(True):
        if element.name in BLOCKS and not element.find(BLOCKS):
            texts.add(_clean(element.get_text(" ")))
            texts.add(_clean(element.get_text("")))
        for attribute in ATTRIBUTES:
            if isinstance(element.get(attribute), str):
                texts.add(_clean(element[attribute]))
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.add(_clean(element.get("value", "")))
    texts.update(text for blob in blobs for text in _json_texts(blob))
    return {text for text in texts if re.search(r"[A-Za-z]{2}", text)}


# --- which msgids they are -----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’ ,.:;!?()/&+-]*")


class Matcher:
    """Finds source-language msgids in texts.

    A msgid without placeholders matches a whole text, or a run of Latin text inside one (after
    trailing punctuation), e.g. "Date updated" in "Date updated: 2026年12月7日"; one with placeholders
    matches as a pattern whose placeholders stand for anything, e.g. "Referenced %(count)s times"
    finds "Referenced 10 times". Markup in a msgid is dropped, as the browser drops it.
    ``allowed``: msgids that may appear as they are (see ALLOWED in the test)."""

    def __init__(self, allowed=()):
        self.plain, self.patterns = {}, {}
        for message in source_messages():
            for source in filter(None, (message.msgid, message.msgid_plural)):
                if source in allowed:
                    continue
                text = _clean(re.sub(r"<[^>]+>", "", source))
                literals = [part for part in PLACEHOLDER.split(text) if part]
                words = re.findall(r"[A-Za-z]{3,}", " ".join(literals))
                if not words:
                    continue  # nothing that could only be English ("%(a)s - %(b)s")
                if len(literals) == 1 and literals[0] == text:
                    self.plain.setdefault(text.rstrip(":.： "), source)
                elif sum(len(w) for w in words) >= 6:  # enough English that only English matches
                    regex = (
                        r"(?<![A-Za-z])"
                        + r"(.+?)".join(re.escape(p) for p in PLACEHOLDER.split(text))
                        + r"(?![A-Za-z])"
                    )
                    self.patterns.setdefault(max(words, key=len), []).append((re.compile(regex), source))

    def find(self, texts, content=frozenset()):
        """The msgids in ``texts``; ``content``: texts that are content people entered (e.g. the English
        pages' titles "Disclosures", "Policies"), not interface strings, where they are the whole text
        or a whole run of Latin text."""
        found = set()
        for text in texts:
            if text in content:
                continue
            runs = {run.strip() for run in LATIN_RUN.findall(text)}
            for run in runs & content:  # e.g. a permission's name inside "Wagtail 核心组件 | 页面 | …"
                text = text.replace(run, " ")
            candidates = {text, *runs} - content
            for candidate in candidates:
                key = candidate.rstrip(":.： ")
                if key in self.plain:
                    found.add(self.plain[key])
            for word in set(re.findall(r"[A-Za-z]{3,}", text)):
                for regex, source in self.patterns.get(word, ()):
                    if regex.search(text):
                        found.add(source)
        return found
