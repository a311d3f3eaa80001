"""FollowTheMoney entities (JSON lines), for OpenSanctions, Aleph and the ``ftm`` tools.

One entity per line, ``{"id", "schema", "properties"}``, ids as in the graph (stable across
exports and stores):

* ``Person`` (name, pinyin as an alias); ``PublicBody`` (Party committees, governments, congresses,
  consultative conferences, development zones), ``Company`` (enterprises) or ``Organization``
  (associations, institutions, others), with aliases and the body above (``parent``);
* ``Position`` for each post (its name and organization) and, per spell of a person in it
  (:mod:`kg.spells`), an ``Occupancy`` (holder, post, start and end as precise as stated — a
  day of an unknown year is left out —, status ``ended`` or ``unknown``), or a ``Membership``
  for a seat many hold (委员, 常委: member, organization, role);
* ``Event`` (kind, dates, place, organizer, the people ``involved``), ``Contract`` for each
  agreement (parties as ``authority``, signing date, amount in CNY);
* ``Document`` for each bulletin, and a ``Documentation`` linking every entity above to each
  bulletin that tells it, with a sentence that does (``summary``).

Streamed class by class and person by person, in flat memory.
"""

from __future__ import annotations

import json
from typing import IO

from kg import ids
from kg.api import KnowledgeGraph
from kg.exports.reading import Node, Reader
from kg.loaders.changes import base_title
from kg.loaders.lexicon import lexicon
from kg.ontology import BK, ORG, PROV, SCHEMA
from kg.spells import Spell, comparable

PUBLIC_BODIES = {"PartyCommittee", "GovernmentBody", "PeoplesCongress", "PoliticalConsultative", "DevelopmentZone"}
SENTENCE_LINKS = (PROV.wasDerivedFrom, BK.mentionedIn, BK.startStatedIn, BK.endStatedIn)


def organization_schema(kind: str | None) -> str:
    """The FtM schema of an organization of a kind (bk:kind)."""
    return "PublicBody" if kind in PUBLIC_BODIES else "Company" if kind == "Enterprise" else "Organization"


def seat(title: str | None) -> bool:
    """Whether a title is a seat many hold at once (委员, 常委), written as a Membership."""
    return (title or "") in {w for w, k in lexicon().tenure_words.items() if k == "seat"}


def entity(id_: str, schema: str, **properties: object) -> dict:
    """An FtM entity: properties as lists of strings, empty ones left out."""
    props = {}
    for name, value in properties.items():
        values = value if isinstance(value, list) else [value]
        if kept := [str(v) for v in values if v not in (None, "")]:
            props[name] = kept
    return {"id": id_, "schema": schema, "properties": props}


