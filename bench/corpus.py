"""Generate a corpus of synthetic bulletins for speed benchmarks (not for accuracy).

Each file recombines the items of the bundled sample bulletin (split with
:func:`kg.loaders.structure.split_items`), and an item of personnel news (posts given and left,
:func:`personnel_item`), and rewrites them: persons get new names
(a surname from ``loaders/lexicons/surnames.txt`` and random given-name characters),
posts before a name are swapped for other titles, the home city and its counties for
another city and its counties, dates and numbers for random ones. A header dates each
bulletin, so the years of its dates are inferred from it, not from today. Files are
6–20 KB, and the same seed always gives the same corpus (for the same sample and code).

    python bench/corpus.py OUT_DIR --mb 20 [--seed 7]
    python bench/corpus.py OUT_DIR --count 1000
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.loaders.extract import extract_path, sample_path
from kg.loaders.lexicon import lexicon
from kg.loaders.places import places

GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉力斌志宏海波鹏飞宇浩然"
    "晓东亮林峰春雷晨阳光荣新民德胜利安立群慧颖琳瑞祥云龙正凯永兴俊博佳欣雨婷子轩嘉忠良"
)
DISTRIBUTION = re.compile(r"^(报送|抄送|抄报|分送|报|送|发)\s*[：:]", re.M)
MIN_BYTES, MAX_BYTES = 6_000, 20_000
SECTION = "各地动态"


@dataclass(frozen=True)
class Sample:
    """What the generator recombines: the sample's items and the words it rewrites."""

    items: list[str]  # headline, body and source line of each item, as written
    distribution: str  # the 报：… 送：… 发：… block at the end
    names: list[str]  # persons' names (Chinese ones), longest first
    city: str  # the home city's short name (温州)
    counties: list[str]  # short names of its counties (鹿城, 瑞安…), longest first


def load_sample() -> Sample:
    """Split the bundled sample into items and find the names and places to vary."""
    facts = extract_path(sample_path())
    doc = facts.document
    items = [
        doc.text[item.start : item.end] + (f"\n\n（{item.source_line}）" if item.source_line else "")
        for item in doc.items
    ]
    found = DISTRIBUTION.search(doc.text)
    names = {p.name for p in facts.persons if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p.name)}
    home = places().lookup(doc.city or "")
    if home is None:
        raise RuntimeError(f"the sample's city {doc.city!r} is not in the gazetteer")
    return Sample(
        items=[*items, personnel_item(sorted(names))],
        distribution=doc.text[found.start() :].strip() if found else "",
        names=sorted(names, key=lambda n: (-len(n), n)),
        city=home.short,
        counties=_longest_first(p.short for p in places().counties_of(home.name)),
    )


def personnel_item(names: list[str]) -> str:
    """An item of personnel news (the sample has none) with four of the sample's names, which the
    rewriter replaces like the others: posts given and left, and a succession."""
    a, b, c, d = names[:4]
    return (
        "人事任免\n\n10月20日，市人大常委会召开会议，决定任命"
        f"{a}为市人民政府副市长，免去{b}的市人民政府副市长职务。经研究决定，{c}同志任市商务局局长，"
        f"{d}同志不再担任市商务局局长职务。\n\n（市委组织部）"
    )


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda w: (-len(w), w))


def _cities() -> list[tuple[str, list[str]]]:
    """(short name, county short names) of every prefecture-level city with at least 4 counties
    (not the placeholders for counties a province administers directly: 省直辖县级行政区划)."""
    index = places()
    cities = sorted({p for ps in index.by_name.values() for p in ps if p.level == "city"}, key=lambda p: p.full)
    out = []
    for city in cities:
        counties = [c.short for c in index.counties_of(city.name)]
        if len(counties) >= 4 and len(city.short) >= 2 and "直辖" not in city.name:
            out.append((city.short, counties))
    return out


