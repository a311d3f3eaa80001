"""Where a Chinese (or foreign) personal name starts and ends.

No list of people is used: a name is a surname from the lexicon, one or two
given-name characters, and a boundary after it (punctuation, a title, or a word
that follows names, such as 表示 or 出席). Candidates that are ordinary words
(according to jieba's dictionary) are refused.

>>> from kg.loaders.names import name_at
>>> text = "副市长孔海龙率队督查"
>>> text[3:3 + name_at(text, 3)]
'孔海龙'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache, cached_property, lru_cache
from pathlib import Path

import numpy as np

from kg.loaders.lexicon import Hits, lexicon, numeral_chars, words_pattern
from kg.loaders.orgs import org_kind
from kg.loaders.places import places, world_places

_WORDS = lexicon().name_words  # name_words.tsv


def _chars(cls: str) -> str:
    """The one-character words of a class of ``name_words.tsv``, as one string."""
    return "".join(_WORDS[cls])


_FOREIGN = re.compile(r"[A-Z][A-Za-z'\-.]+(?: [A-Za-z][A-Za-z'\-.]*){1,4}")
_JOINS = _chars("joins")  # 和, 与, 及
_DOTS = "·•"  # the joiners of a foreign name's parts that are never punctuation
_DOT, _BULLET = _DOTS
_DOTTED_PART = 6  # characters the part of a foreign name before its dot may take
_TRANSLIT = re.compile(rf"(?:(?![{_JOINS}])[\u4e00-\u9fff]){{1,{_DOTTED_PART}}}[{_DOTS}]")  # 郭海燕和|汉斯·米勒
NON_GIVEN = lexicon().non_given  # characters that never end or fill a given name (non_given.txt)
_HAN_RUN = re.compile("[\u3400-\u9fff]+")  # characters that _cjk takes, one or more
FUNCTION_BEFORE = frozenset(_chars("function_before"))
PUNCT = frozenset("，。、；：！？“”‘’《》（）()「」『』【】,.;:!?\"' \u3000\n\t—-…·")


_FUNCTION_TAGS = ("r", "p", "c", "u")
_NOT_SHAPED = ("nr", "ns", "nt", "j")  # names, places, bodies, abbreviations: no name-shaped word


@cache
def common_words() -> tuple[frozenset[str], ...]:
    """jieba dictionary words that are not names: (2-3 char words, function or very frequent
    words, function words only, words that are not nouns, time words).

    A candidate name that is a common word (单位) is refused, and so is one whose
    given name is a function or very frequent word (向|大家); right after a title only a
    function word is (副会长邢|建设 is a name), and after a weak surname any but a noun
    (代市长马|国庆 is a name, 市长和|分管 is not).
    """
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words, function, grammatical, not_nouns = set(), set(), set(), set()
    shaped = name_shaped()
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()[:3]
            if 2 <= len(word) <= 3 and not tag.startswith(("nr", "ns", "nz")) and int(freq) >= 100:
                if word in shaped:
                    continue
                words.add(word)
                if tag.startswith(_FUNCTION_TAGS):
                    grammatical.add(word)
                if tag.startswith(_FUNCTION_TAGS) or (int(freq) >= 10000 and tag not in ("ns", "nz")):
                    function.add(word)
                if not tag.startswith(("n", "t")):
                    not_nouns.add(word)
    return frozenset(words), frozenset(function), frozenset(grammatical), frozenset(not_nouns)


@cache
def name_shaped() -> frozenset[str]:
    """Words of jieba's dictionary shaped like a full name, which it tags as other words (some
    names of famous people are time words 't' or proper nouns 'nz' there): three characters, a
    surname that is no everyday word, and neither the surname with the next character nor the
    last two characters a word (jieba tags many words 'nr' too: 许可, 陈列; a rare one is a
    name). Such an entry is no ordinary word: its bigrams put no surname inside a word, so the
    tagger reads where it stands. Places and bodies ('ns', 'nt', abbreviations 'j') stay words.

    >>> "顾不上" in name_shaped(), "陈列室" in name_shaped()  # 陈列 is a word
    (True, False)
    """
    import jieba

    surnames = {s for s in lexicon().surnames if len(s) == 1} - lexicon().weak_surnames
    ordinary, shaped = set(), []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:  # words of two characters, and of three after a surname, only: the rest is skipped
            length = line.find(" ")
            if length == 2:
                word, freq, tag = line.split()[:3]
                if not tag.startswith("nr") or int(freq) >= 50:  # 许可 is 'nr' too
                    ordinary.add(word)
            elif length == 3 and line[0] in surnames:
                word, freq, tag = line.split()[:3]
                if int(freq) >= 20 and not tag.startswith(_NOT_SHAPED):
                    shaped.append(word)
    return frozenset(w for w in shaped if w[:2] not in ordinary and w[1:] not in ordinary)


@cache
def _followers() -> tuple[frozenset[str], tuple[str, ...]]:
    words = lexicon().name_followers
    return frozenset(w for w in words if len(w) == 1), tuple(w for w in words if len(w) > 1)


@cache
def _boundary_words() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    """For :func:`_is_boundary` and :func:`name_at`: the single followers of names, the longer ones,
    those as a set, their first characters, and the first characters of the titles (a
    ``startswith`` of a tuple or a pattern's ``match`` is asked only where one may start)."""
    singles, multi = _followers()
    return singles, multi, frozenset(multi), frozenset(w[0] for w in multi), frozenset(t[0] for t in lexicon().titles)


_SINGLES, _MULTI, _MULTI_SET, _MULTI_FIRSTS, _TITLE_FIRSTS = _boundary_words()
_TITLE_LASTS = frozenset(t[-1] for t in lexicon().titles)
_JAPANESE_FIRSTS = frozenset(w[0] for w in lexicon().japanese_surnames)  # no Japanese family name starts elsewhere


def _cjk(ch: str) -> bool:
    """Whether ``ch`` (one character, or '') is a CJK ideograph, U+3400 to U+9FFF."""
    return "\u3400" <= ch <= "\u9fff"


def _is_boundary(text: str, pos: int, *, strict: bool = False) -> bool:
    """Whether a name may end right before ``pos``."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch in PUNCT or not "\u3400" <= ch <= "\u9fff":
        return True
    if (ch in _MULTI_FIRSTS and text.startswith(_MULTI, pos)) or (ch in _TITLE_FIRSTS and title_re().match(text, pos)):
        return True
    return ch in _SINGLES and (not strict or places().full_name_at(text, pos + 1) > 0 or _titled_after(text, pos + 1))


def _titled_after(text: str, pos: int) -> bool:
    """Whether a title starts at ``pos`` (为|团长)."""
    return title_re().match(text, pos) is not None


def ends_name(text: str, pos: int) -> bool:
    """Whether a name may end right before ``pos`` for sure: punctuation, a title, a word of two
    or more characters that follows names (出席), or a single one (率, 赴, 为) before a place's full
    name or a title (温暖|率绍兴市党政代表团, 甲|为团长); not a single character alone (先, 和)."""
    return _is_boundary(text, pos, strict=True)


@cache
def _title_before() -> re.Pattern[str]:
    """A title ending where the search ends."""
    return re.compile(f"(?:{title_re().pattern})$")


@cache
def title_re() -> re.Pattern[str]:
    """Any title of the lexicon, the longest where several match."""
    return re.compile(words_pattern(lexicon().titles))


class TitleIndex:
    """The titles of a text, found in one pass: what ``title_re().search(text, pos, endpos)`` finds,
    looked up. A search from inside a title of that pass, or whose title would run past
    ``endpos``, is made afresh (it may find another).

    >>> index = title_index("市委副书记、市长陈金彪")
    >>> index.search(0, 11).group(), index.search(3, 11).group(), index.search(6, 7)
    ('副书记', '书记', None)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        places, self._after = _title_places(text)  # where a title may start (all where one does), and after a surname
        self.found = _titles_of(text, places)
        self.starts = [m.start() for m in self.found]
        self.ends = [m.end() for m in self.found]

    @cached_property
    def after_surnames(self) -> list[int]:
        """Where a title starts right after a surname (郑|主任), one-character or compound, in order
        (:func:`persons.short_references` finds no one in a part of the text that holds none)."""
        text, match, surnames = self.text, title_re().match, _SURNAMES
        after = [q for q in self._after if text[q - 1 : q] in surnames or text[q - 2 : q] in surnames]
        return [q for q in after if match(text, q)]

    def search(self, pos: int, endpos: int) -> re.Match[str] | None:
        k = bisect_left(self.starts, pos)
        if k and self.ends[k - 1] > pos:
            return title_re().search(self.text, pos, endpos)  # inside a title
        if k == len(self.found) or self.starts[k] >= endpos:
            return None
        return self.found[k] if self.ends[k] <= endpos else title_re().search(self.text, pos, endpos)

    def finditer(self, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        while (m := self.search(pos, endpos)) is not None:
            yield m
            pos = m.end()


def _points(text: str) -> np.ndarray:
    """The code points of ``text``."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _title_places(text: str) -> tuple[list[int], list[int]]:
    """Where the first two characters of a title stand (found with numpy), in order: every title
    has two or more, so none starts elsewhere; and those of them after a one-character surname or
    the second character of a compound one."""
    table, codes = _title_table(), _title_bigrams()
    points = _points(text).astype(np.int64)
    kinds = table[np.minimum(points, 0x10000)]
    at = _side_by_side(kinds, 1, 2)
    at = at[_in_sorted(codes, (points[at] << 21) | points[at + 1])]
    after = at[(at > 0) & (kinds[np.maximum(at - 1, 0)] & 4).astype(bool)]
    return at.tolist(), after.tolist()


def _titles_of(text: str, places: list[int]) -> list[re.Match[str]]:
    """What ``title_re().finditer(text)`` finds, the pattern tried only at ``places``
    (:func:`_title_places`; the engine tries it at every character)."""
    match, found, pos = title_re().match, [], 0
    for q in places:
        if q >= pos and (m := match(text, q)):
            found.append(m)
            pos = m.end()
    return found


@cache
def _title_table() -> np.ndarray:
    """Bits of each character of the BMP (one more for any beyond): 1 if a title starts with it, 2 if
    one has it second, 4 if it ends a surname."""
    table = np.zeros(0x10001, dtype=np.uint8)
    for t in lexicon().titles:
        table[ord(t[0])] |= 1
        table[ord(t[1])] |= 2
    for surname in lexicon().surnames:
        table[ord(surname[-1])] |= 4
    return table


@cache
def _title_bigrams() -> np.ndarray:
    """The first two characters of every title (all have two or more), as sorted codes."""
    return _bigram_codes(t[:2] for t in lexicon().titles)


@lru_cache(maxsize=4)
def title_index(text: str) -> TitleIndex:
    """The :class:`TitleIndex` of ``text`` (a document's, asked for again and again)."""
    return TitleIndex(text)


def surname_at(text: str, pos: int) -> int:
    """Length of the surname at ``pos`` (2 for compound surnames), or 0."""
    one = text[pos : pos + 1]
    if pos >= 0 and one not in _SURNAME_FIRSTS:  # (neither test below can hold)
        return 0
    surnames = _SURNAMES
    if text[pos : pos + 2] in surnames:
        return 2
    return 1 if one in surnames else 0


_SURNAMES = lexicon().surnames
_SURNAME_FIRSTS = frozenset(s[0] for s in _SURNAMES)
_WEAK = lexicon().weak_surnames


@lru_cache(maxsize=2**14)  # the same names are judged again and again
def plausible(name: str, surname_len: int, anchored: bool = False, middle: frozenset[str] = frozenset()) -> bool:
    """Whether ``name`` can be a personal name: given-name characters, not a common word, not
    starting with a word no name starts with (周二晚: a weekday).

    Right after a title (``anchored``) a name may also be a word (主任|高明), unless
    its surname is weak: a weak surname (和, 于, 单 … also everyday words) never
    takes a given name that is itself a common word (和|分管, 单|位). The characters of ``middle``
    may stand before a given name's last character (朱从玖: what a title and the tagger vouch for).
    """
    given = name[surname_len:]
    words, function, grammatical, not_nouns = common_words()
    lex = lexicon()
    weak = name[:surname_len] in lex.weak_surnames
    return (
        1 <= len(given) <= 2
        and not name.startswith(lex.name_false_starts)
        and name not in lex.group_nouns
        and given not in lex.titles  # 唐外长: a surname and a title refer to someone named
        and given not in lex.honorifics  # 胡老说: and so do a surname and an honorific
        and _HAN_RUN.fullmatch(given) is not None
        and given[-1] not in NON_GIVEN
        and (NON_GIVEN - middle if middle else NON_GIVEN).isdisjoint(given[:-1])
        and (name not in words or (anchored and not weak))
        and given not in ((not_nouns if anchored else words) if weak else grammatical if anchored else function)
    )


def name_at(text: str, pos: int, anchored: bool = False) -> int:
    """Length of the personal name starting at ``pos``, or 0 if none does.

    ``anchored``: the name follows a title, a group label or a byline cue, which is
    evidence enough to accept a name that is also a word, and to let jieba's
    segmentation find where it ends when no known word follows it (石磊|汇报).
    """
    if pos >= len(text):
        return 0
    if "A" <= text[pos] <= "Z" and (m := _FOREIGN.match(text, pos)):
        return len(m.group().rstrip(" .-"))
    reach = pos + _DOTTED_PART + 1  # _TRANSLIT needs a dot before it
    dotted = text.find(_DOT, pos + 1, reach) >= 0 or text.find(_BULLET, pos + 1, reach) >= 0
    if dotted and (m := _TRANSLIT.match(text, pos)):  # 杰里·布朗: the part after the dot ends at a boundary
        return end - pos if (end := _transliterated_end(text, m.end())) else 0
    if anchored and (japanese := _japanese_name_at(text, pos)):
        return japanese
    s = surname_at(text, pos)
    if not s:
        return _foreign_after_title(text, pos) if anchored else 0
    if text[pos] in _WEAK and _place_then_visit(text, pos + s):
        return 0  # 来唐考察, 来江门考察: a verb and a place, not a name
    singles, multi, multi_set = _SINGLES, _MULTI, _MULTI_SET
    long_, short = pos + s + 2, pos + s + 1
    third = text[long_ - 1] if long_ <= len(text) else ""
    candidates = []
    fragment = text[long_ - 1 : long_ + 1] in multi_set  # 全程陪|同: a word that follows names ends no name
    if (
        third
        and not fragment
        and (
            third not in singles
            or _ends_clause(text, long_)
            or (third in _COMING and text.startswith(multi, long_))
            or (third in _JOINS and _act_at(text, long_))
        )
        and _is_boundary(text, long_, strict=True)
    ):  # 王启发， 吴春来代表: the third character before punctuation or a word that follows names
        candidates.append(long_)
    if _is_boundary(text, short):
        candidates.append(short)
    if long_ <= len(text) and not fragment and _is_boundary(text, long_):
        candidates.append(long_)
    for end in candidates:
        if plausible(text[pos:end], s, anchored) and not _place_named(text, pos, end):
            return end - pos
    return _segmented(text, pos, s) if anchored and text[pos] not in _WEAK else 0


def _japanese_name_at(text: str, pos: int) -> int:
    """Length of a Japanese name after a Japanese title (日本某市市长|相乐新平为团长): a Japanese family
    name and one or two characters that a firm boundary ends, or 0."""
    if text[pos : pos + 1] not in _JAPANESE_FIRSTS:
        return 0
    if (m := _japanese_re().match(text, pos)) is None or not _after_japanese_title(text, pos):
        return 0
    return next((end - pos for end in (m.end() + 2, m.end() + 1) if ends_name(text, end)), 0)


def _place_then_visit(text: str, pos: int) -> bool:
    """Whether a visit verb follows one or two characters after ``pos``, where a place would start
    after a verb of coming (来|唐|考察, 来|我区|考察)."""
    return text.startswith(_VISIT_VERBS, pos + 1) or text.startswith(_VISIT_VERBS, pos + 2)


def _act_at(text: str, pos: int) -> bool:
    """An act a person takes part in (出席, 主持 …) at ``pos`` that heads its clause (no 的 follows:
    与出席会议的代表 is a conjunction and an attribute): a name before it ends with 和, 与 or 及
    (赵建和|出席会议), which joins nothing there."""
    return _act_re().match(text, pos) is not None


@cache
def _act_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_pattern([cue for cue, *_ in lexicon().roles])})[^，。；、的]*(?:[，。；、]|$)")


def _place_named(text: str, pos: int, end: int) -> bool:
    """皮山|县委: the start of a place's full name, not a person's."""
    return end < len(text) and text[end] in _NAMED_PLACE and places().lookup(text[pos : end + 1]) is not None


def _transliterated_end(text: str, dot: int) -> int:
    """Where the part after the dot of a transliterated name ends: at the first strong boundary —
    punctuation, a title, a word that follows names (not one whose second character starts
    another: 买买提|出席, not 买买|提出席), or a verb of coming and going (马丁·霍尔|来宝鸡); a
    single character that may follow a name is no boundary here (阿不都热依木); an honorific is
    one (帕特里克·弗兰|先生), and so is a word that starts with a character no transliteration
    uses (萨姆·利卡多|邀请)."""
    _, multi = _followers()
    honorifics = tuple(h for h in lexicon().honorifics if len(h) > 1)
    letters, words = lexicon().transliteration, common_words()[0]
    for end in range(dot + 1, min(dot + 8, len(text) + 1)):
        if end == len(text) or not _cjk(text[end]) or text[end] in PUNCT:
            return end
        if end > dot + 1 and text[end] not in letters and text[end : end + 2] in words:
            return end
        if text[end] in _AFTER_FOREIGN or title_re().match(text, end) or text.startswith(honorifics, end):
            return end
        if text.startswith(_TIME_AFTER, end):
            return end
        if text.startswith(multi, end) and not text.startswith(multi, end + 1):
            return end
    return 0


def _ends_clause(text: str, pos: int) -> bool:
    """Punctuation (or the end) at ``pos``: 王启发， ends with 发 even though 发 may follow a name."""
    return pos >= len(text) or text[pos] in "，。、；：！？,.;:!?）)\n"


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.ERROR)
    return jieba


