"""Ingest bulletins into a store: hash, extract (in worker processes), resolve, load in order.

A file whose content (SHA-256) is stored already is skipped, so a run that was
interrupted finishes when started again; the same content under a second name,
or the same text in another encoding or format (:func:`kg.ids.text_digest`), is recorded
as another source of the stored document; a file whose content changed replaces
the document it was read as. New documents are committed in
batches (about ``batch_mb`` MB of triples, each batch in one atomic step), a
changed document in a transaction of its own: a reader sees whole documents, an
interrupted run keeps every batch committed. After the run, stored documents
whose resolution changed (new organization aliases, edited overrides) are
re-resolved from their records, then those whose people or events identity across
bulletins now sees otherwise (:mod:`kg.identity`), and the derived graphs (co-attendance
rankings) are built again.

Workers are started with the ``spawn`` method (never ``fork``: a JVM may run
in the parent); they read, extract, resolve and serialize, and the parent loads
the documents in input order.

>>> import tempfile
>>> from kg.ingest import ingest
>>> from kg.loaders.extract import sample_path
>>> from kg.stores.rdf_store import RdfStore
>>> store = RdfStore(tempfile.mkdtemp())
>>> ingest(store, [sample_path()], published="2014-10-31")
Report(stored=1, copies=0, unchanged=0, refreshed=0, failed=[], notes=[])
>>> ingest(store, [sample_path()]).unchanged
1
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from kg.identity import identities, stale
from kg.loaders.extract import extract_path, unknown_year
from kg.loaders.read import BulletinError
from kg.model import EXTRACTOR_VERSION, Facts
from kg.params import BATCH_MB, as_date
from kg.rdf import facts_to_ntriples
from kg.records import from_records, to_records
from kg.resolve import Identities, Overrides, Profile, Resolver, absolute_aliases, alias_index
from kg.stores.rdf_store import Entry, RdfStore, pack

SUFFIXES = (".txt", ".docx", ".html", ".htm")

Progress = Callable[[int, int, int, int], None]  # (files done, files, bytes done, bytes)
T = TypeVar("T")


@dataclass
class Report:
    """What a run did."""

    stored: int = 0  # documents extracted and loaded
    copies: int = 0  # files whose content (or text) was stored already under another name
    unchanged: int = 0  # files stored already, as they are
    refreshed: int = 0  # stored documents re-resolved
    failed: list[str] = field(default_factory=list)  # "path: reason", one per file
    notes: list[str] = field(default_factory=list)  # "path: what to know": a year it lacks, a copy of a text


@dataclass(frozen=True)
class File:
    """A file to ingest."""

    path: str  # absolute
    shown: str  # as given, for messages
    sha256: str | None  # None: it cannot be read
    size: int


@dataclass
class Built:
    """A document extracted and resolved, ready to load (what a worker sends back)."""

    entry: Entry
    ntriples: str
    records: bytes  # packed (see :func:`kg.stores.rdf_store.pack`)
    note: str | None = None  # what the user should know of it (see :func:`kg.loaders.extract.unknown_year`)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files, and the bulletin files under directories (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def graph_text(facts: Facts, resolver: Resolver) -> tuple[str, str, str]:
    """A document's resolved graph as N-Triples, its digest, and its profile (JSON) for identity."""
    resolution = resolver.resolve(facts)
    nt = facts_to_ntriples(resolution.facts, resolution.keys)
    return nt, hashlib.sha256(nt.encode()).hexdigest(), resolution.profile.to_json()


def build(path: str, published: str | None, resolver: Resolver) -> Built:
    """Read, extract and resolve one file."""
    return resolved(extract_path(path, published), path, resolver)


def resolved(facts: Facts, path: str, resolver: Resolver, records: bytes | None = None) -> Built:
    """A document's facts, read from ``path``, resolved and ready to load (``records``: packed already)."""
    nt, digest, identity = graph_text(facts, resolver)
    doc = facts.document
    iso = doc.published.isoformat() if doc.published else None
    aliases, text = absolute_aliases(facts), doc.text_id
    entry = Entry(doc.id, doc.source.sha256, digest, iso, EXTRACTOR_VERSION, {path}, aliases, text, identity=identity)
    return Built(entry, nt, pack(to_records(facts)) if records is None else records, unknown_year(facts))


def failure(error: Exception) -> str:
    """Why a file could not be built, in one line (an extractor bug too: it must not stop the other files)."""
    if isinstance(error, BulletinError):
        return error.reason
    return f"extraction failed ({type(error).__name__}: {error})"


_resolver = Resolver()


# Builds files to load, in their order: (files, published, resolver) → built documents or reasons
Builder = Callable[[list[File], str | None, Resolver], Generator[Built | str, None, None]]


