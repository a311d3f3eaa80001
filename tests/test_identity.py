"""Identity across bulletins: one person, one event, one document however many bulletins tell them.

The bulletins in tests/identity/ were written for these tests (invented people, real places):
a Rui'an party office's report of the visit of the Wenzhou chamber of commerce in Beijing
(在京温州商会) and the chamber's own report of it (北京温州商会); a Shanghai chamber whose
president has the same name; a Wenzhou bulletin and a clipping without a city reporting one
meeting (市政府, 副市长); a company chairman in a Wenzhou and a Hangzhou bulletin; and a Ningbo
bulletin whose vice mayors are namesakes of both.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from kg import KnowledgeGraph

HERE = Path(__file__).parent / "identity"
RUIAN, BEIJING_CHAMBER = HERE / "ruian-2016-05.txt", HERE / "beijing-chamber-2016-05.txt"
SHANGHAI_CHAMBER = HERE / "shanghai-chamber-2016-06.txt"
WENZHOU, CLIPPING = HERE / "wenzhou-2016-07.txt", HERE / "clipping-2016-07.txt"
HANGZHOU, NINGBO = HERE / "hangzhou-2016-09.txt", HERE / "ningbo-2016-10.txt"
PUBLISHED = "2016-12-31"  # only the clipping needs it (it has no date of its own)


def stored(path: Path, *bulletins: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph.open(path)
    for bulletin in bulletins:
        kg.ingest(bulletin, PUBLISHED if bulletin == CLIPPING else None)
    return kg


def named(kg: KnowledgeGraph, name: str) -> list[dict]:
    return [r for r in kg.people() if r["name"] == name]


@pytest.fixture(scope="module")
def chambers(tmp_path_factory) -> KnowledgeGraph:
    return stored(tmp_path_factory.mktemp("chambers") / "s", RUIAN, BEIJING_CHAMBER, SHANGHAI_CHAMBER)


def test_a_chamber_named_by_the_city_it_sojourns_in_is_one_body(chambers: KnowledgeGraph):
    [chamber] = [r for r in chambers.organizations() if r["name"].endswith("温州商会") and "京" in r["name"]]
    assert chamber["name"] == "北京温州商会" and chamber["aliases"] == ["在京温州商会"]
    assert chamber["documents"] == 2


def test_its_president_is_one_person_and_a_namesake_elsewhere_another(chambers: KnowledgeGraph):
    lins = {tuple(r["keys"]): r["documents"] for r in named(chambers, "林澍涛")}
    assert lins == {("林澍涛@北京市",): 2, ("林澍涛@上海市",): 1}


# --- one document ------------------------------------------------------------------------------


def same_text_in_three_files(folder: Path) -> list[Path]:
    """The Rui'an bulletin as UTF-8 with LF, as GB18030 with CRLF, and as a .docx."""
    folder.mkdir()
    text = RUIAN.read_text(encoding="utf-8")
    utf8, gb, word = folder / "a-utf8.txt", folder / "b-gb18030.txt", folder / "c.docx"
    utf8.write_text(text, encoding="utf-8")
    gb.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(word)
    return [utf8, gb, word]


def test_the_same_text_in_two_encodings_and_a_docx_is_one_document(tmp_path: Path):
    files = same_text_in_three_files(tmp_path / "in")
    kg = KnowledgeGraph.open(tmp_path / "s")
    report = kg.ingest(tmp_path / "in")
    assert (report.stored, report.copies) == (1, 2)
    first = files[0].resolve()
    assert report.same_text == [f"{files[1]}: same text as {first}", f"{files[2]}: same text as {first}"]
    [doc] = kg.documents()
    assert doc["sources"] == sorted(str(f.resolve()) for f in files)
    again = kg.ingest(tmp_path / "in")  # nothing is read again: the copies' bytes are known
    assert (again.stored, again.copies, again.unchanged) == (0, 0, 3)
    assert [r["documents"] for r in named(kg, "林澍涛")] == [1]


def test_kg_ingest_says_a_file_was_a_copy(tmp_path: Path):
    files = same_text_in_three_files(tmp_path / "in")
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", str(files[0]), str(files[1]), "--store", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert f"{files[1]}: same text as {files[0].resolve()} (one document)" in run.stderr
    assert "1 stored, 0 unchanged, 1 copies of stored content" in run.stderr
