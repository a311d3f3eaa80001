"""The graph in Popolo JSON (popoloproject.com), for civic-tech tools.

One JSON object with the collections ``persons`` (name, pinyin among ``other_names``),
``organizations`` (name, ``classification`` = its kind, aliases, ``parent_id``, ``area_id``),
``posts`` (label, role = the title, ``organization_id``), ``memberships`` (one per spell of a
person in a post, :mod:`kg.spells`: ``person_id``, ``organization_id``, ``post_id``, ``role``,
``start_date`` and ``end_date`` as precise as stated — Popolo dates are ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, so a day of an unknown year goes to the ``label`` instead), ``events`` (name,
classification, dates, location, ``organization_id`` of the organizer, ``attendees``) and
``areas`` (the places, with their administrative division code among ``identifiers``). Every
object lists its ``sources``: the bulletins telling it (``url``: the document's IRI, ``note``:
its file name). Written collection by collection, each object when it is read: flat memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from kg import ids
from kg.api import KnowledgeGraph
from kg.exports.reading import Reader
from kg.ontology import BK, ID, ORG, SCHEMA
from kg.spells import Spell, comparable

ADMIN_CODE_SCHEME = "GB/T 2260"  # the administrative division codes of the People's Republic of China


class _Writer:
    def __init__(self, kg: KnowledgeGraph, out: IO[bytes]) -> None:
        self.reader = Reader(kg.store)
        self.out = out
        self.counts: dict[str, int] = {}

    def write(self, text: str) -> None:
        self.out.write(text.encode())

    def collection(self, name: str, objects: Iterator[dict], first: bool = False) -> None:
        self.write(("" if first else ",\n") + json.dumps(name) + ": [")
        n = 0
        for obj in objects:
            self.write(("\n" if n == 0 else ",\n") + json.dumps(_compact(obj), ensure_ascii=False, sort_keys=True))
            n += 1
        self.write("\n]")
        self.counts[name] = n

    def sources(self, documents: list[str]) -> list[dict]:
        return [{"url": str(ID[d]), "note": self.reader.node(d).one(BK.fileName)} for d in documents]

    def persons(self) -> Iterator[dict]:
        for node in self.reader.nodes(BK.Person):
            pinyin = node.one(BK.pinyin)
            yield {
                "id": node.id,
                "name": node.one(SCHEMA.name),
                "other_names": [{"name": pinyin, "note": "pinyin"}] if pinyin else [],
                "sources": self.sources(node.documents),
            }

    def organizations(self) -> Iterator[dict]:
        for node in self.reader.nodes(BK.Organization):
            yield {
                "id": node.id,
                "name": node.one(SCHEMA.name),
                "classification": node.one(BK.kind),
                "other_names": [{"name": a} for a in node.all(SCHEMA.alternateName)],
                "parent_id": node.one(ORG.subOrganizationOf),
                "area_id": node.one(BK.jurisdiction),
                "sources": self.sources(node.documents),
            }

    def posts(self) -> Iterator[dict]:
        for node in self.reader.nodes(BK.Post):
            yield {
                "id": node.id,
                "label": node.one(SCHEMA.name),
                "role": node.one(BK.title),
                "organization_id": node.one(ORG.postIn),
                "sources": self.sources(node.documents),
            }

    def memberships(self) -> Iterator[dict]:
        for person, spells in self.reader.people_spells():
            for s in spells:
                yield self.membership(person, s)

    def membership(self, person: str, s: Spell) -> dict:
        unknown_year = [f"{what} {d} (year unknown)" for what, d in (("start", s.start), ("end", s.end)) if _md(d)]
        return {
            "id": ids.spell_id(person, s.post, s.sources[0]),
            "label": "; ".join(unknown_year) or None,
            "person_id": person,
            "organization_id": s.org_id,
            "post_id": s.post,
            "role": s.title,
            "start_date": comparable(s.start),
            "end_date": comparable(s.end),
            "sources": self.sources(s.documents),
        }

    def events(self) -> Iterator[dict]:
        for node in self.reader.nodes(BK.Event):
            place = node.one(SCHEMA.location)
            attendees = {self.reader.describe(p).one(BK.participant) for p in self.reader.subjects(BK.inEvent, node.id)}
            yield {
                "id": node.id,
                "name": node.one(SCHEMA.name) or node.one(BK.kind),
                "classification": node.one(BK.kind),
                "start_date": node.one(SCHEMA.startDate),
                "end_date": node.one(SCHEMA.endDate),
                "location": self.reader.node(str(place)).one(SCHEMA.name) if place else None,
                "organization_id": node.one(SCHEMA.organizer),
                "attendees": [{"id": a} for a in sorted(str(a) for a in attendees if a)],
                "sources": self.sources(node.documents),
            }

    def areas(self) -> Iterator[dict]:
        for node in self.reader.nodes(BK.Place):
            code = node.one(BK.adminCode)
            yield {
                "id": node.id,
                "name": node.one(SCHEMA.name),
                "classification": node.one(BK.placeLevel),
                "identifiers": [{"scheme": ADMIN_CODE_SCHEME, "identifier": code}] if code else [],
                "other_names": [{"name": a} for a in node.all(SCHEMA.alternateName)],
                "parent_id": node.one(SCHEMA.containedInPlace),
                "sources": self.sources(node.documents),
            }


def _md(iso: str | None) -> bool:
    return bool(iso) and comparable(iso) is None


def _compact(obj: dict) -> dict:
    """The object without empty values (Popolo's properties are optional)."""
    return {k: v for k, v in obj.items() if v not in (None, [], "")}


def write_popolo(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The graph as one Popolo JSON object, written as it is read."""
    w = _Writer(kg, out)
    w.write("{")
    for i, name in enumerate(("persons", "organizations", "posts", "memberships", "events", "areas")):
        w.collection(name, getattr(w, name)(), first=i == 0)
    w.write("\n}\n")
    return w.counts
