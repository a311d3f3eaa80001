"""Places carry their administrative division code and coordinates; a renamed place is one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.loaders.extract import extract_path, sample_path
from kg.loaders.places import places


def test_organizations_have_their_jurisdiction_with_its_code(tmp_path: Path):
    facts = extract_path(sample_path(), "2014-10-31")
    by_name = {o.name: o for o in facts.organizations}
    committee = by_name["中共温州市委"].jurisdiction
    assert (committee.name, committee.code, committee.level) == ("温州市", "330300", "city")
    assert committee.latitude == pytest.approx(28.0, abs=0.1) and committee.longitude == pytest.approx(120.7, abs=0.1)
    assert by_name["浙江省人民政府经济合作交流办公室"].jurisdiction.code == "330000"
    located = [e.location for e in facts.events if e.location and e.location.code]
    assert located and all(len(p.code) == 6 for p in located)


def test_a_district_body_is_of_its_district():
    place = places().area_of("中共温州市鹿城区委")
    assert (place.full, place.code) == ("浙江省温州市鹿城区", "330302")


def test_a_renamed_place_is_one_place_with_both_names(tmp_path: Path):
    old = tmp_path / "xiangfan-2009-05.txt"
    old.write_text("襄樊政务信息\n2009年第5期\n\n招商动态\n\n5月8日，襄樊市人民政府副市长王建明会见客商。\n", "utf-8")
    new = tmp_path / "xiangyang-2015-05.txt"
    new.write_text("襄阳政务信息\n2015年第5期\n\n招商动态\n\n5月8日，襄阳市人民政府副市长李文华会见客商。\n", "utf-8")
    kg = KnowledgeGraph.open(tmp_path / "store")
    kg.ingest([old, new])
    rows = kg.sparql(
        "SELECT DISTINCT ?place ?name ?alias ?code WHERE { ?org bk:jurisdiction ?place . ?place schema:name ?name ;"
        " bk:adminCode ?code OPTIONAL { ?place schema:alternateName ?alias } }"
    )
    assert {(r["name"], r["alias"], r["code"]) for r in rows} == {("襄阳市", "襄樊市", "420600")}
    assert len({r["place"] for r in rows}) == 1
