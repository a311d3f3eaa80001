"""The canonical store: RDF on disk in Oxigraph, one named graph per document.

Every change is atomic (a transaction, or a bulk load of new documents added in
one step), so a reader sees a document's facts fully or not at all. A registry
graph (``id:registry``, terms in the ``reg:`` namespace) records for each
document its content hash, the files it was read from (and the hashes of other
files holding the same text), the extractor and date it was read with, the digest
of its graph, the organization aliases it teaches and what identity across
bulletins needs of it (:class:`kg.resolve.Profile`); the records it was extracted to are kept beside the database
(``records/<doc>.jsonl.gz``) so it can be re-resolved and exported without the
original file. Data derived from all the documents (:mod:`kg.stores.derived`: the name
index, the co-attendance rankings) is declared by the questions that need it and kept here:
indexes beside the database, written with each document and brought up to date before use
(:meth:`RdfStore.index`); derived graphs (any graph that is neither a document's nor the
registry) dropped before any change to the documents and built again by :meth:`RdfStore.derive`
— present, they describe the stored documents.

>>> import tempfile
>>> from kg.stores.rdf_store import RdfStore
>>> store = RdfStore(tempfile.mkdtemp())
>>> store.entries()
{}
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace

from kg.ontology import ID, PREFIXES
from kg.property_graph import Ref
from kg.sparql import bind, term
from kg.stores.derived import DerivedGraph, DocumentIndex

REG = Namespace("https://w3id.org/bulletin-kg/registry#")
REGISTRY = ox.NamedNode(str(ID["registry"]))
_DERIVED = ox.NamedNode(str(REG["derived"]))  # the registry's list of the derived graphs present
_SINGLE = ("sha256", "digest", "published", "extractor", "text", "identity")
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# RocksDB keeps what was written in memory until it is flushed; flushing after this many bytes of
# changes keeps an ingest's memory flat however large the corpus, and saves time (writes into a
# small memtable are faster: loads measured 22 µs a quad without flushes, 11–13 with 16–32 MB).
FLUSH_EVERY = 16 * 2**20
BULK_DERIVED = 2**20  # bytes of a derived graph (N-Triples) above which it is bulk-loaded


class StoreError(Exception):
    """A store that cannot be opened: missing, or held by another process."""


@dataclass
class Entry:
    """What the registry knows about one stored document."""

    doc_id: str
    sha256: str
    digest: str = ""  # sha256 of the graph's N-Triples
    published: str | None = None
    extractor: str = ""
    sources: set[str] = field(default_factory=set)  # absolute paths the content was read from
    aliases: dict[str, str] = field(default_factory=dict)  # absolute alias → organization name
    text: str = ""  # digest of the text it was read as (see kg.ingest.text_digest)
    copies: set[str] = field(default_factory=set)  # sha256 of other files holding the same text
    identity: str = ""  # what resolution saw, for identity across bulletins (kg.resolve.Profile, JSON)

    def quads(self) -> list[ox.Quad]:
        """The registry's quads for this document."""
        values = [(k, getattr(self, k)) for k in _SINGLE if getattr(self, k)]
        values += [("source", s) for s in sorted(self.sources)]
        values += [("copy", s) for s in sorted(self.copies)]
        values += [("alias", f"{a}\t{n}") for a, n in sorted(self.aliases.items())]
        node = _node(self.doc_id)
        return [ox.Quad(node, ox.NamedNode(str(REG[k])), ox.Literal(v), REGISTRY) for k, v in values]


