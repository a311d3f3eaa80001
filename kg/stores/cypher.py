"""Cypher over Bolt with the official ``neo4j`` driver: embedded ArcadeDB or a remote Neo4j.

:class:`CypherClient` runs one query and returns plain rows (dicts of primitives, lists and
dicts), read-only unless told otherwise. :func:`load_graph` upserts a property graph in
batches, idempotently. Query parameters always travel as driver parameters; the only text
pasted into a query is a label or relationship type, and only after validation.

>>> from kg.stores.cypher import CypherClient, load_graph
>>> with CypherClient("bolt://127.0.0.1:7687", ("root", "secret"), "kg") as client:  # doctest: +SKIP
...     load_graph(client, [{"label": "Person", "id": "p1", "props": {"name": "张三"}}], [])
...     client.run("MATCH (p:Person {id: $id}) RETURN p.name AS name", {"id": "p1"})
{'nodes': 1, 'edges': 0}
[{'name': '张三'}]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.graph import Node, Path, Relationship

from kg.property_graph import paused_gc

WRITE_REFUSED = "write query refused; pass --write"

# String literals, quoted identifiers and comments: hidden before looking for write clauses.
_NOT_CODE = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/""",
    re.DOTALL,
)
# A write keyword as a clause: not a property (n.set), parameter ($set), label (:Set) or map key.
_WRITE_CLAUSE = re.compile(
    r"(?<![.$:\w])(?:CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|RENAME|GRANT|DENY|REVOKE|TERMINATE)"
    r"\b(?!\s*:)|\bLOAD\s+CSV\b|\b(?:START|STOP)\s+DATABASE\b",
    re.IGNORECASE,
)
_IN_TRANSACTIONS = re.compile(r"\bIN\s+(?:\S+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE)
_PROCEDURE_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
# Procedures that only read, on Neo4j or ArcadeDB (whose algo.*, path.* and meta.* all read).
_READ_PROCEDURE = re.compile(
    r"(?:apoc\.)?(?:algo|path|meta)\.[\w.]+"
    r"|db\.(?:labels|relationshipTypes|propertyKeys|schema(?:\.\w+)?|info|ping|index\.(?:fulltext|vector)\.query\w*)"
    r"|dbms\.(?:components|procedures|functions)",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Z][A-Za-z0-9_]*")


class CypherClient:
    """One driver for one server; :meth:`run` returns plain rows.

    ``auth`` is ``(user, password)``; ``database`` None means the server's default.
    Each :meth:`run` is one transaction (an auto-commit one for ``CALL {…} IN TRANSACTIONS``).
    """

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None = None) -> None:
        self.database = database
        self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)

    def run(
        self, query: str, params: dict[str, Any] | None = None, *, write: bool = False, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Run ``query`` with ``params`` and return its rows.

        Unless ``write`` is true, a query with a write clause or a procedure not known to be
        read-only raises :class:`PermissionError`, and the query runs in a read-access session.
        ``timeout``: the transaction's time limit in seconds, which Neo4j enforces (ArcadeDB
        ignores it: see :meth:`kg.stores.arcade.EmbeddedArcade.limit_queries`).
        """
        if not write:
            check_read_only(query)
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        # the rows are plain values; Python's cycle collector would walk each of them, and in a
        # process running the embedded JVM each of its passes costs more (2.5x on 100K rows)
        with paused_gc(), self._driver.session(database=self.database, default_access_mode=mode) as session:
            if write and _IN_TRANSACTIONS.search(_code(query)):
                return _plain_rows(session.run(query, params or {}))
            work = session.execute_write if write else session.execute_read
            transaction = neo4j.unit_of_work(timeout=timeout)(_run_in_transaction) if timeout else _run_in_transaction
            return work(transaction, query, params or {})

    @property
    def agent(self) -> str:
        """The server's agent string, e.g. ``Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)``."""
        return self._driver.get_server_info().agent

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> CypherClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_read_only(query: str) -> None:
    """Raise :class:`PermissionError` if ``query`` may write; its literals and comments are ignored."""
    code = _code(query)
    if _WRITE_CLAUSE.search(code) or _IN_TRANSACTIONS.search(code):
        raise PermissionError(WRITE_REFUSED)
    for name in _PROCEDURE_CALL.findall(code):
        if not _READ_PROCEDURE.fullmatch(name):
            raise PermissionError(WRITE_REFUSED)


def _code(query: str) -> str:
    """``query`` with string literals, quoted names and comments blanked out."""
    return _NOT_CODE.sub(_blank, query)


def _blank(match: re.Match[str]) -> str:
    """What a literal, quoted name or comment becomes: an empty string, a name or a space."""
    first = match.group()[0]
    if first in "'\"":
        return "''"
    return "_" if first == "`" else " "


