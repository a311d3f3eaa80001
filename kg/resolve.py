"""Entity resolution across bulletins: when two mentions are one person or one organization.

A bulletin names people without ids, and 王军 is a common name, so a person is
keyed by **name and jurisdiction**: ``name@place``. The place is the narrowest
jurisdiction of the organizations the document says the person holds posts in
(市委书记 in a Wenzhou bulletin → 温州市; 浙江省人民政府经济合作交流办公室副主任 →
浙江省, whichever city's bulletin says it); for someone whose posts are all in bodies
without a place that name one body anywhere (a company: 星辰电器集团董事长), the first
such body by name (``郑立澄@星辰电器集团``, whichever city's bulletin names him); else the
document's own city. So the same official across Wenzhou bulletins is one node, a 杭州
王军 and a 温州 王军 are two, and a provincial official met in two cities is one. The
key depends only on the document, so the same input always gives the same IRIs.

Organizations are keyed by their full name (the extractor already expands 市委 →
中共温州市委 against the bulletin's jurisdiction). A name that some stored bulletin
gives as an unambiguous alias of another organization (温州市经合办 for
温州市经济合作交流办公室) resolves to that organization; a government body whose
name carries no place (督导组, or 市委 in a bulletin whose city is unknown) is
scoped to the document's city, or to the document itself.

An association named by the city it sojourns in (在京温州商会, the Wenzhou chamber in
Beijing) is named by that city's short name instead (北京温州商会, the other spelling
kept as an alias; the forms are in ``loaders/lexicons/sojourn_forms.tsv``), so both
spellings are one organization, in 北京市, and its officers are keyed there.

Who is one person across bulletins beyond the key (a chairman keyed in each city whose
bulletin names him, a vice mayor in a clipping that names no city), and which tellings are
one event, is decided by :mod:`kg.identity` from what resolution saw in every stored
document (a :class:`Profile`: keys, posts, events); the resolver applies its decisions
(:class:`Identities`).

An :class:`Overrides` file corrects what these rules get wrong: ``merge`` joins
keys into one person, ``split`` gives a person in the listed documents a key of
its own, ``organizations`` maps a name to the organization it means.

>>> key_of("陈一新", "温州市")
'陈一新@温州市'
>>> jurisdiction("中共温州市鹿城区委"), jurisdiction("浙江省人民政府经济合作交流办公室"), jurisdiction("督导组")
('温州市', '浙江省', None)
>>> sojourning("在京温州商会"), jurisdiction("北京温州商会")
('北京温州商会', '北京市')
>>> Overrides.from_json('{"merge": [["夏炳荣@浙江省", "夏炳荣@温州市"]]}').merged("夏炳荣@温州市")
'夏炳荣@浙江省'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from kg import ids
from kg.fact_kinds import RECORDED, FactKind
from kg.loaders.lexicon import lexicon
from kg.loaders.orgs import generic, org_kind
from kg.loaders.places import Place, places
from kg.model import Event, Facts, Organization, Participation, Person

NATION = "中国"
_NATIONAL_PREFIXES = ("中共中央", "中央", "国务院", "全国", "国家")
_GOVERNMENT_KINDS = {"PartyCommittee", "GovernmentBody", "PeoplesCongress", "PoliticalConsultative", "DevelopmentZone"}
_BUSINESS_KINDS = {"Enterprise", "Association"}
_SHORTEST_SHARED = 4  # characters of a name without a place that names one body wherever it is read
_LONGEST_PLACE = 12


def key_of(name: str, place: str) -> str:
    """The resolution key of a person: ``name@place``."""
    return f"{name}@{place}"


def name_of(key: str) -> str:
    """The name in a key (``陈一新@温州市`` → ``陈一新``)."""
    return key.rpartition("@")[0]


def place_of(key: str) -> str:
    """The place in a key (``陈一新@温州市`` → ``温州市``; a split-off key's suffix left out)."""
    return key.rpartition("@")[2].partition("#")[0]


def person_id(key: str) -> str:
    """The id of the person a key names (``name@place`` → :func:`kg.ids.person_id` of name and place)."""
    name, _, place = key.rpartition("@")
    return ids.person_id(name, place) if name else ids.stable_id("person", key)


def _one_place(found: list[Place]) -> bool:
    """Whether the places found under one name are one place (北京市 is a province and a city)."""
    return len({p.name for p in found}) == 1


def _place_at(name: str, i: int, city: str | None, province: str | None) -> Place | None:
    """The longest place name at ``name[i:]``: a full name anywhere, a short one (温州) only at the start,
    and then only if it is unique in China or lies in the document's province."""
    index = places()
    for end in range(min(len(name), i + _LONGEST_PLACE), i + 1, -1):
        word = name[i:end]
        found = index.by_name.get(word)
        if not found:
            continue
        if any(p.name == word for p in found):
            return index.lookup(word, city, province)
        if i == 0 and (_one_place(found) or any(p.province == province for p in found)):
            return index.lookup(word, city, province)
    return None


@cache
def jurisdiction(org_name: str, city: str | None = None, province: str | None = None) -> str | None:
    """The city, province or nation an organization's name places it in (districts count as their city)."""
    if org_name.startswith(_NATIONAL_PREFIXES):
        return NATION
    for i in range(len(org_name) - 1):
        if place := _place_at(org_name, i, city, province):
            return place.province if place.level == "province" else place.city or place.province
    return None


def rank(place: str, city: str | None = None) -> tuple[int, bool, str]:
    """Narrowest first: a city, then a province, then the nation; ``city`` (the document's) wins a tie."""
    level = 2 if place == NATION else 1 if any(p.level == "province" for p in places().by_name.get(place, ())) else 0
    return level, place != city, place


@cache
def absolute(alias: str) -> bool:
    """Whether an alias names one organization wherever it is read: it starts with a place
    (温州市委, not 市委) whose name is unique in China, and is more than the place itself."""
    index = places().by_name
    for end in range(min(len(alias) - 1, _LONGEST_PLACE), 1, -1):
        if found := index.get(alias[:end]):
            return _one_place(found) and alias not in index
    return False


@cache
def sojourning(name: str) -> str | None:
    """An association's name with the city it sojourns in written as that city (在京温州商会 →
    北京温州商会), or None if the name is not of that form."""
    if org_kind(name) != "Association":
        return None
    for form, place in lexicon().sojourn_forms.items():
        if name.startswith(form) and len(name) > len(form) + 2:
            return place + name[len(form) :]
    return None


def sector(kind: str | None) -> str:
    """Where a post is held: ``g`` in government (party, government, congress, CPPCC, zones), ``b`` in
    business (enterprises, and associations such as chambers of commerce), else ``""``."""
    return "g" if kind in _GOVERNMENT_KINDS else "b" if kind in _BUSINESS_KINDS else ""


def absolute_aliases(facts: Facts) -> dict[str, str]:
    """Alias → full name, for the aliases of a document that name one organization anywhere."""
    return {a: o.name for o in facts.organizations for a in sorted(o.aliases) if a != o.name and absolute(a)}


def alias_index(per_document: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """One alias table from many documents' aliases: ambiguous aliases and chains are left out."""
    seen: dict[str, set[str]] = {}
    for aliases in per_document:
        for alias, name in aliases.items():
            seen.setdefault(alias, set()).add(name)
    index = {a: next(iter(names)) for a, names in seen.items() if len(names) == 1}
    return {a: n for a, n in index.items() if n not in index}


@dataclass(frozen=True)
class Split:
    """The person keyed ``key`` in ``documents`` (ids or file names) is someone else, keyed ``as_key``."""

    key: str
    documents: frozenset[str]
    as_key: str | None = None

    def new_key(self, doc_id: str) -> str:
        return self.as_key or f"{self.key}#{doc_id}"


@dataclass(frozen=True)
class Overrides:
    """Manual corrections to resolution, read from JSON (format in docs/store.md).

    >>> Overrides.from_json('{"split": [{"key": "王军@温州市", "documents": ["b.txt"]}]}').split_key(
    ...     "王军@温州市", "doc-9", "b.txt")
    '王军@温州市#doc-9'
    """

    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[Split, ...] = ()
    organizations: tuple[tuple[str, str], ...] = ()
    _merged: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _renamed: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for group in self.merge:
            if len(group) < 2 or not _one_name(group):
                raise ValueError(f"merge {list(group)}: give two or more keys of one name (name@place)")
            self._merged.update(dict.fromkeys(group[1:], group[0]))
        for s in self.split:
            if not _one_name([s.key, s.new_key("")]):
                raise ValueError(f"split {s.key}: give a key name@place, and keep the name in 'as'")
        self._renamed.update(self.organizations)

    @classmethod
    def from_json(cls, text: str) -> Overrides:
        data = json.loads(text or "{}")
        if not isinstance(data, dict) or set(data) - {"merge", "split", "organizations"}:
            raise ValueError("overrides: expected an object with merge, split and organizations")
        try:
            return cls(
                merge=tuple(tuple(group) for group in data.get("merge", [])),
                split=tuple(Split(s["key"], frozenset(s["documents"]), s.get("as")) for s in data.get("split", [])),
                organizations=tuple(sorted(data.get("organizations", {}).items())),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"overrides: malformed entry ({e})") from e

    @classmethod
    def load(cls, path: str | Path) -> Overrides:
        """The overrides in a JSON file; none if it does not exist."""
        path = Path(path)
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else cls()

    def to_json(self) -> str:
        """Canonical JSON (stable key order), as the store records what it applied."""
        data = {
            "merge": [list(g) for g in self.merge],
            "split": [
                {"key": s.key, "documents": sorted(s.documents), **({"as": s.as_key} if s.as_key else {})}
                for s in self.split
            ],
            "organizations": dict(self.organizations),
        }
        return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False, sort_keys=True)

    def names(self) -> set[str]:
        """Every person and organization name the overrides touch."""
        keys = [k for g in self.merge for k in g] + [k for s in self.split for k in (s.key, s.new_key(""))]
        return {name_of(k) for k in keys} | {n for pair in self.organizations for n in pair}

    def split_key(self, key: str, doc_id: str, file_name: str) -> str:
        """A person's key in this document, after the splits."""
        for s in self.split:
            if s.key == key and (doc_id in s.documents or file_name in s.documents):
                return s.new_key(doc_id)
        return key

    def merged(self, key: str) -> str:
        """The key a key is merged into (itself if none)."""
        return self._merged.get(key, key)

    def is_split(self, key: str) -> bool:
        """Whether a key is one a split gave (identity across bulletins leaves it alone)."""
        return any(key == s.as_key or key.startswith(f"{s.key}#") for s in self.split)

    def organization(self, name: str) -> str | None:
        """The full name an organization name is overridden to mean, if any."""
        return self._renamed.get(name)


def _one_name(keys: Iterable[str]) -> bool:
    """Whether every key is ``name@place`` with one and the same name."""
    parts = [k.rpartition("@") for k in keys]
    return all(at and name for name, at, _ in parts) and len({name for name, _, _ in parts}) == 1


# --- what a document tells identity across bulletins, and what identity tells resolution ----


@dataclass(frozen=True, slots=True)
class SeenPost:
    """A post as a document states it: the title; the organization's id, if its name names one body
    wherever it is read (a name with a place, or a company's or an association's name), and name;
    the place its name gives; and its :func:`sector`."""

    title: str
    org_id: str | None
    org: str | None
    place: str | None
    sector: str


@dataclass(frozen=True, slots=True)
class SeenPerson:
    """A person of a document: the key (after splits, before merges), the key resolution gave
    (``to``: after merges and identity), whether a post gave the key its place (``anchored``; else
    the document's place did), and the posts."""

    key: str
    to: str
    anchored: bool
    posts: tuple[SeenPost, ...]


@dataclass(frozen=True, slots=True)
class SeenEvent:
    """An event of a document as identity compares it (its people by key), with what the document's
    graph says it is (``to``: see :meth:`Identities.event_token`)."""

    id: str
    to: str
    date: str | None
    end_date: str | None
    kind: str
    cameo: str | None
    name: str | None
    place: str | None
    place_full: str | None
    people: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """What resolving one document saw, kept with it in the store's registry for :mod:`kg.identity`:
    the document's city and province, its people and its events.

    >>> post = SeenPost("书记", "org-1", "中共温州市委", "温州市", "g")
    >>> p = Profile("温州市", "浙江省", (SeenPerson("王军@温州市", "王军@温州市", True, (post,)),))
    >>> Profile.from_json(p.to_json()) == p
    True
    """

    city: str | None = None
    province: str | None = None
    persons: tuple[SeenPerson, ...] = ()
    events: tuple[SeenEvent, ...] = ()

    def to_json(self) -> str:
        persons = [[p.key, p.to, int(p.anchored), [_values(post) for post in p.posts]] for p in self.persons]
        events = [_values(e) for e in self.events]
        data = {"c": self.city, "p": self.province, "n": persons, "e": events}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Profile:
        data = json.loads(text)
        persons = tuple(
            SeenPerson(key, to, bool(anchored), tuple(SeenPost(*post) for post in posts))
            for key, to, anchored, posts in data["n"]
        )
        events = tuple(SeenEvent(*e[:-1], tuple(e[-1])) for e in data["e"])
        return cls(data["c"], data["p"], persons, events)


def _values(seen: SeenPost | SeenEvent) -> list:
    """The fields of a post or event as told, in order (``dataclasses.astuple`` copies deeply: slower)."""
    return [getattr(seen, name) for name in seen.__slots__]  # type: ignore[union-attr]


@dataclass(frozen=True)
class Identities:
    """Who is who across bulletins, as :func:`kg.identity.identities` decided it from the stored
    profiles: ``by_key`` the key a key (after merges) is one person with, ``persons`` the same for one
    document's key alone ((doc id, key) → key), ``events`` the event each merged telling is (event id
    → the event as every telling writes it)."""

    by_key: Mapping[str, str] = field(default_factory=dict)
    persons: Mapping[tuple[str, str], str] = field(default_factory=dict)
    events: Mapping[str, SeenEvent] = field(default_factory=dict)

    @classmethod
    def recorded(cls, doc_id: str, profile: Profile) -> Identities:
        """What a stored document was last resolved with, as its profile keeps it: its people's keys, and
        its events' ids (each event with its own telling's fields), so that its facts get the store's ids."""
        persons = {(doc_id, s.key): s.to for s in profile.persons}
        events = {e.id: replace(e, id=e.to.partition("#")[0]) for e in profile.events if e.to != e.id}
        return cls(persons=persons, events=events)

    def person(self, doc_id: str, key: str, overrides: Overrides) -> str:
        """The key of the person keyed ``key`` in document ``doc_id``."""
        if found := self.persons.get((doc_id, key)):
            return found
        merged = overrides.merged(key)
        return self.by_key.get(merged, merged)

    def event_token(self, event_id: str) -> str:
        """What a document's graph says of an event: its own id, or the merged event's id and a digest
        of the fields it is written with (so that a change of those is seen)."""
        merged = self.events.get(event_id)
        if merged is None:
            return event_id
        fields = json.dumps(_values(merged)[2:-1], ensure_ascii=False)
        return f"{merged.id}#{hashlib.sha1(fields.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Resolution:
    """A document's facts with resolved ids, each person's resolution key, and what identity needs."""

    facts: Facts
    keys: dict[str, str]  # person id → key (before merges: a merged node's keys say what it joins)
    profile: Profile = Profile()


@dataclass(frozen=True)
class Resolver:
    """Resolves one document's facts against overrides, the store's organization aliases and the
    identities across bulletins."""

    overrides: Overrides = Overrides()
    aliases: Mapping[str, str] = field(default_factory=dict)  # absolute alias → full organization name
    identities: Identities = Identities()

    def org_name(self, name: str) -> str:
        return self.overrides.organization(name) or self.aliases.get(name) or sojourning(name) or name

    def resolve(self, facts: Facts) -> Resolution:
        """The facts with persons, organizations and events keyed across documents."""
        doc = facts.document
        orgs, org_of = self._organizations(facts)
        seen = self._persons_seen(facts, org_of)
        pid = {p.id: person_id(seen[p.id].to) for p in facts.persons}
        persons: dict[str, Person] = {}
        for p in facts.persons:
            merged = persons.setdefault(pid[p.id], replace(p, id=pid[p.id], mentions=[]))
            merged.mentions += p.mentions
        told = {e.id: self.identities.events.get(e.id) for e in facts.events}
        event_of = {i: e.id for i, e in told.items() if e}
        rekeyed = {
            kind.facts: [self._rekeyed(kind, fact, pid, org_of, event_of) for fact in getattr(facts, kind.facts)]
            for kind in RECORDED
            if kind.cls not in (Person, Organization, Event)
        }
        resolved = replace(
            facts,
            document=replace(doc, issuer=self.org_name(doc.issuer) if doc.issuer else None),
            persons=list(persons.values()),
            organizations=orgs,
            events=[_as_told(e, told[e.id]) for e in facts.events],
            participations=[_one_per_person(p, set(event_of.values())) for p in rekeyed.pop("participations")],
            **rekeyed,
        )
        keys = {pid[p.id]: seen[p.id].key for p in facts.persons}
        return Resolution(resolved, keys, self._profile(facts, seen))

    def _profile(self, facts: Facts, seen: Mapping[str, SeenPerson]) -> Profile:
        people: dict[str, set[str]] = {}
        for x in facts.participations:
            if x.person_id in seen:
                people.setdefault(x.event_id, set()).add(seen[x.person_id].key)
        events = tuple(
            SeenEvent(
                e.id,
                self.identities.event_token(e.id),
                e.date.isoformat() if e.date else None,
                e.end_date.isoformat() if e.end_date else None,
                e.kind,
                e.cameo,
                e.name,
                e.place,
                e.place_full,
                tuple(sorted(people.get(e.id, ()))),
            )
            for e in facts.events
        )
        doc = facts.document
        return Profile(doc.city, doc.province, tuple({s.key: s for s in seen.values()}.values()), events)

    def _rekeyed(
        self,
        kind: FactKind,
        fact: object,
        pid: Mapping[str, str],
        org_of: Mapping[str, Organization],
        event_of: Mapping[str, str],
    ) -> object:
        """A fact whose links to persons, organizations and events (and the organizations' names) are
        resolved, as its kind declares them."""
        changes: dict[str, object] = {}
        for f in kind.fields:
            value = getattr(fact, f.name)
            if value is None or (f.form != "named" and f.refers is None):
                continue
            many = isinstance(value, list)
            values = value if many else [value]
            if f.form == "named":
                new = [self.org_name(v) for v in values]
            elif f.refers == "person":
                new = [pid.get(i, i) for i in values]
            elif f.refers == "event":
                new = [event_of.get(i, i) for i in values]
            else:
                found = [org_of.get(i) for i in values]
                new = [o.id if o else i for o, i in zip(found, values, strict=True)]
                if f.names:
                    names = getattr(fact, f.names)
                    renamed = [o.name if o else n for o, n in zip(found, names if many else [names], strict=True)]
                    changes[f.names] = renamed if many else renamed[0]
            changes[f.name] = new if many else new[0]
        return replace(fact, **changes)  # type: ignore[type-var]

    def _organizations(self, facts: Facts) -> tuple[list[Organization], dict[str, Organization]]:
        """The resolved organizations, and each extracted organization id's resolved organization."""
        doc = facts.document
        by_id: dict[str, Organization] = {}
        org_of: dict[str, Organization] = {}
        for o in facts.organizations:
            name = self.org_name(o.name)
            kind = o.kind if name == o.name else org_kind(name) or "OtherOrganization"
            new_id = ids.organization_id(name, None if _anywhere(name, kind) else doc.city or doc.id)
            org_of[o.id] = by_id.setdefault(new_id, Organization(new_id, name, kind, area=o.area))
            org_of[o.id].area = org_of[o.id].area or o.area
            org_of[o.id].aliases |= o.aliases | ({o.name} - {name})
            org_of[o.id].mentions += o.mentions
        for o in facts.organizations:
            if o.parent:
                org_of[o.id].parent = org_of[o.id].parent or (org_of[o.parent].id if o.parent in org_of else o.parent)
        return list(by_id.values()), org_of

    def _persons_seen(self, facts: Facts, org_of: Mapping[str, Organization]) -> dict[str, SeenPerson]:
        """Each extracted person's key (the narrowest place of their posts' organizations; else the first
        by name of the bodies without a place they hold posts in whose names name one body anywhere (a company);
        else the document's place), posts, and the key identity across bulletins gives them."""
        doc = facts.document
        posts: dict[str, list[SeenPost]] = {}
        for t in facts.tenures:
            org = org_of.get(t.org_id) if t.org_id else None
            if org is None:
                post = SeenPost(t.title, None, t.org, None, "")
            else:
                where = jurisdiction(org.name, doc.city, doc.province)
                shared = _anywhere(org.name, org.kind) and (where or len(org.name) >= _SHORTEST_SHARED)
                post = SeenPost(t.title, org.id if shared else None, org.name, where, sector(org.kind))
            posts.setdefault(t.person_id, []).append(post)
        home = doc.city or doc.province or ""
        file_name = doc.source.path.name
        seen = {}
        for p in facts.persons:
            held = tuple(dict.fromkeys(posts.get(p.id, ())))
            found = {post.place for post in held if post.place}
            bodies = sorted(post.org for post in held if post.org and post.org_id and post.sector != "g")
            place = min(found, key=lambda x: rank(x, doc.city)) if found else bodies[0] if bodies else home
            key = self.overrides.split_key(key_of(p.name, place), doc.id, file_name)
            to = self.identities.person(doc.id, key, self.overrides)
            seen[p.id] = SeenPerson(key, to, bool(found or bodies), held)
        return seen


def _anywhere(name: str, kind: str) -> bool:
    """Whether an organization's name names one body wherever it is read: a government body's only
    if it has a place in it (督导组 and 市委 without a city are scoped to a city or a document), any
    other's unless it says only what kind of body it is (:func:`generic`).

    >>> company, government = "Enterprise", "GovernmentBody"
    >>> _anywhere("星辰电器集团", company), _anywhere("投资有限公司", company), _anywhere("督导组", government)
    (True, False, False)
    """
    if name.startswith(_NATIONAL_PREFIXES) or _has_place(name):
        return True
    return kind not in _GOVERNMENT_KINDS and not generic(name)


def _as_told(event: Event, merged: SeenEvent | None) -> Event:
    """An event as every bulletin telling it writes it (its own provenance kept)."""
    if merged is None:
        return event
    return replace(
        event,
        id=merged.id,
        kind=merged.kind,
        cameo=merged.cameo,
        name=merged.name,
        date=_day(merged.date),
        end_date=_day(merged.end_date),
        place=merged.place,
        place_full=merged.place_full,
    )


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _one_per_person(p: Participation, merged: set[str]) -> Participation:
    """A participation in a merged event, named by its person and event: one however many bulletins
    tell it (the others keep the extractor's id)."""
    return replace(p, id=ids.participation_id(p.event_id, p.person_id)) if p.event_id in merged else p


@cache
def _has_place(name: str) -> bool:
    """Whether any place name (full or short) occurs in ``name``."""
    index = places().by_name
    return any(name[i:j] in index for i in range(len(name)) for j in range(i + 2, min(len(name), i + 8) + 1))
