"""Normalize bulletin text for extraction while keeping a map back to the original.

Traditional characters become simplified ones (OpenCC ``t2s``, always one character
for one character) and inline pinyin glosses such as ``企業(yè)`` are dropped, and so are the
line breaks of text wrapped at a fixed width (copied from a PDF: 副书记孙⏎爱军). Every
normalized character remembers the index of the original character it came from.

>>> n = normalize("市長陳金彪出席企業(yè)座談會")
>>> n.text
'市长陈金彪出席企业座谈会'
>>> start = n.text.index("座谈会")
>>> n.offsets[start], n.offsets[start + 3]
(13, 16)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import opencc

from kg.loaders.lexicon import lexicon, numeral_chars, words_pattern

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # for a character class
# a bracket after a Chinese character holding only letters, tone marks, digits 1-5 and spaces
_GLOSS = re.compile(rf"[(（](?<=[{_CJK}][(（])([a-zA-Zü{_TONE_VOWELS}1-5 ]{{1,12}})[)）]")
_LIST_ITEM = re.compile(r"\S+")
_WIDE = re.compile("[\uff10-\uff19\xa0]")
_HALF_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "\xa0": " "})
# punctuation typed in ASCII inside Chinese text (两地,签约;会上:) is the Chinese punctuation
_ASCII_PUNCT = re.compile(r"[,;:!?]")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_CHINESE = re.compile(rf"[{_CJK}“”（）]")


def _full_width(m: re.Match[str]) -> str:
    """The Chinese form of an ASCII mark that stands next to a Chinese character."""
    text, i = m.string, m.start()
    near = text[i - 1 : i] + text[i + 1 : i + 2]
    return _FULL_WIDTH[m.group()] if _CHINESE.search(near) else m.group()
_NUMBERED_PINYIN = re.compile(r" *[a-zü]+[1-5](?: +[a-zü]+[1-5])* *")


@dataclass
class Normalized:
    """Normalized text and, for each of its characters, the index in the original.

    ``offsets`` has ``len(text) + 1`` entries; the last one is ``len(original)``.
    """

    text: str
    offsets: list[int]


def normalize(text: str) -> Normalized:
    """Convert ``text`` to simplified characters, half-width digits and spaces (１月４日,
    ``&nbsp;``) and full-width punctuation in Chinese text (签约,会上 → 签约，会上); drop pinyin
    glosses, hard line breaks inside paragraphs and the spaces padding a two-character name in a
    list after a colon or a byline cue (编辑：何　静, 出席：李建国  王  峰, 记者 王 芳); keep offsets."""
    simplified = _simplified(text)
    if _WIDE.search(simplified):
        simplified = simplified.translate(_HALF_WIDTH)
    simplified = _ASCII_PUNCT.sub(_full_width, simplified)
    kept = _kept_ranges(simplified)
    offsets: list[int] = []
    shared = _indices()
    for start, end in kept:
        offsets += shared[start:end] if end <= len(shared) else range(start, end)
    offsets.append(len(text))
    return Normalized("".join(simplified[start:end] for start, end in kept), offsets)


SHARED_INDICES = 1 << 16  # offsets below this are taken from one table of ints


@cache
def _indices() -> tuple[int, ...]:
    """The ints 0 … SHARED_INDICES - 1, made once: an offsets list copies them, where making an int
    for each character of each text cost more than all the rest of :func:`normalize`."""
    return tuple(range(SHARED_INDICES))


TRADITIONAL_SHARE = 0.05  # a text whose Chinese characters change this much or more is traditional


def _simplified(text: str) -> str:
    """``text`` in simplified characters; in a text already written in them (fewer than
    TRADITIONAL_SHARE of its Chinese characters change, besides these), the characters
    simplified Chinese also writes (``simplified_too.txt``: 乾, 於) stay as written.

    >>> _simplified("作家叶乾与於光明出席"), _simplified("於先生會見乾隆年間的來賓")
    ('作家叶乾与於光明出席', '于先生会见乾隆年间的来宾')
    """
    converted = convert_one_to_one(text, _t2s().convert)
    keep = lexicon().simplified_too
    if converted == text or not any(c in text for c in keep):
        return converted
    changed = [i for i, (a, b) in enumerate(zip(text, converted, strict=True)) if a != b]
    others = sum(text[i] not in keep for i in changed)
    if others >= TRADITIONAL_SHARE * len(_NOT_CJK.sub("", text)):  # the Chinese characters, counted
        return converted
    out = list(converted)
    for i in changed:
        if text[i] in keep:  # a stray traditional character is still converted
            out[i] = text[i]
    return "".join(out)


_NOT_CJK = re.compile(f"[^{_CJK}]+")


def convert_one_to_one(text: str, convert: Callable[[str], str]) -> str:
    """Apply ``convert`` line by line, falling back to single characters where a line changes length.

    The result always has the same length as ``text``, so indices carry over unchanged.
    """
    converted = convert(text)
    lines = text.split("\n")
    if list(map(len, converted.split("\n"))) == list(map(len, lines)):
        return converted  # the usual case: one call for the whole text
    return "\n".join(_convert_line(line, convert) for line in lines)


def _convert_line(line: str, convert: Callable[[str], str]) -> str:
    converted = convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(out if len(out := convert(char)) == 1 else char for char in line)


def _is_pinyin_gloss(content: str) -> bool:
    """Whether a parenthesized ``content`` of pinyin characters is a reading, e.g. ``yè`` or ``qi3 ye4``."""
    return any(char in _TONE_VOWELS for char in content) or bool(_NUMBERED_PINYIN.fullmatch(content))


def _glosses(text: str) -> list[tuple[int, int]]:
    """The spans of the pinyin glosses of ``text``: its brackets found with ``str.find`` (a pattern's
    scan of every character costs far more), the gloss tried at each (no two can overlap)."""
    cuts = []
    for bracket in "(（":
        at = text.find(bracket)
        while at >= 0:
            if (m := _GLOSS.match(text, at)) and _is_pinyin_gloss(m[1]):
                cuts.append(m.span())
            at = text.find(bracket, at + 1)
    return cuts


def _kept_ranges(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of ``text`` left once pinyin glosses and name padding are cut out."""
    cuts = _glosses(text)
    cuts += name_padding(text)
    cuts += wrapped_line_breaks(text)
    cuts += broken_names(text)
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(set(cuts)):
        kept.append((position, start))
        position = end
    kept.append((position, len(text)))
    return kept


