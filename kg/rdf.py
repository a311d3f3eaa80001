"""Facts → RDF, in the terms of the ontology (one graph per document).

Identifiers are stable: the same input gives the same IRIs. The ids come from
the facts (see :mod:`kg.resolve` for how persons and organizations are keyed
across bulletins), so a second bulletin naming the same officials adds events,
not duplicate people.

>>> from kg.loaders.extract import extract_path, sample_path
>>> from kg.rdf import facts_to_graph, facts_to_triples, to_ntriples
>>> facts = extract_path(sample_path(), "2014-10-31")
>>> len(facts_to_graph(facts)) > 500
True
>>> len(to_ntriples(facts_to_triples(facts)).splitlines()) == len(facts_to_graph(facts))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.loaders.extract import stable_id
from kg.loaders.orgs import org_kind
from kg.model import Facts, Organization, Provenance
from kg.ontology import BK, ID, ORG, PREFIXES, PROV, SCHEMA


def iri(local_id: str) -> URIRef:
    return ID[local_id]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document, also the name of its graph."""
    return ID[doc_id]


def _date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Writer:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.doc = facts.document
        self.triples: dict[Triple, None] = {}  # an ordered set
        self.org_ids = {o.name: o.id for o in facts.organizations}

    def add(self, s: URIRef, p: URIRef, o) -> None:
        if o is not None:
            self.triples[(s, p, o if isinstance(o, URIRef | Literal) else Literal(o))] = None

    def org(self, name: str) -> URIRef:
        """The organization of this document called ``name`` (described here if the facts do not list it)."""
        if name not in self.org_ids:
            self.org_ids[name] = stable_id("org", name)
            _organization(self, Organization(self.org_ids[name], name, org_kind(name) or "OtherOrganization"))
        return iri(self.org_ids[name])

    def sentence(self, prov: Provenance) -> URIRef:
        """The sentence a fact came from, with its item and character span."""
        item = iri(f"{self.doc.id}-item-{prov.item}")
        s = iri(f"{self.doc.id}-s-{prov.item}-{prov.sentence}")
        if (s, RDF.type, BK.Sentence) not in self.triples:
            self.add(s, RDF.type, BK.Sentence)
            self.add(s, SCHEMA.isPartOf, item)
            self.add(s, SCHEMA.text, prov.text)
            self.add(s, BK["index"], Literal(prov.sentence))
            self.add(s, BK.charStart, Literal(prov.sentence_start))
            self.add(s, BK.charEnd, Literal(prov.sentence_start + len(prov.text)))
        return s

    def derived(self, node: URIRef, prov: Provenance) -> None:
        self.add(node, PROV.wasDerivedFrom, self.sentence(prov))
        self.add(node, BK.extractor, prov.extractor)


def facts_to_graph(facts: Facts, keys: Mapping[str, str] | None = None) -> Graph:
    """The RDF graph of one document's facts (``keys``: person id → resolution key)."""
    g = Graph()
    for k, v in PREFIXES.items():
        g.bind(k, v)
    g += facts_to_triples(facts, keys)
    return g


def facts_to_triples(facts: Facts, keys: Mapping[str, str] | None = None) -> list[Triple]:
    """The triples of one document's facts, without duplicates."""
    w = _Writer(facts)
    _document(w)
    for p in facts.persons:
        node = iri(p.id)
        w.add(node, RDF.type, BK.Person)
        w.add(node, SCHEMA.name, p.name)
        w.add(node, BK.pinyin, p.pinyin)
        w.add(node, BK.resolutionKey, (keys or {}).get(p.id))
        for m in p.mentions:
            w.add(node, BK.mentionedIn, w.sentence(m))
    for o in facts.organizations:
        _organization(w, o)
    for t in facts.tenures:
        _tenure(w, t)
    for e in facts.events:
        _event(w, e)
    for p in facts.participations:
        node = iri(p.id)
        w.add(node, RDF.type, BK.Participation)
        w.add(node, BK.participant, iri(p.person_id))
        w.add(node, BK.inEvent, iri(p.event_id))
        for role in p.roles:
            w.add(node, BK.role, BK[role])
        w.derived(node, p.provenance)
    for a in facts.agreements:
        _agreement(w, a)
    return list(w.triples)


def to_ntriples(triples: Iterable[Triple]) -> str:
    """Canonical, sorted N-Triples text (one line per triple); also valid in SPARQL ``INSERT DATA``."""
    return "".join(sorted({f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples}))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: URIRef | Literal) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = f'"{str(term).translate(_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype and term.datatype != XSD.string else text


