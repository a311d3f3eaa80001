"""Events and who took part in them, in which role.

An item reports one event; a sentence that opens with a new date (a digest:
●8月2日… ●8月3日…) starts another. Roles come from cue words (主持, 致辞,
出席, 会见, 率队, 陪同, 签约, 颁发, 督查 … in ``lexicons/roles.tsv``) and go to
the persons named before the cue in the same sentence, or after it for 会见.

>>> from kg.loaders.events import assign_roles
>>> assign_roles("市委书记甲乙丙主持会议，丁戊己出席并致辞", {"甲乙丙": [4], "丁戊己": [12]})
{'甲乙丙': {'presided'}, '丁戊己': {'attended', 'speaker'}}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kg.loaders.dates import DATE, find_dates
from kg.loaders.lexicon import lexicon
from kg.model import Item, Sentence

_CLAUSE_END = "，,；;：:。！？"
_REPORTED_SPEECH = ("表示", "指出", "要求", "希望", "强调", "说", "认为", "提出")
_PRONOUNS = ("他", "她")
_NAME_RE = re.compile(
    r"[^，。、；：\s“”《》]{2,40}?(?:联席会议|座谈会|推介会|洽谈会|博览会|交易会|展览会|"
    r"总结会|培训班|论坛|典礼|仪式|大会|会议)"
)
_PLACE_RE = re.compile(
    r"在([^，。、；：\s“”]{2,20}?)(?:召开|举行|举办|开班|开幕|启动|开展)"
    r"|赴([^，。、；：\s“”]{2,12}?)(?:开展|参加|考察|督查|调研|招商|学习|对接|洽谈|举办)"
)


@dataclass(slots=True)
class EventSegment:
    """The sentences of one item that report one event."""

    item: Item
    sentences: list[Sentence]
    start: date | None
    end: date | None
    kind: str = "Meeting"
    cameo: str | None = None
    name: str | None = None
    place: str | None = None
    participants: dict[str, set[str]] = field(default_factory=dict)  # name -> roles
    evidence: dict[str, Sentence] = field(default_factory=dict)  # name -> first cue sentence


def segment_events(text: str, item: Item, published: date | None) -> list[EventSegment]:
    """Split an item into events at sentences that open with a date.

    The first date of an item, even inside its first sentences (…于10月23日在…召开),
    dates the event; a later sentence that opens with another date starts a new one.
    """
    segments: list[EventSegment] = [EventSegment(item, [], None, None)]
    for sent in item.sentences:
        current = segments[-1]
        opening = DATE.match(text, _skip_bullets(text, sent.start), sent.end) if sent.index else None
        undated = current.start is None and len(current.sentences) <= 2
        dates = find_dates(text, published, sent.start, sent.end) if opening or undated else []
        if dates and current.start is not None:
            current = EventSegment(item, [], None, None)
            segments.append(current)
        if dates and (opening or undated):
            current.start, current.end = dates[0].start, dates[0].end
        current.sentences.append(sent)
    segments = [s for s in segments if s.sentences]
    for seg in segments:
        _describe(seg)
    return segments


def _skip_bullets(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in "●◆■▲○•· ":
        pos += 1
    return pos


def _describe(seg: EventSegment) -> None:
    """Kind, CAMEO code, name and place of an event from its first sentences."""
    lead = "".join(s.text for s in seg.sentences[:2])
    for cue, kind, cameo in lexicon().event_kinds:
        if cue in lead:
            seg.kind, seg.cameo = kind, cameo or None
            break
    if m := _NAME_RE.search(lead):
        seg.name = re.sub(r"^.*?(的|为主题的)", "", m.group()) or m.group()
    if m := _PLACE_RE.search(lead):
        seg.place = m.group(1) or m.group(2)


@cache
def _cue_re() -> re.Pattern[str]:
    cues = [c for c, _, _ in lexicon().roles]
    return re.compile("|".join(map(re.escape, cues)))


@cache
def _cue_table() -> dict[str, tuple[str, str]]:
    return {c: (role, who) for c, role, who in lexicon().roles}


def assign_roles(sentence: str, mentions: dict[str, list[int]], carry: list[str] | None = None) -> dict[str, set[str]]:
    """Roles of the named persons in one sentence.

    ``mentions`` maps each name to its offsets in the sentence; ``carry`` is the
    subject of the previous sentence, taken by a leading 他/她.
    """
    tokens = sorted(
        [(p, 0, n) for n, ps in mentions.items() for p in ps]
        + [(m.start(), 1, m.group()) for m in _cue_re().finditer(sentence)]
    )
    roles: dict[str, set[str]] = {}
    subjects: list[str] = []
    last: list[str] = []
    last_cue_end = 0
    consumed: set[str] = set()
    for pos, is_cue, value in tokens:
        if not is_cue:
            if value not in consumed:
                subjects.append(value)
            continue
        if pos < last_cue_end:
            continue
        role, who = _cue_table()[value]
        same_clause = not any(c in _CLAUSE_END for c in sentence[last_cue_end:pos])
        targets = subjects or (last if same_clause else []) or _pronoun(sentence, last_cue_end, pos, carry)
        for name in targets:
            roles.setdefault(name, set()).add(role)
        if who == "both":
            for name in _objects(sentence, pos + len(value), mentions):
                roles.setdefault(name, set()).add(role)
                consumed.add(name)
        last, subjects, last_cue_end = (targets or last), [], pos + len(value)
        if value in _REPORTED_SPEECH:
            break  # what follows is what was said
    return roles


def _pronoun(sentence: str, lo: int, hi: int, carry: list[str] | None) -> list[str]:
    return list(carry or []) if any(p in sentence[lo:hi] for p in _PRONOUNS) else []


def _objects(sentence: str, pos: int, mentions: dict[str, list[int]]) -> list[str]:
    """Persons after 会见 up to the end of the clause."""
    end = pos
    while end < len(sentence) and sentence[end] not in _CLAUSE_END:
        end += 1
    return [n for n, ps in mentions.items() if any(pos <= p < end for p in ps)]
