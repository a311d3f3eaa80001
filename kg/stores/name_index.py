"""A name index beside the RDF store: the entities whose name, alias or pinyin contains a text.

Oxigraph has no text index, so a substring test reads every name in the store (1.5 s over
10,000 bulletins). This index is an SQLite file, ``STORE/names.sqlite``, with a row per
document, entity and name of the searched classes (pinyin kept folded: lower case, no spaces).
It is written with each document's graph and checked against the registry before each use:
a document whose graph digest it does not hold is read again from the store, so it never
answers for another state of the store. ``search`` asks it for candidates, and the engine
(SPARQL or Cypher) checks and describes them.

>>> import tempfile
>>> from pathlib import Path
>>> index = NameIndex(Path(tempfile.mkdtemp()) / "names.sqlite")
>>> nt = ('<https://w3id.org/bulletin-kg/id/person-1> <https://schema.org/name> "陈一新" .\\n'
...       '<https://w3id.org/bulletin-kg/id/person-1> <https://w3id.org/bulletin-kg/ontology#pinyin> "Chen Yixin" .\\n'
...       '<https://w3id.org/bulletin-kg/id/person-1> '
...       '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bulletin-kg/ontology#Person> .\\n')
>>> index.write({"doc-1": ("digest-1", nt)})
>>> index.find("一新"), index.find("chen yi"), index.find("李")
(['person-1'], ['person-1'], [])
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox

from kg.ontology import BK, ID, SCHEMA

SEARCHED = ("Person", "Organization", "Event", "Agreement", "Place", "Project")  # the classes search finds
MAX_CANDIDATES = 20_000  # beyond this, the engine's own scan is as quick as a list of candidates

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_CLASSES = frozenset(str(BK[c]) for c in SEARCHED)
_KEYS = {str(SCHEMA.name): False, str(SCHEMA.alternateName): False, str(BK.pinyin): True}  # IRI → is pinyin
# what marks the N-Triples lines worth parsing: a name, alias or pinyin, or a searched class
_MARKERS = [f"> <{p}> " for p in _KEYS] + [f"> <{_TYPE}> <{c}> ." for c in sorted(_CLASSES)]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (state TEXT);
CREATE TABLE IF NOT EXISTS docs (doc TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (doc TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, pinyin INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS names_doc ON names (doc);
CREATE INDEX IF NOT EXISTS names_key ON names (key, pinyin);
CREATE TABLE IF NOT EXISTS keys (pinyin INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (pinyin, key)) WITHOUT ROWID;
"""
_VERSION = 2  # of the schema: an index of another version is dropped and built again
Name = tuple[str, str, bool]  # (entity id, name, is pinyin)


def fold(text: str) -> str:
    """Pinyin as search compares it: lower case, no spaces (``Chen Yi Xin`` → ``chenyixin``)."""
    return text.lower().replace(" ", "")


def names_in(ntriples: str) -> list[Name]:
    """The names, aliases and pinyin of the searched entities a document's N-Triples state."""
    typed, found = set(), []
    for t in ox.parse("\n".join(sorted(_lines(ntriples))).encode(), ox.RdfFormat.N_TRIPLES):
        p = t.predicate.value
        if p == _TYPE and t.object.value in _CLASSES:
            typed.add(t.subject.value)
        elif p in _KEYS:  # (a literal may hold a marker: its line is parsed, and left here)
            found.append((t.subject.value, t.object.value, _KEYS[p]))
    return [_row(s, key, pinyin) for s, key, pinyin in found if s in typed]


def _lines(text: str) -> set[str]:
    """The lines of ``text`` holding a marker (found with str.find: 5x quicker than a regular expression)."""
    out = set()
    for marker in _MARKERS:
        at = text.find(marker)
        while at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            out.add(text[text.rfind("\n", 0, at) + 1 : end])
            at = text.find(marker, end)
    return out


def _row(subject: str, key: str, pinyin: bool) -> Name:
    return subject.removeprefix(str(ID)), fold(key) if pinyin else key, pinyin


