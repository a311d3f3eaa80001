"""The question library: a registry of relationship questions, each answered by three engines.

A question has one Python entry point (in :mod:`kg.queries.questions`, answering from the
networkx graph), a SPARQL text ``sparql/NAME.rq`` and a Cypher text ``cypher/NAME.cypher`` (and
``NAME.READS.rq`` / ``NAME.READS.cypher`` for a question that reads a precomputed answer).
Parameters are bound, never pasted: ``$name`` in Cypher, the variable ``?name`` in SPARQL
(bound through :meth:`kg.api.KnowledgeGraph.sparql`; SPARQL texts project their parameter
variables, as pre-binding requires). Every engine's rows go through the same
:func:`comparable` and the question's ``finish`` step, so the three answers compare equal.

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> from kg.queries.library import answer
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> g = kg.to_networkx(provenance=True)
>>> person = answer("search", "python", g, text="陈一新")[0]["id"]
>>> answer("profile", "python", g, person=person) == answer("profile", "sparql", kg, person=person)
True
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from rdflib import URIRef

from kg.ids import is_id
from kg.ontology import BK, ID
from kg.params import Param
from kg.property_graph import paused_gc
from kg.sparql import LIST_SEPARATOR
from kg.stores.derived import DocumentIndex

Engine = Literal["python", "sparql", "cypher"]
ENGINES: tuple[Engine, ...] = ("python", "sparql", "cypher")

# Relationship types that connect facts (paths and neighbourhoods walk these, both ways);
# provenance (DERIVED_FROM, MENTIONED_IN, PART_OF, PUBLISHED_BY) is left out.
FACT_RELATIONS = frozenset(
    {
        "HOLDS",
        "POST_IN",
        "PARTICIPATED_IN",
        "SUB_ORGANIZATION_OF",
        "LOCATED_IN",
        "HELD_IN",
        "ORGANIZED_BY",
        "HAS_PARTY",
        "SIGNED_BY",
        "SIGNED_AT",
        "CONCERNS",
    }
)
ENTITY_LABELS = ("Person", "Organization", "Post", "Event", "Agreement", "Place", "Project")


@runtime_checkable
class Store(Protocol):
    """What a question's ``prepare`` step may ask of the store an engine runs on (a
    :class:`~kg.api.KnowledgeGraph` is one; a Cypher server's client and the networkx graph are not)."""

    def index(self, name: str) -> DocumentIndex | None:
        """The derived index ``name``, up to date with the documents (None: the store cannot keep it)."""
        ...

    def has_derived(self, name: str) -> bool:
        """Whether the derived graph ``name`` is there (it then describes the stored documents)."""
        ...


@dataclass(frozen=True)
class Question:
    """One question: its Python computation, its query files and how its rows are compared."""

    name: str
    summary: str
    params: tuple[Param, ...]
    compute: Callable[..., list[dict]]  # raw rows from the networkx graph
    lists: frozenset[str] = frozenset()  # list columns, compared as sorted sets
    order: tuple[str, ...] = ()  # columns to sort by first
    finish: Callable[[list[dict], dict], list[dict]] | None = None  # shared post-processing
    # more parameters of the query texts, worked out from the store (such as an index's candidates)
    prepare: Callable[[Store | None, dict], dict] | None = None
    # a prepared parameter that, when given, selects other texts: NAME.PARAM.rq and NAME.PARAM.cypher
    reads: str | None = None
    # the data the store derives from its documents for this question (indexes, derived graphs)
    derived: tuple[type[DocumentIndex], ...] = ()
    # why the answer is empty, said from the parameters (entities as the user named them)
    empty: Callable[[dict[str, Any]], str] | None = None
    # how ``kg ask NAME --html FILE`` draws the answer: (knowledge graph, parameters, rows, file) → what
    # was drawn (None: the viewer draws the answer's subgraph)
    draw: Callable[[Any, dict, list[dict], Path], str] | None = None

    @functools.cached_property
    def sparql(self) -> str:
        return text("sparql", f"{self.name}.rq")

    @functools.cached_property
    def cypher(self) -> str:
        return text("cypher", f"{self.name}.cypher")

    def texts(self, prepared: dict) -> tuple[str, str]:
        """The SPARQL and Cypher texts to run with these prepared parameters."""
        if self.reads is None or prepared.get(self.reads) is None:
            return self.sparql, self.cypher
        return text("sparql", f"{self.name}.{self.reads}.rq"), text("cypher", f"{self.name}.{self.reads}.cypher")

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """All parameters, checked, defaults filled in; ``ValueError`` for unknown or invalid ones."""
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise ValueError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}")
        return {p.name: p.check(values.get(p.name)) for p in self.params}