def jieba_cut(text: str) -> list[str]:
    """jieba's words of ``text``."""
    return list(_jieba().cut(text))


def _segmented(text: str, pos: int, surname_len: int) -> int:
    """The name jieba segments at ``pos`` (a 2–3 character first token), or 0."""
    first = _first_word(text[pos : pos + 8])
    ok = 2 <= len(first) <= 3 and plausible(first, surname_len, True) and not _place_named(text, pos, pos + len(first))
    return len(first) if ok else 0


@lru_cache(maxsize=2**12)
def _first_word(fragment: str) -> str:
    """jieba's first word of ``fragment`` (the same few characters after a title recur)."""
    return next(iter(jieba_cut(fragment)), "")


_COMING = _chars("also_given")  # 来, 同, 先: 吴春来|代表
_ALSO_GIVEN = _JOINS + _COMING  # words that follow names and also end many (王振和, 吴春来)
_AFTER_FOREIGN = _chars("after_foreign")  # 马丁·霍尔来宝鸡, 汉斯·米勒率团, …将于, …说
_TIME_AFTER = _WORDS["time_after"]  # 马尔坦·圭多|日前宣布
_TITLED_MIDDLE = frozenset(_WORDS["titled_middle"])  # 从, 其: 副省长|朱从玖, 校长|周其凤
_TITLED_MIDDLE_CHARS = "".join(sorted(_TITLED_MIDDLE))
STUDY_VERBS = _WORDS["study"]  # 学习贯彻|习近平总书记…精神
_VISIT_VERBS = _WORDS["place_verb"]  # 来唐|考察
_ONE = numeral_chars("digit")[0]  # 一
_FOREIGN_END = re.compile(f"{words_pattern(_WORDS['foreign_end'])}|[，。、；（(]")  # 一行, 先生, 等
_NAMED_PLACE = "".join(lexicon().level_words["named_place"])  # 皮山|县委
_PERSON_NOUNS = frozenset(_WORDS["person_noun"])  # 名将|某某, 男友|某某
_PLACE_NOUNS = tuple(_WORDS["place_noun"])  # 南部城市|某某, 某某|小镇


