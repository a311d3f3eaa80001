"""The extraction pipeline: file → Document → Facts.

:func:`load_document` reads the file (``read.py``), normalizes its text keeping a map back to
the original (``normalize.py``), splits it into header, items and sentences (``structure.py``),
dates it (``dates.py``) and finds the place it speaks for. :func:`extract` then runs
:data:`STEPS` over the Document, each declaring what it reads and what it fills (as spaCy's
pipeline components do): posts, other persons, mentions, events (with participations and
agreements), the posts' starts and ends, organizations. Every fact keeps the sentence and
character span it came from.

>>> from kg.loaders.extract import extract_path, sample_path
>>> facts = extract_path(sample_path(), published="2014-10-31")
>>> len(facts.persons) > 20
True
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from kg import ids
from kg.loaders import agreements as agr
from kg.loaders import changes
from kg.loaders import events as ev
from kg.loaders.appointments import appointed_chains
from kg.loaders.dates import MONTH_DAY, document_date
from kg.loaders.lexicon import WordCounter, ethnic_groups, lexicon, numeral_chars, words_pattern
from kg.loaders.names import STUDY_VERBS, common_words, function_characters, title_re
from kg.loaders.normalize import normalize
from kg.loaders.orgs import (
    BODY_FULL,
    BODY_SHORT,
    Jurisdiction,
    generic,
    is_org_ending,
    is_strong_default,
    org_kind,
    own_body,
    resolve_org,
)
from kg.loaders.persons import (
    Finders,
    credited_names,
    group_labels,
    listed_names,
    object_names,
    profile_names,
    reported_names,
    short_references,
    speaker_names,
    tagged_persons,
)
from kg.loaders.places import Place, places
from kg.loaders.posts import NamedChain, PostMention, body_starts, find_chains, org_start
from kg.loaders.read import read_source
from kg.loaders.romanize import pinyin_of
from kg.loaders.spans import NameSpans
from kg.loaders.structure import BULLETS, OUTLET_ENDS, split_items
from kg.model import (
    Agreement,
    Area,
    Document,
    Event,
    Facts,
    Item,
    Organization,
    Participation,
    Person,
    Provenance,
    Sentence,
    Tenure,
)
from kg.params import as_date

_LEX = lexicon()
_BODY_WORDS, _LEVEL_WORDS = _LEX.body_words, _LEX.level_words
_ITEM_LEVEL = words_pattern(_LEVEL_WORDS["item_place"])  # 市, 县, 区
_CITY = _LEVEL_WORDS["city"]  # 市: ends a city's name
_SHORT_LEVELS = frozenset(_LEVEL_WORDS["short_form"])  # 市委, 省政府, 区商务局
_PARTY_ORGANS = _BODY_WORDS["party_organ"]  # 党组, 党委, 党工委
_PARTY_TEMPLATE = "{party}"  # title_defaults.tsv: the titles of the place's party committee
_DEPUTY = next(w for w, kind in _LEX.tenure_words.items() if kind == "deputy")  # 副

_ORDINAL = re.compile(rf"^第[{numeral_chars('digit', 'ten')}\d]+届")  # 第二届理事会: the association's council
_PLACE_WORD = re.compile(rf"[\u4e00-\u9fff]{{2,7}}?(?:{_ITEM_LEVEL})")
_LABEL = re.compile(rf"[{BULLETS}]?\s*([\u4e00-\u9fff]{{1,6}}(?:{_ITEM_LEVEL}))(?:\s+|[：:])")  # ●遵化市  1月5日


def sample_path() -> Path:
    """The bundled sample bulletin (Wenzhou, October 2014)."""
    return Path(str(resources.files("kg").joinpath("sample", "bulletin-2014-10.txt")))


def load_document(path: str | Path, published: date | str | None = None) -> Document:
    """Read, normalize and split a bulletin file.

    Without ``published``, the document is dated by its header or first lines, a dateline, or a
    date in the file's name (``…2014-10.txt``: the month's last day); its year, for dates written
    without one, by the same or by the first date in the text that writes its year; else the year
    stays unknown (:func:`kg.loaders.dates.document_date`).
    """
    source = read_source(path)
    norm = normalize(source.text)
    items, distribution, header = split_items(norm.text)
    issue_year = int(header["year"]) if "year" in header else None
    dating = document_date(as_date(published), header.get("date"), norm.text, Path(path).name, norm.text, issue_year)
    doc = Document(
        id=ids.document_id(source.sha256),
        source=source,
        text=norm.text,
        offsets=norm.offsets,
        published=dating.published,
        items=items,
        header=header,
        distribution=distribution,
        day=dating.day,
        year=dating.year,
        date_source=dating.source,
    )
    _find_jurisdiction(doc)
    return doc


JURISDICTION_SCAN = 50_000  # characters read to find the city a bulletin speaks for
ISSUER_WEIGHT = 1_000  # mentions a place named by the bulletin's issuer counts for


_BIGRAM = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _place_counts(
    text: str, short_levels: frozenset[str] = frozenset(), own_slots: frozenset[str] = frozenset()
) -> Counter[Place]:
    """How often each province and city (by full or short name) and county (by full name) is named,
    not counting the destinations of trips (赴绍兴), nor the venues (在深圳签署) of places that fill
    a slot the text calls its own (我市: ``own_slots`` holds "city"; the venue is elsewhere).

    A county counts by its full name only (short ones, 建华, hide in personal names), except in a
    text that speaks of its own county or district (我县, 县委: ``short_levels``) and names none
    in full: there 新化籍, 开化 name 新化县, 开化县.
    """
    counts: Counter[Place] = Counter()
    named = _city_words().counts(text)
    for word, holders in _city_words_held().items():  # 鞍山 inside 马鞍山 is no mention of 鞍山
        if named[word]:
            named[word] -= sum(named[h] for h in holders)
    for _, city, word in sorted(found for w in +named for found in _cities_by_word_index()[w]):
        counts[city] += named[word]
    counties = _counties_by_name()
    for m in _county_end_re().finditer(text):
        end = m.end()
        for start in range(end - 2, max(-1, end - 8), -1):
            word = text[start:end]
            if word not in counties or _read_into_words(text, start, word):
                continue
            if word in _WORD_COUNTIES and not _after_its_city(text, start, counties[word]):
                continue  # 城区: the urban area, unless its city is written before it (阳泉市城区)
            found = counties[word]
            if len(found) > 1:  # 西湖区 is in 杭州 and in 南昌: only the one whose city is named
                found = [p for p in found if counts[_city_of(p)]] or found[:1]
            for p in found:
                counts[p] += 1
    if short_levels and not any(p.level == "county" for p in counts):
        bigrams = Counter(_BIGRAM.findall(text))  # counted in C; most counties are absent
        for short, county, level in _county_short_names():
            if level in short_levels and bigrams.get(short[:2], 0) >= 2 and (n := text.count(short)) >= 2:
                counts[county] += n
    named_as: dict[str, list[Place]] = {}  # each name and short name (of two characters or more) counted
    for p in counts:
        for name in {p.name, p.short} if len(p.short) >= 2 else {p.name}:
            named_as.setdefault(name, []).append(p)
    trips = {p.name for target in _places_after(_destination_re(), text) for p in _discount(counts, named_as, target)}
    for p in counts:  # 赴苏州…考察了苏州工业园区: the trip's places inside the city it went to
        if p.level == "county" and p.city in trips:
            counts[p] = 0
    for target in _places_after(_stationed_re(), text):  # 德国驻上海总领事馆: the seat of a foreign office
        _discount(counts, named_as, target)
    for clause in _visitor_clauses(text):  # 杭州市长甲率杭州市代表团来我市: the visitors' city
        for p in _discount(counts, named_as, clause):
            counts[p] -= clause.count(p.short if len(p.short) >= 2 else p.name) - 1
    for target in _places_after(_venue_re(), text) if own_slots else ():  # 我市…在深圳签署
        _discount(counts, named_as, target, own_slots)
    for p in counts:  # 上海临港集团, 北京协和医院: a body's name, not the place the text speaks of
        if counts[p] > 0:  # (a place counted at most none is dropped anyway)
            counts[p] -= _bodies_named_after(p, text)
    return +counts


_WORD_COUNTIES = frozenset(_LEVEL_WORDS["word_county"])


def _after_its_city(text: str, start: int, counties: list[Place]) -> bool:
    """Whether the name of one of ``counties``' cities ends at ``start`` (阳泉市|城区, 阳泉|城区)."""
    cities = tuple(name for p in counties if p.city for name in (p.city, p.city[:-1]))
    return text.endswith(cities, 0, start)


def _read_into_words(text: str, start: int, county: str) -> bool:
    """A county's name of one character and its level read out of other words: a title (代县长:
    the acting county head, not 代县's; 代理县长, not 理县's), or a conjunction or preposition inside
    a clause (市委和县委: not 和县).
    """
    for s in range(max(0, start - 3), start + 1):
        if (m := title_re().match(text, s)) and m.end() > start:
            return True
    inside_clause = start > 0 and _HAN.match(text[start - 1]) is not None
    return len(county) == 2 and county[0] in function_characters() and inside_clause


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _city_word(city: Place) -> str:
    """The name a province or city is counted by: its short name (温州), or its full one if that is one character."""
    return city.short if len(city.short) >= 2 else city.name


@cache
def _cities_by_word() -> tuple[tuple[Place, str], ...]:
    """Cities, then provinces, each with the name it is counted by."""
    return tuple((c, _city_word(c)) for c in places().cities + places().provinces)


@cache
def _cities_by_word_index() -> dict[str, list[tuple[int, Place, str]]]:
    """The cities each counted name stands for, with their rank in :func:`_cities_by_word`."""
    out: dict[str, list[tuple[int, Place, str]]] = {}
    for rank, (city, word) in enumerate(_cities_by_word()):
        out.setdefault(word, []).append((rank, city, word))
    return out


@cache
def _counties_by_name() -> dict[str, list[Place]]:
    """The counties each full name is of (西湖区: 杭州's and 南昌's)."""
    by_name = places().by_name
    return {w: found for w in by_name if (found := [p for p in by_name[w] if p.level == "county" and p.name == w])}


@cache
def _county_end_re() -> re.Pattern[str]:
    """A county's level word (县, 区, 市, 旗) after a character that some county's full name holds
    right before it (瑞安|市): where a county's name may end."""
    tails = {p.name[-2:] for p in places().counties}
    ends = []
    for end in _LEVEL_WORDS["county_end"]:
        if len(end) >= 2:
            ends += [re.escape(end)] if end[-2:] in tails else []
        elif before := "".join(sorted(t[0] for t in tails if t[1] == end)):
            ends.append(f"{re.escape(end)}(?<=[{re.escape(before)}]{re.escape(end)})")  # word first: found fast
    return re.compile("|".join(ends))


@cache
def _city_words_held() -> dict[str, tuple[str, ...]]:
    """Each name a city is counted by that other, longer ones hold (鞍山: 马鞍山)."""
    words = {word for _, word in _cities_by_word()}
    return {w: held for w in words if (held := tuple(h for h in words if w in h and h != w))}


@cache
def _city_words() -> WordCounter:
    return WordCounter(word for _, word in _cities_by_word())


@cache
def _self_references() -> WordCounter:
    return WordCounter(ref for _, _, refs in lexicon().place_levels for ref in refs)


def _bodies_named_after(place: Place, text: str) -> int:
    """How many companies' names start with ``place``'s name (上海临港控股股份有限公司): a trade name
    of two characters or more and no boundary word (上海企业, 上海市与某公司 speak of the place);
    and institutions' (北京协和医院, 武汉大学, 杭州银行), unless the name says no more than what the
    institution is (某市人民医院). Tried only where the place's name is written, longer name first."""
    names = sorted({n for n in (place.name, place.short) if len(n) >= 2}, key=len, reverse=True)
    if names and all(n.startswith(names[-1]) for n in names):  # 北京市 starts with 北京: where 北京 is
        starts = list(_occurrences(text, names[-1]))
    else:
        starts = sorted({i for n in names for i in _occurrences(text, n)})
    count, free = 0, 0
    for i in starts:
        if i < free:
            continue
        for n in names:
            if not text.startswith(n, i):
                continue
            m = _company_tail().match(text, i + len(n))
            if m is None and (m := _institution_tail().match(text, i + len(n))) and _own_institution(m.group()):
                m = None  # 温州市人民医院: the city's own
            if m:
                count, free = count + 1, m.end()
                break
    return count