def names_stored(store: ox.Store, graph: ox.NamedNode) -> list[Name]:
    """The names, aliases and pinyin of the searched entities in one stored document graph."""
    typed = {
        q.subject for q in store.quads_for_pattern(None, ox.NamedNode(_TYPE), None, graph) if q.object.value in _CLASSES
    }
    return [
        _row(q.subject.value, q.object.value, pinyin)
        for p, pinyin in _KEYS.items()
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, graph)
        if q.subject in typed
    ]


class NameIndex:
    """The SQLite name index of one store (see the module's documentation)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in ("meta", "docs", "names", "keys")))
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {_VERSION}")
        return db

    def write(self, graphs: Mapping[str, tuple[str, str]], drops: Iterable[str] = ()) -> None:
        """Index documents' graphs (doc id → (digest, N-Triples)) and forget ``drops``, in one transaction."""
        self._apply(((doc, digest, names_in(nt)) for doc, (digest, nt) in graphs.items()), drops)

    def _apply(
        self, docs: Iterable[tuple[str, str, list[Name]]], drops: Iterable[str], state: str | None = None
    ) -> None:
        """Replace documents' rows, drop others, and record the store state the index now holds (None: unknown)."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES (?)", (state,))
                for doc in drops:
                    self._forget(db, doc)
                for doc, digest, names in docs:
                    self._forget(db, doc)
                    db.execute("INSERT INTO docs VALUES (?, ?)", (doc, digest))
                    rows = sorted(set(names))
                    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", ((doc, *r) for r in rows))
                    db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", ((p, k) for _, k, p in rows))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @staticmethod
    def _forget(db: sqlite3.Connection, doc: str) -> None:
        """Drop a document's rows, and its keys that no other document names."""
        keys = db.execute("SELECT DISTINCT pinyin, key FROM names WHERE doc = ?", (doc,)).fetchall()
        db.execute("DELETE FROM names WHERE doc = ?", (doc,))
        db.execute("DELETE FROM docs WHERE doc = ?", (doc,))
        db.executemany(
            "DELETE FROM keys WHERE pinyin = ?1 AND key = ?2"
            " AND NOT EXISTS (SELECT 1 FROM names WHERE key = ?2 AND pinyin = ?1)",
            keys,
        )

    def clear(self) -> None:
        """Forget everything (after a change the index cannot follow, such as a SPARQL update)."""
        self.path.unlink(missing_ok=True)

    def sync(self, state: str, digests: Callable[[], Mapping[str, str]], read: Callable[[str], list[Name]]) -> int:
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

    def find(self, text: str) -> list[str] | None:
        """Ids of the entities with a name or alias containing ``text``, or a pinyin containing it folded;
        None when more than :data:`MAX_CANDIDATES` match."""
        tests = [(0, text)]
        if fold(text).isascii():  # pinyin is written in Latin letters
            tests.append((1, fold(text)))
        keys = " UNION ALL ".join(
            "SELECT key, ? AS pinyin FROM keys WHERE pinyin = ? AND instr(key, ?) > 0" for _ in tests
        )
        with closing(self._connect()) as db:
            rows = db.execute(
                f"SELECT DISTINCT n.entity FROM ({keys}) AS k JOIN names AS n ON n.key = k.key AND n.pinyin = k.pinyin"
                " LIMIT ?",
                [*(x for pinyin, t in tests for x in (pinyin, pinyin, t)), MAX_CANDIDATES + 1],
            )
            found = sorted(entity for (entity,) in rows)
        return None if len(found) > MAX_CANDIDATES else found

    def __iter__(self) -> Iterator[tuple[str, str, str, bool]]:
        """Every row: (document, entity id, name, is pinyin)."""
        with closing(self._connect()) as db:
            for doc, entity, key, pinyin in db.execute("SELECT * FROM names ORDER BY doc, entity, key, pinyin"):
                yield doc, entity, key, bool(pinyin)
