"""Fuzzing the readers and the extractor: any input ends in facts or in one clear BulletinError.

Random bytes, truncated and mutated copies of the sample bulletin, giant lines, deeply
nested HTML, zip bombs and corrupt archives named .docx: ``extract_path`` (and the
records ``kg extract`` prints) must either succeed or raise :class:`BulletinError` with
a one-line ``"<path>: <reason>"``; never another exception. ``kg extract`` itself must
print one ``kg: <path>: <reason>`` line per bad file, no traceback, and exit non-zero.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from itertools import count
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.loaders.extract import extract_path, sample_path
from kg.loaders.read import MAX_DOCX_RATIO, MAX_HTML_DEPTH, MAX_LINE_CHARS, BulletinError
from kg.records import to_records

SAMPLE = sample_path().read_bytes()
SAMPLE_TEXT = SAMPLE.decode("utf-8")
SUFFIXES = (".txt", ".html", ".docx", ".htm", "")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_names = count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write(directory: Path, data: bytes, suffix: str) -> Path:
    """``data`` in a new file of ``directory`` with ``suffix``."""
    path = directory / f"f{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


def outcome(path: Path) -> str:
    """``"facts"`` if the file extracts, ``"refused"`` if it raises a well-formed BulletinError."""
    try:
        to_records(extract_path(path))
    except BulletinError as e:
        message = str(e)
        assert message.startswith(f"{path}: ") and len(message) > len(f"{path}: ")
        assert "\n" not in message and "Traceback" not in message
        return "refused"
    return "facts"


# ---------- inputs ----------


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A real .docx holding ``paragraphs``."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SAMPLE_DOCX = docx_bytes(SAMPLE_TEXT.split("\n")[:40])


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def lying_sizes(archive: bytes, declared: int) -> bytes:
    """``archive`` with every member's uncompressed size rewritten to ``declared`` (a classic bomb)."""
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for m in re.finditer(re.escape(signature), bytes(data)):
            struct.pack_into("<I", data, m.start() + offset, declared)
    return bytes(data)


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, bytes deleted, bytes inserted) edits, positions taken modulo the length."""
    out = bytearray(data)
    for position, deleted, inserted in edits:
        at = position % (len(out) + 1)
        out[at : at + deleted] = inserted
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 64), st.binary(max_size=16)), min_size=1, max_size=8)


# ---------- properties ----------


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(workdir: Path, data: bytes, suffix: str) -> None:
    outcome(write(workdir, data, suffix))


@FUZZ
@given(cut=st.integers(0, len(SAMPLE)), suffix=st.sampled_from(SUFFIXES))
def test_truncated_sample(workdir: Path, cut: int, suffix: str) -> None:
    outcome(write(workdir, SAMPLE[:cut], suffix))


@FUZZ
@given(edits=EDITS, codec=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"]))
def test_mutated_sample(workdir: Path, edits: list[tuple[int, int, bytes]], codec: str) -> None:
    encoded = SAMPLE_TEXT.encode(codec, errors="replace")
    outcome(write(workdir, mutate(encoded, edits), ".txt"))


@FUZZ
@given(edits=EDITS)
def test_mutated_sample_as_html(workdir: Path, edits: list[tuple[int, int, bytes]]) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in SAMPLE_TEXT.split("\n"))
    page = f"<html><head><meta charset='utf-8'></head><body><article>{paragraphs}</article></body></html>"
    outcome(write(workdir, mutate(page.encode(), edits), ".html"))


@settings(max_examples=6, deadline=None)
@given(
    excess=st.integers(-20, 20),
    line=st.sampled_from(["市长陈金彪出席会议。", "x", "，"]),
    suffix=st.sampled_from([".txt", ".html"]),
)
def test_giant_lines(workdir: Path, excess: int, line: str, suffix: str) -> None:
    """Lines around the 200,000-character limit, of sentences, of one letter, of commas."""
    length = MAX_LINE_CHARS + excess
    text = (line * (length // len(line) + 1))[:length]
    path = write(workdir, ("标题\n\n" + text + "\n").encode(), suffix)
    result = outcome(path)
    if suffix == ".txt":
        assert result == ("refused" if length > MAX_LINE_CHARS else "facts")


@FUZZ
@given(
    depth=st.integers(1, 3 * MAX_HTML_DEPTH),
    tags=st.lists(st.sampled_from(["div", "span", "section", "p", "li", "table", "b", "a"]), min_size=1, max_size=4),
    closed=st.booleans(),
)
def test_deeply_nested_html(workdir: Path, depth: int, tags: list[str], closed: bool) -> None:
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if closed else ""
    page = f"<html><body>{opening}市长陈金彪出席会议。{closing}</body></html>"
    outcome(write(workdir, page.encode(), ".html"))


@settings(max_examples=8, deadline=None)
@given(megabytes=st.integers(2, 40), byte=st.sampled_from([b" ", b"\0", b"<w:p/>"]))
def test_zip_bomb_docx_is_refused(workdir: Path, megabytes: int, byte: bytes) -> None:
    """A document part that inflates more than MAX_DOCX_RATIO times, past 1 MB."""
    payload = byte * (megabytes * 1024 * 1024 // len(byte))
    archive = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": payload})
    assert len(payload) > MAX_DOCX_RATIO * len(archive)
    assert outcome(write(workdir, archive, ".docx")) == "refused"


@settings(max_examples=8, deadline=None)
@given(declared=st.integers(0, 10_000))
def test_zip_bomb_with_lying_sizes_is_refused(workdir: Path, declared: int) -> None:
    """Headers that understate how much a 30 MB document part inflates to."""
    archive = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (30 * 1024 * 1024)})
    assert outcome(write(workdir, lying_sizes(archive, declared), ".docx")) == "refused"


@FUZZ
@given(edits=EDITS)
def test_corrupt_docx(workdir: Path, edits: list[tuple[int, int, bytes]]) -> None:
    outcome(write(workdir, mutate(SAMPLE_DOCX, edits), ".docx"))


@FUZZ
@given(cut=st.integers(0, len(SAMPLE_DOCX)))
def test_truncated_docx(workdir: Path, cut: int) -> None:
    outcome(write(workdir, SAMPLE_DOCX[:cut], ".docx"))


def test_real_docx_extracts(workdir: Path) -> None:
    assert outcome(write(workdir, SAMPLE_DOCX, ".docx")) == "facts"


# ---------- the command line ----------

BAD_FILES: dict[str, Callable[[], bytes]] = {
    "random.txt": lambda: bytes(range(256)) * 8,
    "nested.html": lambda: b"<html><body>" + b"<div>" * (2 * MAX_HTML_DEPTH) + b"</body></html>",
    "bomb.docx": lambda: zip_bytes({"word/document.xml": b" " * (20 * 1024 * 1024)}),
    "liar.docx": lambda: lying_sizes(zip_bytes({"word/document.xml": b"<w:p/>" * 2_000_000}), 100),
    "truncated.docx": lambda: SAMPLE_DOCX[: len(SAMPLE_DOCX) // 2],
    "giant-line.txt": lambda: ("，" * (MAX_LINE_CHARS + 1)).encode(),
    "empty.htm": lambda: b"<html><body><script>x()</script></body></html>",
}


def test_cli_prints_one_line_per_bad_file_and_no_traceback(tmp_path: Path) -> None:
    paths = [write(tmp_path, make(), Path(name).suffix) for name, make in BAD_FILES.items()]
    paths.append(write(tmp_path, mutate(SAMPLE, [(5000, 40, b"\xff\xfe"), (9001, 0, b"\x81")]), ".txt"))
    refused = [path for path in paths if outcome(path) == "refused"]
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", *map(str, paths)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == len(refused) >= len(BAD_FILES), run.stderr
    for path, line in zip(refused, lines, strict=True):
        assert re.fullmatch(rf"kg: {re.escape(str(path))}: \S.*", line), line
