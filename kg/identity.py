"""Identity across bulletins: which keys are one person, which tellings are one event.

:mod:`kg.resolve` keys a person by name and place, from one document. Across documents that
is not always enough: a city's party secretary is keyed in the province by a bulletin that
names him only as a provincial standing-committee member; a company's chairman is keyed by his
company in one bulletin and by his city's federation of industry and commerce in another; a
clipping that names no city writes 市政府 and 副市长 where a Wenzhou bulletin writes
温州市人民政府. From what resolution saw in every stored document (:class:`~kg.resolve.Profile`),
this module decides, for people of one name:

* **one post** — two keys holding a post in one organization are one person, if the
  organization's name names one body wherever it is read (中共浙江省委, 北京温州商会,
  星辰电器集团 — not 督导组, nor 市委 of a bulletin without a city). A company or an
  association does not join two officials of different places (their government posts
  place them apart);
* **one body in two forms** — a person whose bulletin names no city and who holds a post in a
  body written without a place (市政府 · 副市长, or 副市长 alone) is the person of that name
  whose post it is when the form is read in their place (温州市人民政府 · 副市长), if exactly one
  such person exists (two: a namesake in each city, and the clipping's stays apart);
* **one event** — tellings in two documents are one event if they have the same date, places
  that agree (the same, one within the other, or one the gazetteer does not know), a person in
  common (after the rules above) and similar names (character bigrams; the same kind counts).
  The event takes the first telling's id and fields (the others fill what it lacks), and each
  telling keeps its own provenance: the event has one source sentence per bulletin.

Keys a split override gave are left alone; :func:`explain` says why each key of a name is
the person it is, so that a wrong join can be split (docs/store.md).

>>> from kg.resolve import Overrides, Profile, SeenPerson, SeenPost
>>> standing = SeenPost("常委", "org-1", "中共浙江省委", "浙江省", "g")
>>> secretary = SeenPost("书记", "org-2", "中共温州市委", "温州市", "g")
>>> wenzhou = Profile("温州市", "浙江省", (SeenPerson("李明远@温州市", "", True, (secretary, standing)),))
>>> hangzhou = Profile("杭州市", "浙江省", (SeenPerson("李明远@浙江省", "", True, (standing,)),))
>>> dict(identities({"doc-1": wenzhou, "doc-2": hangzhou}, Overrides()).by_key)
{'李明远@浙江省': '李明远@温州市'}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import combinations

from kg.loaders.orgs import Jurisdiction, resolve_org
from kg.loaders.places import places
from kg.resolve import NATION, Identities, Overrides, Profile, SeenEvent, SeenPerson, name_of, place_of, rank

SIMILAR = 0.5  # name similarity (bigram Dice, + SAME_KIND) from which two tellings are one event
SAME_KIND = 0.25


@dataclass(frozen=True)
class Link:
    """Why key ``a`` is (``apart``: is not) one person with key ``b``, as documents ``docs`` say; ``doc``:
    only key ``a`` of that document."""

    a: str
    b: str
    why: str
    docs: tuple[str, ...]
    apart: bool = False
    doc: str | None = None


@dataclass
class Name:
    """The decision for the people of one name: each key's group key, the documents' persons joined
    alone, and the links behind them."""

    by_key: dict[str, str] = field(default_factory=dict)
    persons: dict[tuple[str, str], str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


def identities(profiles: Mapping[str, Profile], overrides: Overrides) -> Identities:
    """Who is who across the documents whose profiles are given (doc id → profile)."""
    by_key: dict[str, str] = {}
    persons: dict[tuple[str, str], str] = {}
    for seen in _by_name(profiles).values():
        decided = decide(seen, profiles, overrides)
        by_key |= decided.by_key
        persons |= decided.persons
    people = Identities(by_key, persons)
    return replace(people, events=_events(profiles, people, overrides))


def stale(profiles: Mapping[str, Profile], found: Identities, overrides: Overrides) -> list[str]:
    """The documents whose graphs say otherwise than ``found``: to be resolved again."""
    return [
        doc
        for doc, profile in profiles.items()
        if any(s.to != found.person(doc, s.key, overrides) for s in profile.persons)
        or any(e.to != found.event_token(e.id) for e in profile.events)
    ]


# --- people -------------------------------------------------------------------------------------


def _by_name(profiles: Mapping[str, Profile]) -> dict[str, list[tuple[str, SeenPerson]]]:
    """The persons of every document by name, for the names some document keys differently."""
    seen: dict[str, list[tuple[str, SeenPerson]]] = {}
    keys: dict[str, set[str]] = {}
    for doc in sorted(profiles):
        for person in profiles[doc].persons:
            name = name_of(person.key)
            seen.setdefault(name, []).append((doc, person))
            keys.setdefault(name, set()).add(person.key)
    return {name: seen[name] for name, found in keys.items() if len(found) > 1}


def decide(seen: list[tuple[str, SeenPerson]], profiles: Mapping[str, Profile], overrides: Overrides) -> Name:
    """Who the persons of one name are (``seen``: (doc id, person) of each document naming them)."""
    out = Name()
    mine = [(doc, s) for doc, s in seen if not overrides.is_split(s.key)]
    groups = _Groups(mine, overrides)
    for org, holders in sorted(_holders(mine, overrides).items(), key=lambda item: (item[0][2] != "g", item[0])):
        first, *others = sorted(holders)
        for key in others:
            link = groups.join(first, key, org, holders)
            out.links.append(link)
    for doc, s in mine:
        if not s.anchored and (link := _one_body(doc, s, profiles[doc], groups, overrides)):
            if not link.apart:
                out.persons[doc, s.key] = groups.head(link.b)
            out.links.append(link)
    for key in groups.keys:
        if (head := groups.head(key)) != key:
            out.by_key[key] = head
    return out


def _holders(seen: list[tuple[str, SeenPerson]], overrides: Overrides) -> dict[tuple[str, str, str], dict[str, set]]:
    """For each organization that names one body anywhere ((id, name, sector)): the keys holding a post
    in it, each with the documents saying so (government bodies are joined first: they place people)."""
    out: dict[tuple[str, str, str], dict[str, set]] = {}
    for doc, s in seen:
        for post in s.posts:
            if post.org_id and post.org:
                holders = out.setdefault((post.org_id, post.org, post.sector), {})
                holders.setdefault(overrides.merged(s.key), set()).add(doc)
    return {org: keys for org, keys in out.items() if len(keys) > 1}


class _Groups:
    """Keys joined into persons (union-find), each person headed by its best key: one a post placed,
    then one of a place (not a company), the narrowest, then the one most documents give, then the
    first in order."""

    def __init__(self, seen: list[tuple[str, SeenPerson]], overrides: Overrides) -> None:
        self.keys = sorted({overrides.merged(s.key) for _, s in seen})
        self.parent = {k: k for k in self.keys}
        self.anchored = {overrides.merged(s.key) for _, s in seen if s.anchored}
        self.governs: dict[str, set[str]] = {k: set() for k in self.keys}  # key → places of its government posts
        self.held: dict[str, set[tuple[str, str | None]]] = {k: set() for k in self.keys}  # key → (title, org)
        self.documents = dict.fromkeys(self.keys, 0)
        for _, s in seen:
            key = overrides.merged(s.key)
            self.documents[key] += 1
            self.governs[key] |= {p.place for p in s.posts if p.sector == "g" and p.place}
            self.held[key] |= {(p.title, p.org) for p in s.posts}

    def order(self, key: str) -> tuple:
        place = place_of(key)
        body = place != NATION and place not in places().by_name  # a company's name, not a place's
        return key not in self.anchored, not place, body, rank(place)[0], -self.documents[key], key

    def head(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = key = self.parent[self.parent[key]]
        return key

    def members(self, key: str) -> list[str]:
        head = self.head(key)
        return [k for k in self.keys if self.head(k) == head]

    def join(self, a: str, b: str, org: tuple[str, str, str], holders: Mapping[str, set]) -> Link:
        """Join the persons of keys ``a`` and ``b``, who hold posts in ``org``, unless they are officials of
        different places joined by a company or an association only."""
        _, org_name, org_sector = org
        docs = tuple(sorted(holders[a] | holders[b]))
        titles = "、".join(sorted({t for k in (a, b) for t, o in self.held[k] if o == org_name}))
        ha, hb = self.head(a), self.head(b)
        if ha == hb:
            return Link(a, b, f"post {titles} · {org_name}", docs)
        governs_a = set().union(*(self.governs[k] for k in self.members(a)))
        governs_b = set().union(*(self.governs[k] for k in self.members(b)))
        if org_sector != "g" and governs_a and governs_b and governs_a.isdisjoint(governs_b):
            places = "、".join(sorted(governs_a | governs_b))
            return Link(a, b, f"officials of {places}: {org_name} alone does not make them one", docs, apart=True)
        first, second = sorted((ha, hb), key=self.order)
        self.parent[second] = first
        return Link(a, b, f"post {titles} · {org_name}", docs)


def _one_body(doc: str, s: SeenPerson, profile: Profile, groups: _Groups, overrides: Overrides) -> Link | None:
    """The link of a person whose bulletin names no city to the one person of the name holding their
    post in a body they write without a place (市政府, or a title alone), read in that person's place."""
    bare = [p for p in s.posts if p.place is None and p.sector in ("g", "")]
    own = overrides.merged(s.key)
    if profile.city or not bare or len(groups.members(own)) > 1:
        return None
    found: dict[str, tuple[str, str]] = {}  # head → (key, what matched)
    for key in groups.keys:
        place = place_of(key)
        if key == own or key not in groups.anchored or not _within(place, profile.province):
            continue
        where = _reading(place)
        for post in bare:
            read = resolve_org(post.org or "", where, post.title)
            if read and (post.title, read) in groups.held[key]:
                written = f"{post.org} · {post.title}" if post.org else post.title
                found.setdefault(groups.head(key), (key, f"{written} read in {place} is {read} · {post.title}"))
    if len(found) > 1:
        keys = " and ".join(sorted(key for key, _ in found.values()))
        return Link(s.key, keys, "each holds the post so read in their place", (doc,), apart=True, doc=doc)
    if not found:
        return None
    [(key, why)] = found.values()
    return Link(s.key, key, why, (doc,), doc=doc)


