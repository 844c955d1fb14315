"""The directory's name order: by pinyin, as a Chinese reader looks a name up (docs/directory.md).

``sort_key(name)`` turns a name into an ASCII string whose plain byte order is the reading order; it is
stored on each organisation (``OrganisationPage.name_sort_key``) and the directory orders by it. A stored
ASCII key is compared byte by byte by SQLite (BINARY) and by PostgreSQL under the "C" collation, so both
databases give the same order by construction, whatever ICU or libc version the server has.

Each character becomes one token ending in a space (lower than any character a token holds, so a
token that is a prefix of another sorts first: xi before xian). The token starts with its class, so at
any position punctuation < digits < Latin letters < Chinese characters, as in ICU's ``zh`` collation:

- a Chinese character: ``3`` + its pinyin + tone (1–4, 5 for the neutral tone, ü written v) + its code
  point in five hex digits, so homophones of the same tone keep a fixed order;
- a Latin letter: ``2`` + the letter in lower case; a digit: ``1`` + the digit;
- anything else (brackets, dots): ``0`` + its code point; spaces are skipped.

Full-width letters and digits (Ａ, １) are read as their ASCII forms (NFKC).
"""

import unicodedata

from pypinyin import Style, load_phrases_dict, pinyin

# Readings the dictionary gets wrong for names here: place names of 婺城区 and nearby, where a
# polyphone is read as a place name and not as a common word (长山乡 is Chángshān, not zhǎng shān).
# Add a name here when the directory puts it in the wrong place; saving the page stores the new key.
PHRASES = {
    "长山": [["cháng"], ["shān"]],
    "乐清": [["yuè"], ["qīng"]],
    "朝阳": [["cháo"], ["yáng"]],
    "单县": [["shàn"], ["xiàn"]],
}
load_phrases_dict(PHRASES)

HAN, LATIN, DIGIT, OTHER = "3", "2", "1", "0"


def _is_han(char: str) -> bool:
    return (
        "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f" or "\uf900" <= char <= "\ufaff"
    )


def sort_key(name: str) -> str:
    """The ASCII key whose byte order is the pinyin order of ``name`` (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", name or "")
    # One reading per character, chosen with the phrase around it (重阳 chóng, 重量 zhòng); characters
    # without a reading come back one item each, so readings and characters pair up one to one.
    readings = pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=list)
    return "".join(_token(char, reading[0]) for char, reading in zip(text, readings, strict=True))


def _token(char: str, reading: str) -> str:
    if char.isspace():
        return ""
    if _is_han(char):
        if reading == char:  # a character the dictionary has no reading for: after those it has
            reading = "~"
        return f"{HAN}{reading.replace('ü', 'v')}{ord(char):05x} "
    if char.isascii() and char.isdigit():
        return f"{DIGIT}{char} "
    if char.isascii() and char.isalpha():
        return f"{LATIN}{char.lower()} "
    return f"{OTHER}{ord(char):05x} "
