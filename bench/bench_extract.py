"""Extraction throughput in MB/s per core, beside jieba.posseg on the same text.

One process, one thread: every file of a generated corpus (default 20 MB) goes
through ``extract_path`` (read, decode, normalize, split, extract); then the same
files go through ``jieba.posseg.lcut`` (read, decode, segment and tag). Each is
timed ``--runs`` times, every run in a fresh process warmed on the bundled sample (so
no run reuses names, pinyin or organizations an earlier run cached: each pass meets
its corpus for the first time), and the median is reported, as MB (10^6 bytes of files) per
CPU-second of the process (= per core: it is single-threaded, and CPU time is less
disturbed than wall time by other work on the machine) and per wall-clock second.
The one-time loading (imports, lexicons, gazetteer, dictionaries) is timed apart, in
fresh processes.

    python bench/bench_extract.py [--mb 20] [--runs 3] [--json out.json]
    python bench/bench_extract.py --profile [--mb 2]   # cProfile hotspots instead
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import subprocess
import sys
from pathlib import Path
from typing import Any

from common import corpus, report, summary, timed, total_bytes

LOADING = """
import time
started = time.perf_counter()
{imports}
first = time.perf_counter()
{call}
second = time.perf_counter()
{call}
third = time.perf_counter()
print(first - started, (second - first) - (third - second))
"""
TOOLS = {
    "extract": ("from kg.loaders.extract import extract_path, sample_path", "extract_path(sample_path())"),
    "jieba_posseg": (
        "import jieba, jieba.posseg; jieba.setLogLevel(60); from kg.loaders.extract import sample_path",
        "jieba.posseg.lcut(sample_path().read_text(encoding='utf-8'))",
    ),
}


def one_time_loading() -> dict[str, dict[str, float]]:
    """Seconds a fresh process spends importing each tool and loading its data on first use
    (the first call on the sample minus the second)."""
    out = {}
    for tool, (imports, call) in TOOLS.items():
        code = LOADING.format(imports=imports, call=call)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        imported, loaded = map(float, run.stdout.split())
        out[tool] = {"import_s": round(imported, 3), "first_use_s": round(loaded, 3)}
    return out


def warm_up() -> None:
    """Load both tools' data in this process, so the timed runs exclude it."""
    import jieba
    import jieba.posseg

    from kg.loaders.extract import extract_path, sample_path

    extract_path(sample_path())
    jieba.setLogLevel(60)
    jieba.posseg.lcut(sample_path().read_text(encoding="utf-8"))


def extract_all(paths: list[Path]) -> None:
    from kg.loaders.extract import extract_path

    for path in paths:
        extract_path(path)


def posseg_all(paths: list[Path]) -> None:
    import jieba.posseg

    for path in paths:
        jieba.posseg.lcut(path.read_text(encoding="utf-8"))


PASSES = {"extract": extract_all, "jieba_posseg": posseg_all}


def fresh_pass(tool: str, mb: float) -> tuple[float, float]:
    """Wall and CPU seconds of one pass of ``tool`` over the corpus of ``mb`` MB, in a fresh
    process warmed on the bundled sample."""
    command = [sys.executable, __file__, "--one-pass", tool, "--mb", str(mb)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    wall, cpu = map(float, run.stdout.split())
    return wall, cpu


def throughput(mb: float, runs: int) -> dict[str, Any]:
    """Median MB/s of extraction and of jieba.posseg over the corpus of ``mb`` MB, and their ratio."""
    paths = corpus(mb)
    megabytes = total_bytes(paths) / 1e6
    loading = one_time_loading()
    extract = summary([fresh_pass("extract", mb) for _ in range(runs)])
    posseg = summary([fresh_pass("jieba_posseg", mb) for _ in range(runs)])
    for timing in (extract, posseg):
        timing["mb_per_s"] = round(megabytes / timing["wall_s"], 3)
        timing["mb_per_cpu_s"] = round(megabytes / timing["cpu_s"], 3)
    return {
        "corpus": {"files": len(paths), "mb": round(megabytes, 2)},
        "runs": runs,
        "one_time_loading": loading,
        "extract": extract,
        "jieba_posseg": posseg,
        "extract_vs_posseg_cpu": round(extract["mb_per_cpu_s"] / posseg["mb_per_cpu_s"], 2),
        "extract_vs_posseg_wall": round(extract["mb_per_s"] / posseg["mb_per_s"], 2),
    }


def profile(paths: list[Path], top: int = 25) -> str:
    """cProfile of one extraction pass (after warm-up): the top functions by own and by total time."""
    warm_up()
    profiler = cProfile.Profile()
    profiler.runcall(extract_all, paths)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, help="corpus size in MB (default 20; 2 with --profile)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each tool (default 3)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hotspots of one pass")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--one-pass", choices=PASSES, help=argparse.SUPPRESS)  # one timed run (a child)
    args = parser.parse_args()
    if args.one_pass:
        paths = corpus(args.mb)
        warm_up()
        print(*timed(lambda: PASSES[args.one_pass](paths)))
    elif args.profile:
        print(profile(corpus(args.mb or 2)))
    else:
        report("extract", throughput(args.mb or 20, args.runs), args.json)


if __name__ == "__main__":
    main()
