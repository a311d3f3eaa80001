"""The same questions in every engine, and ``kg push`` / ``kg cypher`` against a separate server.

Real engines, no mocks: SPARQL on Oxigraph, networkx, Cypher on the embedded ArcadeDB (one
per test session, in this process) and Cypher on ONE separate ArcadeDB server process (started
with ``start_server_process``), which stands in for a remote Neo4j. ``kg push`` and ``kg cypher
--uri`` run as a user runs them, in subprocesses (no JVM: they talk to the server); ``kg cypher``
on the embedded engine runs in this process, so that it reuses the running JVM.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from served import serving
from test_arcade import TRICKY, free_port
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli import app
from kg.loaders.extract import sample_path
from kg.stores.arcade import ROOT_USER, start_server_process
from kg.stores.cypher import CypherClient

PASSWORD = "engines-test-password"


@dataclass(frozen=True)
class Server:
    """The separate ArcadeDB server process: where ``kg push`` sends the graph."""

    uri: str
    auth: tuple[str, str]

    def count(self, query: str) -> int:
        with CypherClient(self.uri, self.auth) as client:
            return client.run(query)[0]["n"]

    def counts(self) -> tuple[int, int]:
        return self.count("MATCH (n) RETURN count(n) AS n"), self.count("MATCH ()-[e]->() RETURN count(e) AS n")


def linked(g: nx.MultiDiGraph, nodes: Iterable[str], kind: str, *, incoming: bool = False) -> set[str]:
    """The nodes at the other end of ``kind`` edges from (or, ``incoming``, to) ``nodes``."""
    edges = g.in_edges(nodes, data="kind") if incoming else g.out_edges(nodes, data="kind")
    return {u if incoming else v for u, v, k in edges if k == kind}


def having(g: nx.MultiDiGraph, kind: str, prop: str, value: str) -> list[str]:
    return [n for n, a in g.nodes(data=True) if a["kind"] == kind and a["props"].get(prop) == value]


def props(g: nx.MultiDiGraph, nodes: Iterable[str], prop: str) -> set:
    return {g.nodes[n]["props"][prop] for n in nodes}


def co_participants(g: nx.MultiDiGraph, name: str) -> set[str]:
    people = having(g, "Person", "name", name)
    events = linked(g, people, "PARTICIPATED_IN")
    return props(g, linked(g, events, "PARTICIPATED_IN", incoming=True) - set(people), "name")


@dataclass(frozen=True)
class Question:
    """One question in SPARQL, Cypher and Python; each answer is one column, compared as a sorted list."""

    name: str
    params: dict[str, str]
    sparql: str
    cypher: str
    python: Callable[..., Iterable]


QUESTIONS = [
    Question(
        "people",
        {},
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person }",
        "MATCH (p:Person) RETURN count(p) AS n",
        lambda g: [len([n for n, kind in g.nodes(data="kind") if kind == "Person"])],
    ),
    Question(
        "posts of a person",
        {"name": "郑邦良"},
        """SELECT DISTINCT ?title WHERE { ?p a bk:Person ; schema:name ?name .
             ?t org:member ?p ; bk:post/bk:title ?title }""",
        "MATCH (:Person {name: $name})-[:HOLDS]->(post:Post) RETURN DISTINCT post.title AS title",
        lambda g, name: props(g, linked(g, having(g, "Person", "name", name), "HOLDS"), "title"),
    ),
    Question(
        "people at an event",
        {"date": "2014-10-23"},
        """SELECT DISTINCT ?person WHERE { ?e a bk:Event ; schema:startDate ?d . FILTER(STR(?d) = ?date)
             ?x bk:inEvent ?e ; bk:participant ?p . ?p a bk:Person ; schema:name ?person }""",
        "MATCH (p:Person)-[:PARTICIPATED_IN]->(:Event {date: $date}) RETURN DISTINCT p.name AS person",
        lambda g, date: props(g, linked(g, having(g, "Event", "date", date), "PARTICIPATED_IN", incoming=True), "name"),
    ),
    Question(
        "parties of an agreement",
        {"name": "投资框架协议"},
        "SELECT DISTINCT ?party WHERE { ?a a bk:Agreement ; schema:name ?name ; bk:party/schema:name ?party }",
        "MATCH (:Agreement {name: $name})-[:HAS_PARTY]->(x) RETURN DISTINCT x.name AS party",
        lambda g, name: props(g, linked(g, having(g, "Agreement", "name", name), "HAS_PARTY"), "name"),
    ),
    Question(
        "co-participants of a person",
        {"name": "陈一新"},
        """SELECT DISTINCT ?other WHERE { ?p a bk:Person ; schema:name ?name .
             ?x bk:participant ?p ; bk:inEvent ?e . ?y bk:inEvent ?e ; bk:participant ?q .
             ?q a bk:Person ; schema:name ?other . FILTER(?q != ?p) }""",
        """MATCH (p:Person {name: $name})-[:PARTICIPATED_IN]->(:Event)<-[:PARTICIPATED_IN]-(q:Person)
           WHERE q <> p RETURN DISTINCT q.name AS other""",
        co_participants,
    ),
]
CO_PARTICIPANTS = QUESTIONS[-1]


def column(rows: list[dict]) -> list:
    """The only column of ``rows``, sorted."""
    return sorted(value for row in rows for value in row.values())


def kg_cli(*args: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    """``kg ARGS`` in a subprocess, credentials from the environment as documented."""
    env = {**os.environ, "KG_NEO4J_USER": ROOT_USER, "KG_NEO4J_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=120)


@contextlib.contextmanager
def running_server(home: Path) -> Iterator[Server]:
    """A separate ArcadeDB server process with its databases under ``home``, stopped cleanly after."""
    port = free_port()
    proc = start_server_process(home, port, PASSWORD)
    try:
        yield Server(f"bolt://127.0.0.1:{port}", (ROOT_USER, PASSWORD))
    finally:
        proc.terminate()
        assert proc.wait(timeout=60) == 0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("store"))
    assert kg.ingest(sample_path(), published="2014-10-31").stored == 1
    return kg


@pytest.fixture(scope="module")
def graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    return kg.to_networkx()


@pytest.fixture(scope="module")
def pushed(server: Server, kg: KnowledgeGraph) -> subprocess.CompletedProcess:
    """The first ``kg push`` of the sample store to the server."""
    done = kg_cli("push", "--uri", server.uri, "--store", str(kg.path), "--batch", "25")
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.arcadedb
@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_every_engine_gives_the_same_answer(
    question: Question, kg: KnowledgeGraph, graph: nx.MultiDiGraph, server: Server, pushed: subprocess.CompletedProcess
) -> None:
    expected = column(kg.sparql(question.sparql, **question.params))
    assert expected and expected != [0]
    assert sorted(question.python(graph, **question.params)) == expected
    assert column(kg.cypher(question.cypher, **question.params)) == expected
    with CypherClient(server.uri, server.auth) as client:
        assert column(client.run(question.cypher, question.params)) == expected


@pytest.mark.arcadedb
def test_cli_cypher_on_a_server_reads_a_query_file(
    kg: KnowledgeGraph, server: Server, pushed: subprocess.CompletedProcess, tmp_path: Path
) -> None:
    query = tmp_path / "co.cypher"
    query.write_text(CO_PARTICIPANTS.cypher, encoding="utf-8")
    args = ("--param", "name=陈一新", "--format", "json", "--user", ROOT_USER, "--password", PASSWORD)
    done = kg_cli("cypher", str(query), "--uri", server.uri, *args, password="not-used")
    assert (done.returncode, done.stderr) == (0, "")
    assert column(json.loads(done.stdout)) == column(kg.sparql(CO_PARTICIPANTS.sparql, name="陈一新"))


@pytest.mark.arcadedb
def test_push_twice_changes_nothing(kg: KnowledgeGraph, server: Server, pushed: subprocess.CompletedProcess) -> None:
    pg = kg.property_graph()
    assert server.counts() == (len(pg.nodes), len(pg.edges))
    assert f"{len(pg.nodes)} nodes, {len(pg.edges)} relationships" in pushed.stderr
    assert "rows/s" in pushed.stderr and pushed.stdout == ""
    again = kg_cli("push", "--uri", server.uri, "--store", str(kg.path))
    assert again.returncode == 0, again.stderr
    assert server.counts() == (len(pg.nodes), len(pg.edges))
    with CypherClient(server.uri, server.auth) as client:
        constraints = {row["name"] for row in client.run("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {f"kg_{label}_id" for label in ("Person", "Event", "Agreement", "Sentence")} <= constraints


@pytest.mark.arcadedb
def test_cli_cypher_refuses_a_write_without_write_flag(server: Server, pushed: subprocess.CompletedProcess) -> None:
    before = server.counts()
    done = kg_cli("cypher", "CREATE (n:Person {id: 'intruder'}) RETURN n", "--uri", server.uri)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == ("", "kg: write query refused; pass --write\n")
    assert server.counts() == before


@pytest.mark.arcadedb
def test_cli_cypher_parameters_go_through_unchanged(server: Server, kg: KnowledgeGraph) -> None:
    assert "$" in TRICKY and "\n" in TRICKY and "}" in TRICKY and "//" in TRICKY and ";" in TRICKY
    query = "RETURN $text AS text, $n + 1 AS next, $list AS list"
    done = kg_cli("cypher", query, "--uri", server.uri, "--param", f"text={TRICKY}", "--param", "n:=41",
                  "--param", 'list:=["a", null]', "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"text": TRICKY, "next": 42, "list": ["a", None]}]
    assert kg.cypher("MATCH (p:Person) WHERE p.name = $text RETURN count(p) AS n", text=TRICKY) == [{"n": 0}]
    assert kg.cypher("RETURN $text AS text", text=TRICKY) == [{"text": TRICKY}]


@pytest.mark.arcadedb
def test_cli_cypher_on_the_embedded_engine(kg: KnowledgeGraph) -> None:
    runner = CliRunner()
    store = str(kg.path)
    question = QUESTIONS[1]
    params = [f"--param={name}={value}" for name, value in question.params.items()]
    done = runner.invoke(app, ["cypher", question.cypher, "--store", store, *params, "--format", "csv"])
    assert (done.exit_code, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "title" and sorted(lines[1:]) == column(kg.sparql(question.sparql, **question.params))
    bad = runner.invoke(app, ["cypher", "MATCH (n RETURN n", "--store", store])
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("kg: Cypher: ") and bad.stderr.count("\n") == 1
    assert "SyntaxError" in bad.stderr and str(kg.path / "arcadedb" / "log") in bad.stderr


def test_cli_cypher_fails_in_one_line(tmp_path: Path) -> None:
    """Connection errors and bad URIs, without a server (and so without retries)."""
    port = free_port()  # nothing listens there
    for uri, code in ((f"bolt://127.0.0.1:{port}", 1), (f"http://127.0.0.1:{port}", 2)):
        done = kg_cli("cypher", "RETURN 1 AS x", "--uri", uri)
        assert done.returncode == code and done.stdout == ""
        assert done.stderr.startswith(f"kg: {uri}: ") and done.stderr.count("\n") == 1, done.stderr
    done = kg_cli("push", "--uri", f"bolt://127.0.0.1:{port}", "--store", str(tmp_path / "missing"))
    assert (done.returncode, done.stderr) == (1, f"kg: {tmp_path / 'missing'}: no store here (run kg ingest first)\n")


def test_serve_answers_cypher_from_a_server(
    kg: KnowledgeGraph, server: Server, pushed: subprocess.CompletedProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kg serve --uri``: /cypher asks the server the store was pushed to (no embedded engine), read-only."""
    monkeypatch.setenv("KG_NEO4J_USER", ROOT_USER)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", PASSWORD)
    before = server.counts()
    query = "MATCH (p:Person {name: $name})-[:HOLDS]->(post:Post) RETURN post.title AS title"
    with serving(kg.path, "--uri", server.uri) as (base, _):
        status, answer = post_json(base + "cypher", {"query": query, "params": {"name": "陈一新"}})
        assert status == 200 and answer == {"columns": ["title"], "rows": [{"title": "书记"}]}
        status, answer = post_json(base + "cypher", {"query": "MATCH (n) DETACH DELETE n"})
        assert status == 403 and "read-only" in answer["error"]
    assert server.counts() == before


def post_json(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
