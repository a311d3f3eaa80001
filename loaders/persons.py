"""Persons named without a title: name lists after a group label (市领导张三、李四),
bylines (记者 张三, 张三/文), speakers (张三表示), and short references (郑主任).

>>> from kg.loaders.persons import listed_names
>>> [n for n, _ in listed_names("市领导张立国、李明华等参加")]
['张立国', '李明华']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container, Iterator
from functools import cache

from kg.loaders.lexicon import lexicon
from kg.loaders.names import common_words, jieba_cut, name_at, surname_at, title_re

_BYLINE = re.compile(r"(?:记者|通讯员|编辑|责任编辑|责编|摄影|摄|作者|撰稿|供稿|审核|校对|联系人|执笔)\s*[：:/\s]\s*")
_CREDIT = re.compile(r"\s*/\s*(?:文|图|摄)")
# （综合科  张三 供稿）, （张三 整理）: a name set apart at the end of a source line
_SET_APART = re.compile(
    r"(?:(?<=\s)([\u4e00-\u9fff]{2,3})\s*(?:供稿|整理|执笔|撰稿)?|(?<=[（(])([\u4e00-\u9fff]{2,3})\s*(?:供稿|整理|执笔|撰稿))\s*[）)]$"
)
_SPEECH = re.compile(r"表示|指出|强调|认为|介绍说|说")


@cache
def _group_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, lexicon().group_labels)))


def listed_names(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, int]]:
    """Names listed after a group label or a byline cue, with their offsets."""
    hi = len(text) if hi is None else hi
    for cue in (_group_re(), _BYLINE):
        for m in cue.finditer(text, lo, hi):
            if not _inside_word(text, m.start(), m.end()):
                yield from _name_list(text, m.end(), hi)


def group_labels(text: str, lo: int, hi: int, known: Container[str] = ()) -> Iterator[tuple[str, int, list[str]]]:
    """Each group label in ``text[lo:hi]`` (县领导) with where it starts and the names listed
    right after it, and each of the ``known`` labels with none after it ([]: it stands for a
    group named before, 县领导为…授牌).

    >>> list(group_labels("县领导张立国、李明华出席。县领导为会长授牌", 0, 21, {"县领导"}))
    [('县领导', 0, ['张立国', '李明华']), ('县领导', 13, [])]
    """
    for m in _group_re().finditer(text, lo, hi):
        names = [n for n, _ in _name_list(text, m.end(), hi)]
        if names or (m.group() in known and not _inside_word(text, m.start(), m.end())):
            yield m.group(), m.start(), names


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a cue ends inside a longer word (局领导|班子: 领导班子 is one word)."""
    ends = set(itertools.accumulate(len(t) for t in jieba_cut(text[start : end + 4])))
    return end - start not in ends


def _name_list(text: str, pos: int, hi: int) -> Iterator[tuple[str, int]]:
    while pos < hi:
        n = name_at(text, pos, anchored=True)
        if not n:
            return
        yield text[pos : pos + n], pos
        pos += n
        if pos < hi and text[pos] in "、， ":
            pos += 1
        else:
            return


def credited_names(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, int]]:
    """张三/文, 李四/摄: a name before a credit mark; （综合科  王五 供稿）: one set apart at the
    end of a source line."""
    hi = len(text) if hi is None else hi
    for m in _CREDIT.finditer(text, lo, hi):
        for length in (3, 2):
            start = m.start() - length
            if start >= lo and name_at(text, start) == length:
                yield text[start : m.start()], start
                break
    for m in _SET_APART.finditer(text, lo, hi):
        group = 1 if m.group(1) else 2
        unit = m.group(group)[-1] in "科组股队"  # （市委办 信息科）: a section, not a person
        if not unit and name_at(text, m.start(group), anchored=True) == len(m.group(group)):
            yield m.group(group), m.start(group)


def speaker_names(text: str, lo: int, hi: int) -> Iterator[tuple[str, int]]:
    """张三表示 at the start of a clause: a strong-surname name before a speech verb."""
    for m in _SPEECH.finditer(text, lo, hi):
        for length in (3, 2):
            start = m.start() - length
            if start < lo or (start > lo and text[start - 1] not in "，。；：\n “"):
                continue
            if text[start] in lexicon().weak_surnames:
                continue
            if name_at(text, start) == length:
                yield text[start : m.start()], start
                break


_OBJECT_CUE = re.compile(r"(?:会见|会晤|接见|看望|慰问|宴请|邀请|陪同|据)了?")
_REPORTING = ("介绍", "透露", "说", "表示")


def object_names(text: str, lo: int, hi: int) -> Iterator[tuple[str, int]]:
    """会见了张三, 据李四介绍: a name right after a meeting verb, or between 据 and a reporting verb."""
    for m in _OBJECT_CUE.finditer(text, lo, hi):
        n = name_at(text, m.end())
        if n and (not m.group().startswith("据") or text.startswith(_REPORTING, m.end() + n)):
            yield text[m.end() : m.end() + n], m.end()


def short_references(text: str, lo: int, hi: int, people: dict[str, set[str]]) -> Iterator[tuple[str, int, int]]:
    """郑主任 → the one person of the document with that surname (and that title)."""
    for m in title_re().finditer(text, lo, hi):
        s = 2 if m.start() - 2 >= lo and surname_at(text, m.start() - 2) == 2 else 1
        start = m.start() - s
        if start < lo or surname_at(text, start) != s:
            continue
        if start > lo and text[start - 1 : start + 1] in common_words()[0]:
            continue  # 公司|总经理: 司 ends a word
        surname, title = text[start : m.start()], m.group()
        same = [n for n in people if n.startswith(surname) and surname_at(n, 0) == s and len(n) > s]
        titled = [n for n in same if title in people[n]]
        pick = titled if len(titled) == 1 else same
        if len(pick) == 1:
            yield pick[0], start, m.end()
