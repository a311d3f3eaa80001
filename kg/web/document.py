"""A stored document's text with every extracted fact marked on its span.

The store keeps what was extracted from each document (its records), with each fact's
character span in the original file, but not the file: the text is read again from a file
the document was ingested from, if one is still there with the same content. Otherwise the
page is made of the sentences the facts were read from, each where it was, with gaps between.

The marks are cut into flat segments (facts overlap: a name inside a title inside an event's
sentence); each segment knows every fact covering it and links to the narrowest.

>>> from kg.web.document import Mark, segments
>>> marks = [Mark(0, 6, "Event", "event-1", "event-1"), Mark(2, 4, "Person", "person-1", "person-1")]
>>> [(s.text, [m.kind for m in s.marks]) for s in segments("市长张三主持会议", marks)]
[('市长', ['Event']), ('张三', ['Person', 'Event']), ('主持', ['Event']), ('会议', [])]
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from kg.api import KnowledgeGraph
from kg.ingest import as_stored, store_aliases
from kg.loaders.read import BulletinError, read_source
from kg.model import Facts, Provenance
from kg.records import from_records
from kg.resolve import Resolver
from kg.stores.rdf_store import Entry

GAP = "\n……\n"
# when two facts cover the same characters, the segment links to the first of these
PRECEDENCE = ("Person", "Organization", "Tenure", "Participation", "Agreement", "Event")


@dataclass(frozen=True, slots=True)
class Mark:
    """A fact's span: ``[start, end)`` in the text, what kind of fact, the entity page it links to."""

    start: int
    end: int
    kind: str  # Person, Organization, Tenure, Participation, Event, Agreement
    target: str  # the id of the page to open
    fact: str  # the fact's own id (the anchor a page links to)

    def rank(self) -> tuple[int, int]:
        return self.end - self.start, PRECEDENCE.index(self.kind)


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same facts (narrowest first)."""

    text: str
    marks: list[Mark] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    """A document's text, the same cut into segments, and every mark (in reading order)."""

    text: str
    segments: list[Segment]
    marks: list[Mark]
    original: bool  # the whole text from the file, or only the sentences facts came from
    facts: Facts


def marks_of(facts: Facts) -> list[Mark]:
    """Every fact's span, linked to its entity (a tenure and a participation to the person's page
    and the event's)."""
    found = []
    for p in facts.persons:
        found += [Mark(m.start, m.end, "Person", p.id, p.id) for m in p.mentions]
    for o in facts.organizations:
        found += [Mark(m.start, m.end, "Organization", o.id, o.id) for m in o.mentions]
    found += [Mark(t.provenance.start, t.provenance.end, "Tenure", t.person_id, t.id) for t in facts.tenures]
    found += [Mark(e.provenance.start, e.provenance.end, "Event", e.id, e.id) for e in facts.events]
    found += [
        Mark(p.provenance.start, p.provenance.end, "Participation", p.event_id, p.id) for p in facts.participations
    ]
    found += [
        Mark(a.provenance.start, a.provenance.end, "Agreement", a.id, a.id) for a in facts.agreements if a.provenance
    ]
    return sorted((m for m in found if m.end > m.start), key=lambda m: (m.start, m.end, m.kind))


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """The text cut at every mark's ends; each piece with the marks covering it, narrowest first."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)} & set(range(len(text) + 1)))
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = sorted((m for m in marks if m.start <= a and b <= m.end), key=Mark.rank)
        out.append(Segment(text[a:b], covering))
    return out


def _original(entry: Entry) -> str | None:
    """The document's text, read from a file it was ingested from that still has its content."""
    for source in sorted(entry.sources):
        path = Path(source)
        try:
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256:
                return read_source(path).text
        except (OSError, BulletinError):
            continue
    return None


def _evidence(facts: Facts) -> list[Provenance]:
    found = [m for p in facts.persons for m in p.mentions] + [m for o in facts.organizations for m in o.mentions]
    found += [x.provenance for x in (*facts.tenures, *facts.events, *facts.participations)]
    return found + [a.provenance for a in facts.agreements if a.provenance]


def _sentences(facts: Facts, marks: list[Mark]) -> tuple[str, list[Mark]]:
    """The sentences the facts came from, in order with gaps between, and the marks moved onto them."""
    sentences = sorted({(p.sentence_start, p.text) for p in _evidence(facts)})
    text, at = "", {}
    for start, sentence in sentences:
        if start in at:
            continue
        text += GAP if text else ""
        at[start] = (len(text), len(sentence))
        text += sentence
    moved = []
    for m in marks:
        home = max((s for s in at if s <= m.start), default=None)
        if home is not None and m.end - home <= at[home][1]:
            offset = at[home][0] - home
            moved.append(Mark(m.start + offset, m.end + offset, m.kind, m.target, m.fact))
    return text, moved


def document_page(kg: KnowledgeGraph, entry: Entry, aliases: dict[str, str] | None = None) -> Page:
    """The document's text and marks, its facts resolved as the store resolved them.

    ``aliases``: the store's organization aliases (:func:`kg.ingest.store_aliases`), if known.
    """
    aliases = store_aliases(kg.store) if aliases is None else aliases
    resolver = Resolver(kg.overrides(), aliases, as_stored(entry))
    facts = resolver.resolve(from_records(kg.store.records(entry.doc_id))).facts
    marks = marks_of(facts)
    text = _original(entry)
    original = text is not None and all(m.end <= len(text) for m in marks)
    if not original:
        text, marks = _sentences(facts, marks)
    return Page(text, segments(text, marks), marks, original, facts)
