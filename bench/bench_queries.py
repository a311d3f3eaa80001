"""Latency of every question in the library, on stores of generated bulletins, per engine.

For each ``--count`` (default 1,000 and 10,000 bulletins) a store is built once with
``kg ingest -j 2`` and kept under WORK. Parameters are picked from the data (the person
in most events, the organization with most posts, …). Each question then runs through
:func:`kg.queries.library.answer`:

- ``sparql``: the question's SPARQL text on the Oxigraph store on disk, ``--runs`` times;
- ``cypher``: its Cypher text on the embedded ArcadeDB over Bolt, ``--runs`` times (the
  property graph is loaded once first; that time is reported too);
- ``rdflib``: the same SPARQL text on rdflib's in-memory store holding the same quads
  (a Dataset whose default graph is the union, as the store's), ``--rdflib-runs`` times
  (fewer if they take more than ``--rdflib-budget`` seconds), on a store of
  ``--rdflib-count`` bulletins measured on the other engines too: rdflib answers some
  questions in minutes where Oxigraph needs milliseconds, so it cannot run on the large stores.

p50 and p95 of each, the ratio rdflib / Oxigraph of the p50s, and the engines whose rows
differ from the store's SPARQL answer (none, when all is well). Then ``kg push`` of the
store's property graph to an ArcadeDB server in another process (standing in for Neo4j),
over Bolt: rows (nodes + relationships) per second, for the smallest of the ``--count`` stores.

    python bench/bench_queries.py [--count 1000 10000] [--runs 20] [--rdflib-count 100] [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import re
import secrets
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from bench_ingest import kg_ingest
from common import WORK, corpus, percentile, report
from rdflib import Dataset, Literal

from kg.api import KnowledgeGraph, Rows
from kg.ontology import ID, PREFIXES
from kg.push import push
from kg.queries.library import answer, questions
from kg.sparql import bind
from kg.stores.arcade import ROOT_USER, start_server_process

NAMESPACES = {k: str(v) for k, v in PREFIXES.items()}
_TYPED = {"integer": int, "decimal": float, "double": float, "float": float}

# Each question's parameters, picked by a query on the store (the first row's values).
PICKS = {
    "busiest": "SELECT ?person WHERE { ?x bk:participant ?person } GROUP BY ?person ORDER BY DESC(COUNT(?x)) ?person"
    " LIMIT 1",
    "other": "SELECT ?person WHERE { ?x bk:participant ?person } GROUP BY ?person ORDER BY DESC(COUNT(?x)) ?person"
    " OFFSET 50 LIMIT 1",
    "org": "SELECT ?org WHERE { ?post org:postIn ?org } GROUP BY ?org ORDER BY DESC(COUNT(?post)) ?org LIMIT 1",
    "party": "SELECT ?org WHERE { ?a bk:party ?org } GROUP BY ?org ORDER BY DESC(COUNT(?a)) ?org LIMIT 1",
    "place": "SELECT ?place WHERE { ?e schema:location ?place } GROUP BY ?place ORDER BY DESC(COUNT(?e)) ?place"
    " LIMIT 1",
    "event": "SELECT ?event WHERE { ?x bk:inEvent ?event } GROUP BY ?event ORDER BY DESC(COUNT(?x)) ?event LIMIT 1",
}


def build_store(count: int) -> Path:
    """A store holding ``count`` generated bulletins, ingested once and kept under WORK."""
    store = WORK / f"query-store-{count}"
    files = corpus(count=count)
    kg_ingest(files[0].parent, store, 2)  # unchanged files are skipped on later runs
    return store


def parameters(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """Each question's parameters, picked from the data."""
    picked = {}
    for name, query in PICKS.items():
        row = kg.sparql(query)[0]
        picked[name] = str(next(iter(row.values()))).removeprefix(str(ID))
    person, org = picked["busiest"], picked["org"]
    return {
        "profile": {"person": person},
        "met": {"person": person},
        "neighbourhood": {"entity": person},
        "path": {"source": person, "target": picked["other"]},
        "officials": {"org": org},
        "agreements": {"party": picked["party"]},
        "events": {"place": picked["place"]},
        "co_attendance": {},
        "timeline": {"entity": person},
        "source": {"fact": picked["event"]},
        "search": {"text": "陈"},
    }


