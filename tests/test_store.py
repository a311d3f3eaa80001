"""The store on disk: ingest is atomic per document, idempotent by content, resumable; remove; SPARQL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.ingest import build
from kg.loaders.extract import sample_path
from kg.resolve import Resolver

HERE = Path(__file__).parent
WENZHOU_NOV = HERE / "resolution" / "wenzhou-2014-11.txt"


def kg_cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300, env=env, **kw
    )


def varied_copies(folder: Path, n: int) -> list[Path]:
    """``n`` bulletins: the sample with its own issue line and dates shifted, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    text = sample_path().read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"copy-{i:03d}.txt"
        path.write_text(f"第{i + 1}期\n\n" + text.replace("10月2", f"{1 + i % 12}月1"), encoding="utf-8")
        paths.append(path)
    return paths


def person_count(kg: KnowledgeGraph) -> int:
    return kg.sparql("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bk:Person }")[0]["n"]


def quads(kg: KnowledgeGraph) -> set[str]:
    return {str(q) for q in kg.store.quads()}


@pytest.fixture
def sample_store(tmp_path: Path) -> Path:
    """A store holding the sample, closed (free for other processes)."""
    assert KnowledgeGraph.open(tmp_path / "store").ingest(sample_path(), published="2014-10-31").stored == 1
    return tmp_path / "store"


@pytest.fixture
def sample_kg(sample_store: Path) -> KnowledgeGraph:
    return KnowledgeGraph.open(sample_store)


def test_ingesting_the_same_file_twice_changes_nothing(sample_kg: KnowledgeGraph):
    before, people = quads(sample_kg), person_count(sample_kg)
    report = sample_kg.ingest(sample_path(), published="2014-10-31")
    assert (report.stored, report.unchanged) == (0, 1)
    assert quads(sample_kg) == before and person_count(sample_kg) == people > 20


def test_a_copy_under_another_name_is_another_source_of_the_same_document(sample_kg: KnowledgeGraph, tmp_path: Path):
    before = quads(sample_kg)
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(sample_path().read_bytes())
    assert sample_kg.ingest(copy).copies == 1
    assert quads(sample_kg) == before
    [doc] = sample_kg.documents()
    assert doc["sources"] == sorted([str(sample_path().resolve()), str(copy.resolve())])


def test_a_changed_file_replaces_its_document(tmp_path: Path):
    kg = KnowledgeGraph.open(tmp_path / "store")
    bulletin = tmp_path / "bulletin.txt"
    bulletin.write_bytes(sample_path().read_bytes())
    kg.ingest(bulletin, published="2014-10-31")
    [old] = kg.documents()
    bulletin.write_bytes(WENZHOU_NOV.read_bytes())
    assert kg.ingest(bulletin).stored == 1
    [new] = kg.documents()
    assert new["id"] != old["id"] and new["sources"] == [str(bulletin.resolve())]
    assert {q.graph_name.value.rsplit("/", 1)[-1] for q in kg.store.quads()} == {new["id"]}
    assert not (kg.path / "records" / f"{old['id']}.jsonl.gz").exists()
    assert {r["name"] for r in kg.people()} == {"陈一新", "陈金彪", "朱忠明", "郑邦良", "林振宇"}


def test_changing_one_of_two_copies_keeps_the_document_for_the_other(sample_kg: KnowledgeGraph, tmp_path: Path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample_path().read_bytes())
    sample_kg.ingest(copy)
    copy.write_bytes(WENZHOU_NOV.read_bytes())
    sample_kg.ingest(copy)
    assert sorted(len(d["sources"]) for d in sample_kg.documents()) == [1, 1]


def test_a_new_publication_date_extracts_again(sample_kg: KnowledgeGraph):
    assert sample_kg.ingest(sample_path(), published="2014-11-02").stored == 1
    assert {r["last_observed"] for r in sample_kg.posts_of("陈一新")} == {"2014-11-02"}
    assert len(sample_kg.documents()) == 1


def test_remove_by_id_or_by_file(sample_kg: KnowledgeGraph, tmp_path: Path):
    [doc] = sample_kg.documents()
    assert sample_kg.remove(doc["id"])
    assert len(sample_kg.store) == 0 and sample_kg.documents() == [] and person_count(sample_kg) == 0
    assert not list((sample_kg.path / "records").iterdir())
    assert not sample_kg.remove(doc["id"])
    sample_kg.ingest(sample_path(), published="2014-10-31")
    assert sample_kg.remove(sample_path()) and sample_kg.documents() == []


def test_accessors_return_plain_rows(sample_kg: KnowledgeGraph):
    person = next(r for r in sample_kg.people() if r["name"] == "陈一新")
    assert person["id"].startswith("person-") and person["keys"] == ["陈一新@温州市"] and person["documents"] == 1
    org = next(r for r in sample_kg.organizations() if r["name"] == "温州市经济合作交流办公室")
    assert "市经合办" in org["aliases"] and org["kind"] == "GovernmentBody"
    assert any(e["kind"] == "Meeting" and e["date"] == "2014-10-23" for e in sample_kg.events())
    assert any("好莱坞（中国）投资集团" in a["parties"] for a in sample_kg.agreements())
    rows = sample_kg.posts_of(person["id"])
    assert [(r["title"], r["org"], r["observations"]) for r in rows] == [("书记", "中共温州市委", 1)]
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            rows.to_pandas()
    else:
        assert list(rows.to_pandas()["title"]) == ["书记"]


