"""The canonical store: RDF on disk in Oxigraph, one named graph per document.

A document's graph is written in one update, so a reader sees all of its facts
or none; a registry graph records each document's content hash, so ingesting an
unchanged file again is a no-op and a changed one replaces its graph.

>>> import tempfile
>>> from kg.stores.rdf_store import RdfStore
>>> store = RdfStore(tempfile.mkdtemp())
>>> store.documents()
{}
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.ontology import BK, PREFIXES

REGISTRY = ox.NamedNode("https://w3id.org/bulletin-kg/id/registry")
_SHA = ox.NamedNode(str(BK.sha256))


def _to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class RdfStore:
    """An on-disk Oxigraph store holding one named graph per document."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        oxi = self.path / "oxigraph"
        self.store = ox.Store.read_only(str(oxi)) if read_only else ox.Store(str(oxi))

    def documents(self) -> dict[str, str]:
        """Content hash → document IRI of every stored document."""
        return {q.object.value: q.subject.value for q in self.store.quads_for_pattern(None, _SHA, None, REGISTRY)}

    def put_document(self, doc_iri: str, sha256: str, graph: Graph) -> bool:
        """Store (or replace) a document's graph in one transaction; False if unchanged."""
        if self.documents().get(sha256) == doc_iri:
            return False
        name = ox.NamedNode(doc_iri)
        triples = " ".join(f"{_to_ox(s)} {_to_ox(p)} {_to_ox(o)} ." for s, p, o in graph)
        self.store.update(
            f"DROP SILENT GRAPH {name} ; "
            f"DELETE WHERE {{ GRAPH {REGISTRY} {{ {name} {_SHA} ?old }} }} ; "
            f"INSERT DATA {{ GRAPH {name} {{ {triples} }} GRAPH {REGISTRY} {{ {name} {_SHA} {ox.Literal(sha256)} }} }}"
        )
        self.store.flush()
        return True

    def remove_document(self, doc_iri: str) -> bool:
        """Take a document's facts out, in one transaction; False if it was not stored."""
        name = ox.NamedNode(doc_iri)
        if not any(True for _ in self.store.quads_for_pattern(name, _SHA, None, REGISTRY)):
            return False
        self.store.update(f"DROP SILENT GRAPH {name} ; DELETE WHERE {{ GRAPH {REGISTRY} {{ {name} {_SHA} ?old }} }}")
        self.store.flush()
        return True

    def query(self, sparql: str, bindings: dict[str, object] | None = None):
        """Run a SPARQL query over the union of all document graphs.

        ``bindings`` give variables values safely (a trailing VALUES clause of
        literals serialized by Oxigraph); names must be plain identifiers.
        """
        if any(not k.isidentifier() for k in bindings or {}):
            raise ValueError("binding names must be identifiers")
        if bindings:  # values are serialized by Oxigraph, never pasted as text
            names = " ".join(f"?{k}" for k in bindings)
            values = " ".join(str(_to_ox(_literal(v))) for v in bindings.values())
            sparql = f"{sparql}\nVALUES ({names}) {{ ({values}) }}"
        return self.store.query(
            sparql, prefixes={k: str(v) for k, v in PREFIXES.items()}, use_default_graph_as_union=True
        )

    def to_rdflib(self) -> Graph:
        """All stored facts (registry excluded) merged into one rdflib graph."""
        g = Graph()
        for q in self.store.quads_for_pattern(None, None, None, None):
            if q.graph_name != REGISTRY:
                g.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
        return g

    def __len__(self) -> int:
        return len(self.store)


def _literal(value: object):
    from rdflib import Literal, URIRef

    return value if isinstance(value, URIRef | Literal) else Literal(value)


def _to_rdflib(term):
    from rdflib import XSD, BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
