"""Interactive HTML viewer for a bulletin knowledge graph.

:func:`render_html` writes ONE self-contained HTML file (vis-network inlined, graph
data embedded as escaped JSON, a Content-Security-Policy that forbids any network
access) with a legend, hover tooltips, a details panel with the source sentence,
search, kind and date filters. The graph data and physics options are built with
pyvis; the page template, script and style live in ``queries/assets/``.

>>> import tempfile
>>> from pathlib import Path
>>> import networkx as nx
>>> from kg.queries.viewer import render_html
>>> g = nx.MultiDiGraph()
>>> g.add_node("p1", kind="Person", label="张三", pinyin="Zhāng Sān", label_en="Mayor")
>>> g.add_node("e1", kind="Event", label="常务会议", date="2014-10-23")
>>> _ = g.add_edge("p1", "e1", kind="PARTICIPATED_IN", label="主持/presided")
>>> render_html(g, Path(tempfile.mkdtemp()) / "kg.html", title="示例")
ViewStats(nodes_total=2, nodes_drawn=2, edges_drawn=1, reduced=False, reason=None)
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

DEFAULT_MAX_NODES = 1500
"""Default size limit: in headless Chromium 1,000 nodes take ~1.5 s to a stable layout, 5,000 ~5.5 s
(docs/benchmarks.md)."""
IMPROVED_LAYOUT_MAX = 100
"""Up to this many nodes vis-network places them itself (its Kamada–Kawai ``improvedLayout``);
above, :func:`seed_positions` gives the physics a start close to its end."""
SPRING_LENGTH = 160

_ASSETS = files("kg.queries") / "assets"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_NODE_FIELDS = ("pinyin", "label_en", "date", "end_date", "aliases", "props", "source", "source_doc")
_EDGE_FIELDS = ("date", "props", "source", "source_doc")
_RENAMED = {"source": "sentence"}  # pyvis' add_edge takes ``source`` as the edge's tail


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How one node kind is drawn and named in the legend."""

    zh: str
    en: str
    color: str
    shape: str  # a vis-network shape
    glyph: str  # the legend's symbol for that shape


KIND_STYLES: dict[str, KindStyle] = {
    "Person": KindStyle("人物", "Person", "#4e79a7", "dot", "●"),
    "Organization": KindStyle("组织", "Organization", "#f28e2b", "square", "■"),
    "Post": KindStyle("职务", "Post", "#59a14f", "triangle", "▲"),
    "Event": KindStyle("事件", "Event", "#e15759", "star", "★"),
    "Agreement": KindStyle("协议", "Agreement", "#b07aa1", "diamond", "◆"),
    "Place": KindStyle("地点", "Place", "#76b7b2", "triangleDown", "▼"),
    "Project": KindStyle("项目", "Project", "#edc948", "hexagon", "⬢"),
    "Document": KindStyle("文件", "Document", "#9c755f", "box", "▬"),
}
OTHER_STYLE = KindStyle("其他", "Other", "#bab0ac", "dot", "●")


@dataclass(frozen=True, slots=True)
class ViewStats:
    """What :func:`render_html` drew, and whether (and why) the graph was reduced."""

    nodes_total: int
    nodes_drawn: int
    edges_drawn: int
    reduced: bool
    reason: str | None


