"""The store as RDF: Turtle and JSON-LD of the merged graph, N-Quads of the document graphs.

Only the facts are written: neither the registry nor derived graphs (such as the co-attendance
rankings) are facts of a bulletin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from kg.api import KnowledgeGraph
from kg.ontology import PREFIXES


def write_turtle(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The merged graph (each triple once), as Turtle with the project's prefixes."""
    return _merged(kg, out, ox.RdfFormat.TURTLE)


def write_jsonld(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """The merged graph (each triple once), as JSON-LD."""
    return _merged(kg, out, ox.RdfFormat.JSON_LD)


def write_nquads(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """Every document's graph, as N-Quads (the graph name is the document's IRI)."""
    counted = _Counter()
    ox.serialize(counted.each(kg.store.quads()), out, format=ox.RdfFormat.N_QUADS)
    return {"quads": counted.n}


def _merged(kg: KnowledgeGraph, out: IO[bytes], fmt: ox.RdfFormat) -> dict[str, int]:
    counted = _Counter()
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    ox.serialize(counted.each(kg.store.triples()), out, format=fmt, prefixes=prefixes)
    return {"triples": counted.n}


class _Counter:
    """Counts what passes through :meth:`each`."""

    def __init__(self) -> None:
        self.n = 0

    def each(self, items: Iterable) -> Iterator:
        for item in items:
            self.n += 1
            yield item
