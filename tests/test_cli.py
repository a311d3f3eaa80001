"""The `kg` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.loaders.extract import sample_path


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_demo_stores_the_sample_and_writes_a_view(tmp_path):
    r = kg("demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "26 persons" in r.stdout and "9 agreements" in r.stdout
    html = (tmp_path / "kg-demo" / "view.html").read_text(encoding="utf-8")
    assert "陈一新" in html and "https://" not in html.split("kg-data")[0].lower().replace("w3id.org", "")


def test_extract_writes_json_lines_of_the_contract():
    r = kg("extract", str(sample_path()), "--published", "2014-10-31")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    kinds = {rec["kind"] for rec in records}
    assert {"person", "tenure", "participation", "agreement", "organization", "event"} <= kinds
    tenure = next(
        rec for rec in records if rec["kind"] == "tenure" and rec["person"] == "陈金彪" and rec["title"] == "市长"
    )
    assert tenure["org"] == "温州市人民政府"
    prov = tenure["provenance"]
    original = sample_path().read_text(encoding="utf-8")
    assert original[prov["start"] : prov["end"]].endswith("陈金彪")


def test_an_extractor_failure_is_one_line_and_the_other_files_are_done(tmp_path):
    boom = tmp_path / "boom.txt"
    boom.write_text("标题\n\n正文。\n", encoding="utf-8")
    script = (  # the extractor raises on one file, as a bug would
        "import kg.loaders.extract as e\n"
        "real = e.extract\n"
        "def extract(doc):\n"
        "    if doc.source.path.name == 'boom.txt':\n"
        "        raise KeyError('unexpected')\n"
        "    return real(doc)\n"
        "e.extract = extract\n"
        "from kg.cli import app\n"
        f"app(['extract', {str(boom)!r}, {str(sample_path())!r}])\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"kg: {boom}: extraction failed (KeyError: 'unexpected')"]
    assert '"陈金彪"' in r.stdout  # the next file is still extracted


def test_bad_file_gets_one_line_error_and_others_still_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = kg("extract", str(empty), str(sample_path()))
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "empty.txt" in lines[0]
    assert '"kind": "person"' in r.stdout


def test_sparql_binds_parameters_and_refuses_updates(tmp_path):
    store = tmp_path / "s"
    assert kg("ingest", str(sample_path()), "--store", str(store), "--published", "2014-10-31").returncode == 0
    q = "SELECT ?title WHERE { ?t org:member ?p ; bk:post/bk:title ?title . ?p schema:name ?name } ORDER BY ?title"
    r = kg("sparql", q, "--store", str(store), "--param", "name=郑邦良", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert [row["title"] for row in json.loads(r.stdout)] == ["主任", "党组书记", "副秘书长", "局长"]
    r = kg("sparql", "DELETE WHERE { ?s ?p ?o }", "--store", str(store))
    assert r.returncode == 2 and "--write" in r.stderr


def test_every_command_has_help():
    commands = "extract ingest remove sparql cypher push people export view validate demo"
    for command in commands.split():
        r = kg(command, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout, command


def test_version():
    r = kg("--version")
    assert r.returncode == 0 and r.stdout.startswith("bulletin-kg ")


def test_demo_prints_the_store_path_the_readme_shows(tmp_path):
    r = kg("demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for line in r.stdout.splitlines():
        if line.startswith(("Store:", "View:", "Browse:")):
            assert line in readme, line


def test_remove_by_file_name_says_what_it_removed(tmp_path):
    store = str(tmp_path / "s")
    assert kg("ingest", str(sample_path()), "--store", store, "--published", "2014-10-31").returncode == 0
    r = kg("remove", sample_path().name, "--store", store)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("removed doc-") and str(sample_path()) in r.stderr
    r = kg("remove", sample_path().name, "--store", store)
    assert r.returncode == 1 and "no such document" in r.stderr


def test_path_without_a_path_says_so_with_the_limit(tmp_path):
    store = str(tmp_path / "s")
    assert kg("ingest", str(sample_path()), "--store", store, "--published", "2014-10-31").returncode == 0
    r = kg("ask", "path", "陈一新", "黄素庄", "--hops", "1", "--store", store)
    assert r.returncode == 1
    assert r.stderr.strip() == "kg: no path between 陈一新 and 黄素庄 within 1 hop (--hops, at most 4)"


def test_option_errors_name_the_option(tmp_path):
    store = str(tmp_path / "s")
    assert kg("ingest", str(sample_path()), "--store", store, "--published", "2014-10-31").returncode == 0
    r = kg("ask", "met", "陈一新", "--since", "yesterday", "--store", store)
    assert r.returncode == 2 and "--since" in r.stderr and "'yesterday' is not a date YYYY-MM-DD" in r.stderr
    r = kg("ask", "neighbourhood", "陈一新", "--hops", "9", "--store", store)
    assert r.returncode == 2 and "--hops" in r.stderr and "9 is not between 1 and 3" in r.stderr