def _occurrences(text: str, word: str) -> Iterator[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


@cache
def _company_tail() -> re.Pattern[str]:
    """What follows a place's name in a company's name: the trade name, then the company's suffix."""
    stops = "".join(w for w, strength in lexicon().org_boundaries if len(w) == 1 and strength != "name")
    return re.compile(f"[^\\W\\d_{stops}]{{2,10}}?(?:{words_pattern(_suffixes_of('Enterprise'))})")


def _own_institution(tail: str) -> bool:
    """Whether an institution written after a place's name is that place's own: its name says no more
    than what it is (温州市|人民医院), yet more than its ending (武汉|大学 is a name)."""
    return tail not in _BODY_WORDS["named_after"] and generic(tail)


@cache
def _institution_tail() -> re.Pattern[str]:
    """What follows a place's name in an institution's: a name of its own, if any, then its ending."""
    inner = _BODY_WORDS["inner_join"]
    stops = "".join(w for w, s in lexicon().org_boundaries if len(w) == 1 and s != "name" and w not in inner)
    return re.compile(f"[^\\W\\d_{stops}]{{0,10}}?(?:{words_pattern(_BODY_WORDS['named_after'])})")


@cache
def _county_short_names() -> tuple[tuple[str, Place, str], ...]:
    """Counties by their short names (新化 for 新化县), those that are no common word, with their level."""
    words = common_words()[0]
    return tuple(
        (c.short, c, _level_word(c.name)) for c in places().counties if c.short != c.name and c.short not in words
    )


def _places_after(pattern: re.Pattern[str], text: str) -> list[str]:
    """What follows each word of a trip's destination (赴|绍兴考察 …) or of a venue (在|深圳签署)."""
    return [m.group(1) for m in pattern.finditer(text)]


def _discount(
    counts: Counter[Place], named_as: dict[str, list[Place]], target: str, slots: frozenset[str] | None = None
) -> set[Place]:
    """Count once less each place (filling one of ``slots``, if given) whose name (``named_as``)
    ``target`` names first (:func:`_named_first`); those places."""
    found = {
        p
        for part in _named_first(target)
        for k in range(2, len(part) + 1)
        for p in named_as.get(part[:k], ())
        if slots is None or _in_slots(p, slots)
    }
    for p in found:
        counts[p] -= 1
    return found


@lru_cache(maxsize=2**12)
def _named_first(target: str) -> frozenset[str]:
    """What a destination or a venue may start with: each item of a list (赴|昆山、苏州), also past
    the province it opens with (江苏|昆山)."""
    return frozenset(w for part in target.split("、") for w in (part, _after_province(part)))


def _after_province(written: str) -> str:
    """What follows the province a place's name may open with (江苏|昆山), or the name."""
    m = _province_start_re().match(written)
    return written[m.end() :] if m else written


@cache
def _province_start_re() -> re.Pattern[str]:
    names = {n for p in places().provinces for n in (p.name, p.short) if len(n) >= 2}
    return re.compile(words_pattern(sorted(names, key=len, reverse=True)))


def _in_slots(place: Place, slots: frozenset[str]) -> bool:
    """Whether a place fills one of ``slots`` (of ``place_levels.tsv``); a municipality or a special
    region, both a province and a city (上海市, 香港), fills a city's."""
    slot = {"province": "province", "city": "city", "county": "local"}.get(place.level, "town")
    return slot in slots or (slot == "province" and "city" in slots and place.code in _city_codes())


@cache
def _city_codes() -> frozenset[str]:
    return frozenset(c.code for c in places().cities)


@cache
def _destination_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_pattern(lexicon().destination_words)})([\u4e00-\u9fff、]{{2,12}})")


def _visitor_clauses(text: str) -> list[str]:
    """What each clause that says who came to the bulletin's own place writes before its verb
    (杭州市代表团|来我市考察): the place it opens with is the visitors'. Found from the own place's
    words with str.find (a pattern would try every character of the text)."""
    came = lexicon().event_words["came"]  # longest first
    out = []
    for own in _OWN_PLACES:
        at = text.find(own)
        while at >= 0:
            verb = next((w for w in came if text.endswith(w, 0, at)), "")
            end = at - len(verb)
            start = max(text.rfind(mark, 0, end) for mark in _CLAUSE_MARKS) + 1
            if verb and 2 <= end - start <= VISITORS_LENGTH:
                out.append(text[start:end])
            at = text.find(own, at + 1)
    return out


_CLAUSE_MARKS = "，。；\n"
VISITORS_LENGTH = 60  # characters a clause may take to say who came


@cache
def _stationed_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_pattern(lexicon().stationed_words)})([\u4e00-\u9fff]{{2,9}})")


@cache
def _venue_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{words_pattern(lexicon().event_words['venue'])})([\u4e00-\u9fff]{{2,9}})")


def _namesakes(county: Place) -> list[Place]:
    """Other counties of the same name (西湖区 in 杭州 and in 南昌)."""
    return [p for p in places().by_name.get(county.name, ()) if p.level == "county" and p != county]


@cache
def _level_word(name: str) -> str:
    """The level word a place's name ends with (自治区, 县, 市 …), or ''."""
    return next((w for w, _, _ in lexicon().place_levels if name.endswith(w)), "")


def _issuer_place(issuer: str) -> Place | None:
    """The most local of the first places the issuer's name holds (中共浙江省温州市委办公室 → 温州市)."""
    for start in range(len(issuer)):
        if names := _leading_places(issuer[start:]):
            return places().lookup(names[-1])
    return None


def _city_of(county: Place) -> Place | None:
    return _cities_by_name().get(county.city or "")


@cache
def _cities_by_name() -> dict[str, Place]:
    cities: dict[str, Place] = {}
    for city in places().cities:
        cities.setdefault(city.name, city)
    return cities


def _find_jurisdiction(doc: Document) -> None:
    """The place the bulletin speaks for: the most often named city, county or district,
    weighted by how often the text says 我市/市委 (or 我县/县委, 我区/区委).

    Reads the opening of the text and the source lines. The issuer is resolved against the place
    found, and kept as written when none is.
    """
    sources = "".join(i.source_line or "" for i in doc.items)
    text = doc.text[:JURISDICTION_SCAN] + sources + "".join(doc.header.values())
    _find_place(doc, text)
    abbreviations = Counter(_OFFICE_SHORT.findall(text))
    j = Jurisdiction(doc.city, doc.province, doc.local)
    if doc.header.get("issuer"):
        doc.issuer = resolve_org(doc.header["issuer"], j)
    elif _OWN_OFFICE.search(text) and abbreviations:
        doc.issuer = resolve_org(abbreviations.most_common(1)[0][0], j)


def _find_place(doc: Document, text: str) -> None:
    """The province, city and county or district a bulletin's ``text`` names most, as
    :func:`_find_jurisdiction` weighs them."""
    said = _self_references().counts(text)
    weight = {w: sum(said[ref] for ref in refs) for w, _, refs in lexicon().place_levels}
    short_levels = frozenset(w for w, slot, _ in lexicon().place_levels if slot == "local" and weight[w])
    own = {w for w in _BODY_WORDS["own_place"] if w in text}  # 我市, 我县
    own_slots = frozenset(slot for _, slot, refs in lexicon().place_levels if own.intersection(refs))
    counts = _place_counts(text, short_levels, own_slots)
    if not counts:
        return
    if issuer := _issuer_place(doc.header.get("issuer", "")) or _sources_place(doc.items):
        # it decides (a trip's report names another place more); of namesakes, the one counted (西湖区 of 杭州)
        counted = [p for p in counts if p.name == issuer.name]
        counts[counted[0] if counted else issuer] += ISSUER_WEIGHT
    best = max(counts, key=lambda p: (counts[p] + weight.get(_level_word(p.name), 0), len(p.name)))
    doc.province = best.province
    if _namesakes(best) and not counts[_city_of(best)]:  # 新华区, in no city the text names
        doc.local = best.name
        doc.province = best.province if len({p.province for p in _namesakes(best)}) == 1 else None
    elif best.level == "province":  # a provincial bulletin (or 北京市, 上海市 …)
        doc.city = best.name if best.name.endswith(_CITY) else None
    elif best.level == "city" or best.name.endswith(_CITY):
        doc.city = best.name
    else:
        doc.city, doc.local = best.city, best.name


_OFFICE = words_pattern(_BODY_WORDS["office"])
_OFFICE_SHORT = re.compile(rf"(?:{_ITEM_LEVEL})[\u4e00-\u9fff]{{1,4}}?(?:{_OFFICE})")  # 市经合办
_OWN_OFFICE = re.compile(f"(?:{words_pattern(_BODY_WORDS['own'])})(?:{_OFFICE})")  # 我办, 本办


def _sources_place(items: list[Item]) -> Place | None:
    """The place every item's source line names, if they all name one (（某市某区委办公室）): the
    bulletin's issuer, as a header would name it."""
    found = {_issuer_place(item.source_line or "") for item in items}
    return found.pop() if len(found) == 1 else None


def _item_jurisdiction(doc: Document, item: Item) -> Jurisdiction:
    """The document's city with the district or county the item is about (named at its start).

    An item labelled with a county-level city (●瑞金市  5月4日，…) is that city's news: its 市委
    and 市长 are that city's."""
    if item.section and (section := _section_place(item.section, doc)):
        return section
    label = _LABEL.match(doc.text, item.start, item.end)
    if label and (place := _county(label.group(1), doc)) and place.name.endswith(_CITY):
        return Jurisdiction(place.name, doc.province, None, doc.issuer)
    visited: frozenset[str] | None = None
    for m in _PLACE_WORD.finditer(doc.text, item.start, min(item.end, item.body_start + 80)):
        if place := _county(m.group(), doc):
            visited = _trip_cities(doc.text[item.start : item.end]) if visited is None else visited
            if place.city not in visited:  # 赴苏州…考察了苏州工业园区: where the item went, not whose
                return Jurisdiction(doc.city, doc.province, place.name, doc.issuer)
    return Jurisdiction(doc.city, doc.province, doc.local, doc.issuer)


def _section_place(section: str, doc: Document) -> Jurisdiction | None:
    """The places of a digest's section headed by a province's, a city's or a county's name
    (■ 山西, 【湖州】, ■ 瑞安): its items are that place's news."""
    place = places().lookup(section, doc.city, doc.province)
    if place is None or section not in (place.name, place.short):
        return None
    if place.level == "city":
        return Jurisdiction(place.name, place.province, None, doc.issuer)
    if place.level == "county" and place.city:
        return Jurisdiction(place.city, place.province, place.name, doc.issuer)
    return Jurisdiction(None, place.name, None, doc.issuer) if place.level == "province" else None


def _county(word: str, doc: Document) -> Place | None:
    """The county or district of the document's city that ``word`` ends with."""
    for length in range(len(word), 1, -1):
        if word[-length:] not in places().by_name:
            continue  # no place: nothing to look up (most endings of a word)
        place = places().lookup(word[-length:], city=doc.city, province=doc.province)
        if place and place.level == "county" and place.city == doc.city:
            return place
    return None