def _organization(w: _Writer, o: Organization) -> None:
    node = iri(o.id)
    w.add(node, RDF.type, BK.Organization)
    w.add(node, RDF.type, BK[o.kind])
    w.add(node, SCHEMA.name, o.name)
    w.add(node, BK.kind, o.kind)
    for alias in sorted(o.aliases):
        w.add(node, SCHEMA.alternateName, alias)
    if o.parent:
        w.add(node, ORG.subOrganizationOf, iri(o.parent))


def _document(w: _Writer) -> None:
    doc = w.doc
    node = document_iri(doc.id)
    w.add(node, RDF.type, BK.Document)
    w.add(node, BK.fileName, doc.source.path.name)
    w.add(node, BK.sha256, doc.source.sha256)
    if doc.published:
        w.add(node, SCHEMA.datePublished, _date(doc.published))
    w.add(node, BK.issueNumber, doc.header.get("issue"))
    if doc.issuer:
        w.add(node, SCHEMA.publisher, w.org(doc.issuer))
    for item in [*doc.items, None]:
        index = item.index if item else -1
        inode = iri(f"{doc.id}-item-{index}")
        w.add(inode, RDF.type, BK.Item)
        w.add(inode, SCHEMA.isPartOf, node)
        w.add(inode, BK["index"], Literal(index))
        if item:
            w.add(inode, SCHEMA.headline, item.headline or None)
            w.add(inode, BK.sourceLine, item.source_line)
            w.add(inode, BK.section, item.section)
        else:
            w.add(inode, SCHEMA.headline, "报送名单 distribution list")


def _tenure(w: _Writer, t) -> None:
    post = iri(stable_id("post", t.org_id or "", t.title))
    w.add(post, RDF.type, BK.Post)
    w.add(post, BK["title"], t.title)
    w.add(post, SCHEMA.name, f"{t.org} · {t.title}" if t.org else t.title)
    if t.org_id:
        w.add(post, ORG.postIn, iri(t.org_id))
    node = iri(t.id)
    w.add(node, RDF.type, BK.Tenure)
    w.add(node, ORG.member, iri(t.person_id))
    w.add(node, BK.post, post)
    if t.org_id:
        w.add(node, ORG.organization, iri(t.org_id))
    if t.observed:
        w.add(node, BK.firstObserved, _date(t.observed))
        w.add(node, BK.lastObserved, _date(t.observed))
    w.derived(node, t.provenance)


def _event(w: _Writer, e) -> None:
    node = iri(e.id)
    w.add(node, RDF.type, BK.Event)
    w.add(node, RDF.type, BK[e.kind])
    w.add(node, BK.kind, e.kind)
    w.add(node, SCHEMA.name, e.name)
    if e.date:
        w.add(node, SCHEMA.startDate, _date(e.date))
    if e.end_date:
        w.add(node, SCHEMA.endDate, _date(e.end_date))
    w.add(node, BK.cameoCode, e.cameo)
    if e.place:
        place = iri(stable_id("place", e.place))
        w.add(place, RDF.type, BK.Place)
        w.add(place, SCHEMA.name, e.place)
        w.add(place, BK.fullName, e.place_full)
        w.add(node, SCHEMA.location, place)
    if e.organizer:
        w.add(node, SCHEMA.organizer, w.org(e.organizer))
    w.derived(node, e.provenance)


def _agreement(w: _Writer, a) -> None:
    node = iri(a.id)
    w.add(node, RDF.type, BK.Agreement)
    w.add(node, SCHEMA.name, a.name)
    if a.date:
        w.add(node, BK.signingDate, _date(a.date))
    for party in a.party_ids:
        w.add(node, BK.party, iri(party))
    if a.event_id:
        w.add(node, BK.signedAt, iri(a.event_id))
    if a.amount_yuan is not None:
        w.add(node, BK.amountYuan, Literal(str(a.amount_yuan), datatype=XSD.decimal))
    if a.area_mu is not None:
        w.add(node, BK.areaMu, Literal(str(a.area_mu), datatype=XSD.decimal))
    for name in a.projects:
        project = iri(stable_id("project", name))
        w.add(project, RDF.type, BK.Project)
        w.add(project, SCHEMA.name, name)
        w.add(node, BK.concerns, project)
    for person in a.signatories:
        w.add(node, BK.signatory, iri(person))
    if a.provenance:
        w.derived(node, a.provenance)