def _start_worker(resolver: Resolver | None) -> None:
    global _resolver
    _resolver = resolver or _resolver
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _build_or_reason(path: str, published: str | None, resolver: Resolver | None = None) -> Built | str:
    """The built document, or why the file could not be read."""
    try:
        return build(path, published, resolver or _resolver)
    except Exception as e:
        return failure(e)


def in_order(submit: Callable[[T], Future], items: Iterable[T], window: int) -> Iterator:
    """The results of ``submit(item)`` for each item (a pool's, a cluster's), in input order, submitted
    at most ``window`` ahead of the one returned."""
    pending: deque[Future] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def local_builder(jobs: int) -> Builder:
    """Build files in this process, or in ``jobs`` worker processes (``spawn``ed)."""

    def build_files(files: list[File], published: str | None, resolver: Resolver) -> Iterator[Built | str]:
        paths = [f.path for f in files]
        if jobs < 2 or len(paths) < 2:
            yield from (_build_or_reason(p, published, resolver) for p in paths)
            return
        pool = spawn_pool(jobs, resolver)
        try:
            task = functools.partial(_build_or_reason, published=published)
            yield from in_order(functools.partial(pool.submit, task), paths, 4 * jobs)
        finally:
            pool.shutdown(cancel_futures=True)

    return build_files


def files_of(paths: Iterable[str | Path]) -> list[File]:
    """The files to ingest (see :func:`expand`), each once (by absolute path, shown as first given)."""
    given: dict[str, Path] = {}
    for p in expand(paths):
        given.setdefault(str(p.resolve()), p)
    return [File(path, str(p), _sha256(p), _size(p)) for path, p in given.items()]


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None  # the reader will say why


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def store_aliases(store: RdfStore) -> dict[str, str]:
    """The organization aliases all stored documents agree on."""
    return alias_index(e.aliases for e in store.entries().values())


def profiles(store: RdfStore) -> dict[str, Profile]:
    """What resolution saw in each stored document (those of older versions, which kept none, left out)."""
    return {doc_id: _profile(e.identity) for doc_id, e in store.entries().items() if e.identity}


@functools.lru_cache(maxsize=1 << 16)
def _profile(text: str) -> Profile:
    return Profile.from_json(text)


def as_stored(entry: Entry) -> Identities:
    """The identities a stored document was last resolved with (:meth:`Identities.recorded`)."""
    return Identities.recorded(entry.doc_id, _profile(entry.identity)) if entry.identity else Identities()


def resolver_for(store: RdfStore, overrides: Overrides, aliases: dict[str, str] | None = None) -> Resolver:
    """A resolver with the store's organization aliases (or ``aliases``) and identities."""
    aliases = store_aliases(store) if aliases is None else aliases
    return Resolver(overrides, aliases, identities(profiles(store), overrides))


def _detach(store: RdfStore, path: str, keep: str) -> tuple[list[Entry], list[str]]:
    """Registry changes when ``path`` now holds ``keep``: other documents lose it as a source,
    and a document left without sources is dropped."""
    changed, drops = [], []
    for e in store.read_from(path):
        if e.doc_id != keep:
            rest = e.sources - {path}
            if rest:
                changed.append(replace(e, sources=rest))
            else:
                drops.append(e.doc_id)
    return changed, drops


class Batch:
    """New documents built and not yet committed: they are added to the store together once their
    triples reach ``limit`` bytes (0: each on its own), in one atomic step."""

    def __init__(self, store: RdfStore, limit: float) -> None:
        self.store, self.limit = store, limit
        self.entries: list[Entry] = []
        self.graphs: dict[str, str] = {}
        self.size = 0

    def load(self, built: Built, path: str) -> None:
        """Load a built document: into the batch if it is new, else (after the batch) on its own."""
        entry, store = built.entry, self.store
        store.save_records(entry.doc_id, built.records)
        if entry.doc_id in store.entries() or store.read_from(path):
            self.commit()  # a stored document changes: in order, in a transaction of its own
            if old := store.entries().get(entry.doc_id):
                entry = replace(entry, sources=entry.sources | old.sources, copies=old.copies)
            changed, drops = _detach(store, path, entry.doc_id)
            store.write([entry, *changed], {entry.doc_id: built.ntriples}, drops)
            return
        self.entries.append(entry)
        self.graphs[entry.doc_id] = built.ntriples
        self.size += len(built.ntriples)
        if self.size >= self.limit:
            self.commit()

    def commit(self) -> None:
        if self.entries:
            self.store.write(self.entries, self.graphs)
            self.entries, self.graphs, self.size = [], {}, 0


