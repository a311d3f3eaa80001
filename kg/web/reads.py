"""What the pages show, read from the store: one method per page, SPARQL texts in ``sparql/``.

Entity pages combine the question library's answers (search, a place's or a post's links)
with texts of their own. Every text reads one entity, bound as a parameter. A list that can be
long (a person's events, agreements, people met and documents; an organization's people,
events and agreements) is read a :class:`Section` at a time: the text counts the rows, picks
the page's keys (``LIMIT … OFFSET …``, cheap columns only) and reads the details of those
alone, so a hub costs about what any page costs. The agreement register, read whole, is kept
for the life of the server (which opens the store read-only: it does not change under it).

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> reader = Reader(kg)
>>> chen = reader.search("陈一新")[0]["id"]
>>> page = reader.person(chen)
>>> page["name"], page["keys"], [p["title"] for p in page["career"]]
('陈一新', ['陈一新@温州市'], ['书记'])
>>> page["partners"].total, page["partners"].rows[0]["name"], page["partners"].rows[0]["events"]
(9, '陈金彪', 2)
"""

from __future__ import annotations

import functools
import re
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rdflib import URIRef

from kg.api import KnowledgeGraph, Rows
from kg.ontology import ID
from kg.queries import library
from kg.stores.name_index import NameIndex
from kg.web import register

# id prefix → node label, and the page that shows it
KINDS = {
    "person": "Person",
    "org": "Organization",
    "post": "Post",
    "event": "Event",
    "agreement": "Agreement",
    "place": "Place",
    "project": "Project",
    "doc": "Document",
}
_ID = re.compile(r"^(?P<prefix>[a-z]+)-[0-9a-f]{16}$")
PAGE = 50  # rows of a long list a page shows at once
_PAGE = re.compile(r"\bLIMIT \d+ OFFSET \d+\b")  # where a section's text picks its page


def kind_of(entity: str) -> str | None:
    """The node label an id stands for (``person-…`` → ``Person``), or None for what is not an entity id.

    >>> kind_of("person-d9dae622992c592e"), kind_of("doc-afcdffe71b2baff6"), kind_of("person-x")
    ('Person', 'Document', None)
    """
    m = _ID.match(entity)
    return KINDS.get(m["prefix"]) if m else None


@functools.cache
def _text(name: str) -> str:
    return resources.files("kg.web").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")


PERSON_SECTIONS = ("events", "agreements", "partners", "mentions")  # sparql/person_NAME.rq
ORGANIZATION_SECTIONS = ("people", "events", "agreements")  # sparql/organization_NAME.rq
_AGREEMENT_LINKS = {"party": "party", "event": "signedAt", "signatory": "signatory", "project": "concerns"}


def _iris(ids: str | list[str]) -> URIRef | list[URIRef]:
    return [URIRef(ID[i]) for i in ids] if isinstance(ids, list) else URIRef(ID[ids])


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _first(props: dict[str, list], key: str) -> Any:
    return props[key][0] if props.get(key) else None


def _name(props: dict[str, list]) -> str | None:
    """What an entity is called: its name, else its title (a post) or kind (an unnamed event)."""
    return _first(props, "name") or _first(props, "title") or _first(props, "kind")


def _split(value: str | None) -> list[str]:
    return sorted(set(value.split(library.LIST_SEPARATOR))) if value else []


@dataclass(frozen=True)
class Section:
    """A page of a long list: ``rows`` from row ``start`` (0-based), of ``total`` in all.

    >>> s = Section([{"id": "e1"}], total=120, start=50)
    >>> s.previous, s.next, s.last
    (0, 100, 51)
    """

    rows: list[dict]
    total: int
    start: int = 0
    size: int = PAGE

    @property
    def last(self) -> int:
        """The number of the last row shown (1-based)."""
        return self.start + len(self.rows)

    @property
    def next(self) -> int | None:
        """Where the next page starts, or None on the last one."""
        return self.start + self.size if self.start + self.size < self.total else None

    @property
    def previous(self) -> int | None:
        """Where the previous page starts, or None on the first one."""
        return max(0, self.start - self.size) if self.start else None


