"""The store's property graph on a Neo4j-compatible server (Neo4j, ArcadeDB …), over Bolt.

:func:`push` upserts every node and relationship with batched ``UNWIND … MERGE``
(:func:`kg.stores.cypher.load_graph`), after creating a uniqueness constraint on ``id`` for
every label, so pushing the same store twice changes nothing. The graph is not built first:
it is read from the store a subject at a time (:func:`kg.property_graph.stream`), by a thread
that keeps a few thousand rows ahead of the batches sent, so memory stays flat however large
the store. :func:`remote_client` is the connection both ``kg push`` and ``kg cypher --uri``
use: it checks the URI and fails at once when the server cannot be reached or refuses the
credentials, instead of retrying.

>>> from kg import KnowledgeGraph
>>> from kg.push import push
>>> push(KnowledgeGraph.open("kg-demo/store"), "bolt://127.0.0.1:7687", ("neo4j", "secret"))  # doctest: +SKIP
{'nodes': 194, 'edges': 286, 'seconds': 0.4, 'cpu_seconds': 0.3, 'rows_per_second': 1200.0}
"""

from __future__ import annotations

import itertools
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from kg.property_graph import stream
from kg.stores.cypher import CypherClient, load_graph

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

T = TypeVar("T")
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SCHEME = re.compile(r"([a-z0-9+]+)://[^/\s]+/?")


def remote_client(uri: str, auth: tuple[str, str] | None, database: str | None = None) -> CypherClient:
    """A :class:`CypherClient` for the server at ``uri``, once it answered.

    Raises :class:`ValueError` for a URI that is not Bolt (``bolt://``, ``neo4j://``, each also
    with ``+s`` or ``+ssc``), and the driver's ``ServiceUnavailable`` or ``AuthError`` at once.

    >>> remote_client("http://127.0.0.1:7474", None)
    Traceback (most recent call last):
    ...
    ValueError: http://127.0.0.1:7474: expected bolt://HOST:PORT or neo4j://HOST:PORT (also +s, +ssc)
    """
    match = _SCHEME.fullmatch(uri)
    if match is None or match.group(1) not in SCHEMES:
        raise ValueError(f"{uri}: expected bolt://HOST:PORT or neo4j://HOST:PORT (also +s, +ssc)")
    client = CypherClient(uri, auth, database)
    try:
        _ = client.agent  # one handshake, no retries: an unreachable server or bad password fails here
    except BaseException:
        client.close()
        raise
    return client


def push(
    kg: KnowledgeGraph, uri: str, auth: tuple[str, str] | None, database: str | None = None, batch: int = 5000
) -> dict[str, int | float]:
    """Upsert the property graph of ``kg`` into the server at ``uri``; return counts and timings.

    ``nodes`` and ``edges`` are the rows written (an edge whose end is missing is skipped),
    ``seconds`` the time from the first read to the last write (constraints included; reading
    the store overlaps with the server's work), ``cpu_seconds`` this process's CPU time in it,
    ``rows_per_second`` nodes and edges per second of it. Nothing is deleted on the server: a
    node or property taken out of the store since an earlier push stays there.
    """
    started, cpu = time.perf_counter(), time.process_time()
    nodes, edges = stream(kg.store.scan, kg.store.about)
    with remote_client(uri, auth, database) as client:
        counts = load_graph(client, read_ahead(nodes), read_ahead(edges), batch)
    seconds = time.perf_counter() - started
    return {
        **counts,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "rows_per_second": round((counts["nodes"] + counts["edges"]) / seconds, 1),
    }


def read_ahead(items: Iterable[T], chunk: int = 1000, chunks: int = 4) -> Iterator[T]:
    """``items``, read by another thread up to ``chunks`` × ``chunk`` items ahead of the caller.

    Reading the store holds Python's lock; waiting for the server does not, so the two overlap.
    The thread starts at the first item; an exception in it is raised here; stopping early
    (closing this generator) stops it.

    >>> list(read_ahead(range(5), chunk=2))
    [0, 1, 2, 3, 4]
    """
    parts: queue.Queue[list[T] | BaseException | None] = queue.Queue(maxsize=chunks)
    stop = threading.Event()

    def produce() -> None:
        try:
            iterator = iter(items)
            while part := list(itertools.islice(iterator, chunk)):
                if not _put(parts, part, stop):
                    return
            _put(parts, None, stop)
        except BaseException as error:  # handed to the reader, which raises it
            _put(parts, error, stop)

    thread = threading.Thread(target=produce, name="kg-push-reader", daemon=True)
    thread.start()
    try:
        while (part := parts.get()) is not None:
            if isinstance(part, BaseException):
                raise part
            yield from part
    finally:
        stop.set()
        thread.join()


def _put(parts: queue.Queue, item: object, stop: threading.Event) -> bool:
    """Put ``item`` once there is room; False if the reader stopped first."""
    while not stop.is_set():
        try:
            parts.put(item, timeout=0.1)
        except queue.Full:
            continue
        return True
    return False
