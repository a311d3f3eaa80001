"""Facts → RDF, in the terms of the ontology (one graph per document).

The writer only serializes: every fact and entity comes with its id (minted by
:mod:`kg.ids`, see :mod:`kg.resolve` for how persons and organizations are keyed across
bulletins), and every kind of fact says how its fields are written
(:mod:`kg.fact_kinds`). So a second bulletin naming the same officials adds events, not
duplicate people. The graph is written straight to canonical N-Triples (sorted lines, no
duplicates), the form the store loads and digests.

>>> from kg.loaders.extract import extract_path, sample_path
>>> from kg.rdf import facts_to_graph, facts_to_ntriples
>>> facts = extract_path(sample_path(), "2014-10-31")
>>> len(facts_to_graph(facts)) > 500
True
>>> len(facts_to_ntriples(facts).splitlines()) == len(facts_to_graph(facts))
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from rdflib import RDF, XSD, Graph

from kg import ids
from kg.fact_kinds import OF_CLASS, RECORDED, FactKind
from kg.model import EXTRACTOR_VERSION, Facts, Provenance
from kg.ontology import BK, ID, PREFIXES, SCHEMA

_ID = str(ID)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_DATATYPES = {int: XSD.integer, date: XSD.date, Decimal: XSD.decimal}
_DATED = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}  # an ISO date's length → its type (--MM-DD: gMonthDay)
Value = str | int | float | date | Decimal


def _ref(local_id: str) -> str:
    """An id of the graph, as an N-Triples term."""
    return f"<{_ID}{local_id}>"


def _dated(iso: str) -> str:
    """A date of some precision as an N-Triples literal typed by its form (see :mod:`kg.fact_kinds`)."""
    datatype = XSD.gMonthDay if iso.startswith("--") else _DATED[len(iso)]
    return f'"{iso}"^^<{datatype}>'


def _literal(value: Value) -> str:
    """A value as an N-Triples literal: strings plain; integers, dates and decimals (floats) typed."""
    if isinstance(value, str):
        return f'"{value.translate(_ESCAPES)}"'
    if isinstance(value, float):
        value = Decimal(str(value))
    text = value.isoformat() if isinstance(value, date) else format(value, "f") if isinstance(value, Decimal) else value
    return f'"{text}"^^<{_DATATYPES[type(value)]}>'


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
bk, schema = _Terms(str(BK)), _Terms(str(SCHEMA))


class _Writer:
    """Collects a document's triples, each once."""

    def __init__(self, facts: Facts, keys: Mapping[str, str]) -> None:
        self.doc = facts.document
        self.keys = keys
        self.lines: set[str] = set()
        self.sentences: set[str] = set()
        self.org_ids = {o.name: o.id for o in facts.organizations}

    def link(self, s: str, p: str, o: str) -> None:
        """A triple whose object is a node (N-Triples text)."""
        self.lines.add(f"{s} {p} {o} .\n")

    def value(self, s: str, p: str, o: Value | None) -> None:
        """A triple whose object is a literal; nothing if the value is None."""
        if o is not None:
            self.lines.add(f"{s} {p} {_literal(o)} .\n")

    def sentence(self, evidence: Provenance) -> str:
        """The sentence a fact came from, with its item and where it starts (it ends where its text does)."""
        s = _ref(ids.sentence_id(self.doc.id, evidence.item, evidence.sentence))
        if s not in self.sentences:
            self.sentences.add(s)
            self.link(s, A, bk.Sentence)
            self.link(s, schema.isPartOf, _ref(ids.item_id(self.doc.id, evidence.item)))
            self.value(s, schema.text, evidence.text)
            self.value(s, bk.index, evidence.sentence)
            self.value(s, bk.charStart, evidence.sentence_start)
        return s

    def describe(self, kind: FactKind, fact: object) -> str:
        """The triples of a fact or entity, as its kind declares them; returns its node."""
        node = _ref(fact.id)  # type: ignore[attr-defined]
        self.link(node, A, kind.term)
        for field in kind.fields:
            value = getattr(fact, field.name)
            if value is None:
                continue
            write = _FORMS[field.form]
            if isinstance(value, list | set):
                for v in sorted(value) if isinstance(value, set) else value:
                    write(self, node, field.term, v)
            else:
                write(self, node, field.term, value)
        return node

    # the forms of a field (see kg.fact_kinds.Field) besides a value: (node, predicate, what is written)
    def dated(self, node: str, p: str, iso: str) -> None:
        self.lines.add(f"{node} {p} {_dated(iso)} .\n")

    def term(self, node: str, p: str, local_name: str) -> None:
        self.link(node, p, bk[local_name])

    def node(self, node: str, p: str, local_id: str) -> None:
        self.link(node, p, _ref(local_id))

    def named(self, node: str, p: str, org_name: str) -> None:
        if org_name in self.org_ids:  # the facts list their organizations (the records of older versions may not)
            self.link(node, p, _ref(self.org_ids[org_name]))

    def evidence(self, node: str, p: str, evidence: Provenance) -> None:
        self.link(node, p, self.sentence(evidence))

    def entity(self, node: str, p: str, entity: object) -> None:
        self.link(node, p, self.describe(OF_CLASS[type(entity)], entity))

    def key(self, node: str, p: str, person_id: str) -> None:
        self.value(node, p, self.keys.get(person_id))


_FORMS: dict[str, Callable[..., None]] = {
    "value": _Writer.value,
    "dated": _Writer.dated,
    "term": _Writer.term,
    "link": _Writer.node,
    "named": _Writer.named,
    "evidence": _Writer.evidence,
    "entity": _Writer.entity,
    "key": _Writer.key,
}


def facts_to_graph(facts: Facts, keys: Mapping[str, str] | None = None) -> Graph:
    """The RDF graph of one document's facts (``keys``: person id → resolution key)."""
    g = Graph()
    for k, v in PREFIXES.items():
        g.bind(k, v)
    return g.parse(data=facts_to_ntriples(facts, keys), format="nt")


def facts_to_ntriples(facts: Facts, keys: Mapping[str, str] | None = None) -> str:
    """One document's facts as canonical N-Triples: sorted lines, no duplicates
    (also valid inside a SPARQL ``INSERT DATA``)."""
    w = _Writer(facts, keys or {})
    _document(w)
    for kind in RECORDED:
        for fact in getattr(facts, kind.facts):  # type: ignore[arg-type]
            w.describe(kind, fact)
    return "".join(sorted(w.lines))


def _document(w: _Writer) -> None:
    doc = w.doc
    node = _ref(doc.id)
    w.link(node, A, bk.Document)
    w.value(node, bk.fileName, doc.source.path.name)
    w.value(node, bk.sha256, doc.source.sha256)
    w.value(node, bk.extractor, EXTRACTOR_VERSION)
    w.value(node, schema.datePublished, doc.published)
    w.value(node, bk.issueNumber, doc.header.get("issue"))
    if doc.issuer in w.org_ids:
        w.link(node, schema.publisher, _ref(w.org_ids[doc.issuer]))
    for item in [*doc.items, None]:
        index = item.index if item else -1
        inode = _ref(ids.item_id(doc.id, index))
        w.link(inode, A, bk.Item)
        w.link(inode, schema.isPartOf, node)
        w.value(inode, bk.index, index)
        if item:
            w.value(inode, schema.headline, item.headline or None)
            w.value(inode, bk.sourceLine, item.source_line)
            w.value(inode, bk.section, item.section)
        else:
            w.value(inode, schema.headline, "报送名单 distribution list")
