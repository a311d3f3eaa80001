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
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from operator import attrgetter

from kg.loaders.dates import (
    DASHES,
    DATE,
    DATE_START,
    MONTH_DAY,
    PART_OF_DAY,
    YEAR_IN_WORDS,
    date_words,
    day_only,
    find_dates,
)
from kg.loaders.lexicon import lexicon, matches_from, numeral_chars, words_pattern
from kg.loaders.names import title_re
from kg.loaders.structure import BULLETS, ENUMERATED, NUMBERED_DATE
from kg.model import Document, Item, Sentence, When

_CLAUSE_END = "，,；;：:。！？"
A_CLAUSE_END = re.compile(f"[{_CLAUSE_END}]")
_AGENT_MARKERS = lexicon().agent_markers  # 会议由某主持, 在某陪同下
_PRESIDING = words_pattern(lexicon().body_words["presiding"])  # 在某地主持召开


@dataclass(slots=True)
class EventSegment:
    """The sentences of one item that report one event."""

    item: Item
    sentences: list[Sentence]
    when: When | None  # None: undated
    kind: str = "Meeting"
    cameo: str | None = None
    name: str | None = None
    place: str | None = None
    organizer: str | None = None  # as written: 我办, 市委市政府, 瓯江口新区
    participants: dict[str, set[str]] = field(default_factory=dict)  # name -> roles
    evidence: dict[str, Sentence] = field(default_factory=dict)  # name -> first cue sentence

    @property
    def start(self) -> date | None:
        return self.when.date if self.when else None

    @property
    def end(self) -> date | None:
        return self.when.last if self.when else None


# an item without a date of its own that says it is undated (近日, 日前, 上旬 …) is no continuation
_MONTH_PART = re.compile(  # 3月上旬: undated
    rf"(?:\d{{1,2}}|[{numeral_chars('digit', 'ten')}]{{1,2}})月"
    rf"(?:{words_pattern(lexicon().date_words['month_part'] + lexicon().date_words['whole_month'])})"
)


@cache
def words(cls: str) -> tuple[str, ...]:
    """The words of a class of ``lexicons/event_words.tsv`` (undated, speech, future …), longest first."""
    return lexicon().event_words.get(cls, ())


def _any(cls: str) -> str:
    return f"(?:{words_pattern(words(cls))})"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """An event's name, organizer and place as a sentence writes them, over the words of their classes."""
    before_verb = rf"(?:{_any('topic')}[^，。；]*?)?{_any('manner')}?"  # 在福州|隆重|举行, 在城区|就…|进行
    return {
        "meeting_end": re.compile(  # 某某会议|召开, 某某会议|隆重召开, 某某会议|在…
            rf"{_any('meeting_noun')}(?=(?:{_any('manner')})*{_any('held')}|{_any('at')}|，|。|$)"
        ),
        "organizer": re.compile(rf"(?:^|[，。：；])([^，。；：\s“”《》]{{2,16}}?){_any('organized')}"),
        "name_lead": re.compile(rf"^.*?{_any('name_lead')}{_any('lead_tail')}*"),
        "place": re.compile(
            rf"{_any('venue')}(?!\d)((?:(?!{_any('venue')})[^，。、；：\s“”与]){{2,20}}?)(?:{_PRESIDING})?{before_verb}"
            rf"{_any('at_verb')}"  # the last venue word before the verb (某某在杭商会…在|杭州召开)
            rf"|{_any('trip')}([^，。、；：\s“”]{{1,12}}?){before_verb}{_any('trip_verb')}"
        ),
    }


@cache
def words_re(cls: str) -> re.Pattern[str]:
    return re.compile(words_pattern(words(cls)))


def _word_at(text: str, pos: int, end: int, cls: str) -> re.Match[str] | None:
    """The word of ``cls`` (the longest) that ``text[pos:end]`` opens with: the engine asked only
    where ``str.startswith`` finds one (a call of it costs some 4 K instructions, found or not)."""
    return words_re(cls).match(text, pos, end) if text.startswith(words(cls), pos, end) else None


def _may_date(text: str, pos: int, end: int) -> bool:
    """Whether a date, a day or a month may open ``text[pos:end]``: each (DATE, DAY_ONLY, DAY_RANGE,
    NUMBERED_DATE but for its brackets, _MONTH_PART, _MONTH_ALONE) opens with a character of
    ``dates.DATE_START`` (a digit, a numeral, the first of a date word), and most sentences open
    with none, which a look-up tells for much less than a call of the engine."""
    return pos < end and _opens_date(text[pos])


@cache
def _opens_date(char: str) -> bool:
    return DATE_START.match(char) is not None


