"""The lexicons the extractor reads: titles, surnames, cue words, abbreviations.

Every list is a plain data file in ``loaders/lexicons/`` (documented in its first
comment lines); this module only loads them, once.

>>> from kg.loaders.lexicon import lexicon
>>> "市长" in lexicon().titles
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


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
    title_defaults: dict[str, str]
    surnames: frozenset[str]  # single and compound
    weak_surnames: frozenset[str]
    name_followers: tuple[str, ...]  # longest first
    group_labels: tuple[str, ...]
    honorifics: tuple[str, ...]  # longest first
    byline_cues: tuple[str, ...]  # longest first
    japanese_surnames: frozenset[str]
    place_pairs: tuple[str, ...]
    province_abbreviations: frozenset[str]
    group_nouns: frozenset[str]
    transliteration: frozenset[str]  # characters
    org_abbreviations: dict[str, str]
    agency_abbreviations: dict[str, str]
    org_suffixes: tuple[tuple[str, str], ...]  # (suffix, kind), longest first
    roles: tuple[tuple[str, str, str, bool], ...]  # (cue, role, who, makes a noun), longest first
    event_kinds: tuple[tuple[str, str, str], ...]  # (cue, kind, cameo), in file order
    agreement_words: tuple[str, ...]  # longest first
    sections: frozenset[str]

    @property
    def max_title(self) -> int:
        return max(map(len, self.titles))


def _longest_first(items):
    return tuple(sorted(items, key=lambda x: -len(x[0] if isinstance(x, tuple) else x)))


@cache
def lexicon() -> Lexicon:
    """Load every lexicon file (cached)."""
    return Lexicon(
        titles=frozenset(r[0] for r in _table("titles.tsv")),
        titles_en={r[0]: r[1] for r in _table("titles.tsv")},
        title_defaults={k: v for k, v in _table("title_defaults.tsv")},
        surnames=frozenset(_words("surnames.txt")),
        weak_surnames=frozenset(_words("weak_surnames.txt")),
        name_followers=_longest_first(set(_words("name_followers.txt"))),
        group_labels=_longest_first(_lines("group_labels.txt")),
        honorifics=_longest_first(set(_words("honorifics.txt"))),
        byline_cues=_longest_first(set(_words("byline_cues.txt"))),
        japanese_surnames=frozenset(w for w in _words("japanese_surnames.txt") if len(w) >= 2),
        place_pairs=tuple(_words("place_pairs.txt")),
        province_abbreviations=frozenset(_words("province_abbreviations.txt")),
        group_nouns=frozenset(_words("group_nouns.txt")),
        transliteration=frozenset("".join(_words("transliteration.txt"))),
        org_abbreviations={k: v for k, v in _table("org_abbreviations.tsv")},
        agency_abbreviations={k: v for k, v in _table("agency_abbreviations.tsv")},
        org_suffixes=_longest_first(tuple(r) for r in _table("org_suffixes.txt")),
        roles=_longest_first((c, role, who, noun == ["noun"]) for c, role, who, *noun in _table("roles.tsv")),
        event_kinds=tuple(tuple([*r, "", ""][:3]) for r in _table("event_kinds.tsv")),
        agreement_words=_longest_first(_lines("agreement_words.txt")),
        sections=frozenset(_lines("sections.txt")),
    )
