"""The question library: the Python (networkx), SPARQL and Cypher answers are equal.

Two graphs: the bundled sample bulletin, and a larger one from the sample plus three years of
synthetic monthly bulletins (tests/synthetic.py). For every question, parameter sets are drawn
from the graph itself (people, organizations, places, dates, fact ids), and each engine's rows
must be identical. The Cypher leg runs on the embedded ArcadeDB (``-m arcadedb``).
"""

from __future__ import annotations

import doctest
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from synthetic import write_bulletins
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app
from kg.loaders.extract import sample_path
from kg.queries import library, questions, rankings
from kg.queries.questions import identify

NAMES = [q.name for q in library.questions()]


@dataclass
class Graph:
    kg: KnowledgeGraph
    g: nx.MultiDiGraph


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("sample"))
    kg.ingest(sample_path(), published="2014-10-31")
    return Graph(kg, kg.to_networkx(provenance=True))


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    root = tmp_path_factory.mktemp("large")
    kg = KnowledgeGraph.open(root / "store")
    kg.ingest(sample_path(), published="2014-10-31")
    for path, published in write_bulletins(root / "bulletins", months=36):
        kg.ingest(path, published=published)
    return Graph(kg, kg.to_networkx(provenance=True))


@pytest.fixture
def graph(request: pytest.FixtureRequest) -> Graph:
    return request.getfixturevalue(request.param)


