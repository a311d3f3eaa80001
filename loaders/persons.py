"""Persons named without a title: name lists after a group label (市领导张三、李四),
bylines and credits (记者 张三, 张三/文, （李四 王 五）), speakers (张三表示), short
references (郑主任), and the names a statistical tagger reads where the rules are unsure.

Each finder yields (name, start, end): a name written with a padding space (王 五) is the
name without it, its span the written one.

>>> from kg.loaders.persons import listed_names
>>> [n for n, *_ in listed_names("市领导张立国、李明华等参加")]
['张立国', '李明华']
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from kg.loaders.lexicon import Hits, lexicon, words_pattern
from kg.loaders.names import (
    NON_GIVEN,
    PUNCT,
    Marks,
    candidates,
    common_words,
    doubt,
    ends_name,
    extended,
    full_start,
    holds,
    jieba_cut,
    joined_runs,
    name_at,
    proposed_name,
    surname_at,
    title_index,
    title_re,
    trimmed,
)
from kg.loaders.orgs import org_kind
from kg.loaders.places import places
from kg.loaders.spans import NameSpans
from kg.loaders.tagger import tagger

_WORDS = lexicon().name_words  # name_words.tsv
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PHOTO = words_pattern(_WORDS["photo"])  # 摄
# 张三/文, 李四/摄, 王五摄
_CREDIT = re.compile(rf"\s*/\s*(?:{words_pattern(_WORDS['credit_mark'])})|\s?(?:{_PHOTO})(?=\s*(?:$|[）)\n]))")
_CREDIT_CHARS = "/" + "".join(_WORDS["photo"])  # one of them is in every credit
# （综合科  张三 供稿）, （张三 整理）: a name set apart at the end of a source line
_SET_APART_WORD = words_pattern(_WORDS["set_apart"])
_SET_APART = re.compile(
    rf"(?:(?<=\s)([\u4e00-\u9fff]{{2,3}})\s*(?:{_SET_APART_WORD})?|(?<=[（(])([\u4e00-\u9fff]{{2,3}})\s*(?:{_SET_APART_WORD}))\s*[）)]$"
)
_SECTION_ENDS = "".join(_WORDS["section_end"])  # （市委办 信息科）
# （记者 张三 通讯员 李四 王 五）, (张三): a bracket that holds only names and byline cues
_CREDIT_GROUP = re.compile(r"[（(]([\u4e00-\u9fff][\u4e00-\u9fff \u3000、，,：:/]{1,60})[）)]")
_GAP = " \u3000"
_TITLE_LASTS = frozenset(t[-1] for t in lexicon().titles)  # no title ends with another character
_APART = _GAP + "、，,：:/"  # what stands between the items of a byline's bracket
_LISTED_APART = _GAP + "、，,"
_SPEECH = re.compile(words_pattern(_WORDS["speech"]))  # 张三|表示


@cache
def _group_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().group_labels))


@cache
def _byline_re() -> re.Pattern[str]:
    """A byline cue and the space, colon or slash after it (记者 , 编辑：)."""
    cues = words_pattern(lexicon().byline_cues)
    return re.compile(rf"(?:{cues})\s*[：:/\s]\s*")


def listed_names(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, int, int]]:
    """Names listed after a group label or a byline cue."""
    hi = len(text) if hi is None else hi
    # a cue with no names after it yields none, inside a word or not: jieba is asked only of the others
    for start, end, listed in _labelled(text, lo, hi):
        if not listed or _inside_word(text, start, end):
            continue
        if listed[0][0] in common_words()[0]:
            continue  # 主要领导|任免: a word after a group label, no list of names
        yield from listed
    for m in _byline_re().finditer(text, lo, hi):
        if (names := list(_name_list(text, m.end(), hi))) and not _inside_word(text, m.start(), m.end()):
            yield from names


@lru_cache(maxsize=2**12)  # a sentence's labels are read for its persons, then again for its event
def _labelled(text: str, lo: int, hi: int) -> tuple[tuple[int, int, tuple[tuple[str, int, int], ...]], ...]:
    """Each group label in ``text[lo:hi]`` (县领导), where it starts and ends, and the names listed right after it."""
    return tuple((m.start(), m.end(), tuple(_name_list(text, m.end(), hi))) for m in _group_re().finditer(text, lo, hi))


def group_labels(text: str, lo: int, hi: int, known: Container[str] = ()) -> Iterator[tuple[str, int, list[str]]]:
    """Each group label in ``text[lo:hi]`` (县领导) with where it starts and the names listed
    right after it, and each of the ``known`` labels with none after it ([]: it stands for a
    group named before, 县领导为…授牌).

    >>> list(group_labels("县领导张立国、李明华出席。县领导为会长授牌", 0, 21, {"县领导"}))
    [('县领导', 0, ['张立国', '李明华']), ('县领导', 13, [])]
    """
    for start, end, listed in _labelled(text, lo, hi):
        names = [n for n, *_ in listed]
        if names and names[0] in common_words()[0]:
            continue  # 主要领导|任免: a word after a group label, no list of names
        if names or (text[start:end] in known and not _inside_word(text, start, end)):
            yield text[start:end], start, names


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a cue ends inside a longer word (局领导|班子: 领导班子 is one word)."""
    return end - start not in _word_ends(text[start : end + 4])


