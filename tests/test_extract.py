"""Extraction on bulletins written for these tests (our own sentences), one genre habit each."""

from __future__ import annotations

import gc
from pathlib import Path

import docx
import pytest

from kg.loaders.agreements import find_agreements
from kg.loaders.extract import extract_path, load_document, sample_path
from kg.loaders.read import BulletinError
from kg.model import Facts

HERE = Path(__file__).parent / "bulletins"


def run(name: str, published: str | None) -> Facts:
    return extract_path(HERE / name, published)


def extract_text(path: Path, text: str) -> Facts:
    """Extract a bulletin written by a test (its year from the file name)."""
    path.write_text(text, encoding="utf-8")
    return extract_path(path, None)


def tenures(f: Facts) -> set[tuple[str, str, str | None]]:
    return {(t.person, t.title, t.org) for t in f.tenures}


def roles(f: Facts) -> dict[tuple[str, str | None], set[str]]:
    out: dict[tuple[str, str | None], set[str]] = {}
    for p in f.participations:
        out.setdefault((p.person, p.date.isoformat() if p.date else None), set()).update(p.roles)
    return out


@pytest.fixture(scope="module")
def jiaxing() -> Facts:
    return run("jiaxing-2015-03.txt", "2015-03-10")


def test_city_named_only_in_the_source_line_resolves_abbreviations(jiaxing):
    assert jiaxing.document.city == "嘉兴市"
    assert ("罗建平", "书记", "中共嘉兴市委") in tenures(jiaxing)
    assert ("黄志坚", "副书记", "中共嘉兴市委") in tenures(jiaxing)
    assert ("黄志坚", "市长", "嘉兴市人民政府") in tenures(jiaxing)


def test_name_before_title_inside_a_sentence(jiaxing):
    assert ("陆永康", "副厅长", "浙江省商务厅") in tenures(jiaxing)


def test_byline_reporter_and_editor_are_persons(jiaxing):
    names = {p.name for p in jiaxing.persons}
    assert {"林晓东", "沈佳怡"} <= names
    assert any(t.person == "林晓东" and t.title == "记者" for t in jiaxing.tenures)


def test_relative_date_and_group_labels_without_posts(jiaxing):
    r = roles(jiaxing)
    assert r[("罗建平", "2015-03-09")] == {"attended", "speaker"}  # 昨天 = the day before publication
    for name in ("张德华", "钱玉明", "吴海生"):  # 市领导…，区领导…出席
        assert r[(name, "2015-03-09")] == {"attended"}
        assert not any(t.person == name for t in jiaxing.tenures)


def test_short_reference_takes_the_role(jiaxing):
    assert "speaker" in roles(jiaxing)[("黄志坚", "2015-03-09")]  # 黄市长要求…


def test_digest_items_are_separate_events(jiaxing):
    r = roles(jiaxing)
    assert r[("黄志坚", "2015-03-02")] == {"inspected"}
    assert r[("黄丽萍", "2015-03-02")] == {"accompanied"}
    assert r[("罗建平", "2015-03-03")] == {"met"}
    assert r[("陈国栋", "2015-03-03")] == {"met"}
    assert ("黄丽萍", "2015-03-03") not in r


def test_agreement_amount_area_and_parties(jiaxing):
    strategic = next(a for a in jiaxing.agreements if a.name == "战略合作协议")
    assert strategic.parties == ["嘉兴市人民政府", "新加坡丰源集团"]
    assert strategic.amount_yuan == 3_000_000_000 and strategic.area_mu == 200
    assert str(strategic.date) == "2015-03-03"


def test_distributive_agreements_share_place_prefixes(jiaxing):
    pairs = [a.parties for a in jiaxing.agreements if a.name == "结对协议"]
    assert pairs == [
        ["南湖区财政局", "秀洲区王店镇"],
        ["南湖区教育局", "秀洲区油车港镇"],
        ["南湖区卫生局", "秀洲区新塍镇"],
    ]


def test_signing_ceremony_attendance_is_not_signing(jiaxing):
    assert roles(jiaxing)[("周海鹰", "2015-03-05")] == {"attended"}  # 出席签约仪式


def test_every_mention_points_into_the_original_file(jiaxing):
    original = (HERE / "jiaxing-2015-03.txt").read_text(encoding="utf-8")
    for person in jiaxing.persons:
        for m in person.mentions:
            written = original[m.start : m.end]
            assert written == person.name or (written == "黄市长" and person.name == "黄志坚")
            assert original[m.sentence_start : m.sentence_start + len(m.text)] == m.text


def test_traditional_text_with_pinyin_glosses_keeps_spans():
    f = run("taipei-glosses.txt", "2015-03-10")
    original = (HERE / "taipei-glosses.txt").read_text(encoding="utf-8")
    lin = next(p for p in f.persons if p.name == "林文雄")
    mayor = next(p for p in f.persons if p.name == "黄志坚")
    assert original[mayor.mentions[0].start : mayor.mentions[0].end] == "黃志堅"
    assert original[lin.mentions[0].start : lin.mentions[0].end] == "林文雄"
    assert ("林文雄", "理事长", "台湾企业协会") in tenures(f)  # the gloss 企業(yè) does not break the org


def test_county_bulletin_names_that_are_words_and_same_surname():
    f = run("digest-names.txt", "2016-09-20")
    assert (f.document.city, f.document.local) == ("丽水市", "青田县")
    t = tenures(f)
    assert ("高明", "书记", "中共青田县委") in t  # 高明 is also a word
    assert ("于洋", "局长", "青田县经济和信息化局") in t  # weak surname 于, a title before it
    assert ("方向东", "主任", "工业园区管委会") in t  # 方向 is a word; 园区: the park the item named
    r = roles(f)
    assert r[("马平", "2016-09-12")] == {"accompanied", "speaker"}  # 马县长表示 → 马平, not 马文涛
    assert r[("马文涛", "2016-09-12")] == {"accompanied"}
    assert r[("王卫国", "2016-09-16")] == r[("朱丽", "2016-09-16")] == {"attended"}


def test_titles_without_names_give_no_person():
    f = run("digest-names.txt", "2016-09-20")
    assert not any(p.name in ("县领导", "区领导", "领导") for p in f.persons)


def test_gbk_file_reads_like_utf8(tmp_path):
    src = HERE / "jiaxing-2015-03.txt"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(src.read_text(encoding="utf-8").encode("gbk"))
    a, b = run("jiaxing-2015-03.txt", "2015-03-10"), extract_path(gbk, "2015-03-10")
    assert tenures(a) == tenures(b) and roles(a) == roles(b)


def test_event_without_date_is_recorded_without_participations(tmp_path):
    """A participation is in a dated event: an undated one is kept, nobody is said to take part."""
    path = tmp_path / "undated.txt"
    path.write_text("项目推进会召开\n\n日前，市委书记罗建平主持会议并讲话。\n", encoding="utf-8")
    f = extract_path(path, None)
    assert [e.date for e in f.events] == [None]
    assert f.participations == []