def _foreign_after_title(text: str, pos: int) -> int:
    """社长山田太郎一行: a foreign name in Chinese characters, right after a title and
    right before a strong boundary (一行, 先生, punctuation), 3–4 characters, not a word."""
    before = text[pos - 1 : pos] if pos else ""  # the last character of a title, or a newline its $ stands before
    if before not in _TITLE_LASTS and before != "\n":
        return 0
    if not _title_before().search(text, max(0, pos - lexicon().max_title), pos) or text[pos] in _SINGLES:
        return 0
    for length in (4, 3):
        name = text[pos : pos + length]
        if (
            len(name) == length
            and _FOREIGN_END.match(text, pos + length)
            and all(_cjk(c) and c not in NON_GIVEN for c in name)
            and name not in common_words()[0]
            and not (length == 4 and name[:2] in common_words()[0] and name[2:] in common_words()[0])  # 重要|指示
            and not title_re().search(name)
        ):
            return length
    return 0


def name_before(text: str, end: int, floor: int = 0) -> int:
    """Start of a personal name that ends right at ``end`` (陈一新|书记), or -1."""
    for length in (3, 2, 4):
        start = end - length
        if start < floor:
            continue
        s = surname_at(text, start)
        if not s or (text[start] in _WEAK and length == 2):
            continue
        name = text[start:end]
        before = text[start - 1] if start > floor else ""
        if plausible(name, s) and (
            not before
            or not _cjk(before)
            or before in FUNCTION_BEFORE
            or _org_end(text, start)
            or text.endswith(STUDY_VERBS, floor, start)
        ):
            return start
    return -1


