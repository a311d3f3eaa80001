"""Exports that stream: time and peak memory of ``kg export`` for ftm, popolo, spells and gexf on
stores of 1,000 and 10,000 generated bulletins. Memory is flat when the peak for 10,000 bulletins
stays within 1.5x of the peak for 1,000.

Each store is ingested once (``-j 2``) and kept under WORK; each export runs as a user runs it
(``python -m kg.cli export``), and its peak resident size is read from the kernel (``wait4``).

    python bench/bench_export.py [--counts 1000 10000] [--formats ftm popolo spells gexf] [--json out.json]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench_ingest import kg_ingest
from common import WORK, corpus, kg_command, report

FORMATS = ("ftm", "popolo", "spells", "gexf")


def build_store(count: int) -> Path:
    """A store of ``count`` generated bulletins, ingested once."""
    store = WORK / f"export-store-{count}"
    files = corpus(count=count)
    if not (store / "oxigraph").exists():
        kg_ingest(files[0].parent, store, 2)
    return store


def export(store: Path, fmt: str) -> dict[str, Any]:
    """Wall seconds, peak resident MB and file size of one ``kg export``."""
    out = WORK / f"{store.name}.{fmt}"
    run = kg_command("export", "--store", str(store), "--format", fmt, "-o", str(out))
    size = round(out.stat().st_size / 1e6, 1)
    return {"wall_s": round(run["wall_s"], 1), "peak_rss_mb": round(run["peak_rss_mb"], 1), "mb": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000], help="store sizes in bulletins")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), help="formats to export")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    results: dict[str, Any] = {"stores": {}}
    for count in args.counts:
        store = build_store(count)
        results["stores"][str(count)] = {fmt: export(store, fmt) for fmt in args.formats}
        print(count, results["stores"][str(count)], flush=True)
    if len(args.counts) > 1:
        small, large = (results["stores"][str(c)] for c in (min(args.counts), max(args.counts)))
        results["largest_vs_smallest_peak"] = {
            fmt: round(large[fmt]["peak_rss_mb"] / small[fmt]["peak_rss_mb"], 2) for fmt in args.formats
        }
    report("export", results, args.json)


if __name__ == "__main__":
    main()