CAPTION_LENGTH = 8  # a headline this short over an undated item is a photo caption or a subhead
SAME_DAY = "△"  # a chronicle's mark of another item of the same day
_INDEX = attrgetter("index")  # a sentence's place in its item


def segment_events(doc: Document, item: Item, previous: EventSegment | None = None) -> list[EventSegment]:
    """Split an item into events at sentences that open with a date.

    The first date of an item, even inside its first sentences (…于10月23日在…召开),
    dates the event; a later sentence that opens with another date starts a new one, and so does
    a day inside a dated range (3月13日到14日… 在14日晚召开的座谈会上). An item with no date of
    its own under a caption-short headline (会议现场, 某某致辞), or marked △ in a chronicle,
    continues ``previous``, the last event of the item before.
    """
    text = doc.text
    year = item.year or (doc.date_source not in ("given", "header") and _year_in_words(text, item)) or doc.year
    segments: list[EventSegment] = [EventSegment(item, [], None)]
    for sent in item.sentences:
        current = segments[-1]
        dated, opens = _opening_date(doc, sent, current, year, previous)
        begin = _lead_end(text, sent)
        undated = not dated and sent.index and (
            _word_at(text, begin, sent.end, "undated")
            or (_may_date(text, begin, sent.end) and _MONTH_PART.match(text, begin, sent.end))
        )
        told = any(map(_INDEX, current.sentences))  # the segment has a body sentence already
        if (dated or undated) and (current.when is not None or (told and (opens or undated))):
            current = EventSegment(item, [], None)  # 3月2日，… 3月5日，… / 3月5日，… 近日，…
            segments.append(current)
        if dated:
            current.when = dated
        current.sentences.append(sent)
    segments = [s for s in segments if s.sentences]
    if previous and previous.when and segments[0].when is None and _continues(text, item, previous):
        segments[0].when = previous.when
        segments[0].participants = dict(previous.participants)  # one event: those of the items before too
    for seg in segments:
        _describe(seg)
    return segments


def of_another_time(text: str, sent: Sentence, month: int | None = None) -> bool:
    """Whether a sentence opens with a time before the event's and no day of it (去年10月，甲率团…),
    or with a month alone that is not the event's ``month`` (据悉，今年5月，甲率团…): it tells of
    no part taken in the event (去年12月28日 dates an event of its own)."""
    start = _lead_end(text, sent)
    if (m := _word_at(text, start, sent.end, "past")) and not _FULL_DAY.match(text, m.end(), sent.end):
        return True
    may = month and _may_date(text, start, sent.end)
    return bool(may and (m := _MONTH_ALONE.match(text, start, sent.end)) and int(m[1]) != month)


_MONTH_ALONE = re.compile(rf"(?:{words_pattern(lexicon().year_words)}|\d{{4}}年)?(\d{{1,2}})月(?!\d{{1,2}}[日号])")


def _continues(text: str, item: Item, previous: EventSegment) -> bool:
    """An undated item that goes on with the event before it: △, or, with no time word, a caption
    or a subhead over words of someone who took part in it (王国强：…／王国强续说，…)."""
    body = text[item.body_start if item.headline else item.start : item.end]
    if body.lstrip().startswith(SAME_DAY) or text[item.start : item.end].lstrip().startswith(SAME_DAY):
        return True
    if words_re("undated").search(text, item.start, item.end):
        return False
    if any(name in body for name in previous.participants):
        return True  # (目前 in what they said is no time of the item's own)
    return len(item.headline) <= CAPTION_LENGTH and not words_re("background").search(text, item.start, item.end)


def _year_in_words(text: str, item: Item) -> int | None:
    """A year the item's first sentence writes in words (2018乐清…座谈会), not as part of a date."""
    if not item.sentences:
        return None
    first = item.sentences[1] if item.headline and len(item.sentences) > 1 else item.sentences[0]
    m = YEAR_IN_WORDS.search(text, first.start, first.end)
    return int(m[1]) if m else None


