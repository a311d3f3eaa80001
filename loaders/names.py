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
from functools import cache
from pathlib import Path

from kg.loaders.lexicon import lexicon, words_pattern
from kg.loaders.places import places

_CJK = re.compile(r"[\u3400-\u9fff]")
_FOREIGN = re.compile(r"[A-Z][A-Za-z'\-.]+(?: [A-Za-z][A-Za-z'\-.]*){1,4}")
_TRANSLIT = re.compile(r"(?:(?![和与及])[\u4e00-\u9fff]){1,5}[·•]")  # 郭海燕和|汉斯·米勒
# characters that never end or fill a given name in practice: organization
# suffixes, function words and numerals of counting
NON_GIVEN = frozenset(
    "的了们这那个市省县委局办府厅处部在与及等是有被把对从于记副会室所站馆村镇乡党区"
    "月日号第每各该本其此将就也还都又并且或之而及某"
)
FUNCTION_BEFORE = frozenset("由在是和与及向对请了把被给让经")
PUNCT = frozenset("，。、；：！？“”‘’《》（）()「」『』【】,.;:!?\"' \u3000\n\t—-…·")


_FUNCTION_TAGS = ("r", "p", "c", "u")


@cache
def common_words() -> tuple[frozenset[str], ...]:
    """jieba dictionary words that are not names: (2-3 char words, function or very frequent
    words, function words only, words that are not nouns).

    A candidate name that is a common word (单位) is refused, and so is one whose
    given name is a function or very frequent word (向|大家); right after a title only a
    function word is (副会长邢|建设 is a name), and after a weak surname any but a noun
    (代市长马|国庆 is a name, 市长和|分管 is not).
    """
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words, function, grammatical, not_nouns = set(), set(), set(), set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()[:3]
            if 2 <= len(word) <= 3 and not tag.startswith(("nr", "ns", "nz")) and int(freq) >= 100:
                words.add(word)
                if tag.startswith(_FUNCTION_TAGS):
                    grammatical.add(word)
                if tag.startswith(_FUNCTION_TAGS) or (int(freq) >= 10000 and tag not in ("ns", "nz")):
                    function.add(word)
                if not tag.startswith(("n", "t")):
                    not_nouns.add(word)
    return frozenset(words), frozenset(function), frozenset(grammatical), frozenset(not_nouns)


@cache
def _followers() -> tuple[frozenset[str], tuple[str, ...]]:
    words = lexicon().name_followers
    return frozenset(w for w in words if len(w) == 1), tuple(w for w in words if len(w) > 1)


