"""Each kind of fact, declared once: its class, its record, its RDF terms, whether it is counted.

A :class:`FactKind` names the model class (:mod:`kg.model`), the record kind ``kg extract``
writes and the attribute of :class:`~kg.model.Facts` that holds the facts, the RDF class, and
for each field the RDF property it is written with and how (:class:`Field`). Posts, places and
projects are declared too: entities a fact implies (a tenure's post), without records of
their own. Records (:mod:`kg.records`), RDF (:mod:`kg.rdf`), resolution across bulletins
(:mod:`kg.resolve`), the property graph's list properties (:mod:`kg.property_graph`) and the
counts (:meth:`kg.api.KnowledgeGraph.counts`) iterate these declarations, so a new kind of
fact, or a new field, is declared here, in the ontology (its terms) and in the extractor step
that fills it.

>>> [k.record for k in RECORDED]
['person', 'organization', 'tenure', 'event', 'participation', 'agreement']
>>> [k.rdf_class.removeprefix(str(BK)) for k in KINDS if k.counted]
['Person', 'Post', 'Organization', 'Event', 'Agreement']
>>> sorted(p.removeprefix(str(BK)) for p in list_predicates())
['https://schema.org/alternateName', 'party', 'replacedBy', 'replaces', 'role', 'signatory']
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from typing import Literal

from rdflib import RDF, URIRef

from kg.model import Agreement, Event, Organization, Participation, Person, Place, Post, Project, Tenure
from kg.ontology import BK, ORG, PROV, SCHEMA

Form = Literal["value", "dated", "term", "link", "named", "evidence", "entity", "key"]


@dataclass(frozen=True)
class Field:
    """How a field (or property) of a fact is written in RDF, with ``predicate``:

    ``value`` a literal (dates, numbers and text typed); ``dated`` a date of some precision written
    in ISO 8601, typed by its form (``2016-03-09`` xsd:date, ``2016-03`` xsd:gYearMonth, ``2016``
    xsd:gYear, ``--03-09`` xsd:gMonthDay: a day of an unknown year); ``term`` an ontology term named by the
    value (a role, an organization's kind); ``link`` the node of an id; ``named`` the document's
    organization of that name; ``evidence`` the sentence it was read in (a :class:`~kg.model.Provenance`);
    ``entity`` an entity the fact implies, described by its own kind; ``key`` the resolution key
    of the id. A list or set gives one triple per element. ``refers`` says what a ``link`` holds
    when the resolver re-keys it (``person``, ``organization``, ``event``), and ``names`` the field holding
    the names of those organizations, kept in step.
    """

    name: str
    predicate: URIRef
    form: Form = "value"
    refers: Literal["person", "organization", "event"] | None = None
    names: str | None = None

    @functools.cached_property
    def term(self) -> str:
        """The predicate as N-Triples text."""
        return f"<{self.predicate}>"


@dataclass(frozen=True)
class FactKind:
    """One kind of fact (see the module's documentation)."""

    record: str | None  # the record's kind in kg extract's JSON Lines; None: implied by other facts
    cls: type
    rdf_class: URIRef
    fields: tuple[Field, ...]
    facts: str | None = None  # the attribute of Facts holding them
    kind_field: str | None = None  # the record's name for the fact's own "kind" field
    counted: bool = False  # among the counts of a store (kg demo's "Found: …")

    @functools.cached_property
    def term(self) -> str:
        """The RDF class as N-Triples text."""
        return f"<{self.rdf_class}>"


PERSON = FactKind(
    "person",
    Person,
    BK.Person,
    (
        Field("name", SCHEMA.name),
        Field("pinyin", BK.pinyin),
        Field("id", BK.resolutionKey, "key"),
        Field("mentions", BK.mentionedIn, "evidence"),
    ),
    facts="persons",
    counted=True,
)
POST = FactKind(
    None,
    Post,
    BK.Post,
    (Field("title", BK.title), Field("name", SCHEMA.name), Field("org_id", ORG.postIn, "link")),
    counted=True,
)
ORGANIZATION = FactKind(
    "organization",
    Organization,
    BK.Organization,
    (
        Field("kind", RDF.type, "term"),
        Field("kind", BK.kind),
        Field("name", SCHEMA.name),
        Field("aliases", SCHEMA.alternateName),
        Field("parent", ORG.subOrganizationOf, "link"),
        Field("jurisdiction", BK.jurisdiction, "entity"),
    ),
    facts="organizations",
    kind_field="org_kind",
    counted=True,
)
TENURE = FactKind(
    "tenure",
    Tenure,
    BK.Tenure,
    (
        Field("person_id", ORG.member, "link", refers="person"),
        Field("post", BK.post, "entity"),
        Field("org_id", ORG.organization, "link", refers="organization", names="org"),
        Field("observed", BK.firstObserved),
        Field("observed", BK.lastObserved),
        Field("start", BK.statedStart, "dated"),
        Field("end", BK.statedEnd, "dated"),
        Field("start_evidence", BK.startStatedIn, "evidence"),
        Field("end_evidence", BK.endStatedIn, "evidence"),
        Field("replaces", BK.replaces, "link"),
        Field("replaced_by", BK.replacedBy, "link"),
        Field("provenance", PROV.wasDerivedFrom, "evidence"),
    ),
    facts="tenures",
)
PLACE = FactKind(
    None,
    Place,
    BK.Place,
    (
        Field("name", SCHEMA.name),
        Field("full_name", BK.fullName),
        Field("code", BK.adminCode),
        Field("level", BK.placeLevel),
        Field("aliases", SCHEMA.alternateName),
        Field("latitude", SCHEMA.latitude),
        Field("longitude", SCHEMA.longitude),
    ),
)
EVENT = FactKind(
    "event",
    Event,
    BK.Event,
    (
        Field("kind", RDF.type, "term"),
        Field("kind", BK.kind),
        Field("name", SCHEMA.name),
        Field("date", SCHEMA.startDate),
        Field("end_date", SCHEMA.endDate),
        Field("month_day", BK.monthDay, "dated"),
        Field("cameo", BK.cameoCode),
        Field("location", SCHEMA.location, "entity"),
        Field("organizer", SCHEMA.organizer, "named"),
        Field("provenance", PROV.wasDerivedFrom, "evidence"),
    ),
    facts="events",
    kind_field="event_kind",
    counted=True,
)
PARTICIPATION = FactKind(
    "participation",
    Participation,
    BK.Participation,
    (
        Field("person_id", BK.participant, "link", refers="person"),
        Field("event_id", BK.inEvent, "link", refers="event"),
        Field("roles", BK.role, "term"),
        Field("provenance", PROV.wasDerivedFrom, "evidence"),
    ),
    facts="participations",
)
PROJECT = FactKind(None, Project, BK.Project, (Field("name", SCHEMA.name),))
AGREEMENT = FactKind(
    "agreement",
    Agreement,
    BK.Agreement,
    (
        Field("name", SCHEMA.name),
        Field("date", BK.signingDate),
        Field("month_day", BK.monthDay, "dated"),
        Field("party_ids", BK.party, "link", refers="organization", names="parties"),
        Field("event_id", BK.signedAt, "link", refers="event"),
        Field("amount_yuan", BK.amountYuan),
        Field("area_mu", BK.areaMu),
        Field("concerns", BK.concerns, "entity"),
        Field("signatories", BK.signatory, "link", refers="person"),
        Field("provenance", PROV.wasDerivedFrom, "evidence"),
    ),
    facts="agreements",
    counted=True,
)

KINDS = (PERSON, POST, ORGANIZATION, TENURE, PLACE, EVENT, PARTICIPATION, PROJECT, AGREEMENT)
RECORDED = tuple(k for k in KINDS if k.record)  # in the order of kg extract's records
OF_CLASS = {k.cls: k for k in KINDS}
OF_RECORD = {k.record: k for k in RECORDED}


@functools.cache
def list_predicates() -> frozenset[str]:
    """The properties whose values are lists (a literal, term or link field holding a list or a set)."""
    out = set()
    for kind in KINDS:
        hints = typing.get_type_hints(kind.cls)
        for f in kind.fields:
            if f.form in ("value", "term", "link") and typing.get_origin(hints.get(f.name)) in (list, set):
                out.add(str(f.predicate))
    return frozenset(out)
