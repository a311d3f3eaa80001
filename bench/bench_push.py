"""Peak memory and speed of ``kg push`` as the store grows: 100 against 1,000 bulletins (or more).

For each ``--count`` a store is built once with ``kg ingest -j 2`` and kept under WORK (the
stores of bench_queries.py), or ``--store`` names stores already built. Each is pushed with the
command line, as a user runs it, into a fresh ArcadeDB server process on loopback (standing in
for Neo4j; its JVM is not counted): the push process's wall and CPU seconds, its peak resident
set size (its ``VmHWM`` at exit, see ``common.kg_command``) and rows (nodes + relationships) per
second. Memory is flat when the largest store's peak stays within 1.5x of the smallest's.

``--before DIR`` pushes each store a second time with the ``kg`` package of DIR (run from there),
e.g. ``git archive COMMIT | tar -x -C DIR`` of the commit before a change, for a comparison on
the same stores and the same machine.

    python bench/bench_push.py [--count 100 1000] [--store DIR ...] [--before DIR] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import tempfile
from pathlib import Path
from typing import Any

from bench_queries import build_store
from common import WORK, kg_command, report

from kg.stores.arcade import ROOT_USER, start_server_process

_DONE = re.compile(r"(\d+) nodes, (\d+) relationships")


def push_once(store: Path, code: Path | None = None) -> dict[str, Any]:
    """One ``kg push`` of ``store`` (with the ``kg`` package in ``code``) into a new server process:
    seconds, CPU, peak RSS, rows/s."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    password = secrets.token_urlsafe(16)
    env = {"KG_NEO4J_USER": ROOT_USER, "KG_NEO4J_PASSWORD": password}
    with tempfile.TemporaryDirectory(dir=WORK) as home:
        server = start_server_process(Path(home), port, password)
        try:
            run = kg_command("push", "--uri", f"bolt://127.0.0.1:{port}", "--store", str(store), env=env, cwd=code)
        finally:
            server.terminate()
            server.wait()
    nodes, edges = map(int, _DONE.search(run["stderr"]).groups())
    return {
        "nodes": nodes,
        "edges": edges,
        "wall_s": round(run["wall_s"], 1),
        "cpu_s": round(run["cpu_s"], 1),
        "peak_rss_mb": round(run["peak_rss_mb"], 1),
        "rows_per_s": round((nodes + edges) / run["wall_s"]),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, nargs="+", default=[100, 1000], help="bulletins (default 100 1000)")
    parser.add_argument("--store", type=Path, nargs="+", help="push these stores instead of building --count ones")
    parser.add_argument("--before", type=Path, help="also push with the code checked out in this folder")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    stores = args.store or [build_store(count) for count in args.count]
    results: dict[str, Any] = {"stores": {}}
    for store in stores:
        runs = {"streamed": push_once(store)}
        if args.before:
            runs["before"] = push_once(store, args.before)
        results["stores"][store.name] = runs
        print(store.name, runs, flush=True)
    peaks = [runs["streamed"]["peak_rss_mb"] for runs in results["stores"].values()]
    results["largest_vs_smallest_peak"] = round(max(peaks) / min(peaks), 2)
    report("push", results, args.json)


if __name__ == "__main__":
    main()
