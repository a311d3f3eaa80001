"""Exports round-trip: triple and quad counts (ttl, nquads, jsonld), node and edge counts (graphml, csv);
the formats investigators use validate: FtM with the followthemoney package, Popolo's fields, the
spells CSV, GEXF read back by networkx — on the bundled bulletin, on three synthetic years with
personnel news, and on a generated store of 1,000 bulletins."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
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


# --- the formats investigators use: FtM, Popolo, spells, GEXF ------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import write_corpus  # noqa: E402
from synthetic import write_bulletins  # noqa: E402

POPOLO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")
ISO_PARTIAL = re.compile(r"^(\d{4}(-\d\d){0,2}|--\d\d-\d\d)$")


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> KnowledgeGraph:
    """The sample and three synthetic years, whose personnel news give stated starts, ends and a succession."""
    root = tmp_path_factory.mktemp("years")
    kg = KnowledgeGraph.open(root / "store")
    kg.ingest(sample_path(), "2014-10-31")
    for path, published in write_bulletins(root / "bulletins", months=36):
        kg.ingest(path, published)
    return kg


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> KnowledgeGraph:
    """A generated store of 1,000 bulletins (bench/corpus.py)."""
    root = tmp_path_factory.mktemp("thousand")
    write_corpus(root / "bulletins", count=1000)
    kg = KnowledgeGraph.open(root / "store")
    kg.ingest(root / "bulletins", jobs=2)
    return kg


def validate_ftm(data: bytes) -> Counter:
    """Every line an entity of a known FtM schema whose values survive FtM's cleaning, every
    reference to an entity of the file, ids unique; returns the count of each schema."""
    from followthemoney import model

    entities = [json.loads(line) for line in data.decode().splitlines()]
    known = {e["id"] for e in entities}
    assert len(known) == len(entities), "ids are unique"
    schemas: Counter = Counter()
    for e in entities:
        proxy = model.get_proxy(e)
        schemas[proxy.schema.name] += 1
        for name, values in e["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None, (e["schema"], name)
            assert len(proxy.get(name)) == len(values), (e["id"], name, values)  # nothing dropped as invalid
            if prop.type.name == "entity":
                assert set(values) <= known, (e["id"], name, values)
        assert not (set(proxy.schema.required) - set(e["properties"])), e
    return schemas


def validate_popolo(data: bytes) -> dict:
    """Popolo's collections, each object with an id, the names and references Popolo expects, dates
    in Popolo's form, sources as links (the JSON schemas are not shipped offline: their fields)."""
    popolo = json.loads(data)
    assert set(popolo) == {"persons", "organizations", "posts", "memberships", "events", "areas"}
    ids = {name: {o["id"] for o in objects} for name, objects in popolo.items()}
    for name, objects in popolo.items():
        assert len(ids[name]) == len(objects), f"{name}: ids are unique"
        for o in objects:
            assert isinstance(o["id"], str) and all(s["url"].startswith("https://") for s in o.get("sources", []))
            assert all(POPOLO_DATE.match(o[k]) for k in ("start_date", "end_date") if k in o), o
    assert all(o["name"] for k in ("persons", "organizations", "areas") for o in popolo[k])
    assert all(o["label"] for o in popolo["posts"])
    for m in popolo["memberships"]:
        assert m["person_id"] in ids["persons"] and m["post_id"] in ids["posts"]
        assert m.get("organization_id", next(iter(ids["organizations"]))) in ids["organizations"]
    for o in popolo["organizations"]:
        assert o.get("parent_id", o["id"]) in ids["organizations"] and o.get("area_id", "") in ids["areas"] | {""}
    for p in popolo["posts"]:
        assert p.get("organization_id", "") in ids["organizations"] | {""}
    for e in popolo["events"]:
        assert {a["id"] for a in e.get("attendees", [])} <= ids["persons"]
    return popolo


def validate_spells(data: bytes) -> list[dict]:
    """A CSV with the columns the spells export declares, one value per cell, dates in ISO forms."""
    from kg.exports.spells import COLUMNS

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    with io.StringIO(data.decode("utf-8"), newline="") as f:
        assert tuple(next(csv.reader(f))) == COLUMNS
    for r in rows:
        assert r["person_id"].startswith("person-") and int(r["sources"]) == len(r["source_ids"].split("|"))
        assert all(ISO_PARTIAL.match(r[k]) for k in ("start", "end", "first_observed", "last_observed") if r[k]), r
    return rows