def _org_end(text: str, pos: int) -> bool:
    """Whether an organization name ends right before ``pos`` (市政府|谢树华)."""
    return text.endswith(_org_suffixes(), 0, pos)


@cache
def _org_suffixes() -> tuple[str, ...]:
    return tuple(suffix for suffix, _ in lexicon().org_suffixes)


_JOINERS = "·•—－-"  # 彼得·皮尔, 约翰—格兰: parts of one foreign name
_SPEECH_TAIL = _chars("speech_tail")  # 莉娜·科斯塔说，: the verb, not the name
_DIMINUTIVE = _chars("diminutive")  # 小俊平


def joined_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Person spans that touch, or are joined by a dot or dash, as one name: a tagger often cuts
    a long transliteration in two (斯卡尔|法罗, 彼得·|皮奥). A one-character span is a
    surname or a slip (主席|同|特朗普), never part of one."""
    runs: list[list[int]] = []
    for start, end in sorted(spans):
        if end - start < 2:
            continue
        if runs and (start == runs[-1][1] or (start == runs[-1][1] + 1 and text[start - 1] in _JOINERS)):
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return [(a, z) for a, z in runs]


def full_start(text: str, start: int, lo: int = 0) -> int:
    """Where a name starts of which a tagger read only a later part (in a window that starts
    inside it): before a dot, the characters that write a foreign name (阿列克西·|瓦诺); before
    one to three characters, a Japanese family name of two or more (山田|太郎); else ``start``
    (精粹·|张某专辑).

    >>> text = "今年的阿列克西·瓦诺和山田太郎"
    >>> text[full_start(text, 8) : 10], text[full_start(text, 13) : 15]
    ('阿列克西·瓦诺', '山田太郎')
    """
    if start > lo + 1 and text[start - 1] in _DOTS:
        letters, x = lexicon().transliteration, start - 1
        while x > lo and text[x - 1] in letters and start - 1 - x < _DOTTED_PART:
            x -= 1
        return x if x < start - 1 else start
    family = next((k for k in (3, 2) if start - k >= lo and text[start - k : start] in lexicon().japanese_surnames), 0)
    return start - family


def foreign_tail(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is characters that write foreign names right after another:
    the tail of a longer foreign name (亚|罗约, 杜伊森|贝赫), not a name of its own."""
    letters = lexicon().transliteration
    return start > 0 and text[start - 1] in letters and all(c in letters for c in text[start:end])


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A proposed name without what a tagger leaves on it: an honorific or a title after a
    surname (李先生, 唐外长), a 小/老 before a given name (小俊平), a speech verb (…说，), a
    word that ends a foreign name or goes on after it (哈桑|敦促; not 卡特|等)."""
    name = text[start:end]
    for word in lexicon().honorifics:
        if name.endswith(word) and len(name) > len(word):
            return start, end - len(word)
    if (m := _title_before().search(name)) and m.start() > 0:
        return start, start + m.start()
    if name[0] in _DIMINUTIVE and end - start >= 3 and not surname_at(text, start):
        start += 1
    foreign = lexicon().transliteration
    if len(name) >= 4 and name[-2:] in common_words()[0] and set(name[:-2]) <= foreign:
        end -= 2  # 哈桑|敦促
    elif (
        text[end - 1 : end + 1] in common_words()[0]
        and text[end : end + 1] not in _followers()[0]
        and set(name[:-1]) <= foreign
    ) or (name[-1] in _SPEECH_TAIL and _ends_clause(text, end)):
        end -= 1  # 哈米敦|促 (not 卡特|等), …说，
    return start, end


def extended(text: str, start: int, end: int) -> int:
    """The end of a name a tagger cut short: a Chinese one where the rules read a third
    character that is in no word (王培|之同志, not 林书|看到); a foreign one (斯特拉|科夫, 阿米|查8日)
    while it is all characters that write foreign names (and dots), over more of them that start
    no word (阿兰·伯尔|切斯库).

    >>> text = "议员阿米里纳夫和市长贝尔特别强调"
    >>> text[2 : extended(text, 2, 5)], text[10 : extended(text, 10, 13)]
    ('阿米里纳夫', '贝尔特')
    >>> text = "王培之同志夫妇出席，林书看到后回信"
    >>> text[: extended(text, 0, 2)], text[10 : extended(text, 10, 12)]
    ('王培之', '林书')
    """
    letters, words = lexicon().transliteration, common_words()[0]
    s = surname_at(text, start)
    if (
        s
        and end - start == s + 1
        and text[end - 1 : end + 1] not in words
        and text[end : end + 2] not in words
        and name_at(text, start) == s + 2
    ):
        return end + 1  # 高允|连独立: the rules read a third character that is in no word
    if _japanese_re().match(text, start) and text[end : end + 1] in _ONE and _FOREIGN_END.match(text, end + 1):
        return end + 1  # 山本健|一一行, 铃木健|一先生: many Japanese given names end in 一
    if end - start < 2 or not set(text[start:end]) - set(_DOTS) <= letters:
        return end
    while end < len(text) and text[end] in letters and text[end : end + 2] not in words:
        end += 1
    return end


def proposed_name(text: str, start: int, end: int) -> bool:
    """Whether the rules accept a name a tagger proposes at ``text[start:end]``.

    A Chinese name (a surname of the lexicon and one or two given characters) must be
    plausible as the rules judge it and not the start of a place (皮山|县); a common Japanese
    family name and one to three characters is a Japanese name (山田太郎). Anything else is
    taken as a foreign name: two or more characters, half of them or more characters that
    write foreign names (so 周洪和团 is no name), not a place of the gazetteer, not ending
    like an organization (…局, …队), not an ordinary word, not before the ending of a body or a
    place (…镇, …公司). No name is next to a word for a kind of place (南部城市|某某, 某某|小镇).
    """
    name = text[start:end]
    if len(name) < 2 or not all(_cjk(c) or c in _JOINERS for c in name) or name[-1] in _JOINERS:
        return False
    if places().lookup(name) is not None or org_kind(name) or title_re().search(name) or _world_place(name):
        return False
    if text.startswith(lexicon().non_person_endings, end) or name.endswith(lexicon().non_person_endings):
        return False  # 阿昌|族, 科索沃|阿族
    if text.startswith(_PLACE_NOUNS, end) or text.endswith(_PLACE_NOUNS, 0, start):
        return False  # 某某|小镇, 旅游胜地|某某: a place
    if len(name) == 2 and set(name) <= lexicon().province_abbreviations:
        return False  # 鲁渝: two provinces
    if name in lexicon().japanese_surnames:
        return False  # a family name alone
    if any(name.startswith(j) and 1 <= len(name) - len(j) <= 3 for j in lexicon().japanese_surnames):
        return name not in common_words()[0]  # 山田太郎
    if 3 <= len(name) <= 5 and _after_japanese_title(text, start):
        return name not in common_words()[0]  # 日本某县知事|广濑胜贞: a family name the lexicon lacks
    s = surname_at(text, start)
    if s and len(name) - s <= 2:
        middle = _TITLED_MIDDLE if _titled_at(text, start) else frozenset()  # 副省长|朱从玖
        return plausible(name, s, middle=middle) and not _place_named(text, start, end)
    letters = [c for c in name if c not in _JOINERS]
    foreign = sum(c in lexicon().transliteration for c in letters)
    return (
        2 * foreign >= len(letters)
        and name not in common_words()[0]
        and name[-1] not in NON_GIVEN
        and not _body_after(text, end)  # 阿兰·布尔切斯科|镇: a place
    )


_CLAUSE_ENDS = frozenset("，。；！？,;!?\n")


def _titled_at(text: str, start: int) -> bool:
    """Whether a title ends at ``start`` (副省长|朱从玖)."""
    if not start or text[start - 1 : start] not in _TITLE_LASTS:  # no title ends with the character before
        return False
    return any(m.end() == start for m in title_re().finditer(text, max(0, start - 8), start))


def _after_japanese_title(text: str, start: int) -> bool:
    """Whether a title ends at ``start`` in a clause that names Japan before it (日本某县知事|…)."""
    if not _titled_at(text, start):
        return False
    clause = start
    while clause > 0 and text[clause - 1] not in _CLAUSE_ENDS:
        clause -= 1
    return any(text.find(w, clause, start) >= 0 for w in _WORDS["japan"])


@cache
def _word_bigrams() -> tuple[frozenset[str], frozenset[str]]:
    """Bigrams that put a single-character surname inside an ordinary word or a place name:
    those that end with it (发|展) and those that start with it (高|水平). Words that jieba
    tags as names do not count (李白, 孙权)."""
    import jieba

    surnames = {s for s in lexicon().surnames if len(s) == 1}
    words, shaped = list(places().by_name) + list(lexicon().group_nouns), name_shaped()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()[:3]
            if 2 <= len(word) <= 4 and int(freq) >= 20 and not tag.startswith("nr") and word not in shaped:
                words.append(word)
    ends, starts = set(), set()
    for word in words:
        for i, c in enumerate(word):
            if c in surnames:
                if i:
                    ends.add(word[i - 1 : i + 1])
                if i < len(word) - 1:
                    starts.add(word[i : i + 2])
    return frozenset(ends), frozenset(starts)


@cache
def function_characters() -> frozenset[str]:
    """Single characters that jieba's dictionary tags as function words (prepositions,
    conjunctions, pronouns, adverbs, particles, numerals, measure words, directions)."""
    import jieba

    out = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.split()[:3]
            if len(word) == 1 and tag in ("p", "c", "r", "d", "u", "m", "q", "f"):
                out.add(word)
    return frozenset(out)


@cache
def _titled_middle_re() -> re.Pattern[str]:
    """A one-character surname before a character of :data:`_TITLED_MIDDLE` and one more (朱从玖)."""
    surnames = "".join(sorted(s for s in lexicon().surnames if len(s) == 1))
    return re.compile(rf"[{surnames}][{_TITLED_MIDDLE_CHARS}][\u4e00-\u9fff]")


class Marks:
    """What :func:`candidates` looks for in every sentence, found in the whole text once: where a
    one-character surname stands before a character a given name may hold (as a sentence's own
    search finds it, where the next character is in the sentence) and makes none of the bigrams
    that put it inside a word (:func:`_word_bigrams`) nor comes before a very frequent word of two
    characters (温|投资) — the tests of :func:`candidates` that read the text alone, made for all
    these places at once with numpy; where two letters of foreign names stand side by side, a
    Japanese family name may stand (:class:`Hits`), or a dot, a character of
    :data:`_TITLED_MIDDLE` or a word for Japan stands: most sentences hold none of them, and a
    search of each costs more than looking it up."""

    def __init__(self, text: str) -> None:
        table, (starts, ends, function), jbigrams = _mark_tables()
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        kinds = table[np.minimum(points, 0x10000)]
        points = points.astype(np.int64)
        n = len(text)
        at = _side_by_side(kinds, _SURNAME_BIT, _GIVEN_BIT)
        out = _in_sorted(starts, (points[at] << 21) | points[at + 1])
        before = at[at > 0]
        out[at > 0] |= _in_sorted(ends, (points[before - 1] << 21) | points[before])
        inner = at + 2 < n
        after = at[inner]
        out[inner] |= _in_sorted(function, (points[after + 1] << 21) | points[after + 2])
        self.surnames = at[~out].tolist()  # the surnames that no bigram puts inside a word
        letters = _side_by_side(kinds, _LETTER_BIT, _LETTER_BIT)
        self.letter_pairs = letters.tolist()  # where two letters of foreign names stand side by side
        firsts = _side_by_side(kinds, _JAPANESE_BIT, _JAPANESE_SECOND_BIT)
        firsts = firsts[_in_sorted(jbigrams, (points[firsts] << 21) | points[firsts + 1])].tolist()
        self.japanese = Hits([(p, p + 2) for p in firsts])  # each match starts with two of these
        self.dots = _found(text, _DOTS)
        self.middles = _found(text, _TITLED_MIDDLE_CHARS)
        self.japan = sorted((i, i + len(w)) for w in _WORDS["japan"] for i in _found(text, (w,)))

    def paired(self, lo: int, hi: int) -> bool:
        """Whether two letters of foreign names stand side by side in ``text[lo:hi]``."""
        pairs = self.letter_pairs
        k = bisect_left(pairs, lo)
        return k < len(pairs) and pairs[k] <= hi - 2

    @staticmethod
    def any_in(places: list[int], lo: int, hi: int) -> bool:
        """Whether one of the sorted ``places`` is in ``[lo, hi)``."""
        k = bisect_left(places, lo)
        return k < len(places) and places[k] < hi

    def names_japan(self, lo: int, hi: int) -> bool:
        """Whether a word for Japan is in ``text[lo:hi]``."""
        for a, z in self.japan:  # noqa: SIM110 (mostly none)
            if lo <= a and z <= hi:
                return True
        return False


_SURNAME_BIT, _GIVEN_BIT, _LETTER_BIT, _JAPANESE_BIT, _JAPANESE_SECOND_BIT = 1, 2, 4, 8, 16


def _side_by_side(kinds: np.ndarray, first: int, second: int) -> np.ndarray:
    """Where a character with the bit ``first`` stands before one with the bit ``second``."""
    return ((kinds[:-1] & first).astype(bool) & (kinds[1:] & second).astype(bool)).nonzero()[0]


def _found(text: str, words) -> list[int]:
    """Where each of ``words`` (or characters) starts in ``text``, sorted."""
    out = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    return sorted(out)


def _in_sorted(codes: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each of ``query`` is one of the sorted ``codes``."""
    if not len(codes) or not len(query):
        return np.zeros(len(query), dtype=bool)
    k = codes.searchsorted(query)  # the method: np.searchsorted wraps it in Python
    return codes[np.minimum(k, len(codes) - 1)] == query