def _opening_date(
    doc: Document, sent: Sentence, current: EventSegment, year: int | None, previous: EventSegment | None
) -> tuple[When | None, bool]:
    """The date a sentence opens with (or, early in an undated item, holds), and whether the
    sentence opens with it; a day alone (17日，…) is in the month of the event before it, else of
    the document's own day."""
    text = doc.text
    begin = _lead_end(text, sent)
    body = sent.index > 0 or not current.item.headline
    heading = not body and DAY_HEADING.fullmatch(sent.text.strip())  # a chronicle's 5日 / 7~8日
    at = begin + (text[begin : begin + 1] in _AT)
    opening = body and _may_date(text, at, sent.end) and bool(DATE.match(text, at, sent.end))  # (在)5月3日
    early = current.when is None and len(current.sentences) <= 2
    lo = begin if opening else sent.start  # not the dateline's day
    found = find_dates(text, year, lo, sent.end, doc.day, doc.published) if opening or early else []
    if found and not heading:
        first = found[0].when  # 5月22日至23日…，并于23日上午，参加座谈会: the event of the 23rd
        return (_day_in_range(text, sent, first) if first.last else None) or first, opening
    if body and current.when and _word_at(text, begin, sent.end, "next_day"):
        return current.when.shifted(1), True  # 次日: the day after
    if body and current.when and _word_at(text, begin, sent.end, "same_day"):
        return current.when, True  # 同日: the same day
    month = When(year, current.item.month, 1) if current.item.month else None  # a chronicle's 1月 over 8日
    known = current.when or month or (previous.when if previous else None)
    if (body or heading) and (known or doc.day):
        if not _may_date(text, begin, sent.end):
            day = None
        elif known:
            day = day_only(text, begin, sent.end, known)
        else:
            day = day_only(text, begin, sent.end, doc.day, False)
        if day or not current.when or not current.when.last:
            return day, True
        return _day_in_range(text, sent, current.when), True
    return None, False


def _day_in_range(text: str, sent: Sentence, span: When) -> When | None:
    """A later day of a dated range named in the sentence (在14日晚召开的…, 并于23日上午): the
    event of that day starts here."""
    for m in _DAY_INSIDE.finditer(text, sent.start, sent.end):
        day = int(m[1])
        if span.day < day <= span.last.day and span.month == span.last.month:
            return When.of(span.last.replace(day=day))
    return None


_FULL_DAY = re.compile(MONTH_DAY)
_AT = words("at")  # before a date that opens a sentence: 在, 于
_DAY_INSIDE = re.compile(rf"(?:{words_pattern(_AT + words('also_at'))})(\d{{1,2}})日{PART_OF_DAY}?")  # 并于3日上午
DAY_HEADING = re.compile(rf"\d{{1,2}}\s*(?:[{DASHES}]\s*\d{{1,2}}\s*)?[日号]")
# 某某在线07月29日讯, 某网3月21日某地消息
_DATELINE_REACH = 12  # characters before a dateline's date (某某在线|07月29日讯)
_DATELINE = (
    rf"[^，。（(]{{0,{_DATELINE_REACH}}}?{MONTH_DAY}"
    rf"(?:{date_words('dateline')}|[\u4e00-\u9fff]{{0,4}}{date_words('news')})"
)
_BRACKETS = "（("
_BRACKETED = rf"[{_BRACKETS}][^）)]{{0,30}}[）)]"  # （记者 某某）, （特约记者某某报导）


@cache
def _lead_re() -> re.Pattern[str]:
    """What stands before a sentence's own words: 据了解，/ 本报讯（记者 某某）/ a dateline / a byline
    / a purpose before a date (为发挥…优势，推动…，|8月29日…)."""
    lead_in, purpose = words_pattern(words("lead_in")), words_pattern(words("purpose"))
    before_date = rf"(?=(?:\d{{2,4}}年)?{MONTH_DAY})"
    return re.compile(
        rf"(?:{lead_in}|{_DATELINE})[，,]?\s*(?:{_BRACKETED})?|{_BRACKETED}"
        rf"|(?:{purpose})[^，。；\d]{{2,30}}[，,](?:[^，。；\d]{{2,20}}[，,])?{before_date}"
    )


def _lead_end(text: str, sent: Sentence) -> int:
    """Where a sentence's own words start: after bullets, lead-ins (据了解，) and a dateline with
    its byline (本报讯（记者 某某）)."""
    return _words_start(text, sent.start, sent.end)


@lru_cache(maxsize=256)  # an item's sentences: they are asked again while the item is read
def _words_start(text: str, start: int, end: int) -> int:
    """:func:`_lead_end` of ``text[start:end]``, kept: each sentence is asked three times."""
    begin = _skip_bullets(text, start)
    if _may_lead(text, begin, end) and (m := _lead_re().match(text, begin, end)):
        begin = _skip_bullets(text, m.end())
    return begin


def _may_lead(text: str, pos: int, end: int) -> bool:
    """Whether :func:`_lead_re` may match at ``pos``: a lead-in, a purpose or a bracket opens
    ``text[pos:end]``, or the month of a dateline's date stands within its reach (most sentences
    have no lead: a look that costs much less than a call of the engine)."""
    if text.startswith(_lead_openings(), pos, end):
        return True
    return text.find(_MONTH, pos + 1, min(pos + _DATELINE_REACH + 3, end)) >= 0  # 某某|7|月, 某某|07|月