REGISTRY: dict[str, Question] = {}


@functools.cache
def text(*path: str) -> str:
    """A query text of this package: ``text("sparql", "met.rq")`` (read once)."""
    return resources.files("kg.queries").joinpath(*path).read_text(encoding="utf-8")


def question(
    *params: Param,
    lists: Iterable[str] = (),
    order: Iterable[str] = (),
    finish: Callable[[list[dict], dict], list[dict]] | None = None,
    prepare: Callable[[Store | None, dict], dict] | None = None,
    reads: str | None = None,
    derived: Iterable[type[DocumentIndex]] = (),
    empty: Callable[[dict[str, Any]], str] | None = None,
    draw: Callable[[Any, dict, list[dict], Path], str] | None = None,
) -> Callable[[Callable[..., list[dict]]], Callable[..., list[dict]]]:
    """Register a function computing a question's raw rows from the graph; returns its entry point.

    The entry point takes the graph and the parameters and returns the finished rows.
    ``prepare(store, params)`` gives the query texts more parameters (id lists, or None) from the
    :class:`Store` behind the engine (None when there is none); when the one named ``reads`` is
    given, the texts ``NAME.READS.rq`` and ``NAME.READS.cypher`` run instead (ArcadeDB plans a
    query with two ways to its answer badly). ``derived`` are the indexes and derived graphs
    (:mod:`kg.stores.derived`) the store keeps for the question, which ``prepare`` may read;
    ``empty(params)`` says why an answer is empty, where "no answer" would not. ``draw``
    writes the page of ``kg ask NAME --html`` (default: the viewer, on the answer's subgraph).
    """

    def register(compute: Callable[..., list[dict]]) -> Callable[..., list[dict]]:
        q = Question(
            compute.__name__,
            (compute.__doc__ or "").strip().splitlines()[0],
            params,
            compute,
            frozenset(lists),
            tuple(order),
            finish,
            prepare,
            reads,
            tuple(derived),
            empty,
            draw,
        )
        REGISTRY[q.name] = q

        @functools.wraps(compute)
        def entry(graph: Any, /, *args: Any, **values: Any) -> list[dict]:
            return answer(
                q.name, "python", graph, **dict(zip((p.name for p in q.params), args, strict=False)), **values
            )

        return entry

    return register