class _Writer:
    def __init__(self, kg: KnowledgeGraph, out: IO[bytes]) -> None:
        self.reader = Reader(kg.store)
        self.out = out
        self.counts: dict[str, int] = {}

    def emit(self, found: dict) -> None:
        self.out.write((json.dumps(found, ensure_ascii=False, sort_keys=True) + "\n").encode())
        self.counts[found["schema"]] = self.counts.get(found["schema"], 0) + 1

    def documented(self, node: Node, found: dict, role: str) -> None:
        """The entity, and one Documentation for each bulletin telling it."""
        self.emit(found)
        for doc in node.documents:
            sentence = next((x for p in SENTENCE_LINKS for x in node.all(p) if _in(x, doc)), None)
            self.documentation(found["id"], doc, sentence, role)

    def documentation(self, entity_id: str, doc: str, sentence: object, role: str) -> None:
        """An entity told by a bulletin, with the sentence that tells it (if known)."""
        summary = self.reader.describe(str(sentence)).one(SCHEMA.text) if sentence else None
        self.emit(
            entity(
                ids.link_id("documentation", entity_id, doc),
                "Documentation",
                document=doc,
                entity=entity_id,
                role=role,
                date=self.reader.published(doc),
                summary=summary,
            )
        )

    def documents(self) -> None:
        for doc in self.reader.nodes(BK.Document):
            self.emit(
                entity(
                    doc.id,
                    "Document",
                    fileName=doc.one(BK.fileName),
                    title=doc.one(BK.fileName),
                    publishedAt=doc.one(SCHEMA.datePublished),
                    language="zho",
                    country="cn",
                )
            )

    def people(self) -> None:
        for node in self.reader.nodes(BK.Person):
            found = entity(node.id, "Person", name=node.one(SCHEMA.name), alias=node.one(BK.pinyin), country="cn")
            self.documented(node, found, "mentioned")

    def organizations(self) -> None:
        for node in self.reader.nodes(BK.Organization):
            schema = organization_schema(node.one(BK.kind))
            found = entity(
                node.id,
                schema,
                name=node.one(SCHEMA.name),
                alias=node.all(SCHEMA.alternateName),
                parent=node.one(ORG.subOrganizationOf),
                classification=node.one(BK.kind),
                jurisdiction="cn",
            )
            self.documented(node, found, "mentioned")

    def positions(self) -> None:
        for node in self.reader.nodes(BK.Post):
            if not seat(node.one(BK.title)):
                found = entity(
                    node.id, "Position", name=node.one(SCHEMA.name), organization=node.one(ORG.postIn), country="cn"
                )
                self.emit(found)

    def spells(self) -> None:
        for person, spells in self.reader.people_spells():
            for s in spells:
                self.spell(person, s)

    def spell(self, person: str, s: Spell) -> None:
        key = ids.spell_id(person, s.post, s.sources[0])
        dates = {"startDate": comparable(s.start), "endDate": comparable(s.end), "status": _status(s)}
        if seat(s.title):
            if s.org_id is None:
                return
            found = entity(key, "Membership", member=person, organization=s.org_id, role=s.title, **dates)
        else:
            found = entity(key, "Occupancy", holder=person, post=s.post, **dates)
        found["properties"]["description"] = [_told(s)]
        self.emit(found)
        for doc in s.documents:
            stated = next((x for x in (s.start_sentence, s.end_sentence) if _in(x, doc)), None)
            self.documentation(key, doc, stated, "stated" if stated else "observed")

    def events(self) -> None:
        for node in self.reader.nodes(BK.Event):
            involved = [self.reader.describe(p).one(BK.participant) for p in self.reader.subjects(BK.inEvent, node.id)]
            place = node.one(SCHEMA.location)
            found = entity(
                node.id,
                "Event",
                name=node.one(SCHEMA.name) or node.one(BK.kind),
                summary=node.one(BK.kind),
                startDate=node.one(SCHEMA.startDate),
                endDate=node.one(SCHEMA.endDate),
                location=self.reader.node(str(place)).one(SCHEMA.name) if place else None,
                organizer=node.all(SCHEMA.organizer),
                involved=sorted({str(p) for p in involved if p}),
                country="cn",
            )
            self.documented(node, found, "reported")

    def contracts(self) -> None:
        for node in self.reader.nodes(BK.Agreement):
            amount = node.one(BK.amountYuan)
            found = entity(
                node.id,
                "Contract",
                title=node.one(SCHEMA.name),
                authority=node.all(BK.party),
                contractDate=node.one(BK.signingDate),
                amount=amount,
                currency="CNY" if amount else None,
                country="cn",
            )
            self.documented(node, found, "reported")


def _status(s: Spell) -> str:
    """``ended`` when an end is stated, else ``unknown`` (a post observed may have been left since)."""
    return "ended" if s.ended else "unknown"


def _told(s: Spell) -> str:
    """How the spell is known: its stated dates (with their precision) and observations."""
    parts = [f"{base_title(s.title or '')} {s.organization or ''}".strip()]
    if s.start:
        parts.append(f"start {s.start} (stated)")
    if s.end or s.ended:
        parts.append(f"end {s.end or 'before the bulletin'} (stated)")
    if s.first_observed:
        parts.append(f"observed {s.first_observed} to {s.last_observed}")
    return "; ".join(parts)


def _in(sentence: object, doc: str) -> bool:
    """Whether a sentence is of a document (a sentence's id starts with its document's)."""
    return isinstance(sentence, str) and sentence.startswith(doc + "-s-")


def write_ftm(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The graph as FollowTheMoney entities, one JSON object per line, streamed."""
    w = _Writer(kg, out)
    for step in (w.documents, w.people, w.organizations, w.positions, w.spells, w.events, w.contracts):
        step()
    return dict(sorted(w.counts.items()))
