"""Whose post, in which body: title chains, organization names and the place a bare title
belongs to (our own sentences, one habit each)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kg.loaders.extract import extract_path
from kg.loaders.lexicon import WordCounter, lexicon
from kg.loaders.posts import find_chains
from kg.model import Facts


def extract_text(path: Path, text: str) -> Facts:
    """Extract a bulletin written by a test (its year from the file name)."""
    path.write_text(text, encoding="utf-8")
    return extract_path(path, None)


def tenures(f: Facts) -> set[tuple[str, str, str | None]]:
    return {(t.person, t.title, t.org) for t in f.tenures}


def posts_in(path: Path, text: str) -> set[tuple[str, str, str | None]]:
    """The tenures of a bulletin written by a test."""
    return tenures(extract_text(path, text))


def chain(sentence: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(c.name, [(p.org_text, p.title) for p in c.posts]) for c in find_chains(sentence)]


def test_a_title_inside_a_body_name_does_not_break_the_chain():
    assert chain("省委书记、省人大常委会主任江海涛出席") == [("江海涛", [("省委", "书记"), ("省人大常委会", "主任")])]


def test_modified_titles_are_titles_of_their_own():
    titles = lexicon().titles
    assert {"轮值会长", "代理县长", "执行副会长", "财务总监", "三级主任科员"} <= titles
    assert lexicon().title_defaults["代理县长"] == lexicon().title_defaults["县长"]
    assert chain("商会轮值会长周立群、执行副会长吴永红") == [
        ("周立群", [("商会", "轮值会长")]),
        ("吴永红", [("", "执行副会长")]),
    ]


def test_an_organization_starts_after_verbs_prepositions_dates_and_symbols(tmp_path):
    t = posts_in(
        tmp_path / "lianyi-2021-05.txt",
        "台州联谊会新闻\n\n"
        "5月6日，台州联谊会在临海市接待了来访客人。客人在市政协主席丁海平陪同下参观。"
        "受到该会秘书长孙立新的热情接待。\n"
        "△市委副书记、市长钱国华，2021年5月6日台州市商务局局长周敏出席。\n",
    )
    assert ("丁海平", "主席", "政协台州市委员会") in t  # 在|市政协主席
    assert ("钱国华", "副书记", "中共台州市委") in t  # △ is no part of 市委
    assert ("周敏", "局长", "台州市商务局") in t  # the date is no part of it
    assert ("孙立新", "秘书长", "台州联谊会") in t  # 受到|该会: the association named before


def test_association_posts_belong_to_the_association_the_text_speaks_of(tmp_path):
    t = posts_in(
        tmp_path / "shanghui-2022-06.txt",
        "6月8日，我会会长沈国良、执行会长何建平出席了座谈会。\n"
        "名誉会长吴振华、李明远，监事长陈俊，秘书长潘晓燕参加。\n"
        "会上，赵立群当选第三届理事会会长。宁波市温州商会成立于2009年，现有会员300余家。\n",
    )
    for name, title in (("沈国良", "会长"), ("何建平", "执行会长"), ("吴振华", "名誉会长"), ("李明远", "名誉会长")):
        assert (name, title, "宁波市温州商会") in t  # 我会, or no body written: the chamber named
    assert ("陈俊", "监事长", "宁波市温州商会") in t
    assert ("潘晓燕", "秘书长", "宁波市温州商会") in t  # listed after the chamber's posts
    assert ("赵立群", "会长", "宁波市温州商会") in t  # 第三届理事会: the chamber's council


def test_national_bodies_are_named_in_full_with_the_short_form_an_alias(tmp_path):
    f = extract_text(
        tmp_path / "visit-2023-08.txt",
        "8月15日，全国政协副主席、中共中央统战部部长孙立，中国侨联副主席钱明、全国工商联党组成员李红来温考察。\n",
    )
    assert {(t.person, t.org) for t in f.tenures} == {
        ("孙立", "中国人民政治协商会议全国委员会"),
        ("孙立", "中共中央统战部"),  # a body of its own, not the 全国政协's
        ("钱明", "中华全国归国华侨联合会"),
        ("李红", "中华全国工商业联合会党组"),
    }
    assert {o.name: o.aliases for o in f.organizations}["中华全国归国华侨联合会"] == {"中国侨联"}


def test_posts_abroad_and_in_companies_and_a_name_no_rule_reads_ends_no_body():
    assert chain("代表团拜会了北冈县知事伊吹木一郎和南岛市议员山田太郎。") == [("山田太郎", [("南岛", "市议员")])]
    assert chain("会见了甲控股公司董事总经理李明华、乙州经济部国务秘书汉斯·米勒。") == [
        ("李明华", [("甲控股公司", "董事总经理")]),
        ("汉斯·米勒", [("乙州经济部", "国务秘书")]),
    ]
    assert chain("市政府参事周红出席。") == [("周红", [("市政府", "参事")])]


def test_a_newly_elected_president_is_of_the_association_the_item_names(tmp_path):
    f = extract_text(
        tmp_path / "qiaotuan-2024-04.txt",
        "4月2日，西班牙某某同乡会第五届理事会就职典礼在马德里举行。新当选会长胡立勇表示，将团结乡亲。"
        "同乡会荣誉会长林立、监事长陈华出席。\n"
        "4月6日，县侨联与意大利某某工商会座谈。\n",
    )
    t = tenures(f)
    assert ("胡立勇", "会长", "西班牙某某同乡会") in t  # 新当选: no body's name
    assert ("林立", "荣誉会长", "西班牙某某同乡会") in t


def test_a_generic_word_stands_for_the_body_named_before():
    assert chain("考察团团长徐立") == [("徐立", [("考察团", "团长")])]  # 考察 is a verb, 考察团 a body


def test_a_title_names_its_body_and_parts_belong_to_the_body_before(tmp_path):
    t = posts_in(
        tmp_path / "tongzhan-2020-09.txt",
        "9月3日，江西省委常委、统战部长梁明远到访。江西省委统战部副部长吴慧芬，联络处长高志强、"
        "干部处长曹文斌出席。省经信委党组成员、纪检组长邵国平陪同。\n",
    )
    assert ("梁明远", "部长", "中共江西省委统战部") in t  # 统战部长 = 统战部部长
    assert ("吴慧芬", "副部长", "中共江西省委统战部") in t  # 江西省委|统战部
    assert ("高志强", "处长", "中共江西省委统战部联络处") in t  # listed after: a part of that body
    assert ("曹文斌", "处长", "中共江西省委统战部干部处") in t  # 干部 is a word, 干部处 a division
    assert ("邵国平", "组长", "江西省经济和信息化委员会纪检组") in t


def test_a_county_paper_naming_its_county_only_by_its_short_name(tmp_path):
    f = extract_text(
        tmp_path / "xinhua-2019-03.txt",
        "3月13日，在外新化籍企业家回乡考察。县委副书记、县长罗建军介绍了我县发展情况，"
        "副县长田晓东陪同。县委书记曾志伟表示，新化的发展离不开大家。\n",
    )
    assert (f.document.city, f.document.local) == ("娄底市", "新化县")
    t = tenures(f)
    assert ("罗建军", "县长", "新化县人民政府") in t
    assert ("田晓东", "副县长", "新化县人民政府") in t  # never an empty body when the place is known
    assert ("曾志伟", "书记", "中共新化县委") in t


def test_a_one_character_county_read_out_of_a_title_or_a_conjunction_is_no_place(tmp_path):
    f = extract_text(
        tmp_path / "county-2022-03.txt",
        "3月22日，县委副书记、代县长孙立主持召开县政府常务会议。县委书记钱明和县长孙立出席。"
        "市委和县委有关负责人参加。\n",
    )  # 代县长: the acting county head (not of 代县); 和县长, 和县委: and (not 和县)
    assert (f.document.city, f.document.local) == (None, None)
    assert ("孙立", "代县长", None) in tenures(f)


def test_a_district_whose_name_many_cities_share_keeps_no_city(tmp_path):
    f = extract_text(
        tmp_path / "renda-2021-08.txt",
        "8月13日，区人大常委会会议在新华区人大常委会会议室召开。区委常委、区纪委书记郑志明，"
        "区人民检察院副检察长邓文华列席会议。\n",
    )
    assert (f.document.city, f.document.local) == (None, "新华区")
    t = tenures(f)
    assert ("郑志明", "常委", "中共新华区委") in t
    assert ("郑志明", "纪委书记", "中共新华区纪律检查委员会") in t  # 区纪委|书记
    assert ("邓文华", "副检察长", "新华区人民检察院") in t


def test_the_destination_of_a_trip_is_not_the_bulletins_place(tmp_path):
    f = extract_text(
        tmp_path / "trip-2018-08.txt",
        "8月16日，市委副书记、市长韩立新率团赴绍兴考察。代表团赴绍兴柯桥区参观，"
        "并赴绍兴市越城区考察。辽源市发改委主任汪文斌随团考察。\n",
    )
    assert f.document.city == "辽源市"
    assert ("韩立新", "市长", "辽源市人民政府") in tenures(f)


def test_the_venue_of_our_citys_signing_is_not_our_city(tmp_path):
    f = extract_text(
        tmp_path / "venue-2021-06.txt",
        "6月7日，我市与某集团在深圳签署战略合作框架协议。市委书记张立东、市长刘海波出席签约仪式。\n",
    )  # a Shenzhen bulletin would write 在我市: the city is unknown, the event's place is 深圳
    assert f.document.city is None and ("刘海波", "市长", "深圳市人民政府") not in tenures(f)
    assert [e.place for e in f.events] == ["深圳"]
    f = extract_text(tmp_path / "venue-2021-07.txt", "7月7日，深圳市市长刘海波在深圳会见某集团董事长王平。\n")
    assert f.document.city == "深圳市"  # no 我市: the place the text names
    f = extract_text(tmp_path / "venue-2021-08.txt", "8月7日，在市政府与某集团签约仪式上，双方签订了合作协议。\n")
    assert [e.place for e in f.events] == [None]  # the two parties are no venue


def test_a_county_whose_name_is_an_everyday_word_is_named_only_after_its_city(tmp_path):
    f = extract_text(tmp_path / "flood-2020-07.txt", "7月2日，副市长孙丽带队察看了城区排涝泵站。\n")
    assert f.document.local is None  # 城区: the urban area
    f = extract_text(tmp_path / "flood-2020-08.txt", "8月2日，阳泉市城区区长王刚调研防汛工作。\n")
    assert f.document.local == "城区" and ("王刚", "区长", "阳泉市城区人民政府") in tenures(f)


def test_a_city_inside_another_citys_name_is_not_named(tmp_path):
    f = extract_text(tmp_path / "maanshan-2024-03.txt", "3月4日，市长袁方率团赴马鞍山考察，马鞍山市副市长李平陪同。\n")
    assert f.document.city == "马鞍山市"  # 鞍山, inside 马鞍山, is not 辽宁's 鞍山市
    assert ("袁方", "市长", None) in tenures(f)  # the traveller is not of the destination


def test_a_district_a_trip_went_to_is_not_the_travellers(tmp_path):
    f = extract_text(
        tmp_path / "trip-2023-11.txt",
        "11月15日至17日，区政协主席刘建国带队赴江苏昆山、苏州学习考察。区政协副主席许丽华参加考察。"
        "考察组先后考察了苏州工业园区，园区党工委书记沈敏、区长吴刚陪同。\n",
    )  # the bulletin never names its own district: its 区政协 stays as written
    t = tenures(f)
    assert ("刘建国", "主席", "区政协") in t and ("许丽华", "副主席", "区政协") in t
    assert ("吴刚", "区长", "苏州市苏州工业园区人民政府") in t  # a host, in the sentence naming his district


def test_a_traveller_to_the_only_city_named_is_of_no_known_place(tmp_path):
    f = extract_text(
        tmp_path / "trip-2019-05.txt",
        "5月15日上午，市委副书记、市长孙立率市政府代表团赴宁波考察学习。宁波市委副书记、市长钱明会见了代表团一行。"
        "市领导李红、周海随同考察。\n",
    )  # the host's city is the only one named: the visitors' titles keep no place rather than the host's
    t = tenures(f)
    assert ("孙立", "市长", None) in t and ("钱明", "市长", "宁波市人民政府") in t
    assert {p.name for p in f.persons} == {"孙立", "钱明", "李红", "周海"}  # 周海|随同


def test_a_place_written_in_a_list_holds_for_the_titles_listed_after_it(tmp_path):
    t = posts_in(
        tmp_path / "xiezuo-2022-11.txt",
        "11月2日，两市召开东西部协作联席会议。达州市委书记何立新，市委副书记、市长孔德明，"
        "市政协主席范文军；舟山市委书记邹海平，市委副书记、市长俞建国，市人大常委会主任任少华出席。\n",
    )
    assert ("孔德明", "市长", "达州市人民政府") in t
    assert ("范文军", "主席", "政协达州市委员会") in t
    assert ("俞建国", "副书记", "中共舟山市委") in t  # after the semicolon: 舟山's list
    assert ("俞建国", "市长", "舟山市人民政府") in t
    assert ("任少华", "主任", "舟山市人大常委会") in t


def test_a_body_of_a_level_the_bulletin_lacks_takes_the_nearest_place_of_that_level(tmp_path):
    t = posts_in(
        tmp_path / "visit-2010-08.txt",
        "8月20日，重庆市委常委吴国庆会见考察团。8月21日，考察团赴南川区考察，区长邱立平代表南川区政府签约。"
        "上海市市长邵东明会见了由州委副书记、州长杨家林率领的迪庆州代表团。"
        "自治区党委书记沈丹会见新疆客人。\n",
    )
    assert ("邱立平", "区长", "重庆市南川区人民政府") in t  # the district named after, in the sentence
    assert ("杨家林", "副书记", "中共迪庆州委") in t  # 迪庆州: 迪庆藏族自治州 as written
    assert ("杨家林", "州长", "迪庆州人民政府") in t
    assert ("沈丹", "党委书记", "中共新疆维吾尔自治区委员会") in t


def test_town_bodies_and_titles_belong_to_the_town(tmp_path):
    t = posts_in(
        tmp_path / "town-2016-01.txt",
        "1月22日，南岭镇第七届人民代表大会第五次会议举行，全镇51名镇人大代表出席。代镇长许立峰作政府工作报告。"
        "大会选举许立峰为南岭镇人民政府镇长。镇党委书记梁国栋讲话。\n",
    )
    assert ("许立峰", "代镇长", "南岭镇人民政府") in t
    assert ("许立峰", "镇长", "南岭镇人民政府") in t
    assert ("梁国栋", "党委书记", "中共南岭镇委员会") in t


def test_a_town_whose_name_holds_a_level_word_and_a_citys_level_word_before_zhen(tmp_path):
    t = posts_in(
        tmp_path / "town-2021-07.txt",
        "7月9日，新市镇召开工作部署会，瑞安市镇街干部列席，镇党委书记朱卫东讲话，镇长沈建华主持。\n",
    )
    assert {("朱卫东", "党委书记", "中共新市镇委员会"), ("沈建华", "镇长", "新市镇人民政府")} <= t  # no town 安市镇


def test_a_town_bulletins_own_town_and_no_town_read_out_of_a_list(tmp_path):
    f = extract_text(
        tmp_path / "town-2020-09.txt",
        "中共北岙镇委员会办公室　　2020年9月10日\n\n"
        "9月7日，镇党委书记孙立主持会议。镇长钱明，镇人大主席团主席李红，"
        "副镇长周海东等镇领导参加。\n"
        "9月9日，我镇与甲大学签订校地合作协议。\n",
    )  # 周海东|等镇领导: no town 东等镇
    t = tenures(f)
    assert ("周海东", "副镇长", "北岙镇人民政府") in t
    assert ("李红", "主席", "北岙镇人民代表大会主席团") in t
    assert [a.parties for a in f.agreements] == [["北岙镇", "甲大学"]]


def test_appointments_lists_of_names_and_posts_and_posts_left(tmp_path):
    f = extract_text(
        tmp_path / "renmian-2021-08.txt",
        "8月13日，某市人大常委会举行会议。会议任命周海平、吴立新为市人民政府副市长，孙晓东为市商务局局长；"
        "任命郭建华、钱玉兰等5人为市中级人民法院审判员。会议决定接受杨志刚辞去市人民政府副市长职务的请求。\n"
        "林国平同志任中共临海市委委员、常委、书记，提名为临海市市长候选人；朱永明同志不再担任中共临海市委书记、常委、委员职务。"
        "何为民同志任台州市委常委，不再担任台州市副市长职务，免去其台州市发改委主任职务。\n"
        "会议决定郑浩副市长代理台州市人民政府市长职务。\n",
    )
    t = tenures(f)
    assert {("周海平", "副市长"), ("吴立新", "副市长"), ("孙晓东", "局长")} <= {(p, ti) for p, ti, _ in t}
    assert ("郭建华", "审判员", "台州市中级人民法院") in t  # 等5人为…
    assert ("杨志刚", "副市长", "台州市人民政府") in t  # 辞去…职务: held until now
    for title in ("委员", "常委", "书记"):
        assert ("林国平", title, "中共临海市委") in t
        assert ("朱永明", title, "中共临海市委") in t  # 不再担任: held until now
    assert not any(p == "林国平" and ti == "市长" for p, ti, _ in t)  # a nomination is no post
    assert ("何为民", "副市长", "台州市人民政府") in t  # no name of its own: the sentence's person
    assert ("何为民", "主任", "台州市发展和改革委员会") in t  # 免去其…
    assert ("郑浩", "代理市长", "台州市人民政府") in t


def test_one_title_in_two_bodies_is_two_posts(tmp_path):
    t = posts_in(
        tmp_path / "renmian-2023-04.txt",
        "吴建国同志任丽水市委委员、常委，免去其衢州市委常委、委员职务。\n",
    )
    assert {("吴建国", "常委", "中共丽水市委"), ("吴建国", "常委", "中共衢州市委")} <= t


def test_concurrent_posts_joined_by_jian(tmp_path):
    t = posts_in(
        tmp_path / "jian-2019-01.txt",
        "台州市政务信息\n\n1月5日，市委书记陈志远会见了宏达集团董事长兼总裁冯立群一行。台州温岭商会常务副会长、"
        "市侨联委员刘海涛，常务副会长兼秘书长、市侨联委员宋建华出席。市政协副主席陈晓、马丽（兼统战部部长）陪同。"
        "仙居县委常委吴斌，该县委副书记孔亮，青浦区区委副书记顾明参加。\n",
    )
    assert {("冯立群", "董事长", "宏达集团"), ("冯立群", "总裁", "宏达集团")} <= t  # 董事长兼总裁
    assert ("宋建华", "常务副会长", "台州温岭商会") in t  # listed after: the first body of the chain before
    assert ("宋建华", "秘书长", "台州温岭商会") in t
    assert ("马丽", "副主席", "政协台州市委员会") in t
    assert ("马丽", "部长", "中共台州市委统战部") in t  # （兼…）: a post besides, not the 政协's
    assert ("孔亮", "副书记", "中共仙居县委") in t  # 该县委: the county named before
    assert ("顾明", "副书记", "中共上海市青浦区委") in t  # 青浦区区委: the level written twice


def test_a_bylines_names_share_its_title_and_take_the_outlet_of_its_dateline(tmp_path):
    t = posts_in(
        tmp_path / "byline-2020-06.txt",
        "东海晚报客户端讯（记者 陈立新 王海 通讯员 李青）6月3日，宁海县商会成立。"
        "会议聘请县人大常委会原主任张国平为名誉会长，宏远集团总裁林立当选商会会长。\n",
    )
    assert {("陈立新", "记者", "东海晚报"), ("王海", "记者", "东海晚报"), ("李青", "通讯员", "东海晚报")} <= t
    assert ("张国平", "名誉会长", "宁海县商会") in t  # 聘请…原主任甲为: the name before 为
    assert ("张国平", "主任", "宁海县人大常委会") in t  # 原主任: a former post
    assert ("林立", "会长", "宁海县商会") in t
    assert not any(p == "张国平" and ti == "总裁" for p, ti, _ in t)  # 总裁 is 林立's


def test_a_reporter_of_the_paper_that_does_not_name_itself_has_no_outlet(tmp_path):
    t = posts_in(
        tmp_path / "benbao-2020-06.txt",
        "本报记者 孟凡宇\n本报讯 6月5日，宁海县举行重点项目开工仪式，县长邵立群致辞。（本报记者 卞清）\n"
        "本报讯新华社记者吴晓军报道：宁海县首批项目当日开工。\n",
    )
    assert {("孟凡宇", "记者", None), ("卞清", "记者", None)} <= t  # 本报 is no organization
    assert ("吴晓军", "记者", "新华社") in t  # 本报讯|新华社记者: the agency named after the dateline
    assert ("邵立群", "县长", "宁海县人民政府") in t


def test_a_reporter_of_the_paper_is_of_the_outlet_its_source_line_names(tmp_path):
    for source in ("（宁海日报）", "来源：《宁海日报》 2020-06-06", "（来源：宁海新闻网）"):
        t = posts_in(
            tmp_path / "benbao-2020-06.txt",
            f"本报讯（记者 卞清 通讯员 孟凡宇）6月5日，宁海县举行重点项目开工仪式，县长邵立群致辞。\n{source}\n",
        )
        outlet = source.strip("（）").removeprefix("来源：").split()[0].strip("《》")
        assert {("卞清", "记者", outlet), ("孟凡宇", "通讯员", outlet)} <= t
    t = posts_in(tmp_path / "benbao-2020-06.txt", "本报讯（记者 卞清）6月5日，宁海县举行开工仪式。\n（县发改局）\n")
    assert ("卞清", "记者", None) in t  # a source line naming no outlet


def test_a_second_holder_of_a_title_is_not_of_the_first_ones_body(tmp_path):
    t = posts_in(
        tmp_path / "visit-2014-05.txt",
        "温州市经济合作办公室 工作简报\n2014年5月8日\n\n"
        "5月6日，绍兴市市长陈伟明和副市长王斌来我市考察，市长陈金彪会见。\n",
    )
    assert ("王斌", "副市长", "绍兴市人民政府") in t  # the deputy of the mayor named before
    assert ("陈金彪", "市长", "温州市人民政府") in t  # another mayor: the host's city, not 绍兴's


def test_and_inside_a_bodys_name_is_no_boundary(tmp_path):
    t = posts_in(
        tmp_path / "huijian-2016-05.txt",
        "5月6日，市长张明会见了北京协和医院院长赵海林、日本大和株式会社社长山本一郎。\n",
    )
    assert ("赵海林", "院长", "北京协和医院") in t  # not 北京协和|医院
    assert ("山本一郎", "社长", "日本大和株式会社") in t


def test_a_body_named_alone_above_the_issue_number_is_the_issuer(tmp_path):
    f = extract_text(
        tmp_path / "zhengwu.txt",
        "鹿城区人民政府办公室\n政务信息\n第23期\n2018年9月12日\n\n区领导会见客商\n"
        "9月10日，区长李丽会见了香港客商陈志华一行。\n",
    )
    assert (f.document.issuer, f.document.city, f.document.local) == ("温州市鹿城区人民政府办公室", "温州市", "鹿城区")
    assert ("李丽", "区长", "温州市鹿城区人民政府") in tenures(f)


def test_a_city_council_member_is_no_political_commissar(tmp_path):
    t = posts_in(tmp_path / "council-2015-10.txt", "10月22日，市长约翰·史密斯先生和市政委员林大卫先生来访。\n")
    assert {(p, ti) for p, ti, _ in t if p == "林大卫"} == {("林大卫", "市政委员")}  # not 市|政委|员


def test_a_traveller_with_bare_titles_is_not_of_the_destination(tmp_path):
    t = posts_in(
        tmp_path / "trip-2018-08.txt",
        "8月16日，市委副书记、市长韩立新率团赴绍兴考察。绍兴市市长陈伟明会见代表团。绍兴市副市长王斌，"
        "绍兴市政府秘书长何平陪同。辽源市副市长李强参加。双方参观了绍兴市的企业，绍兴、辽源两市签约。\n",
    )
    assert ("韩立新", "副书记", "中共辽源市委") in t  # 赴绍兴: his titles are not 绍兴's
    assert ("陈伟明", "市长", "绍兴市人民政府") in t


def test_a_companys_short_form_is_the_company_the_text_names(tmp_path):
    f = extract_text(
        tmp_path / "sign-2021-10.txt",
        "10月27日，华建三局投资有限公司与某区政府签约。投资公司党委书记、董事长肖立新，商丘公司总经理王勃出席。"
        "投资公司商丘公司总经理雷显明参加。\n",
    )
    t = tenures(f)
    assert ("肖立新", "董事长", "华建三局投资有限公司") in t
    assert ("肖立新", "党委书记", "华建三局投资有限公司党委") in t
    assert ("雷显明", "总经理", "华建三局投资有限公司商丘公司") in t
    party = next(o for o in f.organizations if o.name == "华建三局投资有限公司党委")
    assert "投资公司党委" in party.aliases  # the short form is kept as an alias


def test_titles_of_one_person_joined_by_ji_and_jian(tmp_path):
    t = posts_in(
        tmp_path / "qiaolian-2021-05.txt",
        "5月12日，浙江省侨联兼职副主席暨台州市侨联主席林晓华一行到访，市外办主任暨市侨办主任周立平陪同。\n",
    )
    assert ("林晓华", "兼职副主席", "浙江省归国华侨联合会") in t
    assert ("林晓华", "主席", "台州市归国华侨联合会") in t  # 暨: one person
    assert ("周立平", "主任", "台州市侨务办公室") in t


def test_youth_league_committees_by_their_short_names(tmp_path):
    t = posts_in(
        tmp_path / "tuan-2022-07.txt",
        "浙江省桐庐县\n7月9日，团省委副书记杨海军来我县调研，团县委书记何丽陪同。"
        "团市委副书记宋涛、团县委副书记王斌参加。市委常委、宣传部部长陈立下达开工令。\n",
    )
    assert ("杨海军", "副书记", "共青团浙江省委") in t
    assert ("何丽", "书记", "共青团桐庐县委") in t
    assert ("宋涛", "副书记", "共青团杭州市委") in t
    assert ("王斌", "副书记", "共青团桐庐县委") in t  # listed after 团市委, yet no part of it
    assert ("陈立", "部长", "中共杭州市委宣传部") in t  # 宣传部 is a part of the 市委 before


def test_a_bare_association_title_and_the_same_title_in_another_body_are_two_posts(tmp_path):
    t = posts_in(
        tmp_path / "shanghui-2020-11.txt",
        "11月3日，宁波市温州商会会长陈海波率团拜访。出席的该会领导包括副会长兼青委会主任、"
        "浙江省青年企业家协会副会长黄立新。\n",
    )
    assert {("黄立新", "副会长", "宁波市温州商会"), ("黄立新", "副会长", "浙江省青年企业家协会")} <= t


def test_a_company_named_after_a_place_does_not_make_the_text_that_places(tmp_path):
    f = extract_text(
        tmp_path / "qianyue-2023-04.txt",
        "4月18日，合肥市与上海华景集团签约仪式举行。副市长赵立宏在致辞中说，上海华景集团是大型企业，"
        "上海华景控股股份有限公司执行副总裁李敏介绍了项目。上海华景集团将以此为起点。\n",
    )
    assert f.document.city == "合肥市"
    assert ("赵立宏", "副市长", "合肥市人民政府") in tenures(f)


def test_hosts_of_a_visiting_group_in_a_district_are_the_districts(tmp_path):
    f = extract_text(
        tmp_path / "host-2016-03.txt",
        "温州市政务信息\n\n3月18日下午，省商务厅副厅长陆明一行在温州市瓯海区考察，张立新书记对陆明副厅长一行表示欢迎。"
        "3月19日，陆明一行与市委书记周江会谈。\n",
    )
    assert f.document.city == "温州市"
    t = tenures(f)
    assert ("张立新", "书记", "中共温州市瓯海区委") in t  # the host of a group in 瓯海区
    assert ("周江", "书记", "中共温州市委") in t


def test_what_a_person_does_before_a_title_is_no_body(tmp_path):
    t = posts_in(
        tmp_path / "gsl-2021-07.txt",
        "7月3日，省工商联党组书记、主持全面工作的专职副主席张海明会见了来访的客商。\n",
    )
    assert ("张海明", "专职副主席", "省工商联") in t  # of the body his chain names, not of 主持全面工作的


def test_a_foreign_name_the_tagger_finds_after_a_title_holds_the_post(tmp_path):
    t = posts_in(
        tmp_path / "waishi-2017-11.txt",
        "11月9日，市长会见了俄罗斯外长罗马科夫一行。双方同意加强合作。市委书记在同德国总理科尔会谈时表示欢迎。\n",
    )
    assert ("罗马科夫", "外长", "俄罗斯") in t
    assert ("科尔", "总理", "德国") in t  # 在同|德国: a country starts the body


def test_an_institution_named_after_a_city_is_not_the_place_the_text_speaks_for(tmp_path):
    hospital = posts_in(
        tmp_path / "yiyuan-2021-04.txt",
        "4月6日，南京鼓楼和济医院召开医德医风建设推进会，院长褚文彬主持。市长贺立新到会讲话。南京鼓楼和济医院将落实部署。\n",
    )
    assert ("贺立新", "市长", None) in hospital  # no city of its own: the bare title's body unknown
    bank = posts_in(
        tmp_path / "yinhang-2021-04.txt",
        "4月7日，成都银行召开普惠金融推进会，副市长邹明远出席。成都银行行长龚立表示将加大支持。\n",
    )
    assert ("邹明远", "副市长", None) in bank
    own = posts_in(
        tmp_path / "renmin-2021-04.txt",
        "4月8日，合肥市人民医院召开职工大会，副市长邹明远出席。合肥市人民医院院长龚立作报告。\n",
    )
    assert ("邹明远", "副市长", "合肥市人民政府") in own  # 某市人民医院: the city's own hospital


def test_a_bare_secretary_general_at_a_congress_session_is_the_congress_standing_committees(tmp_path):
    t = posts_in(
        tmp_path / "renda-2021-09.txt",
        "9月3日，台州市人大常委会召开第三十次会议，市人大常委会主任葛立明主持。市政协副主席鲍晓参加会议。"
        "会议听取了市政府关于审计工作的报告。秘书长詹国平作关于会议议程的说明，副秘书长项丽出席。\n",
    )
    assert ("詹国平", "秘书长", "台州市人大常委会") in t  # not the 市委's, not the 政协 a member came from
    assert ("项丽", "副秘书长", "台州市人大常委会") in t  # not the 市政府's


def test_word_counter_counts_every_place_a_word_starts():
    """Each word as often as it starts somewhere, inside a longer one and overlapping itself too."""
    words = ["马鞍山", "鞍山", "山东", "东营", "哈哈", "我市"]
    text = "马鞍山东营与鞍山，哈哈哈我市山东"
    want = Counter({w: sum(text.startswith(w, p) for p in range(len(text))) for w in words})
    assert WordCounter(words).counts(text) == +want
    assert want["哈哈"] == 2 and want["山东"] == 2

    class ByLookup(WordCounter):  # as for words with many first characters (the cities)
        MANY_FIRSTS = 0

    assert ByLookup(words).by_lookup and ByLookup(words).counts(text) == +want


def test_a_university_by_its_places_first_character_is_named_in_full(tmp_path):
    fuzhou = extract_text(
        tmp_path / "jiangzuo-2022-05.txt",
        "5月9日，福州市举办数字经济讲座，福大经济管理学院院长林海作报告，福州市副市长郑伟出席。广大干部群众踊跃参加。\n",
    )
    assert ("林海", "院长", "福州大学经济管理学院") in tenures(fuzhou)
    assert {o.name: o.aliases for o in fuzhou.organizations}["福州大学经济管理学院"] == {"福大经济管理学院"}
    jinan = posts_in(
        tmp_path / "zuotan-2022-05.txt",
        "5月10日，济南市召开校地合作座谈会，山大党委书记王刚、济大校长李强参加，副市长孙丽主持。\n",
    )
    assert {("王刚", "党委书记", "山东大学党委"), ("李强", "校长", "济南大学")} <= jinan  # province, city


def test_a_body_written_after_places_inside_one_another_is_of_the_innermost(tmp_path):
    t = posts_in(
        tmp_path / "kaocha-2022-04.txt",
        "4月12日，浙江省绍兴市委常委、柯桥区委书记沈立和绍兴市柯桥区委副书记陈明来我区考察。区委书记刘颖陪同。\n"
        "（杭州市余杭区委办公室）\n",
    )
    assert {("沈立", "常委", "中共绍兴市委"), ("陈明", "副书记", "中共绍兴市柯桥区委")} <= t


def test_the_place_every_source_line_names_is_the_bulletins(tmp_path):
    text = (
        "4月12日，绍兴市柯桥区委书记沈立、绍兴市柯桥区区长陈明来我区考察。区委书记刘颖陪同。\n"
        "（杭州市余杭区委办公室）\n"
    )
    t = posts_in(tmp_path / "kaocha-2022-04.txt", text)  # the guests' place is named more often
    assert {("沈立", "书记", "中共绍兴市柯桥区委"), ("刘颖", "书记", "中共杭州市余杭区委")} <= t


def test_a_town_the_gazetteer_does_not_know_a_general_chair_and_a_commission_written_in_full(tmp_path):
    text = (
        "政务信息\n2020年3月12日\n\n"
        "3月10日，城关镇党委书记赵明、城关镇镇长李四会见了印尼某同乡会总主席林文光一行，"
        "某市商务委员会副主任吴明陪同。\n"
    )
    found = posts_in(tmp_path / "a.txt", text)
    assert {
        ("赵明", "党委书记", "中共城关镇委员会"),
        ("李四", "镇长", "城关镇人民政府"),
        ("林文光", "总主席", "印尼某同乡会"),
        ("吴明", "副主任", "某市商务委员会"),
    } <= found


def test_our_chamber_is_the_issuers_and_the_school_is_the_university_named_before(tmp_path):
    text = (
        "商会动态\n第4期\n某某市平阳商会秘书处编               2019年9月15日\n\n"
        "9月10日，我会召开理事会议。会长林海平主持会议，监事长周建国参加。会议增补黄勇为我会副会长。\n"
        "9月12日，商会党支部书记陈立带领党员开展主题党日活动。\n"
        "11月18日，甲师范大学与乙市人民政府签约。学校党委副书记、副校长朱成晨主持签约仪式。\n"
    )
    assert {
        ("林海平", "会长", "某某市平阳商会"),
        ("周建国", "监事长", "某某市平阳商会"),
        ("黄勇", "副会长", "某某市平阳商会"),  # 增补…为: an appointment
        ("陈立", "书记", "某某市平阳商会党支部"),
        ("朱成晨", "党委副书记", "甲师范大学党委"),
        ("朱成晨", "副校长", "甲师范大学"),
    } <= posts_in(tmp_path / "a.txt", text)



def test_an_ambassador_and_a_consul_general_head_their_missions(tmp_path):
    text = (
        "政务信息\n2019年2月18日\n\n2月16日，市长会见了甲国驻上海总领事韩爱德、甲国驻华大使莫立，"
        "中国驻旧金山总领事馆副总领事李伟出席。\n"
    )
    assert {
        ("韩爱德", "总领事", "甲国驻上海总领事馆"),
        ("莫立", "大使", "甲国驻华大使馆"),
        ("李伟", "副总领事", "中国驻旧金山总领事馆"),
    } <= posts_in(tmp_path / "a.txt", text)


def test_a_towns_ethnic_name_and_its_party_committees_members(tmp_path):
    text = (
        "乡镇工作动态\n2022年8月30日\n\n"
        "8月22日，罗阳镇召开会议。镇党委书记林海主持，镇党委委员、组织委员吴丹参加。\n"
        "8月25日，司前畲族镇组织演练。镇长雷建华、司前畲族镇党委书记蓝海到场。\n"
    )
    assert {
        ("林海", "党委书记", "中共罗阳镇委员会"),
        ("吴丹", "组织委员", "中共罗阳镇委员会"),
        ("雷建华", "镇长", "司前畲族镇人民政府"),
        ("蓝海", "党委书记", "中共司前畲族镇委员会"),
    } <= posts_in(tmp_path / "a.txt", text)



def test_the_democratic_parties_committees_and_their_chairs(tmp_path):
    text = (
        "统战信息\n中共丽水市委统战部                2021年9月20日\n\n"
        "9月15日，市委统战部召开座谈会。民革市委会主委吴建华，民盟市委副主委陈红，致公党丽水市支部主委周明参加。\n"
    )
    assert {
        ("吴建华", "主委", "民革丽水市委员会"),
        ("陈红", "副主委", "民盟丽水市委员会"),
        ("周明", "主委", "致公党丽水市支部"),  # a body of its own, no part of the one before
    } <= posts_in(tmp_path / "a.txt", text)


def test_a_company_after_a_party_committee_in_a_list_is_no_part_of_it(tmp_path):
    text = "经合动态\n2020年11月25日\n\n11月23日，市委书记李明，华润集团董事长王祥明出席签约仪式。\n"
    assert ("王祥明", "董事长", "华润集团") in posts_in(tmp_path / "a.txt", text)



def test_a_bare_bureau_chief_heads_the_bureau_his_item_named_before(tmp_path):
    text = (
        "经济信息\n2020年4月17日\n\n"
        "4月16日，台州市商务局召开外贸企业座谈会，局党委书记、局长黄伟主持会议。副局长孙强通报了外贸运行情况。\n\n"
        "4月17日，台州市召开经济形势分析会，形成发展新格局。局长刘强出席。\n"
    )
    posts = posts_in(tmp_path / "a.txt", text)
    assert {
        ("黄伟", "党委书记", "台州市商务局党委"),
        ("黄伟", "局长", "台州市商务局"),
        ("孙强", "副局长", "台州市商务局"),
        ("刘强", "局长", None),  # 新格局 is no bureau, and the last item's is not his
    } <= posts


def test_an_autonomous_regions_short_forms_and_a_list_after_also(tmp_path):
    text = (
        "政务动态\n2022年8月15日\n\n"
        "8月12日，新疆维吾尔自治区主席买买提·吐尔逊会见客人。"
        "出席会见的还有自治区发展改革委主任李建国、自治区商务厅厅长热合满·阿不都拉。\n"
    )
    assert {
        ("李建国", "主任", "新疆维吾尔自治区发展和改革委员会"),
        ("热合满·阿不都拉", "厅长", "新疆维吾尔自治区商务厅"),
    } <= posts_in(tmp_path / "a.txt", text)


def test_a_bracketed_source_line_names_the_county_and_an_acting_title_names_none(tmp_path):
    text = (
        "县人大常委会会议闭幕\n\n4月28日，县人大常委会会议闭幕。县人大常委会主任陈国平主持会议。"
        "会议通过了关于提名周立新为县人民政府代理县长的决定。县委副书记、县长候选人吴海出席会议并讲话。\n\n"
        "（来源：苍南新闻网 2021-04-29）\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert (f.document.city, f.document.local) == ("温州市", "苍南县")  # not 理县, read out of 代理县长
    posts = tenures(f)
    assert ("陈国平", "主任", "苍南县人大常委会") in posts
    assert ("吴海", "副书记", "中共苍南县委") in posts  # 县长候选人: a nomination, no post
    assert not any(p == "吴海" and t == "县长" for p, t, _ in posts)


def test_a_body_after_a_shared_title_is_no_second_name(tmp_path):
    text = "经合动态\n2017年9月8日\n\n9月7日，瑞安市与温州大学签约。副市长林庆丰、温州大学副校长陈凡代表双方签约。\n"
    posts = posts_in(tmp_path / "a.txt", text)
    assert ("陈凡", "副校长", "温州大学") in posts and not any(p == "温州" for p, _, _ in posts)


def test_the_chief_executives_of_the_special_administrative_regions(tmp_path):
    text = "新闻稿\n2023年3月5日\n\n3月3日，香港特区行政长官李明会见了访问团一行。澳门特区行政长官王平出席活动。\n"
    assert {
        ("李明", "行政长官", "香港特别行政区"),
        ("王平", "行政长官", "澳门特别行政区"),
    } <= posts_in(tmp_path / "a.txt", text)


def test_a_body_of_taiwan_after_a_weak_boundary(tmp_path):
    text = "涉台信息\n2019年7月12日\n\n7月9日，市台办主任陈平会见了以台湾某某工商协进会理事长林文为团长的参访团。\n"
    assert ("林文", "理事长", "台湾某某工商协进会") in posts_in(tmp_path / "a.txt", text)  # not 以台湾…


def test_the_seat_of_a_foreign_consulate_is_not_the_bulletins_place(tmp_path):
    text = (
        "外经贸简报\n2017年9月12日\n\n9月8日，德国某某集团全球副总裁汉斯·穆勒一行来我市考察。副市长林平会见了代表团。"
        "德国驻上海总领事馆总领事芮悟峰参加会见。\n"
    )
    posts = posts_in(tmp_path / "a.txt", text)
    assert ("林平", "副市长", None) in posts  # not Shanghai's: 上海 is only the consulate's seat
    assert ("汉斯·穆勒", "副总裁", "德国某某集团") in posts  # 全球 is no part of the body


def test_a_digests_section_named_after_a_city_is_that_citys_news(tmp_path):
    text = (
        "一周政情\n2023年6月19日\n\n【绍兴】\n6月15日，市长王平主持召开市政府常务会议。\n\n"
        "【湖州】\n6月14日，市委书记李红主持召开市委常委会会议。\n"
    )
    posts = posts_in(tmp_path / "a.txt", text)
    assert {("王平", "市长", "绍兴市人民政府"), ("李红", "书记", "中共湖州市委")} <= posts


def test_a_chambers_secretary_general_elected_with_its_president(tmp_path):
    text = (
        "商会动态\n2019年12月25日\n\n12月20日，某某在杭商会第三届会员大会在杭州召开。"
        "王平当选为会长，李红当选为副会长，周丽当选为秘书长。\n"
    )
    posts = posts_in(tmp_path / "a.txt", text)
    assert ("周丽", "秘书长", "某某在杭商会") in posts  # not the city party committee's


def test_a_reporter_of_a_dateline_from_a_place_is_the_outlets(tmp_path):
    text = "中新网杭州3月5日电（记者 张平）3月4日，省长王刚出席签约仪式。\n"
    assert ("张平", "记者", "中新网") in posts_in(tmp_path / "a-2021.txt", text)  # not 中新网杭州


def test_a_name_and_its_verb_write_no_town(tmp_path):
    text = "镇人代会闭幕\n2019年1月25日\n\n1月23日，城关镇人大会议选举李晓燕为镇人大副主席。镇党委书记赵刚主持会议。\n"
    assert ("赵刚", "党委书记", "中共城关镇委员会") in posts_in(tmp_path / "a.txt", text)  # not 李晓燕|为镇


def test_a_page_dated_before_its_source_dates_nothing_and_names_the_reporters_outlet(tmp_path):
    text = (
        "区长带队赴深圳招商\n2022年11月20日  来源：某某区融媒体中心\n\n"
        "本网讯（记者 王大明）11月16日至18日，区长陈志刚带队赴深圳开展招商活动。\n"
    )
    f = extract_text(tmp_path / "a.txt", text)
    assert str(f.document.published) == "2022-11-20"
    assert [(p.person, str(p.date)) for p in f.participations] == [("陈志刚", "2022-11-16")]  # not the page's day
    assert ("王大明", "记者", "某某区融媒体中心") in tenures(f)


def test_the_city_visitors_come_from_is_not_their_hosts(tmp_path):
    text = (
        "工作动态\n2018年7月20日\n\n杭州市代表团来我市考察\n"
        "7月17日，杭州市委副书记、市长徐立新率杭州市党政代表团来我市考察。市委书记张国明陪同考察。\n"
    )
    posts = posts_in(tmp_path / "a.txt", text)
    assert ("徐立新", "市长", "杭州市人民政府") in posts
    assert ("张国明", "书记", "中共杭州市委") not in posts  # the host's city is not named: unknown
    posts = posts_in(tmp_path / "b.txt", text + "（温州市经合办）\n")
    assert ("张国明", "书记", "中共温州市委") in posts  # …unless a source line names it
