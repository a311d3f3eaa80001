"""A facts dataset: the extraction records of many bulletins, in partitions, with a manifest.

``kg extract --dask SCHED --out FACTS_DIR`` writes one, ``kg ingest --facts FACTS_DIR`` loads it::

    FACTS_DIR/manifest.jsonl             one line per file read; a path's last line counts
    FACTS_DIR/parts/part-<id>.jsonl.gz   the records of one batch of documents

A partition is gzipped JSON Lines (the ``kg extract`` records, :mod:`kg.records`) made of one gzip
member per document, as the store keeps them (:func:`kg.stores.rdf_store.pack`): ``zcat``, pandas
or DuckDB read a partition as one stream of records, and a document is read alone from its
``offset`` and ``length``. A manifest line (a :class:`Listing`) gives the file's path, content
hash and size, the document's id and publication date, the extractor version, the number of
records and where they are — or the error that stopped the file. Lines are appended once a
batch's partition is written, so a killed run loses at most the batches it was working on
(their partitions, if written, are left unreferenced), and the next run skips every content the
manifest lists as extracted by this extractor version.

Batches run through a :class:`Runner`: this process, local worker processes, or a Dask cluster
(:mod:`kg.distributed`).

>>> import tempfile
>>> from kg.loaders.extract import sample_path
>>> root = Path(tempfile.mkdtemp())
>>> extract_files([sample_path()], root, LocalRunner(), published="2014-10-31").stored
1
>>> listing = next(iter(Manifest(root).listings().values()))
>>> listing.published, listing.error
('2014-10-31', None)
>>> records = read_records(root, listing)
>>> records[0]["kind"], len(records) == listing.records
('document', True)
"""

from __future__ import annotations

import gzip
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Protocol

from kg.ingest import (
    BATCH_MB,
    Builder,
    Built,
    File,
    Progress,
    Report,
    failure,
    files_of,
    in_order,
    load,
    resolved,
    spawn_pool,
)
from kg.loaders.extract import extract_path
from kg.model import EXTRACTOR_VERSION
from kg.records import from_records, to_records
from kg.resolve import Overrides, Resolver
from kg.stores.rdf_store import RdfStore, pack

BATCH_FILES = 32  # files per task at most: ~0.5 s of extraction, so a cluster's scheduler is not the limit


@dataclass(frozen=True)
class Listing:
    """The manifest's line for one file."""

    path: str  # absolute
    sha256: str | None  # None: the file could not be read
    size: int
    published: str | None = None
    extractor: str = EXTRACTOR_VERSION
    doc: str | None = None  # the document's id
    records: int = 0
    partition: str | None = None  # file name under parts/
    offset: int = 0  # of the document's gzip member in the partition
    length: int = 0
    error: str | None = None


# A file to extract, or one extracted already (its listing); and what a batch gives back for it:
# the listing of a new extraction (None for one read back), and the document built if asked.
Job = tuple[File, Listing | None]
Done = tuple[Listing | None, Built | str | None]


class Manifest:
    """``FACTS_DIR/manifest.jsonl``: appended to by one process at a time."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / "manifest.jsonl"

    def listings(self) -> dict[str, Listing]:
        """The last listing of each path, in the order the paths were first listed."""
        out: dict[str, Listing] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as f:
                for line in f:
                    if line.endswith("\n"):  # not a line a killed run left half-written
                        listing = Listing(**json.loads(line))
                        out[listing.path] = listing
        return out

    def reusable(self, published: str | None) -> dict[str, Listing]:
        """Listings of extracted contents (by hash) that this run need not extract again: by this
        extractor version, and on the same publication date if ``published`` is given."""
        return {
            x.sha256: x
            for x in self.listings().values()
            if x.sha256 and x.error is None and x.extractor == EXTRACTOR_VERSION and published in (None, x.published)
        }

    def append(self, listings: Iterable[Listing]) -> None:
        """Add listings, on disk when this returns."""
        text = "".join(json.dumps(asdict(x), ensure_ascii=False) + "\n" for x in listings)
        if not text:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as f:
            _cut_torn_line(f)
            f.write(text.encode())
            f.flush()
            os.fsync(f.fileno())


def _cut_torn_line(f) -> None:
    """Drop a last line a killed run left without its end."""
    end = f.seek(0, os.SEEK_END)
    if end == 0:
        return
    f.seek(end - 1)
    if f.read(1) == b"\n":
        return
    f.seek(max(0, end - 2**20))
    tail = f.read()
    f.truncate(end - len(tail) + tail.rfind(b"\n") + 1)
    f.seek(0, os.SEEK_END)


def read_records(root: Path, listing: Listing) -> list[dict]:
    """A document's records, read from its partition."""
    return _unpack(_member(Path(root), listing))