class _Builder:
    """Collects facts for one document, deduplicating as it goes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.facts = Facts(doc)
        self.persons: dict[str, Person] = {}
        self.titles: dict[str, set[str]] = {}
        self.sentence_mentions: dict[tuple[int, int], dict[str, list[tuple[int, int]]]] = {}  # once names are known
        self.originals: dict[tuple[int, int], tuple[str, int]] = {}  # sentence → its original text, where it starts
        self.tenures: dict[tuple[str, ...], tuple[int, Tenure]] = {}
        self.orgs: dict[str, Organization] = {}
        self.jurisdictions: dict[int, Jurisdiction] = {}
        self.written_by_title: dict[tuple[int, str], str] = {}  # (item, title) → organization as written
        self.association_in: dict[tuple[int, int], str] = {}  # (item, sentence) → the association a post was of
        # where the last chain ended, its first body, and the whole its last body is a part of
        self.last_chain: tuple[int, str, str] = (-1, "", "")
        self.last_place: Spot | None = None  # the place the last chain wrote (or carried on)
        self.ranked_cities: list[str] | None = None  # cities by how often the text names them
        self.trip_cities: frozenset[str] | None = None  # the cities the text's trips went to (赴苏州)
        self.visitor_cities: frozenset[str] = frozenset()  # the cities its visitors came from (来我市)
        # the companies the text names in full, longest first, each with its name less its form (有限公司)
        self.companies: list[tuple[str, str]] | None = None
        self.spots: dict[tuple[str, int], tuple[list[int], list[Spot]]] = {}  # (level, item) → places named
        self.bodies: dict[tuple[tuple[str, ...], int], tuple[list[int], list[str]]] = {}  # (endings, item) → bodies
        self.main_bodies: dict[tuple[str, ...], str] = {}  # endings → the body with one the document names most
        self.changes: list[changes.Change] = []  # what the sentences said of the tenures' time
        self.listed: set[str] = set()  # names a list or a byline gives
        self.names = NameSpans("", ())  # where the persons are named, once all are known
        self.signings = agr.Signings("")  # which sentences may sign something, once events are read
        self.finders = Finders("", ())  # which sentences the finders of persons may find someone in

    def spots_of(self, level: str, item: int) -> tuple[list[int], list[Spot]]:
        """The places of ``level`` an item names (-1: the document's opening), with where each
        ends, in order; read once."""
        if (level, item) not in self.spots:
            it = self.doc.items[item] if item >= 0 else None
            lo, hi = (it.start, it.end) if it else (0, min(len(self.doc.text), JURISDICTION_SCAN))
            found = _spots_named(self, level, lo, hi)
            self.spots[(level, item)] = ([e for e, _ in found], [s for _, s in found])
        return self.spots[(level, item)]

    def bodies_in(self, suffixes: tuple[str, ...], item: int) -> tuple[list[int], list[str]]:
        """The bodies with one of ``suffixes`` an item names, with where each ends, in order; read once."""
        if (suffixes, item) not in self.bodies:
            it = self.doc.items[item]
            found = _bodies_named(self.doc.text, suffixes, it.start, it.end)
            self.bodies[(suffixes, item)] = ([e for e, _ in found], [n for _, n in found])
        return self.bodies[(suffixes, item)]

    def jurisdiction(self, item: Item) -> Jurisdiction:
        if item.index not in self.jurisdictions:
            self.jurisdictions[item.index] = _item_jurisdiction(self.doc, item)
        return self.jurisdictions[item.index]

    def provenance(self, item: int, sent: Sentence, start: int, end: int) -> Provenance:
        if (original := self.originals.get((sent.start, sent.end))) is None:
            a, z = self.doc.original_bounds(sent.start, sent.end)
            original = self.originals[sent.start, sent.end] = (self.doc.source.text[a:z], a)
        return Provenance(self.doc.id, item, sent.index, *self.doc.original_bounds(start, end), *original)

    def person(self, name: str) -> Person:
        if name not in self.persons:
            self.persons[name] = Person(ids.person_id(name, self.doc.city or ""), name, pinyin_of(name))
        return self.persons[name]

    def rename(self, old: str, new: str | None) -> None:
        """Give a person's mentions and posts to another name, or drop them all (``new`` None)."""
        person = self.persons.pop(old)
        if new:
            self.person(new).mentions.extend(person.mentions)
        for key, (explicit, tenure) in list(self.tenures.items()):
            if key[0] == old:
                del self.tenures[key]
                moved = (new, *key[1:])
                if new and moved not in self.tenures:
                    tenure.person, tenure.person_id = new, self.persons[new].id
                    tenure.id = ids.tenure_id(self.doc.id, *moved)
                    self.tenures[moved] = (explicit, tenure)
        if new and old in self.titles:
            self.titles.setdefault(new, set()).update(self.titles[old])
        self.titles.pop(old, None)

    def org(self, name: str, written: str, prov: Provenance | None) -> Organization:
        if name not in self.orgs:
            area = places().area_of(name, self.doc.city, self.doc.province)
            kind = org_kind(name) or "OtherOrganization"
            self.orgs[name] = Organization(ids.organization_id(name), name, kind, area=area and places().area(area))
        org = self.orgs[name]
        if written and written != name:
            org.aliases.add(written)
        if prov:
            org.mentions.append(prov)
        return org

    def finish(self) -> Facts:
        """The facts collected, persons in the order the text first names them."""
        self.facts.persons = sorted(self.persons.values(), key=lambda p: p.mentions[0].start if p.mentions else 0)
        self.facts.tenures = [t for _, t in self.tenures.values()]
        self.facts.organizations = list(self.orgs.values())
        return self.facts

    def tenure(self, person: str, title: str, org: str | None, explicit: int, written: str, prov: Provenance) -> Tenure:
        """Record a post; a later, more explicit mention improves its organization. Returns the tenure kept."""
        key: tuple[str, ...] = (person, title)
        self.titles.setdefault(person, set()).add(title)
        known = self.tenures.get(key)
        if known and min(explicit, known[0]) >= 1 and org and known[1].org and not _one_body(org, known[1].org):
            key = (person, title, org)  # 常委 of two bodies (大连市委 and 鞍山市委): two posts
            known = self.tenures.get(key)
        if known and known[0] >= explicit:
            return known[1]
        body = next((x for x in _PARTY_ORGANS if org and org.endswith(x) and not written.endswith(x)), "")
        o = self.org(org, written + body if written else "", prov) if org else None
        t = Tenure(
            ids.tenure_id(self.doc.id, *key),
            person,
            self.person(person).id,
            title,
            o.name if o else None,
            o.id if o else None,
            self.doc.published,
            prov,
        )
        self.tenures[key] = (explicit, t)
        return t


def _one_body(a: str, b: str) -> bool:
    """Whether two names are of one body (one holds the other: 市委 in 中共温州市委)."""
    return a in b or b in a


def _posts(b: _Builder) -> None:
    known: set[str] = set()
    doc = b.doc
    for item in doc.items:
        j = b.jurisdiction(item)
        for chain in find_chains(doc.text, item.start, item.end, known) + appointed_chains(
            doc.text, item.start, item.end
        ):
            _add_chain(b, chain, j, item.index, _sentence_at(item.sentences, chain.start))
    for i, entry in enumerate(doc.distribution):
        sent = Sentence(i, entry.start, entry.end, entry.text)
        for chain in find_chains(doc.text, entry.start, entry.end, known):
            _add_chain(b, chain, Jurisdiction(doc.city, doc.province, doc.local, doc.issuer), -1, sent)


_FINDERS = (listed_names, credited_names, reported_names, speaker_names, object_names, profile_names)


def _other_persons(b: _Builder) -> None:
    finders = b.finders = Finders(b.doc.text, _FINDERS)
    for item in b.doc.items:
        for sent in item.sentences + item.meta_lines:
            for finder in finders.at(sent.start, sent.end):
                found = list(finder(b.doc.text, sent.start, sent.end))
                for chain in _chains_of(b.doc.text, sent, found) if finder is reported_names else ():
                    _add_chain(b, chain, b.jurisdiction(item), item.index, sent)  # 记者江立国报道: his post
                for name, start, end in found:
                    mention = b.provenance(item.index, sent, start, end)
                    if finder is reported_names:
                        _lengthen(b, name, mention)
                    if mention not in (mentions := b.person(name).mentions):  # 记者甲报道: a title's and a byline's
                        mentions.append(mention)
                    if finder in (listed_names, credited_names, reported_names):
                        b.listed.add(name)


def _lengthen(b: _Builder, name: str, mention: Provenance) -> None:
    """A byline's name that a closing word ends (记者张华来报道) replaces the shorter one the
    rules read at its start (记者|张玉), posts and all."""
    for old, person in list(b.persons.items()):
        if old != name and name.startswith(old) and any(m.start == mention.start for m in person.mentions):
            person.mentions[:] = [m for m in person.mentions if m.start != mention.start]
            b.rename(old, name)


def _events(b: _Builder) -> None:
    previous = None
    b.signings = agr.Signings(b.doc.text)
    for item in b.doc.items:
        leaders: list[str] = []  # who led a delegation in the item's events so far (a visit of days)
        for seg in ev.segment_events(b.doc, item, previous):
            _event(b, seg, b.names, leaders)
            leaders += [name for name, rs in seg.participants.items() if "led" in rs and name not in leaders]
            previous = seg


def _tenure_times(b: _Builder) -> None:
    changes.settle([t for _, t in b.tenures.values()], b.facts.events, b.changes)


def _organizations(b: _Builder) -> None:
    _link_parents(b)
    if b.doc.issuer:  # the publisher is an organization of the document even where no sentence names it
        b.org(b.doc.issuer, "", None)


def _tagged(b: _Builder) -> None:
    """The tagger's second opinion (persons.tagged_persons): names the rules missed are added,
    and a doubtful name of the rules that it reads otherwise goes, or becomes the name it reads
    at the same place (周明 → 周明新), posts and all."""
    sentences = [(item, sent) for item in b.doc.items for sent in item.sentences + item.meta_lines]
    b.names = _name_spans(b)
    reading = tagged_persons(b.doc.text, [(s.start, s.end) for _, s in sentences], b.names, b.listed)
    for (item, sent), names in zip(sentences, reading.found, strict=True):
        titled = {c.start: c for c in _chains_of(b.doc.text, sent, names)}
        for name, start, end in names:
            if start in titled:
                _add_chain(b, titled[start], b.jurisdiction(item), item.index, sent)  # 总统|特朗普: a post too
            else:
                b.person(name).mentions.append(b.provenance(item.index, sent, start, end))
    for old, new in reading.corrected.items():
        b.rename(old, new)


def _chains_of(text: str, sent: Sentence, names: list[tuple[str, int, int]]) -> list[NamedChain]:
    """The title chains of names the tagger found in a sentence (the rules took no name there)."""
    if not names:
        return []
    at = {start: end - start for _, start, end in names}
    return [c for c in find_chains(text, sent.start, sent.end, names_at=at) if at.get(c.start) == c.end - c.start]


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return sentences[-1]


def _add_chain(b: _Builder, chain: NamedChain, j: Jurisdiction, item: int, sent: Sentence) -> None:
    b.person(chain.name).mentions.append(b.provenance(item, sent, chain.start, chain.end))
    j = _chain_jurisdiction(b, chain, j, item, sent)
    prov = b.provenance(item, sent, min(chain.start, chain.posts[0].start), max(chain.end, chain.posts[-1].end))
    previous, previous_alt = _listed_after(b, chain), ""
    whole, first = previous, ""
    host = _host_place(b, chain, j, sent)
    for post in chain.posts:
        written, explicit = _written_org(post, "" if post.concurrent else previous)
        if not written and host and (body := BODY_SHORT.get(lexicon().title_defaults.get(post.title, ""))):
            written, explicit = host + body, 1  # 甲一行在某区参访，乙书记: the district's 书记
        whole = previous if previous and written != previous and written.startswith(previous) else written
        written, alias = _body_named(b, post, written, item)
        explicit = max(explicit, 1) if written else explicit  # 会长甲: the chamber named (该会), no guess
        deputy_of = post.title.removeprefix(_DEPUTY) if post.title.startswith(_DEPUTY) else None
        if not written and deputy_of and (chief := b.written_by_title.get((item, deputy_of))):
            written, explicit = chief, 1  # 局长甲…，副局长乙: the same bureau's (市长甲…，市长乙: not)
        if not written and post.title in _BODY_WORDS["session_title"] and (body := _session_body(b, item, post)):
            written, explicit = body, 1  # 市人大常委会召开会议…秘书长甲: the session's body
        if not written and post.title in _ASSOCIATION_TOO and (body := b.association_in.get((item, sent.index))):
            written, explicit = body, 1  # 甲当选为会长，乙当选为秘书长: the association's
        if written and lexicon().title_defaults.get(post.title) == _ASSOCIATION:
            b.association_in[(item, sent.index)] = written
        if written and explicit == 2:
            b.written_by_title[(item, post.title)] = written
        held = [b.tenure(chain.name, post.title, _resolve(post.title, written, j), explicit, alias or written, prov)]
        alt_written = _share_level(written, post.alt_org or previous_alt or written)
        if post.alt_title:
            alt = _resolve(post.alt_title, alt_written, j)
            held.append(b.tenure(chain.name, post.alt_title, alt, 2, alt_written, prov))
        if kind := changes.told(b.doc.text, chain.start, chain.end, post, chain.change):
            written_day = changes.written_date(b.doc.text, sent.start, post.start) if kind != "former" else None
            b.changes += [changes.Change(t.id, kind, prov, written_day) for t in held]
        previous, previous_alt = written, post.alt_org or previous_alt
        first = first or written
    b.last_chain = (chain.end, first, whole)


def _session_body(b: _Builder, item: int, post: PostMention) -> str:
    """The body whose meeting the item tells of before ``post`` (市人大常委会召开…会议), as a post of
    the item wrote it (杭州市人大常委会主任甲) or else as the meeting's sentence does, or ''."""
    text, lo = b.doc.text, b.doc.items[item].start
    titles = title_re()  # 市政协副主席甲参加会议: a member of it, not its meeting
    found = [m for m in _session_re().finditer(text, lo, post.start) if not titles.search(text, m.end(1), m.end())]
    if not found:
        return ""
    body = found[-1].group(1)
    written = [w for (i, _), w in b.written_by_title.items() if i == item and w.endswith(body)]
    return written[-1] if written else text[org_start(text, found[-1].start(1), lo, set()) : found[-1].end(1)]


@cache
def _session_re() -> re.Pattern[str]:
    body, meeting = (words_pattern(_BODY_WORDS[c]) for c in ("session_body", "session_meeting"))
    return re.compile(rf"({body})[^，。；]{{0,20}}?(?:{meeting})")


def _host_place(b: _Builder, chain: NamedChain, j: Jurisdiction, sent: Sentence) -> str | None:
    """The county or district of the bulletin's city a visiting group is in, as the sentence says
    before ``chain`` (甲一行在某市某区参访，乙书记…: 某区, the host's), for a chain of bare titles."""
    if any(p.org_text for p in chain.posts):
        return None
    begin = min(chain.start, chain.posts[0].start)
    for m in _visit_re().finditer(b.doc.text, sent.start, begin):
        names = _leading_places(m.group(1))
        place = places().lookup(names[-1], j.city) if names else None
        if place and place.name == names[-1] and place.level == "county" and place.city == j.city:
            return place.name
    return None


@cache
def _visit_re() -> re.Pattern[str]:
    words = lexicon().visit_words
    group, arrive, visit = (words_pattern(words[c]) for c in ("group", "arrive", "visit"))
    return re.compile(rf"(?:{group})(?:{arrive})([\u4e00-\u9fff]{{2,12}}?)(?:{visit})")


def _body_named(b: _Builder, post: PostMention, written: str, item: int) -> tuple[str, str]:
    """The body a post's organization text stands for as the document names it (该会, a bare
    会长 or 记者, a company's short form), and the short form to keep as its alias ('' for none)."""
    default = lexicon().title_defaults.get(post.title)
    spoken_of = not written and default in _SPOKEN_OF
    if spoken_of:
        written = _SPOKEN_OF[default]  # 会长甲: of the association the text speaks of (该会)
    anywhere = not spoken_of or default in _SPOKEN_OF_ANYWHERE
    if default == "{outlet}" and written.startswith(_SELF_OUTLETS):  # 本报讯新华社|记者: 新华社's
        written = written[m.end() :] if (m := _self_dateline().match(written)) else ""
    if default == "{outlet}" and not written:  # 某报讯（记者 甲）: the outlet's; 本报讯: the source line's
        written = _outlet(b.doc.text, post.start) or (_source_outlet(b.doc.items[item]) if item >= 0 else "")
    full = _full_name(b, _stood_for(b, written, item, post.start - len(post.org_text), anywhere))
    if spoken_of and full == written:
        return "", ""  # no association (no bureau) the text speaks of
    generic = written.startswith(_GENERIC_BODIES)
    return full, "" if generic or full == written else written


_ASSOCIATION = "{association}"  # title_defaults.tsv: the titles of the association the text speaks of
_ASSOCIATION_TOO = frozenset(_BODY_WORDS["association_too"])  # 秘书长: an association's too
_SPOKEN_OF = {_ASSOCIATION: _BODY_WORDS["association"][0], "{bureau}": _BODY_WORDS["bureau"][0]}  # 该会, 该局
_SPOKEN_OF_ANYWHERE = frozenset({_ASSOCIATION})  # a bare 会长's association may be named in another item
_GENERIC_BODIES = tuple(lexicon().generic_bodies)  # 公司, 该会, 我会: words that stand for a body named elsewhere
_SELF_OUTLETS = tuple(w for w, role in lexicon().outlets if role == "self")  # 本报: the outlet not named
_LIST_SEPARATORS = ("、", "，", ",", "；", ";")


@dataclass(frozen=True, slots=True)
class Spot:
    """A place as the jurisdiction takes it: its name, its slot (province, city, local, town)
    and, for a county or district, its city."""

    name: str
    slot: str
    city: str | None = None
    province: str | None = None


def _chain_jurisdiction(b: _Builder, chain: NamedChain, j: Jurisdiction, item: int, sent: Sentence) -> Jurisdiction:
    """The jurisdiction a chain's bare titles and abbreviations are read against.

    A place written in the chain (达州市委书记) holds for the chains listed after it in the same
    sentence (，市委副书记、市长乙；舟山市委书记丙 …) until another is written; a body or title
    of a level (区长, 州委, 自治区党委, 镇党委) the jurisdiction lacks takes the place of that
    level named nearest (in the sentence, then the item, then the document).
    """
    first = chain.posts[0]
    begin = min(chain.start, first.start - len(first.org_text))
    spot = next((s for p in reversed(chain.posts) if (s := _spot_written(p.org_text))), None)
    if spot is None and b.last_place and b.doc.text[b.last_chain[0] : begin] in _LIST_SEPARATORS:
        spot = b.last_place  # the list goes on with the place written before
    b.last_place = spot
    if spot is None:
        travels, spot = _home_of_traveller(b, chain, j, sent)
        if travels and spot is None:
            return Jurisdiction(issuer=j.issuer)  # 市长甲率团赴宁波, no other city named: his place unknown
    if spot:
        j = _with_spot(j, spot)
    for post in chain.posts:
        level = _needed_level(post)
        if level and not _fills(j, level) and (spot := _nearest_spot(b, level, item, sent, begin)):
            j = _with_spot(j, spot)
    return j


def _home_of_traveller(b: _Builder, chain: NamedChain, j: Jurisdiction, sent: Sentence) -> tuple[bool, Spot | None]:
    """Whether a person with bare titles travels to the bulletin's own city (市长甲率团赴绍兴 in a
    text that names 绍兴 most), and the city the text names most after it, the traveller's home
    (None if it names no other)."""
    trip = _places_after(_destination_re(), b.doc.text[chain.end : sent.end])
    if not j.city or not any(t.startswith((j.city, j.city[:-1])) for t in trip):
        return False, None
    if b.ranked_cities is None:
        counts = _place_counts(b.doc.text[:JURISDICTION_SCAN])
        b.ranked_cities = [p.name for p, _ in counts.most_common() if p.level == "city"]
    home = next((c for c in b.ranked_cities if c != j.city), None)
    return True, _spot_of(home) if home else None


@lru_cache(maxsize=2**12)  # the same few organization texts recur
def _spot_written(org_text: str) -> Spot | None:
    """The most local full place name an organization text starts with (辽源市, 广西壮族自治区)
    or, for a place-level body or title, ends with (…欢宴珠海市)."""
    names = _leading_places(org_text)
    if not names:
        ends = [k for k in range(3, min(len(org_text), 9) + 1) if places().full_name_at(org_text[-k:]) == k]
        names = [org_text[-max(ends) :]] if ends else []
    return _spot_of(names[-1]) if names else None


def _spot_of(name: str, city: str | None = None, province: str | None = None) -> Spot | None:
    """The spot of a place named in full (a county within ``city`` or ``province`` if several)."""
    place = places().lookup(name, city, province)
    if place is None or place.name != name:
        return None
    slot = {"province": "province", "city": "city"}.get(place.level, "local")
    if place.level == "county" and name.endswith(_CITY):
        slot = "city"  # a county-level city: its 市委, 市长
    return Spot(name, slot, place.city if slot == "local" else None, place.province)


def _with_spot(j: Jurisdiction, spot: Spot) -> Jurisdiction:
    """``j`` with ``spot`` in its slot, dropping the more local places that are not inside it."""
    province = spot.province or j.province
    if spot.slot == "province":
        keep = j.city and (p := places().lookup(j.city)) is not None and p.province == spot.name
        return Jurisdiction(j.city if keep else None, spot.name, j.local if keep else None, j.issuer)
    if spot.slot == "city":
        keep = j.local and (p := places().lookup(j.local, spot.name)) is not None and p.city == spot.name
        return Jurisdiction(spot.name, province, j.local if keep else None, j.issuer)
    if spot.slot == "local":
        return Jurisdiction(spot.city or j.city, province, spot.name, j.issuer)
    return Jurisdiction(j.city, j.province, j.local, j.issuer, spot.name)


def _needed_level(post: PostMention) -> str | None:
    """The level of place a post's body is of, when written by its level alone: 区委, 州委,
    自治区党委, 镇党委 (区, 州, 自治区, 镇), or a bare title of a level (副区长, 州长, 镇长)."""
    org = post.org_text
    if org:
        if not org.startswith(_level_words()):
            return None
        level = next(w for w in _level_words() if org.startswith(w))
        return level if not _names_a_place(org) else None
    template = lexicon().title_defaults.get(post.title, "")
    slot = {"{local_gov}": "local", "{town_gov}": "town", "{city_gov}": "city", "{province_gov}": "province"}
    wanted = slot.get(template)
    return next((w for w, s, _ in lexicon().place_levels if s == wanted and w in post.title), None)


def _fills(j: Jurisdiction, level: str) -> bool:
    slot = next(s for w, s, _ in lexicon().place_levels if w == level)
    value = {"province": j.province, "city": j.city, "local": j.local, "town": j.town}[slot]
    return bool(value and value.endswith(level))


def _nearest_spot(b: _Builder, level: str, item: int, sent: Sentence, pos: int) -> Spot | None:
    """The place of ``level`` named nearest to ``pos``: before it in the sentence, after it in the
    sentence, before it in the item, then the one the document names most."""
    if item >= 0:
        ends, spots = b.spots_of(level, item)
        i = bisect_right(ends, pos)  # spots[:i] end before pos
        if i and ends[i - 1] > sent.start:
            return spots[i - 1]
        if i < len(ends) and ends[i] <= sent.end:
            return spots[i]
        if before := [s for s in spots[:i] if not _visited(b, s)]:
            return before[-1]
    return _most_named_spot(b, level)


def _most_named_spot(b: _Builder, level: str) -> Spot | None:
    """The place of ``level`` the document's opening names most, not one a trip went to."""
    spots = [s for s in b.spots_of(level, -1)[1] if not _visited(b, s)]
    return Counter(spots).most_common(1)[0][0] if spots else None


def _visited(b: _Builder, spot: Spot) -> bool:
    """Whether a county or district is in a city the text's trips went to (赴苏州…考察了苏州工业园区),
    or a city is the one visitors came from (杭州市代表团来我市): not the place the text's own bodies
    are of."""
    if b.trip_cities is None:
        b.trip_cities = _trip_cities(b.doc.text[:JURISDICTION_SCAN])
        b.visitor_cities = _visitor_cities(b.doc.text[:JURISDICTION_SCAN])
    if spot.slot == "city":
        return spot.name in b.visitor_cities
    return spot.slot == "local" and spot.city in b.trip_cities


def _trip_cities(text: str) -> frozenset[str]:
    """The cities the destinations of trips name (赴江苏昆山、苏州: 苏州市, 昆山's city)."""
    return frozenset(p.city for p in _first_places(_places_after(_destination_re(), text)) if p.city)


def _visitor_cities(text: str) -> frozenset[str]:
    """The cities visitors to the bulletin's own place come from (杭州市代表团来我市考察: 杭州市)."""
    return frozenset(p.city for p in _first_places(_visitor_clauses(text)) if p.city)


def _first_places(targets: list[str]) -> Iterator[Place]:
    """The city or county each of ``targets`` names first (江苏昆山、苏州: 昆山市, 苏州市)."""
    for target in targets:
        for part in _named_first(target):
            place = next((p for k in range(len(part), 1, -1) if (p := places().lookup(part[:k]))), None)
            if place and place.level in ("city", "county"):
                yield place


def _spots_named(b: _Builder, level: str, lo: int, hi: int) -> list[tuple[int, Spot]]:
    """The places of ``level`` named in ``text[lo:hi]`` with where each ends, in order: full
    names (南川区, 迪庆州 for 迪庆藏族自治州), provinces by short names too (新疆), and towns
    (南孟镇: two characters and 镇 or 乡, not a word)."""
    text, doc = b.doc.text, b.doc
    found: list[tuple[int, Spot]] = []
    slot = next(s for w, s, _ in lexicon().place_levels if w == level)
    if slot == "province":
        for p in places().provinces:
            if p.name.endswith(level):
                for name in {p.name, p.short}:
                    found += [(m.end(), Spot(p.name, "province")) for m in re.finditer(re.escape(name), text[lo:hi])]
        return sorted((end + lo, s) for end, s in found)
    pos = text.find(level, lo, hi)
    while pos >= 0:
        end = pos + len(level)
        for k in range(2, min(8, pos - lo + 1)):
            name = text[pos - k : end]
            if slot == "town":  # 南孟镇, 司前畲族镇
                spot = Spot(name, "town") if _written_town(name) and not _place_ends(text, pos) else None
            elif slot == "city" and level not in _CITY:  # 迪庆|州: a prefecture by its short name
                place = places().lookup(name[: -len(level)])
                spot = Spot(name, "city", None, place.province) if place and place.name.endswith(level) else None
            elif name in places().by_name:  # (most words that end with a level name no place)
                spot = _spot_of(name, doc.city, doc.province)
                spot = spot if spot and spot.slot == slot and spot.name.endswith(level) else None
            else:
                spot = None
            if spot:
                found.append((end, spot))
                break
        pos = text.find(level, pos + 1, hi)
    return found


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]*")


