"""When a post was held: the starts and ends the text states, their dates, and successions.

A post given (任命…为, 任, 当选, 代理, 调任, 挂职: the ``start`` chains of
:mod:`kg.loaders.appointments`) gets a stated start, a post left (免去, 不再担任, 辞去; or a name
followed by 退休, 另有任用) a stated end, each with the sentence that states it; a post called
former (原县长, 市人大常委会原主任) is ended on a day the text does not give. The day is a date
written in the clause (2016年3月, as precise as written), else the day of the event the sentence
reports (the meeting that decided it), else unknown. A post left is not observed on the
document's date. When a document gives a post to one person and takes it from another, the
first tenure ``replaces`` the second (Wikidata's P1365/P1366), unless the post is one many hold
at once (委员, 副县长: ``tenure_words.tsv``).

>>> told("原县长王五同志另有任用", 2, 4, PostMention("县长", "原", 1, 3), None)
'former'
>>> told("任命张三为县长", 2, 4, PostMention("县长", "", 5, 7), "start")
'start'
>>> written_date("2016年3月，张三任某县县长", 0, 10), written_date("3月9日，张三任县长", 0, 10)
('2016-03', None)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kg.loaders.lexicon import lexicon
from kg.loaders.posts import PostMention
from kg.model import Event, Provenance, Tenure

_WRITTEN = re.compile(r"((?:19|20)\d\d)\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?")
_CLAUSE_END = "，,。；;！？!?\n"
_COMRADE = lexicon().post_words["comrade"][0]  # 甲同志
_DUTIES = lexicon().post_words["duties"][0]  # 任县长职务期间


@cache
def _words(kind: str) -> tuple[str, ...]:
    """The words of ``tenure_words.tsv`` of one kind, longest first."""
    return tuple(sorted((w for w, k in lexicon().tenure_words.items() if k == kind), key=len, reverse=True))


def told(text: str, name_start: int, name_end: int, post: PostMention, change: str | None) -> str | None:
    """What a mention says of a post's time: ``start`` (given), ``end`` (left), ``former`` (held before
    the document, ended on a day not given), or None (held, as observed).

    ``change`` is the chain's (:class:`~kg.loaders.posts.NamedChain`); a post given and told as past
    (任县长期间) is no start; a name followed by 退休 or 另有任用 leaves the posts written with it.
    """
    org = post.org_text
    if org.startswith(former := _words("former")) or org.endswith(former):
        return "former"
    if change == "start" and text.startswith(_words("during"), _after_title(text, post.end)):
        return None
    if change is None:
        after = name_end + (len(_COMRADE) if text.startswith(_COMRADE, name_end) else 0)
        return "end" if text.startswith(_words("ends"), after) else None
    return change


def _after_title(text: str, pos: int) -> int:
    """Past a 职务 written after a title (任县长职务期间)."""
    return pos + len(_DUTIES) if text.startswith(_DUTIES, pos) else pos


def written_date(text: str, lo: int, hi: int) -> str | None:
    """The last date written with its year in ``text[lo:hi]`` (the clause before a cue), as precise
    as written: ``2016-03-09``, ``2016-03`` or ``2016``."""
    found = None
    for m in _WRITTEN.finditer(text, lo, hi):
        found = m
    if found is None:
        return None
    year, month, day = found.groups()
    parts = [year] + [f"{int(x):02d}" for x in (month, day) if x]
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return "-".join(parts)


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` starts (after the last comma or full stop before it)."""
    while pos > floor and text[pos - 1] not in _CLAUSE_END:
        pos -= 1
    return pos


@dataclass(frozen=True, slots=True)
class Change:
    """What a sentence said of a tenure's time (see :func:`told`), and the date its clause wrote."""

    tenure: str  # the tenure's id
    kind: str  # start | end | former
    evidence: Provenance
    written: str | None = None


def event_day(events: Iterable[Event], item: int, sentence: int) -> str | None:
    """The day of the event the sentence reports: the dated event of its item told from the nearest
    sentence before it (or from it)."""
    best: tuple[int, str] | None = None
    for e in events:
        day = e.date.isoformat() if e.date else None
        where = e.provenance.item, e.provenance.sentence
        if day and where[0] == item and where[1] <= sentence and (best is None or where[1] >= best[0]):
            best = (where[1], day)
    return best[1] if best else None


def settle(tenures: list[Tenure], events: list[Event], changes: Iterable[Change]) -> None:
    """Give the tenures the starts and ends stated (the first statement of each), dated as written,
    else by the event the sentence reports (a former post's end stays undated); take the
    observation off the posts left; link successions."""
    by_id = {t.id: t for t in tenures}
    for c in changes:
        t = by_id.get(c.tenure)
        if t is None:
            continue
        day = c.written or (None if c.kind == "former" else event_day(events, c.evidence.item, c.evidence.sentence))
        if c.kind == "start" and t.start_evidence is None:
            t.start, t.start_evidence = day, c.evidence
        elif c.kind in ("end", "former") and t.end_evidence is None:
            t.end, t.end_evidence = day, c.evidence
    for t in tenures:
        if t.end_evidence:
            t.observed = None
    link_successions(tenures)


def base_title(title: str) -> str:
    """The post an acting title is for: 代理区长 → 区长."""
    for word in _words("acting"):
        if title.startswith(word) and title[len(word) :] in lexicon().titles:
            return title[len(word) :]
    return title


def shared(title: str) -> bool:
    """Whether many hold the post at once (委员, 常委, 副县长): no succession between its holders."""
    return title in _words("seat") or title.startswith(_words("deputy"))


def link_successions(tenures: list[Tenure]) -> None:
    """``replaces`` / ``replaced_by`` between the one tenure of a post given and the one of it left
    in a document, when they are of different people and the post is held by one at a time."""
    given: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    left: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for t in tenures:
        title = base_title(t.title)
        if t.org_id is None or shared(title):
            continue
        if t.start_evidence:
            given[t.org_id, title].append(t)
        if t.end_evidence:
            left[t.org_id, title].append(t)
    for post, starts in given.items():
        ends = left.get(post, [])
        if len(starts) == 1 and len(ends) == 1 and starts[0].person_id != ends[0].person_id:
            starts[0].replaces.append(ends[0].id)
            ends[0].replaced_by.append(starts[0].id)
