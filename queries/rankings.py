"""Co-attendance rankings, precomputed for each calendar year and for all events.

Ranking the people of a year's co-attendance network (who took part in events with
the most others) reads every pair of people of the year's events: some 20,000 pairs
and seconds of work on 10,000 bulletins, in either query engine. So the store keeps
the answer: for each calendar year and for all events together, the first
:data:`RANKED` people, each a ``bk:CoAttendanceRank`` node in the graph
``id:rankings``. The co-attendance question declares it (:class:`Rankings`, a
:class:`~kg.stores.derived.DerivedGraph`), so the store drops it before any change
to its documents and builds it again after: when it is there it describes exactly
the documents stored. The question reads it for a whole calendar year or for no
range, and computes the network otherwise (see docs/questions.md).

The rankings are computed in SQLite, from an index of who took part in which event
(``STORE/attendance.sqlite``, kept in step with the store document by document):
reading the participations from Oxigraph would take seconds, and counting the pairs
in Python memory that grows with the corpus.

>>> degrees([{"甲", "乙", "丙"}, {"甲", "乙"}])
{'乙': (2, 3), '甲': (2, 3), '丙': (2, 2)}
>>> period("2015-01-01", "2015-12-31"), period(None, None), period("2015-03-01", None)
('2015', 'all', None)
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from contextlib import closing

import pyoxigraph as ox
from rdflib import RDF

from kg.ids import rank_id
from kg.ontology import BK, ID, SCHEMA
from kg.stores.derived import DerivedGraph, lines_with

RANKED = 200  # people kept per period; asking for more computes the network
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_TYPE_RANK = ox.NamedNode(str(BK.CoAttendanceRank))
_IN_EVENT, _PARTICIPANT, _START_DATE = str(BK.inEvent), str(BK.participant), str(SCHEMA.startDate)


def degrees(events: Iterable[Iterable[str]]) -> dict[str, tuple[int, int]]:
    """For each person of the co-attendance network of ``events`` (each the people who took
    part in one event): how many others they took part in events with, and the sum over
    those partners of the events they shared; people first by :func:`order`."""
    weights: Counter[tuple[str, str]] = Counter()
    for people in events:
        ordered = sorted(set(people))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weights[a, b] += 1
    partners: Counter[str] = Counter()
    shared: Counter[str] = Counter()
    for pair, weight in weights.items():
        for person in pair:
            partners[person] += 1
            shared[person] += weight
    found = {person: (partners[person], shared[person]) for person in partners}
    return {person: found[person] for person in sorted(found, key=lambda p: order(p, *found[p]))}


def order(person: str, partners: int, shared: int) -> tuple[int, int, str]:
    """The ranking's sort key: most partners first, then most shared events, then by id."""
    return -partners, -shared, person


def period(since: str | None, until: str | None) -> str | None:
    """The precomputed period a date range is (``'2015'`` for a whole calendar year, ``'all'``
    for no range), or None."""
    if since is None and until is None:
        return "all"
    if since and until and since[:4] == until[:4] and since[4:] == "-01-01" and until[4:] == "-12-31":
        return since[:4]
    return None


def rank_ids(of_period: str, top: int) -> list[str]:
    """The ids of the first ``top`` ranks of a period."""
    return [rank_id(of_period, rank) for rank in range(1, top + 1)]


Attendance = tuple[list[tuple[str, str]], list[tuple[str, str]]]  # (event, person) and (event, year) rows

