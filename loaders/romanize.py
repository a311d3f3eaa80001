"""Chinese names in pinyin, as ``pypinyin.lazy_pinyin`` reads them, at a fraction of its cost.

A name is read character by character from pypinyin's own dictionary (its first reading, tone
marks removed, ü written v); only a name that holds a word of pypinyin's phrase dictionary
(尉迟, 澹台, 单于: the compound surnames) goes through ``lazy_pinyin`` and its segmentation.
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
    syllables = [_syllable(c) for c in name]
    if None in syllables or _holds_a_phrase(name):
        from pypinyin import lazy_pinyin

        syllables = lazy_pinyin(name)
    return " ".join(s.capitalize() for s in syllables)


@cache
def _syllable(char: str) -> str | None:
    """The first reading pypinyin gives a character, without tone marks (ü as v); None if it has none."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(char))
    if readings is None:
        return None
    marked = unicodedata.normalize("NFD", readings.split(",")[0]).replace("u\u0308", "v")
    return "".join(c for c in marked if not unicodedata.combining(c))


def _holds_a_phrase(name: str) -> bool:
    """Whether a word of two or more characters in pypinyin's phrase dictionary is in the name."""
    from pypinyin.phrases_dict import phrases_dict

    n = len(name)
    return any(name[i:j] in phrases_dict for i in range(n - 1) for j in range(i + 2, n + 1))
