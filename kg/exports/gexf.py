"""The graph as GEXF 1.3 with time spells, so that Gephi's timeline plays it.

Nodes are the entities (people, organizations, posts, events, agreements, places, projects) with
their kind, name and pinyin; edges the fact relationships, typed (``relationship``); a post held
also has its stated ``start`` and ``end`` with their precision. What has a time carries
``<spells>``: a post held (``HOLDS``) one spell per spell of the person in it (:mod:`kg.spells`:
from the stated start, else the first observation, to the stated end, else the last
observation), taking part in an event (``PARTICIPATED_IN``) the event's days, an event or an
agreement its days, a person the span from their first to their last dated fact. Dates of a
month or a year span the whole month or year; a day of an unknown year is left out. Streamed:
nodes class by class, then edges predicate by predicate, in flat memory.

>>> spell_bounds("2016-03", "2016")
('2016-03-01', '2016-12-31')
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from typing import IO
from xml.sax.saxutils import quoteattr

from kg import ids
from kg.api import KnowledgeGraph
from kg.exports.reading import Node, Reader
from kg.model import precision
from kg.ontology import BK, SCHEMA
from kg.property_graph import mapping
from kg.queries.library import FACT_RELATIONS
from kg.spells import comparable

ENTITIES = ("Person", "Organization", "Post", "Event", "Agreement", "Place", "Project")
_PREFIXES = ("person-", "org-", "post-", "event-", "agreement-", "place-", "project-")  # ids of entities
NODE_ATTRIBUTES = ("kind", "pinyin", "date")
EDGE_ATTRIBUTES = ("relationship", "roles", "start", "start_precision", "end", "end_precision")


def first_day(iso: str) -> str:
    """The first day of the period an ISO date of any precision names."""
    return iso + "-01-01"[len(iso) - 4 :] if len(iso) < 10 else iso


def last_day(iso: str) -> str:
    """The last day of the period an ISO date of any precision names."""
    if len(iso) == 4:
        return iso + "-12-31"
    if len(iso) == 7:
        year, month = int(iso[:4]), int(iso[5:])
        return f"{iso}-{calendar.monthrange(year, month)[1]:02d}"
    return iso


def spell_bounds(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A spell's first and last day (None: open)."""
    start, end = comparable(start), comparable(end)
    return (first_day(start) if start else None, last_day(end) if end else None)


def _spell(start: str | None, end: str | None) -> str:
    first, last = spell_bounds(start, end)
    bounds = (f" start={quoteattr(first)}" if first else "") + (f" end={quoteattr(last)}" if last else "")
    return f"<spell{bounds}/>" if bounds else ""


def _element(tag: str, attrs: dict, values: dict, spells: list[str]) -> str:
    head = " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items())
    inner = "".join(f"<attvalue for={quoteattr(k)} value={quoteattr(str(v))}/>" for k, v in values.items() if v)
    body = (f"<attvalues>{inner}</attvalues>" if inner else "") + (
        f"<spells>{''.join(spells)}</spells>" if any(spells) else ""
    )
    return f"<{tag} {head}>{body}</{tag}>\n"


def _header() -> str:
    def attributes(cls: str, names: tuple[str, ...]) -> str:
        rows = "".join(f'<attribute id="{n}" title="{n}" type="string"/>' for n in names)
        return f'<attributes class="{cls}" mode="static">{rows}</attributes>\n'

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        "<meta><creator>bulletin-kg</creator><description>officials, posts, organizations, events and "
        "agreements of Chinese government bulletins</description></meta>\n"
        '<graph mode="dynamic" defaultedgetype="directed" timeformat="date" timerepresentation="interval">\n'
        + attributes("node", NODE_ATTRIBUTES)
        + attributes("edge", EDGE_ATTRIBUTES)
    )


class _Writer:
    def __init__(self, kg: KnowledgeGraph, out: IO[bytes]) -> None:
        self.reader = Reader(kg.store)
        self.out = out
        self.counts = {"nodes": 0, "edges": 0}

    def write(self, text: str, what: str | None = None) -> None:
        self.out.write(text.encode())
        if what:
            self.counts[what] += 1

    def nodes(self) -> None:
        for label in ENTITIES:
            for node in self.reader.nodes(BK[label]):
                self.write(self.node(label, node), "nodes")

    def node(self, label: str, node: Node) -> str:
        day, end = node.one(SCHEMA.startDate) or node.one(BK.signingDate), node.one(SCHEMA.endDate)
        spells = [_spell(day, end or day)] if day else []
        if label == "Person":
            spells = [_spell(*self.span(node.id))]
        name = node.one(SCHEMA.name) or node.one(BK.kind) or node.id
        values = {"kind": label, "pinyin": node.one(BK.pinyin), "date": day}
        return _element("node", {"id": node.id, "label": name}, values, spells)

    def span(self, person: str) -> tuple[str | None, str | None]:
        """A person's first and last dated fact: posts (their spells) and events."""
        days = [d for s in self.reader.spells(person) for d in (s.begin, s.until) if d]
        for part in self.reader.subjects(BK.participant, person):
            event = self.reader.node(str(self.reader.describe(part).one(BK.inEvent)))
            days += [d for d in (event.one(SCHEMA.startDate), event.one(SCHEMA.endDate)) if d]
        return (min(days), max(days)) if days else (None, None)

    def edges(self) -> None:
        for person, spells in self.reader.people_spells():
            for s in spells:
                key = ids.spell_id(person, s.post, s.sources[0])
                values = {"relationship": "HOLDS", "start": s.start, "end": s.end} | {
                    f"{k}_precision": precision(getattr(s, k)) for k in ("start", "end")
                }
                spell = _spell(s.begin, s.until)
                self.write(_element("edge", {"id": key, "source": person, "target": s.post}, values, [spell]), "edges")
        for part in self.reader.nodes(BK.Participation):
            event, person = part.one(BK.inEvent), part.one(BK.participant)
            if _entity(person) and _entity(event):
                node = self.reader.node(str(event))
                day = node.one(SCHEMA.startDate)
                values = {"relationship": "PARTICIPATED_IN", "roles": "|".join(part.all(BK.role))}
                attrs = {"id": part.id, "source": person, "target": event}
                self.write(_element("edge", attrs, values, [_spell(day, node.one(SCHEMA.endDate) or day)]), "edges")
        for predicate, rtype in self.relations():
            for source, target in self.reader.pairs(predicate):
                if _entity(source) and _entity(target):
                    attrs = {"id": f"{source}|{rtype}|{target}", "source": source, "target": target}
                    self.write(_element("edge", attrs, {"relationship": rtype}, []), "edges")

    @staticmethod
    def relations() -> Iterator[tuple[str, str]]:
        """The object properties that are fact relationships (POST_IN, HAS_PARTY …)."""
        for predicate, rtype in sorted(mapping().relations.items(), key=lambda kv: kv[1]):
            if rtype in FACT_RELATIONS:
                yield predicate, rtype


def _entity(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_PREFIXES)


def write_gexf(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The graph as dynamic GEXF 1.3, streamed."""
    w = _Writer(kg, out)
    w.write(_header() + "<nodes>\n")
    w.nodes()
    w.write("</nodes>\n<edges>\n")
    w.edges()
    w.write("</edges>\n</graph>\n</gexf>\n")
    return w.counts
