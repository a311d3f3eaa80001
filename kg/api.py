"""The Python API: one object for a store on disk.

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> kg.ingest(sample_path(), published="2014-10-31").stored
1
>>> [(r["title"], r["org"], r["last_observed"]) for r in kg.posts_of("陈金彪")]
[('副书记', '中共温州市委', '2014-10-31'), ('市长', '温州市人民政府', '2014-10-31')]
>>> kg.sparql("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person ; schema:name ?name }", name="陈一新")
[{'n': 1}]
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg import ingest as pipeline
from kg.graph import to_networkx
from kg.ontology import ID
from kg.property_graph import PropertyGraph, derive, paused_gc
from kg.resolve import Overrides
from kg.stores.rdf_store import Entry, RdfStore

_ID = str(ID)
_NUMBERS = {"integer": int, "int": int, "long": int, "decimal": float, "double": float, "float": float}


def default_store() -> Path:
    """``$KG_STORE``, else ``$XDG_DATA_HOME/bulletin-kg/store`` (~/.local/share/…)."""
    if env := os.environ.get("KG_STORE"):
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bulletin-kg" / "store"


class Rows(list):
    """Query results: a list of plain dicts, and :meth:`to_pandas` when pandas is installed.

    >>> Rows([{"a": 1}])[0]["a"]
    1
    """

    def to_pandas(self):
        """The rows as a ``pandas.DataFrame``."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame(list(self))


def _plain(term, *, local: bool = False):
    """A SPARQL value as Python: numbers and booleans typed, dates as ISO text, IRIs as text
    (``local``: ids of this knowledge graph without their namespace)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt == "boolean":
            return term.value == "true"
        return _NUMBERS[dt](term.value) if dt in _NUMBERS else term.value
    return term.value.removeprefix(_ID) if local else term.value


def _listed(rows: Rows, *columns: str) -> Rows:
    """GROUP_CONCAT columns (joined with ``|``) as sorted lists."""
    for row in rows:
        for c in columns:
            row[c] = sorted(row[c].split("|")) if row[c] else []
    return rows


_PEOPLE = """
SELECT ?id ?name (SAMPLE(?py) AS ?pinyin) (GROUP_CONCAT(DISTINCT ?key; separator="|") AS ?keys)
       (COUNT(DISTINCT ?g) AS ?documents)
WHERE { GRAPH ?g { ?id a bk:Person ; schema:name ?name .
        OPTIONAL { ?id bk:pinyin ?py } OPTIONAL { ?id bk:resolutionKey ?key } } }
