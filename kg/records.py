"""Facts as JSON-ready records: the ``kg extract`` contract (JSON Lines).

One record per fact, each with a ``kind`` (document, person, organization,
tenure, event, participation, agreement), its id, and its provenance. A record
holds the fact's fields as named in :mod:`kg.model` (a fact's own ``kind`` is
renamed ``org_kind`` / ``event_kind``); dates are ISO strings.

>>> from kg.records import to_records
>>> from kg.loaders.extract import extract_path, sample_path
>>> recs = to_records(extract_path(sample_path(), "2014-10-31"))
>>> recs[0]["kind"], recs[1]["kind"], recs[1]["name"]
('document', 'person', '陈一新')
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path

from kg.model import Facts


def plain(value: object) -> object:
    """A JSON-ready copy of a model value (dataclasses, dates, sets, paths)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    return value


def record(kind: str, fact: object) -> dict:
    """One fact as a record of the given kind."""
    out: dict = {"kind": kind}
    for f in fields(fact):
        key = ("org_kind" if kind == "organization" else f"{kind}_kind") if f.name == "kind" else f.name
        out[key] = plain(getattr(fact, f.name))
    return out


def _document(facts: Facts) -> dict:
    doc = facts.document
    return {
        "kind": "document",
        "id": doc.id,
        "file": str(doc.source.path),
        "sha256": doc.source.sha256,
        "encoding": doc.source.encoding,
        "format": doc.source.format,
        "published": plain(doc.published),
        "city": doc.city,
        "local": doc.local,
        "province": doc.province,
        "issuer": doc.issuer,
        "header": doc.header,
        "items": [
            {"index": i.index, "headline": i.headline, "section": i.section, "source_line": i.source_line}
            for i in doc.items
        ],
    }


def to_records(facts: Facts) -> list[dict]:
    """Every fact of a document as a plain dict, the document first."""
    groups = (
        ("person", facts.persons),
        ("organization", facts.organizations),
        ("tenure", facts.tenures),
        ("event", facts.events),
        ("participation", facts.participations),
        ("agreement", facts.agreements),
    )
    return [_document(facts)] + [record(kind, fact) for kind, facts_ in groups for fact in facts_]