def pack(records: list[dict]) -> bytes:
    """Records as gzipped JSON Lines, the form the store keeps them in."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return gzip.compress(text.encode(), compresslevel=3)


def _node(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(ID[doc_id]))


def _local(node: ox.NamedNode) -> str:
    return node.value.removeprefix(str(ID))


def _pair_object(o: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
    """An object as the property graph holds it: integers as int, other literals as their text."""
    if isinstance(o, ox.Literal):
        return int(o.value) if o.datatype.value == _INTEGER else o.value
    return Ref(o.value)


def _forget(subject: ox.NamedNode, predicate: str | None = None) -> str:
    """An update deleting what the registry says about ``subject`` (with ``predicate``, or all)."""
    p = ox.NamedNode(predicate) if predicate else "?p"
    return f"DELETE WHERE {{ GRAPH {REGISTRY} {{ {subject} {p} ?o }} }}"


READ_ONLY_TRIES = 20  # a writer's compaction can delete a file between reading the list of files and opening it


def _open_read_only(oxi: Path) -> ox.Store:
    """Open the database read-only beside a writer (``kg serve`` while ``kg ingest`` runs): RocksDB
    reads the list of its files, then opens them, and the writer may have compacted one away in
    between ("No such file"); the list is read again."""
    attempt = 0
    while True:
        try:
            return ox.Store.read_only(str(oxi))
        except RuntimeError as e:
            attempt += 1
            if "No such file" not in str(e) or attempt == READ_ONLY_TRIES:
                raise StoreError(f"{oxi.parent}: cannot open the store read-only: {e}") from e
            time.sleep(0.05 * attempt)


class RdfStore:
    """An on-disk Oxigraph store holding one named graph per document, a registry, and the derived
    data (``derived``: the index and derived graph classes to keep, see :mod:`kg.stores.derived`)."""

    def __init__(
        self, path: str | Path, *, read_only: bool = False, derived: Iterable[type[DocumentIndex]] = ()
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        oxi = self.path / "oxigraph"
        try:
            if read_only:
                if not oxi.is_dir():
                    raise StoreError(f"{self.path}: no store here (run kg ingest first)")
                self.store = _open_read_only(oxi)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(oxi))
        except OSError as e:
            busy = "lock" in str(e).lower()
            raise StoreError(f"{self.path}: {'in use by another process' if busy else e}") from e
        self._entries: dict[str, Entry] | None = None
        self._by_source: dict[str, set[str]] | None = None
        self._unflushed = 0  # bytes of changes written since the last flush
        self._state: str | None = None
        self._derived: set[ox.NamedNode] | None = None  # the derived graphs present
        self.indexes: dict[str, DocumentIndex] = {cls.NAME: cls(self.path / f"{cls.NAME}.sqlite") for cls in derived}

    # --- the registry ---------------------------------------------------------------
    def entries(self) -> dict[str, Entry]:
        """Every stored document's registry entry, by document id (cached; this process is the only writer)."""
        if self._entries is None:
            out: dict[str, Entry] = {}
            for q in self.store.quads_for_pattern(None, None, None, REGISTRY):
                if q.subject == REGISTRY:
                    continue
                doc_id = _local(q.subject)
                e = out.setdefault(doc_id, Entry(doc_id, ""))
                key, value = q.predicate.value.rsplit("#", 1)[-1], q.object.value
                if key == "source":
                    e.sources.add(value)
                elif key == "copy":
                    e.copies.add(value)
                elif key == "alias":
                    alias, _, name = value.partition("\t")
                    e.aliases[alias] = name
                else:
                    setattr(e, key, value)
            self._entries = out
        return self._entries

    def state(self) -> str:
        """A digest of what the store holds: its documents and their graphs' digests (cached)."""
        if self._state is None:
            entries = sorted(f"{e.doc_id}:{e.digest}" for e in self.entries().values())
            self._state = hashlib.sha256("\n".join(entries).encode()).hexdigest()
        return self._state

    def read_from(self, source: str) -> list[Entry]:
        """The stored documents read from the file ``source`` (an absolute path)."""
        if self._by_source is None:
            self._by_source = {}
            for e in self.entries().values():
                self._index(e, add=True)
        return [self.entries()[doc_id] for doc_id in sorted(self._by_source.get(source, ()))]

    def _index(self, entry: Entry | None, *, add: bool) -> None:
        """Keep the source index (if built) up to date with an entry written or removed."""
        if self._by_source is None or entry is None:
            return
        for path in entry.sources:
            owners = self._by_source.setdefault(path, set())
            if add:
                owners.add(entry.doc_id)
            else:
                owners.discard(entry.doc_id)

    def setting(self, name: str) -> str | None:
        """A store-wide registry value (e.g. the overrides last applied)."""
        found = next(self.store.quads_for_pattern(REGISTRY, ox.NamedNode(str(REG[name])), None, REGISTRY), None)
        return found.object.value if found else None

    # --- changes (each one transaction) ---------------------------------------------
    def write(
        self,
        entries: Iterable[Entry] = (),
        graphs: Mapping[str, str] | None = None,
        drops: Iterable[str] = (),
        settings: Mapping[str, str] | None = None,
    ) -> None:
        """In one transaction: rewrite registry ``entries``, replace ``graphs`` (doc id → N-Triples),
        drop documents, set store-wide values. Records of dropped documents are deleted after it."""
        entries, drops, graphs, cache = list(entries), list(drops), graphs or {}, self.entries()
        self._state = None
        if graphs or drops:
            self._drop_derived()
        if (
            not drops
            and not settings
            and graphs.keys() <= {e.doc_id for e in entries}
            and cache.keys().isdisjoint(e.doc_id for e in entries)
        ):
            self._add(entries, graphs)  # only new documents: no update to parse
        else:
            self._update(entries, graphs, drops, settings or {})
        for doc_id in drops:
            self._index(cache.pop(doc_id, None), add=False)
            self._records_path(doc_id).unlink(missing_ok=True)
        for e in entries:
            self._index(cache.get(e.doc_id), add=False)
            self._index(e, add=True)
            cache[e.doc_id] = e
        if graphs or drops:  # if this fails, an index is brought up to date from the store before its next use
            written = {doc_id: (cache[doc_id].digest, nt) for doc_id, nt in graphs.items()}
            for index in self.indexes.values():
                with contextlib.suppress(sqlite3.Error, OSError):
                    index.write(written, drops)

    def _add(self, entries: list[Entry], graphs: Mapping[str, str]) -> None:
        registry = "".join(f"{q} .\n" for e in entries for q in e.quads())
        documents = "".join(nt.replace(" .\n", f" {_node(doc_id)} .\n") for doc_id, nt in graphs.items())
        if len(graphs) > 1:
            # Oxigraph's bulk loader: sorted files of every index, written beside the database and
            # added to it in one atomic step (RocksDB ingests the files of all its column families
            # at once); 2–2.5x faster than a transaction for batches of 10–50 bulletins, slower for one
            self.store.bulk_load(registry + documents, ox.RdfFormat.N_QUADS, lenient=True)
        else:
            self.store.load(registry + documents, ox.RdfFormat.N_QUADS, lenient=True)  # one transaction
            self._written(len(registry) + len(documents))

    def _update(self, entries: list[Entry], graphs: Mapping[str, str], drops: list[str], settings: Mapping) -> None:
        ops = []
        for doc_id in drops:
            ops += [f"DROP SILENT GRAPH {_node(doc_id)}", _forget(_node(doc_id))]
        ops += [f"DROP SILENT GRAPH {_node(doc_id)}" for doc_id in graphs]
        ops += [_forget(_node(e.doc_id)) for e in entries]
        ops += [_forget(REGISTRY, REG[name]) for name in settings]
        inserts = [f"GRAPH {_node(doc_id)} {{ {nt} }}" for doc_id, nt in graphs.items()]
        registry = [f"{q.subject} {q.predicate} {q.object} ." for e in entries for q in e.quads()]
        registry += [f"{REGISTRY} {ox.NamedNode(str(REG[k]))} {ox.Literal(v)} ." for k, v in settings.items()]
        if registry:
            inserts.append(f"GRAPH {REGISTRY} {{ {' '.join(registry)} }}")
        if inserts:
            ops.append(f"INSERT DATA {{ {' '.join(inserts)} }}")
        if ops:
            self.store.update(" ;\n".join(ops))
            self._written(sum(map(len, ops)))

    # --- derived graphs -------------------------------------------------------------
    def derived_graphs(self) -> set[ox.NamedNode]:
        """The derived graphs present: of those the registry lists (whoever built them) and the declared
        ones, each that holds a quad (cached; this process is the only writer)."""
        if self._derived is None:
            listed = {_node(q.object.value) for q in self.store.quads_for_pattern(REGISTRY, _DERIVED, None, REGISTRY)}
            declared = {_node(i.GRAPH) for i in self.indexes.values() if isinstance(i, DerivedGraph)}
            self._derived = {
                graph
                for graph in listed | declared
                if next(self.store.quads_for_pattern(None, None, None, graph), None)
            }
        return self._derived

    def has_derived(self, name: str) -> bool:
        """Whether the derived graph ``id:name`` is there (it then describes the stored documents)."""
        return _node(name) in self.derived_graphs()

    def derive(self) -> list[str]:
        """Build the declared derived graphs that are missing, each in one transaction with its line in the
        registry; returns their names (none also when an index cannot be written: the store's directory is
        read-only)."""
        built = []
        for index in self.indexes.values():
            if not isinstance(index, DerivedGraph) or self.has_derived(index.GRAPH) or not self.entries():
                continue
            try:
                nt = index.ntriples() if self.index(index.NAME) else ""
            except (sqlite3.Error, OSError):
                nt = ""
            if not nt:
                continue
            graph = _node(index.GRAPH)
            listed = f"{REGISTRY} {_DERIVED} {ox.Literal(index.GRAPH)} {REGISTRY} .\n"
            quads = listed + nt.replace(" .\n", f" {graph} .\n")
            if len(quads) > BULK_DERIVED:  # atomic too, and 2–3x faster for large graphs (see _add)
                self.store.bulk_load(quads, ox.RdfFormat.N_QUADS)
            else:
                self.store.load(quads, ox.RdfFormat.N_QUADS)
                self._written(len(quads))
            self.derived_graphs().add(graph)
            built.append(index.GRAPH)
        return built

    def _drop_derived(self) -> None:
        """Drop every derived graph (before the documents change: a reader in between computes)."""
        if graphs := self.derived_graphs():
            drops = [f"DROP SILENT GRAPH {g}" for g in sorted(graphs, key=str)]
            self.store.update(" ;\n".join([*drops, _forget(REGISTRY, _DERIVED.value)]))
            graphs.clear()

    def _written(self, size: int) -> None:
        self._unflushed += size
        if self._unflushed > FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write buffered changes to disk (a crash never loses a committed update; this makes reopening fast)."""
        if not self.read_only:
            self.store.flush()
            self._unflushed = 0

    # --- extraction records -------------------------------------------------------------
    def _records_path(self, doc_id: str) -> Path:
        return self.path / "records" / f"{doc_id}.jsonl.gz"

    def save_records(self, doc_id: str, packed: bytes) -> None:
        """Keep a document's extraction records, as :func:`pack` made them (written before its graph)."""
        path = self._records_path(doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(packed)
        tmp.replace(path)

    def records(self, doc_id: str) -> list[dict]:
        """The extraction records of a stored document."""
        with gzip.open(self._records_path(doc_id), "rt", encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    # --- reading ------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None):
        """Run a SPARQL query over the union of all graphs; ``bindings`` are bound safely (see :mod:`kg.sparql`)."""
        return self.store.query(
            bind(sparql, bindings or {}),
            prefixes={k: str(v) for k, v in PREFIXES.items()},
            use_default_graph_as_union=True,
        )

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as it is (the caller has decided it may write)."""
        self._drop_derived()  # what the update changes cannot be told; an ingest builds them again
        self.store.update(sparql, prefixes={k: str(v) for k, v in PREFIXES.items()})
        self._entries = self._by_source = self._state = self._derived = None
        for index in self.indexes.values():
            index.clear()  # what the update changed cannot be told from the registry

    def index(self, name: str) -> DocumentIndex | None:
        """The declared index ``name``, brought up to date with the store; None if there is none or it
        cannot be written (the store's directory is read-only)."""
        index = self.indexes.get(name)
        if index is None:
            return None
        try:
            index.sync(
                self.state(),
                lambda: {doc_id: e.digest for doc_id, e in self.entries().items()},
                lambda doc_id: index.rows_stored(self.store, _node(doc_id)),
            )
        except (sqlite3.Error, OSError):
            return None
        return index

    def documents_naming(self, names: Iterable[str], *, aliases: bool = True) -> set[str]:
        """Ids of the documents with a person or organization called one of ``names``
        (``aliases``: or also called so)."""
        values = " ".join(str(term(n)) for n in sorted(set(names)))
        if not values:
            return set()
        path = "schema:name|schema:alternateName" if aliases else "schema:name"
        rows = self.store.query(
            f"SELECT DISTINCT ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?x {path} ?n }} }}",
            prefixes={k: str(v) for k, v in PREFIXES.items()},
        )
        return {_local(row["g"]) for row in rows if row["g"] != REGISTRY}

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the document graphs (the registry left out)."""
        skip = {REGISTRY, *self.derived_graphs()}
        return (q for q in self.store.quads_for_pattern(None, None, None, None) if q.graph_name not in skip)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the document graphs, each once: the merged graph of the facts."""
        return iter(
            self.store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._facts_only} }}")
        )

    def pairs(self, predicate: str, *, derived: bool = False) -> Iterator[tuple[str, object]]:
        """The distinct (subject, object) pairs with ``predicate`` in the document graphs (``derived``:
        and in the derived graphs): subjects as IRIs, objects as :class:`~kg.property_graph.Ref` or as
        values (see :func:`kg.property_graph.derive`)."""
        seen: set[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]] = set()
        skip = self._skipped(derived=derived)
        for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            key = (q.subject.value, q.object)
            if key not in seen and q.graph_name not in skip:
                seen.add(key)
                yield key[0], _pair_object(q.object)

    def scan(self, predicate: str, obj: str | None = None, *, derived: bool = False) -> Iterator[tuple[str, object]]:
        """The distinct (subject, object) pairs with ``predicate`` (and the IRI ``obj``), as :meth:`pairs`
        but holding none of them: Oxigraph's index puts the graph last, so the graphs of one pair come
        one after the other, and a pair repeating the one before is skipped."""
        skip, previous = self._skipped(derived=derived), None
        wanted = ox.NamedNode(obj) if obj is not None else None
        for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), wanted, None):
            key = (q.subject, q.object)
            if key != previous and q.graph_name not in skip:
                previous = key
                yield q.subject.value, _pair_object(q.object)

    def about(
        self, subject: str, predicate: str | None = None, *, derived: bool = False
    ) -> Iterator[tuple[str, object]]:
        """The distinct (predicate, object) pairs of ``subject`` (with ``predicate``) in the document
        graphs (``derived``: and the derived graphs), in the index's order, as :meth:`pairs` gives them;
        lazily, as :meth:`scan`, so that reading only the first costs one look-up."""
        skip, previous = self._skipped(derived=derived), None
        wanted = ox.NamedNode(predicate) if predicate is not None else None
        for q in self.store.quads_for_pattern(ox.NamedNode(subject), wanted, None, None):
            key = (q.predicate, q.object)
            if key != previous and q.graph_name not in skip:
                previous = key
                yield key[0].value, _pair_object(key[1])

    def _skipped(self, *, derived: bool) -> set[ox.NamedNode]:
        """The graphs that are not facts: the registry, and the derived graphs unless ``derived``."""
        return {REGISTRY} if derived else {REGISTRY, *self.derived_graphs()}

    def to_rdflib(self) -> Graph:
        """All stored facts (registry excluded) merged into one rdflib graph."""
        g = Graph()
        for k, v in PREFIXES.items():
            g.bind(k, v)
        g.parse(data=ox.serialize((q.triple for q in self.quads()), format=ox.RdfFormat.N_TRIPLES), format="nt")
        return g

    def __len__(self) -> int:
        """How many quads the document graphs hold."""
        rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._facts_only} }}")
        return int(next(iter(rows))["n"].value)

    @property
    def _facts_only(self) -> str:
        """A SPARQL filter keeping ``?g`` to the document graphs."""
        return f"FILTER(?g NOT IN ({', '.join(map(str, [REGISTRY, *self.derived_graphs()]))}))"
