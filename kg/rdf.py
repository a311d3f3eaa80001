"""Facts → RDF, in the terms of the ontology (one graph per document).

Identifiers are stable: the same input gives the same IRIs. The ids come from
the facts (see :mod:`kg.resolve` for how persons and organizations are keyed
across bulletins), so a second bulletin naming the same officials adds events,
not duplicate people. The graph is written straight to canonical N-Triples
(sorted lines, no duplicates), the form the store loads and digests.

>>> from kg.loaders.extract import extract_path, sample_path
>>> from kg.rdf import facts_to_graph, facts_to_ntriples
>>> facts = extract_path(sample_path(), "2014-10-31")
>>> len(facts_to_graph(facts)) > 500
True
>>> len(facts_to_ntriples(facts).splitlines()) == len(facts_to_graph(facts))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from rdflib import RDF, XSD, Graph

from kg.loaders.extract import stable_id
from kg.loaders.orgs import org_kind
from kg.model import EXTRACTOR_VERSION, Facts, Organization, Provenance
from kg.ontology import BK, ID, ORG, PREFIXES, PROV, SCHEMA

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_DATATYPES = {int: XSD.integer, date: XSD.date, Decimal: XSD.decimal}


def _ref(local_id: str) -> str:
    """An id of the graph, as an N-Triples term."""
    return f"<{ID}{local_id}>"


class MonthDay(str):
    """A month and day of an unknown year, ``--10-23``: an ``xsd:gMonthDay`` literal."""


def _literal(value: str | int | date | Decimal) -> str:
    """A value as an N-Triples literal: strings plain; integers, dates and decimals typed."""
    if isinstance(value, MonthDay):
        return f'"{value}"^^<{XSD.gMonthDay}>'
    if isinstance(value, str):
        return f'"{value.translate(_ESCAPES)}"'
    text = value.isoformat() if isinstance(value, date) else format(value, "f") if isinstance(value, Decimal) else value
    return f'"{text}"^^<{_DATATYPES[type(value)]}>'


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class _Terms:
    """Ontology terms as N-Triples text: ``bk.post`` is ``<…ontology#post>``."""

    def __init__(self, namespace: str) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> str:
        term = self[name]
        setattr(self, name, term)  # found in the instance from now on
        return term

    def __getitem__(self, name: str) -> str:
        return f"<{self._ns}{name}>"


A = f"<{RDF.type}>"
bk, org, prov, schema = (_Terms(str(ns)) for ns in (BK, ORG, PROV, SCHEMA))


class _Writer:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.doc = facts.document
        self.lines: set[str] = set()
        self.sentences: set[str] = set()
        self.org_ids = {o.name: o.id for o in facts.organizations}

    def link(self, s: str, p: str, o: str) -> None:
        """A triple whose object is a node (N-Triples text)."""
        self.lines.add(f"{s} {p} {o} .\n")

    def value(self, s: str, p: str, o: str | int | date | Decimal | None) -> None:
        """A triple whose object is a literal; nothing if the value is None."""
        if o is not None:
            self.lines.add(f"{s} {p} {_literal(o)} .\n")

    def org(self, name: str) -> str:
        """The organization of this document called ``name`` (described here if the facts do not list it)."""
        if name not in self.org_ids:
            self.org_ids[name] = stable_id("org", name)
            _organization(self, Organization(self.org_ids[name], name, org_kind(name) or "OtherOrganization"))
        return _ref(self.org_ids[name])

    def sentence(self, evidence: Provenance) -> str:
        """The sentence a fact came from, with its item and where it starts (it ends where its text does)."""
        s = _ref(f"{self.doc.id}-s-{evidence.item}-{evidence.sentence}")
        if s not in self.sentences:
            self.sentences.add(s)
            self.link(s, A, bk.Sentence)
            self.link(s, schema.isPartOf, _ref(f"{self.doc.id}-item-{evidence.item}"))
            self.value(s, schema.text, evidence.text)
            self.value(s, bk.index, evidence.sentence)
            self.value(s, bk.charStart, evidence.sentence_start)
        return s

    def derived(self, node: str, evidence: Provenance) -> None:
        self.link(node, prov.wasDerivedFrom, self.sentence(evidence))


def facts_to_graph(facts: Facts, keys: Mapping[str, str] | None = None) -> Graph:
    """The RDF graph of one document's facts (``keys``: person id → resolution key)."""
    g = Graph()
    for k, v in PREFIXES.items():
        g.bind(k, v)
    return g.parse(data=facts_to_ntriples(facts, keys), format="nt")