def _written_town(written: str) -> bool:
    """南孟镇, 城关镇, 司前畲族镇: a town's name (two characters before its level, and the town's
    ethnic groups after them), not a word (全镇, 乡镇)."""
    if len(written) < 3:
        return False
    if written[-2] == _CLAN and (m := _ethnic_end().search(written, 0, len(written) - 1)):
        return m.start() == 2 and _town_name(written[:2] + written[-1])
    return len(written) == 3 and _town_name(written)


_CLAN = "族"  # ends each ethnic group's name in a town's (畲族, 回族)


@cache
def _ethnic_end() -> re.Pattern[str]:
    """Ethnic groups that end a town's name before its level (司前|畲族|镇, 某某|回族|乡)."""
    return re.compile(f"(?:(?:{words_pattern(ethnic_groups())})族)+$")
_NOT_TOWN = frozenset(_LEVEL_WORDS["not_town"])  # 全镇, 乡镇, 该镇, 51名镇
_TOWN_STEMS = frozenset(_LEVEL_WORDS["town_stem"])  # 城关
_TOWN_LEVELS = tuple(w for w, slot, _ in lexicon().place_levels if slot == "town")  # 镇, 乡


def _place_ends(text: str, pos: int) -> bool:
    """Whether a place's full name ends right before ``pos`` (瑞安市|镇街干部: no town 安市镇; 新市镇 is one)."""
    return any(places().full_name_at(text, start) == pos - start for start in range(max(0, pos - 8), pos - 1))