class RdflibEngine:
    """rdflib's in-memory store with the store's quads, answering SPARQL texts as the store does."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(data=ox.serialize(kg.store.quads(), format=ox.RdfFormat.N_QUADS), format="nquads")

    def sparql(self, query: str, **bindings: Any) -> Rows:
        # LATERAL is Oxigraph's extension (rdflib has none): joined as a plain group instead, which
        # gives the same rows here, where parameters bind the group's own variables (the benchmark
        # reports any question whose rows differ)
        query = re.sub(r"\bLATERAL\s*\{", "{", bind(query, bindings))
        result = self.dataset.query(query, initNs=NAMESPACES)
        return Rows({str(k): _plain(v) for k, v in row.asdict().items()} for row in result)


def _plain(term: Any) -> Any:
    """An rdflib value as :meth:`KnowledgeGraph.sparql` gives it."""
    if isinstance(term, Literal):
        kind = str(term.datatype or "").rsplit("#", 1)[-1]
        if kind == "boolean":
            return str(term) == "true"
        return _TYPED[kind](str(term)) if kind in _TYPED else str(term)
    return None if term is None else str(term)


def latencies(run: Callable[[], list], times: int, budget_s: float = float("inf")) -> tuple[list[float], list]:
    """Milliseconds of each of ``times`` calls (fewer once they took ``budget_s`` in all, at least
    one), and the rows of the last one."""
    out, rows = [], []
    while len(out) < times and sum(out) < budget_s * 1000:
        started = time.perf_counter()
        rows = run()
        out.append((time.perf_counter() - started) * 1000)
    return out, rows


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2), "runs": len(values)}


def push_rate(kg: KnowledgeGraph) -> dict[str, Any]:
    """``kg push`` of the whole store to a fresh ArcadeDB server process on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    password = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(dir=WORK) as home:
        server = start_server_process(Path(home), port, password)
        try:
            return push(kg, f"bolt://127.0.0.1:{port}", (ROOT_USER, password))
        finally:
            server.terminate()
            server.wait()


def measure(
    store: Path, runs: int, rdflib_runs: int = 0, rdflib_budget: float = 0, *, pushed: bool = False
) -> dict[str, Any]:
    """p50/p95 of every question on each engine."""
    kg = KnowledgeGraph.open(store)
    params = parameters(kg)
    started = time.perf_counter()
    kg.cypher("RETURN 1 AS one")  # starts ArcadeDB and loads the property graph if the store changed
    out: dict[str, Any] = {"quads": len(kg.store), "cypher_load_s": round(time.perf_counter() - started, 1)}
    inf = float("inf")
    engines: dict[str, tuple[Any, str, int, float]] = {
        "sparql": (kg, "sparql", runs, inf),
        "cypher": (kg, "cypher", runs, inf),
    }
    if rdflib_runs:
        started = time.perf_counter()
        engines["rdflib"] = (RdflibEngine(kg), "sparql", rdflib_runs, rdflib_budget)
        out["rdflib_load_s"] = round(time.perf_counter() - started, 1)
    out["parameters"], out["questions"] = params, {}
    for q in questions():
        result: dict[str, Any] = {}
        answers = {}
        for engine, (data, language, times, budget) in engines.items():
            ask = functools.partial(answer, q.name, language, data, **params[q.name])
            ms, answers[engine] = latencies(ask, times, budget)
            result[engine] = summary(ms)
        result["rows"] = len(answers["sparql"])
        result["differ_from_sparql"] = [engine for engine, rows in answers.items() if rows != answers["sparql"]]
        if "rdflib" in result:
            ratio = result["rdflib"]["p50_ms"] / max(result["sparql"]["p50_ms"], 0.01)
            result["rdflib_vs_sparql_p50"] = round(ratio, 1)
        out["questions"][q.name] = result
        print(q.name, result, flush=True)
    if pushed:
        out["push"] = push_rate(kg)
        print("push", out["push"], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, nargs="*", default=[1000, 10000], help="bulletins per store")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each question (default 20)")
    parser.add_argument("--rdflib-count", type=int, default=100, help="bulletins in the rdflib comparison (100)")
    parser.add_argument("--rdflib-runs", type=int, default=5, help="timed runs on rdflib (default 5)")
    parser.add_argument("--rdflib-budget", type=float, default=60, help="seconds per question on rdflib (60)")
    parser.add_argument("--no-push", action="store_true", help="leave out the kg push measurement")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    stores = {count: build_store(count) for count in args.count}  # all ingests before the JVM starts
    compared = build_store(args.rdflib_count) if args.rdflib_count else None
    results: dict[str, Any] = {"runs": args.runs, "stores": {}}
    if compared:
        results["rdflib_comparison"] = {
            "bulletins": args.rdflib_count,
            **measure(compared, args.runs, args.rdflib_runs, args.rdflib_budget),
        }
    for count, store in stores.items():
        results["stores"][str(count)] = measure(store, args.runs, pushed=not args.no_push and count == min(stores))
    report("questions", results, args.json)


if __name__ == "__main__":
    main()