def get(name: str) -> Question:
    """The question called ``name`` (``co-attendance`` and ``co_attendance`` alike)."""
    _load()
    key = name.replace("-", "_")
    if key not in REGISTRY:
        raise KeyError(f"unknown question {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[key]


def questions() -> list[Question]:
    _load()
    return list(REGISTRY.values())


def derived() -> list[type[DocumentIndex]]:
    """The indexes and derived graphs the questions declare: what a store keeps in step with its documents."""
    return list(dict.fromkeys(cls for q in questions() for cls in q.derived))


def _load() -> None:
    from kg.queries import questions as _  # noqa: F401  (registers the questions)


def answer(name: str, engine: Engine, data: Any, /, **values: Any) -> list[dict]:
    """Rows answering question ``name`` with ``engine`` over ``source``.

    ``data`` is the networkx graph (python), a :class:`~kg.api.KnowledgeGraph` (sparql, cypher)
    or a :class:`~kg.stores.cypher.CypherClient` (cypher).
    """
    q = get(name)
    bound = q.bind(values)
    prepared = q.prepare(data if isinstance(data, Store) else None, bound) if q.prepare and engine != "python" else {}
    rows = _rows(q, engine, data, bound, prepared)
    if not rows and q.reads and prepared.get(q.reads) is not None:
        # what was to be read is gone (a change in this process dropped it after prepare): compute
        rows = _rows(q, engine, data, bound, {**prepared, q.reads: None})
    with paused_gc():  # plain rows (co-attendance: every pair of the network) for the collector to walk
        rows = [comparable(row, q) for row in rows]
        return q.finish(rows, bound) if q.finish else sort_rows(rows, q.order)


def _rows(q: Question, engine: Engine, data: Any, bound: dict, prepared: dict) -> list[dict]:
    """The raw rows of one engine."""
    sparql, cypher = q.texts(prepared)
    if engine == "python":
        return q.compute(data, **bound)
    if engine == "sparql":
        used = [p for p in q.params if bound[p.name] is not None and re.search(rf"\?{p.name}\b", sparql)]
        terms = {p.name: _sparql_term(p, bound[p.name]) for p in used}
        terms |= {k: [URIRef(ID[i]) for i in ids] for k, ids in prepared.items() if ids is not None}
        return data.sparql(sparql, **terms)
    if engine == "cypher":  # a KnowledgeGraph (its embedded ArcadeDB) or a client with run(query, params)
        bound_all = {**bound, **prepared}
        return data.cypher(cypher, **bound_all) if hasattr(data, "cypher") else data.run(cypher, bound_all)
    raise ValueError(f"unknown engine {engine!r}")


def _sparql_term(p: Param, value: Any) -> Any:
    if p.kind == "entity":
        return URIRef(ID[value])
    if p.kind == "date":
        return date.fromisoformat(value)
    return value


_ID, _BK = str(ID), str(BK)


def _short(value: Any) -> Any:
    """A SPARQL value as the other engines give it: ids, not IRIs; a role's local name."""
    if isinstance(value, str):
        if value.startswith(_ID):
            return value[len(_ID) :]
        if value.startswith(_BK):
            return value[len(_BK) :]
    return value


def comparable(row: dict, q: Question) -> dict:
    """Parameter columns dropped, IRIs as ids, list columns as sorted lists, amounts as floats."""
    out = {}
    params = {p.name for p in q.params}
    for key, value in row.items():
        if key in params:
            continue
        if key in q.lists:
            if isinstance(value, str):
                value = value.split(LIST_SEPARATOR) if value else []
            value = sorted({_short(v) for v in value or [] if v not in (None, "")})
        elif key == "amount" and value is not None:
            value = float(value)
        out[key] = _short(value)
    return out


def _sort_key(value: Any) -> tuple:
    if value is None:
        return (1, "")
    return (0, tuple(value) if isinstance(value, list) else value)


def sort_rows(rows: list[dict], order: Iterable[str] = ()) -> list[dict]:
    """Rows in a stable order: by the ``order`` columns, then by the whole row."""
    order = tuple(order)
    return sorted(
        rows,
        key=lambda r: (tuple(_sort_key(r.get(c)) for c in order), json.dumps(r, ensure_ascii=False, sort_keys=True)),
    )


def identify(engine: Engine, data: Any, text: str, labels: Iterable[str] = ()) -> str:
    """The id of the one entity called ``text`` (name, alias, pinyin, or an id as is).

    Raises ``LookupError(text, exact_matches)`` unless exactly one entity has that name.
    """
    if is_id(text):
        return text
    labels = tuple(labels)
    rows = [r for r in answer("search", engine, data, text=text) if not labels or r["label"] in labels]
    exact = [r for r in rows if r["match"] == "exact"]
    if len(exact) == 1:
        return exact[0]["id"]
    raise LookupError(text, exact)