def test_structure_of_the_sample_bulletin():
    doc = load_document(Path(__file__).parents[1] / "kg" / "sample" / "bulletin-2014-10.txt", "2014-10-31")
    headlines = [i.headline for i in doc.items]
    assert "2014年第二期全国各地温州商会会长（秘书长）培训班在市委党校举办" in headlines  # split over two lines
    assert doc.items[3].source_line == "信息调研处"
    assert doc.items[8].section == "各地动态"
    assert [d.text for d in doc.distribution][:2] == ["省经合办", "陈一新书记"]
    assert doc.issuer == "温州市经济合作交流办公室"  # 我办


def test_distributive_pattern_in_isolation():
    found = find_agreements("甲市财政局、教育局分别与乙县某村、卫生局签订了结对协议")
    assert [a.parties for a in found] == [["甲市财政局", "乙县某村"], ["甲市教育局", "乙县卫生局"]]


def test_leaders_list_departments_and_transliterated_names():
    f = run("taizhou-2016-12.txt", "2016-12-28")
    t = tenures(f)
    assert ("钱如海", "主任", "台州市人大常委会") in t  # 常委 inside 人大常委会 is not a title
    assert ("李春生", "主席", "政协台州市委员会") in t
    assert ("周明", "部长", "中共台州市委组织部") in t  # 市委常委、组织部部长
    assert ("吴晓东", "副省长", "浙江省人民政府") in t
    assert ("陈思远", "记者", "新派融媒体") in t  # 记者 of the outlet named in the byline
    assert "杰里·布朗" in {p.name for p in f.persons}
    assert roles(f)[("周明", "2016-12-26")] == {"presided"}  # 会议由…主持
    signed = next(a for a in f.agreements if a.name == "战略合作框架协议")
    assert signed.parties == ["台州市商务局", "浙江大学"]


def test_no_city_named_and_words_that_look_like_names():
    f = run("no-city.txt", "2018-05-10")
    assert f.document.city is None  # 高建华 holds a county's short name (建华): not a jurisdiction
    assert {p.name for p in f.persons} == {"林海峰", "何平", "高建华", "石磊"}  # not 和分管, not 记者从…
    assert ("何平", "秘书长", "市委") in tenures(f)  # 市委常委、秘书长 shares the organization
    r = roles(f)
    assert r[("林海峰", "2018-05-08")] == {"inspected", "speaker"}
    assert r[("何平", "2018-05-08")] == r[("高建华", "2018-05-08")] == {"accompanied"}  # 陪同考察


def test_plural_titles_unnamed_agreements_and_object_names():
    f = run("ningbo-2019-04.txt", "2019-04-05")
    t = tenures(f)
    assert {("陈立平", "副市长", "宁波市人民政府"), ("刘志刚", "副市长", "宁波市人民政府")} <= t  # 副市长甲、乙
    assert "林志明" in {p.name for p in f.persons}  # 会见了…客商林志明; 据林志明介绍
    assert roles(f)[("林志明", "2019-04-02")] == {"met", "speaker"}
    [agreement] = f.agreements  # headline and body report the same signing
    assert agreement.parties == ["宁波市人民政府", "华东建设集团"]


def test_header_block_dates_the_bulletin_and_names_the_issuer():
    f = extract_path(HERE / "hangzhou-header.txt")  # no --published: the header's date is used
    doc = f.document
    assert doc.header == {
        "title": "工作简报",
        "issue": "第12期",
        "issuer": "杭州市经济合作办公室",
        "date": "2016年5月20日",
    }
    assert str(doc.published) == "2016-05-20" and doc.issuer == "杭州市经济合作办公室"
    assert [i.headline for i in doc.items] == ["我办召开项目推进会"]
    assert roles(f) == {("沈宏伟", "2016-05-19"): {"presided"}}  # 昨天 against the header's date
    assert f.events[0].organizer == "杭州市经济合作办公室"  # 我办召开


def test_a_masthead_of_the_issuer_and_the_title_on_one_line_is_no_headline(tmp_path):
    text = "某某市某某区人民政府 政务信息\n\n区领导走访慰问困难群众\n\n1月20日，区委书记王海带队走访慰问困难群众。\n"
    f = extract_text(tmp_path / "masthead.txt", text)
    assert f.document.header == {"issuer": "某某市某某区人民政府", "title": "政务信息"}
    assert [i.headline for i in f.document.items] == ["区领导走访慰问困难群众"]
    text = "某某市人民政府办公室   政务信息   2021年11月5日\n\n市领导调研\n\n11月3日，市长王海赴某某镇调研。\n"
    f = extract_text(tmp_path / "masthead-dated.txt", text)
    assert f.document.header == {"issuer": "某某市人民政府办公室", "title": "政务信息", "date": "2021年11月5日"}
    assert roles(f) == {("王海", "2021-11-03"): {"inspected"}}
    text = "某某市人民政府任免工作人员的通知\n（2020年8月14日）\n\n经研究决定：\n任命：\n张平为某某市商务局局长。\n"
    assert str(extract_text(tmp_path / "notice.txt", text).document.published) == "2020-08-14"  # the date in brackets


def test_district_bulletin_deputies_and_foreign_names():
    f = run("xiaoshan-2020-01.txt", "2020-01-12")
    t = tenures(f)
    assert ("朱建国", "书记", "中共杭州市萧山区委") in t  # 我区 … 区委, the district named in the source line
    assert ("徐明", "区长", "杭州市萧山区人民政府") in t
    assert ("钟丽娟", "副局长", "杭州市萧山区投资促进局") in t  # 局长甲…，副局长乙
    assert ("山田太郎", "社长", "日本丰田通商株式会社") in t  # a Japanese name after a title
    r = roles(f)
    assert r[("朱建国", "2020-01-08")] == {"presided"}  # 主持召开
    assert r[("山田太郎", "2020-01-10")] == {"met"}
    assert f.events[0].place == "区行政中心"
    [agreement] = f.agreements
    assert agreement.parties == ["杭州市萧山区人民政府", "丰田通商株式会社"]
    assert agreement.amount_yuan is None  # 2.5亿美元: not yuan, no exchange rate offline


def test_bracketed_and_numbered_section_headers():
    from kg.loaders.structure import split_items

    text = (
        "【招商动态】\n\n市长赴上海招商\n\n3月5日，市长赴上海。\n\n一、重要会议\n\n全市大会召开\n\n3月6日，大会召开。\n"
    )
    items, _, _ = split_items(text)
    assert [(i.headline, i.section) for i in items] == [("市长赴上海招商", "招商动态"), ("全市大会召开", "重要会议")]


def test_provincial_bulletin_and_attending_a_meeting():
    f = run("zhejiang-2021-06.txt", "2021-06-16")
    assert (f.document.province, f.document.city) == ("浙江省", None)  # 省长, 省政府: a province speaks
    t = tenures(f)
    assert ("王海川", "省长", "浙江省人民政府") in t
    assert ("施密特", "主席", "德国莱茵化工集团董事会") in t  # 董事 inside 董事会 is not the title
    r = roles(f)
    assert r[("王海川", "2021-06-15")] == r[("施密特", "2021-06-15")] == {"met", "speaker"}  # 他说
    assert r[("朱文斌", "2021-06-15")] == {"attended"}  # 参加会见
    assert f.events[0].place == "杭州"


