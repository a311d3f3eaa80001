"""The document model: a bulletin, its items and sentences, and the facts found in them.

Like a spaCy ``Doc``, a :class:`Document` keeps the original text untouched; the
analysis runs on a normalized copy (simplified characters, glosses removed) whose
every character maps back to an offset in the original, so each fact can point at
the exact characters it came from.

>>> from kg.model import Span
>>> Span(3, 7).length
4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kg import ids

EXTRACTOR_VERSION = "bulletin-kg-extract/0.4"


LEAP_YEAR = 2000  # a year with 29 February, to count days in a year that is unknown


@dataclass(frozen=True, slots=True)
class When:
    """A day as far as the text gives it: month and day, and the year when known.

    >>> When(2014, 10, 23).iso, When(None, 10, 23).iso
    ('2014-10-23', '--10-23')
    """

    year: int | None
    month: int
    day: int
    last: date | None = None  # the last day of a range (10月21日－25日), when the year is known

    @property
    def date(self) -> date | None:
        """The full date, or None while the year is unknown."""
        return date(self.year, self.month, self.day) if self.year else None

    @property
    def iso(self) -> str:
        """ISO 8601 form: ``2014-10-23``, or ``--10-23`` (XSD gMonthDay) for an unknown year."""
        return self.date.isoformat() if self.year else f"--{self.month:02d}-{self.day:02d}"

    @classmethod
    def of(cls, day: date, last: date | None = None, known_year: bool = True) -> When:
        return cls(day.year if known_year else None, day.month, day.day, last if known_year else None)

    def shifted(self, days: int) -> When:
        """The day ``days`` later (次日: 1), in the same (possibly unknown) year."""
        moved = date(self.year or LEAP_YEAR, self.month, self.day) + timedelta(days=days)
        return When.of(moved, known_year=self.year is not None)
PRECISIONS = {10: "day", 7: "month", 4: "year"}  # the length of an ISO date → how precise it is


def precision(iso: str | None) -> str | None:
    """How precise a date written in ISO 8601 is: ``day``, ``month``, ``year``, or ``day, year
    unknown`` (XSD gMonthDay: ``--10-23``).

    >>> [precision(d) for d in ("2016-03-09", "2016-03", "2016", "--03-09", None)]
    ['day', 'month', 'year', 'day, year unknown', None]
    """
    if iso is None:
        return None
    return "day, year unknown" if iso.startswith("--") else PRECISIONS[len(iso)]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in the original text."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Source:
    """A file read from disk and decoded to text."""

    path: Path
    text: str
    encoding: str
    format: str  # "txt" | "docx" | "html"
    sha256: str


@dataclass(slots=True)
class Sentence:
    """One sentence of an item: offsets into the normalized text and its text."""

    index: int
    start: int  # normalized offsets
    end: int
    text: str  # normalized text


@dataclass(slots=True)
class Item:
    """One article of a bulletin: headline, body, source line and sentences."""

    index: int
    headline: str
    start: int  # normalized offsets of the whole item (headline included)
    end: int
    body_start: int
    section: str | None = None
    source_line: str | None = None  # e.g. 信息调研处, without the brackets
    sentences: list[Sentence] = field(default_factory=list)
    year: int | None = None  # the year a heading above the item gives (a chronicle's 2014年)
    month: int | None = None  # the month a heading above the item gives (a chronicle's 1月 over 8日 …)
    # lines that date the page or name its source (作者：甲 来源：乙 发布时间：…): no sentences of
    # its events, but a byline in one names a person
    meta_lines: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class DistributionEntry:
    """One entry of the 报/送/发 list at the end of a bulletin."""

    channel: str  # 报 | 送 | 发
    text: str
    start: int  # normalized offsets
    end: int


@dataclass(slots=True)
class Document:
    """A bulletin ready for extraction."""

    id: str
    source: Source
    text: str  # normalized text (simplified, glosses dropped)
    offsets: list[int]  # normalized index -> original index (len(text) + 1 entries)
    published: date | None
    items: list[Item] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    distribution: list[DistributionEntry] = field(default_factory=list)
    city: str | None = None  # the jurisdiction 我市 and 市委 refer to, e.g. 温州市
    province: str | None = None
    local: str | None = None  # the county or district 我县/县委 refer to, in a county bulletin
    issuer: str | None = None  # the body 我办 refers to
    day: When | None = None  # the document's own day (``published`` once its year is known)
    year: int | None = None  # the year of dates written without one; None: unknown
    date_source: str = ""  # where they came from: given, header, dateline, file name, text
    text_digest: str = ""  # kg.ids.text_digest of the text, kept where the text is not (extraction records)

    @property
    def text_id(self) -> str:
        """What makes two files one document: :func:`kg.ids.text_digest` of the text ("" if unknown)."""
        return self.text_digest or (ids.text_digest(self.text) if self.text else "")

    def original_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized ``[start, end)`` range to the original text: its start and end there."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(slots=True)
class Provenance:
    """Where a fact was read: document, item, sentence and character span."""

    doc: str
    item: int
    sentence: int
    start: int  # original offsets of the evidence
    end: int
    text: str  # the sentence, as in the original file
    sentence_start: int = 0  # original offsets of the sentence


@dataclass(slots=True)
class Person:
    id: str
    name: str
    pinyin: str
    mentions: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Organization:
    id: str
    name: str  # fullest form the document supports
    kind: str  # an OrganizationKind local name, e.g. PartyCommittee
    aliases: set[str] = field(default_factory=set)
    parent: str | None = None  # id of the organization it belongs to
    mentions: list[Provenance] = field(default_factory=list)
    area: Area | None = None  # its jurisdiction: the administrative place its name starts with

    @property
    def jurisdiction(self) -> Place | None:
        return self.area.place() if self.area else None


@dataclass(slots=True)
class Tenure:
    """A person's post as one document tells it: observed held on the document's date, and, when the
    text says so, given (``start``) or left (``end``) on a date of some precision (:func:`precision`),
    with the sentence that says it; a post given as another's was left, a succession (``replaces``)."""

    id: str
    person: str  # person name
    person_id: str
    title: str  # bare post title: 书记, 市长 ...
    org: str | None  # organization name
    org_id: str | None
    observed: date | None  # None for a post the text says was held before (原市长), or left
    provenance: Provenance
    start: str | None = None  # the stated start: 2016-03-09, 2016-03, 2016 or --03-09 (year unknown)
    end: str | None = None  # the stated end, in the same forms
    start_evidence: Provenance | None = None  # the sentence stating the start (its date may be unknown)
    end_evidence: Provenance | None = None  # the sentence stating the end (原市长: the date is unknown)
    replaces: list[str] = field(default_factory=list)  # tenures of the same post this one took over
    replaced_by: list[str] = field(default_factory=list)

    @property
    def post(self) -> Post:
        """The post held: the title at the organization."""
        name = f"{self.org} · {self.title}" if self.org else self.title
        return Post(ids.post_id(self.org_id, self.title), self.title, name, self.org_id)


