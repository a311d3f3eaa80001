"""Page and endpoint latency of `kg serve` over HTTP, on the store of 10,000 generated bulletins.

The store is the one :mod:`bench_queries` builds (``kg ingest -j 2``, kept under WORK). A
`kg serve` runs on a free loopback port in another process; each request is timed from this
process (urllib, a new connection each time, as a browser tab opening a page):

- **the agreement register**: the first visit to ``/agreements`` (latest first, one page), then
  the first other view (sorted by amount: the whole register is read, then kept);
- **pages**: ``/person/ID``, ``/organization/ID``, ``/event/ID`` for ``--sample`` entities of each
  kind drawn at random (seeded), each asked once after one warm-up request, and for the hub (the
  person in most events, the organization with most posts, the event with most participants),
  its first page and its second page of events (``?events=50``) or people (``?people=50``);
- **SPARQL point query**: ``GET /sparql`` (SPARQL JSON) of one person's name and posts, per sampled person;
- **Cypher point query**: ``POST /cypher`` of the same, on the server's embedded ArcadeDB: the
  first query starts the engine and loads the property graph if the store changed since it was
  last loaded (timed apart), then each sampled person once;
- **kg cypher --server**: the whole command (a Python process starting, asking the server,
  printing), against ``kg cypher`` alone, which starts its own engine.

Medians and p95 in milliseconds.

    python bench/bench_serve.py [--count 10000] [--sample 25] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench_queries import build_store
from common import percentile, report

from kg.api import KnowledgeGraph
from kg.ontology import ID

CANDIDATES = {  # most used first: the first is the hub
    "person": "SELECT ?x WHERE { ?p bk:participant ?x } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
    "organization": "SELECT ?x WHERE { ?post org:postIn ?x } GROUP BY ?x ORDER BY DESC(COUNT(?post)) ?x",
    "event": "SELECT ?x WHERE { ?p bk:inEvent ?x } GROUP BY ?x ORDER BY DESC(COUNT(?p)) ?x",
}
NEXT_PAGE = {"person": "events=50", "organization": "people=50"}  # a hub's second page of its longest list
SPARQL = """SELECT DISTINCT ?name ?title WHERE {{ <{iri}> schema:name ?name .
  OPTIONAL {{ ?t org:member <{iri}> ; bk:post/bk:title ?title }} }}"""
CYPHER = (
    "MATCH (p:Person {id: $id}) OPTIONAL MATCH (p)-[:HOLDS]->(post:Post) "
    "RETURN DISTINCT p.name AS name, post.title AS title"
)


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        # a time limit as by default (SPARQL in a worker process), long enough for the register's whole read
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", "--timeout", "600"],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        process.kill()
        raise RuntimeError(f"kg serve did not start: {line}{process.stderr.read()}")
    return process, found.group()


def timed_request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> float:
    """Milliseconds until the whole answer is read (it must be 200; no time limit: the first Cypher
    query may load a large graph)."""
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {})) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "runs": len(samples),
    }


def sparql_url(base: str, entity: str) -> str:
    return base + "sparql?" + urllib.parse.urlencode({"query": SPARQL.format(iri=ID[entity])})


def cypher_request(base: str, entity: str) -> float:
    body = json.dumps({"query": CYPHER, "params": {"id": entity}}).encode()
    return timed_request(base + "cypher", body, {"Content-Type": "application/json"})


def command_ms(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=25)
    parser.add_argument(
        "--cypher-count",
        type=int,
        help="measure Cypher on the store of this many bulletins instead (its graph loads into ArcadeDB faster; "
        "0: not at all)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    store = build_store(args.count)
    kg = KnowledgeGraph.open(store, read_only=True)
    ids = {k: [str(r["x"]).removeprefix(str(ID)) for r in kg.sparql(q)] for k, q in CANDIDATES.items()}
    del kg  # the server opens the store itself
    rng = random.Random(7)
    picked = {k: rng.sample(v, min(args.sample, len(v))) for k, v in ids.items()}
    process, base = serve(store)
    results: dict[str, Any] = {"store": str(store), "bulletins": args.count, "pages": {}}
    try:
        timed_request(base)  # first request: templates compiled, modules loaded
        results["register_first_visit_ms"] = round(timed_request(base + "agreements"), 1)
        results["register_whole_ms"] = round(timed_request(base + "agreements?sort=amount_yuan&order=desc"), 1)
        print("register", results["register_first_visit_ms"], results["register_whole_ms"], file=sys.stderr, flush=True)
        for kind, sample in picked.items():
            timed_request(f"{base}{kind}/{sample[0]}")
            results["pages"][kind] = summary([timed_request(f"{base}{kind}/{i}") for i in sample])
            results["pages"][kind]["hub_ms"] = round(timed_request(f"{base}{kind}/{ids[kind][0]}"), 1)
            if kind in NEXT_PAGE:
                hub_next = f"{base}{kind}/{ids[kind][0]}?{NEXT_PAGE[kind]}"
                results["pages"][kind]["hub_next_page_ms"] = round(timed_request(hub_next), 1)
            print(kind, results["pages"][kind], file=sys.stderr, flush=True)
        people = picked["person"]
        accept = {"Accept": "application/sparql-results+json"}
        timed_request(sparql_url(base, people[0]), headers=accept)  # starts the query process
        results["sparql_point"] = summary([timed_request(sparql_url(base, p), headers=accept) for p in people])
        print("sparql", results["sparql_point"], file=sys.stderr, flush=True)
        if args.cypher_count is None:
            query = cypher(results, base, people)
    finally:
        process.terminate()
        process.wait()
    if args.cypher_count is None:
        embedded_command(results, query, store)
    elif args.cypher_count:
        other = build_store(args.cypher_count)
        kg = KnowledgeGraph.open(other, read_only=True)
        people = rng.sample([str(r["x"]).removeprefix(str(ID)) for r in kg.sparql(CANDIDATES["person"])], args.sample)
        del kg
        process, base = serve(other)
        try:
            results["cypher_bulletins"] = args.cypher_count
            query = cypher(results, base, people)
        finally:
            process.terminate()
            process.wait()
        embedded_command(results, query, other)
    report("serve", results, args.json)


def cypher(results: dict[str, Any], base: str, people: list[str]) -> str:
    """Cypher point queries over HTTP, then `kg cypher --server` as a command; the query it ran."""
    results["cypher_first_query_s"] = round(cypher_request(base, people[0]) / 1000, 1)
    results["cypher_point"] = summary([cypher_request(base, p) for p in people])
    print("cypher", results["cypher_point"], file=sys.stderr, flush=True)
    query = CYPHER.replace("$id", f"'{people[0]}'")
    results["kg_cypher_server_command"] = summary([command_ms("cypher", query, "--server", base) for _ in range(5)])
    return query


def embedded_command(results: dict[str, Any], query: str, store: Path) -> None:
    """`kg cypher` alone: the command starts its own engine (run once the server let go of it)."""
    results["kg_cypher_embedded_command_ms"] = round(command_ms("cypher", query, "--store", str(store)), 1)


if __name__ == "__main__":
    main()
