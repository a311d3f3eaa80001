"""Normalize bulletin text for extraction while keeping a map back to the original.

Traditional characters become simplified ones (OpenCC ``t2s``, always one character
for one character) and inline pinyin glosses such as ``企業(yè)`` are dropped, and so are the
line breaks of text wrapped at a fixed width (copied from a PDF: 副书记孙⏎爱军). Every
normalized character remembers the index of the original character it came from.

>>> n = normalize("市長陳金彪出席企業(yè)座談會")
>>> n.text
'市长陈金彪出席企业座谈会'
>>> start = n.text.index("座谈会")
>>> n.offsets[start], n.offsets[start + 3]
(13, 16)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain

import opencc

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_GLOSS = re.compile(rf"(?<=[{_CJK}])[(（]([^()（）]{{1,12}})[)）]")
_PINYIN_CHARS = re.compile(rf"[a-zA-Zü{_TONE_VOWELS}1-5 ]+")
_PADDED_NAME = re.compile(rf"[：:][{_CJK}]([ \u3000])(?=[{_CJK}](?:[ \u3000\n]|$))")  # 编辑：何　静
_WIDE = re.compile("[\uff10-\uff19\xa0]")
_HALF_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "\xa0": " "})
_NUMBERED_PINYIN = re.compile(r" *[a-zü]+[1-5](?: +[a-zü]+[1-5])* *")
_LINE = re.compile(r"[^\n]*\n")
WRAP_MIN_WIDTH = 20  # text wrapped at a fixed width: lines at least this long …
WRAP_MIN_LINES = 3  # … of which at least this many have the same length and end inside a sentence
WRAP_SLACK = 2  # a wrapped line holding Latin letters or digits has a few characters more
_SENTENCE_END = "。！？；：”」』）)!?;:"


@dataclass
class Normalized:
    """Normalized text and, for each of its characters, the index in the original.

    ``offsets`` has ``len(text) + 1`` entries; the last one is ``len(original)``.
    """

    text: str
    offsets: list[int]


def normalize(text: str) -> Normalized:
    """Convert ``text`` to simplified characters and half-width digits and spaces (１月４日,
    ``&nbsp;``), and drop pinyin glosses and the space padding a two-character name after a
    colon (编辑：何　静), keeping offsets."""
    simplified = convert_one_to_one(text, _t2s().convert)
    if _WIDE.search(simplified):
        simplified = simplified.translate(_HALF_WIDTH)
    kept = _kept_ranges(simplified)
    offsets = list(chain.from_iterable(range(start, end) for start, end in kept))
    offsets.append(len(text))
    return Normalized("".join(simplified[start:end] for start, end in kept), offsets)


def convert_one_to_one(text: str, convert: Callable[[str], str]) -> str:
    """Apply ``convert`` line by line, falling back to single characters where a line changes length.

    The result always has the same length as ``text``, so indices carry over unchanged.
    """
    return "\n".join(_convert_line(line, convert) for line in text.split("\n"))


def _convert_line(line: str, convert: Callable[[str], str]) -> str:
    converted = convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(out if len(out := convert(char)) == 1 else char for char in line)


def _is_pinyin_gloss(content: str) -> bool:
    """Whether a parenthesized ``content`` is a pinyin reading, e.g. ``yè`` or ``qi3 ye4``."""
    if not _PINYIN_CHARS.fullmatch(content):
        return False
    return any(char in _TONE_VOWELS for char in content) or bool(_NUMBERED_PINYIN.fullmatch(content))


def _kept_ranges(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of ``text`` left once pinyin glosses and name padding are cut out."""
    cuts = [m.span() for m in _GLOSS.finditer(text) if _is_pinyin_gloss(m[1])]
    cuts += [m.span(1) for m in _PADDED_NAME.finditer(text)]
    cuts += [(i, i + 1) for i in _soft_wraps(text)]
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(cuts):
        kept.append((position, start))
        position = end
    kept.append((position, len(text)))
    return kept


def _soft_wraps(text: str) -> list[int]:
    """Offsets of the line breaks that only wrap text at a fixed width: after a line of (about)
    the width that at least WRAP_MIN_LINES lines of WRAP_MIN_WIDTH or more characters share,
    ending inside a sentence, and before a line that goes on with a character of text."""
    lines = [(m.start(), m.end() - 1) for m in _LINE.finditer(text)]  # (start, offset of the \n)
    inside = [(s, e) for s, e in lines if e - s >= WRAP_MIN_WIDTH and text[e - 1] not in _SENTENCE_END]
    if len(inside) < WRAP_MIN_LINES:
        return []
    width, count = Counter(e - s for s, e in inside).most_common(1)[0]
    if count < WRAP_MIN_LINES:
        return []
    return [
        e
        for s, e in inside
        if abs(e - s - width) <= WRAP_SLACK and e + 1 < len(text) and _WRAPPED_ON.match(text, e + 1)
    ]


_WRAPPED_ON = re.compile(rf"[{_CJK}，、。]")


@cache
def _t2s() -> opencc.OpenCC:
    """The traditional-to-simplified converter, created on first use."""
    return opencc.OpenCC("t2s")
