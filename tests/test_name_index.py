"""The name index beside the store (kg.stores.name_index): written with each document's graph,
brought back to the store's state before each use, and giving the same answers as a scan."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from test_store import WENZHOU_NOV, varied_copies

from kg import KnowledgeGraph
from kg.loaders.extract import sample_path
from kg.queries import library
from kg.stores import name_index

TEXTS = ("陈", "陈一新", "chen yi", "ChenYiXin", "温州", "经合", "协议", "市委", "zheng", "x\"}'; //$", "不存在的名字")


@pytest.fixture
def kg(tmp_path: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph.open(tmp_path / "store")
    kg.ingest([*varied_copies(tmp_path / "in", 3), WENZHOU_NOV], published="2014-10-31")
    kg.ingest(sample_path(), published="2014-10-31")
    return kg


def scan(kg: KnowledgeGraph, engine: str, text: str) -> list[dict]:
    """The search texts' answer without candidates: every name tested by the engine."""
    q = library.get("search")
    rows = kg.sparql(q.sparql, text=text) if engine == "sparql" else kg.cypher(q.cypher, text=text, candidates=None)
    return library.sort_rows([library.comparable(r, q) for r in rows], q.order)


def test_the_index_written_with_the_graphs_is_the_one_read_from_the_store(kg: KnowledgeGraph):
    written = list(kg.store.indexes["names"])
    assert {pinyin for *_, pinyin in written} == {True, False}
    assert ("陈一新" in {key for _, _, key, _ in written}) and ("chenyixin" in {key for _, _, key, _ in written})
    assert all(
        entity.split("-")[0] in {"person", "org", "event", "agreement", "place", "project"} for _, entity, *_ in written
    )
    kg.store.indexes["names"].clear()
    assert kg.store.index("names").find("陈一新")
    assert list(kg.store.indexes["names"]) == written


def test_search_follows_changes_removals_and_updates(kg: KnowledgeGraph, tmp_path: Path):
    def found(text: str) -> set[str]:
        return {r["name"] for r in library.answer("search", "sparql", kg, text=text)}

    assert "陈一新" in found("一新")
    kg.update(
        'DELETE { GRAPH ?g { ?p schema:name "陈一新" } } INSERT { GRAPH ?g { ?p schema:name "陈二新" } } '
        'WHERE { GRAPH ?g { ?p schema:name "陈一新" } }'
    )
    assert "陈二新" in found("二新") and "陈一新" not in found("一新")
    for doc in kg.documents():
        kg.remove(doc["id"])
    assert found("陈") == set() and list(kg.store.indexes["names"]) == []
    with closing(sqlite3.connect(kg.store.indexes["names"].path)) as db:
        assert db.execute("SELECT count(*) FROM keys").fetchone() == (0,)  # no name left behind
    changed = tmp_path / "changed.txt"
    changed.write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    kg.ingest(changed, published="2014-10-31")
    assert "陈一新" in found("陈一新")
    changed.write_text(sample_path().read_text(encoding="utf-8").replace("陈一新", "陈三新"), encoding="utf-8")
    kg.ingest(changed, published="2014-10-31")
    assert "陈三新" in found("三新") and "陈一新" not in found("一新")


def test_an_ingest_rebuilds_a_deleted_index(kg: KnowledgeGraph):
    written = list(kg.store.indexes["names"])
    kg.store.indexes["names"].clear()
    assert kg.ingest(sample_path(), published="2014-10-31").unchanged == 1
    assert list(kg.store.indexes["names"]) == written


def test_a_document_the_index_lacks_is_read_again_before_a_search(kg: KnowledgeGraph):
    [doc, *_] = [d["id"] for d in kg.documents()]
    index = kg.store.indexes["names"]
    index.write({}, drops=[doc])  # as if the process died between the store's commit and the index's
    assert library.answer("search", "sparql", kg, text="陈一新")
    assert doc in {d for d, *_ in index}


@pytest.mark.parametrize("text", TEXTS)
def test_sparql_with_candidates_answers_as_the_scan(kg: KnowledgeGraph, text: str):
    assert library.answer("search", "sparql", kg, text=text) == scan(kg, "sparql", text)


def test_too_many_candidates_fall_back_to_the_scan(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(name_index, "MAX_CANDIDATES", 1)
    assert kg.store.index("names").find("陈") is None
    assert library.answer("search", "sparql", kg, text="陈") == scan(kg, "sparql", "陈") != []


@pytest.mark.arcadedb
def test_cypher_with_candidates_answers_as_the_scan(kg: KnowledgeGraph):
    for text in TEXTS:
        assert library.answer("search", "cypher", kg, text=text) == scan(kg, "cypher", text), text