def _town_name(name: str) -> bool:
    """南孟镇 and 城关镇 are towns' names; 全镇, 乡镇, 该镇, 51名镇(人大代表) are not."""
    stem, words = name[:-1], common_words()[0]
    return stem in _TOWN_STEMS or (
        _HAN_ONLY.fullmatch(stem) is not None
        and _NOT_TOWN.isdisjoint(stem)
        and name not in words
        and stem not in words
    )


def _outlet(text: str, pos: int) -> str:
    """The outlet a byline's dateline names before ``pos`` (世界浙商客户端讯（通讯员 …: 世界浙商;
    中新网8月25日电 记者…: 中新网), or '' (本报讯, none)."""
    m = _dateline().search(text, max(0, pos - 40), pos)
    if m is None or m.group(1).startswith(_SELF_OUTLETS):
        return ""
    outlet = m.group(1)  # 中新网杭州3月5日电: the place it reports from is no part of it (今日温州 keeps its)
    by_name = places().by_name
    cut = (k for k in range(2, len(outlet) - 1) if outlet[k:] in by_name and outlet.endswith(OUTLET_ENDS, 0, k))
    return outlet[: next(cut, len(outlet))]


def _source_outlet(item: Item) -> str:
    """The outlet an item's source line or page-source line names (（瑞安日报）, 来源：《某某日报》
    2019-03-28), or ''."""
    for line in (item.source_line or "", *(m.text for m in item.meta_lines)):
        if (m := _source_outlet_re().fullmatch(line.strip())) and len(m.group(1)) > 2:
            return m.group(1)
    return ""


@cache
def _source_outlet_re() -> re.Pattern[str]:
    """A line that names an outlet alone, with a source label, brackets, title marks or a date."""
    words = lexicon().bulletin_words
    label = words_pattern(words["source_label"] + words["reposted"])
    ends = words_pattern([w for w, role in lexicon().outlets if role == "name_end"])
    return re.compile(
        rf"[（(]?\s*(?:(?:{label})\s*[：:])?\s*《?([\u4e00-\u9fff]{{1,12}}?(?:{ends}))》?"
        r"\s*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)?\s*[）)]?"
    )


@cache
def _self_dateline() -> re.Pattern[str]:
    """A dateline of the paper that does not name itself (本报讯, 本报保定5月15日电)."""
    dateline = words_pattern([w for w, role in lexicon().outlets if role == "dateline"])
    return re.compile(rf"(?:{words_pattern(_SELF_OUTLETS)})[^，。；]{{0,12}}?(?:{dateline})")


@cache
def _dateline() -> re.Pattern[str]:
    roles: dict[str, list[str]] = {}
    for word, role in lexicon().outlets:
        roles.setdefault(role, []).append(word)
    channel, dateline = words_pattern(roles["channel"]), words_pattern(roles["dateline"])
    return re.compile(
        rf"([\u4e00-\u9fff]{{2,12}}?)(?:{channel})?(?:{MONTH_DAY})?(?:{dateline})"
        r"(?:\s*[（(][^（）()。，；]*|\s*)$"  # 讯（记者 甲 通讯员|: the byline goes on
    )


def _full_name(b: _Builder, written: str) -> str:
    """A company written by its short form as the document names it in full: 投资公司 →
    中建七局投资有限公司 (and 投资公司商丘公司 → 中建七局投资有限公司商丘公司)."""
    if len(written) < 4 or org_kind(written) != "Enterprise" or _names_a_place(written):
        return written
    if b.companies is None:
        named = (n for i in b.doc.items for n in b.bodies_in(_suffixes_of("Enterprise"), i.index)[1])
        b.companies = [(full, _COMPANY_FORM.sub("", full)) for full in sorted(set(named), key=len, reverse=True)]
    for full, core in b.companies:
        if written[:4] not in core:
            continue  # the shortest piece of ``written`` a core must end with is not in it
        for k in range(len(written), 3, -1):
            if core.endswith(written[:k]) and len(core) > k and not full.endswith(written):
                return full + written[k:]
    return written


_COMPANY_FORM = re.compile(words_pattern(_BODY_WORDS["company_form"]))  # left out of a company's short form


def _stood_for(b: _Builder, written: str, item: int, before: int, anywhere: bool = True) -> str:
    """A body written as a generic word (公司, 该会, 我会, 园区管委会) as the text named it: the
    nearest body named before in the item that ends with that word (公司) or, for a word that is
    no ending (该会, 园区), is of its kind; else (``anywhere``) the one the document names most,
    else the issuer's own (我会 in a chamber's bulletin)."""
    if not written.startswith(_GENERIC_BODIES):
        return written
    generic = next(g for g in _GENERIC_BODIES if written.startswith(g))
    rest, (kind, match) = written[len(generic) :], lexicon().generic_bodies[generic]
    wanted = (generic,) if match == "ending" else _suffixes_of(kind) if match == "kind" else tuple(match.split())
    if item >= 0 and (named := b.bodies_in(wanted, item)) and (i := bisect_right(named[0], before)):
        return named[1][i - 1] + rest
    if not anywhere:
        return written
    if wanted not in b.main_bodies:
        found = Counter(n for i in b.doc.items for n in b.bodies_in(wanted, i.index)[1])
        own = own_body(generic[-1], b.doc.issuer) if b.doc.issuer else None  # 我会 in a chamber's bulletin
        b.main_bodies[wanted] = found.most_common(1)[0][0] if found else own if own and own.endswith(wanted) else ""
    return b.main_bodies[wanted] + rest if b.main_bodies[wanted] else written


@lru_cache(maxsize=16)
def _suffixes_of(kind: str) -> tuple[str, ...]:
    return tuple(suffix for suffix, k in lexicon().org_suffixes if k == kind)


def _bodies_named(text: str, suffixes: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, str]]:
    """Names of bodies ending with one of ``suffixes`` in ``text[lo:hi]`` (not generic words), with
    where each ends, in order. A name ending with one character (局) starts as a body's name does
    (市商务局, not 资源有局|限)."""
    by_end: dict[int, str] = {}
    for suffix in suffixes:
        pos = text.find(suffix, lo, hi)
        while pos >= 0:
            end = pos + len(suffix)
            start = org_start(text, pos, lo, set())
            name = text[start:end]
            if (
                pos - start >= 2
                and not title_re().search(name)
                and len(name) > len(by_end.get(end, ""))
                and (len(suffix) > 1 or (body_starts(name, 0) and not title_re().match(text, pos)))
            ):  # 某局|局长: the 局 of a title is no body's end
                by_end[end] = name
            pos = text.find(suffix, pos + 1, hi)
    return sorted(by_end.items())


def _listed_after(b: _Builder, chain: NamedChain) -> str:
    """The (first) organization of the chain just before, when this one follows it after a 、 and
    names none (集团董事长甲、总裁乙: 乙 is the group's too; 商会会长、某委员甲，秘书长乙: the
    chamber's), or names a part of it (统战部副部长甲，联络处长乙: the department's 联络处)."""
    end, written, whole = b.last_chain
    first = chain.posts[0]
    begin = min(chain.start, first.start - len(first.org_text))
    if b.doc.text[end:begin] not in ("、", "，", ","):
        return ""
    if not first.org_text:
        return written
    return whole if whole and _is_part(_title_body(first.org_text, first.title), whole) else ""


