"""Export formats: a registry of writers that ``kg export`` (and anything else) reads its choices from.

As rdflib's plugins are, each format is declared once — its name, what it writes, the
function that writes it (``module:function``, imported when first used), its media type and
file suffix, and whether it writes a directory — and :func:`export` runs it. A new format is
a module in this package with a writer ``write(kg, out) -> counts`` and one :func:`register`
line below.

>>> [f.name for f in formats()]
['ttl', 'nquads', 'jsonld', 'graphml', 'csv', 'facts', 'ftm', 'popolo', 'spells', 'gexf']
>>> import io, tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> export(kg, "ttl", io.BytesIO())["triples"] == len(kg.to_rdflib())
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

Writer = Callable[[Any, Any], dict[str, int]]  # (knowledge graph, binary stream or directory) → what was written


@dataclass(frozen=True)
class ExportFormat:
    """One export format: ``writer`` is ``module:function``, taking the knowledge graph and a binary
    stream (a directory's :class:`~pathlib.Path` when ``directory``) and returning counts."""

    name: str
    summary: str
    writer: str
    media_type: str
    suffix: str  # of the file written ("" for a directory)
    directory: bool = False

    def write(self, kg: KnowledgeGraph, out: IO[bytes] | Path) -> dict[str, int]:
        module, _, function = self.writer.partition(":")
        write: Writer = getattr(importlib.import_module(module), function)
        return write(kg, out)


REGISTRY: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add a format (a name registered again is replaced)."""
    REGISTRY[fmt.name] = fmt
    return fmt


def formats() -> list[ExportFormat]:
    """Every registered format, in the order registered."""
    return list(REGISTRY.values())


def get(name: str) -> ExportFormat:
    """The format called ``name``; ``ValueError`` naming the known ones otherwise."""
    if name not in REGISTRY:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(REGISTRY)}")
    return REGISTRY[name]


def export(kg: KnowledgeGraph, name: str, out: IO[bytes] | Path) -> dict[str, int]:
    """Write the store in format ``name`` to a binary stream or a file (a directory for a directory
    format); returns what was written."""
    fmt = get(name)
    if fmt.directory or not isinstance(out, Path):
        return fmt.write(kg, out)
    with out.open("wb") as f:
        return fmt.write(kg, f)


for _format in (
    ExportFormat(
        "ttl", "the merged graph (each triple once), Turtle", "kg.exports.rdf:write_turtle", "text/turtle", ".ttl"
    ),
    ExportFormat(
        "nquads",
        "every document's graph, N-Quads (graph name = document IRI)",
        "kg.exports.rdf:write_nquads",
        "application/n-quads",
        ".nq",
    ),
    ExportFormat(
        "jsonld",
        "the merged graph, JSON-LD (expanded form)",
        "kg.exports.rdf:write_jsonld",
        "application/ld+json",
        ".jsonld",
    ),
    ExportFormat(
        "graphml",
        "the networkx graph (as kg view draws it), attributes flattened for Gephi",
        "kg.exports.graphml:write_graphml",
        "application/graphml+xml",
        ".graphml",
    ),
    ExportFormat(
        "csv",
        "a directory of nodes_<Label>.csv and relationships_<TYPE>.csv for neo4j-admin database import",
        "kg.exports.neo4j_csv:write_csv",
        "text/csv",
        "",
        directory=True,
    ),
    ExportFormat(
        "facts",
        "JSON Lines of the kg extract records, ids as resolved in the store, persons with their key",
        "kg.exports.facts:write_facts",
        "application/x-ndjson",
        ".jsonl",
    ),
    ExportFormat(
        "ftm",
        "FollowTheMoney entities, JSON lines (Person, PublicBody, Position, Occupancy, Event, Contract …)",
        "kg.exports.ftm:write_ftm",
        "application/x-ndjson",
        ".ftm.json",
    ),
    ExportFormat(
        "popolo",
        "Popolo JSON: persons, organizations, posts, memberships (one per spell), events, areas",
        "kg.exports.popolo:write_popolo",
        "application/json",
        ".popolo.json",
    ),
    ExportFormat(
        "spells",
        "CSV, one row per person and post spell (stated start and end, observed, precision, sources)",
        "kg.exports.spells:write_spells",
        "text/csv",
        ".csv",
    ),
    ExportFormat(
        "gexf",
        "GEXF 1.3 with time spells on nodes and edges, for Gephi's timeline",
        "kg.exports.gexf:write_gexf",
        "application/gexf+xml",
        ".gexf",
    ),
):
    register(_format)