def _is_boundary(text: str, pos: int, *, strict: bool = False) -> bool:
    """Whether a name may end right before ``pos``."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch in PUNCT or not _CJK.match(ch):
        return True
    singles, multi = _followers()
    if text.startswith(multi, pos) or text.startswith(tuple(lexicon().titles), pos):
        return True
    return not strict and ch in singles


@cache
def _title_before() -> re.Pattern[str]:
    """A title ending where the search ends."""
    return re.compile(f"(?:{title_re().pattern})$")


@cache
def title_re() -> re.Pattern[str]:
    """Any title of the lexicon, the longest where several match."""
    return re.compile(words_pattern(lexicon().titles))


def surname_at(text: str, pos: int) -> int:
    """Length of the surname at ``pos`` (2 for compound surnames), or 0."""
    surnames = lexicon().surnames
    if text[pos : pos + 2] in surnames:
        return 2
    return 1 if text[pos : pos + 1] in surnames else 0


def plausible(name: str, surname_len: int, anchored: bool = False) -> bool:
    """Whether ``name`` can be a personal name: given-name characters, not a common word.

    Right after a title (``anchored``) a name may also be a word (主任|高明), unless
    its surname is weak: a weak surname (和, 于, 单 … also everyday words) never
    takes a given name that is itself a common word (和|分管, 单|位).
    """
    given = name[surname_len:]
    words, function, grammatical, not_nouns = common_words()
    weak = name[:surname_len] in lexicon().weak_surnames
    return (
        1 <= len(given) <= 2
        and all(_CJK.match(c) and c not in NON_GIVEN for c in given)
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
    if m := _FOREIGN.match(text, pos):
        return len(m.group().rstrip(" .-"))
    if m := _TRANSLIT.match(text, pos):  # 杰里·布朗: the part after the dot ends at a boundary
        return end - pos if (end := _transliterated_end(text, m.end())) else 0
    s = surname_at(text, pos)
    if not s:
        return _foreign_after_title(text, pos) if anchored else 0
    if text[pos] in lexicon().weak_surnames and (
        text.startswith(_VISIT_VERBS, pos + s + 1) or text.startswith(_VISIT_VERBS, pos + s + 2)
    ):
        return 0  # 来唐考察, 来江门考察: a verb and a place, not a name
    singles, multi = _followers()
    long_, short = pos + s + 2, pos + s + 1
    third = text[long_ - 1] if long_ <= len(text) else ""
    candidates = []
    if (
        third
        and (third not in singles or _ends_clause(text, long_) or (third in "来同先" and text.startswith(multi, long_)))
        and _is_boundary(text, long_, strict=True)
    ):  # 王启发， 吴春来代表: the third character before punctuation or a word that follows names
        candidates.append(long_)
    if _is_boundary(text, short):
        candidates.append(short)
    if long_ <= len(text) and _is_boundary(text, long_):
        candidates.append(long_)
    for end in candidates:
        if plausible(text[pos:end], s, anchored) and not _place_named(text, pos, end):
            return end - pos
    return _segmented(text, pos, s) if anchored and text[pos] not in lexicon().weak_surnames else 0


def _place_named(text: str, pos: int, end: int) -> bool:
    """皮山|县委: the start of a place's full name, not a person's."""
    return end < len(text) and text[end] in "省市县区州旗镇乡" and places().lookup(text[pos : end + 1]) is not None


def _transliterated_end(text: str, dot: int) -> int:
    """Where the part after the dot of a transliterated name ends: at the first strong boundary —
    punctuation, a title, a word that follows names (not one whose second character starts
    another: 买买提|出席, not 买买|提出席), or a verb of coming and going (马丁·霍尔|来宝鸡); a
    single character that may follow a name is no boundary here (阿不都热依木)."""
    _, multi = _followers()
    for end in range(dot + 1, min(dot + 8, len(text) + 1)):
        if end == len(text) or not _CJK.match(text[end]) or text[end] in PUNCT:
            return end
        if text[end] in _AFTER_FOREIGN or title_re().match(text, end):
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
    first = next(iter(jieba_cut(text[pos : pos + 8])), "")
    ok = 2 <= len(first) <= 3 and plausible(first, surname_len, True) and not _place_named(text, pos, pos + len(first))
    return len(first) if ok else 0


_AFTER_FOREIGN = "来到赴率在与和等及同"  # 马丁·霍尔来宝鸡, 汉斯·米勒率团
STUDY_VERBS = ("学习", "贯彻", "传达", "落实", "领会", "践行")  # 学习贯彻|习近平总书记…精神
_VISIT_VERBS = ("考察", "调研", "访问", "洽谈", "参观", "指导", "对接", "交流", "座谈", "检查", "督查", "视察")
_FOREIGN_END = re.compile(r"一行|先生|女士|夫妇|等人|等|[，。、；（(]")


def _foreign_after_title(text: str, pos: int) -> int:
    """社长山田太郎一行: a foreign name in Chinese characters, right after a title and
    right before a strong boundary (一行, 先生, punctuation), 3–4 characters, not a word."""
    if not _title_before().search(text, max(0, pos - lexicon().max_title), pos) or text[pos] in _followers()[0]:
        return 0
    for length in (4, 3):
        name = text[pos : pos + length]
        if (
            len(name) == length
            and _FOREIGN_END.match(text, pos + length)
            and all(_CJK.match(c) and c not in NON_GIVEN for c in name)
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
        if not s or (text[start] in lexicon().weak_surnames and length == 2):
            continue
        name = text[start:end]
        before = text[start - 1] if start > floor else ""
        if plausible(name, s) and (
            not before
            or not _CJK.match(before)
            or before in FUNCTION_BEFORE
            or _org_end(text, start)
            or text.endswith(STUDY_VERBS, floor, start)
        ):
            return start
    return -1


def _org_end(text: str, pos: int) -> bool:
    """Whether an organization name ends right before ``pos`` (市政府|谢树华)."""
    return any(text.endswith(suffix, 0, pos) for suffix, _ in lexicon().org_suffixes)
