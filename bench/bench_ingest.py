"""Ingest throughput of ``kg ingest`` on a generated corpus (default 1,000 bulletins).

Each run ingests the corpus into a fresh store with the command line, as a user would
(``python -m kg.cli ingest DIR --store S -j N``), timed from start to exit (Python
start-up included); the median of ``--runs`` is reported for each ``-j`` value, as wall
time, MB/s, MB/s per core (wall MB/s over the cores the run can use: min(N, cores)) and MB
per CPU-second (the CPU time of the process and its workers). Beside it: a second run over
the same store (every file unchanged), and the extraction alone in this process (one pass,
lexicons loaded), as the ratio ingest / extract.

    python bench/bench_ingest.py [--count 1000] [--runs 3] [--jobs 1 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
from pathlib import Path
from typing import Any

from bench_extract import extract_all, warm_up
from common import WORK, corpus, kg_command, report, timed, total_bytes

from kg.api import KnowledgeGraph


def kg_ingest(folder: Path, store: Path, jobs: int) -> dict[str, float]:
    """Wall and CPU seconds (workers included) and peak memory of one ``kg ingest`` run."""
    return kg_command("ingest", str(folder), "--store", str(store), "-j", str(jobs))


def store_facts(store: Path) -> dict[str, int]:
    """Triples (all graphs) and bytes on disk of a store."""
    triples = KnowledgeGraph.open(store).sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    return {"triples": triples, "bytes_on_disk": sum(f.stat().st_size for f in store.rglob("*") if f.is_file())}


def ingest_runs(files: list[Path], runs: int, jobs: list[int]) -> dict[str, Any]:
    """Median ingest time for each ``-j`` value, a re-run of unchanged files, and the store's size."""
    folder = files[0].parent
    megabytes = total_bytes(files) / 1e6
    results: dict[str, Any] = {}
    store = WORK / "ingest-store"
    for j in jobs:
        samples = []
        for _ in range(runs):
            shutil.rmtree(store, ignore_errors=True)
            samples.append(kg_ingest(folder, store, j))
        wall = statistics.median(s["wall_s"] for s in samples)
        cpu = statistics.median(s["cpu_s"] for s in samples)
        results[f"j{j}"] = {
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "docs_per_s": round(len(files) / wall, 1),
            "mb_per_s": round(megabytes / wall, 3),
            "mb_per_cpu_s": round(megabytes / cpu, 3),
            "mb_per_s_per_core": round(megabytes / wall / min(j, os.cpu_count() or 1), 3),
            "runs_wall_s": [round(s["wall_s"], 2) for s in samples],
        }
    results["rerun_unchanged_s"] = round(kg_ingest(folder, store, 1)["wall_s"], 2)
    results["store"] = store_facts(store)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="bulletins in the corpus (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per -j value (default 3)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="-j values (default 1 2)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    files = corpus(count=args.count)
    results = ingest_runs(files, args.runs, args.jobs)
    warm_up()
    extract_wall, extract_cpu = timed(lambda: extract_all(files))
    ingest_j1 = results["j1"]["wall_s"]
    report(
        "ingest",
        {
            "corpus": {"files": len(files), "mb": round(total_bytes(files) / 1e6, 2)},
            "runs": args.runs,
            "ingest": results,
            "extract_only": {"wall_s": round(extract_wall, 2), "cpu_s": round(extract_cpu, 2)},
            "ingest_j1_vs_extract_only": round(ingest_j1 / extract_wall, 2),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
