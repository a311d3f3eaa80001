"""The property graph as the CSV files ``neo4j-admin database import`` reads.

A directory of ``nodes_<Label>.csv`` (``id:ID``, typed properties, ``:LABEL``) and
``relationships_<TYPE>.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE``, properties); ids are
unique across labels, so one ID space serves every file.

>>> _columns([{"name": "甲", "n": 1}, {"name": "乙", "n": "2"}, {"aliases": ["丙"]}])
{'aliases': 'aliases:string[]', 'n': 'n', 'name': 'name'}
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from kg.api import KnowledgeGraph

_NEO4J_TYPES = {bool: ":boolean", int: ":long", float: ":double", list: ":string[]"}


def _columns(rows: list[dict]) -> dict[str, str]:
    """Property name → neo4j-admin header (``name:type``); a column of mixed types is text."""
    types: dict[str, set[type]] = {}
    for props in rows:
        for k, v in props.items():
            if v is not None:
                types.setdefault(k, set()).add(type(v))
    return {k: k + (_NEO4J_TYPES.get(next(iter(ts)), "") if len(ts) == 1 else "") for k, ts in sorted(types.items())}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else value


def write_csv(kg: KnowledgeGraph, out: Path) -> dict[str, int]:
    """The property graph as neo4j-admin import files in directory ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pg = kg.property_graph()
    nodes: dict[str, list[dict]] = {}
    for n in pg.nodes:
        nodes.setdefault(n["label"], []).append(n)
    edges: dict[str, list[dict]] = {}
    for e in pg.edges:
        edges.setdefault(e["type"], []).append(e)
    for label, group in nodes.items():
        columns = _columns([n["props"] for n in group])
        rows = ([n["id"], *(_cell(n["props"].get(c)) for c in columns), label] for n in group)
        _write(out / f"nodes_{label}.csv", ["id:ID", *columns.values(), ":LABEL"], rows)
    for rtype, group in edges.items():
        props = [{"key": e["key"], **e["props"]} for e in group]
        columns = _columns(props)
        ends = ([e["src"], e["dst"], rtype] for e in group)
        rows = ([*end, *(_cell(p.get(c)) for c in columns)] for end, p in zip(ends, props, strict=True))
        _write(out / f"relationships_{rtype}.csv", [":START_ID", ":END_ID", ":TYPE", *columns.values()], rows)
    return {"nodes": len(pg.nodes), "edges": len(pg.edges), "files": len(nodes) + len(edges)}


def _write(path: Path, header: list[str], rows: Iterable[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
