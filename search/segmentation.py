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


# Variant characters OpenCC's t2s leaves as they are, folded to the form the documents use: 帳目 becomes
# 帐目, while filings write 账目. Index and queries are folded alike (a change needs ``update_index``).
VARIANTS = str.maketrans({"帐": "账"})


def normalise(text: str | None) -> str:
    """NFKC, lower case, simplified characters, variants folded (``VARIANTS``)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    converted: str = _converter().convert(text)
    return converted.translate(VARIANTS)


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


# Words that make a query a question or a request ("…在哪里查", "…是谁负责的", "怎么查…的账目") but
# say nothing about what is sought: dropped from a query that has other words (jieba's words).
_QUESTION_WORDS = (
    "的 了 吗 呢 吧 啊 呀 么 嘛 在 是 有 和 与 及 哪 哪里 哪儿 哪些 哪个 哪家 谁 什么 怎么 怎样 怎么样 如何 为什么 "
    "多少 几 查 查询 查看 查找 查到 找 找到 看 看到 一下 请问 我 我们 你 你们 想 想要 要 知道 了解 能 能否 "
    "可以 关于 这个 那个 哪里能 去 到 呢 吗 啥 咋 谁家 是否 有没有 没有"
)
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())
# Phrases that ask who is responsible or where something is, removed before segmentation: jieba splits
# them into words (负责) that are content words elsewhere (负责人 stays).
_LOOK = "(?:查询|查看|查找|查到|查|看到|看|找到|找)"
QUESTION_PHRASES = re.compile(
    "|".join(
        [
            r"(?:是)?谁(?:在)?负责(?:的)?|由谁负责|负责的?是谁",
            rf"(?:在|去|到)?(?:哪里|哪儿|哪)(?:能|可以)?{_LOOK}?",
            rf"(?:怎么样|怎么|怎样|如何)(?:才能|能|可以)?{_LOOK}?",
            r"有(?:哪些|什么)|哪些|什么|请问",
            rf"(?:^|(?<=\s)){_LOOK}(?:一下)?",
        ]
    )
)


def _word_alternative(word: str) -> SearchQuery:
    """One word of a query, or one word of a synonym group, as the engines' query."""
    if HAN_RUN.match(word):
        return word_query(word)
    found = tokens(word)
    if len(found) == 1 and not HAN_RUN.match(found[0]):
        return PlainText(found[0])
    parts = [
        word_query(w) for token in found for w in (jieba.cut(token) if HAN_RUN.match(token) else [token])
    ]
    return parts[0] if len(parts) == 1 else And(parts)


class Concept:
    """One thing a query asks for: the word as typed (normalised) and the words that mean the same
    (its synonym group), with the query that matches any of them."""

    def __init__(self, words: tuple[str, ...], query: SearchQuery):
        self.words, self.query = words, query

    def __repr__(self) -> str:
        return f"Concept({'|'.join(self.words)})"


def _synonym_concept(word: str, synonyms: dict[str, tuple[str, ...]]) -> Concept:
    group = synonyms[word]
    return Concept(group, Or([_word_alternative(w) for w in group]))


def _synonym_pieces(run: str, synonyms: dict[str, tuple[str, ...]]) -> list[tuple[str, bool]]:
    """A Han run cut into (piece, is a synonym): the longest synonym at each place, unless one of
    jieba's words of the run holds it inside a longer word (捐款人 is no 捐款). Synonyms are found in
    the run, not among its words: jieba cuts 怎么查慈总的账目 as 查慈/总, across the abbreviation."""
    longest = max((len(key) for key in synonyms), default=0)
    if not longest:
        return [(run, False)]
    inside_words = []
    start = 0
    for word in jieba.cut(run, HMM=True):
        inside_words.append((start, start + len(word)))
        start += len(word)
    pieces: list[tuple[str, bool]] = []
    plain_from = index = 0
    while index < len(run):
        for end in range(min(len(run), index + longest), index + 1, -1):
            if run[index:end] in synonyms and not any(
                a <= index and end <= b and b - a > end - index for a, b in inside_words
            ):
                if plain_from < index:
                    pieces.append((run[plain_from:index], False))
                pieces.append((run[index:end], True))
                plain_from = index = end
                break
        else:
            index += 1
    if plain_from < len(run):
        pieces.append((run[plain_from:], False))
    return pieces


def concepts(text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> list[Concept]:
    """What a query asks for, one ``Concept`` per word: jieba's words, synonyms found in the query's
    characters (``_synonym_pieces``), question phrases and words dropped when anything else is left."""
    synonyms = synonyms or {}
    normalised = normalise(text[:MAX_QUERY_CHARS])
    found = _concepts_of(QUESTION_PHRASES.sub(" ", normalised), synonyms)
    content = [c for c in found if c.words[0] not in QUESTION_WORDS]
    if not content:  # nothing but question words: search for what was typed
        content = _concepts_of(normalised, synonyms)
    return content[:MAX_QUERY_WORDS]


def _concepts_of(normalised: str, synonyms: dict[str, tuple[str, ...]]) -> list[Concept]:
    found: list[Concept] = []
    for token in tokens(normalised):
        if not HAN_RUN.match(token):
            found.append(
                _synonym_concept(token, synonyms)
                if token in synonyms
                else Concept((token,), PlainText(token))
            )
            continue
        for piece, synonym in _synonym_pieces(token, synonyms):
            if synonym:
                found.append(_synonym_concept(piece, synonyms))
                continue
            position = 0
            for word in (w for w in jieba.cut(piece, HMM=True) if w.strip()):
                if len(word) == 1 and len(piece) > 1:
                    found.append(Concept((word,), single_character_query(piece, position)))
                else:
                    found.append(Concept((word,), word_query(word)))
                position += len(word)
    return found


def query_parts(text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> list[SearchQuery]:
    """The query's words as queries (``concepts``)."""
    return [concept.query for concept in concepts(text, synonyms)]


def words_query(
    text: str, operator: str = "and", synonyms: dict[str, tuple[str, ...]] | None = None
) -> SearchQuery | None:
    parts = query_parts(text, synonyms)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def segment_query(
    query: SearchQuery, synonyms: dict[str, tuple[str, ...]] | None = None
) -> SearchQuery | None:
    """Rewrite a Wagtail query so its text is segmented like the index, each word matching its
    synonyms too. None if nothing is left."""
    if isinstance(query, PlainText):
        return words_query(query.query_string, query.operator, synonyms)
    if isinstance(query, Phrase):
        stream = bigram_stream(query.query_string[:MAX_QUERY_CHARS])
        return Phrase(" ".join(stream)) if stream else None
    if isinstance(query, And | Or):
        parts = [p for p in (segment_query(q, synonyms) for q in query.subqueries) if p is not None]
        if not [p for p in parts if not isinstance(p, Not)]:
            return None  # nothing left to match, or only exclusions
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = segment_query(query.subquery, synonyms)
        return None if inner is None else Not(inner)
    if isinstance(query, Boost):
        inner = segment_query(query.subquery, synonyms)
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