def _within(place: str, province: str | None) -> bool:
    """Whether a place lies in ``province`` (any place, when it is unknown)."""
    return province is None or place == province or any(p.province == province for p in places().by_name.get(place, ()))


@cache
def _reading(place: str) -> Jurisdiction:
    """How a bulletin of ``place`` reads a body without a place (市政府 is that city's)."""
    found = places().by_name.get(place, ())
    city = place if any(p.level == "city" for p in found) else None
    return Jurisdiction(city=city, province=found[0].province if found else None)


# --- events -------------------------------------------------------------------------------------


Telling = tuple[str, SeenEvent, frozenset[str]]  # (doc id, the event as told, its people after identity)


def _events(profiles: Mapping[str, Profile], people: Identities, overrides: Overrides) -> dict[str, SeenEvent]:
    """Every telling that is one event with tellings of other documents → that event."""
    tellings: list[Telling] = []
    for doc in sorted(profiles):
        for e in profiles[doc].events:
            if e.date and e.people:
                tellings.append((doc, e, frozenset(people.person(doc, k, overrides) for k in e.people)))
    parent: dict[int, int] = {}
    docs: dict[int, set[str]] = {}

    def head(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for _, i, j in _pairs(tellings):
        hi, hj = head(i), head(j)
        di, dj = docs.setdefault(hi, {tellings[i][0]}), docs.setdefault(hj, {tellings[j][0]})
        if hi != hj and di.isdisjoint(dj):  # never two tellings of one document
            first, second = sorted((hi, hj))
            parent[second] = first
            docs[first] = di | dj
    groups: dict[int, list[SeenEvent]] = {}
    for i in parent:
        groups.setdefault(head(i), []).append(tellings[i][1])
    out = {}
    for told in groups.values():
        if len(told) > 1:
            merged = _merged(sorted(told, key=lambda e: e.id))
            out |= dict.fromkeys((e.id for e in told), merged)
    return out


def _pairs(tellings: list[Telling]) -> list[tuple[float, int, int]]:
    """(similarity, i, j) for the tellings of one date in two documents with a person in common, places
    that agree and similar names; most similar first."""
    by_day: dict[tuple[str, str], list[int]] = {}  # (date, person) → the tellings they are in
    for i, (_, e, who) in enumerate(tellings):
        for person in who:
            by_day.setdefault((e.date or "", person), []).append(i)
    candidates = {pair for found in by_day.values() for pair in combinations(found, 2)}
    out = []
    for i, j in candidates:
        (da, a, _), (db, b, _) = tellings[i], tellings[j]
        if da != db and _same_place(a, b) and (score := similarity(a, b)) >= SIMILAR:
            out.append((score, i, j))
    return sorted(out, key=lambda t: (-t[0], tellings[t[1]][1].id, tellings[t[2]][1].id))


def similarity(a: SeenEvent, b: SeenEvent) -> float:
    """How alike two tellings' names are: the Dice coefficient of their character bigrams, plus
    :data:`SAME_KIND` if they are of one kind.

    >>> from kg.resolve import SeenEvent
    >>> a = SeenEvent("e1", "e1", None, None, "Visit", None, "在京温州商会考察团来瑞安考察", None, None, ())
    >>> round(similarity(a, replace(a, name="商会考察团赴瑞安考察")), 2)
    0.85
    >>> similarity(a, replace(a, kind="Inspection", name="市委书记到塘下镇调研安全生产"))
    0.0
    """
    grams_a, grams_b = _bigrams(a.name or ""), _bigrams(b.name or "")
    dice = 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b)) if grams_a and grams_b else 0.0
    return dice + (SAME_KIND if a.kind == b.kind else 0.0)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _same_place(a: SeenEvent, b: SeenEvent) -> bool:
    """Whether two tellings' places agree: one within the other, or one not known."""
    if a.place_full and b.place_full:
        return a.place_full.startswith(b.place_full) or b.place_full.startswith(a.place_full)
    if a.place and b.place and not (a.place_full or b.place_full):
        return a.place in b.place or b.place in a.place
    return True


