"""A name index beside the RDF store: the entities whose name, alias or pinyin contains a text.

Oxigraph has no text index, so a substring test reads every name in the store (1.5 s over
10,000 bulletins). This index is an SQLite file, ``STORE/names.sqlite``, with a row per
document, entity and name of the searched classes (pinyin kept folded: lower case, no spaces),
kept in step with the store document by document (:mod:`kg.stores.derived`).
``search`` asks it for candidates, and the engine (SPARQL or Cypher) checks and describes them.

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
>>> index.similar("陈一心"), index.similar("chenyixing"), index.similar("王")
(['陈一新'], ['chenyixin'], [])
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pyoxigraph as ox

from kg.ontology import BK, ID, SCHEMA
from kg.stores.derived import DocumentIndex, lines_with

SEARCHED = ("Person", "Organization", "Event", "Agreement", "Place", "Project")  # the classes search finds
MAX_CANDIDATES = 20_000  # beyond this, the engine's own scan is as quick as a list of candidates

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_CLASSES = frozenset(str(BK[c]) for c in SEARCHED)
_KEYS = {str(SCHEMA.name): False, str(SCHEMA.alternateName): False, str(BK.pinyin): True}  # IRI → is pinyin
# what marks the N-Triples lines worth parsing: a name, alias or pinyin, or a searched class
_MARKERS = [f"> <{p}> " for p in _KEYS] + [f"> <{_TYPE}> <{c}> ." for c in sorted(_CLASSES)]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS names (doc TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, pinyin INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS names_doc ON names (doc);
CREATE INDEX IF NOT EXISTS names_key ON names (key, pinyin);
CREATE TABLE IF NOT EXISTS keys (pinyin INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (pinyin, key)) WITHOUT ROWID;
"""
Name = tuple[str, str, bool]  # (entity id, name, is pinyin)


def fold(text: str) -> str:
    """Pinyin as search compares it: lower case, no spaces (``Chen Yi Xin`` → ``chenyixin``)."""
    return text.lower().replace(" ", "")


def names_in(ntriples: str) -> list[Name]:
    """The names, aliases and pinyin of the searched entities a document's N-Triples state."""
    typed, found = set(), []
    for t in ox.parse("\n".join(sorted(lines_with(ntriples, _MARKERS))).encode(), ox.RdfFormat.N_TRIPLES):
        p = t.predicate.value
        if p == _TYPE and t.object.value in _CLASSES:
            typed.add(t.subject.value)
        elif p in _KEYS:  # (a literal may hold a marker: its line is parsed, and left here)
            found.append((t.subject.value, t.object.value, _KEYS[p]))
    return [_row(s, key, pinyin) for s, key, pinyin in found if s in typed]


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


class NameIndex(DocumentIndex[list[Name]]):
    """The SQLite name index of one store (see the module's documentation)."""

    NAME = "names"
    SCHEMA = _SCHEMA
    TABLES = ("names", "keys")
    VERSION = 2

    def rows_in(self, ntriples: str) -> list[Name]:
        return names_in(ntriples)

    def rows_stored(self, store: ox.Store, graph: ox.NamedNode) -> list[Name]:
        return names_stored(store, graph)

    def _insert(self, db: sqlite3.Connection, doc: str, rows: list[Name]) -> None:
        unique = sorted(set(rows))
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", ((doc, *r) for r in unique))
        db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", ((p, k) for _, k, p in unique))

    def _delete(self, db: sqlite3.Connection, doc: str) -> None:
        """Drop a document's rows, and its keys that no other document names."""
        keys = db.execute("SELECT DISTINCT pinyin, key FROM names WHERE doc = ?", (doc,)).fetchall()
        db.execute("DELETE FROM names WHERE doc = ?", (doc,))
        db.executemany(
            "DELETE FROM keys WHERE pinyin = ?1 AND key = ?2"
            " AND NOT EXISTS (SELECT 1 FROM names WHERE key = ?2 AND pinyin = ?1)",
            keys,
        )

    def find(self, text: str) -> list[str] | None:
        """Ids of the entities with a name or alias containing ``text``, or a pinyin containing it folded;
        None when more than :data:`MAX_CANDIDATES` match or the index cannot be read."""
        tests = [(0, text)]
        if fold(text).isascii():  # pinyin is written in Latin letters
            tests.append((1, fold(text)))
        keys = " UNION ALL ".join(
            "SELECT key, ? AS pinyin FROM keys WHERE pinyin = ? AND instr(key, ?) > 0" for _ in tests
        )
        try:
            with closing(self._connect()) as db:
                rows = db.execute(
                    f"SELECT DISTINCT n.entity FROM ({keys}) AS k JOIN names AS n"
                    " ON n.key = k.key AND n.pinyin = k.pinyin LIMIT ?",
                    [*(x for pinyin, t in tests for x in (pinyin, pinyin, t)), MAX_CANDIDATES + 1],
                )
                found = sorted(entity for (entity,) in rows)
        except (sqlite3.Error, OSError):
            return None
        return None if len(found) > MAX_CANDIDATES else found

    def similar(self, text: str, limit: int = 8) -> list[str]:
        """Names (or pinyin, for Latin text) holding ``text`` with one typo: a character changed,
        added or left out; the closest first. For "did you mean" when a search finds nothing.
        """
        pinyin = fold(text).isascii()
        key = fold(text) if pinyin else text.strip()
        if len(key) < 2 or len(key) > 40:
            return []
        escaped = [c if c not in "%_\\" else "\\" + c for c in key]
        patterns = {"".join([*escaped[:i], "_", *escaped[i + 1:]]) for i in range(len(key))}  # changed
        patterns |= {"".join([*escaped[:i], "_", *escaped[i:]]) for i in range(len(key) + 1)}  # added
        patterns |= {"".join(escaped[:i] + escaped[i + 1 :]) for i in range(len(key))}  # left out
        tests = " OR ".join("key LIKE ? ESCAPE '\\'" for _ in patterns)
        try:
            with closing(self._connect()) as db:
                found = [
                    k
                    for (k,) in db.execute(
                        f"SELECT key FROM keys WHERE pinyin = ? AND ({tests}) LIMIT 1000",
                        [int(pinyin), *(f"%{p}%" for p in sorted(patterns))],
                    )
                ]
        except (sqlite3.Error, OSError):
            return []
        close = sorted(found, key=lambda k: (-difflib.SequenceMatcher(None, key, k).ratio(), k))
        return [k for k in close if k != key][:limit]

    def __iter__(self) -> Iterator[tuple[str, str, str, bool]]:
        """Every row: (document, entity id, name, is pinyin)."""
        with closing(self._connect()) as db:
            for doc, entity, key, pinyin in db.execute("SELECT * FROM names ORDER BY doc, entity, key, pinyin"):
                yield doc, entity, key, bool(pinyin)
