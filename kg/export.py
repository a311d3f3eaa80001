"""Export the store: RDF, GraphML for Gephi, CSV for ``neo4j-admin database import``, facts.

========  ===============================================================================
ttl       the merged graph (every document's facts, each triple once), Turtle
nquads    every document's graph, as N-Quads (graph name = document IRI)
jsonld    the merged graph, JSON-LD (expanded form)
graphml   the networkx graph (provenance folded in), attributes flattened to primitives
csv       a directory: ``nodes_<Label>.csv`` (``id:ID``, properties, ``:LABEL``) and
          ``relationships_<TYPE>.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE``, properties);
          ids are unique across labels, so one ID space serves every file
facts     JSON Lines of the ``kg extract`` records, with ids as resolved in the store
          (person records also carry their resolution ``key``)
========  ===============================================================================

>>> import io, tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> buffer = io.BytesIO()
>>> export(kg, "ttl", buffer)["triples"] == len(kg.to_rdflib())
True
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import networkx as nx
import pyoxigraph as ox

from kg.api import KnowledgeGraph
from kg.ingest import store_aliases
from kg.ontology import PREFIXES
from kg.records import from_records, to_records
from kg.resolve import Resolver
from kg.stores.rankings import RANKINGS
from kg.stores.rdf_store import REGISTRY

FORMATS = ("ttl", "nquads", "jsonld", "graphml", "csv", "facts")
_RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
# the facts: neither the registry nor the rankings (kg.stores.rankings) are facts of a bulletin
_MERGED = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({REGISTRY}, {RANKINGS})) }}"


def export(kg: KnowledgeGraph, fmt: str, out: IO[bytes] | Path) -> dict[str, int]:
    """Write the store in ``fmt`` to a binary stream (a directory for ``csv``); returns what was written."""
    if fmt == "csv":
        return write_csv(kg, Path(out))  # type: ignore[arg-type]
    if isinstance(out, Path):
        with out.open("wb") as f:
            return export(kg, fmt, f)
    if fmt in _RDF_FORMATS:
        return write_rdf(kg, fmt, out)
    if fmt == "graphml":
        g = flat(kg.to_networkx())
        nx.write_graphml(g, out)
        return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    if fmt == "facts":
        return write_facts(kg, out)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def write_rdf(kg: KnowledgeGraph, fmt: str, out: IO[bytes]) -> dict[str, int]:
    """Turtle or JSON-LD of the merged graph, or N-Quads of the document graphs."""
    counted = _Counter()
    if fmt == "nquads":
        ox.serialize(counted.each(kg.store.quads()), out, format=ox.RdfFormat.N_QUADS)
        return {"quads": counted.n}
    triples = kg.store.store.query(_MERGED)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    ox.serialize(counted.each(triples), out, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    return {"triples": counted.n}


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def each(self, items: Iterable) -> Iterable:
        for item in items:
            self.n += 1
            yield item


def _primitive(value: object) -> object:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def _flatten(attrs: dict) -> dict:
    """Attributes as GraphML takes them: ``props`` spread out (top-level values win), lists joined."""
    out = dict(attrs.get("props") or {})
    out.update({k: v for k, v in attrs.items() if k != "props"})
    return {k: _primitive(v) for k, v in out.items() if v is not None}


def flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attributes are primitives of one type per name (mixed → text)."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, _flatten(a)) for n, a in g.nodes(data=True))
    out.add_edges_from((u, v, k, _flatten(a)) for u, v, k, a in g.edges(keys=True, data=True))
    for items in (list(out.nodes.values()), [a for *_, a in out.edges(keys=True, data=True)]):
        types: dict[str, set[type]] = {}
        for attrs in items:
            for k, v in attrs.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        for attrs in items:
            attrs.update({k: str(attrs[k]) for k in mixed & attrs.keys()})
    return out


_NEO4J_TYPES = {bool: ":boolean", int: ":long", float: ":double", list: ":string[]"}


def _columns(rows: list[dict]) -> dict[str, str]:
    """Property name → neo4j-admin header (``name:type``); a column of mixed types is text."""
    types: dict[str, set[type]] = {}
    for props in rows:
        for k, v in props.items():
            if v is not None:
                types.setdefault(k, set()).add(type(v))
    return {k: k + (_NEO4J_TYPES.get(next(iter(ts)), "") if len(ts) == 1 else "") for k, ts in sorted(types.items())}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else value


def write_csv(kg: KnowledgeGraph, out: Path) -> dict[str, int]:
    """The property graph as neo4j-admin import files in directory ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pg = kg.property_graph()
    nodes: dict[str, list[dict]] = {}
    for n in pg.nodes:
        nodes.setdefault(n["label"], []).append(n)
    edges: dict[str, list[dict]] = {}
    for e in pg.edges:
        edges.setdefault(e["type"], []).append(e)
    for label, group in nodes.items():
        columns = _columns([n["props"] for n in group])
        rows = ([n["id"], *(_cell(n["props"].get(c)) for c in columns), label] for n in group)
        _write(out / f"nodes_{label}.csv", ["id:ID", *columns.values(), ":LABEL"], rows)
    for rtype, group in edges.items():
        props = [{"key": e["key"], **e["props"]} for e in group]
        columns = _columns(props)
        ends = ([e["src"], e["dst"], rtype] for e in group)
        rows = ([*end, *(_cell(p.get(c)) for c in columns)] for end, p in zip(ends, props, strict=True))
        _write(out / f"relationships_{rtype}.csv", [":START_ID", ":END_ID", ":TYPE", *columns.values()], rows)
    return {"nodes": len(pg.nodes), "edges": len(pg.edges), "files": len(nodes) + len(edges)}


def _write(path: Path, header: list[str], rows: Iterable[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_facts(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """Each stored document's records, resolved as in the store, as JSON Lines."""
    resolver = Resolver(kg.overrides(), store_aliases(kg.store))
    n, documents = 0, kg.documents()
    for doc in documents:
        resolution = resolver.resolve(from_records(kg.store.records(doc["id"])))
        for rec in to_records(resolution.facts):
            if rec["kind"] == "person":
                rec["key"] = resolution.keys[rec["id"]]
            out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode())
            n += 1
    return {"records": n, "documents": len(documents)}
