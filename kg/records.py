"""Facts as JSON-ready records: the ``kg extract`` contract (JSON Lines).

One record per fact, each with a ``kind`` (document, then the record kinds of
:mod:`kg.fact_kinds`: person, organization, tenure, event, participation,
agreement), its id, and its provenance. A record holds the fact's fields as
named in :mod:`kg.model` (a fact's own ``kind`` is renamed as its kind declares:
``org_kind`` / ``event_kind``); dates are ISO strings.

:func:`from_records` reads them back (the document without its text), which is
how the store keeps what was extracted and re-resolves it later.

>>> from kg.records import from_records, to_records
>>> from kg.loaders.extract import extract_path, sample_path
>>> recs = to_records(extract_path(sample_path(), "2014-10-31"))
>>> recs[0]["kind"], recs[1]["kind"], recs[1]["name"]
('document', 'person', '陈一新')
>>> to_records(from_records(recs)) == recs
True
"""

from __future__ import annotations

import functools
import typing
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path

from kg.fact_kinds import OF_RECORD, RECORDED, FactKind
from kg.model import Document, Facts, Item, Source


def json_value(value: object) -> object:
    """A JSON-ready copy of a model value (dataclasses, dates, sets, paths)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [json_value(v) for v in value]
    names = _field_names(kind)
    if names:
        return {name: json_value(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (none for other types)."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()


def record(kind: FactKind, fact: object) -> dict:
    """One fact as a record of its kind."""
    out: dict = {"kind": kind.record}
    for name in _field_names(type(fact)):
        out[kind.kind_field if name == "kind" and kind.kind_field else name] = json_value(getattr(fact, name))
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
        "published": json_value(doc.published),
        "city": doc.city,
        "local": doc.local,
        "province": doc.province,
        "issuer": doc.issuer,
        "text_digest": doc.text_id,
        "header": doc.header,
        "items": [
            {"index": i.index, "headline": i.headline, "section": i.section, "source_line": i.source_line}
            for i in doc.items
        ],
    }


def to_records(facts: Facts) -> list[dict]:
    """Every fact of a document as a JSON-ready dict, the document first."""
    return [_document(facts)] + [record(kind, fact) for kind in RECORDED for fact in getattr(facts, kind.facts)]


def _revive(hint: object, value: object) -> object:
    """A model value from its JSON form, by the field's type hint."""
    if value is None:
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (list, set):
        return origin(_revive(args[0], v) for v in value)
    if args and origin is not dict:  # X | None
        return _revive(args[0], value)
    if hint is date:
        return date.fromisoformat(value)
    if is_dataclass(hint):
        hints = _hints(hint)  # fields an older version wrote and this one dropped are left out
        return hint(**{k: _revive(hints[k], v) for k, v in value.items() if k in hints})
    return value


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def from_records(records: list[dict]) -> Facts:
    """The facts of one document from its records (the inverse of :func:`to_records`, without the text)."""
    head, *rest = records
    doc = Document(
        id=head["id"],
        source=Source(Path(head["file"]), "", head["encoding"], head["format"], head["sha256"]),
        text="",
        offsets=[0],
        published=_revive(date | None, head["published"]),
        items=[Item(i["index"], i["headline"], 0, 0, 0, i["section"], i["source_line"]) for i in head["items"]],
        header=head["header"],
        city=head["city"],
        province=head["province"],
        local=head["local"],
        issuer=head["issuer"],
        text_digest=head.get("text_digest", ""),  # records of older versions have none
    )
    facts = Facts(doc)
    for rec in rest:
        kind = OF_RECORD[rec["kind"]]
        value = {("kind" if k == kind.kind_field else k): v for k, v in rec.items() if k != "kind"}
        getattr(facts, kind.facts).append(_revive(kind.cls, value))
    return facts
