"""Agreements on sentences of our own: what is one, what is none, its name and its parties (issue 13 §5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loaders.agreements import find_agreements
from kg.loaders.extract import extract_path
from kg.model import Facts


def extract(tmp_path: Path, text: str) -> Facts:
    path = tmp_path / "signing-2021-07.txt"
    path.write_text(text, encoding="utf-8")
    return extract_path(path, "2021-07-31")


def signed(f: Facts) -> list[tuple[str, str | None, list[str]]]:
    return [(a.name, a.date and a.date.isoformat(), a.parties) for a in f.agreements]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("双方现场签署了一份战略合作协议", [("战略合作协议", ["双方"])]),  # a quantity is no part of a name
        ("甲县与乙公司正式签订了总投资10亿元的项目合作协议", [("项目合作协议", ["甲县", "乙公司"])]),
        ("甲公司与乙县签约仪式上签订投资协议", [("投资协议", ["甲公司", "乙县"])]),  # the ceremony signs nothing
        # …, also when the verb that signs comes in a later clause; 在 is no part of a party (在京某商会 is)
        ("在市政府与乙集团签约仪式上，双方签订了投资协议", [("投资协议", ["市政府", "乙集团"])]),
        ("在京某某商会与乙县签订了合作协议", [("合作协议", ["在京某某商会", "乙县"])]),
        ("在市政府与乙集团签约仪式上，市长张立新与副总裁刘海分别代表双方签约", [("合作协议", ["市政府", "乙集团"])]),
        # 两省: the two sides the name opens with, a space for 与; 部 of 东西部 ends no body
        (
            "两省签署了《甲省人民政府 乙省人民政府东西部协作协议》",
            [("甲省人民政府 乙省人民政府东西部协作协议", ["甲省人民政府", "乙省人民政府"])],
        ),
        # a relative clause or a term leads no name
        ("甲公司与乙集团签订的供货合同于本月到期", [("供货合同", ["甲公司", "乙集团"])]),
        ("三十户农户与村委会签订了为期20年的林地承包合同", [("林地承包合同", ["三十户农户", "村委会"])]),
        # when it was signed is no part of a party
        ("甲公司2019年与乙集团签订了供货合同", [("供货合同", ["甲公司", "乙集团"])]),
        ("甲公司今年3月与乙集团签订了供货合同", [("供货合同", ["甲公司", "乙集团"])]),
        ("7月18日下午，甲市和乙区缔结友好城市签约仪式在乙区举行", [("缔结友好城市协议", ["甲市", "乙区"])]),
        ("9月25日，某某动力智能电池制造基地项目签约", [("某某动力智能电池制造基地项目", [])]),
        # 双方: the two bodies the sentence paired before
        ("甲县政协在与乙县政协的座谈中，双方达成共识，签订友好协议书", [("友好协议书", ["甲县政协", "乙县政协"])]),
        ("甲市商务局与乙县商务局座谈，双方现场签署了合作协议", [("合作协议", ["甲市商务局", "乙县商务局"])]),
        # one signer's titles are no parties: his post names his body
        ("区委副书记、区长张立新与乙市副市长刘海共同签署了意向书", [("意向书", ["区长张立新", "乙市"])]),
        # a clause opening with 与: the titled person heading a clause before signs, else no one named
        ("3月9日，市长张立新率队赴乙市考察，与乙港集团签订合作协议", [("合作协议", ["市长张立新", "乙港集团"])]),
        ("考察期间，与乙港集团签订战略合作协议", [("战略合作协议", ["乙港集团"])]),
        # the verb that holds the ceremony is no part of the name; 由 is no part of a party
        ("甲县与乙集团举行战略合作框架协议签约仪式", [("战略合作框架协议", ["甲县", "乙集团"])]),
        ("由甲区人民政府与乙集团签约", [("合作协议", ["甲区人民政府", "乙集团"])]),
        # a 、 inside brackets lists no parties
        ("甲市6个县（市、区）分别与乙州6个县签订了结对协议", [("结对协议", ["甲市6个县（市、区）", "乙州6个县"])]),
    ],
)
def test_names_and_parties(sentence, expected):
    assert [(a.name, a.parties) for a in find_agreements(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "全省共有107个项目进行了签约，总投资320亿元",  # a count of projects
        "会上，共签约项目28个，签约金额达156亿元",
        "开幕式暨合作项目签约仪式在会展中心举行",  # generic projects
        "我县举行“侨商回归”项目签约仪式，签约项目6个",  # a campaign in quotation marks
        "双方商定，将于年内签署战略合作协议",  # a plan
        "省领导甲、乙等出席开幕式和签约仪式",  # a ceremony attended
        "副市长甲出席甲省人民政府与乙省人民政府经济合作项目签约仪式",  # two provinces' projects, none named
    ],
)
def test_no_agreement(sentence):
    assert find_agreements(sentence) == []


def test_parties_without_a_suffix_and_with_ascii_punctuation(tmp_path):
    f = extract(tmp_path, "7月23日,肥东县与招商检测签署合作协议,副县长李东明出席.\n")
    assert signed(f) == [("合作协议", "2021-07-23", ["肥东县", "招商检测"])]


def test_one_side_signing_with_each_of_several(tmp_path):
    f = extract(tmp_path, "7月4日，县政府分别与东华大学、海川学院签订了人才合作协议和技术合作协议。\n")
    assert signed(f) == [
        ("人才合作协议", "2021-07-04", ["县政府", "东华大学"]),  # paired by position
        ("技术合作协议", "2021-07-04", ["县政府", "海川学院"]),
    ]
    f = extract(tmp_path, "7月5日，县政府分别与东华大学、海川学院签订了战略合作协议。\n")
    assert signed(f) == [
        ("战略合作协议", "2021-07-05", ["县政府", "东华大学"]),  # one name, an agreement with each
        ("战略合作协议", "2021-07-05", ["县政府", "海川学院"]),
    ]


def test_a_caption_of_the_signers_is_no_second_agreement(tmp_path):
    text = (
        "我市与甲建设集团签署战略合作协议\n"
        "7月4日，我市与甲建设集团股份有限公司签署战略合作框架协议。\n"
        "图为市长张立（右）与甲建设集团股份有限公司总裁李峰（左）签约。\n"
    )
    f = extract(tmp_path, text)
    assert [(a.name, a.date and a.date.isoformat()) for a in f.agreements] == [("战略合作协议", "2021-07-04")]
    assert {p.person for p in f.participations if "signed" in p.roles} == {"张立", "李峰"}


def test_two_pairs_of_one_sentence_are_two_agreements(tmp_path):
    text = "7月4日，仪式上，市政府与临港集团、经开区与临港控股股份有限公司分别签署战略合作协议。\n"
    assert len(extract(tmp_path, text).agreements) == 2


def test_the_headlines_signing_takes_the_bodys_day(tmp_path):
    text = (
        "市长率团赴乙市考察并与乙市签订缔结友好城市协议\n\n"
        "7月16日至18日，市长孙立率团赴乙市考察。\n"
        "17日上午，交流会举行。会上，两市市长签订缔结友好城市协议书。\n"
    )
    assert [(a.name, a.date.isoformat()) for a in extract(tmp_path, text).agreements] == [
        ("缔结友好城市协议", "2021-07-17")
    ]


def test_a_formally_named_cooperation_agreement_without_parties_is_kept(tmp_path):
    f = extract(tmp_path, "7月29日，乙县招商局副局长孙东来访，经友好协商，双方签署了《合作协议》。\n")
    assert [a.name for a in f.agreements] == ["合作协议"]


def test_a_signing_nobody_names_is_none(tmp_path):
    assert extract(tmp_path, "7月29日，省领导甲乙丙出席开幕式和签约仪式。\n").agreements == []


def test_a_signer_written_without_a_body_signs_for_the_body_of_his_post(tmp_path):
    f = extract(
        tmp_path,
        "鹿城区新闻\n\n7月16日，丽水市副市长刘海一行来我区考察。"
        "区委副书记、区长张立新与丽水市副市长刘海共同签署了友好交流意向书。\n",
    )
    assert signed(f) == [("友好交流意向书", "2021-07-16", ["温州市鹿城区人民政府", "丽水市"])]


def test_two_places_written_together_are_two_parties(tmp_path):
    f = extract(
        tmp_path,
        "嘉兴湖州签署同城化合作框架协议\n\n7月13日，嘉兴市湖州市同城化合作框架协议签字仪式在湖州市会议中心举行。\n",
    )
    assert [a.parties for a in f.agreements] == [["嘉兴市", "湖州市"]]


def test_a_headline_that_leaves_words_out_names_the_bodys_signing(tmp_path):
    text = (
        "我市与甲大学签署全面合作协议\n"
        "7月15日下午，我市与甲大学签署全面战略合作协议。市长张立出席签约仪式。\n"
    )
    assert [(a.name, a.date.isoformat()) for a in extract(tmp_path, text).agreements] == [
        ("全面合作协议", "2021-07-15")
    ]


def test_the_projects_a_ceremony_lists_are_signed_there(tmp_path):
    text = (
        "7月22日，我县举行重大项目集中签约仪式，共签约项目3个，总投资26亿元。县长王立出席。\n"
        "签约项目包括：\n"
        "1．年产5万吨新型建材项目，由甲建材有限公司投资建设，总投资10亿元；\n"
        "2．乡村民宿综合体项目，总投资6亿元；\n"
        "3．智能装备产业园项目，投资方为乙控股集团有限公司。\n"
        "当天，县长王立还会见了丙公司董事长李明。\n"
    )
    f = extract(tmp_path, text)
    assert [(a.name, a.date.isoformat(), a.parties, a.amount_yuan) for a in f.agreements] == [
        ("年产5万吨新型建材项目", "2021-07-22", ["甲建材有限公司"], 1e9),
        ("乡村民宿综合体项目", "2021-07-22", [], 6e8),
        ("智能装备产业园项目", "2021-07-22", ["乙控股集团有限公司"], None),  # not 乙控股集团|有限公司
    ]


def test_a_count_of_projects_signed_names_no_project(tmp_path):
    f = extract(tmp_path, "7月22日，全县共有12个项目现场签约，签约项目总投资86亿元。\n")
    assert f.agreements == []


def test_a_signer_after_respectively_and_with_is_of_his_company(tmp_path):
    text = "7月10日，区长林海分别与甲科技有限公司董事长张伟、乙物流有限公司总经理李明签订了投资协议。\n"
    f = extract(tmp_path, text)
    assert {(t.person, t.org) for t in f.tenures if t.person != "林海"} == {
        ("张伟", "甲科技有限公司"),  # not 分别与甲科技有限公司
        ("李明", "乙物流有限公司"),
    }


def test_departments_of_both_places_name_no_party(tmp_path):
    f = extract(tmp_path, "7月23日，两地召开帮扶工作座谈会。会上，两地有关部门签订了劳务协作协议。\n")
    assert signed(f) == [("劳务协作协议", "2021-07-23", [])]


def test_parties_a_person_a_short_form_with_a_level_and_a_campaigns_ceremony(tmp_path):
    text = (
        "乙县侨务办公室　　2021年7月8日\n\n"
        "7月6日，我县举行侨商回归项目签约仪式。县侨联与甲华侨华人工商会签订合作备忘录；"
        "某镇与侨商胡立东签订侨乡文化综合体项目投资协议。\n"
    )
    f = extract(tmp_path, text.replace("乙县", "文成县"))
    assert [(a.name, a.parties) for a in f.agreements] == [  # 侨商回归项目: a campaign, no project
        ("合作备忘录", ["文成县归国华侨联合会", "甲华侨华人工商会"]),
        ("侨乡文化综合体项目投资协议", ["某镇", "胡立东"]),
    ]


def test_a_signer_whose_post_names_no_known_body_is_no_party(tmp_path):
    text = "3月9日，市长张立新率队赴宁波考察，与甬港集团签订战略合作协议。\n"
    assert signed(extract(tmp_path, text)) == [("战略合作协议", "2021-03-09", ["甬港集团"])]  # whose 市长 is unknown
    text = "3月9日，温州市市长张立新率队赴宁波考察，与甬港集团签订战略合作协议。\n"
    assert signed(extract(tmp_path, text)) == [("战略合作协议", "2021-03-09", ["温州市人民政府", "甬港集团"])]


def test_our_county_is_never_the_city_the_signing_took_place_in(tmp_path):
    text = "11月20日，我县与东海大学全面合作协议签约仪式在杭州举行。县长何华致辞。\n"
    assert signed(extract(tmp_path, text)) == [("全面合作协议", "2020-11-20", ["东海大学"])]  # 我县: not 杭州市


def test_a_numbered_list_after_a_count_of_projects_names_each_with_its_parties_and_sum(tmp_path):
    text = (
        "7月22日，我市举行重大项目集中签约活动。活动现场共签约项目3个，总投资50亿元。其中：\n"
        "1.甲高端装备产业园项目，由甲区人民政府与乙电气集团有限公司签约，总投资30亿元；\n"
        "2.丙光电子产业基地项目，由丙县人民政府与丁集团签约，总投资15亿元；\n"
        "3.戊数字小镇项目，由戊县人民政府与己公司签约。\n"
    )
    assert [(a.name, a.parties, a.amount_yuan) for a in extract(tmp_path, text).agreements] == [
        ("甲高端装备产业园项目", ["甲区人民政府", "乙电气集团有限公司"], 3e9),
        ("丙光电子产业基地项目", ["丙县人民政府", "丁集团"], 1.5e9),
        ("戊数字小镇项目", ["戊县人民政府", "己公司"], None),
    ]


def test_an_unnamed_agreement_takes_the_sum_written_with_it(tmp_path):
    f = extract(tmp_path, "7月9日，在重大项目集中签约仪式上，我县与甲集团有限公司签约，签约金额12亿元。\n")
    assert [(a.parties, a.amount_yuan) for a in f.agreements] == [(["甲集团有限公司"], 1.2e9)]


def test_a_sum_written_before_the_name_and_the_company_named_before(tmp_path):
    text = (
        "7月9日，副县长王丽在甲科技有限公司考察，该公司董事长李平陪同。"
        "县商务局与该公司签订了总投资5亿元的电子元器件项目投资协议。\n"
    )
    f = extract(tmp_path, text)
    assert [(a.parties, a.amount_yuan) for a in f.agreements] == [(["县商务局", "甲科技有限公司"], 5e8)]
    assert ("李平", "董事长", "甲科技有限公司") in {(t.person, t.title, t.org) for t in f.tenures}


def test_agreements_signed_together_take_their_sums_respectively(tmp_path):
    text = (
        "9月22日，我县分别与甲新材料有限公司、乙电器有限公司签订了新材料项目和智能电器项目投资协议，"
        "总投资分别为5亿元和3亿元。\n"
    )
    assert [(a.name, a.amount_yuan) for a in extract(tmp_path, text).agreements] == [
        ("新材料项目投资协议", 5e8),
        ("智能电器项目投资协议", 3e8),
    ]


def test_a_bulleted_list_of_projects_and_a_signing_table_with_tabs(tmp_path):
    text = (
        "5月26日，我县举行重大项目集中签约活动，共签约项目3个。签约项目如下：\n"
        "◆新型复合材料项目，总投资15亿元，投资方为甲新材料有限公司；\n"
        "◆数字经济产业园项目，由县经济开发区与乙科技有限公司签约。\n"
    )
    assert [(a.name, a.parties, a.amount_yuan) for a in extract(tmp_path, text).agreements] == [
        ("新型复合材料项目", ["甲新材料有限公司"], 1.5e9),
        ("数字经济产业园项目", ["县经济开发区", "乙科技有限公司"], None),
    ]
    rows = ("序号\t项目名称\t签约双方\t投资额", "1\t光伏组件项目\t县经济开发区—丙光伏有限公司\t10亿元")
    text = "5月26日，我县举行项目签约活动。\n" + "\n".join(rows) + "\n"
    assert [(a.name, a.parties) for a in extract(tmp_path, text).agreements] == [
        ("光伏组件项目", ["县经济开发区", "丙光伏有限公司"])
    ]

