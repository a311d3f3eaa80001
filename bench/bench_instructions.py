"""Instructions the extractor executes, counted by valgrind: a figure that repeats where time does not.

The CPU time of one binary on this shared machine moves by ±10 % from one hour to the next;
the instructions its main thread executes repeat to about ±0.03 %. So a change meant to make
extraction faster is compared here, against the code before it, before the slower timed
benchmark (``bench_extract.py``) is run once. Instructions are not time (cache misses and
branch mispredictions are not counted), but the extractor is Python and regular expressions,
where the two go together.

    $ apt-get install valgrind
    $ python bench/bench_instructions.py --files 40        # about 3.5 minutes
    {"files": 40, "kb": 509.2, "instructions": 4194353176, "per_kb": 8236900}

Warm-up (the bundled sample and three files of the corpus: lexicons, gazetteer, tagger) is
left out of the count: callgrind zeroes its counters where the child calls ``os.getppid``.
Only the main thread is counted: ONNX Runtime keeps a thread of its own whose count varies.
The garbage collector is off while counting: a full collection (some 80 M instructions over the
lexicons' objects) falls in the count or not as the objects a change caches move its timing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import corpus, total_bytes

MARK = "getppid"  # the C function callgrind zeroes its counters before


def child(paths: list[Path]) -> None:
    """Extract ``paths`` after a warm-up, the counters zeroed in between; exit with no clean-up."""
    from kg.loaders.extract import extract_path, sample_path

    for path in [sample_path(), *corpus(4)[-3:]]:
        extract_path(path)
    gc.disable()  # a full collection costs ~80 M: whether one falls in the count moves with any change
    os.getppid()
    for path in paths:
        extract_path(path)
    sys.stdout.flush()
    os._exit(0)  # the interpreter's shutdown is not extraction


def count(files: int) -> int:
    """Instructions of the main thread extracting the first ``files`` files of the 4 MB corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        command = [
            "valgrind", "--tool=callgrind", "--separate-threads=yes", f"--zero-before={MARK}",
            f"--callgrind-out-file={out}", sys.executable, __file__, "--child", str(files),
        ]  # fmt: skip
        subprocess.run(command, env=env, check=True, capture_output=True)
        main_thread = next(Path(tmp).glob("callgrind.out*-01"))
        totals = [ln for ln in main_thread.read_text().splitlines() if ln.startswith(("summary:", "totals:"))]
        return int(totals[0].split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="files of the 4 MB corpus to extract (default 40)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(corpus(4)[: args.child])
    paths = corpus(4)[: args.files]
    instructions = count(args.files)
    kb = total_bytes(paths) / 1000
    report = {"files": args.files, "kb": round(kb, 1), "instructions": instructions, "per_kb": round(instructions / kb)}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
