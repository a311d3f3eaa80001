"""``kg push`` streams the store: the same graph on the server as the property graph built whole.

Real engines, no mocks: a store of generated bulletins in Oxigraph, pushed over Bolt into a
separate ArcadeDB server process (standing in for Neo4j), read back whole and compared with
what pushing :func:`kg.property_graph.derive`'s graph gives: every node merged on (label, id)
and every relationship on (source, type, key, target), properties set with ``+=``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from synthetic import write_bulletins
from test_engines import Server, running_server

from kg import KnowledgeGraph
from kg.property_graph import PropertyGraph, stream
from kg.push import push, read_ahead
from kg.stores.cypher import CypherClient, load_graph

Graph = dict[tuple, dict]  # (label, id) or (src, type, key, dst) → properties


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of this module's own (its tests empty it)."""
    with running_server(tmp_path_factory.mktemp("push-server")) as server:
        yield server


@pytest.fixture(scope="module")
def bulletins(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    return write_bulletins(tmp_path_factory.mktemp("bulletins"), months=30)


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, bulletins: list[tuple[Path, str]]) -> KnowledgeGraph:
    """A store of the first 24 months (the test that changes it makes its own)."""
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("store"))
    for path, published in bulletins[:24]:
        assert kg.ingest(path, published=published).stored == 1
    return kg


def rows(items: list[dict]) -> list[str]:
    return sorted(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items)


def test_stream_gives_the_graph_derive_builds(kg: KnowledgeGraph) -> None:
    whole = kg.property_graph()
    nodes, edges = stream(kg.store.scan, kg.store.about)
    assert len(whole.nodes) > 500 and any(n["props"].get("aliases") for n in whole.nodes)
    assert any(e["props"].get("roles") for e in whole.edges)
    assert rows(list(nodes)) == rows(whole.nodes)
    assert rows(list(edges)) == rows(whole.edges)


def expected_after(before: Graph, pg: PropertyGraph) -> Graph:
    """What pushing ``pg`` into a server holding ``before`` leaves there: MERGE, then ``+=``."""
    after = {key: dict(props) for key, props in before.items()}
    for n in pg.nodes:
        after.setdefault((n["label"], n["id"]), {"id": n["id"]}).update(n["props"])
    for e in pg.edges:
        after.setdefault((e["src"], e["type"], e["key"], e["dst"]), {"key": e["key"]}).update(e["props"])
    return after


def on_server(server: Server) -> Graph:
    """Every node and relationship on the server, with all their properties."""
    with CypherClient(server.uri, server.auth) as client:
        nodes = client.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
        edges = client.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props"
        )
    graph: Graph = {}
    for row in nodes:
        [label] = row["labels"]
        graph[(label, row["props"]["id"])] = row["props"]
    for row in edges:
        graph[(row["src"], row["type"], row["props"]["key"], row["dst"])] = row["props"]
    assert len(graph) == len(nodes) + len(edges)  # no duplicates
    return graph


def emptied(server: Server) -> Server:
    with CypherClient(server.uri, server.auth) as client:
        client.run("MATCH (n) DETACH DELETE n", write=True)
    return server


@pytest.mark.arcadedb
def test_push_streams_the_same_graph_as_before(kg: KnowledgeGraph, server: Server) -> None:
    pg = kg.property_graph()
    done = push(kg, server.uri, server.auth, batch=500)
    assert (done["nodes"], done["edges"]) == (len(pg.nodes), len(pg.edges))
    expected = expected_after({}, pg)
    assert on_server(server) == expected
    push(kg, server.uri, server.auth, batch=7)  # idempotent, whatever the batches
    assert on_server(server) == expected


@pytest.mark.arcadedb
def test_push_over_an_older_push_updates_and_deletes_nothing(
    kg: KnowledgeGraph, bulletins: list[tuple[Path, str]], server: Server, tmp_path: Path
) -> None:
    older = KnowledgeGraph.open(tmp_path / "store")
    for path, published in bulletins[:12]:
        older.ingest(path, published=published)
    push(older, emptied(server).uri, server.auth)
    before = expected_after({}, older.property_graph())
    for path, published in bulletins[12:]:
        older.ingest(path, published=published)
    assert older.remove(bulletins[3][0]) is not None
    push(older, server.uri, server.auth)
    now = older.property_graph()
    expected = expected_after(before, now)
    assert on_server(server) == expected
    stale = before.keys() - expected_after({}, now).keys()
    assert stale and stale <= on_server(server).keys()  # what left the store stays on the server, as before


@pytest.mark.arcadedb
def test_load_graph_sends_nodes_before_reading_edges(server: Server) -> None:
    sent: list[str] = []

    def nodes() -> Iterator[dict]:
        for i in range(5):
            sent.append(f"node {i}")
            yield {"label": "Person", "id": f"p{i}", "props": {"name": f"n{i}"}}

    def edges() -> Iterator[dict]:
        with CypherClient(server.uri, server.auth) as client:  # every node is on the server already
            sent.append(f"{client.run('MATCH (p:Person) RETURN count(p) AS n')[0]['n']} on the server")
        yield {"type": "KNOWS", "src": "p0", "dst": "p1", "src_label": "Person", "dst_label": "Person",
               "key": "k", "props": {}}  # fmt: skip

    with CypherClient(emptied(server).uri, server.auth) as client:
        assert load_graph(client, nodes(), edges(), batch=2) == {"nodes": 5, "edges": 1}
    assert sent[-1] == "5 on the server"


def test_read_ahead_raises_the_readers_error_and_stops_early() -> None:
    def failing() -> Iterator[int]:
        yield from range(3)
        raise OSError("store gone")

    with pytest.raises(OSError, match="store gone"):
        list(read_ahead(failing(), chunk=1))
    endless = read_ahead(iter(int, 1), chunk=10, chunks=2)  # never ends: closing it stops its thread
    assert [next(endless) for _ in range(25)] == [0] * 25
    endless.close()
