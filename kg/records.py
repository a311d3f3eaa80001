"""Facts as JSON-ready records: the ``kg extract`` contract (JSON Lines).

One record per fact, each with a ``kind`` (document, person, organization,
tenure, event, participation, agreement), its id, and its provenance. A record
holds the fact's fields as named in :mod:`kg.model` (a fact's own ``kind`` is
renamed ``org_kind`` / ``event_kind``); dates are ISO strings.

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

from kg.model import Agreement, Document, Event, Facts, Item, Organization, Participation, Person, Source, Tenure


def plain(value: object) -> object:
    """A JSON-ready copy of a model value (dataclasses, dates, sets, paths)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    names = _field_names(kind)
    if names:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (none for other types)."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()


def record(kind: str, fact: object) -> dict:
    """One fact as a record of the given kind."""
    own = "org_kind" if kind == "organization" else f"{kind}_kind"
    out: dict = {"kind": kind}
    for name in _field_names(type(fact)):
        out[own if name == "kind" else name] = plain(getattr(fact, name))
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


_KINDS = {
    "person": ("persons", Person),
    "organization": ("organizations", Organization),
    "tenure": ("tenures", Tenure),
    "event": ("events", Event),
    "participation": ("participations", Participation),
    "agreement": ("agreements", Agreement),
}


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
    )
    facts = Facts(doc)
    for rec in rest:
        attr, cls = _KINDS[rec["kind"]]
        own_kind = "org_kind" if rec["kind"] == "organization" else f"{rec['kind']}_kind"
        value = {("kind" if k == own_kind else k): v for k, v in rec.items() if k != "kind"}
        getattr(facts, attr).append(_revive(cls, value))
    return facts
