"""Agreements signed in a sentence: name, parties, amounts, area, projects.

Handles 《…协议》, "A与B签订…协议", the distributive "A、B、C分别与X、Y、Z签订"
(one agreement per pair, the place prefix of the first party shared by the
others), and a list of project agreements "分别签订了P1、P2、P3等项目合作意向书".

>>> from kg.loaders.agreements import find_agreements
>>> [(a.name, a.parties) for a in find_agreements("甲区财政局、教育局分别与乙县某村、教育局签订了结对协议")]
[('结对协议', ['甲区财政局', '乙县某村']), ('结对协议', ['甲区教育局', '乙县教育局'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import zip_longest

from kg.loaders.lexicon import Hits, lexicon, numeral_chars, words_pattern
from kg.loaders.names import holds, name_at, title_re
from kg.loaders.orgs import org_kind
from kg.loaders.places import places
from kg.loaders.posts import past_weak_boundary
from kg.loaders.structure import BULLETS


@cache
def signing_words(cls: str) -> tuple[str, ...]:
    """The words of a class of ``lexicons/signing_words.tsv`` (sign, with, adverb …), longest first."""
    return lexicon().signing_words.get(cls, ())


@cache
def _pattern(cls: str) -> str:
    return words_pattern(signing_words(cls))


def _chars(cls: str) -> str:
    """The one-character words of a class, for a character class."""
    return "".join(signing_words(cls))


_LEVELS = lexicon().level_words
_NUMBER = rf"[{numeral_chars('digit', 'two', 'ten', 'hundred', 'some')}\d]+"
_HALF_DAY = words_pattern(lexicon().date_words["half_day"])  # 上午, 下午
_WHEN = rf"\d{{2,4}}年|\d{{1,2}}月|\d{{1,2}}日|{_HALF_DAY}"  # a date written in a clause, in pieces
_UNNAMED = re.compile(rf"[，。；]|$|{_pattern('ceremony')}")
_NAME_LEAD = re.compile(  # 了, 的 (…与乙签订的|供货合同), a count, an amount or a term (为期10年的) lead no name
    rf"^(?:{_pattern('name_lead')}|{_NUMBER}[{_chars('measure')}]|(?:{_pattern('amount')})[^的，。]*的"
    rf"|(?:{_pattern('term')})?{_NUMBER}年(?:[—－-]{_NUMBER}年)?的)+"
)
_QUANTITY = re.compile(rf"^{_NUMBER}[{_chars('party_measure')}]")
_PLACE_PREFIX = re.compile(rf"^.{{1,6}}?[{''.join(_LEVELS['place_end'])}]")
_PARTY_PAIR = re.compile(rf"(.{{2,40}}?)(?:—|－|–|--?|{_pattern('table_with')})(.{{2,40}})")
_SEVERAL = re.compile(  # X协议和Y合同
    "(?:{})(?:{})".format(
        "|".join(f"(?<={re.escape(w)})" for w in signing_words("several_after")), _pattern("several_and")
    )
)
_VENUE_LAST = re.compile(rf"(?:{_pattern('venue')})[^，。；、{_chars('venue_stop')}]{{1,12}}$")
_NUMBERED = re.compile(rf"^\s*(?:\d+[.．、)）]|[{re.escape(BULLETS)}])\s*")  # 1．, ◆: an entry of a list
_PROJECT_WORD = signing_words("project")[0]  # 项目
_PROJECT_SIGNED = re.compile(rf"\s*了?\s*([^，。；、\s]{{2,24}}{_PROJECT_WORD})(?:\s|，|。|；|$)")
_PROJECT = re.compile(rf"(?:{_pattern('name_lead')})?([^，。；、]{{2,24}}{_PROJECT_WORD})")
UNNAMED = signing_words("unnamed")[0]  # the name of an agreement the text does not name
_ETC = lexicon().post_words["etc"][0]  # 等: 甲、乙等项目
_AFTER_ETC = re.compile(f"^(?:{_pattern('after_etc')})")  # 等|项目合作协议
_PROJECTS_AND = re.compile(f"(?<={re.escape(_PROJECT_WORD)})(?:{_pattern('project_and')})")  # 甲项目和乙项目


@cache
def _res() -> dict[str, re.Pattern[str]]:
    """The patterns built from the signing words."""
    adverbs, with_ = _pattern("adverb"), _pattern("with")
    return {
        "sign": re.compile(_pattern("sign")),
        "with": re.compile(with_),
        "leading": re.compile(rf"^(?:{adverbs})+"),
        "trailing": re.compile(rf"(?:{adverbs}|{_WHEN})+$"),  # 甲公司|今年3月|与乙: no part of a party
        # 甲与乙分别代表A和B
        "on_behalf": re.compile(rf"(?:{_pattern('on_behalf')})([^，。；]+?)(?:{with_}|、)([^，。；]+)$"),
        "venue": re.compile(rf"(?:{_pattern('venue')})[^，。；、]{{2,20}}?(?:{_pattern('held')})"),
        "pair": re.compile(rf"(.+?)(?:{_pattern('respectively')})?(?:{with_})(.+)$"),
        "occasion": re.compile(_pattern("occasion")),  # after a signing verb: the occasion, not the act
        # …乙县签约仪式上|签订: where it was signed
        "at_occasion": re.compile(
            rf"(?:{_pattern('venue')})?(?:{_pattern('occasion_verb')})?(?:{_pattern('occasion')})(?:{_pattern('occasion_end')})$"
        ),
        "opening": re.compile(rf"^[\d年月日至—－-]+|(?:{_pattern('opening_end')})$"),  # 9月3日|甲…, 甲|在与乙…
        "together": re.compile(f"(?:{_pattern('together')})$"),  # A与B|双方签约
        "respectively": re.compile(f"(?:{_pattern('respectively')})$"),
        "project_lead": re.compile(_pattern("project_lead")),
        "future": re.compile(words_pattern(lexicon().event_words["future"])),  # event_words.tsv: 将于, 拟
        "lead_start": re.compile(f"^(?:{_pattern('project_lead')})+"),  # 甲与乙|举行|战略合作协议签约仪式
    }


_SPACE = re.compile(r"\s+")
_WITH = signing_words("with")[0]  # 与
_QUOTES = re.compile(r"[“”\"'‘’「」《》]")


def generic_project(project: str) -> bool:
    """合作项目, 重点项目, 一批项目: words that name no particular project; nor does a pair's
    (甲省人民政府与乙省人民政府经济合作项目: what follows the last body)."""
    rest = _QUOTES.sub("", project.removesuffix(_PROJECT_WORD))  # “侨商回归”项目
    if _res()["with"].search(rest):
        rest = rest[max((rest.rfind(s) + len(s) for s in _suffixes() if s in rest), default=0) :]
    for word in signing_words("generic_project"):
        rest = rest.replace(word, "")
    return not rest


@dataclass(slots=True)
class AgreementMention:
    name: str
    parties: list[str]
    projects: list[str] = field(default_factory=list)
    amount: float | None = None
    area_mu: float | None = None
    named: bool = True  # False: the text does not name it (A与B签约), the name is :data:`UNNAMED`


_MONEY = re.compile(rf"\d+(?:\.\d+)?\s*(?:{_pattern('money_scale')})?(?:{_pattern('currency')})")
_AREA = re.compile(rf"(\d+(?:\.\d+)?)\s*(?:{_pattern('area_unit')})")
_YUAN = signing_words("yuan")[0]


def amount_and_area(text: str) -> tuple[float | None, float | None]:
    """The first sum of money in yuan (other currencies are left out) and land area (亩) in ``text``."""
    from kg.loaders.places import jionlp

    amount = area = None
    # both patterns open with a repeat (\d+), which the engine tries at every character: asked only
    # of a text that holds a word one of them needs
    if holds(text, signing_words("currency"), 0, len(text)) and (m := _MONEY.search(text)):
        try:
            money = jionlp().parse_money(m.group().replace(" ", ""))
            amount = float(money["num"]) if money.get("case") == _YUAN else None  # no exchange rates offline
        except (ValueError, TypeError, KeyError):
            amount = None
    if holds(text, signing_words("area_unit"), 0, len(text)) and (m := _AREA.search(text)):
        area = float(m.group(1))
    return amount, area


def amounts_each(text: str, count: int) -> list[float | None]:
    """The sums of ``count`` agreements signed together, one each, when ``text`` gives them
    respectively (总投资分别为5亿元和3亿元), else none.

    >>> amounts_each("签订了甲、乙两个项目协议，总投资分别为5亿元和3000万元。", 2)
    [500000000.0, 30000000.0]
    """
    at = max((text.rfind(w) for w in signing_words("respectively")), default=-1)
    sums = [amount_and_area(m.group())[0] for m in _MONEY.finditer(text, at)] if at >= 0 else []
    return sums if len(sums) == count else [None] * count


@cache
def _word_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().agreement_words))


def find_agreements(sentence: str) -> list[AgreementMention]:
    """Agreements signed in one sentence (parties as written), or in a row of a signing table."""
    signs = list(_res()["sign"].finditer(sentence))
    if not signs and (row := _table_row(sentence)):
        return [row]
    out: list[AgreementMention] = []
    held_over: list[AgreementMention] = []
    for sign, after in zip_longest(signs, signs[1:]):
        clause_start = max(sentence.rfind(c, 0, sign.start()) for c in "，。；：") + 1
        clause_end = min([i for c in "，。；" if (i := sentence.find(c, sign.end())) >= 0] or [len(sentence)])
        ceremony = after is not None and _res()["occasion"].match(sentence, sign.end()) is not None
        if ceremony and after.start() < clause_end:
            continue  # 甲与乙签约仪式上签订投资协议: the ceremony's verb names nothing; the next one signs
        if _res()["future"].search(sentence, clause_start, sign.start()):
            continue  # 双方将于年内签署…: a plan, nothing signed yet
        names, projects = _names(sentence, sign.end(), clause_end)
        subject, held = _venue_split(_NUMBERED.sub("", sentence[clause_start : sign.start()]))
        subject = _res()["at_occasion"].sub("", subject)
        named = True
        if not names:
            subject, names, named = _named_otherwise(sentence, sign, subject, held)
        if not names:
            continue
        pairs = _parties(subject)
        if all(p in signing_words("not_party") for ps in pairs for p in ps):  # 双方签订: the two named before
            named_sides = _sides_named(names[0]) if len(names) == 1 else []  # 《甲市与乙县友好交流备忘录》
            pairs = _sides_before(sentence, sign.start()) or named_sides or pairs
        if (m := _res()["with"].match(subject)) and (
            first := out[-1].parties[0] if out and out[-1].parties else _signer_before(sentence, clause_start)
        ):  # …，与丙公司签订: the signer before
            pairs = [[first, *_list(subject[m.end() :])]]
        elif m:  # 与丙公司签订 with no one named before: the other side is unwritten
            pairs = [_list(subject[m.end() :])]
        if len(pairs) == len(names) or len(names) == 1:
            found = [
                AgreementMention(names[min(i, len(names) - 1)], ps, projects[i : i + 1], named=named)
                for i, ps in enumerate(pairs or [[]])
            ]
        else:
            shared = pairs[0] if len(pairs) == 1 else []
            found = [AgreementMention(n, list(shared), projects[i : i + 1]) for i, n in enumerate(names)]
        if ceremony:  # 在甲与乙签约仪式上，双方签订投资协议: the ceremony only if no later verb signs
            held_over = found
        else:
            out += found
    return out or held_over


class Signings:
    """Which parts of a text may sign something or list the projects signed, by what
    :func:`find_agreements` and :func:`listed_projects` need to find anything there (a signing
    verb or a table's gap; a word for the projects signed), looked up in the whole text's
    matches (:class:`Hits`) rather than searched for in every sentence.

    >>> signings = Signings("甲与乙签订协议。天气晴。")
    >>> signings.signs.within(0, 8), signings.signs.within(8, 12), signings.lists.within(0, 12)
    (True, False, False)
    """

    def __init__(self, text: str) -> None:
        self.signs = Hits([m.span() for m in _sign_or_gap().finditer(text)])
        self.lists = Hits.found(text, [_PROJECT_COUNT])


@cache
def _sign_or_gap() -> re.Pattern[str]:
    """A signing verb, or a run of the gaps one of which a row of a signing table has (two spaces,
    a tab: :func:`_table_row`), found in one scan of the text, a run's span covering those of the
    gaps in it. The verbs (longest first: the first that matches is the longest) alternate at the
    top with the runs, each opening with a character: the engine then scans for those characters,
    where it tries a pattern that opens with a group or a repeat at every character."""
    return re.compile("|".join([*map(re.escape, signing_words("sign")), _TABLE_GAPS]))


_TABLE_GAPS = "  +|\t\t*"  # a row of a signing table has one (_table_row)


def listed_projects(sentence: str, listing: bool) -> tuple[list[AgreementMention], bool]:
    """The projects a signing ceremony's list names, one agreement each, and whether the list may
    go on in the next sentence: after 签约项目包括： in the same sentence (某某项目、某某项目), or one per
    numbered line that follows (``listing``: 1．某某项目，由甲公司投资建设，总投资20亿元), with the
    investor the line names as its party and the sum it gives.

    >>> line = "1．光伏组件项目，由甲有限公司投资建设，总投资2亿元；"
    >>> [(a.name, a.parties, a.amount) for a in listed_projects(line, True)[0]]
    [('光伏组件项目', ['甲有限公司'], 200000000.0)]
    >>> [a.name for a in listed_projects("现场签约的项目有：光伏玻璃项目、数据中心项目。", False)[0]]
    ['光伏玻璃项目', '数据中心项目']
    """
    if m := _PROJECT_LIST.search(sentence):
        found = [_listed_project(part) for part in re.split("[、；;]", sentence[m.end() :])]
        return [a for a in found if a], True
    if listing and (n := _NUMBERED.match(sentence)) and (a := _listed_project(sentence[n.end() :])):
        return [a], True
    # 共签约项目12个。其中：|1．…: a count of the projects signed may open the list, a colon leads to it
    return [], bool(_PROJECT_COUNT.search(sentence)) or (listing and sentence.rstrip().endswith(("：", ":")))


def _listed_project(line: str) -> AgreementMention | None:
    """A project named at the start of a list entry, with its investor and sum if given."""
    m = _PROJECT.match(line.strip())
    if m is None or generic_project(m.group(1)):
        return None
    rest = line[m.end() :]
    investors = [i.group(1) for i in _INVESTOR.finditer(rest)]
    amount, area = amount_and_area(rest)
    return AgreementMention(m.group(1), investors, [m.group(1)], amount, area)


def _sides_before(sentence: str, end: int) -> list[list[str]]:
    """The two bodies a sentence pairs before the 双方 that signs (甲在与乙的交流中，双方…签订), or []."""
    both = sentence.rfind(signing_words("both_sides")[0], 0, end)
    for clause in re.split(r"[，,；;]", sentence[: max(both, 0)]):
        if m := _res()["with"].search(clause):
            left, right = past_weak_boundary(_res()["opening"].sub("", clause[: m.start()])), clause[m.end() :]
            ends = [i + len(s) for s in _suffixes() if (i := right.find(s)) >= 1]
            right = right[: min(ends)] if ends else ""
            if right and left.endswith(_suffixes()) and not title_re().search(left + right):
                return [[left, right]]
    return []


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(suffix for suffix, _ in lexicon().org_suffixes)


_PROJECT_LIST = re.compile(rf"(?:{_pattern('project_list')})(?:{_pattern('list_verb')})?[：:]")
_PROJECT_COUNT = re.compile(_pattern("project_list"))
# the fewest characters up to a body's ending, then every ending that follows it (某某集团|有限公司)
_INVESTOR = re.compile(rf"(?:{_pattern('investor')})([^，。；、]{{2,30}}?(?:{words_pattern(_suffixes())})+)")


def _table_row(line: str) -> AgreementMention | None:
    """A row of a signing table: a cell naming the project or agreement, a cell with the two
    parties (甲公司—乙区人民政府, 甲与乙), e.g. ``3  X项目  甲区人民政府—乙有限公司  20亿元``."""
    if "  " not in line and "\t" not in line:
        return None
    cells = re.split(r" {2,}|\t+", line.strip())
    if len(cells) < 3:
        return None
    names = [c for c in cells if c.endswith(_PROJECT_WORD) or _word_re().search(c[-4:])]
    pairs = [m.groups() for c in cells if (m := _PARTY_PAIR.fullmatch(c))]
    suffixes = tuple(suffix for suffix, _ in lexicon().org_suffixes)
    if len(names) != 1 or len(pairs) != 1 or not all(p.endswith(suffixes) for p in pairs[0]):
        return None
    return AgreementMention(names[0], list(pairs[0]))


def _named_otherwise(sentence: str, sign: re.Match[str], subject: str, held: str) -> tuple[str, list[str], bool]:
    """(subject, names, whether the text names it) of an agreement the words after the signing
    verb do not name."""
    if named := _named_before(subject):  # A与B战略合作协议签约仪式
        return (*named, True)
    if (m := _PROJECT.fullmatch(held)) and not generic_project(m.group(1)):  # A与B在某地举行光伏玻璃项目签约仪式
        return subject, [m.group(1) + UNNAMED], True
    project = _res()["project_lead"].split(subject)[-1]
    alone = sign.group() in signing_words("sign_alone")  # 签约
    if alone and (m := _PROJECT.fullmatch(project)) and not generic_project(m.group(1)):
        return "", [m.group(1)], True  # 某某智能电池制造基地项目签约: the project, parties unwritten
    if _res()["with"].search(subject) and (m := _PROJECT_SIGNED.match(sentence, sign.end())):
        return subject, [m.group(1)], True  # 1. 甲公司 与 乙管委会 签订 X项目 投资额 5亿元: the project, as written
    if (
        alone
        and _UNNAMED.match(sentence, sign.end())
        and _res()["with"].search(subject)
        and any(len(ps) > 1 for ps in _parties(subject))
        # 甲与乙代表双方签约: the signatories of an agreement named before
        and not any(w in subject for w in signing_words("on_behalf"))
        and not any(w in subject for w in signing_words("at_ceremony"))  # 出席开幕式和签约仪式: the ceremony, attended
    ):
        parties, topic = _topic_split(subject)  # A与B缔结友好城市签约仪式: the agreement's subject
        if topic and title_re().search(topic):  # 甲市长张三与乙公司总裁李四签约: the signers, named before
            return subject, [], False
        if topic:
            agreement = signing_words("agreement")[0]  # 协议
            return parties, [topic if topic.endswith(agreement) else topic + agreement], True
        return subject, [UNNAMED], False
    return subject, [], False


_BODY_END = re.compile(f"[{''.join(_LEVELS['party_end'])}]")


def _sides_named(name: str) -> list[list[str]]:
    """The two sides an agreement's name opens with (甲市与乙县友好交流备忘录, 甲省人民政府 乙省人民政府
    协作协议: a space for 与), or none."""
    name = _SPACE.sub(_WITH, name.strip(), count=1)
    if not _res()["with"].search(name):
        return []
    sides, topic = _topic_split(name)
    pair = _parties(sides) if topic else []
    two = len(pair) == 1 and len(pair[0]) == 2
    return pair if two and all(_BODY_END.search(p[-1]) or p.endswith(_suffixes()) for p in pair[0]) else []


def _topic_split(subject: str) -> tuple[str, str]:
    """A与B缔结友好城市 → (A与B, 缔结友好城市): what follows the last party's own ending (a body's
    suffix, a place's 市/县/区) is what they agree on; the ending of the first party, if the last
    has it too (甲省人民政府与乙省人民政府|东西部协作: not 东西部, which ends with 部)."""
    sides = _res()["with"].split(subject)
    last = _res()["trailing"].sub("", sides[-1])
    ends = [i + len(suffix) for suffix, _ in lexicon().org_suffixes if (i := last.rfind(suffix)) >= 0]
    place = _BODY_END.search(last, 1)  # a party that is a place: 衢江区|缔结友好城市
    cut = max(ends, default=place.end() if place else len(last))
    shared = max((x for x, _ in lexicon().org_suffixes if sides[0].endswith(x) and x in last), key=len, default="")
    cut = last.find(shared) + len(shared) if shared else cut
    if cut < 2 or len(last) - cut < 2:
        return subject, ""
    return subject[: len(subject) - (len(last) - cut)], last[cut:]


def _last_word_end(text: str) -> int:
    return max(m.end() for m in _word_re().finditer(text))


def _venue_split(subject: str) -> tuple[str, str]:
    """A与B在某地举行X: (A与B, X); a subject without a venue: (subject, "")."""
    if m := _res()["venue"].search(subject):
        return subject[: m.start()], subject[m.end() :]
    m = _VENUE_LAST.search(subject)  # A、B、C在成都签署 (but not …与在京温州商会签署)
    if m and not m.group().endswith(tuple(suffix for suffix, _ in lexicon().org_suffixes)):
        return subject[: m.start()], ""
    return subject, ""


def _named_before(subject: str) -> tuple[str, list[str]] | None:
    """(parties, [name]) of a subject that ends with the agreement's name: the name starts
    after the last organization suffix (深圳某某有限公司|战略合作框架协议)."""
    m = _word_re().search(subject)
    if not m or m.end() != len(subject):
        return None
    ends = (i + len(suffix) for suffix, _ in lexicon().org_suffixes if (i := subject.rfind(suffix, 0, m.start())) > 0)
    cut = max(ends, default=0)
    return (subject[:cut], [_res()["lead_start"].sub("", subject[cut:])]) if cut else None


def _names(sentence: str, pos: int, end: int) -> tuple[list[str], list[str]]:
    """Agreement names after the signing verb, and the projects they name."""
    rest = sentence[pos:end]
    if m := re.search(r"《([^》]+)》", rest):
        return [m.group(1)], []
    m = _word_re().search(rest)
    if not m:
        return [], []
    pieces = [_NAME_LEAD.sub("", p) for p in _SEVERAL.split(rest[: _last_word_end(rest)])]
    if len(pieces) > 1 and all(_word_re().search(p) for p in pieces):  # 签订X协议和Y协议
        return pieces, []
    phrase = _NAME_LEAD.sub("", rest[: m.start()])  # 签订了一份总投资10亿元的|项目合作协议
    word = m.group()
    if "、" in phrase and _ETC in phrase:
        listed, tail = phrase.rsplit(_ETC, 1)
        tail = _AFTER_ETC.sub("", tail)
        projects = [p for p in listed.split("、") if p]
        return [p + tail + word for p in projects], projects
    projects = _PROJECTS_AND.split(phrase)
    k = projects[-1].rfind(_PROJECT_WORD) + len(_PROJECT_WORD)
    projects[-1], tail = projects[-1][:k], projects[-1][k:]
    if len(projects) > 1 and all(p.endswith(_PROJECT_WORD) for p in projects):  # 甲项目和乙项目投资协议
        return [p + tail + word for p in projects], projects
    return [phrase + word], []


def _parties(subject: str) -> list[list[str]]:
    """Party pairs from the subject of 签订: "A与B", "A、B分别与X、Y", "A分别与X、Y"."""
    subject = _res()["leading"].sub("", subject.strip())
    if m := _res()["on_behalf"].search(subject):  # 甲与乙分别代表A和B, 甲代表A与B: the bodies sign
        return [_list(m.group(1)) + _list(m.group(2))]
    subject = _res()["together"].sub("", subject)
    pairs = [_res()["with"].split(part, maxsplit=1) for part in _res()["respectively"].sub("", subject).split("、")]
    if len(pairs) > 1 and all(len(pair) == 2 for pair in pairs):  # A与B、C与D分别签约
        return [[_res()["leading"].sub("", a), b] for a, b in pairs]
    m = _res()["pair"].match(subject)
    if not m:
        left = _list(subject)
        return [[p] for p in left] if _respectively(subject) else [left] if left else []  # A、B、C签署: one, together
    left, right = _list(m.group(1).strip()), _list(m.group(2).strip())
    if _respectively(subject) and len(left) == len(right) and len(left) > 1:
        return [[a, b] for a, b in zip(left, right, strict=True)]
    if _respectively(subject) and 1 == min(len(left), len(right)) < max(len(left), len(right)):
        return [[a, b] for a in left for b in right]  # A分别与B、C签订: A with each
    return [left + right]


def _signer_before(sentence: str, end: int) -> str | None:
    """The titled person heading a clause before ``end`` (市长张三率队赴某地考察，|与乙签订), as a
    party is written by its signer (his post names the body), or None."""
    for clause in reversed(re.split("[，；]", sentence[:end])):
        clause = _res()["opening"].sub("", clause.strip())  # 3月9日
        if (m := _signer(clause)) and _heads(clause[: m.start()].rstrip("、")):
            return clause[: m.end() + name_at(clause, m.end(), anchored=True)]
    return None


def _heads(before: str) -> bool:
    """Whether what stands before a signer's title leaves him heading his clause: nothing, his
    place or body (温州市|市长), or his other titles (市委副书记、|市长)."""
    return not before or bool(org_kind(before) or places().lookup(before) or _ends_with_title(before))


def _respectively(subject: str) -> bool:
    """A、B、C分别签署: each signs on its own."""
    return any(w in subject for w in signing_words("respectively"))


def _list(text: str) -> list[str]:
    """Named parties of a 、-list, place prefix of the first shared by the rest; a party written
    with its signer (某公司董事长张三) is the body before the title."""
    text = past_weak_boundary(_res()["trailing"].sub("", _res()["leading"].sub("", text.strip())))
    listed = _OUTSIDE_BRACKETS.split(text)  # 甲、乙; not 我市6个县（市、区）
    if len(listed) > 1 and _signer(listed[-1]) and all(_ends_with_title(p) for p in listed[:-1]):
        listed = listed[-1:]  # 区委副书记、区长张三: the titles of one signer
    parts = [b for p in listed if (b := _without_signer(p)) and not _QUANTITY.match(b)]
    if not parts:
        return []
    prefix = m.group() if (m := _PLACE_PREFIX.match(parts[0])) else ""
    return [parts[0]] + [p if _whole(p) else _prefixed(prefix, p) for p in parts[1:]]


_OUTSIDE_BRACKETS = re.compile(r"、(?![^（(]*[）)])")  # a 、 with no closing bracket ahead before an opening one
_WHOLE_ENDS = frozenset(_LEVELS["whole"])  # 省, 市, 县, 区, 旗: 乙县


def _whole(party: str) -> bool:
    """A party named in full: a long name, a place (乙县), or one starting with its own place."""
    return len(party) > 6 or party[-1] in _WHOLE_ENDS or bool(_PLACE_PREFIX.match(party) and len(party) > 3)


def _without_signer(party: str) -> str:
    """某公司董事长张三 → 某公司; 镇长马兰花 stays (no body written: the signer's post names it);
    市长联席会议 stays."""
    m = _signer(party)
    return party[: m.start()] or party if m else party


def _signer(party: str) -> re.Match[str] | None:
    """The title of a person named after it in ``party`` (某公司董事长|张三), or None."""
    return next((m for m in title_re().finditer(party) if name_at(party, m.end(), anchored=True)), None)


def _ends_with_title(text: str) -> bool:
    return any(m.end() == len(text) for m in title_re().finditer(text))


def _prefixed(prefix: str, party: str) -> str:
    """富源县 + 县农业局 → 富源县农业局."""
    return prefix + party[1:] if prefix and party[0] == prefix[-1] else prefix + party