@cache
def _list_start() -> re.Pattern[str]:
    """What a colon or a byline cue lists up to the end of its line or bracket (出席：甲  乙, 编辑：何　静,
    （记者 王 芳）). Each alternative opens with one character (the cues longest first, each with the
    space it needs), so the engine looks only where one of them stands."""
    cues = sorted(lexicon().byline_cues, key=len, reverse=True)
    alternatives = "|".join(f"{re.escape(w)}(?=[ \u3000])" for w in cues)
    return re.compile(f"(?:：|:|{alternatives})([^\n：:）)]+)")


def name_padding(text: str) -> list[tuple[int, int]]:
    r"""The spaces padding two-character names to the width of three in a list after a colon or
    a byline cue (出席：, 记者), and the same names padded so elsewhere in the text.

    Such a list names nobody with one character, so two one-character items side by side, the
    first a surname, are one name; a run of four is two names (刘  洋  陈  红).

    >>> text = "出席：李建国  王  峰  刘  洋  陈  红\n王  峰作了部署。"
    >>> [text[s:e] for s, e in name_padding(text)]
    ['  ', '  ', '  ', '  ']
    >>> name_padding("要 闻 周 报"), name_padding("地点：三 楼")
    ([], [])
    """
    cuts = _list_padding(text)
    names = {text[s - 1] + text[e] for s, e in cuts}
    if names:
        padded = re.compile("|".join(f"(?<={n[0]})[ \u3000]+(?={n[1]})" for n in sorted(names)))
        cuts = sorted({*cuts, *(m.span() for m in padded.finditer(text))})
    return cuts


