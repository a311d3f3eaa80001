"""The lexicons the extractor reads: titles, surnames, cue words, abbreviations.

Every list is a plain data file in ``loaders/lexicons/`` (documented in its first
comment lines); this module only loads them, once.

>>> from kg.loaders.lexicon import lexicon
>>> "市长" in lexicon().titles
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate

import numpy as np


def _lines(name: str) -> list[str]:
    text = resources.files("kg.loaders").joinpath("lexicons", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _words(name: str) -> list[str]:
    return [w for ln in _lines(name) for w in ln.split()]


def _table(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in _lines(name)]


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]
    titles_en: dict[str, str]
    title_bases: dict[str, str]  # a title a modifier makes → the title it modifies (代理市长 → 市长)
    title_defaults: dict[str, str]
    surnames: frozenset[str]  # single and compound
    weak_surnames: frozenset[str]
    name_followers: tuple[str, ...]  # longest first
    group_labels: tuple[str, ...]
    honorifics: tuple[str, ...]  # longest first
    byline_cues: tuple[str, ...]  # longest first
    byline_frames: dict[str, tuple[str, ...]]  # class (reporter, closer) → words, longest first
    japanese_surnames: frozenset[str]
    place_pairs: tuple[str, ...]
    non_person_endings: tuple[str, ...]
    name_false_starts: tuple[str, ...]
    simplified_too: frozenset[str]
    province_abbreviations: frozenset[str]
    group_nouns: frozenset[str]
    transliteration: frozenset[str]  # characters
    org_abbreviations: dict[str, str]
    agency_abbreviations: dict[str, str]
    initial_forms: dict[str, str]
    national_bodies: dict[str, str]  # 全国政协 → 中国人民政治协商会议全国委员会
    org_suffixes: tuple[tuple[str, str], ...]  # (suffix, kind), longest first
    org_boundaries: tuple[tuple[str, str], ...]  # (word, strong | weak | name), longest first
    place_levels: tuple[tuple[str, str, tuple[str, ...]], ...]  # (level word, slot, self references), longest first
    destination_words: tuple[str, ...]  # 赴, 前往: the place after them is a trip's destination
    stationed_words: tuple[str, ...]  # 驻: the place after them is the seat of another's office
    title_bodies: dict[str, str]  # 部长 → 部
    title_joins: tuple[str, ...]  # 、 兼 暨: between one person's titles
    outlets: tuple[tuple[str, str], ...]  # (word, dateline | channel | self)
    appointment_words: tuple[tuple[str, str], ...]  # (word, appoint | take | leave | dismiss | acting | nominee | none)
    tenure_words: dict[str, str]  # word → former | ends | during | acting | seat | deputy
    org_parts: tuple[str, ...]  # endings of parts of a body (部, 处, 办公室), longest first
    generic_bodies: dict[str, tuple[str, str]]  # word → (kind of the body it stands for, what it must end with)
    generic_name_words: tuple[str, ...]  # 投资, 人民 …: words of a name that say no body in particular
    roles: tuple[tuple[str, str, str, bool], ...]  # (cue, role, who, makes a noun), longest first
    event_kinds: tuple[tuple[str, str, str], ...]  # (cue, kind, cameo), in file order
    agreement_words: tuple[str, ...]  # longest first
    sections: frozenset[str]
    sojourn_forms: dict[str, str]  # 在京 → 北京: how associations name the city they are in
    media_roles: tuple[str, ...]  # 记者, 通讯员, 摄影 …: bylines, longest first
    role_false_friends: tuple[str, ...]  # 组织部, 率先 …: words holding a cue that is no act
    signing_words: dict[str, tuple[str, ...]]  # class (sign, with, not_party …) → words, longest first
    event_words: dict[str, tuple[str, ...]]  # class (undated, speech, future …) → words, longest first
    visit_words: dict[str, tuple[str, ...]]  # class (group, arrive, visit) → words, longest first
    body_words: dict[str, tuple[str, ...]]  # class (party_organ, own, company_form …) → words, longest first
    level_words: dict[str, tuple[str, ...]]  # class (short_form, city, not_town …) → level words
    post_words: dict[str, tuple[str, ...]]  # class (concurrent, comrade, duties …) → words, longest first
    numerals: dict[str, tuple[str, ...]]  # class (digit, ten, zero …) → characters
    date_words: dict[str, tuple[str, ...]]  # class (to, relative_day, dateline …) → words, longest first
    year_words: dict[str, int]  # 今年 → 0, 去年 → -1
    bulletin_words: dict[str, tuple[str, ...]]  # class (distribution, credit, contents …) → words, longest first
    agent_markers: dict[str, tuple[str, str, bool]]  # cue → (marker, word after the cue, the span may hold commas)
    place_bodies: tuple[tuple[str, str, str], ...]  # (short form, full name with {p}, bare titles' template)
    own_bodies: tuple[tuple[str, tuple[str, ...], str], ...]  # (word, endings in the issuer's name, head title)
    name_words: dict[str, tuple[str, ...]]  # class (speech, meeting, credit_mark …) → words, longest first
    non_given: frozenset[str]  # characters no given name holds (的, 市, 第 …)

    @cached_property
    def max_title(self) -> int:
        return max(map(len, self.titles))


def _titles() -> dict[str, str]:
    """Every title with its English: those of ``titles.tsv`` and those a modifier of
    ``title_modifiers.tsv`` makes of them (轮值 + 会长 → 轮值会长, Rotating President)."""
    titles = {r[0]: r[1] for r in _table("titles.tsv")}
    for modifier, english, bases in _table("title_modifiers.tsv"):
        for base in bases.split():
            titles.setdefault(modifier + base, f"{english} {titles.get(base, base)}")
    return titles


def _title_bases(titles: dict[str, str]) -> dict[str, str]:
    """The titles ``title_modifiers.tsv`` makes, each with its base (常务副市长 → 副市长)."""
    bases = {}
    for modifier, _, words in _table("title_modifiers.tsv"):
        for base in words.split():
            if modifier + base not in bases and base in titles:
                bases[modifier + base] = base
    return bases


def _title_defaults(titles: dict[str, str]) -> dict[str, str]:
    """The body of each title without one in ``title_defaults.tsv``: its base title's (代理市长 → 市长's)."""
    defaults = {k: v for k, v in _table("title_defaults.tsv")}
    for modifier, _, bases in _table("title_modifiers.tsv"):
        for base in bases.split():
            if base in defaults:
                defaults.setdefault(modifier + base, defaults[base])
    return defaults


def matches_from(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int, endpos: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` finds, for a pattern that never matches empty and
    whose every match starts with a character ``starts`` matches: tried only where one stands. The
    engine tries a pattern that opens with a repeat, an optional part or alternatives that do not
    all open with one character at every position.

    >>> [m.group() for m in matches_from(re.compile("年?今天|明天"), re.compile("[年今明]"), "去年今天和明天", 0, 7)]
    ['年今天', '明天']
    """
    search, match = starts.search, pattern.match
    while first := search(text, pos, endpos):
        if m := match(text, at := first.start(), endpos):
            yield m
            pos = m.end()
        else:
            pos = at + 1