@cache
def _lead_openings() -> tuple[str, ...]:
    return (*words("lead_in"), *words("purpose"), *_BRACKETS)


_MONTH = "月"


def _skip_bullets(text: str, pos: int) -> int:
    """Past the bullets, spaces and an entry's number or bracket before a date (●, 2．6月3日,
    【6月3日】) at ``pos``."""
    while pos < len(text) and (text[pos] in BULLETS or text[pos].isspace()):
        pos += 1
    if text.startswith(_DATE_BRACKET, pos) and DATE.match(text, pos + 1):
        return pos + 1
    numbered = _may_date(text, pos, len(text)) or text.startswith(_BRACKETS, pos)  # 2．, （二）
    return m.end() if numbered and (m := NUMBERED_DATE.match(text, pos)) else pos


_DATE_BRACKET = "【"


def _describe(seg: EventSegment) -> None:
    """Kind, CAMEO code, name and place of an event from its first sentences."""
    lead = "".join(s.text for s in seg.sentences[:2])
    first = seg.sentences[0].text
    headline = first[_skip_bullets(first, 0) :] if seg.sentences[0].index == 0 else ""  # 2．6月3日，…: no number
    if (m := ENUMERATED.match(headline)) and not headline[m.end() : m.end() + 1].isdigit():  # not 3.5亿元…
        headline = headline[m.end() :]  # 一、某某会见…: no number
    if found := _head_cue(headline) or _head_cue(lead, first=True):
        seg.kind, seg.cameo = found[1], found[2] or None
    if seg.kind == "Visit" and words_re("hosted").search(lead):
        seg.cameo = "043"
    if m := _patterns()["organizer"].search(lead):
        seg.organizer = DATE.sub("", m.group(1)).strip("，" + "".join(_AT)) or None
    seg.name = _event_name(lead) or headline or None  # else the headline describes the item's event
    if m := _patterns()["place"].search(lead):
        seg.place = m.group(1) or m.group(2)


def _event_name(lead: str) -> str | None:
    """The name of the event a lead writes (某某座谈会在…召开), its body's before it when the body
    held it (某某人大常委会|召开|第三次会议 → 某某人大常委会第三次会议)."""
    body, after_body = "", -1
    for start, end in _meeting_names(lead):
        written = lead[start:end]
        name = _patterns()["name_lead"].sub("", written) or written
        if name.startswith(words("venue")):  # 参加|在昆明举办的|某某博览会: the venue's lead too
            name = _patterns()["name_lead"].sub("", name) or name
        if _names_a_body(name):
            body, after_body = name, end
            continue
        return body + name if start == after_body and words_re("held").match(written) else name
    return None


_NAME_STOPS = "，。、；：“”《》【】"  # and spaces: no meeting's name holds them (【本报讯】 neither)
_LAST_NAME_STOP = re.compile(rf"(?s:.*)[{_NAME_STOPS}\s]")
NAME_LENGTH = 40  # characters a meeting's name may take before its noun


def _meeting_names(lead: str) -> Iterator[tuple[int, int]]:
    """Where meetings' names stand in ``lead``, left to right: two to NAME_LENGTH characters of
    no stop or space, the fewest, then a meeting noun (座谈会) that a held word, 于/在 or a clause's
    end follows (``meeting_end``) — what a pattern of that shape finds with finditer, found from
    the nouns: the leftmost start is the first noun's run start, or NAME_LENGTH before it."""
    end_re, pos = _patterns()["meeting_end"], 0
    for first in _meeting_firsts().finditer(lead):
        noun = first.start()
        if noun < pos + 2 or (m := end_re.match(lead, noun)) is None:
            continue
        stop = _LAST_NAME_STOP.match(lead, pos, noun)
        run = stop.end() if stop else pos  # where the stretch of name characters before the noun starts
        if noun - run >= 2:
            yield max(run, noun - NAME_LENGTH), m.end()
            pos = m.end()


@cache
def _meeting_firsts() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(sorted({w[0] for w in words('meeting_noun')})))}]")


def _names_a_body(name: str) -> bool:
    """Whether a name that ends like a meeting is a body's (晋江商会|举行…, 莅临商会): it ends with a
    body's ending (``org_suffixes.txt``) longer than any event word it ends with (招商会, 联谊会 are
    meetings)."""
    return _ending(name, _body_endings()) > _ending(name, _event_endings())