GROUP BY ?id ?name ORDER BY ?pinyin ?id"""

_ORGANIZATIONS = """
SELECT ?id ?name (SAMPLE(?k) AS ?kind) (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
       (COUNT(DISTINCT ?g) AS ?documents)
WHERE { GRAPH ?g { ?id a bk:Organization ; schema:name ?name .
        OPTIONAL { ?id bk:kind ?k } OPTIONAL { ?id schema:alternateName ?alias } } }
GROUP BY ?id ?name ORDER BY ?name"""

_EVENTS = """
SELECT ?id ?kind ?name ?date ?end_date (SAMPLE(?p) AS ?place) ?document
WHERE { GRAPH ?document { ?id a bk:Event ; bk:kind ?kind .
        OPTIONAL { ?id schema:name ?name } OPTIONAL { ?id schema:startDate ?date }
        OPTIONAL { ?id schema:endDate ?end_date } OPTIONAL { ?id schema:location/schema:name ?p } } }
GROUP BY ?id ?kind ?name ?date ?end_date ?document ORDER BY ?date ?id"""

_AGREEMENTS = """
SELECT ?id ?name ?date ?amount_yuan ?area_mu (GROUP_CONCAT(DISTINCT ?party; separator="|") AS ?parties) ?document
WHERE { GRAPH ?document { ?id a bk:Agreement ; schema:name ?name .
        OPTIONAL { ?id bk:signingDate ?date } OPTIONAL { ?id bk:amountYuan ?amount_yuan }
        OPTIONAL { ?id bk:areaMu ?area_mu } OPTIONAL { ?id bk:party/schema:name ?party } } }
GROUP BY ?id ?name ?date ?amount_yuan ?area_mu ?document ORDER BY ?date ?id"""

# One row per person and post: a timeline over every bulletin that observed it.
_POSTS = """
SELECT ?person ?name ?post ?title (SAMPLE(?o) AS ?org)
       (MIN(?first) AS ?first_observed) (MAX(?last) AS ?last_observed) (COUNT(DISTINCT ?t) AS ?observations)
WHERE { ?person a bk:Person ; schema:name ?name . ?t org:member ?person ; bk:post ?post . ?post bk:title ?title .
        OPTIONAL { ?post org:postIn/schema:name ?o }
        OPTIONAL { ?t bk:firstObserved ?first } OPTIONAL { ?t bk:lastObserved ?last } }
GROUP BY ?person ?name ?post ?title ORDER BY ?person ?first_observed ?title"""


def _document_row(e: Entry) -> dict:
    return {"id": e.doc_id, "sha256": e.sha256, "published": e.published, "sources": sorted(e.sources)}


class KnowledgeGraph:
    """A knowledge graph of bulletins, stored on disk (see docs/store.md)."""

    def __init__(self, store: RdfStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at ``path`` (default: :func:`default_store`); ``read_only`` lets
        several processes read one store, but not while another writes it."""
        return cls(RdfStore(Path(path) if path else default_store(), read_only=read_only))

    @property
    def path(self) -> Path:
        return self.store.path

    # --- changing the graph -------------------------------------------------------
    @property
    def overrides_path(self) -> Path:
        """``STORE/overrides.json``: the resolution overrides applied on every ingest."""
        return self.path / "overrides.json"

    def overrides(self) -> Overrides:
        return Overrides.load(self.overrides_path)

    def install_overrides(self, overrides: Overrides | str | Path) -> Overrides:
        """Install overrides (an :class:`Overrides`, JSON text, or a JSON file's :class:`~pathlib.Path`)
        for the next ingest to apply; ``ValueError`` if they are invalid (nothing is installed then)."""
        if isinstance(overrides, Overrides):
            text = overrides.to_json()
        else:
            text = overrides.read_text(encoding="utf-8") if isinstance(overrides, Path) else overrides
        parsed = Overrides.from_json(text)  # validate before installing
        self.overrides_path.write_text(text, encoding="utf-8")
        return parsed

    def set_overrides(self, overrides: Overrides | str | Path) -> int:
        """Install overrides (as :meth:`install_overrides` takes them) and apply them to the stored
        documents now; returns how many documents were re-resolved."""
        changed = pipeline.apply_overrides(self.store, self.install_overrides(overrides))
        pipeline.settle(self.store)
        return changed

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        published: date | str | None = None,
        *,
        jobs: int = 1,
        progress: pipeline.Progress | None = None,
        batch_mb: float = pipeline.BATCH_MB,
    ) -> pipeline.Report:
        """Read, extract, resolve and store bulletin files or directories (see :mod:`kg.ingest`).

        Files that cannot be read are listed in the report's ``failed``; the others are stored.
        """
        paths = [paths] if isinstance(paths, str | Path) else paths
        return pipeline.ingest(
            self.store,
            paths,
            published=published,
            jobs=jobs,
            overrides=self.overrides(),
            progress=progress,
            batch_mb=batch_mb,
        )

    def remove(self, doc: str | Path) -> dict | None:
        """Take a document's facts out, by id (``doc-…``), by a file it was read from, or by that
        file's name alone; returns the removed document (as :meth:`documents` lists it), or None
        if none matches. ``ValueError`` if a file name is that of several stored documents' files."""
        entry = self.find_document(doc)
        if entry is None or not pipeline.remove(self.store, entry.doc_id, self.overrides()):
            return None
        return _document_row(entry)

    def find_document(self, doc: str | Path) -> Entry | None:
        """The stored document with this id, read from this file, or from a file of this name."""
        entries = self.store.entries()
        if str(doc) in entries:
            return entries[str(doc)]
        found = self.store.read_from(str(Path(doc).resolve()))
        if not found and Path(doc).name == str(doc):  # a bare file name: the file may be elsewhere, or gone
            found = [e for e in entries.values() if any(Path(s).name == str(doc) for s in e.sources)]
        if len(found) > 1:
            listed = ", ".join(f"{e.doc_id} ({', '.join(sorted(e.sources))})" for e in found)
            raise ValueError(f"{doc} names several stored documents: {listed}; give the id or the path")
        return found[0] if found else None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as written. Ingest does not know what it changed: a document it
        edits keeps its content hash, so only ``remove`` and a new ingest restore it."""
        self.store.update(sparql)
        self._cypher_state.unlink(missing_ok=True)

    # --- asking -------------------------------------------------------------------
    def sparql(self, query: str, **bindings) -> Rows:
        """Rows of a SPARQL query as plain dicts; ``bindings`` give variables values safely.

        CONSTRUCT and DESCRIBE give ``subject``/``predicate``/``object`` rows, ASK one ``result`` row.
        """
        result = self.store.query(query, bindings)
        if isinstance(result, ox.QueryBoolean):
            return Rows([{"result": bool(result)}])
        if isinstance(result, ox.QueryTriples):
            return Rows(
                {"subject": t.subject.value, "predicate": t.predicate.value, "object": _plain(t.object)} for t in result
            )
        variables = [v.value for v in result.variables]
        with paused_gc():  # rows are plain values: Python's cycle collector would only walk them
            return Rows({v: _plain(row[v]) for v in variables} for row in result)

    def _rows(self, query: str, **bindings) -> Rows:
        """Rows with this graph's ids shortened (``person-…``, not the IRI)."""
        result = self.store.query(query, bindings)
        variables = [v.value for v in result.variables]
        with paused_gc():
            return Rows({v: _plain(row[v], local=True) for v in variables} for row in result)

    def people(self) -> Rows:
        """Every person: id, name, pinyin, resolution keys, how many documents name them."""
        return _listed(self._rows(_PEOPLE), "keys")

    def organizations(self) -> Rows:
        """Every organization: id, name, kind, aliases, how many documents name it."""
        return _listed(self._rows(_ORGANIZATIONS), "aliases")

    def events(self) -> Rows:
        """Every event: id, kind, name, dates, place, document."""
        return self._rows(_EVENTS)

    def agreements(self) -> Rows:
        """Every agreement: id, name, date, amounts, parties, document."""
        return _listed(self._rows(_AGREEMENTS), "parties")

    def posts_of(self, person: str) -> Rows:
        """The posts of everyone called ``person`` (or of the person with that id), one row per post,
        observed first and last across all bulletins."""
        if person.startswith("person-"):
            return self._rows(_POSTS, person=ID[person])
        return self._rows(_POSTS, name=person)

    def documents(self) -> Rows:
        """Every stored document: id, content hash, publication date, the files it was read from."""
        entries = sorted(self.store.entries().values(), key=lambda e: (e.published or "", e.doc_id))
        return Rows(_document_row(e) for e in entries)

    def counts(self) -> dict[str, int]:
        """How many people, posts, organizations, events and agreements are stored."""
        out = {}
        for cls in ("Person", "Post", "Organization", "Event", "Agreement"):
            out[cls] = self.sparql(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a bk:{cls} }}")[0]["n"]
        return out

    # --- other shapes of the graph -----------------------------------------------------
    def to_rdflib(self) -> Graph:
        return self.store.to_rdflib()

    def property_graph(self, *, rankings: bool = False) -> PropertyGraph:
        """The facts as nodes and relationships (``rankings``: with the co-attendance rankings)."""
        return derive(functools.partial(self.store.pairs, rankings=rankings))

    def to_networkx(self, *, provenance: bool = False) -> nx.MultiDiGraph:
        return to_networkx(self.property_graph(), provenance=provenance)

    def cypher(self, query: str, /, params: dict | None = None, *, write: bool = False, **bindings) -> Rows:
        """Rows of a Cypher query on the property graph, in the embedded ArcadeDB (over Bolt).

        Parameters come as ``params`` (any names) and as keyword arguments.

        The property graph is rebuilt from the RDF store first if the store changed since it was
        last loaded. ``write`` allows writing queries; what they change is not kept in the RDF
        store, and is replaced at the next rebuild.
        """
        from kg.stores.arcade import get_embedded
        from kg.stores.cypher import load_graph

        state = self.store.state() + (" ranked" if self.store.ranked() else "")
        stale = not (self._cypher_state.exists() and self._cypher_state.read_text() == state)
        # derived before the JVM starts, if it is not running
        graph = self.property_graph(rankings=True) if stale else None
        arcade = get_embedded(self.path)
        client = arcade.client()
        if graph is not None:  # rebuilt from the store, which changed since the last load
            self._cypher_state.unlink(missing_ok=True)
            arcade.reset()
            load_graph(client, graph.nodes, graph.edges)
            self._cypher_state.write_text(state)
        rows = Rows(client.run(query, {**(params or {}), **bindings}, write=write))
        if write:
            self._cypher_state.unlink(missing_ok=True)
        return rows

    @property
    def _cypher_state(self) -> Path:
        return self.path / "cypher-state"
