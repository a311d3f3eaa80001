"""Derived data: indexes and graphs computed from the stored documents and kept in step with them.

A question may need data computed from every document — every name, for a substring search;
every participation, for the co-attendance rankings — which Oxigraph reads slowly (about
10 µs a quad: every term is decoded from its own table). The question declares it (see
:mod:`kg.queries.library`), the store keeps it:

* a :class:`DocumentIndex` is an SQLite file beside the store (``STORE/NAME.sqlite``) with
  rows per document, written with each document's graph (from its N-Triples) and checked
  against the registry before each use (:meth:`~kg.stores.rdf_store.RdfStore.index`): a
  document whose graph digest it does not hold is read again from the store, so it never
  answers for another state of the store;
* a :class:`DerivedGraph` is an index from which a graph ``id:GRAPH`` of the store is
  computed. The store drops every derived graph before any change to its documents and
  builds the missing ones again after (:meth:`~kg.stores.rdf_store.RdfStore.derive`, at the
  end of an ingest or a removal): present, a derived graph describes the stored documents.

Subclasses say which rows a document gives, how they are stored, and (graphs) what the graph
is: :class:`~kg.stores.name_index.NameIndex` (search) and
:class:`~kg.queries.rankings.Rankings` (the co-attendance rankings).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Generic, TypeVar

import pyoxigraph as ox

Rows = TypeVar("Rows")  # what one document gives an index


class DocumentIndex(Generic[Rows]):
    """An SQLite file of rows per document, in step with the store (see the module's documentation)."""

    NAME = ""  # the index's name, and its file's: STORE/NAME.sqlite
    SCHEMA = ""  # CREATE statements of the subclass's tables (IF NOT EXISTS)
    TABLES: tuple[str, ...] = ()  # the subclass's tables, dropped when the version changes
    VERSION = 0  # of the schema: an index of another version is dropped and built again

    def __init__(self, path: Path) -> None:
        self.path = path

    # --- what a subclass says --------------------------------------------------------
    def rows_in(self, ntriples: str) -> Rows:
        """The rows a document's N-Triples give."""
        raise NotImplementedError

    def rows_stored(self, store: ox.Store, graph: ox.NamedNode) -> Rows:
        """The rows of a document graph stored in ``store``."""
        raise NotImplementedError

    def _insert(self, db: sqlite3.Connection, doc: str, rows: Rows) -> None:
        raise NotImplementedError

    def _delete(self, db: sqlite3.Connection, doc: str) -> None:
        raise NotImplementedError

    # --- keeping in step -------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        if db.execute("PRAGMA user_version").fetchone()[0] != self.VERSION:
            db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in ("meta", "docs", *self.TABLES)))
            db.executescript(
                "CREATE TABLE IF NOT EXISTS meta (state TEXT);"
                "CREATE TABLE IF NOT EXISTS docs (doc TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;"
                + self.SCHEMA
            )
            db.execute(f"PRAGMA user_version = {self.VERSION}")
        return db

    def write(self, graphs: Mapping[str, tuple[str, str]], drops: Iterable[str] = ()) -> None:
        """Index documents' graphs (doc id → (digest, N-Triples)) and forget ``drops``, in one transaction."""
        self._apply(((doc, digest, self.rows_in(nt)) for doc, (digest, nt) in graphs.items()), drops)

    def _apply(self, docs: Iterable[tuple[str, str, Rows]], drops: Iterable[str], state: str | None = None) -> None:
        """Replace documents' rows, drop others, and record the store state the index now holds (None: unknown)."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES (?)", (state,))
                for doc in drops:
                    self._forget(db, doc)
                for doc, digest, rows in docs:
                    self._forget(db, doc)
                    db.execute("INSERT INTO docs VALUES (?, ?)", (doc, digest))
                    self._insert(db, doc, rows)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _forget(self, db: sqlite3.Connection, doc: str) -> None:
        self._delete(db, doc)
        db.execute("DELETE FROM docs WHERE doc = ?", (doc,))

    def clear(self) -> None:
        """Forget everything (after a change the index cannot follow, such as a SPARQL update)."""
        self.path.unlink(missing_ok=True)

    def sync(self, state: str, digests: Callable[[], Mapping[str, str]], read: Callable[[str], Rows]) -> int:
        """Bring the index to the store's ``state``: unless it was last brought to it, compare its documents
        with ``digests()`` (doc id → graph digest) and read with ``read`` those it lacks or holds another
        version of; returns how many it read."""
        with closing(self._connect()) as db:
            if db.execute("SELECT state FROM meta").fetchone() == (state,):
                return 0
            held = dict(db.execute("SELECT doc, digest FROM docs"))
        current = digests()
        stale = [doc for doc, digest in current.items() if held.get(doc) != digest]
        gone = [doc for doc in held if doc not in current]
        self._apply(((doc, current[doc], read(doc)) for doc in stale), gone, state)
        return len(stale)


class DerivedGraph(DocumentIndex[Rows]):
    """An index from which a graph of the store is computed (see the module's documentation)."""

    GRAPH = ""  # the graph's local name: id:GRAPH

    def ntriples(self) -> str:
        """The graph, from the documents the index holds, as N-Triples."""
        raise NotImplementedError


def lines_with(text: str, markers: Iterable[str]) -> set[str]:
    """The lines of ``text`` holding one of ``markers`` (found with str.find: 5x quicker than a regular expression)."""
    out = set()
    for marker in markers:
        at = text.find(marker)
        while at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            out.add(text[text.rfind("\n", 0, at) + 1 : end])
            at = text.find(marker, end)
    return out
