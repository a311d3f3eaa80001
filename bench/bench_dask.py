"""Extraction on a Dask ``LocalCluster`` beside the one-machine ingest, and the facts dataset's format.

Each run starts from a fresh store (and dataset), with the command line as a user runs it,
Python start-up and the cluster's start included; the variants are interleaved run by run (the
machine is shared: its load drifts). Measured:

- ``kg ingest DIR -j 2`` and ``kg ingest DIR --dask local:2`` (extract and resolve on the
  cluster, load here), and whether the two stores export the same facts;
- ``kg extract DIR --dask local:N --out F`` for N = 1, 2 (the map alone: the per-core rate the
  plan for larger corpora uses), then ``kg ingest --facts F -j 2`` (the two-step path), and the
  dataset's size;
- the dataset's format: gzipped JSON Lines (one member per document, as written) against
  Parquet (pyarrow, one table per record kind, zstd) on the same records: size, write and
  read times, and whether the records come back equal. Skipped without pyarrow.

    python bench/bench_dask.py [--count 1000] [--runs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from common import WORK, corpus, kg_command, report, total_bytes

from kg.api import KnowledgeGraph
from kg.dataset import Manifest, read_records
from kg.exports import export
from kg.stores.rdf_store import pack


def facts_export(store: Path) -> bytes:
    out = io.BytesIO()
    export(KnowledgeGraph.open(store, read_only=True), "facts", out)
    return out.getvalue()


def median(samples: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(s[key] for s in samples), 2)


def summary(samples: list[dict[str, float]], megabytes: float) -> dict[str, Any]:
    wall = statistics.median(s["wall_s"] for s in samples)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": median(samples, "cpu_s"),
        "mb_per_s": round(megabytes / wall, 3),
        "peak_rss_mb": median(samples, "peak_rss_mb"),
        "runs_wall_s": [round(s["wall_s"], 2) for s in samples],
    }


TWO_STEPS = "extract_dask_local2_then_ingest_facts_j2"


def runs(folder: Path, count: int, only: list[str] | None = None) -> dict[str, Any]:
    """The variants (``only`` these), interleaved ``count`` times; the stores of the last round are compared."""
    variants = {
        "ingest_j2": lambda s, f: [kg_command("ingest", str(folder), "--store", str(s), "-j", "2")],
        "ingest_dask_local2": lambda s, f: [
            kg_command("ingest", str(folder), "--store", str(s), "--dask", "local:2", "--facts", str(f))
        ],
        "extract_dask_local1": lambda s, f: [kg_command("extract", str(folder), "--dask", "local:1", "--out", str(f))],
        TWO_STEPS: lambda s, f: [
            kg_command("extract", str(folder), "--dask", "local:2", "--out", str(f)),
            kg_command("ingest", "--facts", str(f), "--store", str(s), "-j", "2"),
        ],
    }
    variants = {name: run for name, run in variants.items() if not only or name in only}
    samples: dict[str, list[list[dict[str, float]]]] = {name: [] for name in variants}
    for _ in range(count):
        for name, run in variants.items():
            store, facts = WORK / f"dask-{name}-store", WORK / f"dask-{name}-facts"
            shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(facts, ignore_errors=True)
            samples[name].append(run(store, facts))
    megabytes = total_bytes(sorted(folder.glob("*.txt"))) / 1e6
    out: dict[str, Any] = {}
    for name, steps in samples.items():
        out[name] = summary([_total(s) for s in steps], megabytes)
        if len(steps[0]) > 1:
            out[name]["steps_wall_s"] = [median([s[i] for s in steps], "wall_s") for i in range(len(steps[0]))]
    if "ingest_j2" not in out:
        return out
    plain = facts_export(WORK / "dask-ingest_j2-store")
    out["facts_identical"] = {
        name: facts_export(WORK / f"dask-{name}-store") == plain
        for name in ("ingest_dask_local2", TWO_STEPS)
        if name in out
    }
    if "ingest_dask_local2" in out:
        out["ratio_dask_to_j2"] = round(out["ingest_dask_local2"]["wall_s"] / out["ingest_j2"]["wall_s"], 3)
    return out


def dataset_size(dataset: Path) -> dict[str, int]:
    """Bytes of a dataset's partitions and manifest."""
    return {
        "parts_bytes": sum(p.stat().st_size for p in (dataset / "parts").iterdir()),
        "manifest_bytes": (dataset / "manifest.jsonl").stat().st_size,
        "partitions": len(list((dataset / "parts").iterdir())),
    }


def _total(steps: list[dict[str, float]]) -> dict[str, float]:
    return {
        "wall_s": sum(s["wall_s"] for s in steps),
        "cpu_s": sum(s["cpu_s"] for s in steps),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in steps),
    }


def formats(dataset: Path) -> dict[str, Any]:
    """JSON Lines (gzip members, as the dataset holds them) against Parquet, on the dataset's records."""
    documents = [read_records(dataset, x) for x in Manifest(dataset).listings().values() if not x.error]
    out: dict[str, Any] = {"documents": len(documents), "records": sum(map(len, documents))}
    started = time.perf_counter()
    members = [pack(records) for records in documents]
    written = time.perf_counter()
    back = [[json.loads(line) for line in gzip.decompress(m).decode().splitlines()] for m in members]
    out["jsonl_gzip"] = {
        "bytes": sum(map(len, members)),
        "write_s": round(written - started, 3),
        "read_s": round(time.perf_counter() - written, 3),
        "round_trip_equal": back == documents,
    }
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        out["parquet"] = "skipped: no pyarrow"
        return out
    by_kind: dict[str, list[dict]] = {}
    for records in documents:
        for r in records:
            by_kind.setdefault(r["kind"], []).append(r)
    files: dict[str, bytes] = {}
    started = time.perf_counter()
    for kind, rows in by_kind.items():
        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows), sink, compression="zstd")
        files[kind] = sink.getvalue()
    written = time.perf_counter()
    tables = {kind: pq.read_table(io.BytesIO(data)).to_pylist() for kind, data in files.items()}
    read = time.perf_counter() - written
    out["parquet_zstd_per_kind"] = {
        "bytes": sum(map(len, files.values())),
        "write_s": round(written - started, 3),
        "read_s": round(read, 3),
        "round_trip_equal": all(tables[kind] == rows for kind, rows in by_kind.items()),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="bulletins in the corpus (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of the interleaved variants (default 3)")
    parser.add_argument("--only", nargs="+", help="run only these variants (e.g. ingest_j2 ingest_dask_local2)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    files = corpus(count=args.count)
    results = runs(files[0].parent, args.runs, args.only)
    if TWO_STEPS in results:
        dataset = WORK / f"dask-{TWO_STEPS}-facts"
        results["dataset"], results["formats"] = dataset_size(dataset), formats(dataset)
    report(
        "dask",
        {"corpus": {"files": len(files), "mb": round(total_bytes(files) / 1e6, 2)}, "runs": args.runs, **results},
        args.json,
    )


if __name__ == "__main__":
    main()