def _share_level(main: str, alt: str) -> str:
    """市经合办（招商局）: the alternate 招商局 is also the city's."""
    if alt and main and main[0] in _SHORT_LEVELS and alt[0] not in _SHORT_LEVELS:
        return main[0] + alt
    return alt


_NOT_OF_BODY = re.compile(  # 原|县委, 该|市, 市人大常委会原|: no part of the body's name
    f"^({words_pattern(_BODY_WORDS['lead'])}|(?:{words_pattern(_BODY_WORDS['this'])})"
    f"(?={words_pattern(_LEVEL_WORDS['after_this'])}))|({words_pattern(_BODY_WORDS['trail'])})$"
)
_SIBLINGS = frozenset(_BODY_WORDS["sibling"])  # 县委书记、政府县长: the 县's 政府
_SIBLING_END = re.compile(f"({words_pattern(_SIBLINGS | frozenset(_PARTY_ORGANS))})$")


def _written_org(post: PostMention, previous: str) -> tuple[str, int]:
    """The organization text of a post, inherited along a chain when omitted.

    Returns the text and how explicit it is: 2 written, 1 inherited, 0 default.
    """
    written = _ORDINAL.sub("", _NOT_OF_BODY.sub("", post.org_text))
    if written and is_strong_default(post.title) and (spot := _spot_written(written)):
        written = spot.name if written.endswith(spot.name) else written  # …欢宴珠海市|市长: 珠海市's
    if written:
        written = _title_body(written, post.title)
        if previous and written in _SIBLINGS:
            stem = _SIBLING_END.sub("", previous)
            return stem + written, 1
        if previous and _is_part(written, previous):
            return previous + written, 2  # 市委常委、组织部部长: the 市委's department
        return written, 2
    if previous and not is_strong_default(post.title):
        return previous, 1
    if previous and (place := _last_place(previous)):
        return place, 1  # 浙江省嘉兴市委副书记、市长: the mayor of 嘉兴市
    return "", 0


_INITIAL_FORMS = tuple(lexicon().initial_forms)  # 大, 师大: 温大, 浙师大


def _title_body(written: str, title: str) -> str:
    """统战|部长: the body the title's first character names (统战部); 温大|校长 is 温大's own."""
    ending = lexicon().title_bodies.get(title.removeprefix(_DEPUTY), "")
    if written.endswith(_INITIAL_FORMS):  # a university by its short form is the school itself
        return written
    short = org_kind(written) is None or len(written) <= 2  # 干部|处长: 干部 is no body
    return written + ending if ending and short and not written.endswith(ending) else written


def _is_part(written: str, whole: str) -> bool:
    """Whether ``written`` is a part of ``whole``, written without a place: 组织部 of 市委, 联络处
    of a department, 纪检组 of a commission; 团县委, a short name with a level, is a body of its own."""
    if written.startswith(_level_words()) or _names_a_place(written) or _level_body(written):
        return False
    if written.startswith(_STANDS_ALONE):  # 全国政协副主席、中共中央统战部部长: a body of its own
        return False
    if written.endswith(lexicon().org_parts):
        return True
    # of an abbreviation (市委|统战部, 政法委), but not a company (市委书记甲，华润集团董事长乙)
    return whole in lexicon().org_abbreviations and org_kind(written) not in _NEVER_PARTS


_NEVER_PARTS = ("Enterprise", "Association")  # kinds of body (org_suffixes.txt) no office is part of


_STANDS_ALONE = tuple(w for w in _BODY_WORDS["start"] if len(w) > 1)  # 中共, 全国, 国务院 …


def _level_body(written: str) -> bool:
    """团县委, 团市委: a short name of a place-level body (宣传部 is none)."""
    return written in lexicon().org_abbreviations and any(w in written for w in _level_words())


@cache
def _level_words() -> tuple[str, ...]:
    return tuple(w for w, _, _ in lexicon().place_levels)


@lru_cache(maxsize=2**12)  # the same few organization texts recur
def _names_a_place(written: str) -> bool:
    return any(places().lookup(written[:k]) for k in range(2, min(len(written), 4) + 1))


def _resolve(title: str, written: str, j: Jurisdiction) -> str | None:
    """The organization a title belongs to; 党组/党委 titles name a body of it. A town written
    before the title is its place even when the gazetteer does not know it (城关镇)."""
    if written.endswith(_TOWN_LEVELS) and _written_town(written):
        town = replace(j, town=written)
        if organ := next((body for body in _PARTY_ORGANS if title.startswith(body)), None):
            return resolve_org(written[-1] + organ, town)  # 城关镇|党委书记
        if is_strong_default(title):
            return resolve_org("", town, title=title)  # 城关镇|镇长
    for body in _PARTY_ORGANS if title.startswith(_PARTY_ORGANS) else ():
        if title.startswith(body) and written in _level_words():  # 镇|党委书记: the town's 镇党委
            return resolve_org(written + body, j)
        if title.startswith(body) and written:
            base = resolve_org(written, j) or written
            return base if base.endswith(body) else base + body
    if written in _level_words() and lexicon().title_defaults.get(title) == _PARTY_TEMPLATE:
        committee = (written + organ for organ in (BODY_SHORT[_PARTY_TEMPLATE], *_PARTY_ORGANS))
        if short := next((c for c in committee if c in lexicon().org_abbreviations), None):
            return resolve_org(short, j)  # 镇党委委员、组织委员: the town's 镇党委
    return resolve_org(written, j, title=title)


def _name_spans(b: _Builder) -> NameSpans:
    """Where every person named in the document so far occurs."""
    return NameSpans(b.doc.text, b.persons, b.names)


def _mentions(b: _Builder) -> None:
    """Every occurrence of every known name, and every 郑主任-style reference, is a mention."""
    names = b.names = _name_spans(b)
    seen = {(p.name, m.start) for p in b.persons.values() for m in p.mentions}
    for item in b.doc.items:
        for sent in item.sentences:
            for name, spans in _sentence_mentions(b, sent, names).items():
                for start, end in spans:
                    prov = b.provenance(item.index, sent, start, end)
                    if (name, prov.start) not in seen:
                        seen.add((name, prov.start))
                        b.persons[name].mentions.append(prov)


def _studied(text: str, floor: int, pos: int) -> bool:
    """学习贯彻|习近平总书记…精神: a person whose words are studied, not one taking part."""
    return text.endswith(STUDY_VERBS, floor, pos)


def _aside(text: str, sent: Sentence, pos: int) -> bool:
    """A name that takes no part in the sentence's event: studied (学习习近平…精神) or in a byline."""
    return _studied(text, sent.start, pos) or ev.in_byline(sent.text, _sentence_offset(text, sent, pos))


def _sentence_offset(text: str, sent: Sentence, pos: int) -> int:
    r"""Where the document's ``pos`` falls in ``sent.text``: ``pos - sent.start``, except in a headline
    written over several lines, whose text is its lines joined (the breaks and indents left out).

    >>> _sentence_offset("标题上半\n  下半。正文", Sentence(0, 0, 10, "标题上半下半。"), 8)
    5
    """
    if len(sent.text) == sent.end - sent.start:
        return pos - sent.start
    k, joined = 0, sent.text
    for char in text[sent.start : pos]:
        if k < len(joined) and joined[k] == char:  # a character the joined text kept
            k += 1
    return k


def _sentence_mentions(b: _Builder, sent: Sentence, names: NameSpans) -> dict[str, list[tuple[int, int]]]:
    """Persons in a sentence (full names and 郑主任-style references) with their spans."""
    if (sent.start, sent.end) in b.sentence_mentions:
        return b.sentence_mentions[sent.start, sent.end]
    text = b.doc.text
    found: dict[str, list[tuple[int, int]]] = {}
    covered: set[int] = set()
    for start, end, name in names.find(sent.start, sent.end):
        found.setdefault(name, []).append((start, end))
        covered.update(range(start, end))
    for name, start, end in short_references(text, sent.start, sent.end, b.titles):
        if start not in covered:
            found.setdefault(name, []).append((start, end))
    b.sentence_mentions[sent.start, sent.end] = found
    return found


def _event(b: _Builder, seg: ev.EventSegment, names: NameSpans, led_before: list[str]) -> None:
    doc = b.doc
    first = seg.sentences[0]
    item = seg.item.index
    prov = b.provenance(item, first, first.start, first.end)
    place = seg.place.replace(_OWN_CITY, doc.city or _OWN_CITY) if seg.place else None
    j = b.jurisdiction(seg.item)
    organizer = _organizer(b, seg.organizer, j, prov)
    place_full, area = _administrative(place, j)
    event = Event(
        ids.event_id(doc.id, item, first.index),
        seg.kind,
        seg.name,
        seg.start,
        seg.end,
        place,
        organizer,
        seg.cameo,
        prov,
        place_full,
        seg.when.iso if seg.when and seg.start is None else None,
        area,
    )
    roles: dict[str, set[str]] = {}
    evidence: dict[str, Provenance] = {}
    carry: list[str] = []
    listed: dict[str, list[str]] = {}
    agreements_before = len(b.facts.agreements)
    listing = False  # within a list of the projects signed (签约项目包括：)
    guests = _visitors(doc.text, seg, names)
    quiet = ev.quiet_cues(seg.kind, _at_home(place_full, j))
    month = seg.when.month if seg.when else None  # a sentence opening with another month is of another time
    for i, sent in enumerate(seg.sentences):
        bounds = sent.start, sent.end
        # a headline's text is its lines joined: the document's matches do not tell of it
        sliced = len(sent.text) == sent.end - sent.start and doc.text.startswith(sent.text, sent.start)
        spans = _sentence_mentions(b, sent, names)
        spans = {n: ss for n, ss in spans.items() if not all(_aside(doc.text, sent, a) for a, _ in ss)}
        mentions = {name: [_sentence_offset(doc.text, sent, start) for start, _ in ss] for name, ss in spans.items()}
        labels = b.finders.may(listed_names, *bounds)  # a group label (县领导) needs one of its patterns
        for name, at in _stand_ins(doc.text, sent, spans, listed, roles, guests, led_before, labels):
            mentions.setdefault(name, []).append(_sentence_offset(doc.text, sent, at))
        found = {} if ev.of_another_time(doc.text, sent, month) else ev.assign_roles(sent.text, mentions, carry, quiet)
        for name, rs in _members(doc.text, seg, sent, spans, roles).items():
            found.setdefault(name, set()).update(rs)
        for name, rs in found.items():
            roles.setdefault(name, set()).update(rs)
            if name not in evidence:
                start, end = spans[name][0] if name in spans else (sent.start, sent.start)
                evidence[name] = b.provenance(item, sent, start, end)
        if found:
            carry = list(found)
        lists = listing or not sliced or b.signings.lists.within(*bounds)
        projects, listing = agr.listed_projects(sent.text, listing) if lists else ([], False)
        signed = agr.find_agreements(sent.text) if not sliced or b.signings.signs.within(*bounds) else []
        if projects and len(signed) == len(projects) and not any(s.named for s in signed):
            # 1．X项目，由甲与乙签约，总投资35亿元: the list names what the line's parties signed
            signed = [replace(p, parties=s.parties) for p, s in zip(projects, signed, strict=True)]
        elif len(signed) == 1:  # a single agreement takes the sums written with it
            following = seg.sentences[i + 1].text if i + 1 < len(seg.sentences) else ""
            at = max(sent.text.find(signed[0].name), 0)
            clause = max(sent.text.rfind(c, 0, at) for c in "，；") + 1  # 签订了总投资5亿元的X协议
            tail = sent.text[clause:] + "。" + following
            signed[0].amount, signed[0].area_mu = agr.amount_and_area(tail)
        elif len(signed) > 1:  # 分别签订了甲项目和乙项目投资协议，总投资分别为5亿元和3亿元
            for mention, amount in zip(signed, agr.amounts_each(sent.text, len(signed)), strict=True):
                mention.amount = amount
        for mention in signed or projects:
            _agreement(b, mention, event, sent, item, found)
    seg.participants |= roles
    if seg.when is None and not roles and len(b.facts.agreements) == agreements_before:
        return  # no date, nobody, nothing signed: not an event
    b.facts.events.append(event)
    if seg.start is None:
        return  # a participation is in a dated event: a day of an unknown year is not one yet
    for name, rs in roles.items():
        person = b.person(name)
        b.facts.participations.append(
            Participation(
                ids.participation_id(event.id, name), name, person.id, event.id, seg.start, sorted(rs), evidence[name]
            )
        )