def test_ambiguous_district_follows_the_city_named(tmp_path):
    path = tmp_path / "xihu.txt"
    path.write_text(
        "西湖区召开招商会\n\n3月1日，杭州市西湖区召开招商会，区长李明达出席。\n（西湖区投资促进局）\n", encoding="utf-8"
    )
    doc = extract_path(path, "2015-03-05").document
    assert (doc.city, doc.local) == ("杭州市", "西湖区")  # not 南昌市, which has a 西湖区 too


def test_a_presiding_official_is_not_an_organizer(tmp_path):
    path = tmp_path / "standing.txt"
    path.write_text("市委常委会召开\n\n3月2日，市委书记陈立新主持召开市委常委会会议。\n", encoding="utf-8")
    f = extract_path(path, "2015-03-05")
    assert f.events[0].organizer is None
    assert all("陈立新" not in o.name for o in f.organizations)


def test_a_date_in_the_file_name_gives_the_year(tmp_path: Path) -> None:
    """No header date, no --published: the issue's month in the file name dates the bulletin."""
    from kg.loaders.extract import sample_path

    text = Path(sample_path()).read_bytes()
    (tmp_path / "工作简报2016-11.txt").write_bytes(text)
    (tmp_path / "工作简报.txt").write_bytes(text)
    named = extract_path(tmp_path / "工作简报2016-11.txt")
    assert named.document.published.isoformat() == "2016-11-30"
    assert {e.date.year for e in named.events if e.date} == {2016}
    assert load_document(tmp_path / "工作简报.txt").published is None


def test_masthead_contents_digest_entries_and_days_of_the_month():
    f = run("jiujiang-2018-06.txt", None)
    doc = f.document
    # issuer and date on one masthead line; the table of contents is no item
    assert (doc.published.isoformat(), doc.issuer) == ("2018-06-28", "九江市商务局办公室")
    assert [i.headline for i in doc.items][:2] == ["我局赴厦门开展产业招商", "黄石市党政代表团来九江考察"]
    # 我局 and 局党组 are the issuer's bureau; a bare 公司 the one named before
    assert ("周文涛", "局长", "九江市商务局") in tenures(f)
    assert ("周文涛", "党组书记", "九江市商务局党组") in tenures(f)
    assert ("林志明", "董事长", "厦门鹭岛电子有限公司") in tenures(f)
    [agreement] = f.agreements
    assert (agreement.date.isoformat(), agreement.parties) == ("2018-06-14", ["九江市商务局", "厦门鹭岛电子有限公司"])
    # 13日下午 and 14日 open events of their own, in the month of the one before
    assert roles(f)[("林志明", "2018-06-13")] == {"met"}
    # a place named before a chain holds for the titles after it
    assert ("郭振华", "市长", "黄石市人民政府") in tenures(f)
    # ●瑞昌市 … : a county-level city's own news, dated on its own line
    assert ("陈立新", "市长", "瑞昌市人民政府") in tenures(f)
    assert ("陈立新", "副书记", "中共瑞昌市委") in tenures(f)
    assert roles(f)[("陈立新", "2018-06-05")] == {"accompanied"}
    assert roles(f)[("吴国平", "2018-06-20")] == {"attended", "speaker"}
    assert ("吴国平", "县长", "修水县人民政府") in tenures(f)


def test_given_names_bylines_and_words_that_are_not_names(tmp_path):
    f = extract_text(
        tmp_path / "names-2019-05.txt",
        "局机关召开领导班子民主生活会\n\n"
        "5月6日，局领导班子召开民主生活会，市人大常委会主任洪启发，县长赖春生，"
        "管委会主任刘书勤，商会会长邝永年出席。在副市长傅明的陪同下，代表团参观了园区。\n"
        "（综合科  萧敏 供稿）\n",
    )
    names = {p.name for p in f.persons}
    # surnames 洪 赖 傅 萧, given names with 书 年 and a final 发; bylines in the source line
    assert {"洪启发", "赖春生", "刘书勤", "邝永年", "傅明", "萧敏"} <= names
    assert not names & {"洪启", "班子", "班子民"}  # 领导班子 is a group, not a person
    assert ("傅明", "副市长", None) in tenures(f)  # 在副市长…的陪同下: 在 is no organization


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # the name before 签约, the venue between the parties and the project
            "市政府与南方星河科技有限公司战略合作协议签约仪式在宾馆举行",
            [("战略合作协议", ["市政府", "南方星河科技有限公司"])],
        ),
        (
            "甲县与乙集团在开发区举行光伏项目签约仪式，县长张三与乙集团总裁李四分别代表双方签约",
            [("光伏项目合作协议", ["甲县", "乙集团"])],
        ),
        (  # pairs joined by 、, each with its own 与
            "甲区政府与丙物流公司、丁区政府与戊冷链公司分别签约",
            [("合作协议", ["甲区政府", "丙物流公司"]), ("合作协议", ["丁区政府", "戊冷链公司"])],
        ),
        (  # one agreement per project of the pair; a place prefix shared once
            "富阳县园区管委会、县农业局分别与甲公司、乙公司签订了大米项目和蔬菜项目投资协议",
            [
                ("大米项目投资协议", ["富阳县园区管委会", "甲公司"]),
                ("蔬菜项目投资协议", ["富阳县农业局", "乙公司"]),
            ],
        ),
    ],
)
def test_agreement_patterns(sentence, expected):
    assert [(a.name, a.parties) for a in find_agreements(sentence)] == expected


def test_headline_and_body_of_one_signing_give_one_agreement(tmp_path):
    f = extract_text(
        tmp_path / "sign-2018-03.txt",
        "市政府与南方星河科技集团\n签署战略合作框架协议\n\n"
        "3月8日，市政府与深圳市南方星河科技集团有限公司战略合作框架协议签约仪式在宾馆举行。"
        "副市长张立国与董事长李明华代表双方在协议上签字。\n",
    )
    [agreement] = f.agreements
    assert agreement.parties[1] == "深圳市南方星河科技集团有限公司"  # the body's fuller name
    assert roles(f)[("张立国", "2018-03-08")] == {"signed"}


def test_a_person_named_on_a_headline_s_second_line_takes_part(tmp_path):
    f = extract_text(  # the headline's text is its lines joined: a name after the break is still read in place
        tmp_path / "met-2014-10.txt",
        "工作简报\n2014年10月31日\n\n市委书记王一明会见\n    香港客商代表团团长赵五德\n\n"
        "10月20日，市委书记王一明会见了香港客商代表团一行。\n",
    )
    assert roles(f)[("赵五德", "2014-10-20")] == {"met"}


def test_distribution_entries_joined_by_a_pause_and_visitors_coming_to_town(tmp_path):
    f = extract_text(
        tmp_path / "dist-2020-07.txt",
        "某国驻华使馆经济公使来唐考察\n\n"
        "7月3日，某国驻华使馆经济公使金正勋一行来唐考察，国开行河北省分行副行长周海峰陪同。\n\n"
        "报：市委赵明远书记、市政府钱立新市长，孙德胜常委、秘书长。\n",
    )
    assert "来唐" not in {p.name for p in f.persons}  # 来唐考察: comes to 唐山 for a visit
    assert ("金正勋", "经济公使", "某国驻华使馆") in tenures(f)
    assert ("周海峰", "副行长", "国家开发银行河北省分行") in tenures(f)
    titles = {(t.person, t.title) for t in f.tenures}
    assert {("赵明远", "书记"), ("钱立新", "市长"), ("孙德胜", "常委"), ("孙德胜", "秘书长")} <= titles
    assert ("赵明远", "市长") not in titles