TRICKY = ['a"b', "a'b", "x } ; DROP ALL ; {", "}", ";", "// no comment", "$x ?y", "one\ntwo", '"""', "\\", "#", "<a>"]


def test_sparql_bindings_pass_through_unchanged(sample_kg: KnowledgeGraph):
    size = len(sample_kg.store)
    for value in TRICKY:
        assert sample_kg.sparql("SELECT ?v WHERE { BIND(?x AS ?v) }", x=value) == [{"v": value}]
        assert sample_kg.sparql("SELECT ?p WHERE { ?p schema:name ?name }", name=value + "陈一新") == []
    assert len(sample_kg.store) == size
    count = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t org:member ?p . ?p schema:name ?name }"
    assert sample_kg.sparql(count, name="郑邦良")[0]["n"] == 4  # bound inside the pattern, before the aggregate


def test_sparql_cli_binds_refuses_updates_and_reports_errors(sample_store: Path):
    store = str(sample_store)
    echo = "SELECT ?v WHERE { BIND(?x AS ?v) }"
    r = kg_cli("sparql", echo, "--store", store, "--param", 'x=}"\n; DROP ALL //$', "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"v": '}"\n; DROP ALL //$'}]
    r = kg_cli("sparql", "# select\nINSERT DATA { id:x schema:name 'x' }", "--store", store)
    assert r.returncode == 2 and r.stderr.strip() == "kg: update refused; pass --write"
    r = kg_cli("sparql", "SELECT * WHERE { ?s ?p ", "--store", store)
    assert r.returncode == 2 and r.stderr.startswith("kg: SPARQL:") and "--write" not in r.stderr
    r = kg_cli("sparql", 'SELECT ?x WHERE { BIND("insert; delete" AS ?x) }', "--store", store, "--format", "csv")
    assert r.returncode == 0 and "insert; delete" in r.stdout
    r = kg_cli("sparql", "INSERT DATA { GRAPH id:mine { id:x schema:name 'added' } }", "--store", store, "--write")
    assert r.returncode == 0, r.stderr
    r = kg_cli("sparql", "SELECT ?n WHERE { id:x schema:name ?n }", "--store", store, "--format", "json")
    assert json.loads(r.stdout) == [{"n": "added"}]


def test_cli_ingest_reports_a_bad_file_in_one_line_and_loads_the_rest(tmp_path: Path):
    empty = tmp_path / "in" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    (tmp_path / "in" / "sample.txt").write_bytes(sample_path().read_bytes())
    r = kg_cli("ingest", str(tmp_path / "in"), "--store", str(tmp_path / "s"), "--published", "2014-10-31")
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("kg: ")]
    assert len(errors) == 1 and errors[0].startswith(f"kg: {empty}: ")
    assert "1 stored" in r.stderr and len(KnowledgeGraph.open(tmp_path / "s").documents()) == 1


def test_cli_progress_bar_shows_documents_speed_and_time_left(tmp_path: Path):
    varied_copies(tmp_path / "in", 3)
    env = {**os.environ, "TTY_COMPATIBLE": "1", "COLUMNS": "120"}  # rich draws as on a terminal
    r = kg_cli("ingest", str(tmp_path / "in"), "--store", str(tmp_path / "s"), env=env)
    assert r.returncode == 0, r.stderr
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", r.stderr)
    assert "3/3 documents" in shown and re.search(r"\d+(\.\d+)? [kM]?B/s", shown) and "0:00:00" in shown


def test_a_store_held_by_another_process_gets_a_one_line_error(sample_kg: KnowledgeGraph):
    r = kg_cli("ingest", str(sample_path()), "--store", str(sample_kg.path))
    assert r.returncode == 1 and r.stderr.strip() == f"kg: {sample_kg.path}: in use by another process"


def test_parallel_ingest_spawns_workers_and_gives_the_serial_result(tmp_path: Path):
    files = varied_copies(tmp_path / "in", 4)
    serial, parallel = KnowledgeGraph.open(tmp_path / "a"), KnowledgeGraph.open(tmp_path / "b")
    serial.ingest(files, "2014-10-31")
    assert parallel.ingest(files, "2014-10-31", jobs=2).stored == 4
    assert quads(serial) == quads(parallel)


