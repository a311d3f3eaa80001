"""The property graph (Cypher, networkx, viewer) derived from the RDF graph.

The mapping is read from the ontology, not written here: a class with
``bk:cypherLabel`` becomes a node label, an object property with
``bk:cypherType`` a relationship, an n-ary class with ``bk:cypherType``
(Tenure, Participation) a relationship between its ``bk:cypherSource`` and
``bk:cypherTarget`` carrying its own properties, and ``bk:cypherProperty``
names each property.

The RDF comes as *pairs*: a function giving, for a predicate, the distinct
(subject, object) pairs with it — so the store is read one predicate at a time,
not loaded into memory first (:meth:`kg.stores.rdf_store.RdfStore.pairs`), and an
rdflib graph works too (:func:`graph_pairs`).

>>> from kg.loaders.extract import extract_path, sample_path
>>> from kg.rdf import facts_to_graph
>>> pg = derive(graph_pairs(facts_to_graph(extract_path(sample_path(), "2014-10-31"))))
>>> sorted({n["label"] for n in pg.nodes})[:3]
['Agreement', 'Document', 'Event']
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.fact_kinds import list_predicates
from kg.ontology import BK, ID, PROV, ontology_graph


class Ref(str):
    """An IRI among objects (objects that are not refs are literal values)."""


Pairs = Callable[[str], Iterable[tuple[str, object]]]  # predicate IRI → distinct (subject IRI, object)


@dataclass
class PropertyGraph:
    nodes: list[dict] = field(default_factory=list)  # {"label", "id", "props"}
    edges: list[dict] = field(default_factory=list)  # {"type", "src", "dst", "src_label", "dst_label", "key", "props"}


@dataclass(frozen=True)
class Mapping:
    labels: dict[str, str]  # class → node label (subclasses included)
    relations: dict[str, str]  # object property → relationship type
    nary: dict[str, tuple[str, str, str]]  # class → (type, source prop, target prop)
    props: dict[str, str]  # property → Cypher property name
    lists: frozenset[str]  # the Cypher properties holding lists (sorted), as the fact kinds declare them


@cache
def mapping() -> Mapping:
    """The ontology's property-graph annotations (terms as IRI strings)."""
    onto = ontology_graph()
    labels: dict[str, str] = {}
    for cls, label in onto.subject_objects(BK.cypherLabel):
        labels[str(cls)] = str(label)
        for sub in onto.transitive_subjects(RDFS.subClassOf, cls):
            labels.setdefault(str(sub), str(label))
    relations, nary = {}, {}
    for subject, rtype in onto.subject_objects(BK.cypherType):
        if (subject, BK.cypherSource, None) in onto:
            source, target = onto.value(subject, BK.cypherSource), onto.value(subject, BK.cypherTarget)
            nary[str(subject)] = (str(rtype), str(source), str(target))
        else:
            relations[str(subject)] = str(rtype)
    props = {str(p): str(n) for p, n in onto.subject_objects(BK.cypherProperty)}
    return Mapping(labels, relations, nary, props, frozenset(props[p] for p in list_predicates() if p in props))


def local_id(node: str) -> str:
    return node[len(ID) :] if node.startswith(ID) else node


def graph_pairs(g: Graph) -> Pairs:
    """The pairs of an rdflib graph."""

    def pairs(predicate: str) -> Iterable[tuple[str, object]]:
        for s, o in g.subject_objects(URIRef(predicate)):
            yield str(s), _literal_value(o) if isinstance(o, Literal) else Ref(o)

    return pairs


def _literal_value(o: Literal) -> object:
    v = o.toPython()
    return v.isoformat() if hasattr(v, "isoformat") else v if isinstance(v, int | float | str) else str(v)


def _value(o: object) -> object:
    return local_id(o).rsplit("#", 1)[-1] if isinstance(o, Ref) else o


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector off while millions of acyclic objects are built: each of its
    full passes walks them all, which made a 10,000-bulletin graph take many times longer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def derive(pairs: Pairs) -> PropertyGraph:
    """Nodes and relationships of an RDF graph, as the ontology maps them."""
    with paused_gc():
        return _derive(pairs)


def _derive(pairs: Pairs) -> PropertyGraph:
    m = mapping()
    label_of: dict[str, str] = {}
    nary_of: dict[str, str] = {}
    for s, cls in pairs(str(RDF.type)):
        if cls in m.nary:
            nary_of[s] = cls
        elif cls in m.labels and s not in label_of:
            label_of[s] = m.labels[cls]
    props: dict[str, dict] = defaultdict(dict)
    for p, name in m.props.items():
        for s, o in pairs(p):
            if s in label_of or s in nary_of:
                value = _value(o)
                if name in m.lists:
                    props[s].setdefault(name, []).append(value)
                else:
                    props[s][name] = value
    for values in props.values():
        for name in m.lists & values.keys():
            values[name].sort()
    pg = PropertyGraph()
    for s, label in label_of.items():
        pg.nodes.append({"label": label, "id": local_id(s), "props": props.get(s, {})})
    for p, rtype in m.relations.items():
        for s, o in pairs(p):
            if s in label_of and o in label_of:
                pg.edges.append(_edge(rtype, s, o, label_of, f"{local_id(s)}|{rtype}|{local_id(o)}", {}))
    ends: dict[str, dict[str, str]] = defaultdict(dict)
    for cls in {*m.nary.values()}:
        for prop in cls[1:]:
            for s, o in pairs(prop):
                if s in nary_of:
                    ends[s].setdefault(prop, o)
    sentence = {s: o for s, o in pairs(str(PROV.wasDerivedFrom)) if s in nary_of}
    for s, cls in nary_of.items():
        rtype, source, target = m.nary[cls]
        a, b = ends[s].get(source), ends[s].get(target)
        if a in label_of and b in label_of:
            edge_props = dict(props.get(s, {}))
            if s in sentence:
                edge_props["sentence"] = local_id(sentence[s])
            pg.edges.append(_edge(rtype, a, b, label_of, local_id(s), edge_props))
    return pg


def _edge(rtype: str, a: str, b: str, label_of: dict, key: str, props: dict) -> dict:
    return {
        "type": rtype,
        "src": local_id(a),
        "dst": local_id(b),
        "src_label": label_of[a],
        "dst_label": label_of[b],
        "key": key,
        "props": props,
    }
