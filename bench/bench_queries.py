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
  copied to ArcadeDB first, by a `kg cypher` run in another process; that time is reported);
- ``rdflib``: the same SPARQL text on rdflib's in-memory store holding the same quads
  (a Dataset whose default graph is the union, as the store's), in a worker process, on the
  store of ``--rdflib-count`` bulletins: the typical sets within the budget, each run stopped
  after ``--rdflib-timeout`` seconds (rdflib answers some questions in minutes where Oxigraph
  needs milliseconds; the ratio is then a lower bound), and no more runs of that question.

p50 and p95 of each, the ratio rdflib / Oxigraph of the typical p50s, and whether the other
engines' rows differ from the store's SPARQL answer (they should not). Then ``kg push`` of the
store's property graph to an ArcadeDB server in another process (standing in for Neo4j),
over Bolt: rows (nodes + relationships) per second, for the smallest of the ``--count`` stores.

    python bench/bench_queries.py [--count 1000 10000] [--runs 20] [--sample 25] [--rdflib-count 1000] [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import multiprocessing
import random
import re
import secrets
import socket
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from bench_ingest import kg_ingest
from common import WORK, corpus, kg_command, percentile, report
from rdflib import Dataset, Literal

from kg.api import KnowledgeGraph, Rows
from kg.ontology import ID, PREFIXES
from kg.push import push
from kg.queries.library import answer, questions
from kg.sparql import bind
from kg.stores.arcade import ROOT_USER, start_server_process
from kg.stores.rdf_store import RdfStore

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
        "career": [{"person": p} for p in persons],
        "successions": [{"office": o} for o in pick("org")],
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
    """rdflib's in-memory store holding the store's quads, answering SPARQL texts as the store does,
    in a worker process: a query that runs longer than ``timeout`` seconds is stopped (the worker is
    started again) and raises TimeoutError. ``store`` is the store the quads came from: its name index
    gives search the same candidates as the store gets."""

    def __init__(self, quads: Path, timeout: float, store: RdfStore | None = None) -> None:
        self.quads, self.timeout, self.store = quads, timeout, store
        self.load_s = self._start()

    def _start(self) -> float:
        started = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_rdflib, args=(str(self.quads), child), daemon=True)
        self.process.start()
        self.conn.recv()  # loaded
        return time.perf_counter() - started

    def sparql(self, query: str, **bindings: Any) -> Rows:
        self.conn.send((query, bindings))
        if not self.conn.poll(self.timeout):
            self.close()
            self._start()
            raise TimeoutError(f"rdflib took more than {self.timeout:g} s")
        return Rows(self.conn.recv())

    def close(self) -> None:
        self.process.kill()
        self.process.join()


def _serve_rdflib(quads: str, conn: Connection) -> None:
    """The worker: a Dataset whose default graph is the union (as the store's), answering queries."""
    dataset = Dataset(default_union=True)
    dataset.parse(quads, format="nquads")
    conn.send("loaded")
    while True:
        query, bindings = conn.recv()
        # LATERAL is Oxigraph's extension (rdflib has none): joined as a plain group instead, which
        # gives the same rows here, where parameters bind the group's own variables (the benchmark
        # reports any question whose rows differ)
        query = re.sub(r"\bLATERAL\s*\{", "{", bind(query, bindings))
        result = dataset.query(query, initNs=NAMESPACES)
        conn.send([{str(v): _plain(row[v]) for v in result.vars} for row in result])  # unbound: None


def on_rdflib(engine: RdflibEngine, name: str, sets: list[dict], expected: list[list], budget: float) -> dict:
    """The typical case on rdflib: the parameter sets in turn until ``budget`` seconds have passed,
    up to the first that times out; whether any answer differs from the store's (``expected``)."""
    ms: list[float] = []
    differ, timed_out = False, False
    for params, rows in zip(sets, expected, strict=True):
        if sum(ms) > budget * 1000:
            break
        started = time.perf_counter()
        try:
            got = answer(name, "sparql", engine, **params)
        except TimeoutError:
            timed_out = True
            break
        ms.append((time.perf_counter() - started) * 1000)
        differ = differ or got != rows
    return {"typical": summary(ms) if ms else None, "timed_out": timed_out, "rows_differ": differ}


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
    rdflib_timeout: float = 0,
    *,
    pushed: bool = False,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """p50/p95 of every question on each engine: the hub ``runs`` times (fewer once they took
    ``budget`` seconds), and each typical parameter set once; on rdflib (if ``rdflib_timeout``),
    the typical sets within ``budget`` seconds, each run stopped after ``rdflib_timeout``;
    ``only``: these questions, not all.

    SPARQL runs before the JVM starts, as in a ``kg ask`` process (a process running the
    embedded ArcadeDB, with a large Python heap, answered co-attendance up to 5x slower)."""
    # the property graph is copied to ArcadeDB by another process, as after a user's first Cypher query
    load = kg_command("cypher", "RETURN 1 AS one", "--store", str(store))
    kg = KnowledgeGraph.open(store)
    sets = parameter_sets(kg, sample)
    out: dict[str, Any] = {"quads": len(kg.store), "cypher_load_s": round(load["wall_s"], 1), "questions": {}}
    out["parameters"] = {q: s[0] for q, s in sets.items()}
    asked = [q for q in questions() if not only or q.name in only]
    answers: dict[str, dict[str, list[list]]] = {q.name: {} for q in asked}
    for engine in ("sparql", "cypher"):
        if engine == "cypher":
            kg.cypher("RETURN 1 AS one")  # starts ArcadeDB (the copy is up to date)
        for q in asked:
            ask = functools.partial(answer, q.name, engine, kg)
            hub_ms, hub_rows = latencies(lambda: ask(**sets[q.name][0]), runs, budget)  # noqa: B023
            typical_ms, typical_rows = [], []
            for params in sets[q.name][1:]:
                if sum(typical_ms) > budget * 1000:
                    break
                ms, rows = latencies(lambda: ask(**params), 1)  # noqa: B023
                typical_ms += ms
                typical_rows.append(rows)
            out["questions"].setdefault(q.name, {})[engine] = {"typical": summary(typical_ms), "hub": summary(hub_ms)}
            answers[q.name][engine] = [hub_rows, *typical_rows]
            print(engine, q.name, out["questions"][q.name][engine], flush=True)
        if engine == "sparql" and rdflib_timeout:
            out["rdflib_load_s"], compared = on_rdflib_store(kg, store, sets, answers, budget, rdflib_timeout)
            for name, result in compared.items():
                out["questions"][name]["rdflib"] = result
    for q in asked:
        got, result = answers[q.name], out["questions"][q.name]
        result["rows"] = {
            "hub": len(got["sparql"][0]),
            "typical_p50": percentile([len(r) for r in got["sparql"][1:]], 50),
        }
        result["cypher_rows_differ"] = any(a != b for a, b in zip(got["cypher"], got["sparql"], strict=False))
        if "rdflib" in result:
            mine, theirs = result["sparql"]["typical"]["p50_ms"], result["rdflib"]["typical"]
            ratio = (theirs["p50_ms"] if theirs else rdflib_timeout * 1000) / max(mine, 0.01)
            result["rdflib_vs_sparql_typical_p50"] = f"{'≥ ' if not theirs else ''}{ratio:.1f}"
    if pushed:
        out["push"] = push_rate(kg)
        print("push", out["push"], flush=True)
    return out


def on_rdflib_store(
    kg: KnowledgeGraph, store: Path, sets: dict, answers: dict, budget: float, timeout: float
) -> tuple[float, dict[str, Any]]:
    """Seconds rdflib took to load the quads of ``kg`` (its rankings included, which co-attendance
    reads), and every question's typical case on it."""
    quads = WORK / f"{store.name}.nq"
    rankings = (q for g in kg.store.derived_graphs() for q in kg.store.store.quads_for_pattern(None, None, None, g))
    ox.serialize(itertools.chain(kg.store.quads(), rankings), quads, ox.RdfFormat.N_QUADS)
    engine = RdflibEngine(quads, timeout, kg.store)
    out: dict[str, Any] = {}
    try:
        for name in answers:
            expected = answers[name]["sparql"][1:]
            typical = sets[name][1 : 1 + len(expected)]
            result = on_rdflib(engine, name, typical, expected, budget)
            print("rdflib", name, result, flush=True)
            out[name] = result
    finally:
        engine.close()
    return round(engine.load_s, 1), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, nargs="*", default=[1000, 10000], help="bulletins per store")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each question's hub (default 20)")
    parser.add_argument("--sample", type=int, default=25, help="typical parameter sets per question (default 25)")
    parser.add_argument("--budget", type=float, default=60, help="seconds per question, engine and case (60)")
    parser.add_argument("--rdflib-count", type=int, default=1000, help="the --count compared with rdflib (1000)")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds before an rdflib run stops (60)")
    parser.add_argument("--no-push", action="store_true", help="leave out the kg push measurement")
    parser.add_argument("--question", action="append", help="only this question (repeat for more; default all)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    stores = {count: build_store(count) for count in args.count}  # all ingests before the JVM starts
    results: dict[str, Any] = {"runs": args.runs, "sample": args.sample, "stores": {}}
    for count, store in stores.items():
        timeout = args.rdflib_timeout if count == args.rdflib_count else 0
        pushed = not args.no_push and count == min(stores)
        results["stores"][str(count)] = measure(
            store, args.runs, args.sample, args.budget, timeout, pushed=pushed, only=args.question
        )
    report("questions", results, args.json)


if __name__ == "__main__":
    main()
