"""The store read one entity at a time, for the exports that stream (FtM, Popolo, spells, GEXF).

Oxigraph's indexes give the subjects of a class in order, and the pairs of a predicate ordered by
object, then subject: the copies of a node or a pair that several documents hold come one after
another and are merged as they pass, without remembering what was seen. A node's description is
read when it is reached (:meth:`Reader.node`), small lookups (posts, organizations, documents)
are cached in bounded caches, so memory stays flat however many bulletins the store holds.

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> reader = Reader(kg.store)
>>> chen = next(n for n in reader.nodes(BK.Person) if n.one(SCHEMA.name) == "陈一新")
>>> chen.one(BK.pinyin), len(chen.documents)
('Chen Yi Xin', 1)
>>> [(s.title, s.first_observed) for s in reader.spells(chen.id)]
[('书记', '2014-10-31')]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, URIRef

from kg.ontology import BK, ID, ORG, SCHEMA
from kg.spells import Spell, spells
from kg.stores.rdf_store import REGISTRY, RdfStore

_ID, _BK = str(ID), str(BK)
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
CACHED = 4096  # posts, organizations and documents remembered while reading


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str | int:
    """A term as the exports write it: an id of this graph, an ontology term's name, a literal's text."""
    if isinstance(term, ox.Literal):
        return int(term.value) if term.datatype.value == _INTEGER else term.value
    text = term.value
    return text[len(_ID) :] if text.startswith(_ID) else text[len(_BK) :] if text.startswith(_BK) else text


@dataclass(frozen=True)
class Node:
    """A node as every document describes it: its values by predicate (distinct, sorted) and the
    documents (named graphs) that describe it."""

    id: str
    values: dict[str, list]
    documents: list[str]

    def all(self, predicate: URIRef) -> list:
        return self.values.get(str(predicate), [])

    def one(self, predicate: URIRef) -> str | int | None:
        """The first value of ``predicate`` (a node has one name, one title …), or None."""
        found = self.values.get(str(predicate))
        return found[0] if found else None


class Reader:
    """Reads a store's documents (not its registry, not its derived graphs) node by node."""

    def __init__(self, store: RdfStore) -> None:
        self.oxi = store.store
        self.skip = {REGISTRY, *store.derived_graphs()}
        self.node = functools.lru_cache(maxsize=CACHED)(self.describe)  # posts, organizations, documents recur

    def _quads(self, s: object = None, p: object = None, o: object = None) -> Iterator[ox.Quad]:
        return (q for q in self.oxi.quads_for_pattern(s, p, o, None) if q.graph_name not in self.skip)

    def describe(self, local: str) -> Node:
        """A node's description, by its id (:meth:`node`: the same, cached, for nodes read again and again)."""
        values: dict[str, set] = {}
        documents: set[str] = set()
        for q in self._quads(ox.NamedNode(_ID + local)):
            values.setdefault(q.predicate.value, set()).add(_value(q.object))
            documents.add(_value(q.graph_name))
        return Node(local, {p: sorted(v, key=str) for p, v in values.items()}, sorted(documents))

    def nodes(self, cls: URIRef) -> Iterator[Node]:
        """Every node of a class, each once, in the store's order (described when reached, not cached)."""
        subjects = (q.subject.value for q in self._quads(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls))))
        for subject, _ in itertools.groupby(subjects):
            if subject.startswith(_ID):
                yield self.describe(subject[len(_ID) :])

    def pairs(self, predicate: URIRef) -> Iterator[tuple[str, str | int]]:
        """The distinct (subject, object) pairs of a predicate, by object then subject."""
        found = ((_value(q.subject), _value(q.object)) for q in self._quads(None, ox.NamedNode(str(predicate))))
        return (pair for pair, _ in itertools.groupby(found))

    def subjects(self, predicate: URIRef, local: str) -> list[str]:
        """The subjects linked to a node by ``predicate`` (tenures of a person, participations of an event)."""
        found = (_value(q.subject) for q in self._quads(None, ox.NamedNode(str(predicate)), ox.NamedNode(_ID + local)))
        return [s for s, _ in itertools.groupby(found)]

    def published(self, document: str) -> str | None:
        return self.node(document).one(SCHEMA.datePublished)

    def tenure_row(self, tenure: Node) -> dict:
        """A tenure as :func:`kg.spells.spells` reads it."""
        post = self.node(tenure.one(BK.post))
        org_id = post.one(ORG.postIn)
        document = tenure.documents[0] if tenure.documents else None
        return {
            "fact": tenure.id,
            "post": post.id,
            "title": post.one(BK.title),
            "organization": self.node(org_id).one(SCHEMA.name) if org_id else None,
            "org_id": org_id,
            "person_id": tenure.one(ORG.member),
            "start": tenure.one(BK.statedStart),
            "end": tenure.one(BK.statedEnd),
            "start_sentence": tenure.one(BK.startStatedIn),
            "end_sentence": tenure.one(BK.endStatedIn),
            "observed": tenure.one(BK.firstObserved),
            "replaces": tenure.all(BK.replaces),
            "replaced_by": tenure.all(BK.replacedBy),
            "document": document,
            "published": self.published(document) if document else None,
        }

    def spells(self, person: str) -> list[Spell]:
        """A person's spells (:mod:`kg.spells`)."""
        return spells(self.tenure_row(self.describe(t)) for t in self.subjects(ORG.member, person))

    def people_spells(self) -> Iterator[tuple[str, list[Spell]]]:
        """Every person holding a post, once, with their spells (in the store's order)."""
        for person, told in itertools.groupby(self.pairs(ORG.member), key=lambda pair: pair[1]):
            yield str(person), spells(self.tenure_row(self.describe(str(tenure))) for tenure, _ in told)
