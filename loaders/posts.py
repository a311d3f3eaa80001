"""Title chains: who holds which post, as written around a name.

Handles chains that share an organization prefix (市委副书记、市长陈金彪),
parenthesized alternates (市经合办（招商局）主任（局长）郑邦良), names before
their titles (陈一新书记, 仇杨均常委、秘书长, 市政府谢树华秘书长) and foreign
names (副总裁Thomas lee Renger).

>>> from kg.loaders.posts import find_chains
>>> [(c.name, [(p.org_text, p.title) for p in c.posts]) for c in find_chains("市委副书记、市长陈金彪作报告")]
[('陈金彪', [('市委', '副书记'), ('', '市长')])]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from kg.loaders.lexicon import lexicon, words_pattern
from kg.loaders.names import FUNCTION_BEFORE, PUNCT, STUDY_VERBS, name_at, name_before, title_index, title_re
from kg.loaders.orgs import org_kind
from kg.loaders.places import places, world_places


@dataclass(slots=True)
class PostMention:
    title: str
    org_text: str  # the organization as written before the title ("" if none)
    start: int  # normalized span of the title
    end: int
    alt_title: str | None = None  # 主任（局长）: 局长
    alt_org: str | None = None  # 市经合办（招商局）: 招商局
    concurrent: bool = False  # 甲（兼统战部部长）: held besides, its body not the chain's


@dataclass(slots=True)
class NamedChain:
    """A person's name with the posts written next to it."""

    name: str
    start: int
    end: int
    posts: list[PostMention] = field(default_factory=list)
    change: str | None = None  # "start" or "end": the posts are given or left here (appointments.py)


_LEX = lexicon()
_WORDS = _LEX.post_words
_CONCURRENT = re.compile(rf"[（(](?:{words_pattern(_WORDS['concurrent'])})([^（）()]{{1,30}})[)）]")  # （兼统战部部长）
_ASIDE = re.compile(rf"[（(](?:{words_pattern(_WORDS['aside'])})[)）]")  # （挂职）
NOT_TITLE_AFTER = frozenset(_WORDS["inside_name"])  # 委员|会, 主任|办: a title inside a body's name
_FOR = _WORDS["for"][0]  # 任命甲为…, 以甲为团长
_NOMINEE = re.compile(words_pattern([w for w, kind in lexicon().appointment_words if kind == "nominee"]))
_DEPUTY = next(w for w, kind in _LEX.tenure_words.items() if kind == "deputy")  # 副


