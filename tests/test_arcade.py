"""The embedded ArcadeDB server and the Cypher client, against real engines (no mocks).

One module-scoped fixture starts the embedded server, so the JVM starts once; the separate
server process of ``start_server_process`` stands in for a remote Neo4j.
"""

from __future__ import annotations

import datetime as dt
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from kg.stores.arcade import EmbeddedArcade, get_embedded, load_credentials, start_server_process
from kg.stores.cypher import CypherClient, check_read_only, load_graph

TRICKY = "a'b\"c}{;//$\n) DETACH DELETE n /* `x` */ \\'"


@pytest.fixture(scope="module")
def arcade(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedArcade]:
    instance = get_embedded(tmp_path_factory.mktemp("store"))
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def module_client(arcade: EmbeddedArcade) -> Iterator[CypherClient]:
    with CypherClient(arcade.uri, arcade.auth, arcade.database) as client:
        yield client


@pytest.fixture
def client(module_client: CypherClient) -> CypherClient:
    """The embedded server's client, on an empty database."""
    module_client.run("MATCH (n) DETACH DELETE n", write=True)
    return module_client


def people_and_event() -> tuple[list[dict], list[dict]]:
    nodes = [
        {"label": "Person", "id": f"p{i}", "props": {"name": name}} for i, name in enumerate(["张三", "李四", "王五"])
    ]
    nodes.append({"label": "Event", "id": "e1", "props": {"name": "签约仪式", "date": dt.date(2024, 3, 1)}})
    edges = [
        {"type": "PARTICIPATED_IN", "src": f"p{i}", "dst": "e1", "src_label": "Person", "dst_label": "Event",
         "key": f"part-{i}", "props": {"roles": ("出席",)}}
        for i in range(3)
    ]  # fmt: skip
    return nodes, edges


def counts(client: CypherClient) -> tuple[int, int]:
    nodes = client.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    edges = client.run("MATCH ()-[e]->() RETURN count(e) AS n")[0]["n"]
    return nodes, edges


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# 127.0.0.1 as /proc/net/tcp and /proc/net/tcp6 write it (the second, IPv4-mapped), and ::1
LOOPBACK_AS_LISTED = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    assert found, f"nothing listens on port {port}"
    return found


def non_loopback_addresses() -> list[str]:
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout
    return [address for address in out.split() if ":" not in address and not address.startswith("127.")]


@pytest.mark.arcadedb
def test_load_graph_then_match(client: CypherClient) -> None:
    nodes, edges = people_and_event()
    assert load_graph(client, nodes, edges) == {"nodes": 4, "edges": 3}
    rows = client.run(
        "MATCH (p:Person)-[e:PARTICIPATED_IN]->(v:Event {id: $event}) RETURN p, e, v ORDER BY p.id", {"event": "e1"}
    )
    assert [row["p"]["name"] for row in rows] == ["张三", "李四", "王五"]
    assert rows[0]["p"] == {"id": "p0", "labels": ["Person"], "name": "张三"}
    assert rows[0]["e"]["type"] == "PARTICIPATED_IN"
    assert (rows[0]["e"]["src"], rows[0]["e"]["dst"], rows[0]["e"]["roles"]) == ("p0", "e1", ["出席"])
    assert rows[0]["v"]["date"] == "2024-03-01"


@pytest.mark.arcadedb
def test_load_graph_is_idempotent(client: CypherClient) -> None:
    nodes, edges = people_and_event()
    load_graph(client, nodes, edges, batch=2)
    assert counts(client) == (4, 3)
    load_graph(client, nodes, edges, batch=2)
    assert counts(client) == (4, 3)
    names = {row["n"] for row in client.run("SHOW CONSTRAINTS YIELD name RETURN name AS n")}
    assert {"kg_Person_id", "kg_Event_id"} <= names


@pytest.mark.arcadedb
def test_load_graph_updates_props_and_skips_dangling_edges(client: CypherClient) -> None:
    nodes, edges = people_and_event()
    load_graph(client, nodes, edges)
    update = [{"label": "Person", "id": "p0", "props": {"name": "张三丰", "title": "市长"}}]
    dangling = [dict(edges[0], dst="missing", key="dangling")]
    assert load_graph(client, update, dangling) == {"nodes": 1, "edges": 0}
    assert client.run("MATCH (p:Person {id: 'p0'}) RETURN p.name AS name, p.title AS title") == [
        {"name": "张三丰", "title": "市长"}
    ]
    assert counts(client) == (4, 3)


@pytest.mark.arcadedb
def test_optional_match_and_shortest_path(client: CypherClient) -> None:
    load_graph(client, *people_and_event())
    rows = client.run("MATCH (p:Person) OPTIONAL MATCH (p)-[:HOLDS]->(post) RETURN p.id AS id, post ORDER BY id")
    assert rows == [{"id": "p0", "post": None}, {"id": "p1", "post": None}, {"id": "p2", "post": None}]
    path = client.run(
        "MATCH p = shortestPath((a:Person {id: $a})-[*..4]-(b:Person {id: $b})) RETURN p, length(p) AS hops",
        {"a": "p0", "b": "p2"},
    )[0]
    assert path["hops"] == 2
    assert [item["id"] for item in path["p"][::2]] == ["p0", "e1", "p2"]
    assert [item["type"] for item in path["p"][1::2]] == ["PARTICIPATED_IN"] * 2