def facts_to_ntriples(facts: Facts, keys: Mapping[str, str] | None = None) -> str:
    """One document's facts as canonical N-Triples: sorted lines, no duplicates
    (also valid inside a SPARQL ``INSERT DATA``)."""
    w = _Writer(facts)
    _document(w)
    for p in facts.persons:
        node = _ref(p.id)
        w.link(node, A, bk.Person)
        w.value(node, schema.name, p.name)
        w.value(node, bk.pinyin, p.pinyin)
        w.value(node, bk.resolutionKey, (keys or {}).get(p.id))
        for m in p.mentions:
            w.link(node, bk.mentionedIn, w.sentence(m))
    for o in facts.organizations:
        _organization(w, o)
    for t in facts.tenures:
        _tenure(w, t)
    for e in facts.events:
        _event(w, e)
    for p in facts.participations:
        node = _ref(p.id)
        w.link(node, A, bk.Participation)
        w.link(node, bk.participant, _ref(p.person_id))
        w.link(node, bk.inEvent, _ref(p.event_id))
        for role in p.roles:
            w.link(node, bk.role, bk[role])
        w.derived(node, p.provenance)
    for a in facts.agreements:
        _agreement(w, a)
    return "".join(sorted(w.lines))


def _organization(w: _Writer, o: Organization) -> None:
    node = _ref(o.id)
    w.link(node, A, bk.Organization)
    w.link(node, A, bk[o.kind])
    w.value(node, schema.name, o.name)
    w.value(node, bk.kind, o.kind)
    for alias in sorted(o.aliases):
        w.value(node, schema.alternateName, alias)
    if o.parent:
        w.link(node, org.subOrganizationOf, _ref(o.parent))


def _document(w: _Writer) -> None:
    doc = w.doc
    node = _ref(doc.id)
    w.link(node, A, bk.Document)
    w.value(node, bk.fileName, doc.source.path.name)
    w.value(node, bk.sha256, doc.source.sha256)
    w.value(node, bk.extractor, EXTRACTOR_VERSION)
    w.value(node, schema.datePublished, doc.published)
    w.value(node, bk.issueNumber, doc.header.get("issue"))
    if doc.issuer:
        w.link(node, schema.publisher, w.org(doc.issuer))
    for item in [*doc.items, None]:
        index = item.index if item else -1
        inode = _ref(f"{doc.id}-item-{index}")
        w.link(inode, A, bk.Item)
        w.link(inode, schema.isPartOf, node)
        w.value(inode, bk.index, index)
        if item:
            w.value(inode, schema.headline, item.headline or None)
            w.value(inode, bk.sourceLine, item.source_line)
            w.value(inode, bk.section, item.section)
        else:
            w.value(inode, schema.headline, "报送名单 distribution list")


def _tenure(w: _Writer, t) -> None:
    post = _ref(stable_id("post", t.org_id or "", t.title))
    w.link(post, A, bk.Post)
    w.value(post, bk.title, t.title)
    w.value(post, schema.name, f"{t.org} · {t.title}" if t.org else t.title)
    if t.org_id:
        w.link(post, org.postIn, _ref(t.org_id))
    node = _ref(t.id)
    w.link(node, A, bk.Tenure)
    w.link(node, org.member, _ref(t.person_id))
    w.link(node, bk.post, post)
    if t.org_id:
        w.link(node, org.organization, _ref(t.org_id))
    w.value(node, bk.firstObserved, t.observed)
    w.value(node, bk.lastObserved, t.observed)
    w.derived(node, t.provenance)


def _event(w: _Writer, e) -> None:
    node = _ref(e.id)
    w.link(node, A, bk.Event)
    w.link(node, A, bk[e.kind])
    w.value(node, bk.kind, e.kind)
    w.value(node, schema.name, e.name)
    w.value(node, schema.startDate, e.date)
    w.value(node, schema.endDate, e.end_date)
    w.value(node, bk.monthDay, e.month_day and MonthDay(e.month_day))
    w.value(node, bk.cameoCode, e.cameo)
    if e.place:
        place = _ref(stable_id("place", e.place))
        w.link(place, A, bk.Place)
        w.value(place, schema.name, e.place)
        w.value(place, bk.fullName, e.place_full)
        w.link(node, schema.location, place)
    if e.organizer:
        w.link(node, schema.organizer, w.org(e.organizer))
    w.derived(node, e.provenance)


def _agreement(w: _Writer, a) -> None:
    node = _ref(a.id)
    w.link(node, A, bk.Agreement)
    w.value(node, schema.name, a.name)
    w.value(node, bk.signingDate, a.date)
    w.value(node, bk.monthDay, a.month_day and MonthDay(a.month_day))
    for party in a.party_ids:
        w.link(node, bk.party, _ref(party))
    if a.event_id:
        w.link(node, bk.signedAt, _ref(a.event_id))
    w.value(node, bk.amountYuan, _decimal(a.amount_yuan))
    w.value(node, bk.areaMu, _decimal(a.area_mu))
    for name in a.projects:
        project = _ref(stable_id("project", name))
        w.link(project, A, bk.Project)
        w.value(project, schema.name, name)
        w.link(node, bk.concerns, project)
    for person in a.signatories:
        w.link(node, bk.signatory, _ref(person))
    if a.provenance:
        w.derived(node, a.provenance)
