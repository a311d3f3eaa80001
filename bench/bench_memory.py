"""Peak memory of ``kg ingest`` as the corpus grows: 10 MB against 100 MB of bulletins.

Each corpus is ingested into a fresh store with the command line (``-j 1``: one process
does everything), and the peak resident set size of that process is read from the kernel
(its ``VmHWM`` at exit, see ``common.kg_command``). Memory is flat when the 100 MB peak stays within 1.5x of the
10 MB one.

    python bench/bench_memory.py [--mb 10 100] [--json out.json]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from common import WORK, corpus, kg_command, report, total_bytes


def peak_rss(folder: Path, store: Path) -> dict[str, Any]:
    """Wall time and peak resident size (MB) of one ``kg ingest -j 1`` run into a fresh store."""
    shutil.rmtree(store, ignore_errors=True)
    run = kg_command("ingest", str(folder), "--store", str(store), "-j", "1")
    return {"wall_s": round(run["wall_s"], 1), "peak_rss_mb": round(run["peak_rss_mb"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[10, 100], help="corpus sizes in MB (default 10 100)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    results: dict[str, Any] = {"jobs": 1, "corpora": {}}
    for mb in args.mb:
        files = corpus(megabytes=mb)
        run = peak_rss(files[0].parent, WORK / "memory-store")
        results["corpora"][f"{mb:g}mb"] = {"files": len(files), "mb": round(total_bytes(files) / 1e6, 1), **run}
        print(mb, results["corpora"][f"{mb:g}mb"], flush=True)
    peaks = [c["peak_rss_mb"] for c in results["corpora"].values()]
    results["largest_vs_smallest_peak"] = round(max(peaks) / min(peaks), 2)
    report("memory", results, args.json)


if __name__ == "__main__":
    main()