def _stand_ins(
    text: str,
    sent: Sentence,
    spans: dict[str, list[tuple[int, int]]],
    listed: dict[str, list[str]],
    roles,
    guests: list[str],
    led_before: list[str],
    labels: bool = True,
) -> list[tuple[str, int]]:
    """Persons named before in the event that words of ``sent`` stand for, with where: a group
    label with nobody after it (县领导为会长授牌: those listed after 县领导 before, kept in
    ``listed``), a delegation met (与代表团座谈: those who led it so far, by ``roles``, else
    those who led it in the item's events before: ``led_before``, a visit's first day), both
    sides (座谈会上，双方分别介绍: those who met), the guests (会见了客人: ``guests``, who came).
    ``labels``: whether the sentence may hold a group label at all."""
    found = []
    for m in _guest_re().finditer(text, sent.start, sent.end) if guests else ():
        found += [(name, m.start()) for name in guests if name not in spans]
    for at in _met_without_object(text, sent.start, sent.end) if guests else ():
        if _host_before(text, spans, sent.start, at):
            found += [(name, at) for name in guests]  # 甲一行回乡考察，副市长乙会见。: the guests
    for label, start, names in group_labels(text, sent.start, sent.end, listed) if labels else ():
        if names:
            listed[label] = names
        found += [(name, start) for name in listed.get(label, ()) if not names]
    leaders = [name for name, rs in roles.items() if "led" in rs]
    for m in _delegation_re().finditer(text, sent.start, sent.end) if leaders or led_before else ():
        if any(end == m.start() for ss in spans.values() for _, end in ss) or title_re().match(text, m.end()):
            continue  # 甲代表团: named; 考察团团长: a post
        lo = max(sent.start, max(text.rfind(c, sent.start, m.start()) for c in "，,；;") + 1)
        hi = min((i for c in "，,；;。" if (i := text.find(c, m.end(), sent.end)) >= 0), default=sent.end)
        if _cue_re("met").search(text, lo, hi):  # 与代表团座谈, 会见考察团一行
            earlier = [] if _cue_re("led").search(text, lo, m.start()) else led_before  # 会见乙率领的代表团: another
            found += [(name, m.start()) for name in leaders or earlier]
    met = [name for name, rs in roles.items() if "met" in rs]
    for m in _both_sides_re().finditer(text, sent.start, sent.end) if met or spans else ():
        found += [(name, m.start()) for name in _paired(text, spans, m.start()) or met]
    return found


def _paired(text: str, spans: dict[str, list[tuple[int, int]]], before: int) -> list[str]:
    """Two persons a clause joins with 与 before ``before`` (甲与乙共同出席…，双方签署): whom 双方
    stands for there, rather than those who met earlier."""
    named = sorted((a, z, name) for name, ss in spans.items() for a, z in ss if z <= before)
    for (_, z, first), (a, _, second) in pairwise(named):
        between = text[z:a]
        if between.startswith(agr.signing_words("with")) and not ev.A_CLAUSE_END.search(between):
            return [first, second]
    return []


def _visitors(text: str, seg: ev.EventSegment, names: NameSpans) -> list[str]:
    """The persons an event says came (甲一行来温交流, 甲和乙应邀来常访问): those named before a
    word of coming in the same clause, with no act between (甲会见了客人一行: 甲 is the host)."""
    lo, hi = seg.sentences[0].start, seg.sentences[-1].end
    found: list[str] = []
    if not _guest_re().search(text, lo, hi) and not _met_without_object(text, lo, hi):
        return found  # no word stands for the guests: who came does not matter
    for _, end, name in names.find(lo, hi):
        clause_end = ev.A_CLAUSE_END.search(text, end, hi)
        came = _came_after().search(text, end, clause_end.start() if clause_end else hi)
        if came and name not in found and not ev.cue_re().search(text, end, came.start()):
            found.append(name)
    return found


@cache
def _came_after() -> re.Pattern[str]:
    words = lexicon().visit_words
    came, come, visit = (words_pattern(words[cls]) for cls in ("came", "come", "visit"))
    return re.compile(rf"{came}|(?:{come})[\u4e00-\u9fff]{{1,3}}?(?:{visit})")


@cache
def _guest_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().visit_words["guest"]))


def _host_before(text: str, spans: dict[str, list[tuple[int, int]]], lo: int, cue_end: int) -> bool:
    """Whether a person is named in the clause before a meeting verb that ends at ``cue_end``, with
    no one met written before it (乙会见; not 乙与代表团座谈, nor 受到…的热情接待)."""
    start = max(lo, max(text.rfind(c, lo, cue_end) for c in _CLAUSE_ENDS) + 1)
    clause = text[start:cue_end]
    if any(w in clause for w in agr.signing_words("with")) or "的" in clause:
        return False
    return any(start <= a and z <= cue_end for ss in spans.values() for a, z in ss)


def _met_without_object(text: str, lo: int, hi: int) -> list[int]:
    """Where a meeting verb ends with no one written after it (副市长乙会见。: the guests are met)."""
    return [m.end() for m in _cue_re("met").finditer(text, lo, hi) if text[m.end() : m.end() + 1] in _CLAUSE_ENDS]


_CLAUSE_ENDS = "，,。；;"  # a verb right before one has no object written
_GROUP_ROLES = {"met", "inspected", "attended"}  # a delegation's part in an event, which its members share


def _members(
    text: str, seg: ev.EventSegment, sent: Sentence, spans: dict[str, list[tuple[int, int]]], roles
) -> dict[str, set[str]]:
    """Persons a sentence lists as a delegation's members (代表团包括甲、乙), with the part the
    delegation took in the event: that of those who led it (率团) or came with it (甲一行), as
    far as a group takes part (met, inspected, attended; not led, not spoke), else attended."""
    m = _members_re().search(text, sent.start, sent.end) or _roster_re().match(text, sent.start, sent.end)
    if m is None:
        return {}
    lo, hi = seg.sentences[0].start, seg.sentences[-1].end
    groups = lexicon().visit_words["group"]
    visitors = [n for n, rs in roles.items() if "led" in rs] or [
        n for n in roles if any(text.find(n + g, lo, hi) >= 0 for g in groups)
    ]
    part = set().union(*(roles[n] for n in visitors)) & _GROUP_ROLES
    if not part and any("led" in roles[n] for n in visitors):
        part = {"attended"}  # 甲率团访问某国。代表团成员包括乙: 乙 went with 甲, who led it
    members = [n for n, ss in spans.items() if n not in visitors and any(start >= m.end() for start, _ in ss)]
    return {n: set(part) for n in members} if part else {}


@cache
def _members_re() -> re.Pattern[str]:
    words = lexicon().visit_words
    return re.compile(f"(?:{words_pattern(words['delegation'])})(?:{words_pattern(words['members'])})")


@cache
def _roster_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().visit_words["roster"]))


@cache
def _both_sides_re() -> re.Pattern[str]:
    return re.compile(words_pattern(ev.words("both_sides")))


@cache
def _delegation_re() -> re.Pattern[str]:
    return re.compile(words_pattern(lexicon().visit_words["delegation"]))


@cache
def _cue_re(role: str) -> re.Pattern[str]:
    """The cues of one role (``roles.tsv``): 会见, 座谈 (met); 率领, 带队 (led)."""
    return re.compile(words_pattern([cue for cue, cue_role, *_ in lexicon().roles if cue_role == role]))


def _agreement(
    b: _Builder, mention: agr.AgreementMention, event: Event, sent: Sentence, item: int, roles: dict[str, set[str]]
) -> None:
    doc = b.doc
    j = b.jurisdiction(b.doc.items[item])
    parties = [_party(b, p, j, item, sent) for written in mention.parties for p in _places_or_party(written)]
    parties = [p for p in parties if p]
    if not parties and not mention.projects and (lead := _org_prefix(mention.name)):
        parties = [lead]
    if not parties and (paired := _sister_places(mention.name)[0]):  # 甲市乙市同城化合作协议
        parties = [_party(b, p, j, item, sent) or p for p in paired]
    if not parties and not mention.named:
        return  # a signing of nobody named, of nothing named: no agreement to tell
    prov = b.provenance(item, sent, sent.start, sent.end)
    for known in b.facts.agreements:
        if known.provenance and (known.provenance.item, known.provenance.sentence) == (item, sent.index):
            continue  # one sentence's signings are as many agreements (A与B、C与D分别签署)
        by_headline = known.provenance is not None and known.provenance.sentence == 0 and known.provenance.item == item
        headline = sent.index == 0 or known.provenance is None or by_headline
        if (known.date == event.date or by_headline) and _same_agreement(known, mention.name, parties, headline):
            if by_headline:  # the body tells the signing the headline announced: its day and event
                known.date, known.event_id, known.month_day = event.date, event.id, event.month_day
            if sum(map(len, parties)) > sum(map(len, known.parties)):  # the body names the parties in full
                known.parties, known.party_ids = parties, [b.org(p, "", prov).id for p in parties]
            if f"《{mention.name}》" in sent.text:  # the formal name, in title marks
                known.name = mention.name
            known.amount_yuan = known.amount_yuan or mention.amount
            return
    orgs = [b.org(p, "", prov) for p in parties]
    signatories = [b.person(n).id for n, rs in roles.items() if "signed" in rs]
    b.facts.agreements.append(
        Agreement(
            ids.agreement_id(doc.id, item, sent.index, mention.name, parties),
            mention.name,
            event.date,
            parties,
            [o.id for o in orgs],
            event.id,
            mention.amount,
            mention.area_mu,
            mention.projects,
            signatories,
            prov,
            event.month_day,
        )
    )


def _same_agreement(known: Agreement, name: str, parties: list[str], headline: bool) -> bool:
    """Two mentions of one signing: one name contains the start or end of the other, or is the
    headline's and leaves words of the other out (全面合作协议, 全面战略合作协议), and the parties
    are alike (or one side names none, or one is the headline's, which abbreviates)."""
    short, long_ = sorted((known.name, name), key=len)
    if not (long_.startswith(short[:4]) or long_.endswith(short) or (headline and _abridges(short, long_))):
        return False
    if not parties or not known.parties or headline:
        return True
    return all(any(_alike(p, q) for q in known.parties) for p in parties) or all(
        any(_alike(q, p) for p in parties) for q in known.parties
    )


def _abridges(short: str, long_: str) -> bool:
    """Whether ``short`` is ``long_`` with some of its characters left out, in order.

    >>> _abridges("全面合作协议", "全面战略合作协议"), _abridges("投资协议", "合作协议")
    (True, False)
    """
    rest = iter(long_)
    return all(c in rest for c in short)


_GENERIC_PARTS = re.compile(words_pattern(_BODY_WORDS["generic_part"]))


def _alike(a: str, b: str) -> bool:
    """深圳中运泰科技集团 ~ 深圳市中运泰科技集团有限公司: one contains the other once the generic
    parts (市, 有限公司, 集团 …) are left out."""
    a, b = _GENERIC_PARTS.sub("", _last_place_on(a)), _GENERIC_PARTS.sub("", _last_place_on(b))
    return bool(a and b) and (a in b or b in a)