class Hits:
    """Where patterns match in a whole text, found in one pass each, to ask of a part of it whether
    they may match there without a call of the engine for each part (one costs some 4 K
    instructions, found or not, and most sentences hold nothing most patterns look for).

    For patterns that never match empty and read no further than the characters they need (no
    ``$``, ``\\b`` or negative lookahead): a match at ``p`` in ``text[lo:hi]`` is one at ``p``
    in the whole text too, where finditer then finds a match that holds ``p``. So where
    :meth:`within` is false, ``pattern.finditer(text, lo, hi)`` finds nothing; where it is true
    it may still find nothing (a match of the whole text may run past ``hi``).

    >>> hits = Hits.found("甲市长。乙。丙书记", [re.compile("市长"), re.compile("书记")])
    >>> hits.within(0, 4), hits.within(4, 6), hits.within(6, 10)
    (True, False, True)
    >>> Hits.found("甲（乙）。丙。", strings="（）").within(4, 7)
    False
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((z for _, z in spans), max))  # the furthest end of a match so far

    @classmethod
    def found(cls, text: str, patterns: Iterable[re.Pattern[str]] = (), strings: Iterable[str] = ()) -> Hits:
        """The matches of ``patterns`` in ``text``, and each occurrence of ``strings``, found with
        ``str.find`` (the engine spends some 150 instructions on each character of a text it scans
        for a class of characters; ``str.find`` next to none)."""
        spans = [m.span() for p in patterns for m in p.finditer(text)]
        for s in strings:
            i = text.find(s)
            while i >= 0:
                spans.append((i, i + len(s)))
                i = text.find(s, i + 1)
        return cls(spans)

    def within(self, lo: int, hi: int) -> bool:
        """Whether a match of the whole text overlaps ``text[lo:hi]``."""
        k = bisect_left(self.starts, hi)
        return k > 0 and self.reach[k - 1] > lo


def words_pattern(words) -> str:
    """A regular expression matching any of ``words``, the longest where several match, written as
    a trie (市(?:长|委)…): much faster to search than an alternation of hundreds of words.

    >>> re.findall(words_pattern(["市长", "副市长", "市委"]), "副市长和市委")
    ['副市长', '市委']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class WordCounter:
    """How often each of ``words`` (two characters or more) occurs in a text, overlapping
    occurrences included (马鞍山 holds 鞍山), as ``str.count`` of each would say.

    A pattern of the words finds each place where one starts. Where the words start with many
    characters (the cities: 244), the pattern spends its time trying them one after another
    at every place where one might start and none does; there the places are found by their
    first two characters, each of one a word may have there (a fifth of the first characters
    alone find), and each is looked up by them.

    >>> WordCounter(["马鞍山", "鞍山", "我市", "市委"]).counts("马鞍山市委与我市委")
    Counter({'市委': 2, '马鞍山': 1, '鞍山': 1, '我市': 1})
    """

    MANY_FIRSTS = 64  # first characters above which a word is looked up rather than matched

    def __init__(self, words) -> None:
        words = set(words)
        if any(len(w) < 2 for w in words):
            raise ValueError("WordCounter counts words of two characters or more")
        firsts = "".join(sorted({w[0] for w in words}))
        seconds = "".join(sorted({w[1] for w in words}))
        self.by_lookup = len(firsts) > self.MANY_FIRSTS
        pair = f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])"
        self.pattern = re.compile(pair if self.by_lookup else words_pattern(words))
        self.starting: dict[str, list[str]] = {}  # first two characters → the words, longest first
        for w in sorted(words, key=len, reverse=True) if self.by_lookup else ():
            self.starting.setdefault(w[:2], []).append(w)
        self.heads = {w: [h for h in words if w.startswith(h)] for w in words}  # 海南藏族 starts with 海南
        # where a word may start, found with numpy: a first character of one before a second of one
        self.table: np.ndarray | None = None
        if self.by_lookup and all(ord(c) < 0x10000 for c in firsts + seconds):
            self.table = np.zeros(0x10001, dtype=np.uint8)
            for c in firsts:
                self.table[ord(c)] |= 1
            for c in seconds:
                self.table[ord(c)] |= 2

    def counts(self, text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for word, n in Counter(self._written(text)).items():
            for head in self.heads[word]:
                found[head] += n
        return found

    def _written(self, text: str) -> list[str]:
        """The longest word starting at each place where one does."""
        written = []
        if not self.by_lookup:
            search, pos = self.pattern.search, 0
            while m := search(text, pos):
                written.append(m.group())
                pos = m.start() + 1
            return written
        if self.table is not None:  # what the pattern finds: a first character of a word before a second of one
            points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            kinds = self.table[np.minimum(points, 0x10000)]
            places = ((kinds[:-1] & 1).astype(bool) & (kinds[1:] & 2).astype(bool)).nonzero()[0].tolist()
        else:
            places = [m.start() for m in self.pattern.finditer(text)]
        for p in places:
            for word in self.starting.get(text[p : p + 2], ()):
                if text.startswith(word, p):
                    written.append(word)
                    break
        return written


def _classes(name: str) -> dict[str, tuple[str, ...]]:
    """A ``word<TAB>class`` table as class → words, longest first."""
    out: dict[str, list[str]] = {}
    for word, cls in _table(name):
        out.setdefault(cls, []).append(word)
    return {cls: _longest_first(words) for cls, words in out.items()}


def _longest_first(items):
    return tuple(sorted(items, key=lambda x: -len(x[0] if isinstance(x, tuple) else x)))


def numeral_chars(*classes: str) -> str:
    """The characters of numbers of ``classes`` of ``numerals.tsv``, for a regular expression's
    character class.

    >>> numeral_chars("digit", "ten")
    '一二三四五六七八九十'
    """
    return "".join(c for cls in classes for c in lexicon().numerals[cls])


@cache
def ethnic_groups() -> frozenset[str]:
    """Ethnic groups named in autonomous places' names (藏, 土家 …)."""
    return frozenset(_words("ethnic_groups.txt"))


@cache
def lexicon() -> Lexicon:
    """Load every lexicon file (cached)."""
    titles = _titles()
    return Lexicon(
        titles=frozenset(titles),
        titles_en=titles,
        title_bases=_title_bases(titles),
        title_defaults=_title_defaults(titles),
        surnames=frozenset(_words("surnames.txt")),
        weak_surnames=frozenset(_words("weak_surnames.txt")),
        name_followers=_longest_first(set(_words("name_followers.txt"))),
        group_labels=_longest_first(_lines("group_labels.txt")),
        honorifics=_longest_first(set(_words("honorifics.txt"))),
        byline_cues=_longest_first(set(_words("byline_cues.txt"))),
        byline_frames=_classes("byline_frames.tsv"),
        japanese_surnames=frozenset(w for w in _words("japanese_surnames.txt") if len(w) >= 2),
        place_pairs=tuple(_words("place_pairs.txt")),
        non_person_endings=_longest_first(set(_words("non_person_endings.txt"))),
        name_false_starts=tuple(_words("name_false_starts.txt")),
        simplified_too=frozenset(_words("simplified_too.txt")),
        province_abbreviations=frozenset(_words("province_abbreviations.txt")),
        group_nouns=frozenset(_words("group_nouns.txt")),
        transliteration=frozenset("".join(_words("transliteration.txt"))),
        org_abbreviations={k: v for k, v in _table("org_abbreviations.tsv")},
        agency_abbreviations={k: v for k, v in _table("agency_abbreviations.tsv")},
        initial_forms={k: v for k, v in _table("initial_forms.tsv")},
        national_bodies={k: v for k, v in _table("national_bodies.tsv")},
        org_suffixes=_longest_first(tuple(r) for r in _table("org_suffixes.txt")),
        org_boundaries=_longest_first(tuple(r) for r in _table("org_boundaries.tsv")),
        place_levels=_longest_first(
            (w, slot, tuple(r for r in refs.split() if r != "-")) for w, slot, refs in _table("place_levels.tsv")
        ),
        destination_words=_longest_first(_lines("destination_words.txt")),
        stationed_words=_longest_first(_lines("stationed_words.txt")),
        title_bodies={k: v for k, v in _table("title_bodies.tsv")},
        title_joins=tuple(_lines("title_joins.txt")),
        outlets=tuple((w, role) for w, role in _table("outlets.tsv")),
        appointment_words=tuple((w, kind) for w, kind in _table("appointment_words.tsv")),
        tenure_words={w: kind for w, kind in _table("tenure_words.tsv")},
        org_parts=_longest_first(_lines("org_parts.txt")),
        generic_bodies={w: (kind, match) for w, kind, match in _table("generic_bodies.tsv")},
        generic_name_words=_longest_first(_words("generic_name_words.txt")),
        roles=_longest_first((c, role, who, noun == ["noun"]) for c, role, who, *noun in _table("roles.tsv")),
        event_kinds=tuple(tuple([*r, "", ""][:3]) for r in _table("event_kinds.tsv")),
        agreement_words=_longest_first(_lines("agreement_words.txt")),
        sections=frozenset(_lines("sections.txt")),
        sojourn_forms={k: v for k, v in _table("sojourn_forms.tsv")},
        media_roles=_longest_first(_lines("media_roles.txt")),
        role_false_friends=_longest_first(_lines("role_false_friends.txt")),
        signing_words=_classes("signing_words.tsv"),
        event_words=_classes("event_words.tsv"),
        visit_words=_classes("visit_words.tsv"),
        body_words=_classes("body_words.tsv"),
        level_words=_classes("level_words.tsv"),
        post_words=_classes("post_words.tsv"),
        numerals=_classes("numerals.tsv"),
        date_words=_classes("date_words.tsv"),
        year_words={w: int(n) for w, n in _table("year_words.tsv")},
        bulletin_words=_classes("bulletin_words.tsv"),
        agent_markers={c: (m, after.strip("-"), span == "list") for c, m, after, span in _table("agent_markers.tsv")},
        place_bodies=tuple((short, full, kind) for short, full, kind in _table("place_bodies.tsv")),
        own_bodies=tuple((w, tuple(ends.split()), head) for w, ends, head in _table("own_bodies.tsv")),
        name_words=_classes("name_words.tsv"),
        non_given=frozenset("".join(_words("non_given.txt"))),
    )
