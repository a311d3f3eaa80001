"""The property graph (Cypher, networkx, viewer) derived from the RDF graph.

The mapping is read from the ontology, not written here: a class with
``bk:cypherLabel`` becomes a node label, an object property with
``bk:cypherType`` a relationship, an n-ary class with ``bk:cypherType``
(Tenure, Participation) a relationship between its ``bk:cypherSource`` and
``bk:cypherTarget`` carrying its own properties, and ``bk:cypherProperty``
names each property.

>>> from kg.loaders.extract import extract_path, sample_path
>>> from kg.rdf import facts_to_graph
>>> pg = derive(facts_to_graph(extract_path(sample_path(), "2014-10-31")))
>>> sorted({n["label"] for n in pg.nodes})[:3]
['Agreement', 'Document', 'Event']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.ontology import BK, ID, ontology_graph


@dataclass
class PropertyGraph:
    nodes: list[dict] = field(default_factory=list)  # {"label", "id", "props"}
    edges: list[dict] = field(default_factory=list)  # {"type", "src", "dst", "src_label", "dst_label", "key", "props"}


@dataclass(frozen=True)
class Mapping:
    labels: dict[URIRef, str]  # class → node label (subclasses included)
    relations: dict[URIRef, str]  # object property → relationship type
    nary: dict[URIRef, tuple[str, URIRef, URIRef]]  # class → (type, source prop, target prop)
    props: dict[URIRef, str]  # property → Cypher property name


@cache
def mapping() -> Mapping:
    """The ontology's property-graph annotations."""
    onto = ontology_graph()
    labels: dict[URIRef, str] = {}
    for cls, label in onto.subject_objects(BK.cypherLabel):
        labels[cls] = str(label)
        for sub in onto.transitive_subjects(RDFS.subClassOf, cls):
            labels.setdefault(sub, str(label))
    relations, nary = {}, {}
    for subject, rtype in onto.subject_objects(BK.cypherType):
        if (subject, BK.cypherSource, None) in onto:
            nary[subject] = (str(rtype), onto.value(subject, BK.cypherSource), onto.value(subject, BK.cypherTarget))
        else:
            relations[subject] = str(rtype)
    props = {p: str(n) for p, n in onto.subject_objects(BK.cypherProperty)}
    return Mapping(labels, relations, nary, props)


def local_id(node: URIRef) -> str:
    return str(node)[len(str(ID)) :] if str(node).startswith(str(ID)) else str(node)


def _value(o):
    if isinstance(o, Literal):
        v = o.toPython()
        return v.isoformat() if hasattr(v, "isoformat") else v if isinstance(v, int | float | str) else str(v)
    return local_id(o).rsplit("#", 1)[-1]


def derive(g: Graph) -> PropertyGraph:
    """Nodes and relationships of an RDF graph, as the ontology maps them."""
    m = mapping()
    label_of: dict[URIRef, str] = {}
    nary_of: dict[URIRef, URIRef] = {}
    for s, cls in g.subject_objects(RDF.type):
        if cls in m.nary:
            nary_of[s] = cls
        elif cls in m.labels and s not in label_of:
            label_of[s] = m.labels[cls]
    pg = PropertyGraph()
    for s, label in label_of.items():
        pg.nodes.append({"label": label, "id": local_id(s), "props": _props(g, s, m)})
    for s, p, o in g:
        if p in m.relations and s in label_of and o in label_of:
            pg.edges.append(_edge(m.relations[p], s, o, label_of, f"{local_id(s)}|{m.relations[p]}|{local_id(o)}", {}))
    for s, cls in nary_of.items():
        rtype, source, target = m.nary[cls]
        a, b = g.value(s, source), g.value(s, target)
        if a in label_of and b in label_of:
            props = _props(g, s, m)
            if (sent := g.value(s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))) is not None:
                props["sentence"] = local_id(sent)
            pg.edges.append(_edge(rtype, a, b, label_of, local_id(s), props))
    return pg


def _props(g: Graph, s: URIRef, m: Mapping) -> dict:
    props: dict = {}
    for p, o in g.predicate_objects(s):
        name = m.props.get(p)
        if name is None:
            continue
        value = _value(o)
        if name in ("aliases", "roles"):
            props.setdefault(name, []).append(value)
            props[name].sort()
        else:
            props[name] = value
    return props


def _edge(rtype: str, a: URIRef, b: URIRef, label_of: dict, key: str, props: dict) -> dict:
    return {
        "type": rtype,
        "src": local_id(a),
        "dst": local_id(b),
        "src_label": label_of[a],
        "dst_label": label_of[b],
        "key": key,
        "props": props,
    }