@lru_cache(maxsize=2**12)
def _word_ends(fragment: str) -> frozenset[int]:
    """Where jieba's words of ``fragment`` end (group labels and what follows them recur)."""
    return frozenset(itertools.accumulate(len(t) for t in jieba_cut(fragment)))


def _name_list(text: str, pos: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """The names of a list from ``pos``: apart by 、，or a space; past its first name, an item
    the shape rules refuse still counts when the list goes on after it (苏从立、, 别立中、)."""
    first = True
    while pos < hi and (first or not _byline_re().match(text, pos)):  # 甲 审签：乙 — 审签 is no name
        n = name_at(text, pos, anchored=True)
        if n and _a_city(text[pos : pos + n]):
            return  # 记者 甲 杭州日报记者 乙: a city starts the next credit, no name
        if n:
            name, end = text[pos : pos + n], pos + n
        elif padded := padded_name(text, pos):
            name, end = padded
        elif not first and (n := _list_item(text, pos, hi)):
            name, end = text[pos : pos + n], pos + n
        else:
            return
        yield name, pos, end
        first = False
        if end < hi and text[end] in "、， \u3000":
            pos = end + 1
            while pos < hi and text[pos] in _GAP:  # 甲  乙: names apart by spaces that line them up
                pos += 1
        else:
            return


def _a_city(name: str) -> bool:
    """Whether a name is that of a province or a city (杭州, 温州市), which a list never names."""
    place = places().lookup(name)
    return place is not None and place.level in ("province", "city")


def _list_item(text: str, pos: int, hi: int) -> int:
    """Length of a 2–4 character item at ``pos`` that the next 、 ends (or a firm boundary, for
    the last: 、丙出席), if it is no word, title or organization, nor starts a title (，常务副|会长:
    the list has ended and a title chain begins)."""
    end = text.find("、", pos, min(hi, pos + 5))
    if end < 0:
        end = next((e for e in (pos + 3, pos + 2) if e <= hi and ends_name(text, e)), -1)
    item = text[pos:end]
    ok = end - pos >= 2 and all(_HAN.match(c) for c in item) and _no_other_noun(item)
    return end - pos if ok and not title_re().match(text, pos) else 0


def _no_other_noun(item: str) -> bool:
    """Whether a list's or a byline's item may be a name: no word, title, organization or place."""
    return (
        item not in common_words()[0]
        and not title_re().search(item)
        and not org_kind(item)
        and places().lookup(item) is None
    )


def padded_name(text: str, pos: int) -> tuple[str, int] | None:
    """王 峰: a surname, one space, one character, and a boundary — the name and where it ends."""
    if pos + 3 > len(text) or text[pos + 1] not in _GAP or not surname_at(text, pos) or surname_at(text, pos) > 1:
        return None
    given = text[pos + 2]
    after = text[pos + 3 : pos + 4]
    if not _HAN.match(given) or given in NON_GIVEN or _HAN.match(after):
        return None
    return text[pos] + given, pos + 3


def credited_names(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, int, int]]:
    """张三/文, 李四/摄, 王五摄: a name before a credit mark; （综合科  王五 供稿）: one set apart
    at the end of a source line; （记者 张三 通讯员 李四）: a bracket of names and byline cues."""
    hi = len(text) if hi is None else hi
    for m in _CREDIT.finditer(text, lo, hi) if holds(text, _CREDIT_CHARS, lo, hi) else ():
        for length in (3, 2):
            start = m.start() - length
            if start >= lo and name_at(text, start) == length:
                yield text[start : m.start()], start, m.start()
                break
    last = min(hi, len(text))
    while last > lo and text[last - 1] == "\n":
        last -= 1
    for m in _SET_APART.finditer(text, lo, hi) if last > lo and text[last - 1] in "）)" else ():  # ends with a bracket
        group = 1 if m.group(1) else 2
        unit = m.group(group)[-1] in _SECTION_ENDS  # （市委办 信息科）: a section, not a person
        if not unit and name_at(text, m.start(group), anchored=True) == len(m.group(group)):
            yield m.group(group), m.start(group), m.end(group)
    for m in _CREDIT_GROUP.finditer(text, lo, hi) if holds(text, "（(", lo, hi) else ():
        if names := _credit_group(text, m.start(1), m.end(1)):
            yield from names


