"""A person's career as a timeline page: one bar per spell, the person's events as points.

:func:`render_career` writes ONE self-contained HTML file (no network request, the viewer's
Content-Security-Policy): a spell's stated start and end are a dashed bar, the days it was
observed a filled one inside it, an end stated without its day a stroke; each event the person
took part in is a point on a row of its own. A click shows what the bar or point rests on: its
dates with their precision and the sentences stating them, with their bulletin. The data is the
``career`` question's rows, the events of the ``timeline`` question and the sentences'
texts, all read through the SPARQL engine; the script and style are ``queries/assets/career.*``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg.api import KnowledgeGraph
from kg.ontology import ID
from kg.queries import library
from kg.queries.viewer import fill

SENTENCES_PER_SPELL = 3  # the sentences stating its start and end, and the first that observed it


def _local(value: Any) -> Any:
    return value.removeprefix(str(ID)) if isinstance(value, str) else value


def sentences(kg: KnowledgeGraph, ids: set[str]) -> dict[str, dict]:
    """Sentence id → its text, file and publication date."""
    if not ids:
        return {}
    rows = kg.sparql(library.text("sparql", "lists", "sentences.rq"), sentence=[URIRef(ID[i]) for i in sorted(ids)])
    return {_local(r["sentence"]): {k: _local(v) for k, v in r.items()} for r in rows}


def _quoted(role: str, s: dict) -> dict:
    """A sentence as the page shows it: why it is there, its text, its bulletin."""
    return {"role": role, "text": s["text"], "file": s["file"], "published": s["published"]}


def _first_source(kg: KnowledgeGraph, fact: str) -> list[dict]:
    """The sentence a fact (a tenure, a participation) was read in."""
    return [_quoted("", s) for s in library.answer("source", "sparql", kg, fact=fact)[:1]]


def career_data(kg: KnowledgeGraph, person: str, rows: list[dict]) -> dict:
    """What the page draws: the person, the spells (rows of ``career``) and the person's events,
    each with the sentences it rests on."""
    who = kg.sparql(library.text("sparql", "lists", "person.rq"), person=URIRef(ID[person]))
    events = [r for r in library.answer("timeline", "sparql", kg, entity=person) if r["what"] == "event"]
    found = sentences(kg, {s for r in rows for s in (r["start_sentence"], r["end_sentence"]) if s})
    spells = []
    for r in rows:
        stating = [(role, r[f"{role}_sentence"]) for role in ("start", "end")]
        told = [_quoted(role, found[s]) for role, s in stating if s in found]
        told += [{**s, "role": "observed"} for s in _first_source(kg, r["sources"][0])]
        spells.append({**r, "sources": len(r["sources"]), "sentences": told[:SENTENCES_PER_SPELL]})
    return {
        "person": {"id": person, "name": who[0]["name"] if who else None, "pinyin": who[0]["pinyin"] if who else None},
        "spells": spells,
        "events": [
            {
                "id": e["id"],
                "date": e["date"],
                "name": e["name"],
                "roles": e["detail"],
                "sentences": [{**s, "role": "reported"} for s in _first_source(kg, e["fact"])],
            }
            for e in events
        ],
    }


def render_career(kg: KnowledgeGraph, values: dict[str, Any], rows: list[dict], out: Path) -> str:
    """Write the timeline of the person asked about (``values["person"]``); returns what was drawn."""
    data = career_data(kg, values["person"], rows)
    title = f"{data['person']['name'] or values['person']} · 履历 career"
    Path(out).write_text(
        fill("career.html", title, data, career_css="career.css", career_js="career.js"), encoding="utf-8"
    )
    return f"{len(data['spells'])} spells, {len(data['events'])} events"
