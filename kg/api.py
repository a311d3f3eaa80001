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
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg import ingest as pipeline
from kg.fact_kinds import KINDS
from kg.graph import to_networkx
from kg.identity import explain
from kg.ontology import BK, ID
from kg.property_graph import PropertyGraph, derive, paused_gc
from kg.queries import library
from kg.resolve import Overrides, person_id
from kg.sparql import LIST_SEPARATOR
from kg.stores.derived import DocumentIndex
from kg.stores.rdf_store import Entry, RdfStore

_ID = str(ID)
_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class }"
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


def _row_value(term, *, local: bool = False):
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
    """GROUP_CONCAT columns (joined with :data:`~kg.sparql.LIST_SEPARATOR`) as sorted lists (the
    empty strings the texts write for absent values left out)."""
    for row in rows:
        for c in columns:
            row[c] = sorted(v for v in (row[c] or "").split(LIST_SEPARATOR) if v)
    return rows


def _list_text(name: str) -> str:
    """A SPARQL text of ``queries/sparql/lists/``."""
    return library.text("sparql", "lists", f"{name}.rq")


def _document_row(e: Entry) -> dict:
    return {"id": e.doc_id, "sha256": e.sha256, "published": e.published, "sources": sorted(e.sources)}


class KnowledgeGraph:
    """A knowledge graph of bulletins, stored on disk (see docs/store.md)."""

    def __init__(self, store: RdfStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at ``path`` (default: :func:`default_store`); ``read_only`` lets
        several processes read one store, but not while another writes it. The store keeps the derived
        data the questions declare (:func:`kg.queries.library.derived`)."""
        return cls(RdfStore(Path(path) if path else default_store(), read_only=read_only, derived=library.derived()))

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
        dask: str | None = None,
        facts: str | Path | None = None,
    ) -> pipeline.Report:
        """Read, extract, resolve and store bulletin files or directories (see :mod:`kg.ingest`).

        Files that cannot be read are listed in the report's ``failed``; the others are stored.
        With ``dask`` (``local``, ``local:N`` or a scheduler address, see :mod:`kg.distributed`) the
        files are extracted and resolved on a Dask cluster, into the facts dataset ``facts``
        (default: one in the store, removed after the run), and loaded here as they come.
        """
        paths = [paths] if isinstance(paths, str | Path) else paths
        options = {"overrides": self.overrides(), "progress": progress, "batch_mb": batch_mb}
        if dask is None:
            return pipeline.ingest(self.store, paths, published=published, jobs=jobs, **options)
        from kg.dataset import dataset_builder
        from kg.distributed import runner

        root = Path(facts) if facts else self.path / "dask-facts"
        with runner(dask) as run:
            report = pipeline.ingest(
                self.store, paths, published=published, builder=dataset_builder(root, run), **options
            )
        if facts is None:
            shutil.rmtree(root, ignore_errors=True)
        return report

    def ingest_facts(
        self,
        facts: str | Path,
        *,
        jobs: int = 1,
        progress: pipeline.Progress | None = None,
        batch_mb: float = pipeline.BATCH_MB,
        dask: str | None = None,
    ) -> pipeline.Report:
        """Load a facts dataset (see :mod:`kg.dataset`) as :meth:`ingest` loads files: resolved in ``jobs``
        local processes or on the ``dask`` cluster, committed in batches."""
        from kg.dataset import ingest_facts
        from kg.distributed import runner

        options = {"overrides": self.overrides(), "progress": progress, "batch_mb": batch_mb}
        with runner(dask, jobs) as run:
            return ingest_facts(self.store, Path(facts), run, **options)

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
                {"subject": t.subject.value, "predicate": t.predicate.value, "object": _row_value(t.object)}
                for t in result
            )
        variables = [v.value for v in result.variables]
        with paused_gc():  # rows are plain values: Python's cycle collector would only walk them
            return Rows({v: _row_value(row[v]) for v in variables} for row in result)

    def select(self, query: str, **bindings) -> Rows:
        """Rows of a SPARQL SELECT as :meth:`sparql` gives them, but with the ids of this graph's
        entities shortened (``person-…``, not the IRI), as the listing methods give them.

        >>> import tempfile
        >>> KnowledgeGraph.open(tempfile.mkdtemp()).select("SELECT ?x WHERE { BIND(?y AS ?x) }", y=ID["person-1"])
        [{'x': 'person-1'}]
        """
        result = self.store.query(query, bindings)
        variables = [v.value for v in result.variables]
        with paused_gc():
            return Rows({v: _row_value(row[v], local=True) for v in variables} for row in result)

    def people(self) -> Rows:
        """Every person: id, name, pinyin, resolution keys, how many documents name them."""
        return _listed(self.select(_list_text("people")), "keys")

    def organizations(self) -> Rows:
        """Every organization: id, name, kind, aliases, how many documents name it."""
        return _listed(self.select(_list_text("organizations")), "aliases")

    def events(self) -> Rows:
        """Every event: id, kind, name, dates, place, document."""
        return self.select(_list_text("events"))

    def agreements(self) -> Rows:
        """Every agreement: id, name, date, amounts, parties, document."""
        return _listed(self.select(_list_text("agreements")), "parties")

    def posts_of(self, person: str) -> Rows:
        """The posts of everyone called ``person`` (or of the person with that id), one row per post,
        observed first and last across all bulletins."""
        if person.startswith("person-"):
            return self.select(_list_text("posts"), person=ID[person])
        return self.select(_list_text("posts"), name=person)

    def identity(self, person: str) -> Rows:
        """Who everyone called ``person`` (a name, or one person's id) is, and why: a row per document
        naming them, with the person's id and key, the key, place and posts that document gives, the
        sentences naming them there, and why that key is that person (see :mod:`kg.identity`)."""
        name = person
        if person.startswith("person-"):
            found = self.sparql("SELECT ?name WHERE { ?p schema:name ?name } LIMIT 1", p=ID[person])
            name = found[0]["name"] if found else person
        entries, applied = self.store.entries(), Overrides.from_json(self.store.setting("overrides") or "{}")
        stored = pipeline.profiles(self.store)
        naming = {d: stored[d] for d in self.store.documents_naming([name], aliases=False) if d in stored}
        mentions: dict[str, list[str]] = {}
        for row in self.select(_list_text("mentions"), name=name):
            mentions.setdefault(row["document"], []).append(row["text"])
        files = {d: min(Path(s).name for s in entries[d].sources) for d in naming if entries[d].sources}
        rows = Rows()
        for row in explain(name, naming, applied, files):
            pid, doc = person_id(row["person"]), row.pop("document")
            if person in (name, pid):
                row = {"person": row.pop("person"), "id": pid, **row, "file": files.get(doc)}
                rows.append({**row, "mentions": mentions.get(doc, []), "document": doc})
        return Rows(sorted(rows, key=lambda r: (r["person"], r["file"] or "", r["document"])))

    def documents(self) -> Rows:
        """Every stored document: id, content hash, publication date, the files it was read from."""
        entries = sorted(self.store.entries().values(), key=lambda e: (e.published or "", e.doc_id))
        return Rows(_document_row(e) for e in entries)

    def index(self, name: str) -> DocumentIndex | None:
        """The store's derived index ``name`` (``names`` …), up to date; None if it has none or cannot write it."""
        return self.store.index(name)

    def has_derived(self, name: str) -> bool:
        """Whether the derived graph ``name`` (``rankings`` …) is there: it then describes the stored documents."""
        return self.store.has_derived(name)

    def counts(self) -> dict[str, int]:
        """How many of each counted kind of fact are stored (:mod:`kg.fact_kinds`: people, posts,
        organizations, events and agreements), by class name."""
        return {
            kind.rdf_class.removeprefix(str(BK)): self.sparql(_COUNT, **{"class": kind.rdf_class})[0]["n"]
            for kind in KINDS
            if kind.counted
        }

    # --- other shapes of the graph -----------------------------------------------------
    def to_rdflib(self) -> Graph:
        return self.store.to_rdflib()

    def property_graph(self, *, derived: bool = False) -> PropertyGraph:
        """The facts as nodes and relationships (``derived``: with the derived graphs, such as the
        co-attendance rankings)."""
        return derive(functools.partial(self.store.pairs, derived=derived))

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

        state = " ".join([self.store.state(), *sorted(g.value for g in self.store.derived_graphs())])
        stale = not (self._cypher_state.exists() and self._cypher_state.read_text() == state)
        # derived before the JVM starts, if it is not running
        graph = self.property_graph(derived=True) if stale else None
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