def reported_names(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[str, int, int]]:
    """记者甲、乙报道: the names between a reporter word and a closing word, which ends the last
    one for sure (记者张华来报道 names 张华来).

    >>> [n for n, *_ in reported_names("本报北京5月2日电记者江立国、果立毅报道：")]
    ['江立国', '果立毅']
    """
    hi = len(text) if hi is None else hi
    for m in _dateline_byline().finditer(text, lo, hi) if holds(text, _closer_firsts(), lo, hi) else ():
        items = [(a, a + _framed_item(text, a, m.end(1))) for a in _item_starts(text, m.start(1), m.end(1))]
        if all(z > a for a, z in items):
            yield from ((text[a:z], a, z) for a, z in items)


@cache
def _dateline_byline() -> re.Pattern[str]:
    """记者甲、乙报道: names between a reporter word and a closing word (``byline_frames.tsv``)."""
    frames = lexicon().byline_frames
    item = r"[\u4e00-\u9fff]{2,4}"
    return re.compile(
        f"(?:{words_pattern(frames['reporter'])})((?:{item}[、 \u3000])*{item})(?:{words_pattern(frames['closer'])})"
    )


@cache
def _closer_firsts() -> str:
    return "".join({w[0] for w in lexicon().byline_frames["closer"]})


@cache
def _reporter_re() -> re.Pattern[str]:
    """A reporter word (记者, 通讯员) right before a name, a space or a colon."""
    return re.compile(f"(?:{words_pattern(lexicon().byline_frames['reporter'])})\\s*[：:]?\\s*")


def _item_starts(text: str, pos: int, end: int) -> list[int]:
    """Where the items of a list ``text[pos:end]`` apart by 、 or a space start."""
    return [pos] + [i + 1 for i in range(pos, end) if text[i] in "、" + _GAP]


def _framed_item(text: str, pos: int, end: int) -> int:
    """Length of the item at ``pos`` of a byline's names (up to a separator or ``end``) if it
    may be a name (2–4 characters, no other noun), else 0."""
    stop = pos
    while stop < end and text[stop] not in _GAP + "、，,：:/":
        stop += 1
    return stop - pos if 2 <= stop - pos <= 4 and _no_other_noun(text[pos:stop]) else 0


