"""Facts as JSON-ready records: the ``kg extract`` contract (JSON Lines).

One record per fact, each with a ``kind`` (person, tenure, participation,
agreement, organization, event, document), its id, and its provenance.

>>> from kg.records import to_records
>>> from kg.loaders.extract import extract_path, sample_path
>>> recs = to_records(extract_path(sample_path(), "2014-10-31"))
>>> recs[0]["kind"]
'document'
"""

from __future__ import annotations

from datetime import date

from kg.model import Facts


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def to_records(facts: Facts) -> list[dict]:
    """Every fact of a document as a plain dict."""
    doc = facts.document
    out: list[dict] = [
        {
            "kind": "document",
            "id": doc.id,
            "file": str(doc.source.path),
            "sha256": doc.source.sha256,
            "encoding": doc.source.encoding,
            "format": doc.source.format,
            "published": _iso(doc.published),
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
    ]
    out += [
        {
            "kind": "person",
            "id": p.id,
            "name": p.name,
            "pinyin": p.pinyin,
            "mentions": [m.to_dict() for m in p.mentions],
        }
        for p in facts.persons
    ]
    out += [
        {
            "kind": "organization",
            "id": o.id,
            "name": o.name,
            "org_kind": o.kind,
            "aliases": sorted(o.aliases),
            "parent": o.parent,
        }
        for o in facts.organizations
    ]
    out += [
        {
            "kind": "tenure",
            "id": t.id,
            "person": t.person,
            "person_id": t.person_id,
            "title": t.title,
            "org": t.org,
            "org_id": t.org_id,
            "observed": _iso(t.observed),
            "provenance": t.provenance.to_dict(),
        }
        for t in facts.tenures
    ]
    out += [
        {
            "kind": "event",
            "id": e.id,
            "event_kind": e.kind,
            "name": e.name,
            "date": _iso(e.date),
            "end_date": _iso(e.end_date),
            "place": e.place,
            "place_full": e.place_full,
            "organizer": e.organizer,
            "cameo": e.cameo,
            "provenance": e.provenance.to_dict(),
        }
        for e in facts.events
    ]
    out += [
        {
            "kind": "participation",
            "id": p.id,
            "person": p.person,
            "person_id": p.person_id,
            "event": p.event_id,
            "date": _iso(p.date),
            "roles": p.roles,
            "provenance": p.provenance.to_dict(),
        }
        for p in facts.participations
    ]
    out += [
        {
            "kind": "agreement",
            "id": a.id,
            "name": a.name,
            "date": _iso(a.date),
            "parties": a.parties,
            "party_ids": a.party_ids,
            "event": a.event_id,
            "amount_yuan": a.amount,
            "area_mu": a.area_mu,
            "projects": a.projects,
            "signatories": a.signers,
            "provenance": a.provenance.to_dict() if a.provenance else None,
        }
        for a in facts.agreements
    ]
    return out
