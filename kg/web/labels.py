"""Chinese and English names of the ontology's terms, as pages and drawings show them.

Every class, kind, role and relationship of ``ontology/bulletin.ttl`` has a Chinese and an
English label; the property graph's labels and relationship types (``Person``, ``HOLDS``) are
named after the terms they come from.

>>> from kg.web.labels import label
>>> label("Person"), label("HOLDS"), label("presided"), label("Meeting")
(('人物', 'Person'), ('任职', 'Tenure'), ('主持', 'presided'), ('会议', 'Meeting'))
>>> label("unknown")
('unknown', 'unknown')
"""

from __future__ import annotations

from functools import cache

from rdflib import RDFS, URIRef

from kg.ontology import BK, ontology_graph


@cache
def labels() -> dict[str, tuple[str, str]]:
    """Local names (classes, kinds, roles, node labels, relationship types) → (Chinese, English)."""
    onto = ontology_graph()
    found: dict[str, tuple[str, str]] = {}
    for term in set(onto.subjects(RDFS.label, None)):
        if not isinstance(term, URIRef):
            continue
        names = {lit.language: str(lit) for lit in onto.objects(term, RDFS.label)}
        if "zh" in names and "en" in names:
            pair = (names["zh"], names["en"])
            found.setdefault(_local(term), pair)
            for mapped in (*onto.objects(term, BK.cypherLabel), *onto.objects(term, BK.cypherType)):
                found[str(mapped)] = pair
    return found


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def label(term: str) -> tuple[str, str]:
    """``(Chinese, English)`` for a term's local name; the name twice if the ontology has none."""
    return labels().get(term, (term, term))


def zh(term: str) -> str:
    return label(term)[0]


def en(term: str) -> str:
    return label(term)[1]