def _ending(name: str, endings: frozenset[str]) -> int:
    """The length of the longest of ``endings`` (six characters at most) that ``name`` ends with, or 0
    (a loop: Cython makes a generator of a ``max`` over one)."""
    longest = 0
    for k in range(1, min(len(name), 6) + 1):
        if name[-k:] in endings:
            longest = k
    return longest


@cache
def _body_endings() -> frozenset[str]:
    return frozenset(suffix for suffix, _ in lexicon().org_suffixes)


@cache
def _event_endings() -> frozenset[str]:
    return frozenset((*(cue for cue, *_ in lexicon().event_kinds), *words("meeting_noun")))


def _head_cue(text: str, first: bool = False) -> tuple[str, str, str] | None:
    """The event cue of a headline: the last one (the head noun comes last), or the first of a sentence
    (of two starting at one place, the longer)."""
    rows = _head_cues()[2]
    if first:
        m = next(_cues_at(text), None)
        return rows[m.group(1)] if m else None
    last = max(_cues_at(text), key=lambda m: (m.end(1), len(m.group(1))), default=None)
    return rows[last.group(1)] if last else None


def _cues_at(text: str) -> Iterator[re.Match[str]]:
    """The event cue at every place one starts (the longest there), left to right: tried only
    where a cue's first character stands (a pattern that opens with a lookahead is tried everywhere)."""
    pattern, firsts, _ = _head_cues()
    return (m for f in firsts.finditer(text) if (m := pattern.match(text, f.start())))


@cache
def _head_cues() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, str, str]]]:
    """Every event cue at every place one starts (the longest there), the cues' first characters,
    and the row of each cue."""
    rows = lexicon().event_kinds
    cues = [cue for cue, *_ in rows]
    firsts = re.compile(f"[{re.escape(''.join(sorted({c[0] for c in cues})))}]")
    return re.compile(f"(?=({words_pattern(cues)}))"), firsts, {row[0]: row for row in rows}


@cache
def _byline_re() -> re.Pattern[str]:
    words = words_pattern(lexicon().media_roles)
    in_brackets = rf"[（(][^（）()]{{0,40}}?(?:{words})[^（）()]{{0,40}}[）)]"  # （记者 某某 通讯员 某某）
    return re.compile(rf"{in_brackets}|(?:{words})[\s：:]*[\u4e00-\u9fff·]{{2,8}}")  # 记者 某某


def in_byline(sentence: str, pos: int) -> bool:
    """Whether a name at ``pos`` stands in a byline or credit (（记者 某某）, 记者 某某), which names
    who wrote the item, not who took part.

    >>> in_byline("本报讯（记者 张三 通讯员 李四）8日，召开", 10), in_byline("本报讯（记者 张三）8日，李四出席", 12)
    (True, False)
    """
    spans = _byline_spans(sentence)
    return bool(spans) and any(start <= pos < end for start, end in spans)  # most sentences have none


@lru_cache(maxsize=256)
def _byline_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """The bylines and credits of a sentence (asked once for each name it holds)."""
    return tuple(m.span() for m in matches_from(_byline_re(), _byline_starts(), sentence, 0, len(sentence)))


@cache
def _byline_starts() -> re.Pattern[str]:
    """What a byline or credit starts with: a bracket or a media role's first character."""
    return re.compile(f"[（({re.escape(''.join(sorted({w[0] for w in lexicon().media_roles})))}]")


@cache
def cue_re() -> re.Pattern[str]:
    """Any cue of a role (主持, 会见, 陪同 …)."""
    cues = [c for c, *_ in lexicon().roles]
    return re.compile(words_pattern(cues))


@cache
def _cue_table() -> dict[str, tuple[str, str, bool]]:
    return {c: (role, who, noun) for c, role, who, noun in lexicon().roles}