def _run_in_transaction(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return _plain_rows(tx.run(query, params))


def _plain_rows(result: Iterable[neo4j.Record]) -> list[dict[str, Any]]:
    return [{key: plain(value) for key, value in record.items()} for record in result]


def plain(value: Any) -> Any:
    """A driver value as plain Python: nodes and relationships become dicts, paths lists.

    A node is ``{"id", "labels", **properties}`` (``id`` is its ``id`` property, else its
    element id); a relationship ``{"id", "type", "src", "dst", **properties}``; a path the
    list ``[node, relationship, node, …]``; temporal values ISO 8601 strings.
    """
    if isinstance(value, Node):
        return _plain_node(value)
    if isinstance(value, Relationship):
        return _plain_relationship(value)
    if isinstance(value, Path):
        return _plain_path(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
        return value.iso_format()
    return value


def _node_id(node: Node | None) -> Any:
    if node is None:
        return None
    return node.get("id", node.element_id)


def _plain_node(node: Node) -> dict[str, Any]:
    props = {key: plain(item) for key, item in node.items() if key not in ("id", "labels")}
    return {"id": _node_id(node), "labels": sorted(node.labels), **props}


def _plain_relationship(rel: Relationship) -> dict[str, Any]:
    props = {key: plain(item) for key, item in rel.items() if key not in ("id", "type", "src", "dst")}
    ends = {"src": _node_id(rel.start_node), "dst": _node_id(rel.end_node)}
    return {"id": rel.element_id, "type": rel.type, **ends, **props}


def _plain_path(path: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [_plain_node(path.start_node)]
    for rel, node in zip(path.relationships, path.nodes[1:], strict=True):
        items += [_plain_relationship(rel), _plain_node(node)]
    return items


def load_graph(client: CypherClient, nodes: Iterable[dict], edges: Iterable[dict], batch: int = 5000) -> dict[str, int]:
    """Upsert ``nodes`` then ``edges`` idempotently; return how many of each were written.

    A node is ``{"label", "id", "props"}``, an edge ``{"type", "src", "dst", "src_label",
    "dst_label", "key", "props"}``. Nodes are merged on ``(label, id)`` (a uniqueness
    constraint on ``id`` is created for every label), edges on ``(src, type, key, dst)`` (an
    index on ``key`` is created for every relationship type);
    ``props`` are added with ``+=`` (a None value removes that property). Property values
    must be primitives or lists of primitives: dates and times become ISO 8601 strings,
    tuples and sets lists; anything else raises :class:`TypeError`. An edge whose end node
    does not exist is skipped and not counted.

    Rows are sent as they come, ``batch`` of one label or (source label, type, target label) at
    a time, so ``nodes`` and ``edges`` may be iterators of any length: memory holds a batch per
    label and type. Every node is sent before the first edge is read; a label's constraint or a
    type's index is created before its first batch.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    schema: set[str] = set()
    return {
        "nodes": _load(client, nodes, _NODES, batch, schema),
        "edges": _load(client, edges, _EDGES, batch, schema),
    }


@dataclass(frozen=True)
class _Kind:
    """How rows of nodes or of edges are grouped, converted and merged."""

    key: Callable[[dict], tuple[str, ...]]  # the validated label/type names of a row's group
    row: Callable[[dict], dict]
    query: Callable[[tuple[str, ...]], str]
    schema: Callable[[tuple[str, ...]], dict[str, str]]  # label or type → the statement creating its index


def _load(client: CypherClient, items: Iterable[dict], kind: _Kind, batch: int, schema: set[str]) -> int:
    """Send ``items`` in batches per group; return how many the server merged."""
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    written = 0
    for item in items:
        names = kind.key(item)
        for name in names:
            _check_name(name)
        rows = groups[names]
        rows.append(kind.row(item))
        if len(rows) == batch:
            written += _send(client, kind, names, rows, schema)
            rows.clear()
    for names, rows in groups.items():
        if rows:
            written += _send(client, kind, names, rows, schema)
    return written


def _send(client: CypherClient, kind: _Kind, names: tuple[str, ...], rows: list[dict], schema: set[str]) -> int:
    for name, statement in kind.schema(names).items():
        if name not in schema:
            client.run(statement, write=True)
            schema.add(name)
    return client.run(kind.query(names), {"rows": rows}, write=True)[0]["n"]


def _node_query(names: tuple[str, ...]) -> str:
    return f"UNWIND $rows AS r MERGE (n:{names[0]} {{id: r.id}}) SET n += r.props RETURN count(*) AS n"


def _edge_query(names: tuple[str, ...]) -> str:
    src, rel_type, dst = names
    return (
        f"UNWIND $rows AS r MATCH (a:{src} {{id: r.src}}) MATCH (b:{dst} {{id: r.dst}}) "
        f"MERGE (a)-[e:{rel_type} {{key: r.key}}]->(b) SET e += r.props RETURN count(*) AS n"
    )


def _label_schema(label: str) -> dict[str, str]:
    return {label: f"CREATE CONSTRAINT kg_{label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"}


def _edge_schema(names: tuple[str, ...]) -> dict[str, str]:
    """The end labels' constraints, and an index on ``key`` (a tenure or participation is a fact with an id)."""
    src, rel_type, dst = names
    index = f"CREATE INDEX kg_{rel_type}_key IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.key)"
    return {**_label_schema(src), **_label_schema(dst), f"-[{rel_type}]-": index}


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"invalid label or relationship type: {name!r}")


def _node_row(node: dict) -> dict[str, Any]:
    return {"id": node["id"], "props": _props(node.get("props"), reserved="id")}


def _edge_row(edge: dict) -> dict[str, Any]:
    return {"src": edge["src"], "dst": edge["dst"], "key": edge["key"], "props": _props(edge.get("props"), "key")}


def _props(props: dict[str, Any] | None, reserved: str) -> dict[str, Any]:
    props = props or {}
    if reserved in props:
        raise ValueError(f"props may not set {reserved!r}: it is the merge key")
    return {name: _property_value(value) for name, value in props.items()}


def _property_value(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = [_primitive(item) for item in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return _primitive(value)


def _primitive(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"property values must be primitives or lists of them, not {type(value).__name__}")


_NODES = _Kind(lambda n: (n["label"],), _node_row, _node_query, lambda names: _label_schema(names[0]))
_EDGES = _Kind(lambda e: (e["src_label"], e["type"], e["dst_label"]), _edge_row, _edge_query, _edge_schema)
