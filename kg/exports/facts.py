"""The facts as the extractor wrote them, with ids as resolved in the store: JSON Lines."""

from __future__ import annotations

import json
from typing import IO

from kg.api import KnowledgeGraph
from kg.ingest import as_stored, store_aliases
from kg.records import from_records, to_records
from kg.resolve import Resolver


def write_facts(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """Each stored document's ``kg extract`` records, resolved as in the store (person records also
    carry their resolution ``key``)."""
    overrides, aliases, entries = kg.overrides(), store_aliases(kg.store), kg.store.entries()
    n, documents = 0, kg.documents()
    for doc in documents:
        resolver = Resolver(overrides, aliases, as_stored(entries[doc["id"]]))
        resolution = resolver.resolve(from_records(kg.store.records(doc["id"])))
        for rec in to_records(resolution.facts):
            if rec["kind"] == "person":
                rec["key"] = resolution.keys[rec["id"]]
            out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode())
            n += 1
    return {"records": n, "documents": len(documents)}
