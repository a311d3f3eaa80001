"""The query endpoints: SPARQL 1.1 Protocol at ``/sparql``, Cypher as JSON at ``/cypher``; both read-only.

SPARQL: ``GET /sparql?query=…``, ``POST`` of a form with ``query=…`` or of the query itself
(``application/sparql-query``); ``default-graph-uri`` and ``named-graph-uri`` choose the
dataset (by default the union of every document's graph, as ``kg sparql`` sees it). Results as
the ``Accept`` header asks: SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE
as Turtle (or N-Triples, RDF/XML). An update is refused with 403 (the store is open read-only).

Cypher: ``POST /cypher`` with ``{"query": …, "params": {…}}`` (or ``GET ?query=…&params=JSON``)
answers ``{"columns": [...], "rows": [...]}``, rows as :func:`kg.stores.cypher.plain` makes
them; a query that may write is refused with 403.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", SELECT_TYPES)
'application/sparql-results+json'
>>> negotiate("*/*", CONSTRUCT_TYPES), negotiate("text/html", CONSTRUCT_TYPES)
('text/turtle', None)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pyoxigraph as ox

from kg.api import KnowledgeGraph
from kg.ontology import PREFIXES
from kg.sparql import is_update

SELECT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
CONSTRUCT_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
UPDATE_REFUSED = "update refused: this endpoint is read-only"


def exceeded(seconds: float) -> str:
    """The message of a query stopped at the server's time limit.

    >>> exceeded(30)
    'stopped after 30 s: the time limit of this server (kg serve --timeout)'
    """
    return f"stopped after {seconds:g} s: the time limit of this server (kg serve --timeout)"


class QueryError(Exception):
    """A query the endpoint does not run: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str, offered: dict[str, Any]) -> str | None:
    """The offered media type the ``Accept`` header likes best (the first offered for ``*/*``), or None."""
    wanted = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=") and _number(p[2:])), 1.0)
        wanted.append((-q, i, media.lower()))
    for _, _, media in sorted(wanted):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return next((m for m in offered if prefix == "*" or m.startswith(prefix + "/")), None)
    return None if accept.strip() else next(iter(offered))


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def run_sparql(
    kg: KnowledgeGraph, query: str, accept: str, default_graphs: list[str] = (), named_graphs: list[str] = ()
) -> tuple[bytes, str]:
    """The serialized answer to ``query`` and its media type; :class:`QueryError` if it is not run."""
    options: dict[str, Any] = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = kg.store.store.query(query, **options)
    except SyntaxError as e:
        if is_update(query):
            raise QueryError(403, UPDATE_REFUSED) from None
        raise QueryError(400, f"SPARQL: {e}") from None
    except (ValueError, OSError, RuntimeError) as e:
        raise QueryError(400, f"SPARQL: {e}") from None
    offered = CONSTRUCT_TYPES if isinstance(result, ox.QueryTriples) else SELECT_TYPES
    if isinstance(result, ox.QueryBoolean):  # CSV and TSV have no boolean form
        offered = {m: f for m, f in SELECT_TYPES.items() if not m.startswith("text/")}
    media = negotiate(accept, offered)
    if media is None:
        raise QueryError(406, f"no answer in a format the Accept header takes; offered: {', '.join(offered)}")
    return result.serialize(format=offered[media]), media


class CypherEngine:
    """Cypher for the server: the store's embedded ArcadeDB, started and loaded at the first query
    (then warm), or a server at ``uri`` (Neo4j, or ArcadeDB over Bolt).

    A query running longer than ``seconds`` (0: no limit) is stopped by the engine: the embedded
    ArcadeDB's command timeout, set once the graph is loaded (:meth:`~kg.stores.arcade.EmbeddedArcade.limit_queries`),
    or the transaction timeout the driver sends a server (which Neo4j enforces, ArcadeDB not).
    """

    def __init__(
        self,
        kg: KnowledgeGraph,
        connect: Callable[[], AbstractContextManager[Any]] | None = None,
        where: str = "",
        seconds: float = 0,
    ) -> None:
        self.kg = kg
        self.seconds = seconds
        self.where = where or "embedded ArcadeDB"
        self._connect = connect
        self._client: Any = None
        self._lock = threading.Lock()
        self._warm = False

    def run(self, query: str, params: dict[str, Any]) -> list[dict]:
        """Rows of a read-only query; :class:`QueryError` for a write (403), a bad query (400), one
        stopped at the time limit (503) or an engine that fails (502)."""
        from neo4j.exceptions import ClientError, DriverError, Neo4jError

        try:
            return self._run(query, params)
        except PermissionError as e:
            raise QueryError(403, str(e).replace("; pass --write", ": this endpoint is read-only")) from None
        except ClientError as e:
            if "TransactionTimedOut" in (e.code or ""):
                raise QueryError(503, f"Cypher: {exceeded(self.seconds)}") from None
            raise QueryError(400, f"Cypher: {' '.join((e.message or str(e)).split())}") from None
        except (Neo4jError, DriverError, RuntimeError, OSError, ValueError) as e:
            raise QueryError(502, f"Cypher ({self.where}): {' '.join(str(e).split())}") from None
        except Exception as e:  # the engine's own failures (the JVM's, through JPype): said, not a bare 500
            raise QueryError(502, f"Cypher ({self.where}): {type(e).__name__}: {' '.join(str(e).split())}") from None

    def _run(self, query: str, params: dict[str, Any]) -> list[dict]:
        if self._connect is not None:
            with self._lock:
                if self._client is None:
                    self._client = self._connect().__enter__()
            return self._client.run(query, params, timeout=self.seconds or None)
        if not self._warm:
            with self._lock:  # one request starts the engine and loads the graph; the others wait
                if not self._warm:
                    self.kg.cypher("RETURN 1")  # the load is not limited: minutes for a large store
                    if self.seconds:
                        from kg.stores.arcade import get_embedded

                        get_embedded(self.kg.path).limit_queries(self.seconds)
                    self._warm = True
        return self.kg.cypher(query, params)


def cypher_request(body: bytes, content_type: str, query_params: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The query and parameters of a ``/cypher`` request (JSON body, form, or query string)."""
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body or b"{}")
        except json.JSONDecodeError as e:
            raise QueryError(400, f"the body is not JSON: {e.msg}") from None
        query, params = (data.get("query"), data.get("params") or {}) if isinstance(data, dict) else (None, {})
    else:
        query = query_params.get("query")
        try:
            params = json.loads(query_params.get("params") or "{}")
        except json.JSONDecodeError as e:
            raise QueryError(400, f"params is not JSON: {e.msg}") from None
    if not isinstance(query, str) or not query.strip():
        raise QueryError(400, 'no query: send {"query": …, "params": {…}}')
    if not isinstance(params, dict):
        raise QueryError(400, "params must be a JSON object")
    return query, params
