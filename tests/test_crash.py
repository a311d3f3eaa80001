"""Crash safety of ``kg ingest``: kill -9 at random moments, then check the store.

A clean run over 8 generated bulletins gives the reference: each document's named
graph and its triple count, and the set of subjects. Then, in each trial, a fresh store
is ingested into and the process group is killed after a random (seeded) delay: from
when the clean run opened its store, or from when it began to load documents (its store
grew again after its longest pause: the extractor warming up), to the end of that run. The store must open
and hold exactly the documents whose load completed (each registered, each graph as
complete as in the clean run, nothing else); running the same ingest again must end
identical to the clean run. The co-attendance rankings may be missing after a kill (an
ingest drops them before its first change and builds them at its end), never out of step.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.ontology import ID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import bulletins

DOCUMENTS = 8
TRIALS = 20
SEED = 20141031
REGISTRY = str(ID["registry"])
RANKINGS = str(ID["rankings"])


@dataclass(frozen=True)
class Snapshot:
    """What a store holds: triples per document graph, registered documents, subjects, and
    the triples of its co-attendance rankings."""

    graphs: dict[str, int]
    registered: frozenset[str]
    subjects: frozenset[str]
    rankings: int


def snapshot(store: Path) -> Snapshot:
    """Open the store (the handle is released on return) and read what it holds."""
    kg = KnowledgeGraph.open(store)
    counts = kg.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    registered = kg.sparql(f"SELECT DISTINCT ?d WHERE {{ GRAPH <{REGISTRY}> {{ ?d ?p ?o }} }}")
    subjects = kg.sparql(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{REGISTRY}>, <{RANKINGS}>)) }}"
    )
    return Snapshot(
        graphs={row["g"]: row["n"] for row in counts if row["g"] not in (REGISTRY, RANKINGS)},
        registered=frozenset(row["d"] for row in registered) - {REGISTRY},
        subjects=frozenset(row["s"] for row in subjects),
        rankings=next((row["n"] for row in counts if row["g"] == RANKINGS), 0),
    )


def start_ingest(corpus: Path, store: Path) -> subprocess.Popen:
    """``kg ingest CORPUS --store STORE`` in a process group of its own (workers included)."""
    return subprocess.Popen(
        # small batches: two documents per atomic bulk load, so kills fall between and inside them
        [sys.executable, "-m", "kg.cli", "ingest", str(corpus), "--store", str(store), "--batch-mb", "0.25"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@dataclass(frozen=True)
class Timeline:
    """Seconds from the start of a run: its store appeared, began to grow after its longest pause, and it ended."""

    opened: float
    loading: float
    ended: float


def store_bytes(store: Path) -> int:
    """Bytes in the files under ``store`` (files that vanish while counted are skipped)."""
    total = 0
    for folder, _, names in os.walk(store):
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                total += os.path.getsize(os.path.join(folder, name))
    return total


def ingest(corpus: Path, store: Path) -> Timeline:
    """Run an ingest to its end (it must succeed), watching its store grow."""
    started = time.monotonic()
    process = start_ingest(corpus, store)
    changes: list[tuple[float, int]] = []  # (time, bytes) whenever the store's size changed
    while process.poll() is None:
        if store.exists() and (size := store_bytes(store)) != (changes[-1][1] if changes else None):
            changes.append((time.monotonic() - started, size))
        time.sleep(0.005)
    assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
    ended = time.monotonic() - started
    assert changes, "the store never appeared"
    _, after_pause = max(pairwise(changes), key=lambda pair: pair[1][0] - pair[0][0], default=(changes[0],) * 2)
    return Timeline(opened=changes[0][0], loading=after_pause[0], ended=ended)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crash-corpus")
    for i, text in enumerate(islice(bulletins(SEED), DOCUMENTS)):
        (out / f"bulletin-{i}.txt").write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Timeline]:
    """The reference store of an uninterrupted run, and that run's timeline."""
    store = tmp_path_factory.mktemp("clean") / "store"
    timeline = ingest(corpus, store)
    reference = snapshot(store)
    assert len(reference.graphs) == len(reference.registered) == DOCUMENTS
    assert reference.rankings > 0
    return reference, timeline


def test_kill_at_random_moments_never_corrupts_the_store(
    corpus: Path, clean: tuple[Snapshot, Timeline], tmp_path: Path
) -> None:
    """Half the kills fall anywhere after the store was opened, half once documents are being loaded."""
    reference, timeline = clean
    rng = random.Random(SEED)
    stored_counts = []
    for trial in range(TRIALS):
        store = tmp_path / f"store-{trial}"
        delay = rng.uniform(timeline.loading if trial % 2 else timeline.opened, timeline.ended)
        process = start_ingest(corpus, store)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        context = f"trial {trial}: killed at {delay:.2f} s; clean run: {timeline}"
        after = snapshot(store)
        assert set(after.graphs) == after.registered, context
        assert after.registered <= reference.registered, context
        assert {g: reference.graphs[g] for g in after.graphs} == after.graphs, context
        # rankings, when there, describe the stored documents: here, only once all are stored
        assert after.rankings in (0, reference.rankings), context
        assert not after.rankings or after.registered == reference.registered, context
        stored_counts.append((round(delay, 2), len(after.graphs)))
        ingest(corpus, store)
        assert snapshot(store) == reference, context
    print(f"documents stored when killed, per trial: {stored_counts}; clean run: {timeline}")


def test_a_change_cut_off_before_its_reconciliation_is_reconciled_by_the_next(
    corpus: Path, clean: tuple[Snapshot, Timeline], tmp_path: Path
) -> None:
    """Killed after its last load and before it re-resolved the documents the new aliases concern:
    the next run starts its reconciliation from where the cut-off one started."""
    from kg.ingest import Batch, Resolver, aliases_before, build
    from kg.stores.rdf_store import RdfStore

    reference, _ = clean
    path = tmp_path / "store"
    store = RdfStore(path)
    before = aliases_before(store)  # what a run records before its first load
    batch = Batch(store, 0)
    for f in sorted(corpus.iterdir()):
        batch.load(build(str(f), None, Resolver(aliases=before)), str(f))
    batch.commit()
    store.flush()
    del store, batch  # cut off here: loaded, never reconciled (the store's files are let go)
    gc.collect()
    ingest(corpus, path)  # every file is stored already: only the reconciliation is left to do
    assert snapshot(path) == reference