def test_an_interrupted_run_finishes_when_started_again(tmp_path: Path):
    files = varied_copies(tmp_path / "in", 60)
    store = tmp_path / "s"
    # Ctrl-C as from a terminal, also when the tests run in the background (where SIGINT is ignored)
    start = (
        "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "runpy.run_module('kg.cli', run_name='__main__', alter_sys=True)"
    )
    cmd = [sys.executable, "-c", start, "ingest", str(tmp_path / "in"), "--store", str(store), "-j", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while len(list((store / "records").glob("*.gz"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "run the same command again" in err
    r = kg_cli("ingest", str(tmp_path / "in"), "--store", str(store), "-j", "2")
    assert r.returncode == 0, r.stderr
    stored, unchanged = (int(r.stderr.split(f" {w}")[0].split()[-1]) for w in ("stored", "unchanged"))
    assert unchanged >= 2 and stored + unchanged == len(files)
    assert len(KnowledgeGraph.open(store).documents()) == len(files)


def test_batched_and_one_by_one_ingests_store_the_same(tmp_path: Path):
    files = varied_copies(tmp_path / "in", 5)
    twin = tmp_path / "in" / "twin.txt"  # the content of a file of the same batch, under another name
    twin.write_bytes(files[1].read_bytes())
    stores = {}
    for batch_mb in (0, 100):
        kg = KnowledgeGraph.open(tmp_path / f"store-{batch_mb}")
        report = kg.ingest(tmp_path / "in", "2014-10-31", batch_mb=batch_mb)
        assert (report.stored, report.copies) == (5, 1)
        stores[batch_mb] = {str(q) for q in kg.store.store.quads_for_pattern(None, None, None, None)}
    assert stores[0] == stores[100]


def test_a_reader_sees_each_document_fully_or_not_at_all(tmp_path: Path):
    files = varied_copies(tmp_path / "in", 6)
    size = {}  # doc id → triples in its graph
    for f in files:
        built = build(str(f.resolve()), "2014-10-31", Resolver())
        size[built.entry.doc_id] = len(built.ntriples.splitlines())
    kg = KnowledgeGraph.open(tmp_path / "s")
    snapshots: list[dict[str, int]] = []
    ranked: list[frozenset[str]] = []  # the documents of each snapshot that had rankings
    errors: list[str] = []
    stop = threading.Event()
    per_graph = (
        "SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?sha) AS ?registered) "
        "WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { GRAPH id:registry { ?g reg:sha256 ?sha } } } "
        "GROUP BY ?g"
    )

    def read() -> None:
        while not stop.is_set():
            rows = kg.sparql("PREFIX reg: <https://w3id.org/bulletin-kg/registry#> " + per_graph)
            graphs = {r["g"].rsplit("/", 1)[-1]: r for r in rows}
            docs = {g: r for g, r in graphs.items() if g not in ("registry", "rankings")}
            if not all(r["registered"] for r in docs.values()):
                errors.append(f"unregistered graphs: {[g for g, r in docs.items() if not r['registered']]}")
            snapshots.append({g: r["n"] for g, r in docs.items()})
            if "rankings" in graphs:
                ranked.append(frozenset(docs))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        kg.ingest(files, "2014-10-31", batch_mb=0.3)  # batches of 2 documents (~0.2 MB each)
        replaced = files[0]
        old = next(d["id"] for d in kg.documents() if str(replaced.resolve()) in d["sources"])
        replaced.write_text(replaced.read_text(encoding="utf-8") + "\n（完）\n", encoding="utf-8")
        first = frozenset(size)
        new = build(str(replaced.resolve()), "2014-10-31", Resolver())
        size[new.entry.doc_id] = len(new.ntriples.splitlines())
        kg.ingest(replaced, "2014-10-31")
    finally:
        stop.set()
        reader.join()
    assert not errors, errors[:3]
    # the co-attendance rankings are there only when they describe the documents: after each ingest
    assert set(ranked) <= {first, first - {old} | {new.entry.doc_id}} and ranked
    assert len(snapshots) > 10 and len({len(s) for s in snapshots}) >= 3  # the reader ran during the loads
    for snap in snapshots:
        assert all(n == size[doc] for doc, n in snap.items())
    seen_old = [i for i, snap in enumerate(snapshots) if old in snap]
    for snap in snapshots[seen_old[0] :]:
        assert (old in snap) != (new.entry.doc_id in snap)  # one version, never both or neither


def test_validate_passes_on_an_ingested_store(tmp_path: Path):
    kg = KnowledgeGraph.open(tmp_path / "s")
    kg.ingest([sample_path(), WENZHOU_NOV, HERE / "resolution" / "hangzhou-2014-12.txt"])
    del kg
    r = kg_cli("validate", "--store", str(tmp_path / "s"))
    assert r.returncode == 0 and "Conforms: True" in r.stdout, r.stdout[-2000:]


@pytest.mark.arcadedb
def test_cypher_sees_the_store_and_follows_its_changes(sample_kg: KnowledgeGraph):
    count = "MATCH (p:Person) RETURN count(p) AS n"
    assert sample_kg.cypher(count) == [{"n": person_count(sample_kg)}]
    rows = sample_kg.cypher("MATCH (p:Person {name: $name})-[h:HOLDS]->(post) RETURN post.title AS t", name="陈一新")
    assert rows == [{"t": "书记"}]
    sample_kg.remove(sample_kg.documents()[0]["id"])
    assert sample_kg.cypher(count) == [{"n": 0}]