def _merged(tellings: list[SeenEvent]) -> SeenEvent:
    """The event told by ``tellings`` (first by id): the first's fields, what it lacks from the others
    (the place and its full name from one telling, a place the gazetteer knows first)."""
    first, *others = tellings
    missing = {f: next((getattr(e, f) for e in others if getattr(e, f)), None) for f in ("end_date", "cameo", "name")}
    located = next((e for e in tellings if e.place_full), None) or next((e for e in tellings if e.place), first)
    fields = {f: v for f, v in missing.items() if not getattr(first, f)}
    return replace(first, to="", people=(), place=located.place, place_full=located.place_full, **fields)


# --- explaining -----------------------------------------------------------------------------------


def explain(
    name: str, profiles: Mapping[str, Profile], overrides: Overrides, files: Mapping[str, str] | None = None
) -> Iterator[dict]:
    """For each document naming ``name`` (``profiles``: at least those): the key it gives the person,
    the key identity gives (``person``), the place and posts the document gives, and why (documents
    named by ``files`` when given: doc id → file name)."""
    files = files or {}
    seen = [(doc, s) for doc, p in sorted(profiles.items()) for s in p.persons if name_of(s.key) == name]
    decided = decide(seen, profiles, overrides)
    found = Identities(decided.by_key, decided.persons)
    for doc, s in seen:
        key = overrides.merged(s.key)
        why = ["split off by an override"] if overrides.is_split(s.key) else []
        why += [f"merged into {key} by an override"] if key != s.key else []
        for link in decided.links:
            verb = "kept apart from" if link.apart else "one with"
            if link.doc is not None:
                if (link.doc, link.a) == (doc, s.key):
                    why.append(f"{verb} {link.b}: {link.why}")
            elif key in (link.a, link.b):
                other = link.b if link.a == key else link.a
                said = ", ".join(files.get(d, d) for d in link.docs)
                why.append(f"{verb} {other}: {link.why} ({said})")
        yield {
            "key": s.key,
            "person": found.person(doc, s.key, overrides),
            "document": doc,
            "place": f"{place_of(s.key) or '—'} (from {'a post' if s.anchored else 'the bulletin'})",
            "posts": [f"{p.title} · {p.org}" if p.org else p.title for p in s.posts],
            "why": why or ["its key"],
        }
