"""Career spells as CSV: one row per person and post, as political-elite datasets (CPED) publish.

A spell is a person's time in one post across the bulletins (:mod:`kg.spells`): its stated start
and end, when it was first and last observed, and the tenures it rests on. The file opens as is in
pandas, R or Stata (UTF-8, a header row, one value per cell; ``source_ids`` joined with ``|``).
Columns:

``person_id``, ``name``, ``pinyin``; ``title`` (as held: 代理市长), ``bare_title`` (the title it
modifies: 市长); ``organization``, ``organization_kind``; ``place`` and ``admin_code`` (the
organization's jurisdiction and its administrative division code); ``start``, ``end`` (stated,
ISO 8601 as precise as the text: ``2016-03-09``, ``2016-03``, ``2016``, or ``--03-09`` when no
source gives the year), ``first_observed``, ``last_observed``; ``date_precision`` (the least
precise of the stated start and end: ``day``, ``month``, ``year``, ``day, year unknown``; empty
when neither is stated); ``sources`` (how many tenures) and ``source_ids`` (for ``kg ask source``).
"""

from __future__ import annotations

import csv
import io
from typing import IO

from kg.api import KnowledgeGraph
from kg.exports.reading import Reader
from kg.loaders.lexicon import lexicon
from kg.model import precision
from kg.ontology import BK, SCHEMA
from kg.spells import Spell

COLUMNS = (
    "person_id",
    "name",
    "pinyin",
    "title",
    "bare_title",
    "organization",
    "organization_kind",
    "place",
    "admin_code",
    "start",
    "end",
    "first_observed",
    "last_observed",
    "date_precision",
    "sources",
    "source_ids",
)
_COARSER = ("day", "month", "year", "day, year unknown")  # from the most precise


def date_precision(spell: Spell) -> str:
    """The least precise of a spell's stated dates (empty when none is stated).

    >>> date_precision(Spell("post-1", "person-1", start="2016-03", end="2018-01-05"))
    'month'
    """
    found = [p for p in (precision(spell.start), precision(spell.end)) if p]
    return max(found, key=_COARSER.index) if found else ""


def spell_rows(reader: Reader, person: str, spells: list[Spell]) -> list[list]:
    """The rows of one person's spells."""
    who = reader.describe(person)
    rows = []
    for s in spells:
        org = reader.node(s.org_id) if s.org_id else None
        place = reader.node(str(org.one(BK.jurisdiction))) if org and org.one(BK.jurisdiction) else None
        title = s.title or ""
        rows.append(
            [
                person,
                who.one(SCHEMA.name),
                who.one(BK.pinyin),
                title,
                lexicon().title_bases.get(title, title),
                s.organization,
                org.one(BK.kind) if org else None,
                place.one(SCHEMA.name) if place else None,
                place.one(BK.adminCode) if place else None,
                s.start,
                s.end,
                s.first_observed,
                s.last_observed,
                date_precision(s),
                len(s.sources),
                "|".join(s.sources),
            ]
        )
    return rows


def write_spells(kg: KnowledgeGraph, out: IO[bytes]) -> dict[str, int]:
    """Every person's spells, one CSV row each, streamed person by person."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    reader, people, n = Reader(kg.store), 0, 0
    for person, spells in reader.people_spells():
        rows = spell_rows(reader, person, spells)
        writer.writerows(rows)
        people, n = people + 1, n + len(rows)
    text.flush()
    text.detach()
    return {"spells": n, "persons": people}