def validate_gexf(data: bytes, tmp_path: Path) -> nx.MultiDiGraph:
    """GEXF 1.3 that networkx reads back, every edge between declared nodes, spells in order."""
    import xml.etree.ElementTree as ET

    path = tmp_path / "kg.gexf"
    path.write_bytes(data)
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.fromstring(data)
    assert root.get("version") == "1.3" and root.find("g:graph", ns).get("mode") == "dynamic"
    declared = {n.get("id") for n in root.iterfind(".//g:nodes/g:node", ns)}
    for edge in root.iterfind(".//g:edges/g:edge", ns):
        assert edge.get("source") in declared and edge.get("target") in declared, edge.attrib
    g = nx.read_gexf(path, version="1.3")
    for _, attrs in [*g.nodes(data=True), *((e, a) for *e, a in g.edges(data=True))]:
        for start, end in attrs.get("spells", []):  # networkx reads an open bound as the text 'None'
            assert start in (None, "None") or end in (None, "None") or start <= end, attrs
    assert g.number_of_nodes() == len(declared)
    return g


def test_the_four_formats_of_the_bundled_bulletin_validate(kg: KnowledgeGraph, tmp_path: Path):
    counts, data = exported(kg, "ftm")
    schemas = validate_ftm(data)
    assert counts == dict(sorted(schemas.items()))
    assert {"Person", "PublicBody", "Company", "Position", "Occupancy", "Event", "Contract"} <= set(schemas)
    assert {"Document", "Documentation"} <= set(schemas)
    popolo = validate_popolo(exported(kg, "popolo")[1])
    assert len(popolo["persons"]) == len(kg.people())
    rows = validate_spells(exported(kg, "spells")[1])
    chen = [(r["title"], r["organization"], r["first_observed"]) for r in rows if r["name"] == "陈一新"]
    assert chen == [("书记", "中共温州市委", "2014-10-31")]
    counts, data = exported(kg, "gexf")
    g = validate_gexf(data, tmp_path)
    assert counts == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def test_exports_carry_stated_dates_their_precision_and_successions(years: KnowledgeGraph, tmp_path: Path):
    entities = [json.loads(line) for line in exported(years, "ftm")[1].decode().splitlines()]
    validate_ftm(exported(years, "ftm")[1])
    ended = [e for e in entities if e["schema"] == "Occupancy" and e["properties"].get("endDate") == ["2016-07-02"]]
    assert len(ended) == 1 and ended[0]["properties"]["status"] == ["ended"]
    stated = [e for e in entities if e["schema"] == "Documentation" and e["properties"]["role"] == ["stated"]]
    assert any("不再担任" in e["properties"]["summary"][0] for e in stated)
    popolo = validate_popolo(exported(years, "popolo")[1])
    assert any(m.get("start_date") == "2016-07-02" and m["role"] == "书记" for m in popolo["memberships"])
    rows = validate_spells(exported(years, "spells")[1])
    chen = next(r for r in rows if r["name"] == "陈一新" and r["title"] == "书记")
    assert (chen["end"], chen["date_precision"], chen["last_observed"]) == ("2016-07-02", "day", "2016-06-28")
    g = validate_gexf(exported(years, "gexf")[1], tmp_path)
    holds = [a for *_, a in g.edges(data=True) if a.get("relationship") == "HOLDS" and a.get("end") == "2016-07-02"]
    assert [h["spells"] for h in holds] == [[("2014-10-31", "2016-07-02")]]


def test_the_four_formats_of_a_thousand_bulletins_validate(thousand: KnowledgeGraph, tmp_path: Path):
    schemas = validate_ftm(exported(thousand, "ftm")[1])
    assert schemas["Occupancy"] > 1000 and schemas["Person"] > 1000
    popolo = validate_popolo(exported(thousand, "popolo")[1])
    assert any("end_date" in m for m in popolo["memberships"])
    rows = validate_spells(exported(thousand, "spells")[1])
    assert {r["date_precision"] for r in rows} >= {"day", ""}
    g = validate_gexf(exported(thousand, "gexf")[1], tmp_path)
    assert g.number_of_edges() > g.number_of_nodes()


def test_cli_exports_the_new_formats(kg: KnowledgeGraph, tmp_path: Path):
    for fmt in ("ftm", "popolo", "spells", "gexf"):
        out = tmp_path / f"kg.{fmt}"
        r = subprocess.run(
            [sys.executable, "-m", "kg.cli", "export", "--store", str(kg.path), "--format", fmt, "-o", str(out)],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0 and out.stat().st_size > 1000 and f"→ {out}" in r.stderr, r.stderr