def render_html(
    graph: nx.MultiDiGraph,
    out: Path | str,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: list[str] | None = None,
) -> ViewStats:
    """Write an offline, self-contained interactive view of ``graph`` to ``out``.

    Above ``max_nodes`` (default :data:`DEFAULT_MAX_NODES` = 1500) the view is reduced
    to the ``focus`` nodes and their breadth-first neighbourhood, or without ``focus``
    to the ``max_nodes`` nodes of highest degree centrality; the page then says so.
    ``focus`` nodes are also selected when the page opens.

    Node attributes: ``kind``, ``label`` and optional ``pinyin``, ``label_en``, ``aliases``
    (list, searched), ``date``/``end_date`` (ISO), ``props``, ``source`` (sentence),
    ``source_doc``; edge attributes: ``kind``, ``label`` and optional ``date``, ``props``,
    ``source``, ``source_doc``. All of their text is treated as untrusted data.
    Raises ``ValueError`` for ``max_nodes < 1`` or ``focus`` ids missing from the graph.
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be positive, got {max_nodes}")
    focus = list(focus or [])
    missing = [n for n in focus if n not in graph]
    if missing:
        raise ValueError(f"focus nodes not in the graph: {missing!r}")
    shown, reason = reduce_graph(graph, max_nodes, focus)
    stats = ViewStats(
        nodes_total=graph.number_of_nodes(),
        nodes_drawn=shown.number_of_nodes(),
        edges_drawn=shown.number_of_edges(),
        reduced=reason is not None,
        reason=reason,
    )
    data = _view_data(_build_network(shown), shown, stats, focus)
    Path(out).write_text(_page(title, data), encoding="utf-8")
    return stats


def reduce_graph(graph: nx.MultiDiGraph, max_nodes: int, focus: list[str]) -> tuple[nx.MultiDiGraph, str | None]:
    """Return the subgraph to draw and the reason it was reduced (``None`` if it was not)."""
    total = graph.number_of_nodes()
    if total <= max_nodes:
        return graph, None
    if focus:
        kept, hops = _focus_neighbourhood(graph, focus, max_nodes)
        why = f"the {len(focus[:max_nodes])} focus node(s) and their neighbourhood within {hops} hop(s)"
    else:
        kept = _top_by_degree(graph, max_nodes)
        why = f"the {max_nodes} nodes of highest degree centrality"
    reason = f"{total} nodes exceed max_nodes={max_nodes}; kept {why}."
    return graph.subgraph(kept).copy(), reason


def _top_by_degree(graph: nx.MultiDiGraph, k: int) -> list[Hashable]:
    centrality = nx.degree_centrality(graph)
    return sorted(graph, key=lambda n: (-centrality[n], str(n)))[:k]


def _focus_neighbourhood(graph: nx.MultiDiGraph, focus: list[str], k: int) -> tuple[list[Hashable], int]:
    """Breadth-first (ignoring direction) from ``focus``, best-connected first within a ring."""
    kept = dict.fromkeys(focus[:k])
    frontier: list[Hashable] = list(kept)
    hops = 0
    while frontier and len(kept) < k:
        ring = {m for n in frontier for m in nx.all_neighbors(graph, n)} - kept.keys()
        ring_sorted = sorted(ring, key=lambda m: (-graph.degree(m), str(m)))[: k - len(kept)]
        if not ring_sorted:
            break
        kept.update(dict.fromkeys(ring_sorted))
        frontier = ring_sorted
        hops += 1
    return list(kept), hops


def _style(kind: str) -> KindStyle:
    return KIND_STYLES.get(kind, OTHER_STYLE)


def _build_network(graph: nx.MultiDiGraph) -> Network:
    """pyvis network with styled nodes, uniquely identified edges and ending physics."""
    net = Network(directed=True)
    for node_id, attrs in graph.nodes(data=True):
        style = _style(attrs.get("kind", ""))
        net.add_node(
            node_id,
            label=str(attrs.get("label") or node_id),
            shape=style.shape,
            color=style.color,
            value=graph.degree(node_id),
            kind=attrs.get("kind", ""),
            **_present(attrs, _NODE_FIELDS),
        )
    for index, (src, dst, attrs) in enumerate(graph.edges(data=True)):
        net.add_edge(
            src,
            dst,
            id=f"e{index}",
            label=str(attrs.get("label") or ""),
            kind=attrs.get("kind", ""),
            **_present(attrs, _EDGE_FIELDS),
        )
    _curve_parallel_edges(net.edges)
    if graph.number_of_nodes() > IMPROVED_LAYOUT_MAX:
        positions = seed_positions(graph)
        for node in net.nodes:
            node["x"], node["y"] = positions[node["id"]]
    _set_physics(net, graph.number_of_nodes())
    _set_edge_style(net, graph.number_of_edges())
    return net


def seed_positions(graph: nx.MultiDiGraph, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Starting positions in linear time: each component's best-connected node at random in a disc
    sized for the graph's final density, every other node half a spring from its breadth-first parent.

    From there the physics stabilizes in a fraction of the iterations a random start needs
    (docs/benchmarks.md).
    """
    rng = random.Random(seed)
    radius = SPRING_LENGTH / 5 * math.sqrt(graph.number_of_nodes())
    undirected = graph.to_undirected(as_view=True)
    positions: dict[Hashable, tuple[float, float]] = {}

    def near(x: float, y: float, distance: float) -> tuple[float, float]:
        angle = rng.uniform(0, 2 * math.pi)
        return x + distance * math.cos(angle), y + distance * math.sin(angle)

    for component in sorted(nx.connected_components(undirected), key=len, reverse=True):
        root = max(component, key=undirected.degree)
        positions[root] = near(0, 0, radius * math.sqrt(rng.random())) if positions else (0.0, 0.0)
        for parent, child in nx.bfs_edges(undirected, root):
            positions[child] = near(*positions[parent], SPRING_LENGTH / 2)
    return positions


