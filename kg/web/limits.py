"""The server's time limit (``kg serve --timeout SECONDS``): what stops a query that runs too long.

* **SPARQL** (``/sparql``, and the SPARQL page) runs in worker processes, each with the store
  open read-only. Oxigraph cannot cancel a query, so at the deadline the worker is killed,
  which stops the work for certain; the next query starts a new worker (spawned, as the JVM
  rule wants: no fork). A worker that was killed costs its successor a second or two to start.
* **Cypher** (``/cypher``): the engine stops the query itself (see
  :class:`kg.web.protocol.CypherEngine`).
* **Pages** are answered with 503 at the deadline, but their reads go on in their thread
  until done: they are the server's own texts, paged and bound to one entity.

Every limit answers 503 with one line naming it (:func:`kg.web.protocol.exceeded`).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.web.protocol import QueryError, exceeded

START_SECONDS = 300  # a worker opening a large store on a busy machine


def _work(store: str, conn: Connection) -> None:
    """A worker process: open the store read-only, then answer ``(function, args)`` with
    ``("ok", function(kg, *args))`` or ``("error", (status, message))`` until the pipe closes."""
    from kg.api import KnowledgeGraph

    kg = KnowledgeGraph.open(store, read_only=True)
    conn.send(("ready", None))
    while True:
        try:
            function, args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", function(kg, *args)))
        except QueryError as e:
            conn.send(("error", (e.status, str(e))))
        except Exception as e:  # said to the client, and the worker goes on
            conn.send(("error", (500, f"{type(e).__name__}: {' '.join(str(e).split())}")))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, store: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_work, args=(str(store), theirs), daemon=True, name="kg-serve-query")
        self.process.start()
        theirs.close()
        if not self.conn.poll(START_SECONDS) or self.conn.recv()[0] != "ready":
            self.stop()
            raise QueryError(502, f"the query process did not open the store {store} in {START_SECONDS} s")

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Workers:
    """At most ``size`` queries at a time, each in a worker process with the store ``store`` open,
    stopped after ``seconds``: :meth:`call` blocks (run it in a thread)."""

    def __init__(self, store: Path, seconds: float, size: int = 2) -> None:
        self.store = store
        self.seconds = seconds
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(kg, *args)`` in a worker (``function`` importable by name, its arguments and
        answer picklable); :class:`QueryError` as it raised it, or 503 at the time limit."""
        with self._slots:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            worker = worker or _Worker(self.store)
            try:
                worker.conn.send((function, args))
                if not worker.conn.poll(self.seconds):
                    raise QueryError(503, f"SPARQL: {exceeded(self.seconds)}")
                status, value = worker.conn.recv()
            except (EOFError, OSError) as e:  # the worker died (out of memory …)
                worker.stop()
                raise QueryError(502, f"the query process ended: {e or type(e).__name__}") from None
            except QueryError:
                worker.stop()
                raise
            with self._lock:
                self._idle.append(worker)
        if status == "error":
            raise QueryError(*value)
        return value

    def close(self) -> None:
        """Stop the idle workers (a busy one ends with the server: they are daemons)."""
        with self._lock:
            for worker in self._idle:
                worker.stop()
            self._idle.clear()
