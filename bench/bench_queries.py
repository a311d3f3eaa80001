"""SPARQL latency on a store of 1,000 generated bulletins, beside rdflib's in-memory store.

The store is built once with ``kg ingest`` (kept under WORK). Each query runs ``--runs``
times through ``KnowledgeGraph.sparql`` (Oxigraph on disk, rows as plain dicts) and
``--rdflib-runs`` times on ``KnowledgeGraph.to_rdflib()`` (the same triples in memory,
rows converted likewise); p50 and p95 of each, and the ratio rdflib / store of the p50s.
The queries read the default graph only, so both engines answer the same question; they
say DISTINCT because Oxigraph's union default graph repeats a triple once per document
graph that holds it, where rdflib's merged graph holds it once.

    python bench/bench_queries.py [--count 1000] [--runs 20] [--rdflib-runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_ingest import accepted_jobs, kg_ingest
from common import WORK, corpus, percentile, report
from rdflib import Graph, Literal

from kg.api import KnowledgeGraph
from kg.ontology import PREFIXES

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
QUERIES: dict[str, tuple[str, dict[str, str]]] = {
    "count_people": ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person }", {}),
    "name_prefix": (
        "SELECT DISTINCT ?p ?name WHERE { ?p a bk:Person ; schema:name ?name . FILTER(STRSTARTS(?name, ?prefix)) } "
        "ORDER BY ?name LIMIT 50",
        {"prefix": "陈"},
    ),
    "holders_of_title": (
        "SELECT DISTINCT ?person ?name ?organization WHERE { ?tenure a bk:Tenure ; org:member ?person ; "
        "bk:post ?post . "
        "?post bk:title ?title . ?person schema:name ?name . "
        "OPTIONAL { ?post org:postIn ?org . ?org schema:name ?organization } } ORDER BY ?name",
        {"title": "副市长"},
    ),
    "events_of_a_year": (
        "SELECT DISTINCT ?event ?name ?date WHERE { ?event a bk:Event ; schema:name ?name ; schema:startDate ?date . "
        f'FILTER(?date >= "2014-01-01"^^<{XSD_DATE}> && ?date <= "2014-12-31"^^<{XSD_DATE}>) }} ORDER BY ?date',
        {},
    ),
    "busiest_people": (
        "SELECT ?person ?name (COUNT(DISTINCT ?event) AS ?events) WHERE { ?p bk:participant ?person ; "
        "bk:inEvent ?event . ?person schema:name ?name } GROUP BY ?person ?name ORDER BY DESC(?events) LIMIT 20",
        {},
    ),
    "co_attendance": (
        "SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?together) WHERE { ?x bk:inEvent ?event ; bk:participant ?a . "
        "?y bk:inEvent ?event ; bk:participant ?b . FILTER(STR(?a) < STR(?b)) } "
        "GROUP BY ?a ?b ORDER BY DESC(?together) LIMIT 20",
        {},
    ),
}
NAMESPACES = {k: str(v) for k, v in PREFIXES.items()}


def build_store(count: int) -> Path:
    """A store holding ``count`` generated bulletins, ingested once and kept under WORK."""
    store = WORK / f"query-store-{count}"
    files = corpus(count=count)
    kg_ingest(files[0].parent, store, max(accepted_jobs([2])))  # unchanged files are skipped on later runs
    return store


def latencies(run: Callable[[], list], times: int) -> tuple[list[float], int]:
    """Milliseconds of each of ``times`` calls, and the rows of the last one."""
    out, rows = [], []
    for _ in range(times):
        started = time.perf_counter()
        rows = run()
        out.append((time.perf_counter() - started) * 1000)
    return out, len(rows)


def rdflib_rows(graph: Graph, query: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of ``query`` on an rdflib graph as plain dicts, parameters bound as literals."""
    result = graph.query(query, initNs=NAMESPACES, initBindings={k: Literal(v) for k, v in params.items()})
    return [{k: v.toPython() for k, v in row.asdict().items()} for row in result]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2)}


def measure(store: Path, runs: int, rdflib_runs: int) -> dict[str, Any]:
    """p50/p95 of every query on the store and on rdflib's in-memory copy."""
    kg = KnowledgeGraph.open(store)
    started = time.perf_counter()
    memory = kg.to_rdflib()
    load_s = time.perf_counter() - started
    out: dict[str, Any] = {"triples_in_memory": len(memory), "to_rdflib_s": round(load_s, 1), "queries": {}}
    for name, (query, params) in QUERIES.items():
        ours, n_ours = latencies(lambda q=query, p=params: kg.sparql(q, **p), runs)
        theirs, n_theirs = latencies(lambda q=query, p=params: rdflib_rows(memory, q, p), rdflib_runs)
        out["queries"][name] = {
            "rows": n_ours,
            "store": summary(ours),
            "rdflib_memory": summary(theirs),
            "rdflib_vs_store_p50": round(percentile(theirs, 50) / max(percentile(ours, 50), 1e-3), 1),
            **({"rdflib_rows_differ": n_theirs} if n_theirs != n_ours else {}),
        }
        print(name, out["queries"][name], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="bulletins in the store (default 1000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query on the store (default 20)")
    parser.add_argument("--rdflib-runs", type=int, default=5, help="timed runs on rdflib (default 5)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    store = build_store(args.count)
    results = {"bulletins": args.count, "runs": args.runs, "rdflib_runs": args.rdflib_runs}
    report("queries", results | measure(store, args.runs, args.rdflib_runs), args.json)


if __name__ == "__main__":
    main()
