"""Chinese word segmentation for search, shared by indexing and querying.

Why: SQLite's FTS5 ``unicode61`` tokenizer and PostgreSQL's parser treat a run of Han characters
between punctuation as one token, so 助学 inside a sentence is never found. We hand the engines
text that is already split into words, the same way for documents and for queries:

* **normalise**: NFKC (full-width → half-width letters and digits), lower case, traditional →
  simplified characters (OpenCC ``t2s``);
* **index text** = jieba's search-mode words (word and the shorter words inside it) followed by a
  *bigram stream*: every pair of adjacent Han characters, with Latin words and numbers in place.
  Words give precise matches; bigrams give recall when jieba splits a name one way in a PDF and
  another way in a query (年度报告 against 年度/工作/报告), and keep adjacency for phrases;
* **query**: each word must match, either as the word or as all of its bigrams; a quoted phrase
  matches its bigram stream in order.

Pure functions (no database); ``search.backends`` plugs them into Wagtail's database backends.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Any

import jieba
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

jieba.setLogLevel(60)  # silence "Building prefix dict" on first use

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{HAN}]+|[a-z0-9]+(?:[.'][a-z0-9]+)*")
HAN_RUN = re.compile(rf"^[{HAN}]+$")
# Longest query we segment: nobody types more; bounds the work a query can cause.
MAX_QUERY_CHARS = 200
# Most words (and quoted phrases) a query keeps. Each becomes one nested term of the engine's query,
# and SQLite's FTS5 parser gives up at about 90 ("fts5: parser stack overflow", which 100 single Han
# characters reach well within MAX_QUERY_CHARS).
MAX_QUERY_WORDS = 32
# Han runs whose search-mode words are remembered (``search_words``), and the longest one remembered:
# at most about 30 MiB, the longer runs of PDF texts seldom recur.
SEGMENTED_RUNS = 32_768
LONGEST_REMEMBERED = 24


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str | None) -> str:
    """NFKC, lower case, simplified characters."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    converted: str = _converter().convert(text)
    return converted


def tokens(text: str) -> list[str]:
    """Han runs and Latin/number words of normalised text, in order (punctuation dropped)."""
    return TOKEN.findall(text)


def bigrams(run: str) -> list[str]:
    """Adjacent character pairs of a Han run ('慈善总会' → 慈善 善总 总会); a single character stays."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bigram_stream(text: str | None) -> list[str]:
    """Bigrams of every Han run with the other words in place, so that adjacency is kept."""
    return _bigram_stream_of(tokens(normalise(text)))


def _bigram_stream_of(found_tokens: list[str]) -> list[str]:
    stream: list[str] = []
    for token in found_tokens:
        stream.extend(bigrams(token) if HAN_RUN.match(token) else [token])
    return stream


def words(text: str | None) -> list[str]:
    """jieba's search-mode words of normalised text (punctuation and spaces dropped)."""
    return _words_of(tokens(normalise(text)))


def _words_of(found_tokens: list[str]) -> list[str]:
    found: list[str] = []
    for token in found_tokens:
        if HAN_RUN.match(token):
            found.extend(search_words(token) if len(token) <= LONGEST_REMEMBERED else _search_words(token))
        else:
            found.append(token)
    return found


@lru_cache(maxsize=SEGMENTED_RUNS)
def search_words(run: str) -> tuple[str, ...]:
    """jieba's search-mode words of one Han run, remembered: the same runs (organisation names, towns,
    the set phrases of reports) recur in thousands of texts, and jieba's answer for a run depends only
    on the run and its dictionary, which nothing changes after start-up (no ``add_word`` or user
    dictionary anywhere)."""
    return _search_words(run)


def _search_words(run: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.cut_for_search(run, HMM=True) if w.strip())


def number_units(text: str | None) -> list[str]:
    """The first character of every Han run that follows a number (年 of 2023年度, 届 of 第3届会议).

    People write 2023年审计报告 where documents say 2023年度审计报告; jieba then makes 年 a word of
    the query, while the text's words are 年度 and its bigrams 年度 度审 … — so without this the
    character never matches. Indexing it only after numbers keeps the index small."""
    return _number_units_of(tokens(normalise(text)))


def _number_units_of(found_tokens: list[str]) -> list[str]:
    found: list[str] = []
    previous = ""
    for token in found_tokens:
        if HAN_RUN.match(token) and previous[-1:].isdigit():
            found.append(token[0])
        previous = token
    return found


def index_text(text: str | None) -> str:
    """What is stored in the full-text index for ``text``."""
    if not text:
        return ""
    # Normalised and split once for the three parts (each normalising again cost a third of the time).
    found_tokens = tokens(normalise(text))
    return " ".join(
        _words_of(found_tokens) + _number_units_of(found_tokens) + _bigram_stream_of(found_tokens)
    )


