"""What the pages show, read from the store: one method per page, SPARQL texts in ``sparql/``.

Entity pages combine the question library's answers (profile, met, officials, search) with
texts of their own (a person's career, the documents naming them, an organization's events).
Every text reads one entity, bound as a parameter; the agreement register, read whole, is kept
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
>>> page["partners"][0]["name"], page["partners"][0]["events"]
('陈金彪', 2)
"""

from __future__ import annotations

import functools
import re
import threading
from collections import defaultdict
from importlib import resources
from typing import Any

from rdflib import URIRef

from kg.api import KnowledgeGraph, Rows
from kg.ontology import ID
from kg.queries import library

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


def _split(value: str | None) -> list[str]:
    return sorted(set(value.split(library.LIST_SEPARATOR))) if value else []


class Reader:
    """The store's answers for each page (see the module's documentation)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._register: list[dict] | None = None
        self._lock = threading.Lock()

    def rows(self, name: str, **entities: str) -> Rows:
        """Rows of the text ``sparql/NAME.rq``, with entity ids bound as IRIs and given back as ids."""
        return self.kg._rows(_text(name), **{k: URIRef(ID[v]) for k, v in entities.items()})

    def answer(self, question: str, **values: Any) -> list[dict]:
        """A question of the library, answered by SPARQL."""
        return library.answer(question, "sparql", self.kg, **values)

    # --- search -------------------------------------------------------------------------
    def search(self, text: str) -> list[dict]:
        """Entities whose name, alias or pinyin contains the text (the library's ``search``)."""
        return self.answer("search", text=text) if text.strip() else []

    def similar(self, text: str) -> list[str]:
        """Names one typo away from the text, for "did you mean"."""
        return self.kg.store.names.similar(text) if text.strip() else []

    # --- entities -----------------------------------------------------------------------
    def person(self, person: str) -> dict | None:
        head = self.rows("person", person=person)
        if not head:
            return None
        profile = self.answer("profile", person=person)
        met = self.answer("met", person=person)
        mentions = self.rows("mentions", person=person)
        for m in mentions:
            m["posts"] = _split(m["posts"])
        return {
            "id": person,
            "name": head[0]["name"],
            "pinyin": head[0]["pinyin"],
            "keys": _split(head[0]["keys"]),
            "career": self.rows("career", person=person),
            "events": [r for r in profile if r["section"] == "event"],
            "agreements": [r for r in profile if r["section"] == "agreement"],
            "partners": partners(met),
            "mentions": mentions,
        }

    def organization(self, org: str) -> dict | None:
        rows = self.rows("organization", org=org)
        if not rows:
            return None
        related = defaultdict(list)
        for r in rows:
            if r["relation"]:
                related[r["relation"]].append({"id": r["other"], "name": r["other_name"]})
        linked = self.rows("organization_events", org=org)
        return {
            "id": org,
            "name": rows[0]["name"],
            "kind": rows[0]["kind"],
            "aliases": _split(rows[0]["aliases"]),
            "parents": related["parent"],
            "children": related["child"],
            "officials": self.answer("officials", org=org),
            "events": [r for r in linked if r["section"] == "event"],
            "agreements": [r for r in linked if r["section"] == "agreement"],
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
        rows = self.rows("agreement", agreement=agreement)
        if not rows:
            return None
        related = defaultdict(list)
        for r in rows:
            if r["relation"]:
                related[r["relation"]].append({"id": r["other"], "name": r["other_name"]})
        head = {k: rows[0][k] for k in ("name", "date", "amount_yuan", "area_mu")}
        return {**head, "id": agreement, **related, "evidence": self.rows("evidence", fact=agreement)}

    def place(self, entity: str) -> dict | None:
        """A place (events held there, organizations in its jurisdiction) or a project (agreements)."""
        rows = self.rows("place", entity=entity)
        if not rows:
            return None
        linked = defaultdict(list)
        for r in rows:
            if r["section"]:
                linked[r["section"]].append({"id": r["id"], "name": r["id_name"], "date": r["date"]})
        return {"id": entity, **{k: rows[0][k] for k in ("label", "name", "full_name")}, **linked}

    def post(self, post: str) -> dict | None:
        rows = self.rows("post", post=post)
        if not rows:
            return None
        head = {k: rows[0][k] for k in ("title", "org", "org_name")}
        return {**head, "id": post, "holders": [r for r in rows if r["person"]]}

    # --- the agreement register -------------------------------------------------------------
    def register(self) -> list[dict]:
        """Every agreement (date, name, parties, amounts, signing event and place, document), read once."""
        with self._lock:
            if self._register is None:
                rows = self.rows("register")
                for r in rows:
                    r["parties"] = _split(r["parties"])
                self._register = list(rows)
            return self._register


def partners(met: list[dict]) -> list[dict]:
    """The people met at events (rows of the ``met`` question), most shared events first.

    >>> _ = partners([{"id": "p2", "name": "乙", "event": "e1", "date": "2014-10-01"},
    ...           {"id": "p2", "name": "乙", "event": "e2", "date": "2014-11-01"},
    ...           {"id": "p3", "name": "丙", "event": "e2", "date": "2014-11-01"}])
    >>> [(p["name"], p["events"], p["last"]) for p in _]
    [('乙', 2, '2014-11-01'), ('丙', 1, '2014-11-01')]
    """
    found: dict[str, dict] = {}
    for r in met:
        p = found.setdefault(r["id"], {"id": r["id"], "name": r["name"], "events": set(), "last": None})
        p["events"].add(r["event"])
        if r["date"] and (p["last"] is None or r["date"] > p["last"]):
            p["last"] = r["date"]
    ranked = [{**p, "events": len(p["events"])} for p in found.values()]
    return sorted(ranked, key=lambda p: (-p["events"], p["name"] or "", p["id"]))
