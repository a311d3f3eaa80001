"""Posts given, taken and left in personnel news.

任命甲、乙为区人民政府副区长，丙为区教育局局长; 丁同志任中共某区委委员、常委、书记; 戊不再担任
某县县长职务; 免去其某市委常委、委员和某市副市长职务; 接受己辞去某区区长职务; 庚代理某区区长职务.
A post left (不再担任, 辞去, 免去) was held until then: it is a tenure too. Each chain says
whether its posts are given (``start``) or left (``end``), for :mod:`kg.loaders.changes`. A
nomination (提名为…候选人) is not a post. The words and what they do are ``appointment_words.tsv``.

>>> [(c.name, [(p.org_text, p.title) for p in c.posts]) for c in appointed_chains("会议任命张三、李四为市商务局副局长")]
[('张三', [('市商务局', '副局长')]), ('李四', [('市商务局', '副局长')])]
"""

from __future__ import annotations

import re
from functools import cache

from kg.loaders.lexicon import lexicon, words_pattern
from kg.loaders.names import foreign_tail, name_at, name_before, title_index, title_re
from kg.loaders.persons import profile_names
from kg.loaders.posts import NOT_TITLE_AFTER, NamedChain, PostMention, org_start

_SENTENCE_END = "。！？!?\n"
_SEPARATORS = "、，,"  # between posts of a list (and 和, 及)
_LIST_END = "。；;！？!?\n"
_LEX = lexicon()
_WORDS = _LEX.post_words
_COUNTED = re.compile(  # 甲、乙等18人为…
    rf"(?:{words_pattern(_WORDS['etc'])})\s*\d+\s*(?:{words_pattern(_WORDS['counted'])})?"
)
_DUTIES = _WORDS["duties"]  # 辞去…职务
_COMRADE = _WORDS["comrade"][0]  # 甲同志
_FOR = _WORDS["for"][0]  # 任命甲为…
_THEY = _WORDS["they"][0]  # 免去其…职务
_POST_JOINS = _WORDS["post_join"]  # 和, 及
_ACTING = next(w for w, kind in _LEX.tenure_words.items() if kind == "acting")  # 代理
_LONGEST_SENTENCE = 400  # characters looked back for a cue's sentence (a giant line is no sentence)


@cache
def _cues() -> tuple[re.Pattern[str], dict[str, str]]:
    words = dict(lexicon().appointment_words)
    return re.compile(words_pattern(words)), words


def appointed_chains(text: str, lo: int = 0, hi: int | None = None) -> list[NamedChain]:
    """Every post given, taken or left in ``text[lo:hi]``, one chain per person and cue; a cue
    with no name of its own is the sentence's person's (王某同志任市委书记，不再担任市长职务)."""
    hi = len(text) if hi is None else hi
    out: list[NamedChain] = []
    pattern, kinds = _cues()
    done = lo
    for cue in pattern.finditer(text, lo, hi):
        if cue.start() < done or _inside_a_title(text, cue):
            continue
        kind = kinds[cue.group()]
        if kind == "none":  # 首任行长: no cue
            continue
        if kind == "appoint":
            chains, done = _appointees(text, _past_colon(text, cue.end(), hi), hi)
        else:
            chains = _taken(text, cue, kind, _sentence_start(text, cue.start(), lo), hi, out)
        out += chains
    return out


def _past_colon(text: str, pos: int, hi: int) -> int:
    """Past a colon and line breaks after a cue that heads a list (任命：⏎甲为…；⏎乙为…)."""
    while pos < hi and text[pos] in "：:\n \u3000":
        pos += 1
    return pos


def _comrades(text: str, lo: int, hi: int) -> set[str]:
    """Names written as 甲同志 in ``text[lo:hi]``."""
    found = set()
    pos = text.find(_COMRADE, lo, hi)
    while pos >= 0:
        if (start := name_before(text, pos, floor=lo)) >= 0:
            found.add(text[start:pos])
        pos = text.find(_COMRADE, pos + len(_COMRADE), hi)
    return found


def _inside_a_title(text: str, cue: re.Match[str]) -> bool:
    """主|任: the 任 of a title is no cue."""
    return any(
        (m := title_re().match(text, start)) is not None and start < cue.start() < m.end()
        for start in range(max(0, cue.start() - 3), cue.start())
    )


