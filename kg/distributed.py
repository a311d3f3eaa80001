"""Extraction on a Dask cluster: ``--dask local``, ``local:N`` or a scheduler's address.

Extraction is a map over files; resolution and loading need the whole set and stay in this
process. :func:`cluster` connects (or starts a ``LocalCluster`` of N worker processes, one
thread each: extraction is pure Python), checks that the workers run this extractor version,
and :class:`DaskRunner` runs the batches of :mod:`kg.dataset` on it: ``kg extract --dask``
writes a facts dataset, ``kg ingest DIR --dask`` also resolves each document on the workers and
loads it here as it comes, in input order.

The workers read the files and write the dataset's partitions themselves: both must be at the
same path on every worker (the same machine, or a shared filesystem). Dask is an optional
dependency (``pip install 'bulletin-kg[dask]'``), imported only here. Workers never start a JVM
(they only extract and resolve), and a ``LocalCluster``'s workers are spawned, never forked.

>>> parse_scheduler("local:3"), parse_scheduler("tcp://10.0.0.5:8786")
(3, 'tcp://10.0.0.5:8786')
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kg.dataset import LocalRunner, Runner
from kg.ingest import in_order
from kg.model import EXTRACTOR_VERSION
from kg.resolve import Resolver

INSTALL = "pip install 'bulletin-kg[dask]'"
# A local cluster's workers poll less and do not profile their tasks: on a busy 2-core machine these
# housekeeping loops (every 10 ms, 100 ms, 500 ms in each of 4 processes) cost seconds of CPU a run
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


class DaskError(Exception):
    """No Dask, a scheduler that cannot be reached, or workers that cannot run the extractor."""


def parse_scheduler(text: str) -> int | str:
    """The number of local workers (``local``: one per core, ``local:N``), or a scheduler address."""
    if text == "local":
        return os.cpu_count() or 1
    if text.startswith("local:") and text[6:].isdigit() and int(text[6:]) > 0:
        return int(text[6:])
    if "://" in text:
        return text
    raise ValueError(f"{text!r}: expected local, local:N or a scheduler address such as tcp://HOST:8786")


def _extractor_version() -> str:
    """Run on each worker: the extractor it has (its kg is imported, so it is installed there)."""
    return EXTRACTOR_VERSION


@contextmanager
def cluster(scheduler: str) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler`` (see :func:`parse_scheduler`), closed after use
    (with the ``LocalCluster`` it started)."""
    where = parse_scheduler(scheduler)
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise DaskError(f"--dask needs Dask: {INSTALL}") from e
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines, on stderr, are not ours
    settings = {"distributed.worker.multiprocessing-method": "spawn", "logging.distributed": "error", **QUIET}
    with dask.config.set(settings):
        if isinstance(where, int):
            dashboard = ":0" if importlib.util.find_spec("bokeh") else None
            with (
                LocalCluster(n_workers=where, threads_per_worker=1, processes=True, dashboard_address=dashboard) as lc,
                Client(lc) as client,
            ):
                yield _checked(client)
            return
        try:
            client = Client(where, timeout="10s")
        except OSError as e:
            raise DaskError(f"{where}: {' '.join(str(e).split())}") from None
        with client:
            yield _checked(client)


def _checked(client: Any) -> Any:
    """The client, once every worker answered with this extractor version."""
    try:
        versions = client.run(_extractor_version)
    except Exception as e:  # a worker without this package cannot even load the function
        raise DaskError(f"the workers cannot run bulletin-kg ({type(e).__name__}: {e}); install it on them") from e
    wrong = {w: v for w, v in versions.items() if v != EXTRACTOR_VERSION}
    if not versions or wrong:
        found = ", ".join(f"{w}: {v}" for w, v in wrong.items()) or "no workers"
        raise DaskError(f"workers must run {EXTRACTOR_VERSION} ({found})")
    return client


@contextmanager
def runner(scheduler: str | None, jobs: int = 1, say: Callable[[str], None] | None = None) -> Iterator[Runner]:
    """A :class:`DaskRunner` on ``scheduler`` (see :func:`cluster`), or without one a
    :class:`kg.dataset.LocalRunner` with ``jobs`` processes; ``say`` is told where the Dask
    dashboard is, if it runs (it needs bokeh)."""
    if scheduler is None:
        yield LocalRunner(jobs)
        return
    with cluster(scheduler) as client:
        if say and importlib.util.find_spec("bokeh") and client.dashboard_link:
            say(f"Dask dashboard: {client.dashboard_link}")
        yield DaskRunner(client)


class DaskRunner:
    """Runs :mod:`kg.dataset` batches on a Dask cluster, a few per worker thread ahead, results in
    order. The resolver is sent to every worker once. A batch that fails as a whole (its worker
    died) is run again file by file, one after the other, so that only the file that kills its
    worker is lost."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = sum(client.nthreads().values())
        self.window = 2 * self.workers + 2

    def map(self, fn: Callable[..., list], batches: Iterable[list], args: Sequence, lost: Callable) -> Iterator[list]:
        args = [self.client.scatter(a, broadcast=True) if isinstance(a, Resolver) else a for a in args]
        return in_order(lambda batch: _Attempt(self.client, fn, batch, args, lost), batches, self.window)


class _Attempt:
    """A batch submitted to the cluster; its :meth:`result` retries each item alone if it failed."""

    def __init__(self, client: Any, fn: Callable[..., list], batch: list, args: Sequence, lost: Callable) -> None:
        self.client, self.fn, self.batch, self.args, self.lost = client, fn, batch, args, lost
        self.future = client.submit(fn, batch, *args, pure=False)

    def result(self) -> list:
        try:
            return self.future.result()
        except Exception as e:
            if len(self.batch) == 1:
                return [self.lost(self.batch[0], e)]
            # one at a time: a task on a worker that dies fails with it, innocent or not
            return [_Attempt(self.client, self.fn, [item], self.args, self.lost).result()[0] for item in self.batch]