def test_names_ending_like_a_verb_study_phrases_and_anonymised_people(tmp_path):
    f = extract_text(
        tmp_path / "study-2019-03.txt",
        "区政府召开常务会议\n\n"
        "3月5日，区长冯志强主持召开区政府常务会议，深入学习贯彻习近平总书记重要讲话精神，"
        "市政协主席罗永康列席会议。会议对白石镇镇长刘某进行约谈。\n\n"
        "县区动态\n\n"
        "临江县  3月12日，临江县召开招商大会，县长高志国出席并讲话。\n"
        "安平县：3月15日，安平县与甲集团、乙银行在省城签署三方合作协议，县长许文强出席。\n\n"
        "报：区委周国平书记\n编辑：韩雪  审核：潘立军\n",
    )
    names = {p.name for p in f.persons}
    assert {"冯志强", "习近平", "罗永康", "高志国", "许文强"} <= names  # 强 may end a name (强调 follows one)
    assert {"周国平", "韩雪", "潘立军"} <= names  # the credits after the distribution list
    assert not names & {"冯志", "刘某"}
    assert ("习近平", "总书记", "中共中央") in tenures(f)
    assert "习近平" not in {p.person for p in f.participations}  # his words are studied
    assert roles(f)[("罗永康", "2019-03-05")] == {"attended"}  # 列席
    # a place label before the date starts an entry of its own
    assert roles(f)[("高志国", "2019-03-12")] == {"attended", "speaker"}
    [agreement] = f.agreements  # three parties listed with 、, signed together
    assert (agreement.date.isoformat(), len(agreement.parties)) == ("2019-03-15", 3)


def test_representatives_sign_for_their_bodies():
    [a] = find_agreements("甲与乙分别代表某市人民政府和某某集团签订了《园区合作协议》")
    assert a.parties == ["某市人民政府", "某某集团"]
    [b] = find_agreements("副市长张三代表市政府与某某联盟签订《共建备忘录》")
    assert b.parties == ["市政府", "某某联盟"]
    assert find_agreements("张三、李四等参加签约仪式") == []


def test_next_day_agents_of_a_cue_and_titles_listed_together(tmp_path):
    f = extract_text(
        tmp_path / "trip-2019-04.txt",
        "宝鸡市党政代表团赴深圳考察\n\n"
        "4月26日，宝鸡市市长张立国率代表团赴深圳考察。"
        "次日上午，代表团拜访了深圳华锐电子科技集团，与集团董事长刘伟东、总裁许嘉明座谈。"
        "次日下午，集团副总裁孔祥斌一行在张立国陪同下考察了园区。推介会由副市长苏国良主持，我市与华锐集团签约。\n"
        "（王丽娜 供稿）\n",
    )
    assert roles(f)[("刘伟东", "2019-04-27")] == {"met"}  # 次日: the day after
    assert ("许嘉明", "总裁", "深圳华锐电子科技集团") in tenures(f)  # 董事长甲、总裁乙: the same group
    assert roles(f)[("孔祥斌", "2019-04-28")] == {"inspected"}  # 在某陪同下: the host accompanies
    assert roles(f)[("张立国", "2019-04-28")] == {"accompanied"}
    assert roles(f)[("苏国良", "2019-04-28")] == {"presided"}  # 由某主持: only him
    assert "王丽娜" in {p.name for p in f.persons}
    assert [a.parties[0] for a in f.agreements] == ["宝鸡市"]  # 我市: the city itself (not 赴深圳's)


def test_several_agreements_of_one_signing_sentence():
    found = find_agreements("甲区、乙县分别与丙公司、丁公司签订了零部件项目合作协议和显示模组项目投资合同")
    assert [(a.name, a.parties) for a in found] == [
        ("零部件项目合作协议", ["甲区", "丙公司"]),
        ("显示模组项目投资合同", ["乙县", "丁公司"]),
    ]


def test_appointments_give_posts(tmp_path):
    t = tenures(
        extract_text(
            tmp_path / "renmian-2019-05.txt",
            "温州市人大常委会任免名单\n\n"
            "5月8日，温州市人大常委会召开会议，决定任命张立国为市发展和改革委员会主任、李明华为市商务局局长，"
            "免去王海东的市教育局局长职务。会议选举刘德广为市政协副主席。陈建新同志任市委办公室主任。\n",
        )
    )
    assert {
        ("张立国", "主任", "温州市发展和改革委员会"),
        ("李明华", "局长", "温州市商务局"),
        ("刘德广", "副主席", "政协温州市委员会"),
        ("陈建新", "主任", "中共温州市委办公室"),
    } <= t
    assert ("王海东", "局长", "温州市教育局") in t  # 免去: the post held until then


def test_trip_reports_acting_and_seconded_posts_and_signing_tables(tmp_path):
    f = extract_text(
        tmp_path / "trip-2018-11.txt",
        "宝鸡招商信息专报\n\n中共宝鸡市委办公室          2018年11月30日\n\n"
        "我市代表团赴苏州无锡考察\n\n"
        "11月26日，市委副书记、代市长马国庆率团赴苏州考察，并与普陀区副区长钱慧芳进行了座谈。"
        "苏州市副市长高建东，苏州工业园区管委会主任王东海陪同。副县长（挂职）王晨宇参加考察。\n"
        "其中：\n1. 甲智能装备有限公司 与 宝鸡高新区管委会 签订 数控机床生产基地项目 投资额 12亿元\n\n"
        "英国驻广州总领事馆商务参赞来宝鸡考察\n\n11月28日，英国驻广州总领事馆商务参赞马丁·霍尔来宝鸡考察。\n",
    )
    t = tenures(f)
    assert f.document.city == "宝鸡市"  # the issuer's city, though the trip's is named as often
    assert ("马国庆", "代市长", "宝鸡市人民政府") in t  # 国庆 is a word, 马 a weak surname: a title before it
    assert ("钱慧芳", "副区长", "上海市普陀区人民政府") in t  # 与普陀区副区长: 与 is no part of it
    assert ("高建东", "副市长", "苏州市人民政府") in t
    assert "王晨宇" in {p.name for p in f.persons}  # （挂职） between the title and the name
    assert ("马丁·霍尔", "商务参赞", "英国驻广州总领事馆") in t
    assert not {"来宝鸡"} & {p.name for p in f.persons}
    [signed] = [a for a in f.agreements if a.name == "数控机床生产基地项目"]
    assert signed.parties == ["甲智能装备有限公司", "宝鸡高新区管委会"]