def _sentence_start(text: str, pos: int, lo: int) -> int:
    """Where the sentence holding ``pos`` starts (looking back no further than a sentence goes)."""
    floor = max(lo, pos - _LONGEST_SENTENCE)
    return max(floor, *(text.rfind(end, floor, pos) + 1 for end in _SENTENCE_END))


def _appointees(text: str, pos: int, hi: int) -> tuple[list[NamedChain], int]:
    """甲、乙为P1，丙为P2；…: the names and their posts, on until a clause has no 为."""
    out: list[NamedChain] = []
    start = pos
    while True:
        names, after = _names_for(text, start, hi)
        if not names:
            return out, pos
        posts, end = post_list(text, after, hi)
        if not posts:
            return out, pos
        out += [NamedChain(name, at, at + len(name), posts, "start") for at, name in names]
        pos = start = end
        if start < hi and text[start] in _SEPARATORS + "；;":
            start = _past_colon(text, start + 1, hi)  # 甲为P1；⏎乙为P2: a list of lines
            pattern, kinds = _cues()
            if (cue := pattern.match(text, start)) and kinds[cue.group()] == "appoint":
                start = cue.end()  # ，选举乙为…


def _names_for(text: str, pos: int, hi: int) -> tuple[list[tuple[int, str]], int]:
    """The names a 为 gives posts to, from ``pos``: 甲、乙(同志)(等3人)为; or, with a title chain
    between (聘请市人大常委会原主任甲为), the name right before the clause's first 为."""
    names: list[tuple[int, str]] = []
    p = pos
    while p < hi and (n := name_at(text, p, anchored=True)):
        names.append((p, text[p : p + n]))
        p += n + (len(_COMRADE) if text.startswith(_COMRADE, p + n) else 0)
        if p < hi and text[p] == "、":
            p += 1
            continue
        break
    if m := _COUNTED.match(text, p):
        p = m.end()
    if names and text.startswith(_FOR, p):
        return names, p + len(_FOR)
    for_ = _clause(text, pos, hi).find(_FOR)
    if for_ > 0 and (who := _named_before(text, pos + for_, pos)):
        return [who], pos + for_ + len(_FOR)
    return [], pos


def _clause(text: str, pos: int, hi: int) -> str:
    end = pos
    while end < hi and text[end] not in "，,。；;！？!?\n":
        end += 1
    return text[pos:end]


def _taken(
    text: str, cue: re.Match[str], kind: str, sentence: int, hi: int, earlier: list[NamedChain]
) -> list[NamedChain]:
    """The person and the posts of a take, leave, dismiss or acting cue (``earlier``: the chains of
    the cues before it)."""
    pos = _past_colon(text, cue.end(), hi) if kind == "dismiss" else cue.end()
    if kind == "dismiss":  # 免去甲(同志)的…职务, 免去其…职务
        if text.startswith(_THEY, pos):
            who, pos = _about(text, sentence, cue.start(), earlier), pos + len(_THEY)
        else:
            n = name_at(text, pos, anchored=True)
            after = pos + n + (len(_COMRADE) if text.startswith(_COMRADE, pos + n) else 0)
            if not n or not text.startswith("的", after):
                return []
            who, pos = (pos, text[pos : pos + n]), after + 1
    else:
        who = _named_before(text, cue.start(), sentence, titled=kind == "acting")
        if who is None and kind != "take":  # …，不再担任…职务; 甲，男，…，现任…
            who = _about(text, sentence, cue.start(), earlier)
    if who is None:
        return []
    posts, end = post_list(text, pos, hi)
    if kind in ("leave", "dismiss", "acting") and not text.startswith(_DUTIES, end):
        return []  # 辞去…职务: only a post written as one
    if kind == "acting":
        posts = [PostMention(_ACTING + p.title, p.org_text, p.start, p.end) for p in posts]
    change = "end" if kind in ("leave", "dismiss") else None if kind == "holds" else "start"
    whos = [*_listed_before(text, who[0], sentence), who] if kind == "take" else [who]  # 甲、乙当选为副主席
    return [NamedChain(name, start, start + len(name), posts, change) for start, name in whos] if posts else []