def _credit_group(text: str, pos: int, end: int) -> list[tuple[str, int, int]]:
    """The names of a bracket that holds nothing but names and byline cues, or none."""
    names = []
    cue = _byline_cue()
    reporter = False  # after 记者 or 通讯员: any item that may be a name is one (记者江立国)
    reporter_re = _reporter_re()
    while pos < end:
        if text[pos] in _APART:
            pos += 1
        elif m := reporter_re.match(text, pos, end):
            pos, reporter = m.end(), True
        elif m := cue.match(text, pos, end):
            pos, reporter = m.end(), False
        elif padded := padded_name(text, pos):
            names.append((padded[0], pos, padded[1]))
            pos = padded[1]
        elif (
            (n := name_at(text, pos, anchored=True))
            and (pos + n == end or text[pos + n] in _LISTED_APART)
            and places().lookup(text[pos : pos + n]) is None  # （寿光）: a place
        ) or (reporter and (n := _framed_item(text, pos, end))):
            names.append((text[pos : pos + n], pos, pos + n))
            pos += n
        else:
            return []
    return names


@cache
def _byline_cue() -> re.Pattern[str]:
    """A byline cue (记者, 通讯员 …) before a space, a colon or a slash."""
    return re.compile(f"(?:{words_pattern(lexicon().byline_cues)})(?=[ \u3000：:/])")