def _member(root: Path, listing: Listing) -> bytes:
    with (root / "parts" / str(listing.partition)).open("rb") as f:
        f.seek(listing.offset)
        return f.read(listing.length)


def _unpack(member: bytes) -> list[dict]:
    return [json.loads(line) for line in gzip.decompress(member).decode().splitlines()]


def process(batch: list[Job], root: str, published: str | None, resolver: Resolver | None) -> list[Done]:
    """Run one batch (in a worker): extract the new files into one partition, read the others back,
    and with a ``resolver`` also resolve each document for the store."""
    name = f"part-{uuid.uuid4().hex[:20]}.jsonl.gz"
    members: list[bytes] = []
    offset, out = 0, []
    for file, known in batch:
        if known is not None and (known.error or known.extractor != EXTRACTOR_VERSION):
            out.append(
                (None, known.error or f"extracted by {known.extractor}; this is {EXTRACTOR_VERSION}: extract it again")
            )
            continue
        try:
            if known is not None:
                member = _member(Path(root), known)
                facts = from_records(_unpack(member))
            else:
                facts = extract_path(file.path, published)
                records = to_records(facts)
                member = pack(records)
            built = resolved(facts, file.path, resolver, member) if resolver else None
        except Exception as e:
            reason = failure(e)
            out.append((None if known else Listing(file.path, file.sha256, file.size, error=reason), reason))
            continue
        if known is None:
            doc = facts.document
            day = doc.published.isoformat() if doc.published else None
            known = Listing(file.path, doc.source.sha256, file.size, day, EXTRACTOR_VERSION, doc.id, len(records),
                            name, offset, len(member))  # fmt: skip
            members.append(member)
            offset += len(member)
            out.append((known, built))
        else:
            out.append((None, built))
    if members:
        _write_partition(Path(root) / "parts" / name, members)
    return out