def assign_roles(
    sentence: str, mentions: dict[str, list[int]], carry: list[str] | None = None, quiet: frozenset[str] = frozenset()
) -> dict[str, set[str]]:
    """Roles of the named persons in one sentence.

    ``mentions`` maps each name to its offsets in the sentence; ``carry`` is the
    subject of the previous sentence, taken by a leading 他/她 (one after a clause with a
    subject of its own takes that subject: 甲当选会长并讲话，他表示). A delegation written
    without names (由甲带队…组成的代表团赴某地参加…, 以乙为团长的代表团) stands for those the
    sentence says lead it. The cues in ``quiet`` give no role in this event (:func:`quiet_cues`),
    though they still end what a speech cue opens.
    """
    if not mentions and not (carry and any(p in sentence for p in words("pronoun"))):
        return {}  # nobody to take a role: none named, and no 他 or 她 for the subject before
    # each pattern asked only of a sentence that holds a character it needs (a call costs some 4 K instructions)
    masked = _false_friends().sub(lambda m: "\0" * len(m.group()), sentence)  # 组织部 holds no 组织
    if any(c in masked for c in "".join(words("addressed"))):  # 对…来舟考察表示: what is spoken of
        masked = _addressed().sub(lambda m: "\0" * len(m.group()), masked)
    if any(c in masked for c in _QUOTE_OPENINGS):  # “某某考察交流团”: a name, no act
        masked = _QUOTED.sub(lambda m: "\0" * len(m.group()), masked)
    invited = any(w in sentence for w in words("invited_by"))  # 应乙邀请，甲率团…: 乙 does not lead
    invitations = [m.span() for m in _invitation().finditer(sentence)] if invited else []
    tokens = sorted(
        [(p, 0, n) for n, ps in mentions.items() for p in ps if not any(a < p < z for a, z in invitations)]
        + [(m.start(), _CUE, m.group()) for m in cue_re().finditer(masked)]
        + [(m.start(), 2, m.group()) for m in _delegation_re().finditer(masked)]
    )
    starts = frozenset(p for ps in mentions.values() for p in ps)  # where names start (曾|志 is no 曾经)
    roles: dict[str, set[str]] = {}
    subjects: list[tuple[int, str]] = []  # (offset, name) named since the last cue
    last: list[str] = []
    last_cue_end = 0
    sent_until = -1  # the end of a clause whose doer sent others (组织有关单位赴…): its later cues are theirs
    consumed: set[str] = set()
    for pos, kind, value in tokens:
        if kind == _DELEGATION:
            if not _named(sentence, pos, mentions) and not title_re().match(sentence, pos + len(value)):
                led = [n for n, rs in roles.items() if "led" in rs]  # 甲代表团: named; 考察团团长: a post
                subjects += [(pos, n) for n in led if n not in consumed]
            continue
        if kind == _NAME:
            if value not in consumed:
                subjects.append((pos, value))
            continue
        if pos < last_cue_end:
            continue
        role, who, noun = _cue_table()[value]
        after = sentence.startswith(words("noun_after"), pos + len(value))
        after = after and not sentence[:pos].endswith(words("light_verb"))  # 进行拜访活动: an act
        before = sentence[:pos].removesuffix("了").endswith(words("noun_before"))  # 参加(了)会见
        if (noun and (after or before)) or _planned(sentence, pos, starts):
            continue
        heard = _heard(sentence, pos)  # 甲听取(乙的)汇报: only 乙 reports
        if heard >= 0 and not (subjects := [(p, n) for p, n in subjects if p > heard]):
            continue
        if listed := _listed(sentence, pos, value, mentions):  # 出席会议的还有甲、乙: all after
            for name in listed:
                roles.setdefault(name, set()).add(role)
            break
        if sentence.startswith("的", pos + len(value)):  # 乙率领的代表团: the name just before leads
            came = _came_re().search(sentence, max(0, pos - 8), pos)  # 会见来温考察的甲: 甲 came
            if doer := (_next_name if came else _right_before)(sentence, pos, tokens):
                roles.setdefault(doer, set()).add(role)
            continue
        start = _clause_start(sentence, pos)
        if last and all(p < start for p, _ in subjects) and sentence.startswith(words("goes_on"), start):
            subjects = [(start, n) for n in last]  # 甲拜会了乙，并出席: 甲 attends, 乙 was called on
        elif last and subjects and subjects[0][0] > start and _opens_with_together(sentence, start):
            subjects = [(start, n) for n in last] + subjects  # 甲赴某市考察，(并)与乙座谈: 甲 and 乙
        agents, subjects = _agents(sentence, value, pos, subjects)
        same_clause = not A_CLAUSE_END.search(sentence, last_cue_end, pos)
        if pos < sent_until:
            targets = agents
        else:
            targets = agents or (last if same_clause else []) or _pronoun(sentence, last_cue_end, pos, last or carry)
        for name in targets if value not in quiet and not _calls_on(sentence, pos + len(value), role) else ():
            roles.setdefault(name, set()).add(role)
        if who == "both":
            for name in _objects(sentence, pos + len(value), mentions):
                roles.setdefault(name, set()).add(role)
                consumed.add(name)
        # 陪同考察: those who accompany do not take the visit's verb
        last = [] if role == "accompanied" else (targets or last)
        last_cue_end = pos + len(value)
        if value in words("sends"):
            sent_until = _sent_until(sentence, last_cue_end)
        if value in words("speech"):
            break  # what follows is what was said
    return roles


_NAME, _CUE, _DELEGATION = 0, 1, 2  # token kinds


