"""The store's property graph on a Neo4j-compatible server (Neo4j, ArcadeDB …), over Bolt.

:func:`push` upserts every node and relationship with batched ``UNWIND … MERGE``
(:func:`kg.stores.cypher.load_graph`), after creating a uniqueness constraint on ``id`` for
every label, so pushing the same store twice changes nothing. :func:`remote_client` is the
connection both ``kg push`` and ``kg cypher --uri`` use: it checks the URI and fails at once
when the server cannot be reached or refuses the credentials, instead of retrying.

>>> from kg import KnowledgeGraph
>>> from kg.push import push
>>> push(KnowledgeGraph.open("kg-demo/store"), "bolt://127.0.0.1:7687", ("neo4j", "secret"))  # doctest: +SKIP
{'nodes': 194, 'edges': 286, 'derive_seconds': 0.2, 'load_seconds': 0.9, 'rows_per_second': 533.3}
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from kg.stores.cypher import CypherClient, load_graph

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

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
    ``derive_seconds`` the time to build the property graph from the RDF store,
    ``load_seconds`` the time on the server (constraints included) and ``rows_per_second``
    nodes and edges per second of it. Nothing is deleted on the server: a node or property
    taken out of the store since an earlier push stays there.
    """
    started = time.perf_counter()
    pg = kg.property_graph()
    derived = time.perf_counter()
    with remote_client(uri, auth, database) as client:
        counts = load_graph(client, pg.nodes, pg.edges, batch)
    loaded = time.perf_counter() - derived
    return {
        **counts,
        "derive_seconds": round(derived - started, 3),
        "load_seconds": round(loaded, 3),
        "rows_per_second": round((counts["nodes"] + counts["edges"]) / loaded, 1),
    }