def _bigram_codes(words) -> np.ndarray:
    """The two-character ``words`` as sorted codes (first code point << 21 | second)."""
    return np.array(sorted({(ord(w[0]) << 21) | ord(w[1]) for w in words if len(w) == 2}), dtype=np.int64)


@cache
def _mark_tables() -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """For :class:`Marks`: the classes of each character of the BMP (one more for any beyond), as
    bits, each read from what a pattern's character class matches: a one-character surname, a
    character a given name may hold (a CJK ideograph that is not in ``non_given.txt``), a letter
    of foreign names, the first and the second character of a Japanese family name; the bigrams
    of :func:`_word_bigrams` and the very frequent words of two characters as codes (the first
    code point << 21 | the second); the first two characters of Japanese family names as codes."""
    every = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10001, dtype=np.uint8)
    surnames = "".join(sorted(s for s in lexicon().surnames if len(s) == 1))
    letters = "".join(sorted(lexicon().transliteration))
    japanese = lexicon().japanese_surnames
    classes = (
        (f"[{surnames}]", _SURNAME_BIT),
        (f"(?=[\u3400-\u9fff])(?![{''.join(sorted(NON_GIVEN))}]).", _GIVEN_BIT),
        (f"[{letters}]", _LETTER_BIT),
        (f"[{''.join(sorted({w[0] for w in japanese}))}]", _JAPANESE_BIT),
        (f"[{''.join(sorted({w[1] for w in japanese}))}]", _JAPANESE_SECOND_BIT),
    )
    for pattern, bit in classes:
        for m in re.finditer(pattern, every, re.DOTALL):
            table[m.start()] |= bit
    ends, starts = _word_bigrams()
    bigrams = (_bigram_codes(starts), _bigram_codes(ends), _bigram_codes(common_words()[1]))
    return table, bigrams, _bigram_codes(w[:2] for w in japanese)


