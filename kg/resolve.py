"""Entity resolution across bulletins: when two mentions are one person or one organization.

A bulletin names people without ids, and 王军 is a common name, so a person is
keyed by **name and jurisdiction**: ``name@place``. The place is the narrowest
jurisdiction of the organizations the document says the person holds posts in
(市委书记 in a Wenzhou bulletin → 温州市; 浙江省人民政府经济合作交流办公室副主任 →
浙江省, whichever city's bulletin says it), else the document's own city. So the
same official across Wenzhou bulletins is one node, a 杭州 王军 and a 温州 王军 are
two, and a provincial official met in two cities is one. The key depends only on
the document, so the same input always gives the same IRIs.

Organizations are keyed by their full name (the extractor already expands 市委 →
中共温州市委 against the bulletin's jurisdiction). A name that some stored bulletin
gives as an unambiguous alias of another organization (温州市经合办 for
温州市经济合作交流办公室) resolves to that organization; a government body whose
name carries no place (督导组, or 市委 in a bulletin whose city is unknown) is
scoped to the document's city, or to the document itself.

An :class:`Overrides` file corrects what these rules get wrong: ``merge`` joins
keys into one person, ``split`` gives a person in the listed documents a key of
its own, ``organizations`` maps a name to the organization it means.

>>> key_of("陈一新", "温州市")
'陈一新@温州市'
>>> jurisdiction("中共温州市鹿城区委"), jurisdiction("浙江省人民政府经济合作交流办公室"), jurisdiction("督导组")
('温州市', '浙江省', None)
>>> Overrides.from_json('{"merge": [["夏炳荣@浙江省", "夏炳荣@温州市"]]}').merged("夏炳荣@温州市")
'夏炳荣@浙江省'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from kg import ids
from kg.fact_kinds import RECORDED, FactKind
from kg.loaders.orgs import org_kind
from kg.loaders.places import Place, places
from kg.model import Facts, Organization, Person

NATION = "中国"
_NATIONAL_PREFIXES = ("中共中央", "中央", "国务院", "全国", "国家")
_GOVERNMENT_KINDS = {"PartyCommittee", "GovernmentBody", "PeoplesCongress", "PoliticalConsultative", "DevelopmentZone"}
_LONGEST_PLACE = 12


def key_of(name: str, place: str) -> str:
    """The resolution key of a person: ``name@place``."""
    return f"{name}@{place}"


def person_id(key: str) -> str:
    """The id of the person a key names (``name@place`` → :func:`kg.ids.person_id` of name and place)."""
    name, _, place = key.rpartition("@")
    return ids.person_id(name, place) if name else ids.stable_id("person", key)


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
        if i == 0 and (len(found) == 1 or any(p.province == province for p in found)):
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


def _rank(place: str, city: str | None) -> tuple[int, bool, str]:
    """Narrowest first: a city, then a province, then the nation; the document's own city wins a tie."""
    level = 2 if place == NATION else 1 if any(p.level == "province" for p in places().by_name.get(place, ())) else 0
    return level, place != city, place


@cache
def absolute(alias: str) -> bool:
    """Whether an alias names one organization wherever it is read: it starts with a place
    (温州市委, not 市委) whose name is unique in China, and is more than the place itself."""
    index = places().by_name
    for end in range(min(len(alias) - 1, _LONGEST_PLACE), 1, -1):
        if found := index.get(alias[:end]):
            return len(found) == 1 and alias not in index
    return False


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
        return {k.rpartition("@")[0] for k in keys} | {n for pair in self.organizations for n in pair}

    def split_key(self, key: str, doc_id: str, file_name: str) -> str:
        """A person's key in this document, after the splits."""
        for s in self.split:
            if s.key == key and (doc_id in s.documents or file_name in s.documents):
                return s.new_key(doc_id)
        return key

    def merged(self, key: str) -> str:
        """The key a key is merged into (itself if none)."""
        return self._merged.get(key, key)

    def organization(self, name: str) -> str | None:
        """The full name an organization name is overridden to mean, if any."""
        return self._renamed.get(name)