_PARTICIPATION = [f"> <{BK.inEvent}> <", f"> <{BK.participant}> <", f'> <{SCHEMA.startDate}> "']
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attended (doc TEXT NOT NULL, event TEXT NOT NULL, person TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attended_doc ON attended (doc);
CREATE INDEX IF NOT EXISTS attended_event ON attended (event, person);
CREATE TABLE IF NOT EXISTS dated (doc TEXT NOT NULL, event TEXT NOT NULL, year TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS dated_doc ON dated (doc);
CREATE INDEX IF NOT EXISTS dated_year ON dated (year, event);
"""
# The first RANKED people of a period's network, ranked as :func:`order` does, with the network's
# size; {events} selects the period's events. Pairs are counted once each (a < b), then for both.
_RANKING = """
WITH taking_part AS MATERIALIZED (SELECT DISTINCT event, person FROM attended WHERE {events}),
pairs AS (
  SELECT a.person AS a, b.person AS b, count(*) AS shared FROM taking_part AS a
  JOIN taking_part AS b ON a.event = b.event AND a.person < b.person GROUP BY a.person, b.person
),
sides AS (SELECT a AS person, shared FROM pairs UNION ALL SELECT b, shared FROM pairs)
SELECT person, count(*) AS partners, sum(shared) AS shared, count(*) OVER () AS network
FROM sides GROUP BY person ORDER BY partners DESC, shared DESC, person LIMIT ?
"""


class Rankings(DerivedGraph[Attendance]):
    """Who took part in which event, and the events' years, per document; and the rankings from them."""

    NAME = "attendance"
    GRAPH = "rankings"
    SCHEMA = _SCHEMA
    TABLES = ("attended", "dated")
    VERSION = 1

    def rows_in(self, ntriples: str) -> Attendance:
        lines = "\n".join(sorted(lines_with(ntriples, _PARTICIPATION))).encode()
        triples = ox.parse(lines, ox.RdfFormat.N_TRIPLES)
        return _attendance((t.subject.value, t.predicate.value, t.object.value) for t in triples)

    def rows_stored(self, store: ox.Store, graph: ox.NamedNode) -> Attendance:
        predicates = (BK.inEvent, BK.participant, SCHEMA.startDate)
        return _attendance(
            (q.subject.value, q.predicate.value, q.object.value)
            for p in predicates
            for q in store.quads_for_pattern(None, ox.NamedNode(str(p)), None, graph)
        )

    def _insert(self, db: sqlite3.Connection, doc: str, rows: Attendance) -> None:
        attended, dated = rows
        db.executemany("INSERT INTO attended VALUES (?, ?, ?)", ((doc, *r) for r in attended))
        db.executemany("INSERT INTO dated VALUES (?, ?, ?)", ((doc, *r) for r in dated))

    def _delete(self, db: sqlite3.Connection, doc: str) -> None:
        db.execute("DELETE FROM attended WHERE doc = ?", (doc,))
        db.execute("DELETE FROM dated WHERE doc = ?", (doc,))

    def ntriples(self) -> str:
        """The rankings graph of the documents the index holds, as N-Triples."""
        lines = []
        with closing(self._connect()) as db:
            years = [year for (year,) in db.execute("SELECT DISTINCT year FROM dated ORDER BY year")]
            in_year = "event IN (SELECT event FROM dated WHERE year = ?)"
            for name, events, values in [("all", "1", ()), *((y, in_year, (y,)) for y in years)]:
                rows = db.execute(_RANKING.format(events=events), (*values, RANKED))
                for rank, (person, partners, shared, network) in enumerate(rows, 1):
                    lines += _rank_triples(name, rank, person, partners, shared, network)
        return "".join(lines)


def _attendance(triples: Iterable[tuple[str, str, str]]) -> Attendance:
    """(event, person) rows of the participations and (event, year) rows of the dates among ``triples``."""
    event_of, person_of, dated = {}, {}, set()
    for s, p, o in triples:
        if p == _IN_EVENT:
            event_of[s] = o[len(ID) :]
        elif p == _PARTICIPANT:  # always a person (kg.rdf writes no other participant)
            person_of[s] = o[len(ID) :]
        elif p == _START_DATE:
            dated.add((s[len(ID) :], o[:4]))
    attended = {(event_of[s], person) for s, person in person_of.items() if s in event_of}
    return sorted(attended), sorted(dated)


def _rank_triples(period: str, rank: int, person: str, partners: int, shared: int, network: int) -> list[str]:
    node = ox.NamedNode(str(ID[rank_id(period, rank)]))
    values = {
        RDF.type: _TYPE_RANK,
        BK.period: ox.Literal(period),
        BK.rank: _integer(rank),
        BK.rankedPerson: ox.NamedNode(str(ID[person])),
        BK.partners: _integer(partners),
        BK.sharedEvents: _integer(shared),
        BK.networkSize: _integer(network),
    }
    return [f"{node} <{p}> {o} .\n" for p, o in values.items()]


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)