@pytest.mark.arcadedb
def test_parameters_round_trip_unchanged(client: CypherClient) -> None:
    load_graph(client, [{"label": "Person", "id": TRICKY, "props": {"name": TRICKY}}], [])
    rows = client.run("MATCH (p:Person {name: $name}) RETURN p.id AS id, p.name AS name", {"name": TRICKY})
    assert rows == [{"id": TRICKY, "name": TRICKY}]
    assert counts(client) == (1, 0)


@pytest.mark.arcadedb
def test_read_only_refuses_create_and_changes_nothing(client: CypherClient) -> None:
    load_graph(client, *people_and_event())
    with pytest.raises(PermissionError, match="pass --write"):
        client.run("CREATE (n:Person {id: 'intruder'})")
    with pytest.raises(PermissionError):
        client.run("MATCH (n:Person) WHERE n.id = $id DETACH DELETE n", {"id": "p0"})
    assert counts(client) == (4, 3)


@pytest.mark.arcadedb
def test_write_keyword_in_string_literal_is_allowed(client: CypherClient) -> None:
    load_graph(client, [{"label": "Person", "id": "c", "props": {"name": "CREATE"}}], [])
    rows = client.run("MATCH (n) WHERE n.name = 'CREATE' RETURN n.id AS id // DELETE in a comment")
    assert rows == [{"id": "c"}]


@pytest.mark.arcadedb
def test_write_flag_allows_writes(client: CypherClient) -> None:
    client.run("CREATE (:Person {id: $id})", {"id": "w"}, write=True)
    client.run("CALL { MATCH (n:Person) SET n.seen = true } IN TRANSACTIONS OF 10 ROWS", write=True)
    assert client.run("MATCH (n:Person {id: 'w'}) RETURN n.seen AS seen") == [{"seen": True}]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n) WHERE n.name = 'CREATE' RETURN n",
        'MATCH (n) WHERE n.name = "MERGE \\" SET" RETURN n',
        "MATCH (n:`DELETE`) RETURN n.set, n.created, $remove",
        "RETURN {delete: 1} AS m /* DROP */ // DETACH",
        "MATCH (a)-[:MERGED_INTO]->(b) RETURN a",
        "CALL db.labels() YIELD label RETURN label",
        "CALL algo.pagerank('Person', 'KNOWS') YIELD node RETURN node",
        "MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS c } RETURN c",
        "SHOW CONSTRAINTS",
    ],
)
def test_read_queries_pass_the_check(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n)",
        "match (n) set n.x = 1",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) REMOVE n:Person",
        "UNWIND $rows AS r MERGE (n:Person {id: r.id})",
        "DROP CONSTRAINT kg_Person_id",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "MATCH (n) WHERE n.name = 'x' CREATE (m)",
        "RETURN 'a' /* comment */ MERGE (n)",
        "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n",
        "CALL db.createLabel('X')",
        "CALL merge.node(['X'], {id: 1})",
        "CALL apoc.refactor.mergeNodes([])",
        "CALL `db.labels`()",
        "CALL dbms.security.createUser('x', 'y')",
    ],
)
def test_write_queries_are_refused(query: str) -> None:
    with pytest.raises(PermissionError, match="write query refused; pass --write"):
        check_read_only(query)


@pytest.mark.parametrize(
    "node",
    [
        {"label": "person", "id": "x"},
        {"label": "Person) DETACH DELETE (n", "id": "x"},
        {"label": "Person\n", "id": "x"},
        {"label": "Person", "id": "x", "props": {"id": "y"}},
    ],
)
def test_load_graph_rejects_bad_names_and_keys(node: dict) -> None:
    with pytest.raises(ValueError):
        load_graph(None, [node], [])  # type: ignore[arg-type]  # refused before any query


def test_load_graph_rejects_nested_property_values() -> None:
    with pytest.raises(TypeError):
        load_graph(None, [{"label": "Person", "id": "x", "props": {"m": {"a": 1}}}], [])  # type: ignore[arg-type]


def test_importing_the_modules_starts_no_jvm() -> None:
    script = "import sys, kg.stores.arcade, kg.stores.cypher; assert 'jpype' not in sys.modules"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


@pytest.mark.arcadedb
def test_embedded_server_identity_and_uri(arcade: EmbeddedArcade, module_client: CypherClient) -> None:
    assert arcade.uri.startswith("bolt://127.0.0.1:")
    assert "ArcadeDB" in module_client.agent
    assert get_embedded(arcade.store_dir) is arcade
    with pytest.raises(RuntimeError):
        _ = EmbeddedArcade(arcade.store_dir).uri


