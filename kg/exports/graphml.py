"""The networkx graph as GraphML (Gephi opens it): provenance folded in, attributes flattened.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p1", label="张三", props={"aliases": ["老张", "张"], "age": None})
>>> flat(g).nodes["p1"]
{'aliases': '老张; 张', 'label': '张三'}
"""

from __future__ import annotations

from typing import IO

import networkx as nx

from kg.api import KnowledgeGraph


def write_graphml(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The graph of :meth:`~kg.api.KnowledgeGraph.to_networkx`, attributes as GraphML takes them."""
    g = flat(kg.to_networkx())
    nx.write_graphml(g, out)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


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
