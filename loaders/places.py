"""Administrative places (province, city, county) from jionlp's gazetteer.

Used to find the jurisdiction a bulletin speaks for (我市 → 温州市) and to expand
place-prefixed names (瑞安副市长 → 瑞安市人民政府).

>>> from kg.loaders.places import places
>>> places().lookup("瑞安").full
'浙江省温州市瑞安市'
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # 瑞安市
    short: str  # 瑞安
    level: str  # province | city | county
    province: str
    city: str | None
    full: str  # 浙江省温州市瑞安市


_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|新区|省|市|县|区|盟|旗)$"
)


def _short(name: str) -> str:
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


@cache
def _ethnic_tail() -> re.Pattern[str]:
    from kg.loaders.lexicon import ethnic_groups

    groups = "|".join(sorted(ethnic_groups(), key=len, reverse=True))
    return re.compile(f"(?:(?:{groups})族?)+$")


def _plain_short(short: str) -> str:
    """迪庆藏族 → 迪庆, 恩施土家族苗族 → 恩施: without the ethnic groups (when two characters remain)."""
    plain = _ethnic_tail().sub("", short)
    return plain if len(plain) >= 2 else short


@cache
def jionlp():
    """The jionlp module, imported once with its start-up banner kept off stdout."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


class Places:
    """Index of places by full and short name (瑞安市, 瑞安)."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self._counties: dict[str, list[Place]] = {}
        self._levels: dict[str, list[Place]] = {}
        tree = jionlp().china_location_loader()
        for prov, cities in tree.items():
            self._add(Place(prov, _short(prov), "province", prov, None, prov))
            for city, counties in cities.items():
                if city.startswith("_"):
                    continue
                self._add(Place(city, _short(city), "city", prov, city, prov + city))
                for county in counties:
                    if county.startswith("_"):
                        continue
                    self._add(Place(county, _short(county), "county", prov, city, prov + city + county))

    @property
    def cities(self) -> list[Place]:
        """Every prefecture-level city."""
        return self._level("city")

    @property
    def counties(self) -> list[Place]:
        """Every county-level place (counties, districts, county-level cities)."""
        return self._level("county")

    @property
    def provinces(self) -> list[Place]:
        """Every province, autonomous region and municipality."""
        return self._level("province")

    def _level(self, level: str) -> list[Place]:
        if level not in self._levels:
            found = {p for ps in self.by_name.values() for p in ps if p.level == level}
            self._levels[level] = sorted(found, key=lambda p: (p.name, p.full))  # namesakes in a fixed order
        return self._levels[level]

    def _add(self, place: Place) -> None:
        for key in {place.name, place.short, _plain_short(place.short)}:
            self.by_name.setdefault(key, []).append(place)

    def full_name_at(self, text: str, pos: int = 0) -> int:
        """Length of the longest full place name (普陀区, 浙江省) starting at ``pos``, or 0."""
        for k in range(min(len(text) - pos, 9), 2, -1):
            if any(p.name == text[pos : pos + k] for p in self.by_name.get(text[pos : pos + k], ())):
                return k
        return 0

    def lookup(self, name: str, city: str | None = None, province: str | None = None) -> Place | None:
        """The place called ``name``, preferring one inside ``city``, then ``province``."""
        found = self.by_name.get(name)
        if not found:
            return None
        for p in found:
            if city and (p.city == city or p.name == city):
                return p
        for p in found:
            if province and p.province == province:
                return p
        return found[0]

    def counties_of(self, city: str) -> list[Place]:
        """County-level places of a city, by name."""
        if city not in self._counties:
            found = {p for ps in self.by_name.values() for p in ps if p.city == city and p.level == "county"}
            self._counties[city] = sorted(found, key=lambda p: (p.name, p.full))
        return self._counties[city]


@cache
def places() -> Places:
    return Places()
