"""Exports round-trip: triple and quad counts (ttl, nquads, jsonld), node and edge counts (graphml, csv)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from kg import KnowledgeGraph
from kg.exports import export
from kg.loaders.extract import sample_path

WENZHOU_NOV = Path(__file__).parent / "resolution" / "wenzhou-2014-11.txt"


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> KnowledgeGraph:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("export") / "store")
    kg.ingest(sample_path(), "2014-10-31")
    kg.ingest(WENZHOU_NOV)
    return kg


def exported(kg: KnowledgeGraph, fmt: str) -> tuple[dict, bytes]:
    buffer = io.BytesIO()
    counts = export(kg, fmt, buffer)
    return counts, buffer.getvalue()


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_merged_graph_round_trips(kg: KnowledgeGraph, fmt: str, rdflib_format: str):
    counts, data = exported(kg, fmt)
    merged = kg.to_rdflib()
    parsed = Graph().parse(data=data, format=rdflib_format)
    assert counts["triples"] == len(parsed) == len(merged) > 1500
    assert set(parsed) == set(merged)


def test_nquads_keep_each_document_graph(kg: KnowledgeGraph):
    counts, data = exported(kg, "nquads")
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    graphs = {str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs() if len(g)}
    assert graphs == {d["id"] for d in kg.documents()}
    assert counts["quads"] == len(kg.store) == sum(len(ds.graph(g)) for g in ds.graphs())


def test_graphml_opens_with_primitive_attributes(kg: KnowledgeGraph, tmp_path: Path):
    counts = export(kg, "graphml", tmp_path / "kg.graphml")
    g, expected = nx.read_graphml(tmp_path / "kg.graphml"), kg.to_networkx()
    assert (g.number_of_nodes(), g.number_of_edges()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert counts == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    chen = next(a for _, a in g.nodes(data=True) if a.get("label") == "陈一新")
    assert chen["kind"] == "Person" and chen["pinyin"] == "Chen Yi Xin"
    for _, attrs in [*g.nodes(data=True), *((e, a) for *e, a in g.edges(data=True))]:
        assert all(isinstance(v, str | int | float | bool) for v in attrs.values())


def test_csv_is_laid_out_for_neo4j_admin_import(kg: KnowledgeGraph, tmp_path: Path):
    counts = export(kg, "csv", tmp_path / "csv")
    pg = kg.property_graph()
    nodes, edges = {}, 0
    for path in sorted((tmp_path / "csv").glob("nodes_*.csv")):
        with path.open(encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, label = rows[0], path.stem.removeprefix("nodes_")
        assert header[0] == "id:ID" and header[-1] == ":LABEL"
        nodes.update({r[0]: r[-1] for r in rows[1:]})
        assert {r[-1] for r in rows[1:]} == {label}
    for path in sorted((tmp_path / "csv").glob("relationships_*.csv")):
        with path.open(encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "key" in rows[0]
        rtype = path.stem.removeprefix("relationships_")
        assert all(r[0] in nodes and r[1] in nodes and r[2] == rtype for r in rows[1:])
        edges += len(rows) - 1
    assert (len(nodes), edges) == (len(pg.nodes), len(pg.edges)) == (counts["nodes"], counts["edges"])
    with (tmp_path / "csv" / "nodes_Organization.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert "aliases:string[]" in header


def test_facts_are_the_extract_records_as_resolved_in_the_store(kg: KnowledgeGraph):
    counts, data = exported(kg, "facts")
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert counts == {"records": len(records), "documents": 2}
    assert [r["id"] for r in records if r["kind"] == "document"] == [d["id"] for d in kg.documents()]
    people = {(r["id"], r["key"]) for r in records if r["kind"] == "person"}
    assert {i for i, _ in people} == {r["id"] for r in kg.people()}
    assert ("陈一新@温州市" in {k for _, k in people}) and len({i for i, k in people if k == "陈一新@温州市"}) == 1


def test_cli_export(kg: KnowledgeGraph, tmp_path: Path):
    store = str(kg.path)
    run = [sys.executable, "-m", "kg.cli", "export", "--store", store]
    r = subprocess.run([*run, "--format", "ttl", "-o", str(tmp_path / "kg.ttl")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(Graph().parse(tmp_path / "kg.ttl")) == len(kg.to_rdflib())
    r = subprocess.run([*run, "--format", "csv"], capture_output=True, text=True)
    assert r.returncode == 2 and "-o DIR" in r.stderr
    r = subprocess.run([*run, "--format", "facts"], capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout.splitlines()[0])["kind"] == "document"
