"""The co-attendance rankings the store keeps: built by ingest, dropped before any change to
the documents, read by the co-attendance question for whole years and all events, never
counted among the facts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from synthetic import write_bulletins

from kg.api import KnowledgeGraph
from kg.loaders.extract import sample_path
from kg.ontology import ID
from kg.queries import library, rankings

RANKINGS = ox.NamedNode(str(ID["rankings"]))
WHOLE_YEARS = [{}, {"since": "2015-01-01", "until": "2015-12-31"}, {"since": "2016-01-01", "until": "2016-12-31"}]


def build(folder: Path) -> KnowledgeGraph:
    """The sample and two years of synthetic monthly bulletins, one ingest each."""
    kg = KnowledgeGraph.open(folder / "store")
    kg.ingest(sample_path(), published="2014-10-31")
    for path, published in write_bulletins(folder / "bulletins", months=24):
        kg.ingest(path, published=published)
    return kg


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """A store the tests only read (or leave as they found it)."""
    return build(tmp_path_factory.mktemp("rankings"))


def ranked_periods(kg: KnowledgeGraph) -> dict[str, int]:
    rows = kg.sparql(
        "SELECT ?period (COUNT(*) AS ?n) WHERE { GRAPH id:rankings { ?r bk:period ?period } } GROUP BY ?period"
    )
    return {r["period"]: r["n"] for r in rows}


def answers(kg: KnowledgeGraph, params: dict) -> tuple[list[dict], list[dict]]:
    """The Python answer from the facts, and the SPARQL one."""
    python = library.answer("co-attendance", "python", kg.to_networkx(provenance=True), **params)
    return python, library.answer("co-attendance", "sparql", kg, **params)


def test_ingest_ranks_each_year_and_all_events(kg: KnowledgeGraph) -> None:
    assert kg.store.has_derived("rankings")
    periods = ranked_periods(kg)
    assert {"all", "2014", "2015", "2016"} <= periods.keys()
    assert all(0 < n <= rankings.RANKED for n in periods.values())
    for params in WHOLE_YEARS:
        python, sparql = answers(kg, {**params, "top": 50})
        assert python and python == sparql, params


def test_the_question_reads_the_rankings_for_whole_years_only(kg: KnowledgeGraph) -> None:
    q = library.get("co-attendance")
    prepared = [q.prepare(kg, q.bind(params))["ranks"] for params in WHOLE_YEARS]
    assert prepared[1] == rankings.rank_ids("2015", 20)
    assert all(prepared)
    for params in (
        {"since": "2015-01-01"},
        {"since": "2015-02-01", "until": "2015-12-31"},
        {"top": rankings.RANKED + 1},
    ):
        assert q.prepare(kg, q.bind(params))["ranks"] is None, params
    # the query text given the ranks reads them: each row knows the network's size
    sparql, _ = q.texts({"ranks": prepared[1]})
    rows = kg.sparql(sparql, ranks=[URIRef(ID[i]) for i in prepared[1]])
    assert len(rows) == 20 and all(r["network"] > 20 for r in rows)


def test_rankings_gone_after_the_check_are_computed_instead(kg: KnowledgeGraph) -> None:
    """In one process, an ingest may drop the rankings between the question's check and its query."""
    params = {"since": "2015-01-01", "until": "2015-12-31"}
    python, _ = answers(kg, params)
    kg.store.store.update(f"DROP GRAPH {RANKINGS}")  # behind the store's back: it still sees them
    try:
        assert kg.store.has_derived("rankings") and ranked_periods(kg) == {}
        assert python and library.answer("co-attendance", "sparql", kg, **params) == python
    finally:
        kg.store._derived = None
        assert kg.store.derive() == ["rankings"]


def test_a_change_drops_the_rankings_and_ingest_builds_them_again(tmp_path: Path) -> None:
    kg = build(tmp_path)
    before = ranked_periods(kg)
    last = kg.documents()[-1]
    kg.store.write(drops=[last["id"]])  # a change without the ingest's last step
    assert not kg.store.has_derived("rankings") and ranked_periods(kg) == {}
    python, sparql = answers(kg, {"since": "2015-01-01", "until": "2015-12-31"})
    assert python == sparql  # computed from the facts meanwhile
    kg.ingest(last["sources"][0], published=last["published"])  # restores the document, ranks again
    assert kg.store.has_derived("rankings") and ranked_periods(kg) == before
    doc = last["id"]
    assert kg.remove(doc) and kg.store.has_derived("rankings")
    for params in WHOLE_YEARS:
        python, sparql = answers(kg, params)
        assert python == sparql, params
    kg.update("DELETE WHERE { ?p bk:participant ?x }")
    assert not kg.store.has_derived("rankings")


def test_a_store_made_before_the_rankings_gets_them_at_its_next_ingest(tmp_path: Path) -> None:
    kg = KnowledgeGraph.open(tmp_path / "store")
    kg.ingest(sample_path(), published="2014-10-31")
    before = ranked_periods(kg)
    kg.store._drop_derived()
    kg.store.indexes["attendance"].clear()  # as an older version left it: no rankings, no attendance index
    assert kg.ingest(sample_path(), published="2014-10-31").unchanged == 1
    assert kg.store.has_derived("rankings") and ranked_periods(kg) == before and before


def test_rankings_are_not_facts(kg: KnowledgeGraph) -> None:
    assert not any(q.graph_name == RANKINGS for q in kg.store.quads())
    per_graph = kg.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {r["g"].rsplit("/", 1)[-1]: r["n"] for r in per_graph}
    assert counts["rankings"] > 0
    assert len(kg.store) == sum(counts.values()) - counts["rankings"] - counts["registry"]
    assert "CoAttendanceRank" not in {n["label"] for n in kg.property_graph().nodes}
    pg = kg.property_graph(derived=True)
    ranks = [n for n in pg.nodes if n["label"] == "CoAttendanceRank"]
    assert ranks and {"period", "rank", "partners", "shared_events", "network"} <= ranks[0]["props"].keys()
    assert sum(e["type"] == "RANKS" for e in pg.edges) == len(ranks)


@pytest.mark.arcadedb
def test_cypher_reads_the_rankings_copied_with_the_graph(kg: KnowledgeGraph) -> None:
    counted = kg.cypher("MATCH (r:CoAttendanceRank)-[:RANKS]->(:Person) RETURN count(r) AS n")[0]["n"]
    assert counted == sum(ranked_periods(kg).values())
    g = kg.to_networkx(provenance=True)
    for params in WHOLE_YEARS:
        python = library.answer("co-attendance", "python", g, **params)
        assert python == library.answer("co-attendance", "cypher", kg, **params), params
