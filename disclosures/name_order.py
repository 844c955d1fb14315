"""The directory's name order: by pinyin, as a Chinese reader looks a name up (docs/directory.md).

``sort_key(name)`` turns a name into an ASCII string whose plain byte order is the reading order; it is
stored on each organisation (``OrganisationPage.name_sort_key``) and the directory orders by it. A stored
ASCII key is compared byte by byte by SQLite (BINARY) and by PostgreSQL under the "C" collation, so both
databases give the same order by construction, whatever ICU or libc version the server has.

Each character becomes one token ending in a space (lower than any character a token holds, so a
token that is a prefix of another sorts first: xi before xian). The order is that of ICU's ``zh``
collation (CLDR's pinyin order, which PostgreSQL has as "zh-x-icu"; tests/disclosures/
test_directory_order.py compares them there): at any position punctuation < digits < Chinese < Latin
letters, so each token starts with its class:

- anything else (brackets, dots): ``0`` and its code point in five hex digits; spaces are skipped;
- a digit: ``1`` and the digit;
- a Chinese character: ``2``, its pinyin, its tone (1–4, 5 for the neutral tone; ü written v) and its
  code point in five hex digits, so homophones of the same tone keep a fixed order;
- a Latin letter: ``3`` and the letter in lower case.

Full-width letters and digits (Ａ, １) are read as their ASCII forms (NFKC).
"""

import re
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


def _is_han(char: str) -> bool:
    return (
        "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f" or "\uf900" <= char <= "\ufaff"
    )


def sort_key(name: str) -> str:
    """The ASCII key whose byte order is the pinyin order of ``name`` (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", name or "")
    # One reading per character, chosen with the phrase around it (重阳 chóng, 重量 zhòng). A run of
    # characters without a reading (Latin, digits, brackets, a rare character) comes back as itself.
    tokens: list[str] = []
    position = 0
    for (reading,) in pinyin(text, style=Style.TONE3, neutral_tone_with_five=True):
        if position >= len(text):
            break
        if text.startswith(reading, position):  # no reading: the characters as they were
            tokens.extend(_token(char) for char in reading)
            position += len(reading)
            continue
        if SYLLABLE.fullmatch(reading):  # the reading of one character (Chinese, or 〇 and its kind)
            tokens.append(f"{HAN}{reading.replace('ü', 'v')}{ord(text[position]):05x} ")
        else:  # anything odd the dictionary hands back for one character
            tokens.append(_token(text[position]))
        position += 1
    return "".join(tokens)


OTHER, DIGIT, HAN, LATIN = "0", "1", "2", "3"
SYLLABLE = re.compile(r"[a-zü]+[1-5]")


def _token(char: str) -> str:
    """The token of a character the dictionary has no reading for."""
    if char.isspace():
        return ""
    if _is_han(char):  # a rare character: after the ones with a reading
        return f"{HAN}~{ord(char):05x} "
    if char.isascii() and char.isdigit():
        return f"{DIGIT}{char} "
    if char.isascii() and char.isalpha():
        return f"{LATIN}{char.lower()} "
    return f"{OTHER}{ord(char):05x} "
