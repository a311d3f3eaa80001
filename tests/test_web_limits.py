"""`kg serve --timeout`: a runaway query is stopped, answered with 503 naming the limit, and the
server goes on answering. Real slow queries: cross joins of every triple (SPARQL) and of every
node (Cypher) of the sample bulletin's store, which would run for hours.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from served import serving
from test_web import get

from kg.loaders.extract import sample_path

POINT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person }"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
CYPHER_CROSS_JOIN = "MATCH (a), (b), (c) WHERE a.id + b.id + c.id = 'x' RETURN count(*) AS n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("limits")
    command = [sys.executable, "-m", "kg.cli", "ingest", str(sample_path()), "--store", str(folder / "store")]
    r = subprocess.run([*command, "--published", "2014-10-31"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return folder / "store"


@pytest.fixture(scope="module")
def server(store) -> Iterator[tuple[str, subprocess.Popen]]:
    with serving(store, "--timeout", "2") as served:
        yield served


def children(pid: int) -> set[int]:
    return {int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()}


def sparql(base: str, query: str) -> tuple[int, str, float]:
    started = time.monotonic()
    status, _, body = get(base + "sparql?" + urllib.parse.urlencode({"query": query}), "text/csv")
    return status, body.decode("utf-8"), time.monotonic() - started


def test_a_runaway_sparql_query_is_stopped_and_the_server_goes_on(server):
    base, process = server
    status, body, _ = sparql(base, POINT)
    assert (status, body.split()) == (200, ["n", "26"])
    workers = children(process.pid)  # the query process (and multiprocessing's resource tracker)

    status, body, took = sparql(base, CROSS_JOIN)
    assert status == 503 and took < 60
    assert body.strip() == "SPARQL: stopped after 2 s: the time limit of this server (kg serve --timeout)"
    assert workers - children(process.pid), "the query process that ran it is gone: its work stopped"

    status, body, _ = sparql(base, POINT)  # a new query process answers
    assert (status, body.split()) == (200, ["n", "26"])


@pytest.mark.arcadedb
def test_a_runaway_cypher_query_is_stopped_by_the_engine(server):
    base, _ = server

    def cypher(query: str) -> tuple[int, dict]:
        body = json.dumps({"query": query}).encode()
        status, _, body = get(base + "cypher", "application/json", body, "application/json")
        return status, json.loads(body)

    assert cypher("MATCH (p:Person) RETURN count(p) AS n") == (200, {"columns": ["n"], "rows": [{"n": 26}]})
    started = time.monotonic()
    status, answer = cypher(CYPHER_CROSS_JOIN)
    assert status == 503 and time.monotonic() - started < 60
    assert answer == {"error": "Cypher: stopped after 2 s: the time limit of this server (kg serve --timeout)"}
    assert cypher("MATCH (p:Person) RETURN count(p) AS n")[0] == 200


def test_a_page_past_the_limit_is_answered_503(store):
    with serving(store, "--timeout", "0.001") as (base, _):  # a limit no page can keep
        status, kind, body = get(base + "search?q=" + urllib.parse.quote("陈"), "text/html")
    assert status == 503 and kind.startswith("text/html")
    assert "stopped after 0.001 s: the time limit of this server (kg serve --timeout)" in body.decode("utf-8")