def _present(attrs: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The optional attributes that are set, under their names in the page's data."""
    return {_RENAMED.get(f, f): attrs[f] for f in fields if attrs.get(f) not in (None, "", [], {})}


def _curve_parallel_edges(edges: list[dict[str, Any]]) -> None:
    """Bend the 2nd, 3rd… edge between the same two nodes so parallel edges stay apart."""
    seen: Counter[frozenset[Hashable]] = Counter()
    for edge in edges:
        pair = frozenset((edge["from"], edge["to"]))
        if seen[pair]:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}
        seen[pair] += 1


def _set_physics(net: Network, n_nodes: int) -> None:
    """barnesHut with a bounded stabilization; the page turns physics off once it is done.

    ``theta`` 0.9 (vis-network's default is 0.5) approximates distant nodes more coarsely:
    each iteration costs about half, for the same layout. Seeded positions need fewer iterations.
    """
    net.barnes_hut(
        gravity=-4000,
        central_gravity=0.3,
        spring_length=SPRING_LENGTH,
        spring_strength=0.04,
        damping=0.09,
        overlap=0.2,
    )
    physics = net.options.physics
    physics.barnesHut.theta = 0.9
    physics.minVelocity = 1.0
    physics.stabilization.iterations = stabilization_iterations(n_nodes)
    physics.stabilization.updateInterval = 25


def stabilization_iterations(n_nodes: int) -> int:
    """At most this many physics iterations before the view is shown (fewer if it settles sooner)."""
    if n_nodes <= IMPROVED_LAYOUT_MAX:
        return 1000
    return 300 if n_nodes <= 300 else 150 if n_nodes <= 1500 else 100


def _set_edge_style(net: Network, n_edges: int) -> None:
    """Grey edges, highlighted when selected; straight (cheaper) when there are many."""
    net.inherit_edge_colors(False)
    net.options.edges.color.color = "#9aa5b1"
    net.options.edges.color.highlight = "#2f6db3"
    net.options.edges.color.hover = "#2f6db3"
    net.options.edges.smooth.enabled = n_edges <= 1000
    net.options.edges.smooth.type = "continuous"
    net.toggle_hide_edges_on_drag(n_edges > 1000)


def _options(net: Network, n_nodes: int) -> dict[str, Any]:
    """pyvis' options plus what it has no setter for (layout seed, hover, node scaling)."""
    options = json.loads(net.options.to_json())
    options["layout"] = {"randomSeed": 7, "improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX}
    options["interaction"].update(hover=True, tooltipDelay=150, navigationButtons=False)
    options["nodes"] = {"scaling": {"min": 10, "max": 26}}
    return options


def _kinds(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(attrs.get("kind", "") for _, attrs in graph.nodes(data=True))
    order = {kind: i for i, kind in enumerate(KIND_STYLES)}
    legend = []
    for kind in sorted(counts, key=lambda k: (order.get(k, len(order)), k)):
        style = _style(kind)
        name = style.en if kind in KIND_STYLES else f"{style.en} ({kind or '?'})"
        legend.append({**asdict(style), "kind": kind, "en": name, "count": counts[kind]})
    return legend


def _view_data(net: Network, graph: nx.MultiDiGraph, stats: ViewStats, focus: list[str]) -> dict[str, Any]:
    """Everything the page script needs, as one JSON-able dict."""
    return {
        "meta": {**asdict(stats), "focus": [n for n in focus if n in graph]},
        "kinds": _kinds(graph),
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(net, stats.nodes_drawn),
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``<``, ``>``, ``&``, U+2028/9)."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))


def asset(name: str) -> str:
    """A file of ``queries/assets/``."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def fill(template: str, title: str, data: Any, **assets: str) -> str:
    """An asset page with its ``{{title}}`` (escaped), ``{{data}}`` (:func:`script_json`) and the named
    assets in place, filled in one pass, so inserted text is never scanned for placeholders."""
    parts = {"title": html.escape(title), "data": script_json(data)} | {k: asset(v) for k, v in assets.items()}
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], asset(template))


def _page(title: str, data: dict[str, Any]) -> str:
    return fill(
        "viewer.html",
        title,
        data,
        vis_css="vis-network.css",
        viewer_css="viewer.css",
        vis_js="vis-network.min.js",
        viewer_js="viewer.js",
    )