def _last_place_on(name: str) -> str:
    """衢州市衢江区人民政府 → 衢江区人民政府: a name from the most local of the places it opens with."""
    leading = _leading_places(name)
    return name[sum(map(len, leading[:-1])) :]


_OWN_PLACES = frozenset(_BODY_WORDS["own_place"])  # 我市, 我县, 我区
_OWN_CITY = next(w for w in _BODY_WORDS["own_place"] if w.endswith(_CITY))  # 我市
_OWN_TOWNS = frozenset(_BODY_WORDS["own_town"])  # 我镇, 我乡


def _party(b: _Builder, written: str, j: Jurisdiction, item: int, sent: Sentence) -> str | None:
    """A party as the fullest organization name the item supports."""
    if not written or _vague_party(written):
        return None
    if j.issuer and (own := own_body(written, j.issuer)):  # 我局
        return own
    if written in lexicon().generic_bodies:  # 该公司: the company named before
        return _stood_for(b, written, item, sent.start + max(sent.text.find(written), 0))
    if written in _OWN_PLACES:  # the place itself, as the text names it
        return (j.city if written == _OWN_CITY else j.qualified_local()) or None  # 我县 is never the city
    if written in _OWN_TOWNS:
        return town.name if (town := _most_named_spot(b, written[-1])) else None
    if places().lookup(written, j.city, j.province):
        return resolve_org(written, j) or written
    if (signer := _signer_body(b, written)) is not None:
        return signer or None
    if person := _person_signing(b, written):
        return person
    if written[0] in _SHORT_LEVELS and org_kind(full := resolve_org(written, j) or ""):
        return full  # 县侨联: 某县归国华侨联合会
    if org_kind(written) is None:
        return written if _named_body(b, written) else None  # 甲与招商检测签署: a body without a suffix
    if written in lexicon().org_abbreviations or written[0] in _SHORT_LEVELS:
        return resolve_org(written, j) or written
    return _named_in_full(b, written, item)


def _vague_party(written: str) -> bool:
    """Whether a party names no particular body: 有关部门, or 两地有关部门 after a word that stands
    for the parties."""
    lead = max((w for w in agr.signing_words("not_party") if written.startswith(w)), key=len, default="")
    return written[len(lead) :] in agr.signing_words("vague_party")


def _signer_body(b: _Builder, written: str) -> str | None:
    """区长张三, a signer written without a body: the body of that post of his, as his titles gave
    it; "" if the text gives him that post in no body it names (he is no party himself)."""
    posts = ((written[m.end() :], m.group()) for m in title_re().finditer(written))
    orgs = [known[1].org for post in posts if (known := b.tenures.get(post))]
    return next((org for org in orgs if org), "" if orgs else None)


def _person_signing(b: _Builder, written: str) -> str | None:
    """侨商胡晓东, a person named as a party with no post that names a body: the person."""
    for name in b.persons:
        if written.endswith(name) and org_kind(written[: -len(name)]) is None:
            return name
    return None


_BODY_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]{2,25}")


def _named_body(b: _Builder, written: str) -> bool:
    """Whether a party written without a body's suffix (招商检测, 东丰药业) names a body: not a
    person, a title or a word that stands for the parties (双方, 企业)."""
    return (
        bool(_BODY_NAME.fullmatch(written))
        and written not in agr.signing_words("not_party")
        and not any(written == cue for cue, *_ in lexicon().event_kinds)  # 会议签署了: the meeting's
        and not any(name in written for name in b.persons)
        and not title_re().search(written)
    )


def _named_in_full(b: _Builder, written: str, item: int) -> str:
    """A bare 公司 or 创业园 as the item named it in full before; other names as they are."""
    if item >= 0 and is_org_ending(written):
        return _full_form(b.doc.text, written, b.doc.items[item]) or written
    return written


def _full_form(text: str, short: str, item) -> str | None:
    """The longest organization name in the item that ends with ``short``."""
    best = None
    pos = text.find(short, item.start, item.end)
    while pos >= 0:
        start = org_start(text, pos, item.start, set())
        if pos - start >= 2 and (best is None or pos + len(short) - start > len(best)):
            best = text[start : pos + len(short)]
        pos = text.find(short, pos + 1, item.end)
    return best


def _org_prefix(name: str) -> str | None:
    """闽浙赣皖福州经济协作区区域口岸合作战略协议 → 闽浙赣皖福州经济协作区."""
    best = None
    for suffix, _ in lexicon().org_suffixes:
        i = name.find(suffix)
        if i > 1 and (best is None or i + len(suffix) < best):
            best = i + len(suffix)
    return name[:best] if best else None


_PRESIDING = re.compile(words_pattern(_BODY_WORDS["presiding"]))  # 主持
_CITY_GOVERNMENT = frozenset(_BODY_WORDS["city_government"])  # 我市, 市委市政府, 市政府


def _organizer(b: _Builder, written: str | None, j: Jurisdiction, prov: Provenance) -> str | None:
    """The organization that held an event, from the subject of 召开/举行 (我办 → the issuer)."""
    if not written or title_re().search(written) or _PRESIDING.search(written):
        return None  # 市委书记某某主持召开: a person presided; the organizer is not written
    doc = b.doc
    if doc.issuer and (own := own_body(written, doc.issuer)):  # 我办, 我局: the issuer
        name = own
    elif written in _CITY_GOVERNMENT:
        name = resolve_org(_CITY[0] + BODY_SHORT["{gov}"], j) if doc.city else None  # 市政府
    elif written in lexicon().org_abbreviations or written[0] in _SHORT_LEVELS:
        name = resolve_org(written, j)
    else:
        name = written if org_kind(written) else None
    return b.org(name, written, prov).name if name else None


def _at_home(place_full: str | None, j: Jurisdiction) -> bool:
    """Whether an event took place in the bulletin's own place: one it names in no gazetteer's
    terms (开发区, 企业), or one within its county or city."""
    home = j.qualified_local() or j.city
    return place_full is None or (bool(home) and home in place_full)


def _administrative(place: str | None, j: Jurisdiction) -> tuple[str | None, Area | None]:
    """The administrative place an event was held in (瑞安 → 浙江省温州市瑞安市), if one is named:
    its full name, and the place with its code."""
    if not place:
        return None, None
    for length in range(min(len(place), 9), 1, -1):
        if found := places().lookup(place[:length], j.city, j.province):
            return found.full, places().area(found)
    return None, None


def _places_prefix(name: str) -> int:
    """Length of the run of full place names a name starts with (温州市鹿城区|经合办)."""
    return sum(map(len, _leading_places(name)))


def _last_place(name: str) -> str | None:
    """The last of the full place names a name starts with (浙江省嘉兴市委 → 嘉兴市)."""
    return (_leading_places(name) or [None])[-1]


def _leading_places(name: str) -> list[str]:
    found: list[str] = []
    end = 0
    while step := places().full_name_at(name, end):
        found.append(name[end : end + step])
        end += step
    return found


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


def _sister_places(text: str) -> tuple[list[str], int]:
    """The places of one level written one after another at the start of ``text``, by full or
    short name (芜湖马鞍山, 芜湖市马鞍山市同城化…), and where they end; ([], 0) unless two or more
    (浙江温州 is one place in another).

    >>> _sister_places("芜湖马鞍山签约"), _sister_places("浙江温州")
    ((['芜湖市', '马鞍山市'], 5), ([], 0))
    """
    found: list[Place] = []
    end = 0
    while k := next((k for k in range(min(len(text) - end, 9), 1, -1) if text[end : end + k] in places().by_name), 0):
        piece = text[end : end + k]
        found.append(min(places().by_name[piece], key=lambda p: (p.name != piece, _LEVEL_RANK[p.level])))
        end += k
    if len(found) < 2 or len({p.level for p in found}) > 1 or len({p.name for p in found}) < len(found):
        return [], 0
    return [p.name for p in found], end


def _places_or_party(written: str) -> list[str]:
    """A party written as two places or more (芜湖马鞍山: 芜湖市 and 马鞍山市), else the party."""
    paired, end = _sister_places(written)
    return paired if paired and end == len(written) else [written]


_PARTY_BODY = re.compile(  # 中共温州市委|组织部
    "^({}.+?(?:{}){})(.+)$".format(
        *map(re.escape, BODY_FULL["{party}"].split("{p}")[:1]),
        words_pattern(_LEVEL_WORDS["party_place"]),
        *map(re.escape, BODY_FULL["{party}"].split("{p}")[1:]),
    )
)
_PARTY_PARTS = _BODY_WORDS["party_part"]  # 党组, 党委: 市商务局党组 is part of 市商务局


def _link_parents(b: _Builder) -> None:
    """X党组 is part of X; 中共X委组织部 of 中共X委; a place's bureau of its government."""
    for org in list(b.orgs.values()):
        parent = None
        if m := _PARTY_BODY.match(org.name):
            parent = m.group(1)
        elif (part := next((w for w in _PARTY_PARTS if org.name.endswith(w)), None)) and len(org.name) > 4:
            parent = org.name[: -len(part)]
        elif org.kind == "GovernmentBody" and not org.name.endswith(BODY_SHORT["{gov}"]):
            prefix = org.name[: _places_prefix(org.name)]
            parent = BODY_FULL["{gov}"].format(p=prefix) if prefix else None
        if parent and parent != org.name:
            org.parent = b.org(parent, "", None).id


@dataclass(frozen=True)
class Step:
    """One step of the extraction, as a spaCy pipeline component: what it reads and what it fills."""

    name: str
    reads: str
    fills: str
    run: Callable[[_Builder], None]


STEPS: tuple[Step, ...] = (
    Step("posts", "items, distribution list, jurisdictions", "persons, tenures, organizations", _posts),
    Step("other persons", "sentences", "persons named without a title", _other_persons),
    Step(
        "tagger",
        "sentences, persons",
        "names the rules missed (with a title before them, their posts); doubtful names dropped or corrected",
        _tagged,
    ),
    Step("mentions", "sentences, persons", "every mention of the persons", _mentions),
    Step("events", "items, sentences, mentions", "events, participations, agreements", _events),
    Step("starts and ends", "tenures, events, changes told", "tenures' stated times, successions", _tenure_times),
    Step("organizations", "organizations, the issuer", "organizations with their parents", _organizations),
)
# the steps :func:`extract` runs, in order; :func:`load_document`'s come before (see the module's docstring)


def extract(doc: Document, steps: Sequence[Step] = STEPS) -> Facts:
    """All facts of a document: each step in turn fills the facts.

    >>> [step.name for step in STEPS]
    ['posts', 'other persons', 'tagger', 'mentions', 'events', 'starts and ends', 'organizations']
    >>> facts = extract(load_document(sample_path(), "2014-10-31"), STEPS[:2])
    >>> bool(facts.tenures), facts.events
    (True, [])
    """
    b = _Builder(doc)
    for step in steps:
        step.run(b)
    return b.finish()


def unknown_year(facts: Facts) -> str | None:
    """What to tell the user when dates of the document lack their year, else None."""
    if any(e.month_day for e in facts.events):
        return "the year of its dates is unknown (none in its header, first lines or file name): events keep " \
            "their month and day, nobody's participation is dated; give the year with --published YYYY-MM-DD"
    return None


def extract_path(path: str | Path, published: date | str | None = None) -> Facts:
    """Read a bulletin file and extract its facts."""
    with _collector_paused():
        return extract(load_document(path, published))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, if it runs, while a file is extracted.

    Extraction makes a great many short-lived containers and next to no reference cycles: their
    reference counts free them. The collector's passes, triggered every 700 of them, would walk
    whatever is alive at that moment and, now and then, every lexicon object: 3.7 % of the
    extraction's time on 10 MB of the bench corpus; paused, 2.0 % (a pass over what the file
    left, after it). Cycles made meanwhile are collected after, as ever.
    """
    running = gc.isenabled()
    if running:
        gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


__all__ = ["extract", "extract_path", "load_document", "sample_path", "unknown_year"]