@pytest.mark.arcadedb
def test_wrong_password_is_refused(arcade: EmbeddedArcade) -> None:
    user, _ = arcade.auth
    with (
        CypherClient(arcade.uri, (user, "not-the-password"), arcade.database) as client,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        client.run("RETURN 1")


@pytest.mark.arcadedb
def test_credentials_file_is_private_and_reused(arcade: EmbeddedArcade) -> None:
    path = arcade.home / "credentials.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_credentials(arcade.home) == arcade.auth
    assert len(arcade.auth[1]) >= 32


@pytest.mark.arcadedb
def test_bolt_listens_on_loopback_only(arcade: EmbeddedArcade) -> None:
    port = int(arcade.uri.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    assert listening_addresses(port) <= LOOPBACK_AS_LISTED
    for address in non_loopback_addresses():  # this machine's own addresses only
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass


@pytest.mark.arcadedb
def test_separate_server_process(arcade: EmbeddedArcade, tmp_path: Path) -> None:
    """Started after the test process's JVM: Popen execs at once, so that is safe."""
    port = free_port()
    proc = start_server_process(tmp_path / "server", port, "s3cret-password")
    try:
        with CypherClient(f"bolt://127.0.0.1:{port}", ("root", "s3cret-password"), "kg") as remote:
            assert load_graph(remote, *people_and_event()) == {"nodes": 4, "edges": 3}
            assert load_graph(remote, *people_and_event()) == {"nodes": 4, "edges": 3}
            rows = remote.run(
                "MATCH (p:Person)-[:PARTICIPATED_IN]->(:Event {id: $id}) RETURN count(p) AS n", {"id": "e1"}
            )
            assert rows == [{"n": 3}]
            with pytest.raises(PermissionError):
                remote.run("MATCH (n) DETACH DELETE n")
    finally:
        proc.terminate()
        assert proc.wait(timeout=60) == 0
    assert (tmp_path / "server" / "root-password").stat().st_mode & 0o777 == 0o600


@pytest.mark.arcadedb
def test_embedded_server_prints_nothing_and_exits_cleanly(tmp_path: Path) -> None:
    """A fresh process: JVM start, a query and exit leave stdout and stderr untouched."""
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from kg.stores.arcade import get_embedded
        from kg.stores.cypher import CypherClient
        arcade = get_embedded(Path({str(tmp_path)!r}))
        with CypherClient(arcade.uri, arcade.auth, arcade.database) as client:
            assert client.run("RETURN 1 AS x") == [{{"x": 1}}]
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tmp_path / "log").exists()  # ArcadeDB's default ./log is not used
    assert (tmp_path / "arcadedb" / "log" / "arcadedb.log.0").exists()


JAVA_UNDER_SAFEPOINTS = """
import threading, jpype
def busy():
    for _ in range(300):
        client.run("UNWIND range(1, 300) AS i RETURN sum(i) AS s")
worker = threading.Thread(target=busy)
worker.start()
for _ in range(300):
    jpype.JClass("java.lang.System").gc()  # a safepoint: faults in the threads running Java code
worker.join()
print("survived")
"""


@pytest.mark.arcadedb
@pytest.mark.parametrize("used_again", [True, False])
def test_fault_handlers_set_after_the_jvm_started_are_undone(tmp_path: Path, used_again: bool) -> None:
    """pytest turns faulthandler off at the end of a run, which leaves SIGSEGV to its default action:
    the JVM's deliberate faults (safepoint polls) then kill the process, unless the server, used
    again, puts the JVM's handlers back."""
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from kg.stores.arcade import get_embedded
        faulthandler.enable()  # as pytest does before the tests
        arcade = get_embedded(Path({str(tmp_path)!r}))
        client = arcade.client()
        faulthandler.disable()  # as pytest does after them
        if {used_again}:
            client = get_embedded(Path({str(tmp_path)!r})).client()
        """
    )
    command = [sys.executable, "-c", script + JAVA_UNDER_SAFEPOINTS]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if used_again:
        assert (done.returncode, done.stdout) == (0, "survived\n"), done.stderr
    else:  # what the handlers are there for
        assert done.returncode == -signal.SIGSEGV


@pytest.mark.arcadedb
def test_store_in_use_by_another_process_is_a_clear_error(arcade: EmbeddedArcade) -> None:
    script = f"import pathlib, kg.stores.arcade as a; a.get_embedded(pathlib.Path({str(arcade.store_dir)!r}))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert done.returncode == 1
    assert "RuntimeError: ArcadeDB could not start in" in done.stderr
    assert "locked by another process" in done.stderr


@pytest.mark.arcadedb
def test_server_process_on_a_busy_port_fails_fast(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(RuntimeError, match="exited with code 1"):
            start_server_process(tmp_path, busy.getsockname()[1], "s3cret-password", timeout=120)
