"""Identity across bulletins: one person, one event, one document however many bulletins tell them.

The bulletins in tests/identity/ were written for these tests (invented people, real places):
a Rui'an party office's report of the visit of the Wenzhou chamber of commerce in Beijing
(在京温州商会) and the chamber's own report of it (北京温州商会); a Shanghai chamber whose
president has the same name; a Wenzhou bulletin and a clipping without a city reporting one
meeting (市政府, 副市长); a company chairman in a Wenzhou and a Hangzhou bulletin; and a Ningbo
bulletin whose vice mayors are namesakes of both.
"""

from __future__ import annotations

from pathlib import Path

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