def quiet_cues(kind: str, at_home: bool) -> frozenset[str]:
    """The cues that give no role in an event of ``kind``: on an inspection, an instruction to those
    inspected (要求开发区…), and, in one's own place, the officials taken along (率有关部门负责人赴
    开发区督查: no delegation led)."""
    if kind != _INSPECTION:
        return frozenset()
    return frozenset(words("inspection_quiet") + (words("home_quiet") if at_home else ()))


_INSPECTION = "Inspection"


def _opens_with_together(sentence: str, start: int) -> bool:
    """Whether the clause at ``start`` opens with 与 or 同, after 并 or 还 if any (并与乙会谈)."""
    goes_on = max((w for w in words("goes_on") if sentence.startswith(w, start)), key=len, default="")
    return sentence.startswith(words("together"), start + len(goes_on))


@cache
def _delegation_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().visit_words["delegation"]))


def _named(sentence: str, pos: int, mentions: dict[str, list[int]]) -> bool:
    """Whether a name ends right at ``pos`` (甲|代表团)."""
    return any(p + len(n) == pos for n, ps in mentions.items() for p in ps)


def _agents(
    sentence: str, cue: str, pos: int, subjects: list[tuple[int, str]]
) -> tuple[list[str], list[tuple[int, str]]]:
    """Who a cue is for, and who is left for the next cue: those named after 由 in 由某主持, or
    after 在 in 在某陪同下 (the visitors named before wait for their own verb); else all."""
    objects = words("recipient") + words("addressed")
    subjects = [(p, n) for p, n in subjects if not sentence.endswith(objects, 0, p)]  # 向乙颁发, 对乙表示
    marker, after, listed = _AGENT_MARKERS.get(cue, ("", "", False))
    if marker and sentence.startswith(after, pos + len(cue)):
        at = sentence.rfind(marker, 0, pos)
        ends = "。；;" if listed else _CLAUSE_END  # 在甲，乙的陪同下: a list may hold commas
        if at >= 0 and not any(c in ends for c in sentence[at:pos]):
            return [n for p, n in subjects if p > at], [(p, n) for p, n in subjects if p < at]
    return [n for _, n in subjects], []


def _sent_until(sentence: str, end: int) -> int:
    """Where the clause of a sending cue ending at ``end`` ends, if those it sends go on a trip: a
    trip word after an object (组织|有关单位|赴四川考察); else -1 (组织召开, 组织赴某地: the doer goes)."""
    clause_end = A_CLAUSE_END.search(sentence, end)
    stop = clause_end.start() if clause_end else len(sentence)
    trip = words_re("trip").search(sentence, end + 1, stop)
    return stop if trip else -1


def _calls_on(sentence: str, end: int, role: str) -> bool:
    """Whether the visit cue ending at ``end`` calls on a body of members rather than inspects: its
    one object, to the clause end, is a chamber or an association (走访了|北京温州商会，)."""
    if role != "inspected":
        return False
    clause_end = A_CLAUSE_END.search(sentence, end)
    obj = sentence[end : clause_end.start() if clause_end else len(sentence)]
    return "、" not in obj and obj.endswith(words("called_on"))


def _planned(sentence: str, pos: int, names: frozenset[int]) -> bool:
    """A cue in a clause that tells of a plan (将于, 拟, 明年…将带队) or of an earlier time (甲曾率团
    来访; not the surname of a name starting at one of ``names``, nor where the sentence gives the
    day: 去年12月28日，甲曾率团… is an event of that day): no participation."""
    start = _clause_start(sentence, pos)
    once = any(m.start() not in names for m in words_re("once").finditer(sentence, start, pos))
    return (once and not _FULL_DAY.search(sentence, 0, pos)) or bool(words_re("future").search(sentence, start, pos))