def _link(store: RdfStore, path: str, doc_id: str, sha: str | None = None) -> None:
    """Record ``path`` as a source of a stored document (``sha``: its content, when it is the same
    text in other bytes)."""
    entry = store.entries()[doc_id]
    copies = entry.copies | ({sha} - {entry.sha256, None})
    changed, drops = _detach(store, path, doc_id)
    store.write([replace(entry, sources=entry.sources | {path}, copies=copies), *changed], drops=drops)


def refresh(store: RdfStore, resolver: Resolver, docs: Iterable[str]) -> int:
    """Re-resolve stored documents from their records; returns how many changed."""
    changed = 0
    for doc_id in sorted(docs):
        entry = store.entries()[doc_id]
        nt, digest, identity = graph_text(from_records(store.records(doc_id)), resolver)
        if digest != entry.digest:
            store.write([replace(entry, digest=digest, identity=identity)], {doc_id: nt})
            changed += 1
        elif identity != entry.identity:
            store.write([replace(entry, identity=identity)])
    return changed


def apply_overrides(store: RdfStore, overrides: Overrides) -> int:
    """Re-resolve the stored documents the change from the last applied overrides touches."""
    applied = Overrides.from_json(store.setting("overrides") or "{}")
    if applied == overrides:
        return 0
    docs = store.documents_naming(applied.names() | overrides.names())
    changed = refresh(store, resolver_for(store, overrides), docs)
    store.write(settings={"overrides": overrides.to_json()})
    return changed + settle_identities(store, overrides)


def reconcile(store: RdfStore, overrides: Overrides, before: dict[str, str]) -> int:
    """Re-resolve the stored documents the organization aliases learnt or lost since ``before`` concern:
    those naming an organization by a new alias, and those resolved through an alias since changed."""
    after = store_aliases(store)
    added = after.keys() - before.keys()
    changed = {a for a in before if before[a] != after.get(a)}
    docs = store.documents_naming(added, aliases=False) | store.documents_naming(changed)
    refreshed = refresh(store, resolver_for(store, overrides, after), docs) if docs else 0
    (store.path / PENDING).unlink(missing_ok=True)
    return refreshed


def settle_identities(store: RdfStore, overrides: Overrides) -> int:
    """Re-resolve the stored documents whose graphs say otherwise than identity across bulletins now
    decides (one pass: re-resolving changes no key, post or event it decides from); returns how many
    changed. Documents stored before profiles were kept are re-resolved first, to keep one."""
    seen, changed = profiles(store), 0
    if older := [doc_id for doc_id in store.entries() if doc_id not in seen]:
        changed += refresh(store, resolver_for(store, overrides), older)
        seen = profiles(store)
    found = identities(seen, overrides)
    docs = stale(seen, found, overrides)
    return changed + (refresh(store, Resolver(overrides, store_aliases(store), found), docs) if docs else 0)


def remove(store: RdfStore, doc_id: str, overrides: Overrides | None = None) -> bool:
    """Take a document's facts out; False if it is not stored."""
    if doc_id not in store.entries():
        return False
    before, overrides = aliases_before(store), overrides or Overrides()
    store.write(drops=[doc_id])
    reconcile(store, overrides, before)
    settle_identities(store, overrides)
    settle(store)
    return True


def settle(store: RdfStore) -> None:
    """After changes: the derived graphs (the co-attendance rankings) built again, every derived index
    brought up to date (each is written with each graph; this rebuilds one deleted or left behind), all
    on disk."""
    store.derive()
    store.flush()
    for name in store.indexes:
        store.index(name)


def ingest(
    store: RdfStore,
    paths: Iterable[str | Path],
    *,
    published: date | str | None = None,
    jobs: int = 1,
    overrides: Overrides | None = None,
    progress: Progress | None = None,
    batch_mb: float = BATCH_MB,
    builder: Builder | None = None,
) -> Report:
    """Read, extract, resolve and load bulletin files (and the files under directories).

    New documents are committed in batches of about ``batch_mb`` MB of triples (0: each on its own).
    ``builder`` builds the files (default: :func:`local_builder` with ``jobs`` processes)."""
    day = as_date(published)  # a bad date fails here
    given: dict[str, Path] = {}  # each file once, by absolute path, shown as first given
    for p in expand(paths):
        given.setdefault(str(p.resolve()), p)
    files = [File(path, str(p), _sha256(p), _size(p)) for path, p in given.items()]
    build = builder or local_builder(jobs)
    return load(
        store,
        files,
        build,
        published=day.isoformat() if day else None,
        overrides=overrides,
        progress=progress,
        batch_mb=batch_mb,
    )


