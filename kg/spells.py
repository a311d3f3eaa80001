"""Spells: a person's time in a post, assembled from the tenures the documents tell.

Each document tells a tenure on its own: observed on its date, given or left on a stated day
(:class:`kg.model.Tenure`). A **spell** joins the tenures of one person in one post: its stated
start and end (the earliest start, the latest end), when it was first and last observed, and the
tenures and documents it rests on. A post left and later held again makes two spells: a tenure
held after the day a spell was left (or after the date of the document saying so) opens another.

Dates are ISO text of any precision (``2016-03-09``, ``2016-03``, ``2016``, ``--03-09`` for a day
of an unknown year; :func:`kg.model.precision`); comparisons read a date as the whole period it
names, so a spell begun ``2016-03`` has begun by 2016-03-01, and one ended ``2016-03`` lasts
until 2016-03-31. A day of an unknown year is shown but never compared.

The questions (``career``, ``successions``, ``officials --as-of``) and the exports (spells,
FtM, Popolo, GEXF) assemble spells with :func:`spells`, so they all tell the same story.

>>> rows = [
...     {"fact": "t1", "post": "p", "person_id": "a", "observed": "2015-01-28", "published": "2015-01-28"},
...     {"fact": "t2", "post": "p", "person_id": "a", "end": "2016-03", "end_sentence": "s1"},
...     {"fact": "t3", "post": "p", "person_id": "a", "start": "2018-05-02", "start_sentence": "s2"},
... ]
>>> [(s.begin, s.start, s.end, s.first_observed) for s in spells(rows)]
[('2015-01-28', None, '2016-03', '2015-01-28'), ('2018-05-02', '2018-05-02', None, None)]
>>> began_by("2016-03", "2016-03-01"), ended_after("2016-03", "2016-03-31"), ended_after("2016-03", "2016-04-01")
(True, True, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.model import precision


def comparable(iso: str | None) -> str | None:
    """A date that can be compared: ``--03-09`` (year unknown) cannot."""
    return iso if iso and not iso.startswith("--") else None


def began_by(bound: str, day: str) -> bool:
    """Whether a period beginning at ``bound`` (of any precision) has begun on ``day``."""
    return bound <= day[: len(bound)]


def ended_after(bound: str, day: str) -> bool:
    """Whether a period ending at ``bound`` (of any precision) still lasts on ``day``."""
    return day[: len(bound)] <= bound


def held_on(start: str | None, end: str | None, first: str | None, last: str | None, day: str) -> str | None:
    """Whether a post with these stated and observed dates was held on ``day``: between its stated
    start and end, a missing one taken from the observations. ``observed`` when the day is between
    the first and the last observation, else ``stated`` (a stated date was needed); None when not
    held, or not known to be.

    >>> held_on(None, "2016-07-02", "2014-10-31", "2016-06-28", "2016-07-01")
    'stated'
    >>> held_on("2016-07-02", None, "2016-07-28", "2017-12-28", "2017-01-01")
    'observed'
    >>> held_on(None, None, "2016-07-28", "2017-12-28", "2018-01-01") is None
    True
    """
    begin, until = comparable(start) or first, comparable(end) or last
    if begin is None or until is None or not (began_by(begin, day) and ended_after(until, day)):
        return None
    return "observed" if first and last and began_by(first, day) and ended_after(last, day) else "stated"


def _earliest(values: Iterable[str | None]) -> str | None:
    return min((v for v in values if v), default=None)


def _latest(values: Iterable[str | None]) -> str | None:
    return max((v for v in values if v), default=None)


@dataclass
class Spell:
    """One person's time in one post (see the module's documentation)."""

    post: str
    person_id: str | None
    title: str | None = None
    organization: str | None = None
    org_id: str | None = None
    person: str | None = None
    start: str | None = None  # stated
    end: str | None = None  # stated
    ended: bool = False  # an end is stated, possibly without its day (原市长)
    first_observed: str | None = None
    last_observed: str | None = None
    start_sentence: str | None = None  # the sentence stating the start
    end_sentence: str | None = None
    sources: list[str] = field(default_factory=list)  # the tenures (facts) it rests on
    documents: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # tenures of others this spell's tenures took over
    replaced_by: list[str] = field(default_factory=list)

    @property
    def begin(self) -> str | None:
        """When it began, as far as known: the stated start, else the first observation."""
        return comparable(self.start) or self.first_observed

    @property
    def until(self) -> str | None:
        """When it ended, as far as known: the stated end, else the last observation."""
        return comparable(self.end) or self.last_observed

    def held_on(self, day: str) -> str | None:
        """How it is known to be held on ``day`` (:func:`held_on`)."""
        return held_on(self.start, self.end, self.first_observed, self.last_observed, day)

    def row(self) -> dict:
        """The spell as a row: every field, and the precision of its stated dates."""
        return {
            "post": self.post,
            "title": self.title,
            "organization": self.organization,
            "org_id": self.org_id,
            "person_id": self.person_id,
            "person": self.person,
            "start": self.start,
            "start_precision": precision(self.start),
            "end": self.end,
            "end_precision": precision(self.end),
            "ended": self.ended,
            "first_observed": self.first_observed,
            "last_observed": self.last_observed,
            "start_sentence": self.start_sentence,
            "end_sentence": self.end_sentence,
            "sources": self.sources,
            "documents": self.documents,
        }


def _when(t: Mapping) -> str:
    """Where a tenure falls in time: its stated start, observation, stated end, else its document's date."""
    return next((v for k in ("start", "observed", "end", "published") if (v := comparable(t.get(k)))), "")