def test_minority_names_place_names_and_signers_with_their_bodies(tmp_path):
    f = extract_text(
        tmp_path / "pishan-2024-01.txt",
        "援疆工作简报\n\n安徽省援疆前方指挥部综合组          2024年1月15日\n\n"
        "援疆项目推进会召开\n\n"
        "1月10日，援疆项目推进会在皮山县召开。包河区委书记杜晓峰、皮山县委书记王志远出席并讲话，"
        "副县长阿依古丽·买买提、阿不都热合曼·吐尔逊出席。据了解，去年12月28日，王志远曾率团赴合肥考察。\n"
        "会上，副县长王建设代表县人民政府与新疆昆仑茶业有限公司董事长欧阳明辉签订项目投资合同，"
        "与天山物流有限公司签订了仓储合作协议。\n",
    )
    names = {p.name for p in f.persons}
    assert {"阿依古丽·买买提", "阿不都热合曼·吐尔逊", "王志远", "杜晓峰", "欧阳明辉"} <= names  # six before the dot
    assert "皮山" not in names  # 皮山县委: a place, not a person
    assert roles(f)[("王志远", "2023-12-28")] == {"led", "inspected"}  # 去年12月28日 behind 据了解
    contract, storage = f.agreements
    assert contract.parties[1] == "新疆昆仑茶业有限公司"  # the body, not its chairman
    assert storage.parties[1:] == ["天山物流有限公司"] and storage.parties[0] == contract.parties[0]


def test_a_docx_signing_table_and_masthead_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("芜湖市招商引资工作简报")
    masthead = document.add_table(rows=1, cols=2)
    masthead.cell(0, 0).text, masthead.cell(0, 1).text = "芜湖市投资促进局编", "2016年8月26日"
    document.add_paragraph("──────────────────")
    document.add_paragraph("我市在上海举办智能装备产业专题招商会")
    document.add_paragraph("8月23日，芜湖市智能装备产业专题招商会在上海举行，签约项目如下：")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("序号", "项目名称", "签约双方", "投资额"),
        ("1", "工业机器人减速器生产项目", "鸠江区人民政府—上海精工传动有限公司", "18亿元"),
        ("2", "激光加工装备产业园项目", "三山区人民政府—上海光锐激光设备有限公司", "20亿元"),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("编辑：何　静")
    path = tmp_path / "wuhu.docx"
    document.save(str(path))
    f = extract_path(path, None)
    assert (f.document.published.isoformat(), f.document.issuer) == ("2016-08-26", "芜湖市投资促进局")
    assert [(a.name, a.date.isoformat(), a.parties, a.amount_yuan) for a in f.agreements] == [
        ("工业机器人减速器生产项目", "2016-08-23", ["鸠江区人民政府", "上海精工传动有限公司"], 1.8e9),
        ("激光加工装备产业园项目", "2016-08-23", ["三山区人民政府", "上海光锐激光设备有限公司"], 2.0e9),
    ]
    assert "何静" in {p.name for p in f.persons}  # a two-character name padded with a space


def test_web_page_furniture_full_width_digits_and_spaces(tmp_path):
    f = extract_text(
        tmp_path / "page.txt",
        "当前位置：首页 > 政务公开 > 工作动态\n"
        "宜昌市政府与甲集团签署合作协议\n"
        "发布时间：2013-05-17 10:30  来源：市政府办\n"
        "【打印本页】【关闭窗口】\n"
        "５月１６日，市政府与甲集团签署合作协议，副市长\xa0王建国\xa0出席。\n",
    )
    assert f.document.published.isoformat() == "2013-05-17"
    assert f.document.items[0].headline == "宜昌市政府与甲集团签署合作协议"
    assert roles(f)[("王建国", "2013-05-16")] == {"attended"}


def test_a_source_line_written_twice_is_no_headline(tmp_path):
    f = extract_text(
        tmp_path / "twice-2019-11.txt",
        "我市举行招商会\n11月2日，我市举行招商会。\n（综合科）\n\n（综合科）\n\n"
        "甲集团与乙区管委会签订投资协议\n11月5日，甲集团与乙区管委会签订投资协议。\n",
    )
    assert [(a.name, a.parties) for a in f.agreements] == [("投资协议", ["甲集团", "乙区管委会"])]


def test_a_web_page_split_into_blocks_with_a_signing_table(tmp_path):
    page = tmp_path / "yichang-2019-11.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>政务信息</title></head><body>"
        "<div class='nav'>首页 | 政务公开</div>"
        "<div class='main'><div class='title'>宜昌市政府与华拓集团签署合作协议</div>"
        "<div class='info'>发布时间：2019-11-22</div>"
        "<p>11月20日，市政府与深圳市华拓电子集团签署战略合作协议。市长罗振宇出席。</p>"
        "<div class='content'><p>会上，高新区与客商签约项目2个，副市长王建国主持签约仪式。</p>"
        "<p>王建国表示，将全力做好服务保障，推动项目早日落地见效，实现互利共赢发展。</p>"
        "<table><tr><td>序号</td><td>项目名称</td><td>签约双方</td></tr>"
        "<tr><td>1</td><td>智能终端项目</td><td>宜昌高新区管委会—甲电子有限公司</td></tr></table></div></div>"
        "<div class='xgwz'>罗振宇会见新加坡客商（2019-05-10）</div>"
        "</body></html>",
        encoding="utf-8",
    )
    f = extract_path(page, None)
    assert f.document.published.isoformat() == "2019-11-22"
    assert roles(f)[("罗振宇", "2019-11-20")] == {"attended"}  # the first paragraph, outside the content block
    assert ("罗振宇", None) not in roles(f)  # the related-articles list is no content
    assert [a.name for a in f.agreements] == ["合作协议", "智能终端项目"]  # the headline's name, then the row


def test_words_that_stand_for_persons_named_before_in_the_event(tmp_path):
    f = extract_text(
        tmp_path / "shanghui-2019-11.txt",
        "11月30日，商会换届大会召开，县领导王建平、刘海燕出席会议。会上，县领导为新一届会长授牌。"
        "副县长周立新率县党政代表团拜访商会。会长陈海波与代表团一行座谈。"
        "市外办副主任赵立强等参加了会见。\n",
    )
    r = roles(f)
    assert r[("王建平", "2019-11-30")] == r[("刘海燕", "2019-11-30")] == {"attended", "awarded"}  # 县领导为…授牌
    assert r[("周立新", "2019-11-30")] == {"led", "met"}  # 与代表团座谈: with those who led it
    assert r[("赵立强", "2019-11-30")] == {"attended"}  # 参加了会见: 会见 is a noun


def test_the_guests_are_those_who_came(tmp_path):
    f = extract_text(
        tmp_path / "visit-2018-07.txt",
        "7月11日，乙市副市长陈智明和市政委员李华先生应邀来温访问。副市长王毅在市行政中心会见了客人一行，"
        "并向客人介绍了我市发展情况。在温期间，客人考察了科技园。\n",
    )
    r = roles(f)
    assert r[("陈智明", "2018-07-11")] == r[("李华", "2018-07-11")] == {"met", "inspected"}
    assert r[("王毅", "2018-07-11")] == {"met", "speaker"}  # the host: 会见了客人一行 is no coming of his