def _alternate(text: str, pos: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """A parenthesized alternate right at ``pos``: （局长）."""
    if pos < len(text) and text[pos] in "（(":
        m = pattern.match(text, pos + 1)
        if m and m.end() < len(text) and text[m.end()] in "）)":
            return m
    return None


def _clause_start(text: str, end: int, lo: int) -> int:
    """Start of the clause that ends at ``end`` (parenthesized groups skipped), at most 40 characters back."""
    floor = max(lo, end - 40)
    if text.find("）", floor, end) < 0 and text.find(")", floor, end) < 0:  # no group to skip
        m = _TO_LAST_PUNCT.match(text, floor, end)
        return m.end() if m else floor
    pos, depth = end, 0
    while pos > lo and end - pos < 40:
        ch = text[pos - 1]
        if ch in "）)":
            depth += 1
        elif ch in "（(" and depth:
            depth -= 1
        elif ch in PUNCT and not depth:
            break
        pos -= 1
    return pos


_TO_LAST_PUNCT = re.compile(f"(?s:.*)[{re.escape(''.join(sorted(PUNCT)))}]")

# 2019年8月29日|重庆市…, 2016年度|轮值会长, a news dateline's 5月13日电|记者 (日讯)
_DATE = re.compile(r"\d\d*\s*(?:年度|年|月|日|号)(?:[电讯](?=\s*$))?")  # \d\d*, not \d+: looked for where a digit is
_ALTERNATIVE_NAME = re.compile(r"(.+?)[（(]([^（）()]+)[）)]")  # 某某委员会（某某办公室）
_BODY_STARTS = _LEX.body_words["start"]  # 中共, 全国, 该, 我 …
_LEVELS = frozenset(_LEX.level_words["body_start"])  # 市, 省, 区, 县, 州
_NAME_JOINS = "".join(_WORDS["name_join"])  # 和, 与: 张三和|李四
_JOINED = re.compile(f"[{re.escape(_NAME_JOINS)}]")


@cache
def _boundary_words(strength: str) -> tuple[str, ...]:
    return tuple(w for w, s in lexicon().org_boundaries if s == strength)


@cache
def _strong_boundary() -> re.Pattern[str]:
    return re.compile(words_pattern(_boundary_words("strong")))


@cache
def _weak_firsts() -> re.Pattern[str]:
    """A first character of a weak boundary word (在, 与 …): where one may start."""
    return re.compile(f"[{re.escape(''.join(sorted({w[0] for w in _boundary_words('weak')})))}]")


def _weak_boundaries(seg: str, pos: int) -> list[int]:
    """Where a weak boundary word starts in ``seg`` from ``pos`` (overlapping ones too)."""
    weak = _boundary_words("weak")
    return [m.start() for m in _weak_firsts().finditer(seg, pos) if seg.startswith(weak, m.start())]


def org_start(text: str, end: int, lo: int, known: set[str]) -> int:
    """Where the organization written before ``end`` starts: after the clause's last boundary
    word, date or known name (会见了|好莱坞集团, 受到|该会, 2019年8月29日|重庆市, 张三和|李四)."""
    pos = _clause_start(text, end, lo)
    seg = text[pos:end]
    cut = 0
    for m in _DATE.finditer(seg):
        cut = m.end()
    named = _boundary_names().search(seg) is not None  # 考察团: a body's name that holds a boundary word
    for m in _strong_boundary().finditer(seg):
        if not (named and _inside_a_name(seg, m.start())):  # 考察|团团长: a body's name, not a boundary
            cut = max(cut, m.end())
    for name in known:
        i = seg.rfind(name)
        if i >= 0:
            cut = max(cut, i + len(name) + (1 if seg[i + len(name) : i + len(name) + 1] in _NAME_JOINS else 0))
    for m in _titled_then_joined().finditer(seg, cut) if _JOINED.search(seg) else ():
        cut = max(cut, m.end())  # 知事伊原木隆太和|仓敷市: a name no rule read
    for i in reversed(_weak_boundaries(seg, cut)):  # 在|县政协主席, 与|该会会长
        if body_starts(seg, i + 1):
            return pos + i + 1
    while cut < len(seg) and not (seg[cut].isalnum() or seg[cut] in "（("):  # △市委, ▍特约记者
        cut += 1
    return pos + cut


@cache
def _titled_then_joined() -> re.Pattern[str]:
    """A title, what a name takes after it, and 和 or 与: another person's post before the body."""
    return re.compile(rf"(?:{words_pattern(lexicon().titles)})[\u4e00-\u9fff·]{{2,6}}?[{_NAME_JOINS}]")


def _inside_a_name(seg: str, i: int) -> bool:
    """Whether ``seg[i]`` is inside a body's name that holds a boundary word (考察团)."""
    names = _boundary_names()
    return any((m := names.match(seg, j)) and i < m.end() for j in range(max(0, i - 3), i + 1))


@cache
def _boundary_names() -> re.Pattern[str]:
    return re.compile(words_pattern(_boundary_words("name")))


def body_starts(seg: str, i: int) -> bool:
    """Whether a body's name (or nothing: the title itself) starts at ``i``: a place's full name,
    a level (市, 县 …), a body's short form (市委), a generic word (公司, 该会) or 中共, 全国 …"""
    rest = seg[i:]
    return (
        not rest
        or rest[0] in _LEVELS
        or rest.startswith(_BODY_STARTS)
        or rest.startswith(tuple(lexicon().generic_bodies))
        or places().full_name_at(seg, i) > 0
        or any(seg[i : i + k] in world_places() for k in (2, 3, 4))  # 同|德国总理: a country
    )


def past_weak_boundary(text: str) -> str:
    """``text`` past the weak boundary word it opens with when a body's name starts after it
    (在|市政府), else as it is (在京温州商会: 在 is part of the name)."""
    return text[1:] if text.startswith(_boundary_words("weak")) and body_starts(text, 1) else text


def _skip_gap(text: str, pos: int) -> int:
    """Step over a space or colon between a title and a name (记者：张三)."""
    while pos < len(text) and text[pos] in " \u3000：:":
        pos += 1
    return pos


def find_chains(
    text: str,
    lo: int = 0,
    hi: int | None = None,
    known: set[str] | None = None,
    names_at: Mapping[int, int] | None = None,
) -> list[NamedChain]:
    """Every name in ``text[lo:hi]`` written with one or more titles (a name the rules do not take is
    taken where ``names_at`` gives its length: one the tagger found, 总统|特朗普)."""
    hi = len(text) if hi is None else hi
    known = set() if known is None else known
    names_at = names_at or {}
    titles, index = title_re(), title_index(text)
    out: list[NamedChain] = []
    pending: list[PostMention] = []
    seg_start: int | None = None
    pos = lo
    while (m := index.search(pos, hi)) is not None:
        ts, te = m.span()
        if te < len(text) and text[te] in NOT_TITLE_AFTER:  # 人大常委|会: part of a body's name
            pos = te
            continue
        if seg_start is None and out and text.startswith(_FOR, out[-1].end) and ts == out[-1].end + len(_FOR):
            pos = te  # 以市长甲为|团长、副市长乙: what 甲 is made, no title of 乙's chain
            continue
        start = seg_start if seg_start is not None else org_start(text, ts, lo, known)
        post = _post(text, start, ts, m.group())
        after = te
        if alt := _alternate(text, after, titles):
            post.alt_title, after = alt.group(), alt.end() + 1
        after += len(m2.group()) if (m2 := _ASIDE.match(text, after)) else 0  # 副县长（挂职）王某
        nominated = _NOMINEE.match(text, after)  # 县委副书记、县长候选人甲: a nomination, no post
        after = nominated.end() if nominated else after
        name_pos = _skip_gap(text, after)
        n = (name_at(text, name_pos, anchored=True) or names_at.get(name_pos, 0)) if name_pos < hi else 0
        if n and nominated and not pending:
            pos, seg_start = name_pos + n, None
            continue
        if n:
            posts = pending if nominated else [*pending, post]
            end = name_pos + n
            while True:  # 副市长张三、李四: a plural title
                chain = NamedChain(text[name_pos:end], name_pos, end, posts)
                if extra := _post_aside(text, end, hi):  # 乙（兼统战部部长）: a post of 乙's own
                    chain.posts, end = [*posts, extra[0]], extra[1]
                out.append(chain)
                known.add(chain.name)
                name_pos = end + 1
                n = _shared_title_name(text, end, hi, titles)
                if not n:
                    break
                end = name_pos + n
            pos, pending, seg_start = end, [], None
            continue
        if after < hi and text[after] in lexicon().title_joins and _title_ahead(text, after + 1, hi):
            pending.append(post)  # 市委副书记、市长甲; 董事长兼总裁乙
            pos = seg_start = after + 1
            continue
        if chain := _name_first(text, lo, [*pending, post], after, hi):
            out.append(chain)
            known.add(chain.name)
            pos = chain.posts[-1].end
        else:
            pos = after
        pending, seg_start = [], None
    return out


def _post_aside(text: str, pos: int, hi: int) -> tuple[PostMention, int] | None:
    """A post in parentheses after a name, held besides (甲（兼统战部部长）), and where it ends."""
    m = _CONCURRENT.match(text, pos, hi)
    if m is None:
        return None
    title = next((t for t in title_re().finditer(text, m.start(1), m.end(1)) if t.end() == m.end(1)), None)
    if title is None:
        return None
    org = text[m.start(1) : title.start()]
    return PostMention(title.group(), org, title.start(), title.end(), concurrent=True), m.end()


def _shared_title_name(text: str, pos: int, hi: int, titles: re.Pattern[str]) -> int:
    """Length of a second name after 、 (or a space, as in a byline: 记者 甲 乙 通讯员 丙) that
    shares the title before (not one with its own)."""
    if pos + 1 >= hi or text[pos] not in "、 \u3000":
        return 0
    n = name_at(text, pos + 1, anchored=True)
    end = pos + 1 + n
    if text.startswith(_WORDS["represent"], end):  # 书记甲、乙分别代表双方: the two sides, not one title
        return 0
    if text[pos] != "、" and not (end >= hi or text[end] in " \u3000）)" or titles.match(text, end)):
        return 0  # a space between names only in a list that goes on (or ends) as a byline does
    if n and (title := titles.search(text, end, min(hi, end + 12))) and _body_name(text[pos + 1 : title.start()]):
        return 0  # 副市长甲、温州大学副校长乙: a body's name, then a title of its own
    return n if n and not titles.match(text, end) else 0


def _body_name(written: str) -> bool:
    """Whether ``written`` is one body's name (温州大学), not names and bodies in a list."""
    return org_kind(written) is not None and not any(c in PUNCT for c in written)


def _post(text: str, start: int, ts: int, title: str) -> PostMention:
    org = text[start:ts]
    if org.endswith("的") and not org_kind(org[:-1]):  # 主持全面工作的|副主席: what the person does, no body
        org = ""
    if org.endswith(_DEPUTY) and _DEPUTY + title in lexicon().titles:  # 检察院副|检察长
        org, ts, title = org[: -len(_DEPUTY)], ts - len(_DEPUTY), _DEPUTY + title
    post = PostMention(title, org, ts, ts + len(title))
    if m := _ALTERNATIVE_NAME.fullmatch(org):
        post.org_text, post.alt_org = m.group(1), m.group(2)
    return post


def _title_ahead(text: str, pos: int, hi: int) -> bool:
    """Whether a title follows within the same clause (the chain goes on)."""
    m = title_index(text).search(pos, min(hi, pos + 30))
    return m is not None and not any(c in "，。；：！？" for c in text[pos : m.start()])


def _name_first(text: str, lo: int, posts: list[PostMention], after: int, hi: int) -> NamedChain | None:
    """陈一新书记 / 市政府谢树华秘书长 / 仇杨均常委、秘书长: the name before its titles."""
    first = posts[0]
    start = _clause_start(text, first.start, lo)
    nb = name_before(text, first.start, floor=start)
    if nb < 0:
        return None
    org = text[start:nb]
    first.org_text = "" if org and (org[-1] in FUNCTION_BEFORE or org.endswith(STUDY_VERBS)) else org
    chain = NamedChain(text[nb : first.start], nb, first.start, posts)
    titles = title_re()
    while after < hi and text[after] == "、" and (m := titles.match(text, after + 1)):
        chain.posts.append(PostMention(m.group(), "", m.start(), m.end()))
        after = m.end()
    return chain
