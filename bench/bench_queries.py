"""Latency of every question in the library, on stores of generated bulletins, per engine.

For each ``--count`` (default 1,000 and 10,000 bulletins) a store is built once with
``kg ingest -j 2`` and kept under WORK. Each question is asked with two kinds of
parameters, picked from the data:

- **typical**: ``--sample`` parameter sets drawn at random (a person, an organization, a
  place, a year for co-attendance, a person's name for search), each asked once: the
  latency a user meets;
- **hub**: the most used entity (the person in most events, the organization with most
  posts, …; co-attendance over all years; search for 陈), asked ``--runs`` times (fewer
  once they took ``--budget`` seconds): the largest answers, the worst case.

Each question runs through :func:`kg.queries.library.answer`:

- ``sparql``: the question's SPARQL text on the Oxigraph store on disk;
- ``cypher``: its Cypher text on the embedded ArcadeDB over Bolt (the property graph is
  loaded once first; that time is reported too);
- ``rdflib``: the same SPARQL text on rdflib's in-memory store holding the same quads
  (a Dataset whose default graph is the union, as the store's), the hub ``--rdflib-runs``
  times, within ``--rdflib-budget`` seconds per case, on a store of ``--rdflib-count``
  bulletins measured on the other engines too: rdflib answers some questions in minutes
  where Oxigraph needs milliseconds, so it cannot run on the large stores.

p50 and p95 of each, the ratio rdflib / Oxigraph of the p50s, and the engines whose rows
differ from the store's SPARQL answer (none, when all is well). Then ``kg push`` of the
store's property graph to an ArcadeDB server in another process (standing in for Neo4j),
over Bolt: rows (nodes + relationships) per second, for the smallest of the ``--count`` stores.

    python bench/bench_queries.py [--count 1000 10000] [--runs 20] [--sample 25] [--rdflib-count 100] [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import random
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

# Candidates for each kind of parameter, most used first: the first gives the largest answer.
CANDIDATES = {
    "person": "SELECT ?x WHERE { ?p bk:participant ?x } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
    "org": "SELECT ?x WHERE { ?post org:postIn ?x } GROUP BY ?x ORDER BY DESC(COUNT(?post)) ?x",
    "party": "SELECT ?x WHERE { ?a bk:party ?x } GROUP BY ?x ORDER BY DESC(COUNT(?a)) ?x",
    "place": "SELECT ?x WHERE { ?e schema:location ?x } GROUP BY ?x ORDER BY DESC(COUNT(?e)) ?x",
    "event": "SELECT ?x WHERE { ?p bk:inEvent ?x } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
    "name": "SELECT ?x WHERE { ?p bk:participant [ schema:name ?x ] } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
    "year": "SELECT ?x WHERE { [] schema:startDate ?d BIND(YEAR(?d) AS ?x) } GROUP BY ?x ORDER BY DESC(COUNT(*)) ?x",
}


def build_store(count: int) -> Path:
    """A store holding ``count`` generated bulletins, ingested once and kept under WORK."""
    store = WORK / f"query-store-{count}"
    files = corpus(count=count)
    kg_ingest(files[0].parent, store, 2)  # unchanged files are skipped on later runs
    return store


def parameter_sets(kg: KnowledgeGraph, sample: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """Each question's parameter sets: first the **hub** (the most used person, organization, …:
    the largest answer), then ``sample`` **typical** ones, drawn at random from all candidates."""
    rng = random.Random(seed)
    found = {kind: [_local(next(iter(row.values()))) for row in kg.sparql(q)] for kind, q in CANDIDATES.items()}

    def pick(kind: str, hub: int = 0) -> list[Any]:
        return [found[kind][hub], *rng.choices(found[kind], k=sample)]

    persons, others = pick("person"), pick("person", hub=50)
    years = [None, *rng.choices(found["year"], k=sample)]  # the hub: every year
    return {
        "profile": [{"person": p} for p in persons],
        "met": [{"person": p} for p in persons],
        "neighbourhood": [{"entity": p} for p in persons],
        "path": [{"source": a, "target": b} for a, b in zip(persons, others, strict=True)],
        "officials": [{"org": o} for o in pick("org")],
        "agreements": [{"party": o} for o in pick("party")],
        "events": [{"place": p} for p in pick("place")],
        "co_attendance": [{"since": f"{y}-01-01", "until": f"{y}-12-31"} if y else {} for y in years],
        "timeline": [{"entity": p} for p in persons],
        "source": [{"fact": e} for e in pick("event")],
        "search": [{"text": "陈"}, *({"text": n} for n in pick("name")[1:])],  # the hub: a common surname
    }


def _local(value: Any) -> Any:
    return str(value).removeprefix(str(ID)) if isinstance(value, str) else value


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
    store: Path,
    runs: int,
    sample: int,
    budget: float,
    rdflib_runs: int = 0,
    rdflib_budget: float = 0,
    *,
    pushed: bool = False,
) -> dict[str, Any]:
    """p50/p95 of every question on each engine: the hub ``runs`` times (fewer once they took
    ``budget`` seconds), and each typical parameter set once."""
    kg = KnowledgeGraph.open(store)
    sets = parameter_sets(kg, sample)
    started = time.perf_counter()
    kg.cypher("RETURN 1 AS one")  # starts ArcadeDB and loads the property graph if the store changed
    out: dict[str, Any] = {"quads": len(kg.store), "cypher_load_s": round(time.perf_counter() - started, 1)}
    engines: dict[str, tuple[Any, str, int, float]] = {
        "sparql": (kg, "sparql", runs, budget),
        "cypher": (kg, "cypher", runs, budget),
    }
    if rdflib_runs:
        started = time.perf_counter()
        engines["rdflib"] = (RdflibEngine(kg), "sparql", rdflib_runs, rdflib_budget)
        out["rdflib_load_s"] = round(time.perf_counter() - started, 1)
    out["parameters"], out["questions"] = {q: s[0] for q, s in sets.items()}, {}
    for q in questions():
        result: dict[str, Any] = {"rows": {}}
        answers: dict[str, list[list]] = {}
        for engine, (data, language, times, seconds) in engines.items():
            ask = functools.partial(answer, q.name, language, data)
            hub_ms, hub_rows = latencies(lambda: ask(**sets[q.name][0]), times, seconds)  # noqa: B023
            typical_ms, typical_rows = [], []
            for params in sets[q.name][1:]:
                if sum(typical_ms) > seconds * 1000:
                    break
                ms, rows = latencies(lambda: ask(**params), 1)  # noqa: B023
                typical_ms += ms
                typical_rows.append(rows)
            result[engine] = {"typical": summary(typical_ms), "hub": summary(hub_ms)}
            answers[engine] = [hub_rows, *typical_rows]
        result["rows"] = {
            "hub": len(answers["sparql"][0]),
            "typical_p50": percentile([len(rows) for rows in answers["sparql"][1:]], 50),
        }
        result["differ_from_sparql"] = [
            engine
            for engine, got in answers.items()
            if any(rows != expected for rows, expected in zip(got, answers["sparql"], strict=False))
        ]
        if "rdflib" in engines:
            for case in ("typical", "hub"):
                ratio = result["rdflib"][case]["p50_ms"] / max(result["sparql"][case]["p50_ms"], 0.01)
                result[f"rdflib_vs_sparql_{case}_p50"] = round(ratio, 1)
        out["questions"][q.name] = result
        print(q.name, result, flush=True)
    if pushed:
        out["push"] = push_rate(kg)
        print("push", out["push"], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, nargs="*", default=[1000, 10000], help="bulletins per store")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each question's hub (default 20)")
    parser.add_argument("--sample", type=int, default=25, help="typical parameter sets per question (default 25)")
    parser.add_argument("--budget", type=float, default=60, help="seconds per question, engine and case (60)")
    parser.add_argument("--rdflib-count", type=int, default=100, help="bulletins in the rdflib comparison (100)")
    parser.add_argument("--rdflib-runs", type=int, default=5, help="timed runs on rdflib (default 5)")
    parser.add_argument("--rdflib-budget", type=float, default=60, help="seconds per question on rdflib (60)")
    parser.add_argument("--no-push", action="store_true", help="leave out the kg push measurement")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    stores = {count: build_store(count) for count in args.count}  # all ingests before the JVM starts
    compared = build_store(args.rdflib_count) if args.rdflib_count else None
    results: dict[str, Any] = {"runs": args.runs, "sample": args.sample, "stores": {}}
    if compared:
        results["rdflib_comparison"] = {
            "bulletins": args.rdflib_count,
            **measure(compared, args.runs, args.sample, args.budget, args.rdflib_runs, args.rdflib_budget),
        }
    for count, store in stores.items():
        pushed = not args.no_push and count == min(stores)
        results["stores"][str(count)] = measure(store, args.runs, args.sample, args.budget, pushed=pushed)
    report("questions", results, args.json)


if __name__ == "__main__":
    main()