def test_what_a_speaker_speaks_to_or_of_is_no_act_of_his(tmp_path):
    f = extract_text(
        tmp_path / "visit-2022-11.txt",
        "11月2日，甲市党政代表团来我市考察。市委书记何志明会见代表团，何志明对甲市党政代表团来我市考察表示欢迎。"
        "代表团团长刘振华对我市的热情接待表示感谢。\n",
    )
    r = roles(f)
    assert r[("何志明", "2022-11-02")] == {"met", "speaker"}  # not 考察: the delegation's visit
    assert r[("刘振华", "2022-11-02")] == {"speaker"}


def test_a_department_named_after_a_cue_gives_no_role(tmp_path):
    f = extract_text(
        tmp_path / "qingdian-2025-06.txt",
        "6月13日，商会成立二十周年庆典举行，省工商联副主席王海明，省工商联组织建设部副部长黄立伟出席。\n",
    )
    assert roles(f)[("王海明", "2025-06-13")] == {"attended"}  # 组织建设部 is no 组织 (led)


def test_both_sides_are_those_who_met_and_a_medal_handed_out_is_awarded(tmp_path):
    f = extract_text(
        tmp_path / "zuotan-2025-08.txt",
        "8月20日，市委书记郑立新与某研究院院长高文涛一行座谈交流。座谈会上，双方分别介绍了发展情况。"
        "郑立新还走访慰问老战士，为他们发放纪念章。\n",
    )
    r = roles(f)
    assert r[("郑立新", "2025-08-20")] == {"met", "speaker", "inspected", "awarded"}
    assert r[("高文涛", "2025-08-20")] == {"met", "speaker"}  # 双方分别介绍


def test_a_cue_inside_a_quoted_name_is_no_act(tmp_path):
    f = extract_text(
        tmp_path / "qianyue-2010-08.txt",
        "8月21日，区长吴立平代表区政府与“某某协会高层考察交流团”成员企业签署了《合作框架协议》。\n",
    )
    assert roles(f)[("吴立平", "2010-08-21")] == {"signed"}  # not 考察 (inspected)


def test_a_visit_told_before_de_is_the_visitors_not_the_hosts(tmp_path):
    f = extract_text(
        tmp_path / "huijian-2015-05.txt",
        "5月6日，副市长郑朝晖会见了来温考察的香港温州商会会长林立新一行。市侨办主任黄海峰率领的代表团参观了园区。\n",
    )
    r = roles(f)
    assert r[("郑朝晖", "2015-05-06")] == {"met"}  # 来温考察的甲: 甲 came, not the host
    assert r[("林立新", "2015-05-06")] == {"met", "inspected"}
    assert "led" in r[("黄海峰", "2015-05-06")]  # 乙率领的代表团: the name before leads


def test_those_listed_after_a_cue_and_de_take_its_role(tmp_path):
    f = extract_text(
        tmp_path / "huimian-2023-03.txt",
        "3月1日，同乡会会长林国强接待省侨办主任宋立文一行。出席会面的该会领导包括常务副会长陈志远，副会长赵文华。"
        "参加活动的还有副县长孙立新。会上，县长吴海介绍了有关情况，副县长郑国平作了发言。\n",
    )
    r = roles(f)
    assert r[("陈志远", "2023-03-01")] == r[("赵文华", "2023-03-01")] == {"attended"}
    assert r[("孙立新", "2023-03-01")] == {"attended"}
    assert r[("郑国平", "2023-03-01")] == {"speaker"}  # 介绍了…有关情况: no list


def test_a_delegations_members_take_its_part_in_the_event(tmp_path):
    f = extract_text(
        tmp_path / "jiedai-2023-03.txt",
        "3月1日，同乡会会长林国强接待省侨办主任宋立文一行五人代表团。代表团成员包括市侨办副主任周海平，"
        "省侨办处长钱立群。宋立文表示，感谢同乡会的支持。\n",
    )
    r = roles(f)
    assert r[("周海平", "2023-03-01")] == r[("钱立群", "2023-03-01")] == {"met"}  # as 宋立文一行 was met
    assert r[("宋立文", "2023-03-01")] == {"met", "speaker"}  # the members do not speak with him


def test_a_delegation_led_by_one_takes_his_part_and_its_members_share_it(tmp_path):
    f = extract_text(
        tmp_path / "canzhan-2022-05.txt",
        "5月9日，由市委副书记方志远带队，市发改委、市农业局等部门负责人组成的代表团赴成都参加第五届西部农业博览会。"
        "代表团成员包括市农业局局长葛俊、市发改委副主任蒋文斌。（记者 袁晓梅）\n\n"
        "5月11日，以副市长唐建华为团长、市外办主任彭立为副团长的我市友好代表团赴韩国参加友好城市交流活动。"
        "团员有市科技局局长范庆丰。\n",
    )
    r = roles(f)
    assert r[("方志远", "2022-05-09")] == {"led", "attended"}  # the delegation he led attended
    assert r[("葛俊", "2022-05-09")] == r[("蒋文斌", "2022-05-09")] == {"attended"}
    assert r[("唐建华", "2022-05-11")] == r[("彭立", "2022-05-11")] == {"led", "attended"}
    assert r[("范庆丰", "2022-05-11")] == {"attended"}
    assert not any(name == "袁晓梅" for name, _ in r)  # the reporter takes no part
    assert ("彭立", "团长") not in {(n, t) for n, t, _ in tenures(f)}  # 为团长: what 唐建华 is made
    assert ("范庆丰", "局长", "市科技局") in tenures(f)  # 团员有 is no part of the body's name


def test_members_of_a_delegation_that_was_only_led_attended_and_studied_words_are_no_speech(tmp_path):
    f = extract_text(
        tmp_path / "chufang-2022-10.txt",
        "10月10日，市长欧阳明率市政府代表团访问匈牙利。代表团成员包括市外办主任薛红、市商务局局长庞建新。\n\n"
        "10月12日，区长邓志远主持召开区政府常务会议。会议传达学习了郝振邦总书记重要讲话精神，副区长麦小青出席。\n",
    )
    r = roles(f)
    assert r[("欧阳明", "2022-10-10")] == {"led"}
    assert r[("薛红", "2022-10-10")] == r[("庞建新", "2022-10-10")] == {"attended"}  # went with him
    assert r[("麦小青", "2022-10-12")] == {"attended"}
    assert not any(date == "2022-10-12" and name not in {"邓志远", "麦小青"} for name, date in r)


def test_an_event_a_body_holds_is_named_with_the_body_and_placed_without_adverbs(tmp_path):
    f = extract_text(
        tmp_path / "shanghui-2022-04.txt",
        "某市浙江商会举行第三届理事会就职典礼\n\n4月9日，某市浙江商会第三届理事会就职典礼在国际会展中心隆重举行。会长林国栋致辞。\n",
    )
    assert [(e.name, e.place) for e in f.events] == [("某市浙江商会第三届理事会就职典礼", "国际会展中心")]
    f = extract_text(
        tmp_path / "renda-2022-04.txt",
        "4月12日，某县十八届人大常委会召开第五次会议，主任周国平主持。\n",
    )
    assert [e.name for e in f.events] == ["某县十八届人大常委会第五次会议"]  # 常委会 is a body, 会议 the meeting
    f = extract_text(tmp_path / "zhaoshang-2022-04.txt", "4月15日，我市在深圳举办招商会，副市长吴立新出席。\n")
    assert [e.name for e in f.events] == ["招商会"]  # an event word longer than the body's ending it holds


