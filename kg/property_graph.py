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

:func:`stream` gives the same nodes and relationships without building the graph: it reads the
store a subject at a time (:meth:`~kg.stores.rdf_store.RdfStore.scan` and
:meth:`~kg.stores.rdf_store.RdfStore.about`), so its memory does not grow with the store.
"""

from __future__ import annotations

import contextlib
import functools
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
Scan = Callable[[str, str | None], Iterable[tuple[str, object]]]  # predicate, object IRI (None: any) → distinct (s, o)
About = Callable[..., Iterable[tuple[str, object]]]  # subject IRI (, predicate IRI) → distinct (predicate IRI, object)
TYPE = str(RDF.type)
LABEL_CACHE = 2**16  # subjects whose label stream() remembers (for the ends of relationships)


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
                _set(props[s], name, _value(o), m.lists)
    for values in props.values():
        _sort_lists(values, m.lists)
    pg = PropertyGraph()
    for s, label in label_of.items():
        pg.nodes.append({"label": label, "id": local_id(s), "props": props.get(s, {})})
    for p, rtype in m.relations.items():
        for s, o in pairs(p):
            if s in label_of and o in label_of:
                pg.edges.append(_edge(rtype, (s, label_of[s]), (o, label_of[o]), {}))
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
            pg.edges.append(_edge(rtype, (a, label_of[a]), (b, label_of[b]), edge_props, key=local_id(s)))
    return pg


def _set(props: dict, name: str, value: object, lists: frozenset[str]) -> None:
    """Give ``props`` a value of ``name``: one more item of a list property, else the value."""
    if name in lists:
        props.setdefault(name, []).append(value)
    else:
        props[name] = value


def _sort_lists(props: dict, lists: frozenset[str]) -> None:
    for name in lists & props.keys():
        props[name].sort()


def _edge(rtype: str, a: tuple[str, str], b: tuple[str, str], props: dict, key: str | None = None) -> dict:
    """The relationship ``rtype`` from ``a`` to ``b``, each (IRI, label); ``key`` defaults to ``src|type|dst``."""
    src, dst = local_id(a[0]), local_id(b[0])
    return {
        "type": rtype,
        "src": src,
        "dst": dst,
        "src_label": a[1],
        "dst_label": b[1],
        "key": key or f"{src}|{rtype}|{dst}",
        "props": props,
    }


def stream(scan: Scan, about: About) -> tuple[Iterator[dict], Iterator[dict]]:
    """The nodes and relationships of :func:`derive`, the same ones, as two lazy iterators.

    ``scan(predicate, object)`` gives the distinct (subject, object) pairs with that predicate
    and object IRI, ``about(subject[, predicate])`` the distinct (predicate, object) pairs of a
    subject, each in the store's index order (as ``pairs`` gives them to :func:`derive`, so a
    property with several values keeps the same one). Nodes come a label's class at a time, then
    relationships a predicate or an n-ary class at a time; nothing is kept but the labels of the
    last :data:`LABEL_CACHE` relationship ends. Read the nodes before the relationships: a
    relationship names nodes, which a server must hold first.
    """
    m = mapping()
    return _stream_nodes(scan, about, m), _stream_edges(scan, about, m)


def _stream_nodes(scan: Scan, about: About, m: Mapping) -> Iterator[dict]:
    for cls, label in m.labels.items():
        for s, _ in scan(TYPE, cls):
            statements = list(about(s))
            # a subject of several classes is the node of its first (as in derive), once
            if _first_label_class(statements, m) == cls:
                yield {"label": label, "id": local_id(s), "props": _props(statements, m)}


def _stream_edges(scan: Scan, about: About, m: Mapping) -> Iterator[dict]:
    @functools.lru_cache(maxsize=LABEL_CACHE)
    def label(node: str) -> str | None:
        cls = _first_label_class(about(node, TYPE), m)
        return m.labels[cls] if cls else None

    for p, rtype in m.relations.items():
        for s, o in scan(p, None):
            a, b = label(s), label(o) if isinstance(o, Ref) else None
            if a and b:
                yield _edge(rtype, (s, a), (o, b), {})
    for cls, (rtype, source, target) in m.nary.items():
        for s, _ in scan(TYPE, cls):
            statements = list(about(s))
            if [o for p, o in statements if p == TYPE and o in m.nary][-1] != cls:
                continue  # the last n-ary class of a subject wins, as in derive
            ends = {p: o for p, o in reversed(statements) if p in (source, target)}  # the first of each
            a, b = ends.get(source), ends.get(target)
            la, lb = (label(end) if isinstance(end, Ref) else None for end in (a, b))
            if la and lb:
                edge_props = _props(statements, m)
                sentence = [o for p, o in statements if p == str(PROV.wasDerivedFrom)]
                if sentence:
                    edge_props["sentence"] = local_id(sentence[-1])
                yield _edge(rtype, (a, la), (b, lb), edge_props, key=local_id(s))


def _first_label_class(statements: Iterable[tuple[str, object]], m: Mapping) -> str | None:
    return next((o for p, o in statements if p == TYPE and o in m.labels), None)


def _props(statements: list[tuple[str, object]], m: Mapping) -> dict:
    """A subject's properties from its statements, set in the order :func:`derive` sets them."""
    values: dict[str, list[object]] = defaultdict(list)
    for p, o in statements:
        if p in m.props:
            values[p].append(o)
    props: dict = {}
    for p, name in m.props.items():
        for o in values.get(p, ()):
            _set(props, name, _value(o), m.lists)
    _sort_lists(props, m.lists)
    return props
