"""Identity across bulletins: one person, one event, one document however many bulletins tell them.

The bulletins in tests/identity/ were written for these tests (invented people, real places):
a Rui'an party office's report of the visit of the Wenzhou chamber of commerce in Beijing
(在京温州商会) and the chamber's own report of it (北京温州商会); a Shanghai chamber whose
president has the same name; a Wenzhou bulletin and a clipping without a city reporting one
meeting (市政府, 副市长); a company chairman, also vice chairman of Wenzhou's federation of industry
and commerce in the Wenzhou bulletin, and only chairman in a Hangzhou one; and a Ningbo
bulletin whose vice mayors are namesakes of both.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from kg import KnowledgeGraph
from kg.exports import export
from kg.identity import decide, identities
from kg.queries import library
from kg.resolve import Overrides, Profile, SeenPerson, SeenPost, place_of
from kg.web.document import document_page

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
    copies = [note for note in report.notes if "same text" in note]
    assert copies == [f"{f}: same text as {first} (one document)" for f in files[1:]]
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


# --- one person ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cities(tmp_path_factory) -> KnowledgeGraph:
    return stored(tmp_path_factory.mktemp("cities") / "s", WENZHOU, HANGZHOU, NINGBO)


def test_a_chairman_keyed_by_his_company_is_the_one_keyed_by_his_city(cities: KnowledgeGraph):
    zhengs = {tuple(r["keys"]): r["documents"] for r in named(cities, "郑立澄")}
    assert zhengs == {("郑立澄@星辰电器集团", "郑立澄@温州市"): 2, ("郑立澄@宁波市",): 1}  # and a vice mayor apart


def test_officials_of_two_cities_without_a_post_in_common_stay_apart(cities: KnowledgeGraph):
    assert sorted(k for r in named(cities, "周砚峰") for k in r["keys"]) == ["周砚峰@宁波市", "周砚峰@温州市"]
    assert len(named(cities, "周砚峰")) == 2


def test_heads_of_a_body_named_only_by_its_kind_in_two_cities_stay_two(tmp_path: Path):
    for city, month in (("温州市", 7), ("杭州市", 8)):  # every city has an 投资公司 and a 人民医院
        text = f"{city}政府办公室\n2016年{month}月20日\n\n座谈会召开\n\n{month}月12日，市政府召开民营企业座谈会，"
        (tmp_path / f"{month}.txt").write_text(text + "投资公司董事长韦晗松发言。人民医院院长庞怀瑾参加。\n")
    kg = stored(tmp_path / "s", tmp_path / "7.txt", tmp_path / "8.txt")
    for name in ("韦晗松", "庞怀瑾"):
        assert sorted(k for r in named(kg, name) for k in r["keys"]) == [f"{name}@杭州市", f"{name}@温州市"]


def test_kg_people_shows_why_two_keys_are_one_person(cities: KnowledgeGraph):
    rows = cities.identity("郑立澄")
    files = {r["file"]: r for r in rows}
    assert set(files) == {WENZHOU.name, HANGZHOU.name, NINGBO.name}
    chairman = files[HANGZHOU.name]
    assert chairman["person"] == "郑立澄@温州市" and chairman["key"] == "郑立澄@星辰电器集团"
    assert chairman["posts"] == ["董事长 · 星辰电器集团"] and chairman["place"] == "星辰电器集团 (from a post)"
    both = f"{HANGZHOU.name}, {WENZHOU.name}"
    assert chairman["why"] == [f"one with 郑立澄@温州市: post 董事长 · 星辰电器集团 ({both})"]
    assert files[WENZHOU.name]["id"] == chairman["id"] and files[NINGBO.name]["id"] != chairman["id"]
    assert files[NINGBO.name]["why"] == ["its key"] and files[NINGBO.name]["posts"] == ["副市长 · 宁波市人民政府"]
    assert any("星辰电器集团董事长郑立澄" in m for m in chairman["mentions"])


def test_the_facts_export_and_a_document_s_page_give_the_store_s_ids(cities: KnowledgeGraph):
    out = io.BytesIO()
    export(cities, "facts", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    exported = {r["id"] for r in records if r["kind"] == "person" and r["name"] == "郑立澄"}
    assert exported == {r["id"] for r in named(cities, "郑立澄")} and len(exported) == 2
    for entry in cities.store.entries().values():
        page = document_page(cities, entry)
        assert {p.id for p in page.facts.persons} <= {r["id"] for r in cities.people()}


def test_a_join_is_undone_by_splitting_the_key_off(tmp_path: Path):
    kg = stored(tmp_path / "s", WENZHOU, HANGZHOU)
    kg.set_overrides(json.dumps({"split": [{"key": "郑立澄@星辰电器集团", "documents": [HANGZHOU.name]}]}))
    assert len(named(kg, "郑立澄")) == 2
    [split] = [r for r in kg.identity("郑立澄") if r["file"] == HANGZHOU.name]
    assert split["why"] == ["split off by an override"]
    kg.set_overrides("{}")
    assert len(named(kg, "郑立澄")) == 1


def test_a_vice_mayor_of_a_clipping_without_a_city_is_the_one_of_the_city_whose_post_it_is(tmp_path: Path):
    kg = stored(tmp_path / "s", WENZHOU, CLIPPING)
    [zhou] = named(kg, "周砚峰")
    assert zhou["keys"] == ["周砚峰@", "周砚峰@温州市"] and zhou["documents"] == 2
    [clipped] = [r for r in kg.identity("周砚峰") if r["file"] == CLIPPING.name]
    assert clipped["why"] == ["one with 周砚峰@温州市: 副市长 read in 温州市 is 温州市人民政府 · 副市长"]


def test_with_a_namesake_in_another_city_the_clipping_s_vice_mayor_stays_apart(tmp_path: Path):
    kg = stored(tmp_path / "s", WENZHOU, CLIPPING, NINGBO)
    assert sorted(k for r in named(kg, "周砚峰") for k in r["keys"]) == ["周砚峰@", "周砚峰@宁波市", "周砚峰@温州市"]


def test_joins_do_not_depend_on_the_order_of_ingest_and_go_with_a_removed_bulletin(tmp_path: Path):
    forward = stored(tmp_path / "a", WENZHOU, HANGZHOU, CLIPPING, RUIAN, BEIJING_CHAMBER)
    backward = stored(tmp_path / "b", BEIJING_CHAMBER, RUIAN, CLIPPING, HANGZHOU, WENZHOU)
    assert {str(q) for q in forward.store.quads()} == {str(q) for q in backward.store.quads()}
    assert forward.remove(HANGZHOU)
    assert [r["keys"] for r in named(forward, "郑立澄")] == [["郑立澄@温州市"]]
    alone = stored(tmp_path / "c", WENZHOU, CLIPPING, RUIAN, BEIJING_CHAMBER)
    assert {str(q) for q in forward.store.quads()} == {str(q) for q in alone.store.quads()}


def test_officials_of_two_places_sharing_only_a_chamber_stay_apart():
    honorary = SeenPost("名誉会长", "org-9", "宁波温州商会", "宁波市", "b")

    def official(key: str, post: SeenPost) -> Profile:
        return Profile(place_of(key), "浙江省", (SeenPerson(key, key, True, (post, honorary)),))

    ningbo = official("郑立澄@宁波市", SeenPost("副主席", "org-1", "政协宁波市委员会", "宁波市", "g"))
    ruian = official("郑立澄@温州市", SeenPost("副市长", "org-2", "瑞安市人民政府", "温州市", "g"))
    decided = identities({"doc-1": ningbo, "doc-2": ruian}, Overrides())
    assert dict(decided.by_key) == {}
    [link] = decide([("doc-1", ningbo.persons[0]), ("doc-2", ruian.persons[0])], {}, Overrides()).links
    assert link.apart and link.why == "officials of 宁波市、温州市: 宁波温州商会 alone does not make them one"


# --- one event ----------------------------------------------------------------------------------


def test_a_visit_told_by_two_bulletins_is_one_event_with_two_sources(chambers: KnowledgeGraph):
    visits = [r for r in chambers.events() if r["kind"] == "Visit"]
    assert len({r["id"] for r in visits}) == 1 and len(visits) == 2  # one event, told by two documents
    [visit] = {r["id"] for r in visits}
    sources = library.answer("source", "sparql", chambers, fact=visit)
    assert {r["file"] for r in sources} == {RUIAN.name, BEIJING_CHAMBER.name}
    assert len({r["text"] for r in sources}) == 2


def test_the_same_day_s_other_event_with_the_same_official_stays_apart(chambers: KnowledgeGraph):
    on_the_day = {r["id"]: r["kind"] for r in chambers.events() if r["date"] == "2016-05-10"}
    assert sorted(on_the_day.values()) == ["Inspection", "Visit"]


def test_its_people_take_part_once_however_many_bulletins_tell_it(chambers: KnowledgeGraph):
    rows = chambers.sparql(
        "SELECT ?part (COUNT(DISTINCT ?s) AS ?sources) WHERE { ?part bk:participant/schema:name ?n ; "
        "bk:inEvent/bk:kind ?k ; prov:wasDerivedFrom ?s } GROUP BY ?part",
        n="陈恪东",
        k="Visit",
    )
    assert [r["sources"] for r in rows] == [2]


def test_a_meeting_told_by_a_clipping_is_the_city_s_meeting(tmp_path: Path):
    kg = stored(tmp_path / "s", WENZHOU, CLIPPING)
    meetings = {r["id"] for r in kg.events() if r["date"] == "2016-07-12"}
    assert len(meetings) == 1
