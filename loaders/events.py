"""Events and who took part in them, in which role.

An item reports one event; a sentence that opens with a new date (a digest:
●8月2日… ●8月3日…) starts another. Roles come from cue words (主持, 致辞,
出席, 会见, 率队, 陪同, 签约, 颁发, 督查 … in ``lexicons/roles.tsv``) and go to
the persons named before the cue in the same sentence, or after it for 会见.

>>> from kg.loaders.events import assign_roles
>>> found = assign_roles("市委书记甲乙丙主持会议，丁戊己出席并致辞", {"甲乙丙": [4], "丁戊己": [12]})
>>> {name: sorted(roles) for name, roles in found.items()}
{'甲乙丙': ['presided'], '丁戊己': ['attended', 'speaker']}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from kg.loaders.dates import DATE, day_only, find_dates
from kg.loaders.lexicon import lexicon
from kg.loaders.structure import BULLETS
from kg.model import Item, Sentence

_CLAUSE_END = "，,；;：:。！？"
_LEAD_IN = re.compile(r"(?:据了解|另悉|又讯|此外|另外)[，,]?")
_AGENT_MARKERS = {"主持": "由", "陪同": "在"}  # 会议由某主持, 在某陪同下
_NEXT_DAY = re.compile(r"(次日|翌日|第二天)|同日")
_REPORTED_SPEECH = ("表示", "指出", "要求", "希望", "强调", "说", "认为", "提出")
_PRONOUNS = ("他", "她")
_NAME_RE = re.compile(
    r"[^，。、；：\s“”《》]{2,40}?(?:会议|会|培训班|论坛|典礼|仪式|活动)(?=召开|举行|举办|开幕|开班|在|于|，|。|$)"
)
_ORGANIZER_RE = re.compile(r"(?:^|[，。：；])([^，。；：\s“”《》]{2,16}?)(?:召开|举行|举办|主办)")
_HOSTED_VISIT = re.compile(r"来我|莅临|到我|来温|来访")  # CAMEO 043 (host a visit) rather than 042
_NAME_LEAD = re.compile(r"^.*?(召开|举行|举办|开展|出席|参加|为主题的|的)")
# a cue marked "noun" in roles.tsv followed by one of these is a noun (签约仪式, 考察团, 座谈会), not
# what a person did
_NOUN_BEFORE = ("参加", "出席", "陪同", "见证")  # 参加会见: the meeting is attended, not held
_NOUN_AFTER = ("仪式", "活动", "会", "团", "组", "项目", "现场", "期间", "工作", "企业")
_PLACE_RE = re.compile(
    r"在([^，。、；：\s“”]{2,20}?)(?:主持)?(?:召开|举行|举办|开班|开幕|启动|开展|会见|会晤|考察|调研)"
    r"|赴([^，。、；：\s“”]{1,12}?)(?:开展|参加|考察|督查|调研|招商|学习|对接|洽谈|举办)"
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
    organizer: str | None = None  # as written: 我办, 市委市政府, 瓯江口新区
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
        dated = _opening_date(text, sent, current, published)
        if dated and current.start is not None:
            current = EventSegment(item, [], None, None)
            segments.append(current)
        if dated:
            current.start, current.end = dated
        current.sentences.append(sent)
    segments = [s for s in segments if s.sentences]
    for seg in segments:
        _describe(seg)
    return segments


def _opening_date(
    text: str, sent: Sentence, current: EventSegment, published: date | None
) -> tuple[date, date | None] | None:
    """The date a sentence opens with (or, early in an undated item, holds); a day alone
    (17日，…) is in the month of the event before it."""
    begin = _skip_bullets(text, sent.start)
    begin += len(m.group()) if (m := _LEAD_IN.match(text, begin, sent.end)) else 0  # 据了解，今年3月12日，…
    opening = sent.index and DATE.match(text, begin, sent.end)
    early = current.start is None and len(current.sentences) <= 2
    if (opening or early) and (found := find_dates(text, published, sent.start, sent.end)):
        return found[0].start, found[0].end
    if sent.index and current.start and (m := _NEXT_DAY.match(text, begin, sent.end)):
        return current.start + timedelta(days=1 if m.group(1) else 0), None  # 次日: the day after; 同日: the same
    base = current.start or published
    return day_only(text, begin, sent.end, base) if sent.index and base else None


def _skip_bullets(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos] in BULLETS or text[pos].isspace()):
        pos += 1
    return pos


def _describe(seg: EventSegment) -> None:
    """Kind, CAMEO code, name and place of an event from its first sentences."""
    lead = "".join(s.text for s in seg.sentences[:2])
    headline = seg.sentences[0].text if seg.sentences[0].index == 0 else ""
    if found := _head_cue(headline) or _head_cue(lead, first=True):
        seg.kind, seg.cameo = found[1], found[2] or None
    if seg.kind == "Visit" and _HOSTED_VISIT.search(lead):
        seg.cameo = "043"
    if m := _ORGANIZER_RE.search(lead):
        seg.organizer = DATE.sub("", m.group(1)).strip("，于在") or None
    if m := _NAME_RE.search(lead):
        seg.name = _NAME_LEAD.sub("", m.group()) or m.group()
    else:
        seg.name = headline or None  # the headline describes the item's event
    if m := _PLACE_RE.search(lead):
        seg.place = m.group(1) or m.group(2)


def _head_cue(text: str, first: bool = False) -> tuple[str, str, str] | None:
    """The event cue of a headline: the last one (the head noun comes last), or the first of a sentence."""
    best, best_key = None, None
    for row in lexicon().event_kinds:
        i = text.find(row[0]) if first else text.rfind(row[0])
        if i < 0:
            continue
        key = (-i, len(row[0])) if first else (i + len(row[0]), len(row[0]))
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


@cache
def _cue_re() -> re.Pattern[str]:
    cues = [c for c, *_ in lexicon().roles]
    return re.compile("|".join(map(re.escape, cues)))


@cache
def _cue_table() -> dict[str, tuple[str, str, bool]]:
    return {c: (role, who, noun) for c, role, who, noun in lexicon().roles}


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
    subjects: list[tuple[int, str]] = []  # (offset, name) named since the last cue
    last: list[str] = []
    last_cue_end = 0
    consumed: set[str] = set()
    for pos, is_cue, value in tokens:
        if not is_cue:
            if value not in consumed:
                subjects.append((pos, value))
            continue
        if pos < last_cue_end:
            continue
        role, who, noun = _cue_table()[value]
        if noun and (sentence.startswith(_NOUN_AFTER, pos + len(value)) or sentence.endswith(_NOUN_BEFORE, 0, pos)):
            continue
        agents, subjects = _agents(sentence, value, pos, subjects)
        same_clause = not any(c in _CLAUSE_END for c in sentence[last_cue_end:pos])
        targets = agents or (last if same_clause else []) or _pronoun(sentence, last_cue_end, pos, carry)
        for name in targets:
            roles.setdefault(name, set()).add(role)
        if who == "both":
            for name in _objects(sentence, pos + len(value), mentions):
                roles.setdefault(name, set()).add(role)
                consumed.add(name)
        # 陪同考察: those who accompany do not take the visit's verb
        last = [] if role == "accompanied" else (targets or last)
        last_cue_end = pos + len(value)
        if value in _REPORTED_SPEECH:
            break  # what follows is what was said
    return roles


def _agents(
    sentence: str, cue: str, pos: int, subjects: list[tuple[int, str]]
) -> tuple[list[str], list[tuple[int, str]]]:
    """Who a cue is for, and who is left for the next cue: those named after 由 in 由某主持, or
    after 在 in 在某陪同下 (the visitors named before wait for their own verb); else all."""
    marker = _AGENT_MARKERS.get(cue)
    if marker and (cue != "陪同" or sentence.startswith("下", pos + len(cue))):
        at = sentence.rfind(marker, 0, pos)
        if at >= 0 and not any(c in _CLAUSE_END for c in sentence[at:pos]):
            return [n for p, n in subjects if p > at], [(p, n) for p, n in subjects if p < at]
    return [n for _, n in subjects], []


def _pronoun(sentence: str, lo: int, hi: int, carry: list[str] | None) -> list[str]:
    return list(carry or []) if any(p in sentence[lo:hi] for p in _PRONOUNS) else []


def _objects(sentence: str, pos: int, mentions: dict[str, list[int]]) -> list[str]:
    """Persons after 会见 up to the end of the clause."""
    end = pos
    while end < len(sentence) and sentence[end] not in _CLAUSE_END:
        end += 1
    return [n for n, ps in mentions.items() if any(pos <= p < end for p in ps)]
