"""Organization names: expand abbreviations against the document's jurisdiction.

In a Wenzhou bulletin 市委 is 中共温州市委 and 市经合办 is
温州市经济合作交流办公室; 区委 in an item about 鹿城区 is 中共温州市鹿城区委.

>>> from kg.loaders.orgs import Jurisdiction, resolve_org
>>> j = Jurisdiction(city="温州市", province="浙江省", local="鹿城区")
>>> resolve_org("市经合办", j)
'温州市经济合作交流办公室'
>>> resolve_org("", j, title="市长")
'温州市人民政府'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.loaders.lexicon import lexicon, words_pattern
from kg.loaders.places import Place, places

_LEX = lexicon()
_NATIONAL_PARTY = _LEX.body_words["national_party"][0]  # 中共中央: a body a title names by itself
_STRONG_DEFAULTS = ("{city_gov}", "{local_gov}", "{province_gov}", "{town_gov}", _NATIONAL_PARTY)
_PLACE_BODIES = {short: full for short, full, _ in _LEX.place_bodies}  # 委 → 中共{p}委
BODY_FULL = {kind: full for _, full, kind in reversed(_LEX.place_bodies) if kind != "-"}  # {party} → 中共{p}委
BODY_SHORT = {kind: short for short, _, kind in reversed(_LEX.place_bodies) if kind != "-"}  # {party} → 委
_PARTY, _GOV = BODY_FULL["{party}"], BODY_FULL["{gov}"]
_GOV_SHORT, _GOV_FULL = BODY_SHORT["{gov}"], _GOV.format(p="")  # 政府, 人民政府
_LEVEL_BODY_ENDS = tuple(BODY_SHORT.values())  # 委, 政府: 市委组织部 is the 市委's
_DEPUTY = "".join(w for w, kind in _LEX.tenure_words.items() if kind in ("deputy", "executive"))  # 副, 常务
_DISTRICT = _LEX.level_words["district"]
_SHORT_LEVELS = _LEX.level_words["short_form"]  # 市, 省, 区, 县: 市委, 区商务局
_SLOT_OF = {w: slot for w, slot, _ in _LEX.place_levels}


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """The places a mention is read against: the bulletin's city and province, and
    the district or county the current item is about."""

    city: str | None = None
    province: str | None = None
    local: str | None = None  # 鹿城区, 泰顺县
    issuer: str | None = None  # the body that issues the bulletin: 我局, 本委, 局党组 name it
    town: str | None = None  # 南孟镇: the town a 镇党委 or 镇长 is of

    def here(self) -> str | None:
        """The most local place: the town, district or county, city, or province."""
        return self.town or self.qualified_local() or self.city or self.province

    def qualified_local(self) -> str | None:
        """A district with its city (温州市鹿城区); a county stands alone."""
        if not self.local:
            return None
        if self.local.endswith(_DISTRICT) and self.city and not self.local.startswith(self.city):
            return self.city + self.local
        return self.local


def _fill(template: str, j: Jurisdiction) -> str | None:
    values = {
        "city": j.city,
        "province": j.province,
        "local": j.local,
        "district": j.qualified_local(),
        "town": j.town,
        "here": j.here(),
    }
    needed = re.findall(r"\{(\w+)\}", template)
    if any(not values.get(k) for k in needed):
        return None
    return template.format(**values)


def default_org(title: str, j: Jurisdiction, place: str | None = None) -> str | None:
    """The body a bare title belongs to (市长 → the city's government)."""
    template = lexicon().title_defaults.get(title)
    if not template:
        return None
    if place:
        return BODY_FULL.get(template, _GOV).format(p=place) if template != _NATIONAL_PARTY else template
    local = j.qualified_local()
    mapping = {
        "{party}": _PARTY.format(p=j.city) if j.city else None,
        "{gov}": _GOV.format(p=j.city) if j.city else None,
        "{city_gov}": _GOV.format(p=j.city) if j.city else None,
        "{local_gov}": _GOV.format(p=local) if local else None,
        "{province_gov}": _GOV.format(p=j.province) if j.province else None,
        "{town_gov}": _GOV.format(p=j.town) if j.town else None,
        "{association}": None,
        "{bureau}": None,
        "{outlet}": None,
    }
    return mapping.get(template, template)


def is_strong_default(title: str) -> bool:
    """Whether a title names its body by itself (市长 is always of a government)."""
    return lexicon().title_defaults.get(title, "") in _STRONG_DEFAULTS


def _place_prefix(text: str, j: Jurisdiction) -> tuple[str, str] | None:
    """Split ``text`` into (qualified place, rest) when it starts with a place name; of places
    written inside one another (浙江省绍兴市柯桥区委), the innermost."""
    found = _leading_place(text, j.city, j.province)
    if found is None:
        return None
    place, rest = found
    while (inner := _leading_place(rest, place.name, place.province)) and _within(inner[0], place):
        place, rest = inner
    if len(rest) > 1 and rest[0] == place.name[-1] and rest[1:] in _PLACE_BODIES:
        rest = rest[1:]  # 青浦区|区委: the level written again
    if place.level == "county" and place.name.endswith(_DISTRICT) and place.city:
        return place.city + place.name, rest
    return place.name, rest


def _within(inner: Place, outer: Place) -> bool:
    return outer.name in (inner.city, inner.province)


def _leading_place(text: str, city: str | None, province: str | None) -> tuple[Place, str] | None:
    """The place whose name (full or short) starts ``text``, and what follows its full name."""
    for length in range(min(len(text), 8), 1, -1):
        head = text[:length]
        if (place := places().lookup(head, city=city, province=province)) is None:
            continue
        rest = text[length:]
        if head != place.name and rest.startswith(place.name[len(head) :]):
            rest = rest[len(place.name) - len(head) :]
        return place, rest
    return None


@lru_cache(maxsize=2**14)
def resolve_org(text: str, j: Jurisdiction, title: str | None = None) -> str | None:
    """The fullest name the document supports for an organization mention."""
    text = text.strip("、，, ")
    lex = lexicon()
    if not text:
        if title and not default_org(title, j) and j.issuer and (head := _HEAD_OF.get(title.lstrip(_DEPUTY))):
            return own_body(head, j.issuer)  # 副局长 in a bureau's bulletin: of that bureau
        return default_org(title, j) if title else None
    if j.issuer and (own := own_body(text, j.issuer)):
        return own
    if national := _national(text):
        return national
    if initial := _initial_form(text, j):
        return initial
    if text in lex.org_abbreviations:
        return _fill(lex.org_abbreviations[text], j) or text
    for key in _prefixes(text, "org_abbreviations"):  # 市委组织部 → 中共温州市委组织部
        rest = text[len(key) :]
        if (
            key.endswith(_LEVEL_BODY_ENDS)
            and org_kind(rest)
            and (body := _fill(lex.org_abbreviations[key], j))
        ):
            return body + _expand_agency(rest)
    for level in _SHORT_LEVELS:
        value = getattr(j, slot := _SLOT_OF[level])
        if text.startswith(level) and value and len(text) > len(level):
            rest = text[len(level) :]
            if (slot == "local" or len(level) > 1) and not value.endswith(level):
                continue  # 区商务局 in a county's bulletin; 自治区商务厅 in a province's
            prefix = j.qualified_local() if slot == "local" else value
            return prefix + _expand_agency(rest)
    if zone := _zone(text, j):
        return zone
    if split := _place_prefix(text, j):
        place, rest = split
        if not rest:
            return default_org(title, j, place) if title else place
        if rest in _PLACE_BODIES:
            return _PLACE_BODIES[rest].format(p=place)
        for body in _prefixes(rest, "place_bodies"):  # 福建省委|统战部: the 省委's
            if org_kind(part := rest[len(body) :]):
                return _PLACE_BODIES[body].format(p=place) + _expand_agency(part)
        expanded = _expand_agency(rest)
        return place + expanded if expanded != rest else text  # 台湾企业协会 stays as written
    return _expand_agency(text)


def _national(text: str) -> str | None:
    """A national body written by its short form, in full (全国工商联党组 → 中华全国工商业联合会党组).

    >>> _national("全国政协"), _national("中国侨联青年委员会"), _national("全国政协委员")
    ('中国人民政治协商会议全国委员会', '中华全国归国华侨联合会青年委员会', None)
    """
    for short in _prefixes(text, "national_bodies"):
        rest = text[len(short) :]
        if not rest or org_kind(rest):
            return lexicon().national_bodies[short] + rest
    return None


_INITIAL_KINDS = ("Institution", "PartyCommittee")  # 温大商学院, 浙大党委: what may follow such a form


def _initial_form(text: str, j: Jurisdiction) -> str | None:
    """A body written by its place's first character (温大商学院 → 温州大学商学院), read against the
    document's city, then its province (``loaders/lexicons/initial_forms.tsv``).

    >>> j = Jurisdiction(city="温州市", province="浙江省")
    >>> _initial_form("温大商学院", j), _initial_form("浙工大", j), _initial_form("温大集团", j)
    ('温州大学商学院', '浙江工业大学', None)
    """
    for place in filter(None, (j.city, j.province)):
        if not text.startswith(place[0]):
            continue
        for short in _prefixes(text[1:], "initial_forms"):
            rest = text[1 + len(short) :]
            if (not rest or org_kind(rest) in _INITIAL_KINDS) and (found := places().lookup(place)):
                return found.short + lexicon().initial_forms[short] + rest
    return None


def _prefixes(text: str, table: str) -> Iterator[str]:
    """The keys of a table of short forms (a lexicon's, or ``place_bodies``) that start ``text``,
    longest first."""
    words = _table(table)
    for end in range(min(len(text), _longest(table)), 0, -1):
        if text[:end] in words:
            yield text[:end]


def _table(table: str) -> Mapping[str, str]:
    return _PLACE_BODIES if table == "place_bodies" else getattr(lexicon(), table)


@cache
def _longest(table: str) -> int:
    return max(map(len, _table(table)), default=0)


_HEAD_OF = {head: word for word, _, head in _LEX.own_bodies if head != "-"}  # a bare title of the issuer's kind
_OWN = re.compile(
    f"({words_pattern(_LEX.body_words['own'])})?({words_pattern(w for w, _, _ in _LEX.own_bodies)})"
)  # 我局, 本委, 局
_KIND_ENDS = {word: ends for word, ends, _ in _LEX.own_bodies}


def own_body(text: str, issuer: str) -> str | None:
    """The issuer's body that 我局, 本委 (or 局 in 局党组) names: the issuer up to the first
    name part of that kind.

    >>> own_body("我委", "曲靖市发展和改革委员会办公室"), own_body("局", "某市商务局")
    ('曲靖市发展和改革委员会', '某市商务局')
    """
    m = _OWN.fullmatch(text)
    if not m:
        return None
    for end in _KIND_ENDS[m.group(2)]:
        if (i := issuer.find(end, 2)) >= 0:
            return issuer[: i + len(end)]
    return None


def _expand_agency(rest: str) -> str:
    if rest in _PLACE_BODIES:
        return rest
    agencies = lexicon().agency_abbreviations
    if (short := next(_prefixes(rest, "agency_abbreviations"), None)) and not rest.startswith(agencies[short]):
        return agencies[short] + rest[len(short) :]  # 商务委 → 商务委员会, but 商务委员会 stays
    if rest.startswith(_GOV_SHORT):  # 政府办 → 人民政府办
        return _GOV_FULL + rest[len(_GOV_SHORT) :]
    return rest


def _zone(text: str, j: Jurisdiction) -> str | None:
    """开发区党委 → 温州经济技术开发区党委 when the city has exactly one such zone."""
    if not j.city:
        return None
    for generic in _LEX.body_words["dev_zone"]:
        if text.startswith(generic):
            zones = {p.name for p in places().counties_of(j.city) if p.name.endswith(generic)}
            if len(zones) == 1:
                return zones.pop() + text[len(generic) :]
    return None


@lru_cache(maxsize=2**14)
def org_kind(name: str) -> str | None:
    """The OrganizationKind of a name, from its ending (…局 → GovernmentBody), or None."""
    for length, kinds in _suffixes_by_length():
        if kind := kinds.get(name[-length:]):
            return kind
    return None


def is_org_ending(word: str) -> bool:
    """Whether ``word`` is an organization's ending alone (公司, 创业园), with nothing before it."""
    return any(length == len(word) and word in kinds for length, kinds in _suffixes_by_length())


@cache
def _suffixes_by_length() -> tuple[tuple[int, dict[str, str]], ...]:
    """The endings of organization names by length, longest first, each with its kind."""
    by_length: dict[int, dict[str, str]] = {}
    for suffix, kind in lexicon().org_suffixes:
        by_length.setdefault(len(suffix), {})[suffix] = kind
    return tuple(sorted(by_length.items(), reverse=True))


@cache
def generic(name: str) -> bool:
    """Whether a name says only what kind of body it is: made of generic words before its ending
    (``loaders/lexicons/generic_name_words.txt``; 投资公司, 人民医院), so that every city has one.

    >>> generic("建设投资有限公司"), generic("人民医院"), generic("招商局集团")
    (True, True, False)
    """
    ending = max((s for s, _ in lexicon().org_suffixes if name.endswith(s)), key=len, default="")
    stem, words = name[: len(name) - len(ending)], lexicon().generic_name_words
    told = {0}  # the prefixes of the stem that are generic words only
    for i in range(len(stem)):
        if i in told:
            told |= {i + len(w) for w in words if stem.startswith(w, i)}
    return len(stem) in told