def speaker_names(text: str, lo: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """张三表示 at the start of a clause: a strong-surname name before a speech verb."""
    for m in _SPEECH.finditer(text, lo, hi):
        for length in (3, 2):
            start = m.start() - length
            if start < lo or (start > lo and text[start - 1] not in "，。；：\n “"):
                continue
            if text[start] in lexicon().weak_surnames:
                continue
            if name_at(text, start) == length:
                yield text[start : m.start()], start, m.start()
                break


def profile_names(text: str, lo: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """张伟，男，1978年5月生: a name opening a line or sentence, then a comma and a gender."""
    for m in _PROFILE.finditer(text, lo, hi):
        for length in (3, 2, 4):
            start = m.start() - length
            if start >= lo and (start == 0 or text[start - 1] in "。；\n") and name_at(text, start, True) == length:
                yield text[start : m.start()], start, m.start()
                break


_PROFILE_OPENERS = "，,（("
_PROFILE = re.compile(f"[{_PROFILE_OPENERS}](?:{words_pattern(_WORDS['gender'])})[，,）)、]")
_ACCORDING = _WORDS["according"]  # 据
_OBJECT_CUE = re.compile(f"(?:{words_pattern((*_WORDS['meeting'], *_ACCORDING))})了?")  # 会见(了)|张三, 据|李四
_REPORTING = _WORDS["reporting"]  # 介绍, 透露


def object_names(text: str, lo: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """会见了张三, 据李四介绍: a name right after a meeting verb, or between 据 and a reporting verb."""
    for m in _OBJECT_CUE.finditer(text, lo, hi):
        n = name_at(text, m.end())
        if n and (not m.group().startswith(_ACCORDING) or text.startswith(_REPORTING, m.end() + n)):
            yield text[m.end() : m.end() + n], m.end(), m.end() + n


Finder = Callable[[str, int, int], Iterator[tuple[str, int, int]]]


class Finders:
    """Which of ``finders`` may find someone in a part of ``text``: each of :func:`_gated` needs a
    match of one of its patterns to start there (or one of its characters to stand there), looked up
    in the whole text's (:class:`Hits`, :func:`_match_starts`) rather than searched for in every
    sentence, where most find nothing; the others are always asked. In the order of ``finders``.

    >>> gate = Finders("张三表示。天气晴。", (speaker_names, credited_names))
    >>> [f.__name__ for f in gate.at(0, 5)], [f.__name__ for f in gate.at(5, 9)]
    (['speaker_names'], [])
    """

    def __init__(self, text: str, finders: tuple[Finder, ...]) -> None:
        gated = _gated()
        starts = _match_starts(text, finders)
        self._hits = {
            f: None if f not in gated else Hits(starts[f]) if f in starts else Hits.found(text, (), gated[f])
            for f in finders
        }
        self._gates = [(f, None, None) if h is None else (f, h.starts, h.reach) for f, h in self._hits.items()]

    def at(self, lo: int, hi: int) -> list[Finder]:
        """The finders that may find someone in ``text[lo:hi]`` (:meth:`Hits.within`, written out)."""
        out = []
        for f, starts, reach in self._gates:
            if starts is None or ((k := bisect_left(starts, hi)) and reach[k - 1] > lo):
                out.append(f)
        return out

    def may(self, finder: Finder, lo: int, hi: int) -> bool:
        """Whether ``finder`` may find someone in ``text[lo:hi]`` (one not asked of: it may)."""
        hits = self._hits.get(finder)
        return hits is None or hits.within(lo, hi)


@cache
def _gated() -> dict[Finder, list[tuple[re.Pattern[str], tuple[str, ...]]] | str]:
    """The finders that find nobody where none of their patterns matches, each with those patterns
    and the words one of which every match of the pattern opens with, or with the characters one of
    which it needs (credited_names: its own patterns read the end of a line, and the characters of a
    credit or a closing bracket, which both its bracketed patterns need, are found by ``str.find``)."""
    return {
        listed_names: [(_group_re(), lexicon().group_labels), (_byline_re(), lexicon().byline_cues)],
        credited_names: _CREDIT_CHARS + ")）",
        reported_names: [(_dateline_byline(), lexicon().byline_frames["reporter"])],
        speaker_names: [(_SPEECH, _WORDS["speech"])],
        object_names: [(_OBJECT_CUE, (*_WORDS["meeting"], *_ACCORDING))],
        profile_names: [(_PROFILE, tuple(c + g for c in _PROFILE_OPENERS for g in _WORDS["gender"]))],
    }


def _match_starts(text: str, finders: tuple[Finder, ...]) -> dict[Finder, list[tuple[int, int]]]:
    """For each of ``finders`` that :func:`_gated` gives patterns, a span of one character where a
    match of one of them starts in ``text``. A pattern is tried only where a word that opens its
    matches stands, those places found for all the patterns at once with numpy (the character
    tables of :func:`_opening_tables`): a search of the whole text by each pattern spends some 30
    instructions on every character. A match of the pattern in a sentence starts at one of them
    (the patterns read no further than the characters they need)."""
    table, rows = _opening_tables()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = np.take(table, points, mode="clip")  # (one gather: a third of the cost of one for each table)
    bits = kinds & 0xFF
    bits[:-1] |= (kinds[:-1] >> 8) & (kinds[1:] >> 16)
    places = np.flatnonzero(bits)  # (the places of each pattern are picked from these few)
    found = bits[places]
    out: dict[Finder, list[tuple[int, int]]] = {}
    for bit, (finder, pattern) in enumerate(rows):
        if finder in finders:
            at = places[(found & (1 << bit)) != 0].tolist()
            out.setdefault(finder, []).extend((p, p + 1) for p in at if pattern.match(text, p))
    return out


@cache
def _opening_tables() -> tuple[np.ndarray, list[tuple[Finder, re.Pattern[str]]]]:
    """For each pattern of :func:`_gated` (in the order of the rows returned), a bit set at the
    first and at the second character of each word of two characters or more that opens its
    matches (``firsts``, ``seconds``) and at each word of one (``alone``): where a character has
    its bit in ``firsts`` and the next in ``seconds``, or it has it in ``alone``, the pattern may
    match (a byte: eight patterns at most). The three bytes of a character in one table, ``alone``
    lowest, ``seconds`` highest, for the BMP and one more entry (no word's) for any beyond."""
    rows = [(f, pattern, words) for f, gate in _gated().items() if not isinstance(gate, str) for pattern, words in gate]
    firsts, seconds, alone = (np.zeros(0x10001, dtype=np.uint8) for _ in range(3))
    for bit, (_, _, words) in enumerate(rows):
        for word in words:
            if len(word) == 1:
                alone[ord(word)] |= 1 << bit
            else:
                firsts[ord(word[0])] |= 1 << bit
                seconds[ord(word[1])] |= 1 << bit
    table = alone.astype(np.uint32) | (firsts.astype(np.uint32) << 8) | (seconds.astype(np.uint32) << 16)
    return table, [(f, pattern) for f, pattern, _ in rows]


def short_references(text: str, lo: int, hi: int, people: dict[str, set[str]]) -> Iterator[tuple[str, int, int]]:
    """郑主任 → the one person of the document with that surname (and that title)."""
    index = title_index(text)
    after = index.after_surnames  # where a title after a surname may start: none from lo + 1, no one
    k = bisect_left(after, lo + 1)
    if k == len(after) or after[k] >= hi:
        return
    for m in index.finditer(lo, hi):
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


_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}  # quotation marks, opening → closing
REACH = 5  # characters of context the tagger reads on each side of a possible name
NAME_ROOM = 4  # characters a name may take
WIDTH = 2 * REACH + NAME_ROOM


@dataclass
class TaggerReading:
    """What the tagger adds to the rules' persons of a document."""

    found: list[list[tuple[str, int, int]]]  # per sentence: (name, start, end) the rules did not find
    # rules' names it reads otherwise wherever it read them: the name it reads there, or None
    corrected: dict[str, str | None] = field(default_factory=dict)


def tagged_persons(
    text: str, sentences: list[tuple[int, int]], known: NameSpans, listed: set[str]
) -> TaggerReading:
    """The tagger's reading of each sentence ``text[lo:hi]`` where the rules leave doubt.

    It reads only around the places where a name the rules missed may start
    (:func:`names.candidates`) and around the rules' own doubtful names (:func:`names.doubt`:
    a word, a foreign name after a title, a weak surname, or a name that may be one character
    short), with REACH characters of context, so a bulletin whose names the rules all found
    firmly costs little. What it proposes is corrected and checked by the rules
    (:func:`tagged_names`); where it starts a name at a doubtful one of the rules' but ends it
    elsewhere, and nothing firm ends the rules' (周明|新 → 周明新, not 孙友先|会见 → 孙友), its
    reading is taken; a name with no surname or with one that is a function word that it does
    not read as a name at all goes (记者|不可以, 大使|和欧洲), and so does any other doubtful
    one that nothing firm ends (总统|任期中). Names a list or a byline gave (``listed``:
    市领导甲、但乙、丙) stand, unless they have no surname (委员|超过六成: a list's label is no
    better evidence than a title)."""
    windows: list[tuple[int, int, int]] = []  # sentence, start, end
    marks = Marks(text)
    checked: list[dict[int, tuple[str, str]]] = []  # per sentence: start → doubtful rules' name, doubt
    sure: set[str] = set()  # names the rules found somewhere beyond doubt
    for k, (lo, hi) in enumerate(sentences):
        spans = [(start, end) for start, end, _ in known.find(lo, hi)] if known.any_within(lo, hi) else []
        if not spans:  # (most sentences)
            checked.append({})
            starts = candidates(text, lo, hi, set(), marks)
            windows.extend((k, start, end) for start, end in _windows(text, starts, lo, hi))
            continue
        taken = {i for a, z in spans for i in range(a, z)}
        doubts = {a: (text[a:z], doubt(text, a, z)) for a, z in spans}
        sure.update(name for name, why in doubts.values() if not why)
        checked.append(
            {a: (name, why) for a, (name, why) in doubts.items() if why and (why == "foreign" or name not in listed)}
        )
        starts = sorted([*candidates(text, lo, hi, taken, marks), *checked[k]])
        windows.extend((k, start, end) for start, end in _windows(text, starts, lo, hi))
    reading = TaggerReading([[] for _ in sentences])
    if not windows:
        return reading
    confirmed: set[str] = set()
    for (k, start, end), spans in zip(windows, tagger().tag([text[a:z] for _, a, z in windows]), strict=True):
        lo, hi = sentences[k]
        persons = [
            (start + a, start + z)
            for a, z, label in spans
            if label == "PER" and (a or start == lo or _name_starts(text, start)) and (start + z < end or end == hi)
        ]  # a name cut by the window's edge is not judged (one after a comma or 的 is not cut)
        reading.found[k].extend(tagged_names(text, persons, known, lo, hi))
        runs = dict(trimmed(text, a, extended(text, a, z)) for a, z in joined_runs(text, persons))
        for a, (name, why) in checked[k].items():
            if not start <= a < end:
                continue
            z, firm = runs.get(a), ends_name(text, a + len(name))
            over = [(x, y) for x, y in runs.items() if x < a + len(name) and a < y and proposed_name(text, x, y)]
            if z == a + len(name):
                confirmed.add(name)
            elif z and not firm and proposed_name(text, a, z):  # 周明|新经常 → 周明新 (not 孙友先|会见 → 孙友)
                reading.corrected[name] = text[a:z]
            elif why == "function" and not z and over == [(a + 1, a + len(name))] and _given_only(text, *over[0]):
                confirmed.add(name)  # 副市长和|润东: 和 joins no one named by a given name alone
            elif why == "foreign" and _titled(text, a) and any(a < x and y == a + len(name) for x, y in runs.items()):
                confirmed.add(name)  # 副知事|日隈俊郎: the tagger took its first character into the title
            elif why in ("foreign", "function") and not z:  # what it reads over it instead (员|萧立奇), if anything
                reading.corrected.setdefault(name, text[over[0][0] : over[0][1]] if len(over) == 1 else None)
            elif why != "end" and not firm and not over:  # 总统|任期中, 总理|满意地说: words, not names
                reading.corrected.setdefault(name, None)
    for name in confirmed:
        reading.corrected.pop(name, None)
    for name in sure:  # 市长甲|为团长 … 甲在致辞中: a doubt in one place drops no name sure in another
        if name in reading.corrected and reading.corrected[name] is None:
            del reading.corrected[name]
    reading.found = [list(dict.fromkeys(names)) if names else names for names in reading.found]  # read again
    return reading


def _titled(text: str, pos: int) -> bool:
    """Whether a title ends right at ``pos``."""
    if not pos or text[pos - 1 : pos] not in _TITLE_LASTS:  # no title ends with the character before
        return False
    return any(m.end() == pos for m in title_re().finditer(text, max(0, pos - lexicon().max_title), pos))


def _given_only(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` can only be a given name: no surname starts it and not all its
    characters write foreign names (润东; not 安娜, 丽莎). The tagger's reading of it as a person
    after 和, 与 or 及 makes that character a surname: a bulletin names no one by a given name alone."""
    letters = lexicon().transliteration
    return not surname_at(text, start) and not all(c in letters for c in text[start:end])


def _name_starts(text: str, pos: int) -> bool:
    """Whether a name may start at ``pos`` whatever comes before: after punctuation, or after a
    character no name holds that makes no word with the next (的|某某, not 过|程中)."""
    before = text[pos - 1]
    return before in PUNCT or (before in NON_GIVEN and text[pos - 1 : pos + 1] not in common_words()[0])


def _windows(text: str, marks: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """A window of WIDTH characters for each mark, the mark REACH characters from its start
    (less near the sentence's start, where the window is shifted inside it); a mark that an
    earlier window holds with room for a name after it gets none. Windows of one length make
    one batch of the tagger with no padding."""
    out: list[tuple[int, int]] = []
    letters = lexicon().transliteration
    for p in marks:
        room = NAME_ROOM
        while p + room < hi and text[p + room] in letters and text[p + room - 1] in letters:
            room += 1
        if out and p + room < out[-1][1]:
            continue
        start = max(lo, min(p - REACH, hi - WIDTH))
        out.append((start, min(hi, start + WIDTH)))
    return out


def tagged_names(
    text: str, persons: list[tuple[int, int]], known: NameSpans, lo: int, hi: int
) -> Iterator[tuple[str, int, int]]:
    """Names a tagger proposes in ``text[lo:hi]`` (its person spans), as the rules correct them:
    pieces joined, honorifics and titles trimmed, a padding space dropped (王 峰), and not
    where the rules found a name, nor what fills quotation marks alone (a term, a nickname, a
    craft's name: “林果地”, “卡文迪”号)."""
    taken = {i for start, end, _ in known.find(lo, hi) for i in range(start, end)}
    for start, end in joined_runs(text, persons):
        a, z = trimmed(text, start, extended(text, start, end))
        a = full_start(text, a, lo)
        if taken.intersection(range(a, z)):
            continue
        if a > lo and _QUOTES.get(text[a - 1]) == text[z : z + 1]:
            continue
        if (padded := padded_name(text, a)) and padded[1] == z:
            yield padded[0], a, z
        elif proposed_name(text, a, z):
            yield text[a:z], a, z
