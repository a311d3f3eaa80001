"""Resolution across bulletins: one node per official, namesakes apart, timelines, overrides.

The two bulletins in tests/resolution/ were written for these tests: a Wenzhou bulletin
of November 2014 naming the sample's officials again, and a Hangzhou one of December 2014
naming another 王军 and the provincial official 夏炳荣.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.loaders.extract import extract_path, sample_path
from kg.resolve import Overrides, Resolver, absolute, alias_index, jurisdiction, person_id

HERE = Path(__file__).parent / "resolution"
WENZHOU_NOV, HANGZHOU = HERE / "wenzhou-2014-11.txt", HERE / "hangzhou-2014-12.txt"
ALL = [sample_path(), WENZHOU_NOV, HANGZHOU]


def stored(tmp_path: Path, paths: list[Path], name: str = "store") -> KnowledgeGraph:
    kg = KnowledgeGraph.open(tmp_path / name)
    for path in paths:  # the sample has no header date; the others date themselves
        kg.ingest(path, "2014-10-31" if path == sample_path() else None)
    return kg


def named(kg: KnowledgeGraph, name: str) -> list[dict]:
    return [r for r in kg.people() if r["name"] == name]


@pytest.fixture(scope="module")
def sample_only(tmp_path_factory) -> KnowledgeGraph:
    return stored(tmp_path_factory.mktemp("one"), [sample_path()])


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> KnowledgeGraph:
    return stored(tmp_path_factory.mktemp("three"), ALL)


def test_a_second_bulletin_adds_events_not_people(sample_only: KnowledgeGraph, three: KnowledgeGraph):
    before, after = sample_only.counts(), three.counts()
    new_people = {"林振宇"}  # everyone else in the November bulletin is in the sample already
    hangzhou = {"王军"}  # a namesake: 王军 of the sample is 龙湾区委书记 in Wenzhou
    assert after["Person"] == before["Person"] + len(new_people) + len(hangzhou)
    assert after["Event"] == before["Event"] + 2 + 1
    for name in ("陈一新", "陈金彪", "朱忠明", "郑邦良"):
        [person] = named(three, name)
        assert person["documents"] == 2 and person["keys"] == [f"{name}@温州市"]


def test_the_tenure_timeline_spans_the_bulletins(three: KnowledgeGraph):
    [secretary] = [r for r in three.posts_of("陈一新") if r["title"] == "书记"]
    assert secretary["org"] == "中共温州市委"
    assert (secretary["first_observed"], secretary["last_observed"], secretary["observations"]) == (
        "2014-10-31",
        "2014-11-28",
        2,
    )
    mayor = {r["title"]: r["last_observed"] for r in three.posts_of("陈金彪")}
    assert mayor == {"副书记": "2014-11-28", "市长": "2014-11-28"}


def test_namesakes_in_unrelated_places_stay_apart(three: KnowledgeGraph):
    wangs = named(three, "王军")
    assert sorted(k for r in wangs for k in r["keys"]) == ["王军@杭州市", "王军@温州市"]
    posts = {(r["person"], r["title"], r["org"]) for r in three.posts_of("王军")}
    assert {(t, o) for _, t, o in posts} == {("书记", "中共温州市龙湾区委"), ("副市长", "杭州市人民政府")}
    assert len({p for p, _, _ in posts}) == 2


def test_a_provincial_official_is_one_person_in_every_city(three: KnowledgeGraph):
    [xia] = named(three, "夏炳荣")
    assert xia["keys"] == ["夏炳荣@浙江省"] and xia["documents"] == 2


def test_identifiers_do_not_depend_on_the_order_of_ingest(three: KnowledgeGraph, tmp_path: Path):
    reverse = stored(tmp_path, ALL[::-1])
    assert {str(q) for q in reverse.store.quads()} == {str(q) for q in three.store.quads()}


def test_overrides_merge_then_undo(tmp_path: Path):
    kg = stored(tmp_path, ALL)
    assert kg.set_overrides('{"merge": [["王军@温州市", "王军@杭州市"]]}') == 1  # the Hangzhou bulletin
    [wang] = named(kg, "王军")
    assert wang["id"] == person_id("王军@温州市") and wang["keys"] == ["王军@杭州市", "王军@温州市"]
    assert {r["person"] for r in kg.posts_of("王军")} == {wang["id"]}
    assert kg.set_overrides("{}") == 1
    assert len(named(kg, "王军")) == 2


def test_overrides_split_a_namesake_out_of_one_document(tmp_path: Path):
    kg = stored(tmp_path, ALL)
    split = {"split": [{"key": "陈一新@温州市", "documents": [WENZHOU_NOV.name], "as": "陈一新@温州市#2"}]}
    (tmp_path / "o.json").write_text(json.dumps(split, ensure_ascii=False), encoding="utf-8")
    assert kg.set_overrides(tmp_path / "o.json") == 1
    chens = {tuple(r["keys"]): r["documents"] for r in named(kg, "陈一新")}
    assert chens == {("陈一新@温州市",): 1, ("陈一新@温州市#2",): 1}
    assert sorted(r["last_observed"] for r in kg.posts_of("陈一新")) == ["2014-10-31", "2014-11-28"]


def test_overrides_apply_to_documents_ingested_later(tmp_path: Path):
    kg = KnowledgeGraph.open(tmp_path / "s")
    kg.set_overrides(Overrides(organizations=(("在京温州商会", "北京温州商会"),)))
    kg.ingest(sample_path(), "2014-10-31")
    org = next(r for r in kg.organizations() if r["name"] == "北京温州商会")
    assert org["aliases"] == ["在京温州商会"]
    assert [r["org"] for r in kg.posts_of("吴家齐")] == ["北京温州商会"]


def test_cli_installs_an_overrides_file_and_rejects_a_malformed_one(tmp_path: Path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"merge": [["王军@温州市", "王军@杭州市"]]}', encoding="utf-8")
    bad.write_text('{"merge": [["王军@温州市", "李四@杭州市"]]}', encoding="utf-8")
    store = str(tmp_path / "s")
    run = [sys.executable, "-m", "kg.cli", "ingest", str(HANGZHOU), "--store", store]
    r = subprocess.run([*run, "--overrides", str(bad)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and r.stderr.startswith(f"kg: {bad}: merge") and "one name" in r.stderr
    r = subprocess.run([*run, "--overrides", str(good)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "s" / "overrides.json").read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
    assert named(KnowledgeGraph.open(store), "王军")[0]["id"] == person_id("王军@温州市")


def test_removing_a_bulletin_shortens_the_timeline(tmp_path: Path):
    kg = stored(tmp_path, ALL)
    assert kg.remove(WENZHOU_NOV)
    [secretary] = [r for r in kg.posts_of("陈一新") if r["title"] == "书记"]
    assert (secretary["last_observed"], secretary["observations"]) == ("2014-10-31", 1)
    assert [r["name"] for r in kg.people() if r["name"] == "林振宇"] == []


def test_jurisdiction_of_organization_names():
    assert jurisdiction("中共温州市鹿城区委") == "温州市"
    assert jurisdiction("鹿城区财政局", "温州市", "浙江省") == "温州市"
    assert jurisdiction("浙江省商务厅") == "浙江省"
    assert jurisdiction("中共中央") == "中国"
    assert jurisdiction("在京温州商会") is None  # a short place name counts only at the start
    assert jurisdiction("好莱坞（中国）投资集团") is None


def test_only_place_anchored_aliases_are_learnt():
    assert absolute("温州市经合办") and absolute("温州市委")
    assert not absolute("市经合办") and not absolute("瑞安") and not absolute("我办")
    index = alias_index([{"温州市经合办": "温州市经济合作交流办公室"}, {"新区管委会": "甲"}, {"新区管委会": "乙"}])
    assert index == {"温州市经合办": "温州市经济合作交流办公室"}  # the ambiguous one is left out


def test_an_organization_named_by_a_learnt_alias_becomes_the_full_organization():
    facts = extract_path(sample_path(), "2014-10-31")
    office = next(o for o in facts.organizations if o.name == "温州市经济合作交流办公室")
    facts.organizations[facts.organizations.index(office)] = replace(office, name="温州市经合办", aliases=set())
    resolved = Resolver(aliases={"温州市经合办": "温州市经济合作交流办公室"}).resolve(facts).facts
    [org] = [o for o in resolved.organizations if o.id == office.id]
    assert org.name == "温州市经济合作交流办公室" and "温州市经合办" in org.aliases
    assert {t.org for t in resolved.tenures if t.person == "郑邦良"} >= {"温州市经济合作交流办公室"}


def test_a_body_without_a_place_is_kept_apart_per_document(tmp_path: Path):
    text = (Path(__file__).parent / "bulletins" / "no-city.txt").read_text(encoding="utf-8")
    ids = []
    for i in range(2):
        path = tmp_path / f"no-city-{i}.txt"
        path.write_text(text + "\n" * (i + 1), encoding="utf-8")
        facts = Resolver().resolve(extract_path(path)).facts
        ids.append({o.id for o in facts.organizations if o.name == "市委"})
    assert ids[0] and ids[1] and ids[0].isdisjoint(ids[1])
