"""`kg serve`, as an analyst uses it: a real server on a free loopback port, a real store, headless Chromium.

One server runs for the module, over a store holding the sample bulletin and a bulletin of our own
whose headline, sentences and agreement carry markup meant to run as script.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import launch, open_url, requires_chromium
from playwright.sync_api import Browser, Page, expect
from served import serving

from kg.loaders.extract import sample_path

HOSTILE = """某某市经济合作交流办公室

工作简报

2015年第3期

<script>window.__pwned=1</script>张三会见客商

3月12日，市长张三会见了<img src=x onerror="window.__pwned=1">集团董事长李四一行，副市长王五参加会见。

双方签订了《<img src=x onerror=window.__pwned=1>合作框架协议》。
"""


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile-2015-03.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    r = kg("ingest", str(sample_path()), str(hostile), "--store", str(folder / "store"), "--published", "2014-10-31")
    assert r.returncode == 0, r.stderr
    return folder / "store"


@pytest.fixture(scope="module")
def server(store) -> Iterator[str]:
    """The base URL of a `kg serve` on a free loopback port, stopped afterwards."""
    with serving(store) as (base, _):
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


def get(url: str, accept: str = "*/*", data: bytes | None = None, content_type: str | None = None):
    """(status, content type, body) of a request; errors are answers too."""
    headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def stays_local(page: Page, log, base: str) -> None:
    """No request left the server, nothing failed, and no bulletin text ran."""
    assert all(url.startswith(base) for url in log.requests), [u for u in log.requests if not u.startswith(base)]
    assert not log.errors, log.errors
    assert page.evaluate("window.__pwned") is None


@requires_chromium
def test_search_person_event_document_and_back(server, chromium):
    page, log = open_url(chromium, server)
    page.fill("header input[name=q]", "陈一新")
    expect(page.locator("#suggestions a").first).to_contain_text("陈一新")  # suggestions as one types
    page.press("header input[name=q]", "Enter")
    expect(page.locator("h1")).to_contain_text("陈一新")
    expect(page.locator("#career")).to_contain_text("中共温州市委")
    expect(page.locator("#events tbody tr")).to_have_count(3)
    expect(page.locator("#partners")).to_contain_text("黄素庄")
    expect(page.locator("#mentions")).to_contain_text("陈一新@温州市")
    page.wait_for_selector(".graph-box[data-stable='true']", timeout=60_000)
    assert "2 / " not in page.locator("[data-role=count]").inner_text()  # the drawing holds the neighbourhood

    page.click("#events a:text('好莱坞（中国）投资集团与瓯江口新区管委会签订投资框架协议')")
    expect(page.locator("h1")).to_contain_text("签订投资框架协议")
    expect(page.locator("#participants")).to_contain_text("黄素庄")
    expect(page.locator("#participants")).to_contain_text("会见")  # roles in Chinese
    page.click("#evidence .cite a >> nth=0")
    expect(page.locator(".doc-text")).to_contain_text("市委书记陈一新会见了好莱坞")
    page.wait_for_selector(".doc-text a.hl.target")
    assert int(page.get_attribute("body", "data-marked")) >= 2  # the event's sentence and its people
    marked = page.locator(".doc-text a.hl.target").all_inner_texts()
    assert "黄素庄" in marked
    page.click(".doc-text a.hl.k-Person:text('黄素庄') >> nth=0")
    expect(page.locator("h1")).to_contain_text("黄素庄")
    page.go_back()
    page.go_back()
    expect(page.locator("h1")).to_contain_text("签订投资框架协议")
    stays_local(page, log, server)


@requires_chromium
def test_a_name_with_a_typo_offers_the_right_one(server, chromium):
    page, log = open_url(chromium, server + "search?q=" + urllib.parse.quote("陈一心"))
    expect(page.locator(".similar")).to_contain_text("陈一新")
    page.click(".similar a")
    expect(page.locator("table.rows")).to_contain_text("陈一新")
    stays_local(page, log, server)


@requires_chromium
def test_agreement_register_filters_sorts_and_downloads(server, chromium):
    page, log = open_url(chromium, server + "agreements")
    expect(page.locator("#register .count b")).to_have_text("10")
    page.fill("input[name=party]", "瓯江口")
    expect(page.locator("#register .count b")).to_have_text("1")  # htmx replaced the table
    expect(page.locator("table.register tbody")).to_contain_text("投资框架协议")
    assert "party=" in page.url  # the address keeps the filter
    page.fill("input[name=party]", "")
    expect(page.locator("#register .count b")).to_have_text("10")
    page.click("th a:text('日期')")  # sorted by date the other way
    expect(page.locator("th.sorted")).to_contain_text("▲")
    dates = [d for d in page.locator("table.register td.date").all_inner_texts() if d]
    assert dates == sorted(dates)
    page.fill("input[name=text]", "协议")
    href = page.get_attribute("a.download", "href")
    status, kind, body = get(server + href.lstrip("/"))
    assert status == 200 and kind.startswith("text/csv")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("date,name,parties") and any("投资框架协议" in line for line in lines)
    stays_local(page, log, server)


@requires_chromium
def test_question_form_from_the_library(server, chromium):
    page, log = open_url(chromium, server + "questions")
    page.click("a:has-text('关联路径')")
    expect(page.locator("label[for=p-source]")).to_contain_text("起点")
    expect(page.locator("input#p-hops")).to_have_attribute("max", "4")  # from the parameter's declaration
    page.fill("#p-source", "陈一新")
    page.fill("#p-target", "黄素庄")
    page.click("form.question button")
    expect(page.locator("ol.paths li")).to_have_count(1)
    expect(page.locator("ol.paths li")).to_contain_text("陈一新")
    expect(page.locator("ol.paths li")).to_contain_text("参与")
    page.wait_for_selector(".graph-box[data-stable='true']", timeout=60_000)
    page.fill("#p-hops", "1")
    page.click("form.question button")
    expect(page.locator(".answer .empty")).to_contain_text("1 跳之内没有路径")
    page.fill("#p-source", "陈一")  # a part of a name: the form offers who it may be
    page.click("form.question button")
    expect(page.locator(".field.invalid ul.choices")).to_contain_text("陈一新")
    stays_local(page, log, server)


@requires_chromium
def test_bulletin_text_never_runs(server, chromium, store):
    page, log = open_url(chromium, server + "search?q=" + urllib.parse.quote("张三"))
    page.click("table.rows a:text('张三')")
    expect(page.locator("#events")).to_contain_text("<script>window.__pwned=1</script>")
    page.wait_for_selector(".graph-box[data-stable='true']", timeout=60_000)
    page.click("#events a:has-text('会见客商')")
    expect(page.locator("#evidence")).to_contain_text('<img src=x onerror="window.__pwned=1">')
    page.click("#evidence .cite a >> nth=0")
    expect(page.locator(".doc-text")).to_contain_text("<script>window.__pwned=1</script>张三会见客商")
    page.goto(server + "agreements?text=" + urllib.parse.quote("合作框架"))
    expect(page.locator("table.register")).to_contain_text("<img src=x onerror=window.__pwned=1>合作框架协议")
    assert page.locator("img").count() == 0 and page.locator("main script").count() == 0
    stays_local(page, log, server)


@requires_chromium
@pytest.mark.arcadedb
def test_sparql_and_cypher_pages_answer_and_refuse_writes(server, chromium):
    page, log = open_url(chromium, server + "sparql")
    page.click("button.example >> nth=0")
    page.click("form.query button[type=submit]")
    expect(page.locator(".answer table.rows tbody tr").first).to_be_visible()
    expect(page.locator(".answer")).to_contain_text("陈一新")
    page.fill("form.query textarea", "DELETE WHERE { ?s ?p ?o }")
    page.click("form.query button[type=submit]")
    expect(page.locator("p.error")).to_contain_text("update refused")
    assert log.console_errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    log.console_errors.clear()

    page.goto(server + "cypher")
    page.click("button.example >> nth=1")  # a person's posts
    page.set_default_timeout(300_000)  # the first query starts the engine (a JVM) in the server
    page.click("form.query button[type=submit]")
    expect(page.locator(".answer")).to_contain_text("中共温州市委")
    page.fill("form.query textarea", "MATCH (p:Person) DETACH DELETE p")
    page.click("form.query button[type=submit]")
    expect(page.locator("p.error")).to_contain_text("write query refused")
    assert log.console_errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    log.console_errors.clear()
    page.goto(server + "person/" + get_id(server, "陈一新"))
    expect(page.locator("h1")).to_contain_text("陈一新")  # nothing was deleted
    stays_local(page, log, server)


def get_id(server: str, name: str) -> str:
    _, _, body = get(server + "api/suggest?q=" + urllib.parse.quote(name))
    return next(r["id"] for r in json.loads(body) if r["name"] == name)


def test_sparql_protocol_with_rdflib(server):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    endpoint = SPARQLStore(server + "sparql", returnFormat="json")
    rows = list(
        endpoint.query(
            "PREFIX schema: <https://schema.org/> PREFIX bk: <https://w3id.org/bulletin-kg/ontology#> "
            'SELECT ?p WHERE { ?p a bk:Person ; schema:name "陈一新" }'
        )
    )
    assert len(rows) == 1 and str(rows[0][0]).startswith("https://w3id.org/bulletin-kg/id/person-")
    xml = SPARQLStore(server + "sparql", returnFormat="xml")
    assert bool(xml.query("ASK { ?s a <https://w3id.org/bulletin-kg/ontology#Agreement> }"))
    g = Graph().parse(
        data=get(
            server + "sparql?query=" + urllib.parse.quote("CONSTRUCT { ?a ?p ?o } WHERE { ?a a bk:Agreement ; ?p ?o }"),
            accept="text/turtle",
        )[2].decode(),
        format="turtle",
    )
    assert len(g) > 20


def test_sparql_protocol_by_hand(server):
    query = "SELECT ?name WHERE { ?p a bk:Person ; schema:name ?name } ORDER BY ?name LIMIT 3"
    direct, form = "application/sparql-query", "application/x-www-form-urlencoded"
    status, kind, body = get(server + "sparql", "text/csv", query.encode(), direct)
    assert status == 200 and kind.startswith("text/csv") and body.decode().splitlines()[0] == "name"
    encoded = urllib.parse.urlencode({"query": query}).encode()
    status, kind, body = get(server + "sparql", "application/sparql-results+xml", encoded, form)
    assert status == 200 and b"<sparql" in body
    status, _, body = get(server + "sparql?query=" + urllib.parse.quote("SELECT WHERE {"), "application/json")
    assert status == 400 and b"SPARQL" in body
    for data, content_type in (
        (urllib.parse.urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded"),
        (b"DROP ALL", "application/sparql-update"),
        (urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
    ):
        status, _, body = get(server + "sparql", "application/json", data, content_type)
        assert status == 403 and b"read-only" in body
    status, _, body = get(server + "sparql?query=" + urllib.parse.quote(query), "application/json")
    assert len(json.loads(body)["results"]["bindings"]) == 3  # nothing was dropped


def test_pages_carry_a_policy_and_refuse_other_hosts(server):
    request = urllib.request.Request(server, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 400
    with urllib.request.urlopen(server, timeout=60) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "unsafe" not in policy


@pytest.mark.arcadedb
def test_cypher_endpoint_and_kg_cypher_server(server):
    query = "MATCH (p:Person {name: $name})-[:HOLDS]->(post:Post) RETURN post.title AS title"
    body = json.dumps({"query": query, "params": {"name": "陈一新"}}).encode()
    status, _, answer = get(server + "cypher", "application/json", body, "application/json")
    assert status == 200 and json.loads(answer) == {"columns": ["title"], "rows": [{"title": "书记"}]}
    refused = json.dumps({"query": "CREATE (:Person {name: 'x'})"}).encode()
    status, _, answer = get(server + "cypher", "application/json", refused, "application/json")
    assert status == 403 and "read-only" in json.loads(answer)["error"]
    r = kg("cypher", query, "--param", "name=陈一新", "--server", server, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"title": "书记"}]
    r = kg("cypher", "MATCH (n) DETACH DELETE n", "--server", server)
    assert r.returncode == 2 and "read-only" in r.stderr
    r = kg("cypher", "RETURN 1", "--server", "http://127.0.0.1:9")  # nothing listens there
    assert r.returncode == 1 and r.stderr.startswith("kg: ")


def test_serving_beyond_loopback_warns(store):
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--host", "0.0.0.0", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "warning: serving on 0.0.0.0, not loopback" in process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=60)