def candidates(text: str, lo: int, hi: int, taken: set[int], marks: Marks | None = None) -> list[int]:
    """Where in ``text[lo:hi]`` a name the rules did not find may start: a surname not inside
    an ordinary word or a place (by jieba's dictionary and the gazetteer), not before a title
    (郑主任 refers to someone named) nor before the ending of an organization or a place
    (银泰|百货, 中韩|产业园), followed by a character a given name may hold and not by a very
    frequent word (温|投资), nor by a word that shows two places (鹿泰|两地); a weak surname
    only where the rules would take it for a name, and one that is also a function word (和,
    向, 于 …) only at the start of a clause. Also a Japanese family name, and a run of
    characters that write foreign names. Cheap enough to run on every sentence: the tagger
    reads only around these places. ``marks``: those of ``text`` (:class:`Marks`), found once
    for all its sentences."""
    marks = marks or Marks(text)
    grammatical = function_characters()
    weak, (titles, title_firsts), pairs = lexicon().weak_surnames, _titles(), lexicon().place_pairs
    found = []
    surnames = marks.surnames  # the next character in the sentence: what a search up to hi - 1 finds
    for p in surnames[bisect_left(surnames, lo) : bisect_left(surnames, hi - 2)]:
        if p in taken:  # (those that a bigram puts inside a word, or a frequent word follows, are not marked)
            continue
        if text[p + 1] in title_firsts and text.startswith(titles, p + 1):
            continue
        if _body_within(text, p + 1, p + 4):
            continue
        if text.startswith(pairs, p + 2):  # 鹿泰|两地
            continue
        if text[p] in weak and (
            (text[p] in grammatical and p > lo and text[p - 1] not in PUNCT) or not name_at(text, p)
        ):
            continue
        found.append(p)
    for m in _japanese_re().finditer(text, lo, hi) if marks.japanese.within(lo, hi) else ():
        p, given = m.start(), m.end()
        ended = any(ends_name(text, e) or text.startswith(lexicon().honorifics, e) for e in range(given + 1, given + 4))
        if p not in taken and ended and not _body_within(text, given, given + 3):
            found.append(p)
    paired = marks.paired(lo, hi)  # none: no foreign name
    for m in _foreign_run().finditer(text, lo, hi) if paired or marks.any_in(marks.dots, lo, hi) else ():
        if m.start() not in taken and not _place_at(text, m.start()):
            found.append(m.start())
    for m in _title_or_honorific().finditer(text, lo, hi) if paired else ():  # a short foreign name next to it
        p = m.start() - 2  # at a clause's start: 拉埃|女士, 瓦利|议长 (not before a noun for a person)
        before = lo <= p and (p == lo or text[p - 1] in PUNCT) and m.group() not in _PERSON_NOUNS
        if before and p not in taken and _short_foreign(text, p):
            found.append(p)
        p = m.end()  # 外交大臣|库克, 总统|克林顿, 男友|卡特
        if p <= hi - 2 and p not in taken and _short_foreign(text, p):
            found.append(p)
    if marks.any_in(marks.middles, lo, hi):  # 副省长|朱从玖: a surname before 从 after a title
        found += [m.start() for m in _titled_middle_re().finditer(text, lo, hi) if _titled_at(text, m.start())]
    if marks.names_japan(lo, hi):  # 日本某县知事|广濑胜贞
        found += [
            m.end()
            for m in title_re().finditer(text, lo, hi)
            if m.end() not in taken and _after_japanese_title(text, m.end())
        ]
    return sorted(set(found))