def spells(tenures: Iterable[Mapping]) -> list[Spell]:
    """The spells of tenure rows (each with ``fact``, ``post``, ``person_id`` and, where known,
    ``start``, ``end``, ``start_sentence``, ``end_sentence``, ``observed``, ``document``,
    ``published``, ``title``, ``organization``, ``org_id``, ``person``, ``replaces``,
    ``replaced_by``), by post and person, in time order."""
    groups: dict[tuple, list[Mapping]] = defaultdict(list)
    for t in tenures:
        groups[t["post"], t.get("person_id")].append(t)
    out: list[Spell] = []
    for (post, person), told in groups.items():
        members: list[Mapping] = []
        closed_by: str | None = None
        for t in sorted(told, key=lambda t: (_when(t), t["fact"])):
            held = t.get("start_sentence") or comparable(t.get("observed"))
            if members and closed_by and held and _when(t) > closed_by:
                out.append(_spell(post, person, members))
                members, closed_by = [], None
            members.append(t)
            if t.get("end_sentence"):
                closed_by = _latest([closed_by, comparable(t.get("end")) or t.get("published")])
        out.append(_spell(post, person, members))
    return sorted(out, key=lambda s: (s.begin or s.end or "", s.title or "", s.post, s.person_id or ""))


def _dated_first(told: list[Mapping], date: str, latest: bool = False) -> Mapping | None:
    """The tenure stating the earliest (``latest``: the latest) ``date``; one stating it without a
    comparable day only when none has one."""
    stating = [t for t in told if t.get(f"{date}_sentence")]
    dated = [t for t in stating if comparable(t.get(date))]
    if dated:
        pick = max if latest else min
        return pick(dated, key=lambda t: (t[date], t["fact"]))
    return stating[0] if stating else None


def _spell(post: str, person: str | None, told: list[Mapping]) -> Spell:
    """The spell of some tenures of one person in one post."""
    s = Spell(post, person)
    for name in ("title", "organization", "org_id", "person"):
        setattr(s, name, next((t[name] for t in told if t.get(name) is not None), None))
    if first := _dated_first(told, "start"):
        s.start, s.start_sentence = first.get("start"), first["start_sentence"]
    if last := _dated_first(told, "end", latest=True):
        s.end, s.end_sentence, s.ended = last.get("end"), last["end_sentence"], True
    observed = [comparable(t.get("observed")) for t in told]
    s.first_observed, s.last_observed = _earliest(observed), _latest(observed)
    s.sources = sorted({t["fact"] for t in told})
    s.documents = sorted({t["document"] for t in told if t.get("document")})
    s.replaces = sorted({r for t in told for r in t.get("replaces") or []})
    s.replaced_by = sorted({r for t in told for r in t.get("replaced_by") or []})
    return s