class Rewriter:
    """Rewrites sample text for one generated bulletin, consistently within that bulletin."""

    def __init__(self, sample: Sample, rng: random.Random, cities: list[tuple[str, list[str]]]) -> None:
        self.rng = rng
        surnames = sorted(s for s in lexicon().surnames if s not in lexicon().weak_surnames)
        self.names = {n: rng.choice(surnames) + self._given() for n in sample.names}
        city, counties = rng.choice(cities)
        self.places = {sample.city: city} | {c: rng.choice(counties) for c in sample.counties}
        self.titles = sorted(t for t in lexicon().titles if len(t) >= 2)
        self.year = rng.randint(2008, 2024)
        alternatives = [
            rf"(?P<title>{_union(self.titles)})?(?P<name>{_union(sample.names)})",
            r"(?P<date>(?:\d{4}年)?\d{1,2}月\d{1,2}日)",
            r"(?P<year>(?:19|20)\d\d)(?=年)",
            r"(?P<number>\d+)",
            rf"(?P<place>{_union([*self.places])})",
        ]
        self.pattern = re.compile("|".join(alternatives))

    def _given(self) -> str:
        return "".join(self.rng.choices(GIVEN_CHARS, k=self.rng.choice((1, 2, 2))))

    def __call__(self, text: str) -> str:
        return self.pattern.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        rng = self.rng
        if m["name"]:
            title = rng.choice(self.titles) if m["title"] else ""
            return title + self.names[m["name"]]
        if m["date"]:
            year = f"{self.year}年" if "年" in m["date"] else ""
            return f"{year}{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        if m["year"]:
            return str(self.year - rng.randint(0, 10))
        if m["number"]:
            digits = len(m["number"])
            return str(rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))
        return self.places[m["place"]]


def _union(words: list[str]) -> str:
    return "|".join(map(re.escape, _longest_first(words)))


def bulletin(sample: Sample, rng: random.Random, cities: list[tuple[str, list[str]]]) -> str:
    """One bulletin of MIN_BYTES–MAX_BYTES: a header (issue, issuer, date), the sample's items in
    random order (each once before any repeats), a 各地动态 section, and a distribution list."""
    rewrite = Rewriter(sample, rng, cities)
    header = (
        f"政务信息\n{rewrite.year}年第{rng.randint(1, 24)}期\n{rewrite.places[sample.city]}市经济合作交流办公室编\n"
        f"{rewrite.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    )
    longest = max(len(item.encode()) for item in sample.items) + len(SECTION.encode()) + 4
    target = rng.randint(MIN_BYTES, MAX_BYTES - longest)  # so the item that reaches it still fits
    tail = rewrite(sample.distribution)
    parts: list[str] = []
    size = len(header.encode()) + len(tail.encode())
    local_from = rng.randint(2, 6)  # items from this one on sit in a 各地动态 section
    deck: list[str] = []
    while size < target:
        deck = deck or rng.sample(sample.items, len(sample.items))
        item = rewrite(deck.pop())
        if len(parts) == local_from:
            item = f"{SECTION}\n\n{item}"
        parts.append(item)
        size += len(item.encode()) + 2
    return "\n\n".join([header, *parts, tail]) + "\n"


def bulletins(seed: int = 7) -> Iterator[str]:
    """An endless, seeded stream of generated bulletins."""
    sample, cities = load_sample(), _cities()
    rng = random.Random(seed)
    while True:
        yield bulletin(sample, rng, cities)


def write_corpus(out: Path, megabytes: float | None = None, count: int | None = None, seed: int = 7) -> list[Path]:
    """Write bulletins to ``out`` until they hold ``megabytes`` MB (10^6 bytes) or number ``count``."""
    if (megabytes is None) == (count is None):
        raise ValueError("give either megabytes or count")
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    total = 0
    for text in bulletins(seed):
        if len(paths) == count or (megabytes is not None and total >= megabytes * 1_000_000):
            break
        path = out / f"bulletin-{len(paths):05d}.txt"
        data = text.encode()
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the bulletins to")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--mb", type=float, help="total size in MB (default 20)")
    size.add_argument("--count", type=int, help="number of bulletins")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args()
    megabytes = None if args.count else args.mb or 20.0
    paths = write_corpus(args.out, megabytes, args.count, args.seed)
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} bulletins, {size_mb:.1f} MB → {args.out}")


if __name__ == "__main__":
    main()
