"""Chinese names in pinyin, as ``pypinyin.lazy_pinyin`` reads them, at a fraction of its cost.

A name is read character by character from pypinyin's own dictionary (its first reading, tone
marks removed, ü written v); only a name that holds a word of pypinyin's phrase dictionary read
otherwise (尉迟, 澹台, 单于: the compound surnames) goes through ``lazy_pinyin`` and its
segmentation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=2**16)
def pinyin_of(name: str) -> str:
    """A Chinese name in pinyin, one capitalized word per character (other names as they are).

    >>> pinyin_of("陈一新"), pinyin_of("吕明"), pinyin_of("尉迟明"), pinyin_of("John")
    ('Chen Yi Xin', 'Lv Ming', 'Yu Chi Ming', 'John')
    """
    if not _HAN.match(name):
        return name
    words = [_word(c) for c in name]
    if None in words or _holds_a_phrase(name):
        from pypinyin import lazy_pinyin

        words = [s.capitalize() for s in lazy_pinyin(name)]
    return " ".join(words)


@cache
def _word(char: str) -> str | None:
    """A character's reading as a word of a name (capitalized); None if it has none."""
    syllable = _syllable(char)
    return syllable.capitalize() if syllable is not None else None


@cache
def _syllable(char: str) -> str | None:
    """The first reading pypinyin gives a character, without tone marks (ü as v); None if it has none."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(char))
    if readings is None:
        return None
    return _toneless(readings.split(",")[0])


def _toneless(reading: str) -> str:
    marked = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in marked if not unicodedata.combining(c))


def _holds_a_phrase(name: str) -> bool:
    """Whether a word of pypinyin's phrase dictionary that its characters' first readings do not
    spell (尉迟: yù chí, not wèi chí) is in the name."""
    n, phrases = len(name), _phrases_read_otherwise()
    return any(name[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))


@cache
def _phrases_read_otherwise() -> frozenset[str]:
    """The words of pypinyin's phrase dictionary whose reading is not their characters' first
    readings: only these make ``lazy_pinyin`` read a name otherwise than character by character."""
    from pypinyin.phrases_dict import phrases_dict

    return frozenset(
        phrase
        for phrase, readings in phrases_dict.items()
        if len(phrase) != len(readings)
        or any(_syllable(c) != _toneless(r[0]) for c, r in zip(phrase, readings, strict=False))
    )
