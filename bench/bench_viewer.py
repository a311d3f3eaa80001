"""Time until the viewer's layout is stable in headless Chromium, for views of 200, 1,000 and 5,000 nodes.

For each size: ``render_html`` (timed), then open the page in a fresh tab and wait for
``<body data-stable="true">``; the figure is ``window.kgView.stableMs`` (ms from navigation
start: parsing, vis-network, data and layout). Median of ``--runs`` page loads.

Graphs: ``scale-free`` (Barabási–Albert with hubs, as in tests/test_viewer.py) and
``bulletins`` (a generated corpus ingested into a store, reduced to the size by degree,
as ``kg view --max-nodes N`` does).

    python bench/bench_viewer.py [--sizes 200 1000 5000] [--runs 3] [--graphs scale-free bulletins]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx
from common import WORK, corpus, report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import launch, open_page, wait_stable
from test_viewer import scale_free_graph

from kg.api import KnowledgeGraph
from kg.queries.viewer import render_html

BULLETINS_MB = 8  # enough generated bulletins for a graph of more than 5,000 nodes


def bulletin_graph() -> nx.MultiDiGraph:
    """The graph of a generated corpus, ingested once into a store kept under WORK."""
    kg = KnowledgeGraph.open(WORK / f"viewer-store-{BULLETINS_MB}mb")
    kg.ingest(corpus(BULLETINS_MB))
    return kg.to_networkx()


def stable_ms(browser, page_path: Path) -> float:
    """Milliseconds from navigation start until the page says its layout is stable."""
    page, log = open_page(browser, page_path)
    try:
        wait_stable(page, timeout_ms=180_000)
        if log.errors:
            raise RuntimeError(f"{page_path}: {log.errors}")
        return page.evaluate("window.kgView.stableMs")
    finally:
        page.close()


def measure(graph: nx.MultiDiGraph, sizes: list[int], runs: int, browser) -> list[dict[str, Any]]:
    """Render and load a view of each size ``runs`` times; medians of both."""
    rows = []
    for size in sizes:
        out = WORK / f"view-{size}.html"
        started = time.perf_counter()
        stats = render_html(graph, out, title=f"bench {size}", max_nodes=size)
        render_s = time.perf_counter() - started
        loads = [stable_ms(browser, out) for _ in range(runs)]
        rows.append(
            {
                "nodes": stats.nodes_drawn,
                "edges": stats.edges_drawn,
                "render_html_s": round(render_s, 3),
                "stable_ms": round(statistics.median(loads)),
                "runs_ms": [round(ms) for ms in loads],
            }
        )
        print(rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (default 3)")
    parser.add_argument("--graphs", nargs="+", choices=["scale-free", "bulletins"], default=["scale-free", "bulletins"])
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    graphs = {
        "scale-free": lambda: scale_free_graph(max(args.sizes)),
        "bulletins": bulletin_graph,
    }
    results: dict[str, Any] = {"runs": args.runs}
    with launch() as browser:
        for name in args.graphs:
            graph = graphs[name]()
            print(f"{name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
            results[name] = measure(graph, args.sizes, args.runs, browser)
    report("viewer", results, args.json)


if __name__ == "__main__":
    main()
