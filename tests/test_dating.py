"""Dating events on texts of our own: where a year comes from, where it does not, and which
participations a date allows (issue 13 §1 and §6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.loaders.extract import extract_path, unknown_year
from kg.model import Facts


def extract(tmp_path: Path, text: str, published: str | None = None, name: str = "news.txt") -> Facts:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_path(path, published)


def dated(f: Facts) -> dict[str, set[str]]:
    """Each participant with the days they took part."""
    out: dict[str, set[str]] = {}
    for p in f.participations:
        out.setdefault(p.person, set()).add(p.date.isoformat())
    return out


def test_a_year_nothing_gives_stays_unknown(tmp_path):
    f = extract(tmp_path, "市长孙建国会见客商\n\n8月16日，市长孙建国会见了来访的甲集团董事长王立新。\n")
    assert [(e.date, e.month_day) for e in f.events] == [(None, "--08-16")]
    assert f.participations == []  # nobody's participation is dated while the year is unknown
    assert "--published" in unknown_year(f)


def test_the_year_is_said_unknown_once_per_file_on_stderr(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("8月16日，市长孙建国会见了来访的甲集团董事长王立新。\n", encoding="utf-8")
    kg = Path(sys.executable).parent / "kg"
    run = subprocess.run([kg, "extract", str(path)], capture_output=True, text=True, check=True)
    assert run.stderr.count("year of its dates is unknown") == 1 and str(path) in run.stderr
    given = subprocess.run([kg, "extract", str(path), "--published", "2018-08-20"], capture_output=True, text=True)
    assert given.stderr == "" and '"date": "2018-08-16"' in given.stdout


@pytest.mark.parametrize(
    ("first_lines", "day"),
    [
        ("【发布日期:2010-08-08】", "2010-08-06"),
        ("发布时间：2013-05-17 10:30", "2013-05-15"),
        ("来源：江城日报 2014-09-23", "2014-09-21"),
        ("2023/05/12", "2023-05-10"),
        ("2011年10月31日", "2011-10-29"),
        ("第5期          2016年5月10日", "2016-05-08"),  # the issue number and its date on one line
        ("某某市商务局编\n2016年5月10日", "2016-05-08"),  # an issuer's line wrapped into the date's
        ("某某县商务局办公室 2016年5月10日", "2016-05-08"),  # one space: the line names a body
        ("某某日报 2016年5月10日 星期二", "2016-05-08"),  # or an outlet, with the weekday
        ("2016年第5期（总第88期）    2016年5月10日", "2016-05-08"),
        ("2016年5月10日 星期二 　 第3版", "2016-05-08"),  # a paper's date line with its weekday and page
        ("发布日期：112-03-06", "2023-03-04"),  # a year of the Republic (民国112年)
    ],
)
def test_the_first_lines_date_the_page(tmp_path, first_lines, day):
    text = f"县长会见客商\n{first_lines}\n前天，县长周明会见了来访的乙公司总经理李华。\n"
    assert dated(extract(tmp_path, text)) == {"周明": {day}, "李华": {day}}


def test_the_year_of_the_issue_dates_the_items(tmp_path):
    mastheads = (
        "经合简报\n2016年第10期",
        "侨务信息\n（2016年第4期）",
        "工作动态\n2016年第8期（总第96期）",
        "县委办公室\n2016年4月",  # a monthly's masthead
    )
    for masthead in mastheads:
        text = f"{masthead}\n\n4月8日，副市长吴海平会见了来访的乙公司总经理李华。\n"
        assert dated(extract(tmp_path, text)) == {"吴海平": {"2016-04-08"}, "李华": {"2016-04-08"}}


def test_the_week_a_digest_covers_gives_its_year_and_dates_no_one(tmp_path):
    text = (
        "2023年12月11日至12月17日。\n"
        "中央经济工作会议一结束，市委常委会召开会议研究贯彻落实意见。市委书记林立强调，要真抓实干。\n"
        "某区：\n12月13日上午，区委书记黄伟一行调研某集团。\n"
    )  # the intro tells of no day: its secretary took part on none
    assert dated(extract(tmp_path, text)) == {"黄伟": {"2023-12-13"}}


def test_a_weekly_with_its_week_in_brackets_and_days_heading_its_entries(tmp_path):
    text = (
        "市长活动周报\n（2022年3月14日—3月20日）\n\n"
        "【3月14日】市长王立主持召开市政府常务会议。\n"
        "【3月16日】市长王立会见某某股份有限公司副总裁李华一行。副市长陈东参加会见。\n"
    )
    assert dated(extract(tmp_path, text)) == {
        "王立": {"2022-03-14", "2022-03-16"},
        "李华": {"2022-03-16"},
        "陈东": {"2022-03-16"},
    }


def test_days_written_in_chinese_numerals_or_with_dots_open_their_events(tmp_path):
    text = (
        "工作动态\n2018年11月30日\n\n11月23日，副市长王强出席了签约仪式。\n\n"
        "十一月二十五日，市委书记赵刚主持召开常委会议。\n\n2018.11.26，市长张立出席投资洽谈会。\n"
    )
    f = extract(tmp_path, text)
    assert dated(f) == {"王强": {"2018-11-23"}, "赵刚": {"2018-11-25"}, "张立": {"2018-11-26"}}
    assert f.events[0].name == "签约仪式"  # 出席了: no part of its name
    text = "来源：某某网 2011-11-23 13:35\n\n11月13日，市长张立出席签字仪式。\n"
    assert dated(extract(tmp_path, text)) == {"张立": {"2011-11-13"}}  # a page's time stamp dates no event


def test_a_notices_day_written_in_chinese_numerals_under_it_dates_it(tmp_path):
    text = "关于某某同志职务任免的通知\n\n经研究决定：任命林海为县财政局局长。\n\n某某县人民政府\n二〇二一年三月二日\n"
    assert str(extract(tmp_path, text).document.published) == "2021-03-02"


def test_a_sentence_opening_with_a_full_date_gives_the_year(tmp_path):
    text = "大事记\n\n2014 年4月1日，省长赵平出席洽谈会开幕式。\n4月8日，省长赵平出席产业集聚区工作会议。\n"
    assert dated(extract(tmp_path, text)) == {"赵平": {"2014-04-01", "2014-04-08"}}


def test_history_inside_a_sentence_gives_no_year(tmp_path):
    text = "10月22日，区长陈立会见美国某市市长一行。该市建于1912年10月24日，是友好城市。\n"
    assert extract(tmp_path, text).events[0].month_day == "--10-22"
    text = "10月22日，区长陈立会见美国某市市长一行。该市位于西部。1912年10月24日建镇，1921年建市。\n"
    assert extract(tmp_path, text).events[0].month_day == "--10-22"  # a founding's date, at a sentence's start


def test_a_chronicle_heading_gives_its_year(tmp_path):
    text = "2014年\n\n6月6日 自治区党委书记马春生会见省长王学平率领的代表团。\n"
    f = extract(tmp_path, text, published="2015-12-31")  # a book printed later: the heading's year wins
    assert dated(f) == {"马春生": {"2014-06-06"}, "王学平": {"2014-06-06"}}


def test_a_year_in_the_events_own_words(tmp_path):
    f = extract(tmp_path, "商会座谈会召开\n\n3月2日，2018温江商会座谈会召开，会长林一平主持会议。\n")
    assert dated(f) == {"林一平": {"2018-03-02"}}


def test_day_headings_and_the_same_day_mark_of_a_chronicle(tmp_path):
    text = (
        "1月\n\n1日\n市委书记孙立刚看望慰问节日期间坚守岗位的干警。\n"
        "△市长张国强带领市直部门负责同志看望一线职工。\n"
        "3日\n市委书记孙立刚在市委常委陈平的陪同下调研文化设施建设。\n"
    )
    f = extract(tmp_path, text, published="2009-01-31")
    assert dated(f) == {"孙立刚": {"2009-01-01", "2009-01-03"}, "张国强": {"2009-01-01"}, "陈平": {"2009-01-03"}}
    roles = {(p.person, p.date.day): set(p.roles) for p in f.participations}
    assert roles[("孙立刚", 3)] == {"inspected"} and roles[("陈平", 3)] == {"accompanied"}


def test_month_headings_of_a_chronicle_date_the_days_under_them(tmp_path):
    text = (
        "2019年大事记\n\n1月\n\n8日  县委书记孙立刚主持召开县委常委会会议。\n"
        "15日  县长张国强率队赴宁波考察。\n\n2月\n\n3日  副县长陈平调研春节市场供应。\n"
    )
    f = extract(tmp_path, text)  # no publication date: the headings give the year and the months
    assert dated(f) == {"孙立刚": {"2019-01-08"}, "张国强": {"2019-01-15"}, "陈平": {"2019-02-03"}}
    text = "某某县商务局2016年大事记\n\n1月5日 局长吴海波主持召开工作会议。\n2月3日 副县长郑丽带队赴杭州考察。\n"
    f = extract(tmp_path, text)  # the year in the title of a body's chronicle
    assert dated(f) == {"吴海波": {"2016-01-05"}, "郑丽": {"2016-02-03"}}
    text = (
        "省领导活动摘要（2016年4月—5月）\n\n■ 山西\n4月8日，省长李平主持召开省政府常务会议。\n"
        "4月12日，副省长王刚率团赴香港参加投资说明会。\n"
    )
    f = extract(tmp_path, text)  # the year of the period a digest's title gives; 说明会 is no speech
    assert dated(f) == {"李平": {"2016-04-08"}, "王刚": {"2016-04-12"}}
    assert {p.person: set(p.roles) for p in f.participations}["王刚"] == {"led", "attended"}
    assert [i.section for i in f.document.items] == ["山西", "山西"]


def test_a_day_in_chinese_numerals_starts_the_next_day_of_a_visit(tmp_path):
    text = (
        "同乡会访问团抵达泉州\n\n本报讯 同乡总会理事长黄国荣率领访问团于本月五日抵达泉州。"
        "六日上午，市长王立新在市政府会见访问团。\n发布时间：2023-03-12\n"
    )
    roles = {(p.person, p.date.isoformat()): set(p.roles) for p in extract(tmp_path, text).participations}
    # the leader of the delegation met on the 6th is met too; a chronicle's other delegation is not his
    assert roles == {
        ("黄国荣", "2023-03-05"): {"led"},
        ("王立新", "2023-03-06"): {"met"},
        ("黄国荣", "2023-03-06"): {"met"},
    }
    text = (  # a hard-wrapped chronicle: one paragraph, two days
        "内容\n\n6月6日 市委书记孙立会见省长钱明率领的省党政代表团。他希望两地继续加强\n  合作。\n"
        "  6月8日 市委书记孙立在市行政中心会见副市长周海率领的市党政代表团。\n"
    )
    roles = {(p.person, p.date.isoformat()): set(p.roles) for p in extract(tmp_path, text, "2014-06-30").participations}
    assert ("钱明", "2014-06-08") not in roles


def test_a_hard_wrapped_page_is_read_as_paragraphs(tmp_path):
    text = (
        "1日\n市委书记、市人大常委会主任孙立刚在市委常委、政法委书记步一金，市委\n"
        "常委、秘书长陈平，市长助理、市公安局局长徐文杰的陪同下，亲切看望慰\n"
        "问了节日期间坚守岗位的部分值勤干警和依旧奋战在生产建设一线的部分职\n"
        "工，送去党和政府的关怀与温暖，并与大家一一握手，祝他们节日快乐，孙\n"
        "立刚说这是大家的节日。\n"
    )
    f = extract(tmp_path, text, published="2009-01-31")
    assert {"孙立刚", "步一金", "陈平", "徐文杰"} <= set(dated(f))


def test_a_dateline_is_the_papers_day_and_yesterday_is_before_it(tmp_path):
    text = "江城在线07月29日讯 据报道，市人大常委会昨天召开会议，市人大常委会主任王国良出席会议。\n"
    assert dated(extract(tmp_path, text, published="2010-07-29")) == {"王国良": {"2010-07-28"}}
    assert extract(tmp_path, text).events[0].month_day == "--07-28"


def test_a_day_alone_is_in_the_papers_month_and_never_after_it(tmp_path):
    text = "本报讯（全媒体首席记者 费文华）8日，全市领导干部大会召开，市委书记余功明主持会议并讲话。\n"
    f = extract(tmp_path, text, published="2023-04-10")
    assert dated(f) == {"余功明": {"2023-04-08"}}  # the reporter of the byline takes no part
    late = extract(tmp_path, "28日，市委书记余功明主持召开常委会议。\n", published="2021-05-02")
    assert dated(late) == {"余功明": {"2021-04-28"}}


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("19年2月9日", "2019-02-09"),
        ("本月一日", "2023-04-01"),
        ("上周五", "2023-03-31"),
        ("昨（2）日", "2023-04-02"),  # overseas papers write the day in brackets
        ("前(31)日", "2023-03-31"),  # …in the month before when it is past the paper's
    ],
)
def test_short_years_and_relative_days(tmp_path, words, day):
    f = extract(tmp_path, f"{words}，会长刘志明率团拜访乙县招商局。\n", published="2023-04-03")
    assert dated(f) == {"刘志明": {day}}


def test_today_inside_a_quotation_is_the_speakers_day(tmp_path):
    text = "8月23日，侨联主席刘志远一行拜访华商总会。刘志远说：“今天我们带着家乡的问候而来。”\n"
    assert dated(extract(tmp_path, text, published="2025-08-31")) == {"刘志远": {"2025-08-23"}}


def test_undated_news_and_time_words_date_nobody(tmp_path):
    text = "乙县招商忙\n\n春节假期，县委常委、副县长翟建国一行拜访在外知名人士。2月21日，乙县组织企业参加推介会。\n"
    assert extract(tmp_path, text, published="2018-03-05").participations == []
    assert extract(tmp_path, "日前，市长孙建国会见了客商王立新。\n", published="2018-03-05").participations == []


def test_numbered_digest_entries_are_events_of_their_own_days(tmp_path):
    text = (
        "一、对外开放\n"
        "1．6月3日，副市长周海燕会见了来访的客商代表团。\n"
        "2．6月10日至12日，市商务局局长吴建新带队赴深圳开展招商活动。\n"
    )
    f = extract(tmp_path, text, "2019-06-20")
    assert dated(f) == {"周海燕": {"2019-06-03"}, "吴建新": {"2019-06-10"}}
    assert not any(e.name and e.name.startswith("1．") for e in f.events)


def test_a_day_inside_a_dated_range_starts_its_own_event(tmp_path):
    text = (
        "3月13日到14日，各地商会负责人回乡考察，县政协主席杨韶华陪同。"
        "在14日晚召开的座谈会上，县长左志明介绍了全县发展情况。\n"
    )
    f = extract(tmp_path, text, published="2019-03-15")
    assert dated(f) == {"杨韶华": {"2019-03-13"}, "左志明": {"2019-03-14"}}


def test_a_photo_caption_continues_the_event_before_it(tmp_path):
    text = (
        "商会会长议事会议举行\n\n2016年3月29日下午，商会会长议事会议举行，会长郭广明出席。\n"
        "会议现场\n常务副会长喻文蛟为此次活动致辞。\n"
    )
    assert dated(extract(tmp_path, text)) == {"郭广明": {"2016-03-29"}, "喻文蛟": {"2016-03-29"}}


def test_a_subhead_over_words_of_someone_who_took_part_continues_the_event(tmp_path):
    text = (
        "考察团访问侨团\n\n4月19日，省侨联主席张海涛一行拜访同乡总会，受到该会会长李国明的接待。\n"
        "李国明：会员逾三百家\n李国明介绍，目前该会有团体会员三百余家。张海涛表示感谢。\n"
        "交流现场照片\n会上，该会副会长陈志远、秘书长赵文华分别作了发言。\n"
    )
    assert dated(extract(tmp_path, text, "2013-04-20")) == {
        name: {"2013-04-19"} for name in ("张海涛", "李国明", "陈志远", "赵文华")
    }


def test_he_after_a_clause_with_its_own_subject_is_that_subject(tmp_path):
    text = "11月30日，商会换届大会召开，县领导王建平出席会议。会上，周立新当选会长并发表讲话，他表示将服务会员。\n"
    roles = {p.person: set(p.roles) for p in extract(tmp_path, text, "2019-12-01").participations}
    assert roles == {"王建平": {"attended"}, "周立新": {"speaker"}}


def test_a_date_after_zai_or_a_purpose_opens_its_sentence(tmp_path):
    text = (
        "8月29日，甲县商务局局长孙立明来我会考察。"
        "在19年2月9日，会长王志强等一行赴甲县参观考察。"
        "为推动双方共同发展，深化合作，8月29日孙立明与常务副会长刘建华座谈。\n"
    )
    assert dated(extract(tmp_path, text, "2019-09-01")) == {
        "孙立明": {"2019-08-29"},
        "王志强": {"2019-02-09"},  # 在19年2月9日: a day of its own
        "刘建华": {"2019-08-29"},  # 为…，…，8月29日: back to the 29th
    }


def test_a_datelines_day_is_not_the_events(tmp_path):
    text = (
        "参访团到某市交流考察\n\n参访团参观博物馆。\n（图片来源：某市台办）\n"
        "某某网3月21日某地消息 3月18日至19日，副市长林志远率参访团一行25人到某市交流考察。\n"
    )
    assert dated(extract(tmp_path, text, "2014-03-22")) == {"林志远": {"2014-03-18"}}


def test_a_sentence_of_an_earlier_time_gives_no_roles(tmp_path):
    text = (
        "3月18日，副市长林志远一行来访，市长周国平会见了林志远一行。"
        "去年10月，周国平率团到某市考察，受到市长黄立的热情接待。林志远表示感谢。\n"
    )
    roles = {p.person: set(p.roles) for p in extract(tmp_path, text, "2014-03-21").participations}
    assert roles == {"林志远": {"met", "speaker"}, "周国平": {"met"}}  # 去年10月…: no 黄立, no 率团


def test_future_plans_are_no_participations(tmp_path):
    text = "5月8日，州长齐建中会见上海客商。齐建中表示，明年6月将带队赴上海考察。\n"
    roles = {(p.person, p.date.isoformat()): set(p.roles) for p in extract(tmp_path, text, "2008-09-17").participations}
    assert roles == {("齐建中", "2008-05-08"): {"met", "speaker"}}


@pytest.mark.arcadedb
def test_a_day_of_an_unknown_year_is_shown_as_such_by_every_engine(tmp_path):
    from kg import KnowledgeGraph
    from kg.queries.library import answer

    path = tmp_path / "news.txt"
    path.write_text("8月16日，市长孙建国会见了甲集团董事长王立新。甲县与乙集团签署了《合作协议》。\n", "utf-8")
    kg = KnowledgeGraph.open(tmp_path / "store")
    assert kg.ingest([path]).notes  # the year it lacks is said
    g = kg.to_networkx(provenance=True)
    for engine, data in (("python", g), ("sparql", kg), ("cypher", kg)):
        assert [r["date"] for r in answer("events", engine, data)] == ["--08-16"], engine
        assert [r["date"] for r in answer("agreements", engine, data)] == ["--08-16"], engine
        assert answer("events", engine, data, until="2030-01-01") == [], engine  # no year: in no range


def test_a_columns_title_above_a_date_is_no_headline(tmp_path):
    f = extract(tmp_path, "商务之窗\n2016-05-12\n5月10日，商务部副部长房立率调研组来我省调研。\n")
    assert [e.name for e in f.events] == ["5月10日，商务部副部长房立率调研组来我省调研。"]  # no headline: its sentence


def test_a_date_line_under_the_pages_title_is_no_part_of_the_headline(tmp_path):
    text = "某市政府新闻稿\n发布日期：112-03-06\n\n市长访问日本某县\n市长王明3月5日率团访问日本某县。\n"
    f = extract(tmp_path, text)
    assert [(e.name, e.date.isoformat()) for e in f.events] == [("市长访问日本某县", "2023-03-05")]