@dataclass(slots=True)
class Event:
    id: str
    kind: str  # an EventKind local name, e.g. Meeting
    name: str | None
    date: date | None
    end_date: date | None
    place: str | None
    organizer: str | None  # organization name
    cameo: str | None
    provenance: Provenance
    place_full: str | None = None  # the administrative place: 浙江省温州市瑞安市
    month_day: str | None = None  # --10-23 (XSD gMonthDay) when the year is unknown and ``date`` None
    area: Area | None = None  # the administrative place, when the place is one

    @property
    def location(self) -> Place | None:
        """Where the event was held, if the text says: an administrative place by its code, else by name."""
        if self.area is not None:
            return self.area.place(self.place)
        return Place(ids.place_id(self.place), self.place, self.place_full) if self.place else None


@dataclass(slots=True)
class Participation:
    id: str
    person: str
    person_id: str
    event_id: str
    date: date | None
    roles: list[str]
    provenance: Provenance


@dataclass(slots=True)
class Agreement:
    id: str
    name: str
    date: date | None
    parties: list[str]
    party_ids: list[str]
    event_id: str | None
    amount_yuan: float | None = None
    area_mu: float | None = None
    projects: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)  # person ids
    provenance: Provenance | None = None
    month_day: str | None = None  # --10-23 (XSD gMonthDay) when the year is unknown and ``date`` None

    @property
    def concerns(self) -> list[Project]:
        """The projects the agreement is about."""
        return [Project(ids.project_id(name), name) for name in self.projects]


# Entities that facts imply rather than state: each is derived from a fact when asked for.


@dataclass(frozen=True, slots=True)
class Post:
    """A post, a title at an organization (:attr:`Tenure.post`)."""

    id: str
    title: str
    name: str  # 温州市人民政府 · 市长, or the title alone
    org_id: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A place events are held in (:attr:`Event.location`) or an organization's jurisdiction
    (:attr:`Organization.jurisdiction`)."""

    id: str
    name: str
    full_name: str | None  # the administrative place: 浙江省温州市瑞安市
    code: str | None = None  # administrative division code (GB/T 2260): 330381
    level: str | None = None  # province | city | county
    aliases: list[str] = field(default_factory=list)  # the names it had before (襄樊市), as written (瑞安)
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Area:
    """An administrative division, as the gazetteer names it today: one place under all its names."""

    code: str  # GB/T 2260: 420600
    name: str  # 襄阳市
    full_name: str  # 湖北省襄阳市
    level: str  # province | city | county
    former: list[str] = field(default_factory=list)  # 襄樊市
    latitude: float | None = None  # of its seat, where a package gives it
    longitude: float | None = None

    def place(self, written: str | None = None) -> Place:
        """The place node: keyed by the code, so a renamed place is one place with both names."""
        aliases = sorted({*self.former, *([written] if written and written != self.name else [])})
        return Place(
            ids.area_id(self.code),
            self.name,
            self.full_name,
            self.code,
            self.level,
            aliases,
            self.latitude,
            self.longitude,
        )


@dataclass(frozen=True, slots=True)
class Project:
    """A project agreements concern (:attr:`Agreement.concerns`)."""

    id: str
    name: str


@dataclass(slots=True)
class Facts:
    """Everything extracted from one document."""

    document: Document
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
