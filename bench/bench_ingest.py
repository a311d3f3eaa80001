"""Ingest throughput of ``kg ingest`` on a generated corpus (default 1,000 bulletins).

Each run ingests the corpus into a fresh store with the command line, as a user would
(``python -m kg.cli ingest DIR --store S [-j N]``), timed from start to exit (Python
start-up included); the median of ``--runs`` is reported for each ``-j`` value the CLI
accepts. Beside it: a second run over the same store (every file unchanged), and the
extraction alone in this process (one pass, lexicons loaded), as the ratio ingest / extract.

    python bench/bench_ingest.py [--count 1000] [--runs 3] [--jobs 1 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_extract import extract_all, warm_up
from common import WORK, corpus, report, timed, total_bytes

from kg.api import KnowledgeGraph


def kg_ingest(folder: Path, store: Path, jobs: int) -> float:
    """Seconds ``kg ingest`` takes (it must succeed)."""
    jobs_args = ["-j", str(jobs)] if jobs > 1 else []
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", str(folder), "--store", str(store), *jobs_args],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise RuntimeError(f"kg ingest failed ({run.returncode}): {run.stderr.strip()[-2000:]}")
    return elapsed


def accepted_jobs(wanted: list[int]) -> list[int]:
    """The ``-j`` values to try: all of ``wanted`` if ``kg ingest`` has ``--jobs``, else just 1."""
    helptext = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", "--help"], capture_output=True, text=True, check=True
    ).stdout
    return wanted if "--jobs" in helptext else [1]


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
        seconds = []
        for _ in range(runs):
            shutil.rmtree(store, ignore_errors=True)
            seconds.append(kg_ingest(folder, store, j))
        median = statistics.median(seconds)
        results[f"j{j}"] = {
            "wall_s": round(median, 2),
            "docs_per_s": round(len(files) / median, 1),
            "mb_per_s": round(megabytes / median, 3),
            "runs_wall_s": [round(s, 2) for s in seconds],
        }
    results["rerun_unchanged_s"] = round(kg_ingest(folder, store, 1), 2)
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
    results = ingest_runs(files, args.runs, accepted_jobs(args.jobs))
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
