"""Graphs for the pages' drawings, as JSON: an entity's neighbourhood, a question's answer, paths.

A drawing starts small enough to read (:data:`FIRST`: the nearest nodes, people and events
first) and says how many more there are; the page asks again with a higher ``limit`` to show
more, or for a node's own neighbourhood to expand it. Colours, shapes and the legend are the
viewer's (:data:`kg.queries.viewer.KIND_STYLES`); relationships and roles are named in Chinese
and English from the ontology.

>>> from kg.web.graph import split_paths
>>> rows = [{"position": 0, "id": "a"}, {"position": 1, "id": "b"}, {"position": 1, "id": "c"},
...         {"position": 2, "id": "d"}]
>>> edges = [{"src": "a", "dst": "b"}, {"src": "c", "dst": "a"}, {"src": "b", "dst": "d"}, {"src": "c", "dst": "d"}]
>>> split_paths(rows, edges)
[['a', 'b', 'd'], ['a', 'c', 'd']]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from kg.queries.viewer import KIND_STYLES, OTHER_STYLE
from kg.web.labels import label
from kg.web.reads import Reader, _name

FIRST = 60  # nodes drawn at first: labels stay readable
MOST = 600  # nodes a drawing ever holds
MAX_PATHS = 20
ORDER = ("Person", "Event", "Organization", "Agreement", "Post", "Place", "Project")


def describe(reader: Reader, ids: list[str]) -> dict[str, dict]:
    """Label and name of each of the nodes that are entities."""
    found = {}
    for i, props in reader.properties(ids).items():
        label = next((t for t in props.get("type", ()) if t in ORDER), None)
        if label is not None:
            found[i] = {"id": i, "label": label, "name": _name(props)}
    return found


def edges_among(reader: Reader, ids: list[str]) -> list[dict]:
    """The fact relationships between the nodes, with roles as lists."""
    if not ids:
        return []
    kept = set(ids)
    rows = reader.rows("edges", node=ids)
    unique = {(r["src"], r["type"], r["dst"]): r for r in rows if r["src"] in kept and r["dst"] in kept}
    return [{**r, "roles": sorted(r["roles"].split("|")) if r["roles"] else []} for r in unique.values()]


def drawing(reader: Reader, nodes: list[dict], focus: list[str], total: int | None = None) -> dict[str, Any]:
    """What the page script draws: nodes (id, kind, name, distance), edges, the focus, the legend,
    the names of the relationships and roles, and how many nodes there are in all."""
    edges = edges_among(reader, [n["id"] for n in nodes])
    kinds = sorted({n["label"] for n in nodes}, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    terms = {t for e in edges for t in (e["type"], *e["roles"])}
    return {
        "focus": focus,
        "nodes": [{"id": n["id"], "kind": n["label"], "name": n["name"], "distance": n.get("distance")} for n in nodes],
        "edges": [{"from": e["src"], "to": e["dst"], "type": e["type"], "roles": e["roles"]} for e in edges],
        "styles": {k: asdict(KIND_STYLES.get(k, OTHER_STYLE)) for k in kinds},
        "terms": {t: label(t) for t in sorted(terms)},
        "shown": len(nodes),
        "total": len(nodes) if total is None else total,
    }


def neighbourhood(reader: Reader, entity: str, hops: int = 1, limit: int = FIRST) -> dict[str, Any] | None:
    """The entity and the nearest ``limit - 1`` nodes within ``hops`` (1 or 2), as a drawing."""
    centre = describe(reader, [entity]).get(entity)
    if centre is None:
        return None
    around = reader.answer("neighbourhood", entity=entity, hops=hops)
    ranked = sorted(around, key=lambda r: (r["distance"], _order(r["label"]), r["name"] or "", r["id"]))
    kept = [{**centre, "distance": 0}, *ranked[: max(1, min(limit, MOST)) - 1]]
    return drawing(reader, kept, [entity], total=len(around) + 1)


def _order(kind: str) -> int:
    return ORDER.index(kind) if kind in ORDER else len(ORDER)


def split_paths(rows: list[dict], edges: list[dict]) -> list[list[str]]:
    """The separate shortest paths through the nodes of a ``path`` answer (their ``position``s),
    along the relationships between them (at most :data:`MAX_PATHS`)."""
    at: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        at[r["position"]].append(r["id"])
    linked = defaultdict(set)
    for e in edges:
        linked[e["src"]].add(e["dst"])
        linked[e["dst"]].add(e["src"])
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        if len(found) >= MAX_PATHS:
            return
        nxt = at.get(len(path), [])
        if not nxt:
            found.append(path)
            return
        for node in sorted(nxt):
            if node in linked[path[-1]]:
                walk([*path, node])

    for start in sorted(at.get(0, [])):
        walk([start])
    last = max(at, default=0)
    return [p for p in found if len(p) == last + 1]
