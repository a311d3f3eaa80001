"""Helpers shared by the benchmarks: the machine, a cached corpus, medians and reports."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import write_corpus

WORK = Path(os.environ.get("KG_BENCH_DIR", "/tmp/bulletin-kg-bench"))


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory, Python and the date, for the report."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next(int(ln.split()[1]) for ln in meminfo if ln.startswith("MemTotal"))
    return {
        "date": subprocess.run(["date", "-u"], capture_output=True, text=True, check=True).stdout.strip(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),  # other work on the machine skews the figures
    }


def corpus(megabytes: float | None = None, count: int | None = None, seed: int = 7) -> list[Path]:
    """The bulletins of a generated corpus (``megabytes`` MB or ``count`` files), made once and kept under WORK."""
    out = WORK / (f"corpus-{megabytes:g}mb-seed{seed}" if megabytes is not None else f"corpus-{count}-seed{seed}")
    done = out / ".complete"
    if not done.exists():
        write_corpus(out, megabytes, count, seed)
        done.touch()
    return sorted(out.glob("*.txt"))


def total_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call of ``fn``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_of(runs: int, fn: Callable[[], object]) -> dict[str, Any]:
    """Median wall and CPU seconds of ``runs`` calls, with every run's wall time."""
    return summary([timed(fn) for _ in range(runs)])


def summary(samples: list[tuple[float, float]]) -> dict[str, Any]:
    """Median wall and CPU seconds of (wall, CPU) samples, with every sample's wall time."""
    return {
        "wall_s": statistics.median(w for w, _ in samples),
        "cpu_s": statistics.median(c for _, c in samples),
        "runs_wall_s": [round(w, 3) for w, _ in samples],
    }


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, linearly interpolated."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ``python -c`` running ``kg.cli`` as ``-m`` does, which writes at exit the peak resident size of
# the process (VmHWM: exec starts it afresh) and of its workers. wait4's ru_maxrss would not do:
# the parent's size when it forked the child counts in it, hiding a child smaller than that.
_MEASURED_CLI = """
import atexit, resource, runpy, sys
def peak():
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{PEAK}{max(own, workers)}", file=sys.stderr)
atexit.register(peak)
runpy.run_module("kg.cli", run_name="__main__", alter_sys=True)
"""
_PEAK = "kg-bench-peak-kb="


def kg_command(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """Run ``python -m kg.cli ARGS`` (it must succeed; ``env`` added to the environment; in ``cwd``,
    whose ``kg`` package, if any, is the one run, being first on the path): wall seconds, CPU
    seconds of the process and its workers, the peak resident size in MB of the process or of
    its largest worker, and what it wrote on stderr."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:  # a pipe could fill up and block it
        process = subprocess.Popen(
            [sys.executable, "-c", _MEASURED_CLI.replace("{PEAK}", _PEAK), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        stderr.seek(0)
        errors, _, peak_kb = stderr.read().rpartition(_PEAK)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"kg {args[0]} failed: {errors.strip()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": int(peak_kb) / 1024, "stderr": errors}


def report(name: str, results: dict[str, Any], out: Path | None) -> None:
    """Print ``results`` with the machine as JSON, and write them to ``out`` if given."""
    text = json.dumps({"benchmark": name, "machine": machine(), **results}, ensure_ascii=False, indent=1)
    print(text)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