def load(
    store: RdfStore,
    files: list[File],
    build: Builder,
    *,
    published: str | None = None,
    overrides: Overrides | None = None,
    progress: Progress | None = None,
    batch_mb: float = BATCH_MB,
) -> Report:
    """Load ``files``: those whose content is not stored (fresh) are built by ``build``, in order,
    and committed in batches; the others are recorded as unchanged or as copies."""
    report, overrides = Report(), overrides or Overrides()
    report.refreshed += apply_overrides(store, overrides)
    before = aliases_before(store)
    fresh = [e for e in store.entries().values() if _fresh(e, published)]
    by_sha = {sha: e.doc_id for e in fresh for sha in (e.sha256, *e.copies)}
    by_text = {e.text: e.doc_id for e in fresh if e.text}
    to_build = _to_build(files, by_sha)
    building, resolver = {f.path for f in to_build}, resolver_for(store, overrides, before)
    total_bytes, done_bytes, failures = sum(f.size for f in files), 0, {}
    batch = Batch(store, batch_mb * 1e6)
    results = build(to_build, published, resolver)
    try:
        for n, f in enumerate(files, 1):
            if f.path in building:
                built = next(results)
                if isinstance(built, str):
                    failures[f.sha256] = built
                    report.failed.append(f"{f.shown}: {built}")
                elif first := _same_text(built, by_text):
                    by_sha[built.entry.sha256] = first
                    _load_copy(store, batch, f, built.entry.sha256, first, report)
                else:
                    batch.load(built, f.path)
                    if built.note:
                        report.notes.append(f"{f.shown}: {built.note}")
                    by_sha[built.entry.sha256] = built.entry.doc_id
                    report.stored += 1
            elif f.sha256 in failures:
                report.failed.append(f"{f.shown}: {failures[f.sha256]}")
            else:
                if by_sha[f.sha256] not in store.entries():
                    batch.commit()  # the content was read from another file of the batch
                if f.path in store.entries()[by_sha[f.sha256]].sources:
                    report.unchanged += 1
                else:
                    _link(store, f.path, by_sha[f.sha256])
                    report.copies += 1
            done_bytes += f.size
            if progress:
                progress(n, len(files), done_bytes, total_bytes)
    finally:
        results.close()  # a builder's workers are stopped
        batch.commit()  # what was built is loaded, also when interrupted
        store.flush()
    report.refreshed += reconcile(store, overrides, before)
    report.refreshed += settle_identities(store, overrides)
    settle(store)
    return report


def _same_text(built: Built, by_text: dict[str, str]) -> str | None:
    """The document stored, or built earlier in this run, with the text of ``built``, if it is another."""
    text, doc_id = built.entry.text, built.entry.doc_id
    if not text:  # built from the records of an older version, which keep no digest of it
        return None
    first = by_text.setdefault(text, doc_id)
    return first if first != doc_id else None


def _load_copy(store: RdfStore, batch: Batch, f: File, sha: str, doc_id: str, report: Report) -> None:
    """Record file ``f`` (content ``sha``), whose text is that of document ``doc_id``, as a source of it."""
    if doc_id not in store.entries():
        batch.commit()  # the text was read from another file of the batch
    if others := store.entries()[doc_id].sources - {f.path}:
        report.copies += 1
        report.notes.append(f"{f.shown}: same text as {min(others)} (one document)")
    else:
        report.unchanged += 1  # the file changed, its text did not
    _link(store, f.path, doc_id, sha)


PENDING = "reconcile-pending.json"  # in the store: the aliases a change that was cut off started from


def aliases_before(store: RdfStore) -> dict[str, str]:
    """The organization aliases a change reconciles against: the stored documents', kept on disk
    until :func:`reconcile` has run, so that a change killed between its loads and its
    reconciliation is reconciled by the next one from where it started (as an uncut run is)."""
    pending = store.path / PENDING
    if pending.exists():
        return json.loads(pending.read_text(encoding="utf-8"))
    before = store_aliases(store)
    draft = pending.with_suffix(".tmp")
    with open(draft, "w", encoding="utf-8") as f:
        json.dump(before, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(draft, pending)
    return before


def _to_build(files: list[File], stored: Mapping[str, str]) -> list[File]:
    """The files to build: unreadable ones (to say why), and the first file of each content not stored."""
    first: dict[str, str] = {}
    return [
        f
        for f in files
        if f.sha256 is None or (f.sha256 not in stored and first.setdefault(f.sha256, f.path) == f.path)
    ]


def _fresh(entry: Entry, published: str | None) -> bool:
    """Whether a stored document needs no new extraction for this run."""
    return entry.extractor == EXTRACTOR_VERSION and published in (None, entry.published)


def spawn_pool(jobs: int, resolver: Resolver | None = None) -> ProcessPoolExecutor:
    """``jobs`` worker processes, started with ``spawn`` (never ``fork``: a JVM may run here), that leave
    Ctrl-C to this one (and build with ``resolver``)."""
    return ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(resolver,)
    )