def _write_partition(path: Path, members: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        for member in members:
            f.write(member)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def lost(job: Job, error: BaseException) -> Done:
    """What a job gets when its worker failed under it (it died, the partition could not be written)."""
    file, known = job
    reason = f"worker failed ({type(error).__name__}: {' '.join(str(error).split())})"
    return (None if known else Listing(file.path, file.sha256, file.size, error=reason)), reason


class Runner(Protocol):
    """Runs batches: ``fn(batch, *args)`` for each, results in order (see :class:`LocalRunner`,
    :class:`kg.distributed.DaskRunner`) on ``workers`` processes; a batch that fails as a whole gives
    ``lost(item, error)`` for each item."""

    workers: int

    def map(
        self, fn: Callable[..., list], batches: Iterable[list], args: Sequence, lost: Callable
    ) -> Iterator[list]: ...


@dataclass
class LocalRunner:
    """Batches in this process (``jobs`` 1), or in ``jobs`` local worker processes."""

    jobs: int = 1

    @property
    def workers(self) -> int:
        return self.jobs

    def map(self, fn: Callable[..., list], batches: Iterable[list], args: Sequence, lost: Callable) -> Iterator[list]:
        if self.jobs < 2:
            yield from (fn(b, *args) for b in batches)
            return
        pool = spawn_pool(self.jobs)
        try:
            yield from in_order(lambda b: pool.submit(fn, b, *args), batches, 2 * self.jobs)
        finally:
            pool.shutdown(cancel_futures=True)


def chunks(items: list, workers: int) -> list[list]:
    """Batches of at most :data:`BATCH_FILES` items, and at least four per worker so that all work.

    >>> [len(b) for b in chunks(list(range(10)), workers=2)]
    [2, 2, 2, 2, 2]
    """
    size = max(1, min(BATCH_FILES, -(-len(items) // (4 * workers))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def extract_files(
    paths: Iterable[str | Path],
    root: Path,
    runner: Runner,
    *,
    published: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Extract files (and the files under directories) into the dataset at ``root``: ``stored`` counts the
    documents extracted; contents listed already are skipped (``unchanged``) or listed under a new path
    (``copies``)."""
    manifest, report = Manifest(root), Report()
    listed, reusable = manifest.listings(), manifest.reusable(published)
    files = files_of(paths)
    groups: dict[str, list[File]] = {}  # the files to extract, each with the others of this run holding its content
    relisted: list[Listing] = []  # extracted contents under new paths
    for f in files:
        if f.sha256 in reusable:
            old = listed.get(f.path)
            if old and old.sha256 == f.sha256 and old.error is None:
                report.unchanged += 1
            else:
                relisted.append(replace(reusable[f.sha256], path=f.path, size=f.size))
        else:
            groups.setdefault(f.sha256 or f.path, []).append(f)
    manifest.append(relisted)
    report.copies += len(relisted)
    total = sum(f.size for f in files)
    done_bytes = total - sum(f.size for group in groups.values() for f in group)
    done_files = len(files) - sum(map(len, groups.values()))
    batches = chunks([(group[0], None) for group in groups.values()], runner.workers)
    for batch, results in zip(batches, runner.map(process, batches, (str(root), published, None), lost), strict=True):
        listings = []
        for (file, _), (listing, _) in zip(batch, results, strict=True):
            group = groups[file.sha256 or file.path]
            listings += [replace(listing, path=f.path, size=f.size) for f in group]
            if listing.error:
                report.failed += [f"{f.shown}: {listing.error}" for f in group]
            else:
                report.stored += 1
                report.copies += len(group) - 1
            done_files += len(group)
            done_bytes += sum(f.size for f in group)
        manifest.append(listings)
        if progress:
            progress(done_files, len(files), done_bytes, total)
    return report


def dataset_builder(root: Path, runner: Runner, *, extract: bool = True) -> Builder:
    """A :data:`kg.ingest.Builder` through ``runner``: files whose content the dataset at ``root`` holds are
    read back from it, the others extracted into it (``extract``) or, if it does not, failed as listed."""

    def build_files(files: list[File], published: str | None, resolver: Resolver) -> Iterator[Built | str]:
        manifest = Manifest(root)
        if extract:
            reusable = manifest.reusable(published)
            jobs = [(f, reusable.get(f.sha256 or "")) for f in files]
        else:
            listed = manifest.listings()
            jobs = [(f, listed[f.path]) for f in files]
        batches = chunks(jobs, runner.workers)
        results = runner.map(process, batches, (str(root), published, resolver), lost)
        for batch, done in zip(batches, results, strict=True):
            listings = [new for new, _ in done if new is not None]
            listings += [replace(old, path=f.path, size=f.size) for f, old in batch if old and old.path != f.path]
            manifest.append(listings)
            yield from (built for _, built in done)

    return build_files


def files_listed(root: Path) -> list[File]:
    """The files a dataset lists, as :func:`kg.ingest.load` takes them."""
    return [File(x.path, x.path, x.sha256, x.size) for x in Manifest(root).listings().values()]


def ingest_facts(
    store: RdfStore,
    root: Path,
    runner: Runner,
    *,
    overrides: Overrides | None = None,
    progress: Progress | None = None,
    batch_mb: float = BATCH_MB,
) -> Report:
    """Load the dataset at ``root`` into ``store`` as :func:`kg.ingest.ingest` loads files: resolved, in
    batches each committed atomically; files listed with an error are reported failed."""
    if not Manifest(root).path.is_file():
        raise FileNotFoundError(f"{root}: not a facts dataset (no manifest.jsonl)")
    build = dataset_builder(root, runner, extract=False)
    return load(store, files_listed(root), build, overrides=overrides, progress=progress, batch_mb=batch_mb)