def _listed_before(text: str, pos: int, floor: int) -> list[tuple[int, str]]:
    """The names a 、-list writes before the name at ``pos`` (甲、|乙当选), first first."""
    found: list[tuple[int, str]] = []
    while pos > floor and text[pos - 1] == "、" and (start := name_before(text, pos - 1, floor=floor)) >= 0:
        found.insert(0, (start, text[start : pos - 1]))
        pos = start
    return found


def _named_before(text: str, pos: int, floor: int, titled: bool = False) -> tuple[int, str] | None:
    """The name written right before ``pos`` (甲同志|任, 接受甲|辞去), or before a title there when
    ``titled`` (甲副区长|代理)."""
    if titled and (m := _title_before(text, pos, floor)):
        pos = m
    end = pos - (len(_COMRADE) if text.endswith(_COMRADE, floor, pos) else 0)
    start = name_before(text, end, floor=floor)
    if start < 0:  # 接受|甲辞去: a verb before the name, which the cue after it vouches for (not 亚|罗约当选)
        lengths = (2, 3, 4) if _title_before(text, end - 2, floor) is not None else (3, 2, 4)  # 主任|陈明, not 任陈明
        start = next((end - k for k in lengths if end - k >= floor and _vouched(text, end - k, end)), -1)
    return (start, text[start:end]) if start >= 0 else None


def _vouched(text: str, start: int, end: int) -> bool:
    """Whether a cue at ``end`` vouches for a name at ``text[start:end]`` after a verb: a name
    there, not the tail of a foreign one (亚|罗约当选)."""
    return name_at(text, start, True) == end - start and not foreign_tail(text, start, end)


def _title_before(text: str, pos: int, floor: int) -> int | None:
    """Where a title ending at ``pos`` starts."""
    for k in range(min(lexicon().max_title, pos - floor), 1, -1):
        if text[pos - k : pos] in lexicon().titles:
            return pos - k
    return None


def _about(text: str, sentence: int, pos: int, earlier: list[NamedChain]) -> tuple[int, str] | None:
    """The person a sentence is about, for a cue with no name of its own (…，不再担任…职务): the
    last of its subjects (甲同志, 甲，男，…，现任, the names of ``earlier`` chains) named before
    ``pos`` in the sentence; looked for only here, where a cue needs them."""
    subjects = {c.name for c in earlier} | _comrades(text, sentence, pos)
    subjects |= {name for name, _, _ in profile_names(text, sentence, pos)}
    found = [(i, n) for n in subjects if (i := text.rfind(n, sentence, pos)) >= 0]
    return max(found) if found else None


def post_list(text: str, pos: int, hi: int) -> tuple[list[PostMention], int]:
    """The posts written from ``pos`` (中共某区委委员、常委、书记，某管委会主任), each an
    organization (or none: the one before holds) and a title, apart by 、，和 or 及, up to 职务 or
    the end of the clause; and where the list ends. A title for a nomination (区长|候选人) is no
    post, and a clause that starts anew (丙为…, 提名为…, 不再担任…) ends the list."""
    posts: list[PostMention] = []
    end = pos
    pattern, kinds = _cues()
    while pos < hi:
        if (cue := pattern.match(text, pos)) and kinds[cue.group()] != "take" and not title_re().match(text, pos):
            break  # 不再担任…, 代理…职务: a clause of its own (but 代理县长 is a title)
        m = title_index(text).search(pos, min(hi, pos + 40))
        while m and m.end() < len(text) and text[m.end()] in NOT_TITLE_AFTER:  # 委员|会: in a name
            m = title_index(text).search(m.end(), min(hi, pos + 40))
        if m is None or any(c in "，,。；;：:、" for c in text[pos : m.start()]):
            break
        if org_start(text, m.start(), pos, set()) != pos:  # 丙为…, 提名为…: a new clause
            break
        after = m.end()
        if (cue := pattern.match(text, after)) and kinds[cue.group()] == "nominee":
            break
        if name_at(text, after, anchored=True):  # …，某集团总裁|乙: the title of the next person
            break
        posts.append(PostMention(m.group(), text[pos : m.start()], m.start(), after))
        end = after
        if not ((after < hi and text[after] in _SEPARATORS) or text.startswith(_POST_JOINS, after)):
            break
        pos = after + 1
    return posts, end
