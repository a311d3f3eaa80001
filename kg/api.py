"""The Python API: one object for a store on disk.

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> kg.ingest(sample_path(), published="2014-10-31")
1
>>> kg.sparql("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person }")[0]["n"]
26
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg.graph import to_networkx
from kg.loaders.extract import extract_path
from kg.property_graph import PropertyGraph, derive
from kg.rdf import document_iri, facts_to_graph
from kg.stores.rdf_store import RdfStore


def default_store() -> Path:
    """``$KG_STORE``, else ``$XDG_DATA_HOME/bulletin-kg/store`` (~/.local/share/…)."""
    if env := os.environ.get("KG_STORE"):
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bulletin-kg" / "store"


def _plain(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in ("integer", "int", "long"):
            return int(term.value)
        if dt in ("decimal", "double", "float"):
            return float(term.value)
        return term.value
    return term.value


class KnowledgeGraph:
    """A knowledge graph of bulletins, stored on disk."""

    def __init__(self, store: RdfStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None) -> KnowledgeGraph:
        """Open (or create) the store at ``path`` (default: :func:`default_store`)."""
        return cls(RdfStore(Path(path) if path else default_store()))

    @property
    def path(self) -> Path:
        return self.store.path

    def ingest(self, paths: str | Path | Iterable[str | Path], published: date | str | None = None) -> int:
        """Read, extract and store bulletins; returns how many documents changed."""
        if isinstance(paths, str | Path):
            paths = [paths]
        changed = 0
        for path in paths:
            facts = extract_path(path, published)
            doc = facts.document
            changed += self.store.put_document(str(document_iri(doc.id)), doc.source.sha256, facts_to_graph(facts))
        return changed

    def remove(self, doc_id: str) -> bool:
        return self.store.remove_document(str(document_iri(doc_id)))

    def sparql(self, query: str, **bindings) -> list[dict]:
        """Rows of a SPARQL SELECT as plain dicts (values bound safely)."""
        result = self.store.query(query, bindings)
        if isinstance(result, bool | ox.QueryBoolean):
            return [{"result": bool(result)}]
        variables = [v.value for v in result.variables]
        return [{v: _plain(row[v]) for v in variables} for row in result]

    def to_rdflib(self) -> Graph:
        return self.store.to_rdflib()

    def property_graph(self) -> PropertyGraph:
        return derive(self.to_rdflib())

    def to_networkx(self, *, provenance: bool = False) -> nx.MultiDiGraph:
        return to_networkx(self.property_graph(), provenance=provenance)

    def counts(self) -> dict[str, int]:
        """How many people, posts, organizations, events and agreements are stored."""
        out = {}
        for cls in ("Person", "Post", "Organization", "Event", "Agreement"):
            rows = self.sparql(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a bk:{cls} }}")
            out[cls] = rows[0]["n"]
        return out

    def people(self) -> list[dict]:
        return self.sparql(
            "SELECT ?id ?name ?pinyin WHERE { ?id a bk:Person ; schema:name ?name . "
            "OPTIONAL { ?id bk:pinyin ?pinyin } } ORDER BY ?pinyin"
        )