def _list_padding(text: str) -> list[tuple[int, int]]:
    """The spaces padding two-character names in the lists after a colon or a byline cue."""
    surnames = lexicon().surnames
    cuts = []
    for m in _list_start().finditer(text):
        singles: list[re.Match[str]] = []
        for item in [*_LIST_ITEM.finditer(text, m.start(1), m.end(1)), None]:
            if item is not None and len(item.group()) == 1 and not _NOT_CJK.match(item.group()):
                singles.append(item)
                continue
            pairs = list(zip(singles[::2], singles[1::2], strict=False))
            if len(singles) % 2 == 0 and all(first.group() in surnames for first, _ in pairs):
                cuts += [(first.end(), second.start()) for first, second in pairs]
            singles = []
    return cuts


_PARAGRAPH_END = "。！？!?"
_NEW_LINE_START = re.compile(rf"[●◆■▲○•·★☆◎◇□►▶△（(【\[]|\d{{1,2}}[日月]|[{numeral_chars('digit', 'ten')}]+、")
def broken_names(text: str) -> list[tuple[int, int]]:
    r"""The line breaks inside or before a name written after a title, at the end of a line of
    running text (one with a comma: not a headline): 县委书记陈⏎建国出席, 县长⏎王平主持.

    >>> broken_names("4月16日，县委书记陈\n建国出席会议，县长\n王平主持。\n")
    [(11, 12), (21, 22)]
    """
    cuts = []
    at = text.find("\n", 1)  # each line break between two Chinese characters (str.find: no pattern
    while at >= 0:  # tries every character)
        if _cjk(text[at - 1]) and _cjk(text[at + 1 : at + 2]):
            line = text[text.rfind("\n", 0, at) + 1 : at]
            if "，" in line and _name_begun(line, text[at + 1 : at + 3]):
                cuts.append((at, at + 1))
        at = text.find("\n", at + 1)
    return cuts


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" if char else False


def _name_begun(line: str, after: str) -> bool:
    """Whether ``line`` ends with a title and the first characters of a name, surname first (书记|陈),
    or with a title alone when the next line, ``after``, opens with a surname (县长|⏎王平)."""
    surnames = lexicon().surnames
    for k in range(3):  # the name's characters on this line
        begun = line[len(line) - k :] + after
        end = len(line) - k
        if (begun[:1] in surnames or begun[:2] in surnames) and _title_end().search(line, max(0, end - 8), end):
            return True
    return False


@cache
def _title_end() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_pattern(lexicon().titles)})$")


MIN_WRAPPED_LINES = 4  # lines of one width that show a text hard-wrapped at that width


def wrapped_line_breaks(text: str) -> list[tuple[int, int]]:
    r"""The line breaks a hard-wrapped text put inside its paragraphs (as ``(start, end)`` ranges).

    A text wrapped at a fixed width (a yearbook page, an e-mail) has many lines of that width;
    a line of that width that does not end a sentence continues on the next line (孙\n爱军).

    >>> page = "市委书记李立刚在市委常委、秘书长陈明华市\n" * 4 + "市长助理、市公安局局长徐立杰的陪同下调研。\n"
    >>> wrapped_line_breaks(page)[:2]
    [(20, 21), (41, 42)]
    """
    lines = text.split("\n")
    widths = [len(line.strip()) for line in lines]
    common = Counter(w for w in widths if w >= 12)
    if not common:
        return []
    width, count = common.most_common(1)[0]
    if count + common[width - 1] + common[width + 1] < MIN_WRAPPED_LINES:
        return []
    cuts, pos = [], 0
    for line, nxt, w in zip(lines, lines[1:], widths, strict=False):
        pos += len(line)
        stripped = line.rstrip()
        if (
            w >= width - 1
            and stripped
            and stripped[-1] not in _PARAGRAPH_END
            and nxt.strip()
            and not _NEW_LINE_START.match(nxt.strip())
        ):
            cuts.append((len(stripped) + pos - len(line), pos + 1 + len(nxt) - len(nxt.lstrip())))
        pos += 1
    return cuts


@cache
def _t2s() -> opencc.OpenCC:
    """The traditional-to-simplified converter, created on first use."""
    return opencc.OpenCC("t2s")