def _one_name(keys: Iterable[str]) -> bool:
    """Whether every key is ``name@place`` with one and the same name."""
    parts = [k.rpartition("@") for k in keys]
    return all(at and name for name, at, _ in parts) and len({name for name, _, _ in parts}) == 1


@dataclass(frozen=True)
class Resolution:
    """A document's facts with resolved ids, and each person's resolution key."""

    facts: Facts
    keys: dict[str, str]  # person id → key (before merges: a merged node's keys say what it joins)


@dataclass(frozen=True)
class Resolver:
    """Resolves one document's facts against overrides and the store's organization aliases."""

    overrides: Overrides = Overrides()
    aliases: Mapping[str, str] = field(default_factory=dict)  # absolute alias → full organization name

    def org_name(self, name: str) -> str:
        return self.overrides.organization(name) or self.aliases.get(name) or name

    def resolve(self, facts: Facts) -> Resolution:
        """The facts with persons and organizations keyed across documents."""
        doc = facts.document
        orgs, org_of = self._organizations(facts)
        keys = self._person_keys(facts, org_of)
        pid = {p.id: person_id(self.overrides.merged(keys[p.id])) for p in facts.persons}
        persons: dict[str, Person] = {}
        for p in facts.persons:
            merged = persons.setdefault(pid[p.id], replace(p, id=pid[p.id], mentions=[]))
            merged.mentions += p.mentions
        rekeyed = {
            kind.facts: [self._rekeyed(kind, fact, pid, org_of) for fact in getattr(facts, kind.facts)]
            for kind in RECORDED
            if kind.cls not in (Person, Organization)
        }
        resolved = replace(
            facts,
            document=replace(doc, issuer=self.org_name(doc.issuer) if doc.issuer else None),
            persons=list(persons.values()),
            organizations=orgs,
            **rekeyed,
        )
        return Resolution(resolved, {pid[p.id]: keys[p.id] for p in facts.persons})

    def _rekeyed(
        self, kind: FactKind, fact: object, pid: Mapping[str, str], org_of: Mapping[str, Organization]
    ) -> object:
        """A fact whose links to persons and organizations (and the organizations' names) are resolved,
        as its kind declares them."""
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
            anchored = kind not in _GOVERNMENT_KINDS or name.startswith(_NATIONAL_PREFIXES) or _has_place(name)
            new_id = ids.organization_id(name, None if anchored else doc.city or doc.id)
            org_of[o.id] = by_id.setdefault(new_id, Organization(new_id, name, kind, area=o.area))
            org_of[o.id].area = org_of[o.id].area or o.area
            org_of[o.id].aliases |= o.aliases | ({o.name} - {name})
            org_of[o.id].mentions += o.mentions
        for o in facts.organizations:
            if o.parent:
                org_of[o.id].parent = org_of[o.id].parent or (org_of[o.parent].id if o.parent in org_of else o.parent)
        return list(by_id.values()), org_of

    def _person_keys(self, facts: Facts, org_of: Mapping[str, Organization]) -> dict[str, str]:
        doc = facts.document
        places_of: dict[str, set[str]] = {}
        for t in facts.tenures:
            if t.org_id in org_of and (where := jurisdiction(org_of[t.org_id].name, doc.city, doc.province)):
                places_of.setdefault(t.person_id, set()).add(where)
        home = doc.city or doc.province or ""
        file_name = doc.source.path.name
        keys = {}
        for p in facts.persons:
            found = places_of.get(p.id)
            place = min(found, key=lambda x: _rank(x, doc.city)) if found else home
            keys[p.id] = self.overrides.split_key(key_of(p.name, place), doc.id, file_name)
        return keys


@cache
def _has_place(name: str) -> bool:
    """Whether any place name (full or short) occurs in ``name``."""
    index = places().by_name
    return any(name[i:j] in index for i in range(len(name)) for j in range(i + 2, min(len(name), i + 8) + 1))
