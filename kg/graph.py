"""The knowledge graph as a networkx MultiDiGraph, for algorithms and the viewer.

Provenance nodes (documents, items, sentences) are folded into the facts: each
node and edge keeps the sentence it came from as ``source``.

>>> from kg.graph import to_networkx
>>> from kg.property_graph import PropertyGraph
>>> g = to_networkx(PropertyGraph([{"label": "Person", "id": "p1", "props": {"name": "张三"}}], []))
>>> g.nodes["p1"]["label"]
'张三'
"""

from __future__ import annotations

import networkx as nx

from kg.loaders.lexicon import lexicon
from kg.property_graph import PropertyGraph

PROVENANCE = {"Sentence", "Item", "Document"}


def _label(node: dict) -> str:
    p = node["props"]
    return str(p.get("name") or p.get("title") or p.get("headline") or p.get("text", "")[:20] or node["id"])


def to_networkx(pg: PropertyGraph, *, provenance: bool = False) -> nx.MultiDiGraph:
    """A MultiDiGraph with ``kind``, ``label``, ``pinyin``, ``props`` and ``source`` attributes."""
    sentences = {n["id"]: n["props"].get("text", "") for n in pg.nodes if n["label"] == "Sentence"}
    g = nx.MultiDiGraph()
    for n in pg.nodes:
        if n["label"] in PROVENANCE and not provenance:
            continue
        attrs = {"kind": n["label"], "label": _label(n), "props": dict(n["props"])}
        for key in ("pinyin", "date", "end_date"):
            if key in n["props"]:
                attrs[key] = n["props"][key]
        if aliases := n["props"].get("aliases"):
            attrs["aliases"] = aliases
        if title_en := lexicon().titles_en.get(n["props"].get("title", "")):
            attrs["label_en"] = title_en
        g.add_node(n["id"], **attrs)
    for e in pg.edges:
        if e["type"] in ("DERIVED_FROM", "MENTIONED_IN") and not provenance:
            if e["src"] in g and "source" not in g.nodes[e["src"]]:
                g.nodes[e["src"]]["source"] = sentences.get(e["dst"], "")
            continue
        if e["src"] not in g or e["dst"] not in g:
            continue
        props = dict(e["props"])
        attrs = {"kind": e["type"], "label": "/".join(props.get("roles", [])) or e["type"], "props": props}
        if "sentence" in props:
            attrs["source"] = sentences.get(props["sentence"], "")
        if "first_observed" in props:
            attrs["date"] = props["first_observed"]
        g.add_edge(e["src"], e["dst"], key=e["key"], **attrs)
    return g
