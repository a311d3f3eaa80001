"""A real `kg serve` for tests: started on a free loopback port over a store, stopped afterwards.

    from served import serving

    with serving(store, "--timeout", "2") as (base, process):  # base: "http://127.0.0.1:PORT/"
        ...
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SERVERS = itertools.count()


@contextmanager
def serving(store: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """The base URL of a `kg serve` (``--port 0``) over ``store``, and its process; what it logs goes
    to a file beside the store (a pipe nobody reads would stop it once full), printed at the end
    (pytest shows it when a test failed)."""
    log = store.parent / f"serve-{store.name}-{next(_SERVERS)}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", *options],
            stderr=out,
            text=True,
        )
    try:
        for _ in range(600):
            found = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text())
            if found or process.poll() is not None:
                break
            time.sleep(0.1)
        assert found, log.read_text()
        yield found.group(), process
    finally:
        process.terminate()
        process.wait(timeout=120)
        print(log.read_text())