def _heard(sentence: str, pos: int) -> int:
    """Where the hearing of a cue its clause's doer hears ends (甲听取|乙的汇报), or -1."""
    start = _clause_start(sentence, pos)
    heard = [m.end() for m in words_re("heard").finditer(sentence, start, pos)]
    return heard[-1] if heard and words_re("goes_on").search(sentence, heard[-1], pos) is None else -1


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last clause end before it."""
    ends = _clause_ends(sentence)
    k = bisect_left(ends, pos)
    return ends[k - 1] + 1 if k else 0


@lru_cache(maxsize=256)  # a sentence's clauses are asked of for each cue it holds
def _clause_ends(sentence: str) -> tuple[int, ...]:
    """Where the clause ends of a sentence stand."""
    return tuple(m.start() for m in A_CLAUSE_END.finditer(sentence))


def _nearest(sentence: str, pos: int, tokens: list[tuple[int, int, str]]) -> str | None:
    """The name nearest before ``pos`` in the same clause."""
    names = [(p, v) for p, kind, v in tokens if kind == _NAME and p < pos]
    if names and not A_CLAUSE_END.search(sentence, names[-1][0], pos):
        return names[-1][1]
    return None


def _right_before(sentence: str, pos: int, tokens: list[tuple[int, int, str]]) -> str | None:
    """The name nearest before ``pos`` in the same clause, with no other cue between (会见了乙率领的
    代表团: 乙, not the host named before 会见)."""
    names = [(p, v) for p, kind, v in tokens if kind == _NAME and p < pos]
    if not names or A_CLAUSE_END.search(sentence, names[-1][0], pos):
        return None
    at, name = names[-1]
    return None if any(kind == _CUE and at < p < pos for p, kind, _ in tokens) else name


def _next_name(sentence: str, pos: int, tokens: list[tuple[int, int, str]]) -> str | None:
    """The name nearest after ``pos`` in the same clause."""
    names = [(p, v) for p, kind, v in tokens if kind == _NAME and p > pos]
    if names and not A_CLAUSE_END.search(sentence, pos, names[0][0]):
        return names[0][1]
    return None


@cache
def _came_re() -> re.Pattern[str]:
    """A word of coming and a place, right before a cue (来温|考察的, 赴杭|调研的)."""
    return re.compile(rf"(?:{words_pattern(words('came'))})[\u4e00-\u9fff]{{1,6}}$")


def _listed(sentence: str, pos: int, cue: str, mentions: dict[str, list[int]]) -> list[str]:
    """The persons listed after the ``cue`` at ``pos`` by 会议的还有, 会面的领导包括, or by the colon
    of minutes (出席：甲  乙; the first in the same clause)."""
    end = pos + len(cue)
    listing = (  # each tried only where its 的 or its label stands (a call of the engine costs some 4 K instructions)
        sentence.find(_OF, end, end + _LISTING_REACH + 1) >= 0 and _listing_re().match(sentence, end)
    ) or (sentence.startswith(_minutes_labels(), pos) and _minutes_re().match(sentence, pos))
    after = [(p, n) for n, ps in mentions.items() for p in ps if listing and p >= listing.end()]
    if not after or A_CLAUSE_END.search(sentence, listing.end(), min(after)[0]):
        return []
    return [n for _, n in after]


@cache
def _listing_re() -> re.Pattern[str]:
    """After a cue: 会议的还有, 会面的该会领导包括(：) — the persons listed next take the cue's role."""
    listing = words_pattern(words("listing"))
    return re.compile(rf"[^，。；]{{0,{_LISTING_REACH}}}?{_OF}[^，。；]{{0,10}}?(?:{listing})[：:]?")


_OF, _LISTING_REACH = "的", 12  # 会议|的|还有: the 的 of a listing within so many characters after its cue


@cache
def _minutes_re() -> re.Pattern[str]:
    """A cue with its colon, as minutes write it (出席：, 列席：): a group label of its own."""
    return re.compile(words_pattern(_minutes_labels()))


@cache
def _minutes_labels() -> tuple[str, ...]:
    return tuple(label for label in lexicon().group_labels if label.endswith("："))


_QUOTED = re.compile(r"“[^“”]{1,40}”|《[^《》]{1,60}》")
_QUOTE_OPENINGS = "“《"  # one opens every match of _QUOTED


@cache
def _addressed() -> re.Pattern[str]:
    """What a speaker speaks to or of (甲对乙一行来访考察表示欢迎): its cues are no acts of the speaker."""
    return re.compile(f"(?<=[{''.join(words('addressed'))}])[^，。；]{{1,30}}?(?=(?:{words_pattern(words('speech'))}))")


@cache
def _invitation() -> re.Pattern[str]:
    """An invitation a visit is made at (应乙邀请, 应乙之邀): the one who invites is no visitor."""
    return re.compile(f"{_any('invited_by')}[^，。；]{{1,40}}?{_any('invitation')}")


@cache
def _false_friends() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().role_false_friends))


def _pronoun(sentence: str, lo: int, hi: int, carry: list[str] | None) -> list[str]:
    return list(carry or []) if any(p in sentence[lo:hi] for p in words("pronoun")) else []


def _objects(sentence: str, pos: int, mentions: dict[str, list[int]]) -> list[str]:
    """Persons after 会见 up to the end of the clause (or standing in right at it: 乙会见。)."""
    end = pos
    while end < len(sentence) and sentence[end] not in _CLAUSE_END:
        end += 1
    return [n for n, ps in mentions.items() if any(pos <= p < end or p == pos == end for p in ps)]