class Reader:
    """The store's answers for each page (see the module's documentation)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._register: list[dict] | None = None
        self._lock = threading.Lock()

    def rows(self, name: str, **entities: str | list[str]) -> Rows:
        """Rows of the text ``sparql/NAME.rq``, with entity ids (one, or a list) bound as IRIs and
        given back as ids."""
        return self.kg.select(_text(name), **{k: _iris(v) for k, v in entities.items()})

    def section(self, name: str, start: int = 0, size: int | None = PAGE, **entities: str) -> Section:
        """A page of ``sparql/NAME.rq``, a text whose keys' subquery ends in ``LIMIT 50 OFFSET 0``
        (set here to ``size`` rows from ``start``; ``size`` None: every row) and whose rows carry
        the ``total``. A page past the end gives the first one."""
        text = _text(name)
        if len(_PAGE.findall(text)) != 1:
            raise ValueError(f"sparql/{name}.rq: a section's text has one LIMIT … OFFSET …")
        start = max(0, start) if size else 0
        paged = _PAGE.sub(f"LIMIT {size} OFFSET {start}" if size else "", text)
        rows = self.kg.select(paged, **{k: _iris(v) for k, v in entities.items()})
        if not rows and start > 0:
            return self.section(name, 0, size, **entities)
        total = rows[0]["total"] if rows else 0
        return Section([{k: v for k, v in r.items() if k != "total"} for r in rows], total, start, size or total)

    def answer(self, question: str, **values: Any) -> list[dict]:
        """A question of the library, answered by SPARQL."""
        return library.answer(question, "sparql", self.kg, **values)

    # --- search -------------------------------------------------------------------------
    def search(self, text: str) -> list[dict]:
        """Entities whose name, alias or pinyin contains the text (the library's ``search``)."""
        return self.answer("search", text=text) if text.strip() else []

    def similar(self, text: str) -> list[str]:
        """Names one typo away from the text, for "did you mean"."""
        index = self.kg.index(NameIndex.NAME) if text.strip() else None
        return index.similar(text) if isinstance(index, NameIndex) else []

    # --- entities -----------------------------------------------------------------------
    def properties(self, entities: list[str]) -> dict[str, dict[str, list]]:
        """What the store says about each entity: property (local name: ``name``, ``type``, ``party``
        …) → its values, sorted (ids of this graph as ids, classes by local name)."""
        found: dict[str, dict[str, set]] = {}
        if entities:
            for r in self.rows("properties", entity=list(dict.fromkeys(entities))):
                value = r["value"]
                if isinstance(value, str) and value.startswith("http"):
                    value = _local(value)
                found.setdefault(r["entity"], defaultdict(set))[_local(r["property"])].add(value)
        return {e: {k: sorted(v, key=str) for k, v in props.items()} for e, props in found.items()}

    def named(self, ids: list[str]) -> list[dict]:
        """``{"id", "name"}`` of each of the entities (an unnamed event by its kind)."""
        props = self.properties(ids)
        return [{"id": i, "name": _name(props.get(i, {}))} for i in ids]

    def _entity(self, entity: str, kind: str) -> dict[str, list] | None:
        props = self.properties([entity]).get(entity, {})
        return props if kind in props.get("type", ()) else None

    def person(self, person: str, starts: Mapping[str, int] | None = None) -> dict | None:
        """A person's page; ``starts``: where each section's page starts (``events``, ``agreements``,
        ``partners``, ``mentions``; default 0)."""
        props = self._entity(person, "Person")
        if props is None:
            return None
        starts = starts or {}
        sections = {k: self.section(f"person_{k}", starts.get(k, 0), person=person) for k in PERSON_SECTIONS}
        for r in [*sections["events"].rows, *sections["agreements"].rows]:
            r["context"], r["roles"] = _split(r["context"]), _split(r["roles"])
        for m in sections["mentions"].rows:
            m["posts"] = _split(m["posts"])
        return {
            "id": person,
            "name": _name(props),
            "pinyin": _first(props, "pinyin"),
            "keys": props.get("resolutionKey", []),
            "career": self.rows("career", person=person),
            "event_days": [r["date"] for r in self.rows("event_days", person=person)],
            **sections,
        }

    def organization(self, org: str, starts: Mapping[str, int] | None = None) -> dict | None:
        """An organization's page; ``starts``: where each section's page starts (``people``,
        ``events``, ``agreements``; default 0). Each counts what is under it too."""
        props = self._entity(org, "Organization")
        if props is None:
            return None
        starts = starts or {}
        children = [r["child"] for r in self.rows("children", org=org)]
        return {
            "id": org,
            "name": _name(props),
            "kind": _first(props, "kind"),
            "aliases": props.get("alternateName", []),
            "parents": self.named(props.get("subOrganizationOf", [])),
            "children": Section(self.named(children[:PAGE]), len(children)),
            **{k: self.section(f"organization_{k}", starts.get(k, 0), org=org) for k in ORGANIZATION_SECTIONS},
        }

    def event(self, event: str) -> dict | None:
        rows = self.rows("event", event=event)
        if not rows:
            return None
        people = self.rows("event_people", event=event)
        for p in people:
            p["roles"] = _split(p["roles"])
        return {
            **rows[0],
            "id": event,
            "documents": sorted({r["document"] for r in rows}),
            "participants": [p for p in people if p["section"] == "participant"],
            "agreements": [p for p in people if p["section"] == "agreement"],
            "evidence": self.rows("evidence", fact=event),
        }

    def agreement(self, agreement: str) -> dict | None:
        props = self._entity(agreement, "Agreement")
        if props is None:
            return None
        events = props.get("signedAt", [])
        places = sorted({p for e in self.properties(events).values() for p in e.get("location", [])})
        return {
            "id": agreement,
            "name": _name(props),
            "date": _first(props, "signingDate"),
            "amount_yuan": _first(props, "amountYuan"),
            "area_mu": _first(props, "areaMu"),
            **{k: self.named(props.get(p, [])) for k, p in _AGREEMENT_LINKS.items()},
            "place": self.named(places),
            "evidence": self.rows("evidence", fact=agreement),
        }

    def place(self, entity: str) -> dict | None:
        """A place (events held there, organizations in its jurisdiction) or a project (agreements)."""
        props = self.properties([entity]).get(entity, {})
        kind = next((k for k in ("Place", "Project") if k in props.get("type", ())), None)
        if kind is None:
            return None
        linked = defaultdict(list)
        for r in self.rows("place", entity=entity):
            linked[r["section"]].append(r)
        return {"id": entity, "label": kind, "name": _name(props), "full_name": _first(props, "fullName"), **linked}

    def post(self, post: str) -> dict | None:
        props = self._entity(post, "Post")
        if props is None:
            return None
        org = _first(props, "postIn")
        return {
            "id": post,
            "title": _first(props, "title"),
            "org": org,
            "org_name": self.named([org])[0]["name"] if org else None,
            "holders": self.rows("post", post=post),
        }

    # --- the agreement register -------------------------------------------------------------
    def register(self) -> list[dict]:
        """Every agreement (date, name, parties, amounts, signing event and place, document), read once."""
        with self._lock:
            if self._register is None:
                self._register = _register_rows(self.section("register", size=None).rows)
            return self._register

    def register_page(self, f: register.Filters) -> tuple[list[dict], int]:
        """The register's rows on the page ``f`` asks for, and how many pass its filters. The first
        visit's view (no filter, latest first) is read a page at a time until the whole register
        has been read for another view (seconds for 60,000 agreements; then kept)."""
        start = (f.page - 1) * register.PAGE
        if self._register is None and f == register.Filters(page=f.page):
            page = self.section("register", start, register.PAGE)
            return _register_rows(page.rows), page.total
        rows = register.select(self.register(), f)
        return rows[start : start + register.PAGE], len(rows)


def _register_rows(rows: list[dict]) -> list[dict]:
    """Register rows with their parties as lists, each agreement once (the first row of one whose
    documents disagree on its amounts)."""
    found: dict[str, dict] = {}
    for r in rows:
        found.setdefault(r["id"], {**r, "parties": _split(r["parties"])})
    return list(found.values())