def holds(text: str, chars: str | tuple[str, ...], lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds one of ``chars`` (characters, or words: a pattern that needs
    one cannot match without)."""
    for c in chars:  # noqa: SIM110 (asked of every sentence: a loop takes half the time of any() over a generator)
        if text.find(c, lo, hi) >= 0:
            return True
    return False


def _body_within(text: str, start: int, stop: int) -> bool:
    """Whether the ending of an organization or a place (:func:`_body_after`) starts in ``text[start:stop]``."""
    firsts = _body_endings()[1]
    for k in range(start, stop):  # noqa: SIM110 (a loop costs less than any() over a generator)
        if text[k : k + 1] in firsts and _body_after(text, k):
            return True
    return False


def _short_foreign(text: str, pos: int) -> bool:
    """Two characters that write foreign names at ``pos`` and start no surname, place or longer run."""
    letters = lexicon().transliteration
    return (
        text[pos] in letters
        and text[pos + 1] in letters
        and not surname_at(text, pos)
        and not _place_at(text, pos)
    )


@cache
def _title_or_honorific() -> re.Pattern[str]:
    """A title, an honorific of two or more characters (先生, 女士), or a noun for a person (名将)."""
    return re.compile(
        words_pattern([*lexicon().titles, *(h for h in lexicon().honorifics if len(h) >= 2), *_PERSON_NOUNS])
    )


def _place_at(text: str, pos: int) -> bool:
    """Whether a place of the gazetteer or abroad starts at ``pos``."""
    return any(text[pos : pos + k] in places().by_name or text[pos : pos + k] in world_places() for k in (2, 3, 4))


def _body_after(text: str, pos: int) -> bool:
    """Whether the ending of an organization or a place (公司, 产业园, 县 …), not a title, starts at
    ``pos``: what comes before it names a body, not a person."""
    endings, firsts = _body_endings()
    titles, title_firsts = _titles()
    return (
        text[pos : pos + 1] in firsts
        and text.startswith(endings, pos)
        and not (text[pos] in title_firsts and text.startswith(titles, pos))
    )


@cache
def _body_endings() -> tuple[tuple[str, ...], frozenset[str]]:
    """Endings of organizations and places, and their first characters."""
    endings = (*(suffix for suffix, _ in lexicon().org_suffixes), *lexicon().level_words["body_end"])
    return endings, frozenset(e[0] for e in endings)


@cache
def _titles() -> tuple[tuple[str, ...], frozenset[str]]:
    """The titles, and their first characters."""
    titles = tuple(lexicon().titles)
    return titles, frozenset(t[0] for t in titles)


@cache
def _japanese_re() -> re.Pattern[str]:
    """A Japanese family name before a character of text (山田|太郎)."""
    return re.compile(rf"(?:{words_pattern(lexicon().japanese_surnames)})(?=[\u4e00-\u9fff])")


def _world_place(name: str) -> bool:
    """几内亚, 卡拉奇|多云: a country, capital or main city abroad, or a name that starts with
    one of three characters or more."""
    return name in world_places() or bool(_world_prefix().match(name))


@cache
def _world_prefix() -> re.Pattern[str]:
    return re.compile(words_pattern([n for n in world_places() if len(n) >= 3]))


@cache
def _foreign_run() -> re.Pattern[str]:
    """Three or more characters that write foreign names (布莱克特), or two on each side of a dot
    (the first written apart: the engine then looks for where one starts, not at every character)."""
    chars = "".join(sorted(lexicon().transliteration))
    return re.compile(f"[{chars}](?:[{chars}]{{2,}}|[{chars}]*[{_DOTS}][{chars}]+)")


def doubt(text: str, start: int, end: int) -> str:
    """Why a Chinese name the rules found at ``text[start:end]`` needs a second opinion, or "".

    "foreign" if it has no surname of the lexicon (a foreign name after a title, or no name:
    记者|不可以); "function" if its surname is also a function word (大使|和欧洲); "word" if it
    is an ordinary word (主席|方成); "weak" if its surname is another everyday word; "end" if
    it is a surname and one character before another that a given name may hold and that
    starts no word following names (周明|新经常, 张华|来报道: one short?), or if all its
    characters and the next one write foreign names (斯特拉|科夫). A name of the first
    two kinds that the tagger does not read as a name is none; the others stand unless it
    reads another name at the same place."""
    name = text[start:end]
    if not "\u3400" <= name[0] <= "\u9fff" or any(c in _JOINERS for c in name):
        return ""  # a Latin name, or a transliteration the rules ended at a firm boundary (杰里·布朗)
    if _japanese_name_at(text, start) == end - start:
        return ""  # 日本某市市长|竹下永康|为团长: a Japanese family name after a Japanese title, ended firmly
    s = surname_at(text, start)
    if not s:
        return "foreign"
    if name[:s] in _WEAK:
        return "function" if name[:s] in function_characters() else "weak"
    if name in common_words()[0]:
        return "word"
    nxt = text[end : end + 1]
    one_short = (
        len(name) == s + 1
        and _cjk(nxt)
        and nxt not in NON_GIVEN
        and (nxt not in _SINGLES or nxt in _ALSO_GIVEN)
        and not text.startswith(_MULTI, end)
        and not title_re().match(text, end)
        and not (nxt in _JOINS and title_re().match(text, end + 1))  # 周忠|和县长王永: a conjunction
        and not (nxt in _COMING and _place_then_visit(text, end + 1))  # 沈立|来我区考察: he comes
    )
    letters = lexicon().transliteration
    run_goes_on = nxt in letters and all(c in letters for c in name)  # 主席|斯特拉|科夫: a foreign name
    return "end" if one_short or run_goes_on else ""