def cases(g: nx.MultiDiGraph, name: str, n: int = 8) -> list[dict]:
    """Parameter sets for question ``name``, drawn from the graph (the same ones every run)."""
    rng = random.Random(name)

    def some(label: str, k: int = n) -> list[str]:
        nodes = sorted(node for node, kind in g.nodes(data="kind") if kind == label)
        return rng.sample(nodes, min(k, len(nodes)))

    days = sorted({d for _, d in g.nodes(data="date") if d})
    early, middle, late = days[len(days) // 4], days[len(days) // 2], days[3 * len(days) // 4]
    year = middle[:4]
    people, orgs = some("Person"), some("Organization")
    facts = sorted(k for *_, k in g.edges(keys=True) if k.startswith(("tenure-", "part-")))
    return {
        "profile": [{"person": p} for p in people],
        "met": [{"person": p} for p in people] + [{"person": p, "since": early, "until": late} for p in people],
        "neighbourhood": [{"entity": e, "hops": h} for e in people[:3] + orgs[:3] for h in (1, 2, 3)],
        "path": [{"source": a, "target": b} for a, b in zip(people, some("Person")[::-1] + orgs, strict=False)]
        + [{"source": people[0], "target": orgs[0], "hops": 2}],
        "officials": [{"org": o} for o in orgs]
        + [{"org": o, "as_of": day} for o in orgs + some("Organization", 30) for day in (early, middle, late)],
        "career": [{"person": p} for p in people + some("Person", 30)],
        "successions": [{"office": o} for o in orgs + some("Organization", 30) + some("Post", 30)],
        "agreements": [{}, {"since": early, "until": middle}] + [{"party": o} for o in orgs],
        "events": [{}, {"kind": "Meeting"}, {"kind": "Signing", "since": middle}, {"since": early, "until": late}]
        + [{"place": p} for p in some("Place", 3)],
        # a whole year and all events are read from the store's rankings; top > RANKED computes
        "co_attendance": [
            {},
            {"since": middle, "top": 50},
            {"since": f"{year}-01-01", "until": f"{year}-12-31"},
            {"top": rankings.RANKED + 1},
        ],
        "timeline": [{"entity": e} for e in people + orgs],
        "source": [{"fact": f} for f in rng.sample(facts, n)] + [{"fact": e} for e in some("Event", 3) + people[:3]],
        "search": [{"text": t} for t in ("chen", "Chen Yi Xin", "市委", "温州", "协议", "zheng bang", "Thomas")],
    }[name]


def assert_same(name: str, params: dict, expected: list[dict], actual: list[dict], engine: str) -> None:
    missing = [r for r in expected if r not in actual]
    extra = [r for r in actual if r not in expected]
    assert expected == actual, f"{name}{params}: {engine} lacks {missing[:3]}, adds {extra[:3]}"


GRAPHS_AND_QUESTIONS = [(graph, name) for graph in ("sample", "large") for name in NAMES]
SILENT = {("sample", "successions")}  # the sample bulletin tells no succession: the synthetic years do


@pytest.mark.parametrize(("graph", "name"), GRAPHS_AND_QUESTIONS, indirect=["graph"])
def test_python_and_sparql_agree(graph: Graph, name: str, request: pytest.FixtureRequest) -> None:
    answered = (request.node.callspec.params["graph"], name) in SILENT
    for params in cases(graph.g, name):
        rows = library.answer(name, "python", graph.g, **params)
        assert_same(name, params, rows, library.answer(name, "sparql", graph.kg, **params), "sparql")
        answered += bool(rows)
    assert answered, f"{name}: no parameter set has an answer; the comparison proves nothing"


@pytest.mark.arcadedb
@pytest.mark.parametrize(("graph", "name"), GRAPHS_AND_QUESTIONS, indirect=["graph"])
def test_python_and_cypher_agree(graph: Graph, name: str) -> None:
    for params in cases(graph.g, name):
        rows = library.answer(name, "python", graph.g, **params)
        assert_same(name, params, rows, library.answer(name, "cypher", graph.kg, **params), "cypher")


def test_every_question_has_both_texts_with_its_parameters() -> None:
    for q in library.questions():
        for p in q.params:
            used = f"?{p.name}" in q.sparql, f"${p.name}" in q.cypher
            assert all(used) or p.name == "top", f"{q.name}: parameter {p.name} unused in {used}"
        assert q.summary and q.compute.__doc__ and ">>>" in q.compute.__doc__


def test_docstring_examples_run(sample: Graph) -> None:
    for module in (questions, library):
        result = doctest.testmod(module, extraglobs={"g": sample.g}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0


# --- what the answers say, on the sample ------------------------------------------------------


def test_profile_met_and_path_on_the_sample(sample: Graph) -> None:
    g = sample.g
    chen, huang = identify(g, "陈一新"), identify(g, "Huang Su Zhuang")
    posts = [(r["name"], r["context"]) for r in questions.profile(g, chen) if r["section"] == "post"]
    assert posts == [("书记", ["中共温州市委"])]
    assert {r["name"] for r in questions.met(g, chen, since="2014-10-27")} == {
        "仇杨均",
        "郑朝阳",
        "黄素庄",
        "Thomas lee Renger",
    }
    assert questions.met(g, chen, since="2014-11-01") == []
    route = questions.path(g, chen, huang)
    assert [r["position"] for r in route] == [0, 1, 2] and route[1]["label"] == "Event"
    assert questions.path(g, chen, huang, hops=1) == []


def test_neighbourhood_grows_with_hops(sample: Graph) -> None:
    chen = identify(sample.g, "陈一新")
    sizes = [len(questions.neighbourhood(sample.g, chen, hops=h)) for h in (1, 2, 3)]
    assert sizes[0] < sizes[1] < sizes[2]


def test_source_of_a_participation_is_its_sentence(sample: Graph) -> None:
    huang = identify(sample.g, "黄素庄")
    fact = next(r["fact"] for r in questions.timeline(sample.g, huang) if r["what"] == "event")
    (row,) = questions.source(sample.g, fact)
    assert "黄素庄" in row["text"] and row["file"] == "bulletin-2014-10.txt"


def test_search_by_name_pinyin_and_alias(sample: Graph) -> None:
    g = sample.g
    assert identify(g, "chenyixin") == identify(g, "陈一新") == identify(g, "CHEN Yi xin")
    assert identify(g, "市经合办", ("Organization",)) == identify(g, "温州市经济合作交流办公室")
    with pytest.raises(LookupError):
        identify(g, "陈一")


# --- what the answers say, on the synthetic years ---------------------------------------------


def test_officials_as_of_a_date_follow_the_change_of_secretary(large: Graph) -> None:
    g = large.g
    committee = identify(g, "中共温州市委")

    def secretaries(day: str) -> dict[str, str]:
        rows = questions.officials(g, committee, as_of=day)
        return {r["person"]: r["held"] for r in rows if r["title"] == "书记" and r["org_id"] == committee}

    assert secretaries("2014-12-31") == {"陈一新": "observed"}
    assert secretaries("2016-07-01") == {"陈一新": "stated"}  # observed until June, left on 2 July
    assert len(secretaries("2016-07-02")) == 2  # the day of the handover is in both spells
    (successor, held), *others = secretaries("2016-07-03").items()
    assert not others and successor != "陈一新" and held == "stated"  # given the post the day before
    assert secretaries("2017-12-28") == {successor: "observed"}
    assert secretaries("2018-01-31") == {}  # not observed since, no end stated: nobody is known to hold it
    rows = questions.officials(g, committee)
    chen = next(r for r in rows if r["person"] == "陈一新" and r["title"] == "书记")
    assert (chen["first_observed"], chen["last_observed"], chen["end"]) == ("2014-10-31", "2016-06-28", "2016-07-02")


def test_successions_and_careers_follow_the_change_of_secretary(large: Graph) -> None:
    g = large.g
    rows = questions.successions(g, identify(g, "中共温州市委"))
    stated = [(r["predecessor"], r["date"], r["precision"]) for r in rows if r["basis"] == "stated"]
    assert stated == [("陈一新", "2016-07-02", "day")]
    (succession,) = [r for r in rows if r["basis"] == "stated"]
    (source,) = questions.source(g, succession["source"])
    assert succession["successor"] in source["text"] and "不再担任" in source["text"]
    (spell,) = questions.career(g, succession["successor_id"])
    assert (spell["title"], spell["start"], spell["start_precision"]) == ("书记", "2016-07-02", "day")
    assert spell["first_observed"] == "2016-07-28" and len(spell["documents"]) == 18
    chen = [r for r in questions.career(g, identify(g, "陈一新")) if r["title"] == "书记"]
    assert [(r["end"], r["ended"], r["last_observed"]) for r in chen] == [("2016-07-02", True, "2016-06-28")]


def test_co_attendance_ranks_the_busy_officials_first(large: Graph) -> None:
    ranking = questions.co_attendance(large.g, top=5)
    assert [r["rank"] for r in ranking] == [1, 2, 3, 4, 5]
    assert ranking[0]["centrality"] >= ranking[-1]["centrality"] and ranking[0]["partners"] > 5


# --- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> Iterator[CliRunner]:
    yield CliRunner()


def test_kg_ask_profile_and_json(sample: Graph, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "profile", "陈一新", "--store", str(sample.kg.path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "section,id,name,context,date,end_date,roles"
    result = runner.invoke(app, ["ask", "met", "chen yi xin", "--since", "2014-10-27", "--store", str(sample.kg.path)])
    assert result.exit_code == 0 and "黄素庄" in result.stdout


def test_kg_ask_unknown_name_suggests(sample: Graph, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "profile", "陈一", "--store", str(sample.kg.path)])
    assert result.exit_code == 1
    assert "no person called '陈一'" in result.stderr and "陈一新" in result.stderr


def test_kg_ask_rejects_what_does_not_apply(sample: Graph, runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "profile", "陈一新", "--kind", "Meeting", "--store", str(sample.kg.path)])
    assert result.exit_code == 2 and "No such option: --kind" in result.stderr
    result = runner.invoke(app, ["ask", "path", "陈一新", "--store", str(sample.kg.path)])
    assert result.exit_code == 2 and "Missing argument 'target'" in result.stderr


def test_kg_ask_path_writes_a_view(sample: Graph, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "path.html"
    args = ["ask", "path", "陈一新", "黄素庄", "--store", str(sample.kg.path), "--html", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 nodes" in result.stderr and "黄素庄" in out.read_text(encoding="utf-8")


def test_kg_ask_officials_as_of_and_career(large: Graph, runner: CliRunner) -> None:
    store = str(large.kg.path)
    result = runner.invoke(app, ["ask", "officials", "中共温州市委", "--as-of", "2016-07-01", "--store", store])
    assert result.exit_code == 0, result.output
    assert "陈一新" in result.stdout and "stated" in result.stdout
    result = runner.invoke(app, ["ask", "officials", "中共温州市委", "--as-of", "2016-13-01", "--store", store])
    assert result.exit_code == 2 and "--as-of" in result.stderr
    result = runner.invoke(app, ["ask", "career", "陈一新", "--format", "csv", "--store", store])
    assert result.exit_code == 0 and result.stdout.startswith("post,title,organization,org_id,start,start_precision")


@pytest.mark.browser
def test_kg_ask_career_html_draws_a_timeline_offline(large: Graph, runner: CliRunner, tmp_path: Path) -> None:
    from browser import launch, open_page, requires_chromium, wait_stable

    if requires_chromium.args[0]:
        pytest.skip(requires_chromium.kwargs["reason"])
    out = tmp_path / "career.html"
    result = runner.invoke(app, ["ask", "career", "陈一新", "--store", str(large.kg.path), "--html", str(out)])
    assert result.exit_code == 0, result.output
    spells = questions.career(large.g, identify(large.g, "陈一新"))
    assert f"{len(spells)} spells" in result.stderr
    with launch() as chromium:
        page, log = open_page(chromium, out)
        wait_stable(page)
        assert page.locator("rect.kg-stated").count() == sum(1 for s in spells if s["start"] or s["end"])
        assert page.locator("rect.kg-observed").count() == sum(1 for s in spells if s["first_observed"])
        assert page.locator("circle.kg-event").count() > 10  # the events as points
        page.locator("rect.kg-stated").first.click(position={"x": 2, "y": 2})  # its edge, around the observed bar
        details = page.inner_text("#kg-details-body")
        assert "不再担任中共温州市委书记职务" in details and "2016-07-02" in details  # the sentence stating the end
        page.click("#kg-details-close")
        page.locator("circle.kg-event").first.dispatch_event("click")
        assert "synthetic-" in page.inner_text("#kg-details-body") or "bulletin-" in page.inner_text("#kg-details-body")
        assert not log.errors and all(url.startswith("file:") for url in log.requests)
