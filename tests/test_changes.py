"""Posts given and left: stated starts and ends, their dates and precision, successions.

One bulletin of our own per appointment or removal word (任命…为, 任, 当选, 提名为…候选人, 代理/代,
免去…职务, 不再担任, 辞去, 调任, 另有任用, 退休, 原/前, 挂职), in the habits of personnel news.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loaders.extract import extract_path
from kg.model import Facts, Tenure, precision

HEADER = "某县政务信息\n2016年第5期\n某县人民政府办公室  2016年5月20日\n\n人事任免\n\n"


def extract(tmp_path: Path, body: str) -> Facts:
    """A county bulletin of 20 May 2016 (our own text) with one item."""
    path = tmp_path / "renmian-2016-05.txt"
    path.write_text(HEADER + body + "\n", encoding="utf-8")
    return extract_path(path, "2016-05-20")


def held(f: Facts, person: str, title: str) -> Tenure:
    found = [t for t in f.tenures if t.person == person and t.title == title]
    assert len(found) == 1, [(t.person, t.title) for t in f.tenures]
    return found[0]


def given(t: Tenure) -> tuple[str | None, str | None]:
    """The stated start and end, and whether each was stated (a sentence for it)."""
    return (t.start if t.start_evidence else "-", t.end if t.end_evidence else "-")


MEETING = "5月12日，县人大常委会召开第三十次会议。"


@pytest.mark.parametrize(
    ("body", "person", "title", "expected"),
    [
        # 任命…为: given on the day of the meeting that decided it
        (MEETING + "会议决定任命孙立明为竹溪县人民政府副县长。", "孙立明", "副县长", ("2016-05-12", "-")),
        # 任: the sentence's person takes the posts written after it
        (MEETING + "经研究，钱文斌同志任中共竹溪县委常委、组织部部长。", "钱文斌", "部长", ("2016-05-12", "-")),
        # 当选: elected
        (MEETING + "会议选举产生新一届领导班子，周海燕当选为竹溪县商会会长。", "周海燕", "会长", ("2016-05-12", "-")),
        # 代理: an acting post of its own
        (
            MEETING + "会议决定任命吴建华为竹溪县人民政府副县长，代理竹溪县人民政府县长职务。",
            "吴建华",
            "代理县长",
            ("2016-05-12", "-"),
        ),
        # 免去…职务: left on the day of the meeting
        (MEETING + "会议决定免去郑晓光的竹溪县人民政府副县长职务。", "郑晓光", "副县长", ("-", "2016-05-12")),
        # 不再担任: left
        (MEETING + "冯国强同志不再担任竹溪县人民政府县长职务。", "冯国强", "县长", ("-", "2016-05-12")),
        # 辞去: a resignation accepted
        (MEETING + "会议决定接受陈志远辞去竹溪县人民政府县长职务的请求。", "陈志远", "县长", ("-", "2016-05-12")),
        # 调任: moved to a post, on the month the clause writes
        ("2015年12月，褚云峰调任竹溪县人民政府县长。", "褚云峰", "县长", ("2015-12", "-")),
        # 另有任用: a former post (原) left for another assignment, on a day not given
        (MEETING + "原副县长卫东升同志另有任用。", "卫东升", "副县长", ("-", None)),
        # 退休: the posts written with the name are left
        (MEETING + "县政协主席蒋文华同志退休。", "蒋文华", "主席", ("-", "2016-05-12")),
        # 原: a post held before the document
        (MEETING + "县人大常委会原主任沈立德出席会议。", "沈立德", "主任", ("-", None)),
        # 挂职: a seconded post, given
        (MEETING + "会议决定，韩立新挂职竹溪县人民政府副县长。", "韩立新", "副县长", ("2016-05-12", "-")),
        # a post given in a year alone
        ("2014年，杨光明任竹溪县人民政府副县长。", "杨光明", "副县长", ("2014", "-")),
    ],
)
def test_each_word_gives_a_start_or_an_end(tmp_path, body, person, title, expected):
    t = held(extract(tmp_path, "某县人事任免\n\n" + body), person, title)
    assert given(t) == expected
    stated = t.start_evidence or t.end_evidence
    assert stated is not None and person in stated.text  # the sentence that stated it


def test_a_list_of_appointments_under_its_cue_line(tmp_path):
    lines = ("任命：", "张建国为竹溪县发展和改革局局长；", "李红为竹溪县教育局局长。")
    lines += ("免去：", "王明的竹溪县教育局局长职务。")
    f = extract(tmp_path, MEETING + "会议决定：\n" + "\n".join(lines))
    assert given(held(f, "张建国", "局长")) == given(held(f, "李红", "局长")) == ("2016-05-12", "-")
    assert held(f, "王明", "局长").end == "2016-05-12"


def test_several_elected_and_one_engaged_after_a_former_title(tmp_path):
    body = MEETING.replace("县人大常委会召开第三十次会议", "县侨联召开第三次代表大会") + (
        "王丽当选为竹溪县归国华侨联合会主席，张强、李娜当选为副主席。会议聘请县人大常委会原副主任陈明为名誉主席。"
    )
    f = extract(tmp_path, "县侨联换届\n\n" + body)
    assert given(held(f, "张强", "副主席")) == given(held(f, "李娜", "副主席")) == ("2016-05-12", "-")
    assert given(held(f, "陈明", "名誉主席")) == ("2016-05-12", "-")  # 主任|陈明, no 任陈明
    assert {p.name for p in f.persons} == {"王丽", "张强", "李娜", "陈明"}


def test_a_profile_holds_its_current_post_and_a_proposed_one_is_none(tmp_path):
    body = "干部任前公示\n张伟，男，1978年5月生，现任竹溪县商务局副局长，拟任竹溪县商务局局长；\n"
    body += MEETING + "刘洋同志挂职任竹溪县县长助理。"
    f = extract(tmp_path, body)
    assert given(held(f, "张伟", "副局长")) == ("-", "-") and not any(t.title == "局长" for t in f.tenures)
    assert held(f, "刘洋", "县长助理").org == "竹溪县人民政府"


def test_a_nomination_is_no_post(tmp_path):
    f = extract(tmp_path, "人事任免\n\n" + MEETING + "朱德明同志任中共竹溪县委副书记，提名为竹溪县人民政府县长候选人。")
    assert given(held(f, "朱德明", "副书记")) == ("2016-05-12", "-")
    assert not any(t.title == "县长" for t in f.tenures)


def test_a_post_left_is_not_observed_on_the_document_date(tmp_path):
    f = extract(tmp_path, "人事任免\n\n" + MEETING + "会议决定免去许文涛的竹溪县人民政府副县长职务。")
    t = held(f, "许文涛", "副县长")
    assert t.observed is None and t.end == "2016-05-12"


def test_a_past_post_told_is_no_start(tmp_path):
    f = extract(tmp_path, "工作动态\n\n5月12日，何建平同志在任竹溪县人民政府县长期间主持修建了县城大桥。")
    assert all(t.start_evidence is None for t in f.tenures)


def test_successions_between_the_post_given_and_the_post_left(tmp_path):
    f = extract(
        tmp_path,
        "人事任免\n\n"
        + MEETING
        + "会议决定接受吕正华辞去竹溪县人民政府县长职务的请求，任命施家明为竹溪县人民政府副县长，代理县长职务；"
        "任命张晓燕、孔令伟为竹溪县人民政府副县长，免去曹文彬的竹溪县人民政府副县长职务。"
        "经研究决定，严志强同志任中共竹溪县委书记，华建国同志不再担任中共竹溪县委书记职务。",
    )
    acting, mayor = held(f, "施家明", "代理县长"), held(f, "吕正华", "县长")
    assert acting.replaces == [mayor.id] and mayor.replaced_by == [acting.id]  # an acting post succeeds too
    new, old = held(f, "严志强", "书记"), held(f, "华建国", "书记")
    assert new.replaces == [old.id] and old.replaced_by == [new.id]
    deputies = [t for t in f.tenures if t.title == "副县长"]
    assert deputies and all(not t.replaces and not t.replaced_by for t in deputies)  # many hold it at once


@pytest.mark.parametrize(
    ("iso", "expected"),
    [("2016-05-12", "day"), ("2016-05", "month"), ("2016", "year"), ("--05-12", "day, year unknown")],
)
def test_precision_of_a_date(iso, expected):
    assert precision(iso) == expected


def test_stated_dates_are_typed_by_their_precision_and_the_graph_conforms(tmp_path):
    import pyshacl
    from rdflib import XSD

    from kg.ontology import BK, ontology_graph, shapes_graph
    from kg.rdf import facts_to_graph

    f = extract(
        tmp_path,
        "人事任免\n\n2015年12月，褚云峰调任竹溪县人民政府县长，免去蔡立业的竹溪县人民政府县长职务。"
        "5月12日，县人大常委会原主任沈立德出席会议。",
    )
    g = facts_to_graph(f)
    starts = {o.datatype for o in g.objects(None, BK.statedStart)}
    assert starts == {XSD.gYearMonth}
    assert len(set(g.subject_objects(BK.replaces))) == 1 and len(set(g.subjects(BK.endStatedIn, None))) == 2
    ok, _, report = pyshacl.validate(g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs")
    assert ok, report