def query_words(text: str) -> list[str]:
    """The words of a query (jieba's precise mode: the longest words, which index words contain)."""
    found: list[str] = []
    for token in tokens(normalise(text[:MAX_QUERY_CHARS])):
        if HAN_RUN.match(token):
            found.extend(w for w in jieba.cut(token, HMM=True) if w.strip())
        else:
            found.append(token)
    return found


def word_query(word: str) -> SearchQuery:
    """A long Han word matches as itself, or as all of the shorter words inside it, or as all of its
    bigrams: the text may have been segmented differently (年度报告 against 年度/工作/报告)."""
    if not (HAN_RUN.match(word) and len(word) > 2):
        return PlainText(word)
    inner = [w for w in jieba.cut_for_search(word) if w != word and len(w) > 1]
    alternatives = [PlainText(word)]
    if inner:
        alternatives.append(PlainText(" ".join(dict.fromkeys(inner)), operator="and"))
    alternatives.append(PlainText(" ".join(bigrams(word)), operator="and"))
    return Or(alternatives)


def single_character_query(run: str, position: int) -> SearchQuery:
    """A single Han character that jieba split off a longer run of the query (镇 of 罗店镇) matches
    as itself or as its bigram with either neighbour in that run: the text's words are usually
    longer (罗店/镇德善), so the character alone is seldom an index word, but the bigram stream of
    the same characters always holds the pair (店镇)."""
    char = run[position]
    pairs = [run[i : i + 2] for i in (position - 1, position) if i >= 0 and i + 2 <= len(run)]
    return Or([PlainText(w) for w in dict.fromkeys([char, *pairs])]) if pairs else PlainText(char)


def query_parts(text: str) -> list[SearchQuery]:
    """The query's words as queries: ``word_query`` for each, single characters with their pairs."""
    parts: list[SearchQuery] = []
    for token in tokens(normalise(text[:MAX_QUERY_CHARS])):
        if not HAN_RUN.match(token):
            parts.append(PlainText(token))
            continue
        position = 0
        for word in jieba.cut(token, HMM=True):
            if word.strip():
                single = len(word) == 1 and len(token) > 1
                parts.append(single_character_query(token, position) if single else word_query(word))
            position += len(word)
    return parts[:MAX_QUERY_WORDS]


def words_query(text: str, operator: str = "and") -> SearchQuery | None:
    parts = query_parts(text)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def segment_query(query: SearchQuery) -> SearchQuery | None:
    """Rewrite a Wagtail query so its text is segmented like the index. None if nothing is left."""
    if isinstance(query, PlainText):
        return words_query(query.query_string, query.operator)
    if isinstance(query, Phrase):
        stream = bigram_stream(query.query_string[:MAX_QUERY_CHARS])
        return Phrase(" ".join(stream)) if stream else None
    if isinstance(query, And | Or):
        parts = [p for p in (segment_query(q) for q in query.subqueries) if p is not None]
        if not [p for p in parts if not isinstance(p, Not)]:
            return None  # nothing left to match, or only exclusions
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = segment_query(query.subquery)
        return None if inner is None else Not(inner)
    if isinstance(query, Boost):
        inner = segment_query(query.subquery)
        return None if inner is None else Boost(inner, query.boost)
    return query


QUOTED = re.compile(r'"([^"]+)"')


def parse_user_query(text: str) -> SearchQuery | None:
    """A visitor's query as a Wagtail query: "quoted phrases", -excluded words, OR between words.

    Everything else is plain words that must all match. Unbalanced quotes and stray operators are
    treated as text, never as syntax errors. Returns None when nothing searchable is left.
    """
    text = text[:MAX_QUERY_CHARS]
    phrases = [Phrase(p) for p in QUOTED.findall(text)][:MAX_QUERY_WORDS]
    rest = QUOTED.sub(" ", text).replace('"', " ")
    required: list[str] = []
    alternatives: list[str] = []
    excluded: list[str] = []
    pieces = rest.split()[:MAX_QUERY_WORDS]
    for index, piece in enumerate(pieces):
        if piece.upper() == "OR":
            continue
        if piece.startswith("-") and len(piece) > 1:
            excluded.append(piece[1:])
        elif (
            index > 0
            and pieces[index - 1].upper() == "OR"
            or (index + 1 < len(pieces) and pieces[index + 1].upper() == "OR")
        ):
            alternatives.append(piece)
        else:
            required.append(piece)
    parts: list[SearchQuery] = list(phrases)
    if required:
        parts.append(PlainText(" ".join(required), operator="and"))
    if alternatives:
        parts.append(Or([PlainText(a) for a in alternatives]))
    if not parts:
        return None
    query: SearchQuery = parts[0] if len(parts) == 1 else And(parts)
    if excluded:
        query = And([query, *(Not(PlainText(e)) for e in excluded)])
    return query
