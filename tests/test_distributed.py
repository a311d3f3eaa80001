"""Extraction on a Dask cluster (kg.distributed), the facts dataset (kg.dataset), loading from it.

A real ``LocalCluster`` of two worker processes, used as a remote scheduler (its ``tcp://`` address)
by most tests, and started by ``--dask local:2`` by the command line; a dozen synthetic bulletins,
a file that cannot be decoded and a copy of one bulletin under another name. Every path must give
the store the plain ``kg ingest`` gives: the same quads (facts, registry, rankings) and the same
facts export.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic import write_bulletins

from kg import KnowledgeGraph
from kg.dataset import LocalRunner, Manifest, extract_files
from kg.exports import export
from kg.model import EXTRACTOR_VERSION

BAD = b"\xff\xfe\x00\xd8\x00\x00 not a bulletin \x81\x00" * 8


def kg_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster with two worker processes."""
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set(
            {
                "distributed.worker.multiprocessing-method": "spawn",
                "logging.distributed": "error",
                "distributed.scheduler.allowed-failures": 0,  # a task whose worker died is not tried again
            }
        ),
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
    ):
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve monthly bulletins, a bad file and a copy; and the store the plain ingest makes of them."""
    root = tmp_path_factory.mktemp("dask")
    folder = root / "in"
    files = [path for path, _ in write_bulletins(folder, months=12)]
    (folder / "bad.txt").write_bytes(BAD)
    (folder / "zz-copy.txt").write_bytes(files[3].read_bytes())
    report = KnowledgeGraph.open(root / "plain").ingest(folder)
    assert (report.stored, report.copies, len(report.failed)) == (12, 1, 1)
    return folder


def same_store(a: Path, b: Path) -> None:
    """Both stores hold the same quads (facts, registry, rankings) and export the same facts."""
    ka, kb = KnowledgeGraph.open(a, read_only=True), KnowledgeGraph.open(b, read_only=True)
    qa, qb = ({str(q) for q in k.store.store.quads_for_pattern(None, None, None, None)} for k in (ka, kb))
    assert qa == qb
    fa, fb = io.BytesIO(), io.BytesIO()
    export(ka, "facts", fa)
    export(kb, "facts", fb)
    assert fa.getvalue() == fb.getvalue() and fa.getvalue().count(b'"kind": "document"') == 12


def test_an_ingest_on_the_cluster_stores_what_the_plain_ingest_stores(corpus, scheduler, tmp_path):
    kg = KnowledgeGraph.open(tmp_path / "store")
    report = kg.ingest(corpus, dask=scheduler, facts=tmp_path / "facts")
    assert (report.stored, report.copies, report.unchanged) == (12, 1, 0)
    assert report.failed == [f"{corpus / 'bad.txt'}: cannot decode bytes (tried utf-8, gb18030, big5, utf-16)"]
    same_store(corpus.parent / "plain", tmp_path / "store")
    listings = Manifest(tmp_path / "facts").listings()
    assert len(listings) == 13  # what was extracted (the copy is the store's business)
    again = kg.ingest(corpus, dask=scheduler)
    assert (again.stored, again.unchanged, again.copies) == (0, 13, 0) and len(again.failed) == 1
    assert not (tmp_path / "store" / "dask-facts").exists()  # the default dataset goes after the run


def test_extract_to_a_dataset_then_ingest_it_from_the_command_line(corpus, tmp_path):
    facts = tmp_path / "facts"
    r = kg_cli("extract", str(corpus), "--dask", "local:2", "--out", str(facts))
    assert r.returncode == 1, r.stderr  # the bad file
    assert r.stderr.splitlines()[-1] == f"12 extracted, 0 unchanged, 1 copies, 1 failed → {facts}"
    listings = Manifest(facts).listings()
    assert len(listings) == 14 and (facts / "manifest.jsonl").read_text().count("\n") == 14
    bad, copy = listings[str(corpus / "bad.txt")], listings[str(corpus / "zz-copy.txt")]
    assert bad.error and bad.records == 0 and bad.sha256
    original = next(x for x in listings.values() if x.doc == copy.doc and x.path != copy.path)
    assert (copy.partition, copy.offset, copy.records) == (original.partition, original.offset, original.records)
    assert all(x.records > 10 and x.extractor and x.published for x in listings.values() if not x.error)

    r = kg_cli("ingest", "--facts", str(facts), "--store", str(tmp_path / "store"), "-j", "2")
    assert r.returncode == 1 and "bad.txt: cannot decode bytes" in r.stderr
    assert "12 stored, 0 unchanged, 1 copies of stored content" in r.stderr
    same_store(corpus.parent / "plain", tmp_path / "store")


def test_a_killed_extract_resumes_from_its_manifest(corpus, scheduler, tmp_path):
    facts = tmp_path / "facts"
    cmd = [sys.executable, "-m", "kg.cli", "extract", str(corpus), "--dask", "local:2", "--out", str(facts)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not Manifest(facts).listings() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its cluster
    proc.wait()
    before = Manifest(facts).listings()
    assert 0 < len(before) < 14, "killed before the first batch or after the last"
    with (facts / "manifest.jsonl").open("a") as f:
        f.write('{"path": "/half/written')  # a line a kill cut short
    from kg.distributed import DaskRunner, cluster

    with cluster(scheduler) as client:
        report = extract_files([corpus], facts, DaskRunner(client))
        jvm = client.run(lambda: "jpype" in __import__("sys").modules)  # the workers never start one
    assert jvm and not any(jvm.values())
    done = [x for x in before.values() if not x.error]
    assert report.unchanged == len(done) and report.stored + report.unchanged == 13 - len(report.failed)
    assert len(Manifest(facts).listings()) == 14
    kg = KnowledgeGraph.open(tmp_path / "store")
    kg.ingest_facts(facts)
    same_store(corpus.parent / "plain", tmp_path / "store")


def test_listings_of_another_extractor_are_failed_not_loaded(corpus, tmp_path):
    facts = tmp_path / "facts"
    files = sorted(corpus.glob("synthetic-*.txt"))[:2]
    assert extract_files(files, facts, LocalRunner()).stored == 2
    lines = (facts / "manifest.jsonl").read_text().splitlines()
    old = json.loads(lines[0]) | {"extractor": "bulletin-kg-extract/0.0"}
    (facts / "manifest.jsonl").write_text(json.dumps(old) + "\n" + lines[1] + "\n")
    report = KnowledgeGraph.open(tmp_path / "store").ingest_facts(facts)
    assert report.stored == 1
    assert report.failed == [
        f"{files[0]}: extracted by bulletin-kg-extract/0.0; this is {EXTRACTOR_VERSION}: extract it again"
    ]


def test_dask_is_imported_only_with_dask_and_a_bad_scheduler_is_one_line(corpus, tmp_path):
    check = (
        "import sys, kg.cli, kg.api, kg.dataset, kg.distributed; print(sorted(m for m in sys.modules if 'dask' in m))"
    )
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True).stdout.strip() == "[]"
    r = kg_cli("extract", str(corpus), "--dask", "nowhere", "--out", str(tmp_path / "f"))
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "local:N" in r.stderr
    r = kg_cli("ingest", str(corpus), "--dask", "tcp://127.0.0.1:9", "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "tcp://127.0.0.1:9" in r.stderr
    r = kg_cli("ingest", "--facts", str(tmp_path / "nothing"), "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and "not a facts dataset" in r.stderr


def _double_or_die(batch: list[int], fatal: int) -> list[int]:
    """A batch task (run on a worker) whose worker process dies at ``fatal``."""
    for item in batch:
        if item == fatal:
            os._exit(1)
    return [item * 2 for item in batch]


def test_a_worker_that_dies_loses_its_item_not_its_batch(scheduler):
    from kg.distributed import DaskRunner, cluster

    with cluster(scheduler) as client:
        runner = DaskRunner(client)
        done = list(
            runner.map(_double_or_die, [[1, 2, 3], [4, 5]], (2,), lambda item, error: (item, type(error).__name__))
        )
    assert done == [[2, (2, "KilledWorker"), 6], [8, 10]]