def test_a_clause_going_on_with_and_takes_the_doer_not_whom_he_called_on(tmp_path):
    text = "经合简报\n2016年6月1日\n\n4月8日，副市长王海平拜会了某省浙江商会会长郑明德，并出席了投资洽谈会开幕式。\n"
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert "attended" in r[("王海平", "2016-04-08")] and ("郑明德", "2016-04-08") not in r
    text = "经合简报\n2016年6月1日\n\n4月9日，表彰大会召开。市委副书记王五宣读表彰决定，并为获奖单位颁奖。\n"
    assert roles(extract_text(tmp_path / "b.txt", text))[("王五", "2016-04-09")] == {"speaker", "awarded"}


def test_who_invited_a_visit_does_not_lead_it_and_a_caption_is_no_headline(tmp_path):
    text = (
        "政务信息\n2018年7月20日\n\n图为会见现场\n市长访问美国某市\n"
        "应美国某某州某市市长萨姆·利卡多邀请，7月10日，市长李明远率代表团访问该市，出席经济合作论坛并作主旨演讲。"
        "7月11日，李明远会见了萨姆·利卡多。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    r = roles(f)
    assert r[("李明远", "2018-07-10")] == {"led", "attended", "speaker"}
    assert ("萨姆·利卡多", "2018-07-10") not in r and r[("萨姆·利卡多", "2018-07-11")] == {"met"}
    assert ("萨姆·利卡多", "市长", "美国某某州某市") in tenures(f)
    assert f.events[0].name == "市长访问美国某市"


def test_both_sides_are_the_two_a_clause_joins_not_those_who_met_earlier(tmp_path):
    text = (
        "发布日期：2024-05-16\n"
        "5月15日上午，省委书记冯立在海口会见了某国贸工部长颜金勇一行。省长刘明参加会见。"
        "当天下午，刘明与颜金勇共同出席了经贸合作座谈会，双方签署了《关于加强经贸合作的谅解备忘录》。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert "signed" in r[("刘明", "2024-05-15")] and "signed" in r[("颜金勇", "2024-05-15")]
    assert r[("冯立", "2024-05-15")] == {"met"}


def test_a_clause_opening_with_with_takes_the_doer_before_and_whom_it_names(tmp_path):
    text = (
        "政务信息\n2018年12月20日\n\n12月5日，县长吴芳率团赴某市考察学习，与该市市长杜小刚座谈交流。\n"
        "12月6日，吴芳一行看望了我县在外企业代表，并与某省商务厅副厅长张建会谈。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("吴芳", "2018-12-05")] == {"led", "inspected", "met"} and r[("杜小刚", "2018-12-05")] == {"met"}
    assert r[("吴芳", "2018-12-06")] == {"inspected", "met"} and r[("张建", "2018-12-06")] == {"met"}  # 并与


def test_an_earlier_visit_told_in_passing_is_no_part_in_the_event(tmp_path):
    text = (
        "政务信息\n2020年9月30日\n\n"
        "9月28日，市长张海会见了某某集团董事长刘明一行，书记曾志参加会见。"
        "据悉，今年5月，刘明曾率团来我市考察，与市委书记王强座谈。刘明还曾在2018年出席我市招商大会。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("刘明", "2020-09-28")] == {"met"} and r[("曾志", "2020-09-28")] == {"attended"}  # 曾志: a surname
    assert ("王强", "2020-09-28") not in r


def test_the_leader_of_a_delegation_met_is_named_right_before_its_verb(tmp_path):
    text = (
        "政务信息\n2019年3月20日\n\n"
        "3月12日，市长陈伟俊会见了日本某县副知事日隈俊郎率领的友好代表团一行。"
        "会见后，双方签署了《某市与某县友好交流备忘录》。\n"
        "3月13日，市长陈伟俊会见了某代表团副团长率领的考察团。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    r = roles(f)
    assert "led" in r[("日隈俊郎", "2019-03-12")] and "led" not in r[("陈伟俊", "2019-03-12")]
    assert r[("陈伟俊", "2019-03-13")] == {"met"}  # the one who leads is not named: not the host
    assert ("日隈俊郎", "副知事", "日本某县") in tenures(f)
    assert [a.parties for a in f.agreements] == [["某市", "某县"]]  # the sides the name opens with


def test_a_meeting_verb_with_no_one_after_it_meets_the_guests(tmp_path):
    text = (
        "侨务动态\n2023年4月28日\n\n"
        "4月25日，某国温州同乡会会长叶向东一行回乡考察，副市长林娜会见。\n"
        "4月26日，某市委书记孟立与代表团一行座谈，市长覃中参加有关活动。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("叶向东", "2023-04-25")] == {"inspected", "met"} and r[("林娜", "2023-04-25")] == {"met"}
    assert r[("孟立", "2023-04-26")] == {"met"}  # 与代表团座谈: the one met is written


def test_minutes_list_those_present_with_names_padded_to_three_characters(tmp_path):
    text = (
        "某县政府常务会议纪要\n\n"
        "2019年3月12日，县长李建华主持召开县政府第18次常务会议。\n\n"
        "出席：李建华  王  峰  张晓光  刘  洋  陈  红\n"
        "列席：孙  丽  赵志明\n"
        "记录：周  平\n\n"
        "会议听取了县发改局的汇报，王  峰就下一步工作作了部署。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert {p.name for p in f.persons} == {"李建华", "王峰", "张晓光", "刘洋", "陈红", "孙丽", "赵志明", "周平"}
    r = roles(f)
    present = {"王峰", "张晓光", "刘洋", "陈红", "孙丽", "赵志明"}
    assert {n for (n, _), rs in r.items() if "attended" in rs} == present | {"李建华"}
    assert ("周平", "2019-03-12") not in r  # who keeps the minutes takes no part
    assert [e.name for e in f.events] == ["县政府第18次常务会议"]  # 列席：… is no headline
    wang = next(p for p in f.persons if p.name == "王峰")
    assert {m.text[m.start - m.sentence_start : m.end - m.sentence_start] for m in wang.mentions} == {"王  峰"}


def test_a_call_paid_is_a_meeting_also_as_an_activity_carried_out(tmp_path):
    text = (
        "侨联动态\n2025年8月31日\n\n"
        "8月23日，某市侨联主席王立新一行6人前往某华商总会进行拜访活动，会长孙中和热情接待。\n"
        "8月24日，王立新拜访了某同乡会，副主席李红随同。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("王立新", "2025-08-23")] == {"met"} and r[("王立新", "2025-08-24")] == {"met"}
    assert r[("李红", "2025-08-24")] == {"accompanied"}  # 随同: goes along


def test_a_report_heard_is_no_act_of_who_hears_it(tmp_path):
    text = (
        "政务信息\n2019年4月12日\n\n"
        "4月9日，厅长王平赴某市调研。王平一行实地考察了某开发区，并召开座谈会听取该市开发区工作情况汇报。\n"
        "4月10日，副厅长李红赴某县调研，听取了该县商务局局长赵刚的汇报。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("王平", "2019-04-09")] == {"inspected"}
    assert r[("李红", "2019-04-10")] == {"inspected"} and r[("赵刚", "2019-04-10")] == {"speaker"}


def test_on_an_inspection_an_instruction_is_no_address_and_officials_taken_along_no_delegation(tmp_path):
    text = (
        "经合动态\n2015年6月30日\n\n"
        "6月12日，副市长王平率市发改委、市财政局负责人赴高新区督查重点项目。王平要求高新区加快项目进度。\n\n"
        "6月15日，副市长王平率市有关部门负责人赴上海考察，走访了两家企业。\n\n"
        "6月18日，市长李刚主持召开市政府常务会议。李刚要求各部门抓好落实。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("王平", "2015-06-12")] == {"inspected"}  # at home: 率 leads no delegation, 要求 is no address
    assert r[("王平", "2015-06-15")] == {"inspected", "led"}  # to another city: a delegation
    assert r[("李刚", "2015-06-18")] == {"presided", "speaker"}  # at a meeting: 要求 is said to it


def test_who_sends_others_leads_them_and_a_chamber_called_on_is_not_inspected(tmp_path):
    text = (
        "经合动态\n2016年5月31日\n\n"
        "5月10日，区委书记王平、区长李红组织有关部门赴贵州开展招商考察。\n\n"
        "5月16日，副区长赵刚组织召开项目推进会并讲话。\n\n"
        "5月20日，区委书记王平率队赴上海开展招商活动。王平一行走访了上海某某商会，与在沪乡贤座谈交流。"
        "王平还走访了两家企业。\n"
    )
    r = roles(extract_text(tmp_path / "a.txt", text))
    assert r[("李红", "2016-05-10")] == {"led"}  # the departments sent do the 考察
    assert r[("赵刚", "2016-05-16")] == {"led", "speaker"}  # 组织召开: no one sent
    assert r[("王平", "2016-05-20")] == {"led", "inspected"}  # the firms are inspected, the chamber is not
    text = "经合动态\n2016年6月30日\n\n6月12日，副区长赵刚带领区商务局负责人赴深圳开展招商活动，先后走访了两家企业。\n"
    assert roles(extract_text(tmp_path / "b.txt", text)) == {("赵刚", "2016-06-12"): {"led", "inspected"}}  # 先后


def test_a_clause_opening_with_its_topic_goes_on_with_the_doer_before(tmp_path):
    text = "政协动态\n2020年7月10日\n\n7月8日，市政协主席陈立带领部分委员赴某县，就乡村振兴工作开展专题视察。\n"
    assert roles(extract_text(tmp_path / "a.txt", text))[("陈立", "2020-07-08")] == {"led", "inspected"}


def test_a_chambers_bulletin_titled_with_its_name_is_the_chamber_we_are(tmp_path):
    text = (
        "某某温州商会工作动态\n2019年第3期\n\n我会召开理事会\n\n"
        "6月10日，我会召开三届五次理事会。会长林强主持会议，常务副会长李明作工作报告。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert f.document.header["issuer"] == "某某温州商会"
    assert {("林强", "会长", "某某温州商会"), ("李明", "常务副会长", "某某温州商会")} <= tenures(f)


def test_a_name_broken_by_a_line_a_list_after_a_colon_and_a_line_of_credits(tmp_path):
    text = (
        "工作动态\n2021年4月20日\n\n我县召开招商引资工作会议\n4月16日上午，我县召开招商引资工作会议。县委书记陈\n"
        "建国出席会议并讲话，县长\n刘海波主持会议。出席会议的还有：副县长赵刚、副县长王晓明。\n张小明/文  李大海/摄\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert roles(f) == {
        ("陈建国", "2021-04-16"): {"attended", "speaker"},
        ("刘海波", "2021-04-16"): {"presided"},
        ("赵刚", "2021-04-16"): {"attended"},
        ("王晓明", "2021-04-16"): {"attended"},
    }
    assert len(f.events) == 1  # the credits are no item


def test_a_name_that_is_a_word_before_a_delegation_and_a_venue_after_a_body_holding_its_word(tmp_path):
    text = (
        "政务信息\n2023年6月19日\n\n6月13日，市委书记温暖率绍兴市党政代表团赴上海学习考察。\n\n"
        "6月16日，某某在杭商会第三届会员大会在杭州召开。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert roles(f) == {("温暖", "2023-06-13"): {"led", "inspected"}}  # 率 before a place ends the name
    assert [e.place for e in f.events] == ["上海", "杭州"]  # not 杭商会…在杭州
    text = "经合简报\n2016年9月30日\n\n9月20日，我办组织企业参加在昆明举办的第三届某某博览会。\n"
    assert [e.name for e in extract_text(tmp_path / "b.txt", text).events] == ["第三届某某博览会"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (  # a meeting noun before 胜利闭幕 or 隆重召开 ends the name
            "镇人代会闭幕\n2019年1月25日\n\n1月23日，城关镇第十八届人民代表大会第三次会议胜利闭幕。\n\n"
            "1月24日，全镇招商引资工作会议隆重召开。\n",
            ["城关镇第十八届人民代表大会第三次会议", "全镇招商引资工作会议"],
        ),
        (  # a headline's number is no part of it; a democratic party's committee holds its meeting
            "统战工作简报\n2020年9月30日\n\n"
            "一、市委统战部部长王平会见某某侨团访问团\n9月18日，王平会见了某某侨团访问团一行。\n\n"
            "二、民盟市委会召开全会\n9月25日，民盟市委会召开八届六次全体委员会议。主委李红主持会议。\n",
            ["市委统战部部长王平会见某某侨团访问团", "民盟市委会八届六次全体委员会议"],
        ),
    ],
)
def test_event_names_past_numbers_and_ceremony(tmp_path, text, names):
    assert [e.name for e in extract_text(tmp_path / "a.txt", text).events] == names


def test_a_new_holder_of_a_post_and_an_event_named_after_the_papers_mark(tmp_path):
    text = (
        "某商会理监事就职\n\n"
        "【本报讯】某某同乡会第十二届理监事就职典礼于3月18日晚举行。"
        "新任会长陈国强、新当选监事长黄志明宣誓就职。\n"
    )
    f = extract_text(tmp_path / "a-2024.txt", text)
    assert [e.name for e in f.events] == ["某某同乡会第十二届理监事就职典礼"]  # 【本报讯】 is no part of it
    assert tenures(f) == {("陈国强", "会长", "某某同乡会"), ("黄志明", "监事长", "某某同乡会")}  # 新任 is no body


@pytest.mark.parametrize("running", [True, False])
def test_extraction_leaves_the_garbage_collector_as_it_found_it(tmp_path, running):
    (tmp_path / "empty.txt").write_bytes(b"")
    gc.enable() if running else gc.disable()
    try:
        extract_path(sample_path())
        with pytest.raises(BulletinError):
            extract_path(tmp_path / "empty.txt")
        assert gc.isenabled() is running
    finally:
        gc.enable()
