"""Relationship questions answered from the networkx graph: one entry point per question.

Each function takes the graph of :meth:`kg.api.KnowledgeGraph.to_networkx` (with
``provenance=True`` for :func:`source`) and the question's parameters (node ids, ISO
dates), and returns plain rows in a stable order. The same questions, as SPARQL and
Cypher texts, live in ``queries/sparql/`` and ``queries/cypher/``; :mod:`kg.queries.library`
runs them and proves the three answers equal.

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> from kg.loaders.extract import sample_path
>>> kg = KnowledgeGraph.open(tempfile.mkdtemp())
>>> _ = kg.ingest(sample_path(), published="2014-10-31")
>>> g = kg.to_networkx(provenance=True)
>>> chen = identify(g, "陈一新")
>>> [r["name"] for r in met(g, chen, since="2014-10-27")]
['Thomas lee Renger', '仇杨均', '郑朝阳', '黄素庄']
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.loaders.changes import base_title, shared
from kg.model import precision
from kg.params import Param
from kg.queries import library, rankings
from kg.queries.library import ENTITY_LABELS, FACT_RELATIONS, Store, question, sort_rows
from kg.spells import Spell, comparable, held_on, spells
from kg.stores.name_index import SEARCHED, NameIndex, fold

Graph = nx.MultiDiGraph

PERSON = Param("person", "entity", "a person: name, pinyin or id", labels=("Person",))
ENTITY = Param("entity", "entity", "a person or organization", labels=("Person", "Organization"))
SINCE = Param("since", "date", "from this date (YYYY-MM-DD)", required=False)
UNTIL = Param("until", "date", "up to this date (YYYY-MM-DD)", required=False)


# --- graph helpers ---------------------------------------------------------------------------


def _out(g: Graph, node: str, kind: str) -> Iterator[tuple[str, dict]]:
    """Targets and properties of ``node``'s outgoing ``kind`` relationships."""
    for _, target, data in g.out_edges(node, data=True):
        if data["kind"] == kind:
            yield target, data["props"]


def _in(g: Graph, node: str, kind: str) -> Iterator[tuple[str, dict]]:
    """Sources and properties of ``node``'s incoming ``kind`` relationships."""
    for source, _, data in g.in_edges(node, data=True):
        if data["kind"] == kind:
            yield source, data["props"]


def _props(g: Graph, node: str) -> dict:
    return g.nodes[node]["props"]


def _label(g: Graph, node: str) -> str:
    return g.nodes[node]["kind"]


def _name(g: Graph, node: str) -> str | None:
    """What a node is called: its name, else its kind (an unnamed event is a Meeting)."""
    props = _props(g, node)
    return props.get("name") or props.get("kind")


def _targets(g: Graph, node: str, kind: str) -> list[str]:
    return [target for target, _ in _out(g, node, kind)]


def _sources(g: Graph, node: str, kind: str) -> list[str]:
    return [source for source, _ in _in(g, node, kind)]


def _names(g: Graph, nodes: Iterable[str]) -> list[str]:
    """The distinct names of ``nodes``, sorted."""
    return sorted({_name(g, n) for n in nodes} - {None})


def _has(g: Graph, node: str, *labels: str) -> bool:
    return node in g and (not labels or _label(g, node) in labels)


def _day(props: dict) -> str | None:
    """An event's or agreement's day: ISO, or --MM-DD (gMonthDay) when its year is unknown."""
    return props.get("date") or props.get("month_day")


def _in_range(day: str | None, since: str | None, until: str | None) -> bool:
    """Whether ``day`` is within the range; without a range, undated facts (and days of an
    unknown year, --MM-DD) count too."""
    if since is None and until is None:
        return True
    dated = day is not None and not day.startswith("--")
    return dated and (since is None or day >= since) and (until is None or day <= until)


def _first(values: list) -> str | None:
    return min((v for v in values if v is not None), default=None)


def _last(values: list) -> str | None:
    return max((v for v in values if v is not None), default=None)


def _roles(edges: list[dict]) -> list[str]:
    return sorted({role for props in edges for role in props.get("roles", [])})


def _participations(g: Graph, person: str) -> dict[str, list[dict]]:
    """Event → the person's participation properties in it."""
    events: dict[str, list[dict]] = defaultdict(list)
    for event, props in _out(g, person, "PARTICIPATED_IN"):
        events[event].append(props)
    return events


def _agreement_roles(g: Graph, person: str) -> dict[str, list[str]]:
    """Agreements the person signed or whose signing event they took part in, with how."""
    roles: dict[str, set[str]] = defaultdict(set)
    for agreement in _sources(g, person, "SIGNED_BY"):
        roles[agreement].add("signatory")
    for event in _participations(g, person):
        for agreement in _sources(g, event, "SIGNED_AT"):
            roles[agreement].add("present")
    return {a: sorted(r) for a, r in roles.items()}


def _neighbours(g: Graph, node: str) -> Iterator[str]:
    """Nodes one fact relationship away, in either direction."""
    for _, other, data in g.out_edges(node, data=True):
        if data["kind"] in FACT_RELATIONS:
            yield other
    for other, _, data in g.in_edges(node, data=True):
        if data["kind"] in FACT_RELATIONS:
            yield other


def _distances(g: Graph, start: str, limit: int) -> dict[str, int]:
    """Breadth-first hop counts from ``start`` over fact relationships, up to ``limit``."""
    seen = {start: 0}
    frontier = [start]
    for hop in range(1, limit + 1):
        reached = []
        for node in frontier:
            for n in _neighbours(g, node):
                if n not in seen:
                    seen[n] = hop
                    reached.append(n)
        frontier = reached
    return seen


def _subtree(g: Graph, org: str) -> set[str]:
    """An organization and all organizations below it."""
    seen, todo = {org}, [org]
    while todo:
        for child in _sources(g, todo.pop(), "SUB_ORGANIZATION_OF"):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _nodes(g: Graph, label: str) -> Iterator[str]:
    return (n for n, kind in g.nodes(data="kind") if kind == label)


# --- finishing steps shared by all engines -------------------------------------------------------


def _shortest(rows: list[dict], params: dict) -> list[dict]:
    """Keep the nodes on shortest paths (smallest distance sum), with their position."""
    lengths = [r["from_source"] + r["to_target"] for r in rows]
    length = min(lengths, default=None)
    if length is None or length > params["hops"]:
        return []
    kept = [
        {"position": r["from_source"], "length": length, "id": r["id"], "label": r["label"], "name": r["name"]}
        for r, total in zip(rows, lengths, strict=True)
        if total == length
    ]
    return sort_rows(kept, ("position", "label", "id"))


def _ranking(rows: list[dict], params: dict) -> list[dict]:
    """The first ``top`` people of the co-attendance network, by degree centrality (how many people
    they met at events), then by shared events. Rows give each person's ``partners`` and
    ``shared_events``, and ``network`` (the network's size) when they are not all of it."""
    network = next((r["network"] for r in rows if r.get("network")), len(rows))
    others = max(network - 1, 1)
    people = sorted(rows, key=lambda r: rankings.order(r["id"], r["partners"], r["shared_events"]))
    return [
        {
            "rank": i,
            "id": r["id"],
            "name": r["name"],
            "centrality": round(r["partners"] / others, 6),
            "shared_events": r["shared_events"],
            "partners": r["partners"],
        }
        for i, r in enumerate(people[: params["top"]], 1)
    ]


# --- the questions --------------------------------------------------------------------------------


def _profile_row(
    g: nx.MultiDiGraph,
    section: str,
    node: str,
    context: str,
    date: str | None,
    end_date: str | None,
    roles: list[str],
    name: str | None = None,
) -> dict:
    """One row of a profile: the node, what it links to through ``context``, its dates and roles."""
    return {
        "section": section,
        "id": node,
        "name": name or _name(g, node),
        "context": _names(g, _targets(g, node, context)),
        "date": date,
        "end_date": end_date,
        "roles": roles,
    }


@question(PERSON, lists=("context", "roles"), order=("section", "date", "id"))
def profile(g: Graph, person: str) -> list[dict]:
    """Profile of a person: posts (organization, first/last observed), events (date, roles), agreements.

    ``context`` is the post's organization, the event's place or the agreement's parties;
    an agreement's ``roles`` say whether the person signed it or was at its signing.

    >>> [(r["section"], r["name"]) for r in profile(g, identify(g, "黄素庄"))][:2]
    [('agreement', '投资框架协议'), ('event', '好莱坞（中国）投资集团与瓯江口新区管委会签订投资框架协议')]
    """
    if not _has(g, person, "Person"):
        return []
    rows = []
    tenures: dict[str, list[dict]] = defaultdict(list)
    for post, props in _out(g, person, "HOLDS"):
        tenures[post].append(props)
    for post, props in tenures.items():
        first, last = _first([p.get("first_observed") for p in props]), _last([p.get("last_observed") for p in props])
        rows.append(_profile_row(g, "post", post, "POST_IN", first, last, [], _props(g, post).get("title")))
    for event, props in _participations(g, person).items():
        p = _props(g, event)
        rows.append(_profile_row(g, "event", event, "HELD_IN", p.get("date"), p.get("end_date"), _roles(props)))
    for agreement, roles in _agreement_roles(g, person).items():
        rows.append(_profile_row(g, "agreement", agreement, "HAS_PARTY", _props(g, agreement).get("date"), None, roles))
    return rows


@question(PERSON, SINCE, UNTIL, lists=("roles", "their_roles"), order=("date", "event", "name"))
def met(g: Graph, person: str, since: str | None = None, until: str | None = None) -> list[dict]:
    """Who took part in events together with a person: event, date and both sides' roles.

    >>> sorted(r["name"] for r in met(g, identify(g, "黄素庄")))
    ['Thomas lee Renger', '仇杨均', '郑朝阳', '陈一新']
    """
    if not _has(g, person, "Person"):
        return []
    rows = []
    for event, mine in _participations(g, person).items():
        day = _props(g, event).get("date")
        if not _in_range(day, since, until):
            continue
        theirs: dict[str, list[dict]] = defaultdict(list)
        for other, props in _in(g, event, "PARTICIPATED_IN"):
            if other != person:
                theirs[other].append(props)
        for other, props in theirs.items():
            rows.append(
                {
                    "id": other,
                    "name": _name(g, other),
                    "event": event,
                    "event_name": _name(g, event),
                    "date": day,
                    "roles": _roles(mine),
                    "their_roles": _roles(props),
                }
            )
    return rows


@question(
    Param("entity", "entity", "any entity", labels=ENTITY_LABELS),
    Param("hops", "int", "how many relationships away (1-3)", required=False, default=2, maximum=3),
    order=("distance", "label", "name"),
)
def neighbourhood(g: Graph, entity: str, hops: int = 2) -> list[dict]:
    """Everything within ``hops`` fact relationships of an entity (either direction), with the distance.

    >>> sorted({r["label"] for r in neighbourhood(g, identify(g, "陈一新"), hops=1)})
    ['Event', 'Post']
    """
    if not _has(g, entity):
        return []
    return [
        {"id": n, "label": _label(g, n), "name": _name(g, n), "distance": d}
        for n, d in _distances(g, entity, hops).items()
        if n != entity
    ]


PATH_HOPS = Param("hops", "int", "longest path searched (1-4)", required=False, default=4, maximum=4)


def _no_path(params: dict) -> str:
    """Why no path is found: none is as short as the limit (as the command line says it)."""
    hops = params["hops"]
    within = f"{hops} hop{'s' if hops != 1 else ''} (--hops, at most {PATH_HOPS.maximum})"
    return f"no path between {params['source']} and {params['target']} within {within}"


@question(
    Param("source", "entity", "where the path starts", labels=ENTITY_LABELS),
    Param("target", "entity", "where it ends", labels=ENTITY_LABELS),
    PATH_HOPS,
    finish=_shortest,
    empty=_no_path,
)
def path(g: Graph, source: str, target: str, hops: int = 4) -> list[dict]:
    """Shortest connections between two different entities: every node on a shortest path, with its position.

    Paths run through events, posts, organizations, agreements, places and projects.

    >>> [(r["position"], r["name"]) for r in path(g, identify(g, "陈一新"), identify(g, "黄素庄"))]
    [(0, '陈一新'), (1, '好莱坞（中国）投资集团与瓯江口新区管委会签订投资框架协议'), (2, '黄素庄')]
    """
    if source == target or not (_has(g, source) and _has(g, target)):
        return []
    from_source = _distances(g, source, hops)
    if target not in from_source:
        return []
    to_target = _distances(g, target, from_source[target])
    return [
        {"id": n, "label": _label(g, n), "name": _name(g, n), "from_source": d, "to_target": to_target[n]}
        for n, d in from_source.items()
        if n in to_target
    ]


def _held(rows: list[dict], params: dict) -> list[dict]:
    """``held``: how a holder is known to hold the post on the ``as_of`` day (:func:`kg.spells.held_on`)."""
    day = params["as_of"]
    for r in rows:
        r["held"] = held_on(r["start"], r["end"], r["first_observed"], r["last_observed"], day) if day else None
    return sort_rows(rows, ("organization", "person", "title"))


HOLDER_COLUMNS = ("person_id", "person", "title", "first_observed", "last_observed", "start", "end")


@question(
    Param("org", "entity", "an organization", labels=("Organization",)),
    Param(
        "as_of",
        "date",
        "holders on this day: stated start ≤ day ≤ stated end, else observed before and after",
        required=False,
    ),
    finish=_held,
)
def officials(g: Graph, org: str, as_of: str | None = None) -> list[dict]:
    """Officials of an organization and of its sub-organizations, as of a day.

    One row per organization, person and post: first and last observed, the stated start (the
    earliest) and end (the latest). With ``as_of``, only the holders on that day: stated start ≤ day
    ≤ stated end, a missing one taken from the observations; ``held`` says ``observed`` when the
    day is between the first and the last observation, else ``stated`` (a stated date was needed).
    Dates are compared at their precision (a start of 2016-03 has begun on 2016-03-01). A
    sub-organization without officials has one row without a person.

    >>> [(r["person"], r["title"]) for r in officials(g, identify(g, "中共温州市委"))][:2]
    [('仇杨均', '常委'), ('仇杨均', '秘书长')]
    """
    if not _has(g, org, "Organization"):
        return []
    subtree = _subtree(g, org)
    rows = []
    for o in subtree:
        parents = [p for p in _targets(g, o, "SUB_ORGANIZATION_OF") if p in subtree and o != org] or [None]
        held: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for post in _sources(g, o, "POST_IN"):
            for person, props in _in(g, post, "HOLDS"):
                held[person, post].append(props)
        holders = [
            {
                "person_id": person,
                "person": _name(g, person),
                "title": _props(g, post).get("title"),
                "first_observed": _first([p.get("first_observed") for p in props]),
                "last_observed": _last([p.get("last_observed") for p in props]),
                "start": _first([comparable(p.get("start")) for p in props]),
                "end": _last([comparable(p.get("end")) for p in props]),
            }
            for (person, post), props in held.items()
        ]
        holders = [
            h
            for h in holders
            if as_of is None or held_on(h["start"], h["end"], h["first_observed"], h["last_observed"], as_of)
        ] or [dict.fromkeys(HOLDER_COLUMNS)]
        rows += [{"org_id": o, "organization": _name(g, o), "parent_id": p} | h for p in parents for h in holders]
    return rows


def _tenure_rows(g: Graph, edges: Iterable[tuple[str, str, str, dict]]) -> list[dict]:
    """One row per tenure (person, post, key, properties): what :func:`kg.spells.spells` reads."""
    rows = []
    for person, post, key, props in edges:
        sentence = props.get("sentence")
        item = next(iter(_targets(g, sentence, "PART_OF")), None) if sentence in g else None
        document = next(iter(_targets(g, item, "PART_OF")), None) if item else None
        org = next(iter(_targets(g, post, "POST_IN")), None)
        rows.append(
            {
                "fact": key,
                "post": post,
                "title": _props(g, post).get("title"),
                "organization": org and _name(g, org),
                "org_id": org,
                "person_id": person,
                "person": _name(g, person),
                "start": props.get("start"),
                "end": props.get("end"),
                "start_sentence": props.get("start_sentence"),
                "end_sentence": props.get("end_sentence"),
                "observed": props.get("first_observed"),
                "replaces": props.get("replaces", []),
                "replaced_by": props.get("replaced_by", []),
                "document": document,
                "published": document and _props(g, document).get("published"),
            }
        )
    return rows


_TENURE_LISTS = ("replaces", "replaced_by")
_CAREER_COLUMNS = (
    "post",
    "title",
    "organization",
    "org_id",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "ended",
    "first_observed",
    "last_observed",
    "start_sentence",
    "end_sentence",
    "sources",
    "documents",
)


def _career(rows: list[dict], params: dict) -> list[dict]:
    """The person's spells in time order (:func:`kg.spells.spells`)."""
    return [{k: v for k, v in s.row().items() if k in _CAREER_COLUMNS} for s in spells(rows)]


def _draw_career(kg: Any, values: dict, rows: list[dict], out: Path) -> str:
    """``kg ask career --html``: the timeline page (:mod:`kg.queries.career_view`)."""
    from kg.queries.career_view import render_career

    return render_career(kg, values, rows, out)


@question(PERSON, lists=_TENURE_LISTS, finish=_career, draw=_draw_career)
def career(g: Graph, person: str) -> list[dict]:
    """A person's career: one row per spell in a post, in time order, with its sources.

    A spell is the person's time in one post across the bulletins (:mod:`kg.spells`): its stated
    ``start`` and ``end`` with their precision (``day``, ``month``, ``year``, or ``day, year
    unknown``) and the sentences stating them, ``ended`` when an end is stated (原市长: without a
    day), first and last observed, and the tenures (``sources``, what ``kg ask source`` takes) and
    documents it rests on. ``--html`` draws it as a timeline.

    >>> [(r["title"], r["organization"], r["first_observed"]) for r in career(g, identify(g, "陈金彪"))]
    [('副书记', '中共温州市委', '2014-10-31'), ('市长', '温州市人民政府', '2014-10-31')]
    """
    if not _has(g, person, "Person"):
        return []
    return _tenure_rows(g, ((person, post, k, d["props"]) for _, post, k, d in _holds_out(g, person)))


def _holds_out(g: Graph, person: str) -> Iterator[tuple[str, str, str, dict]]:
    for edge in g.out_edges(person, keys=True, data=True):
        if edge[3]["kind"] == "HOLDS":
            yield edge


def _succession(post: list, before: Spell, after: Spell, basis: str, source: str | None) -> dict:
    """One row of a succession: the post, the person before and the one after, and the date."""
    when = comparable(after.start) or (comparable(before.end) if basis == "stated" else None) or after.begin
    return {
        "post": post[0],
        "title": post[1],
        "organization": post[2],
        "predecessor_id": before.person_id,
        "predecessor": before.person,
        "successor_id": after.person_id,
        "successor": after.person,
        "date": when,
        "precision": precision(when),
        "basis": basis,
        "source": source,
    }


def _successions(rows: list[dict], params: dict) -> list[dict]:
    """Successions from the spells of each post: those the documents state (a tenure replacing
    another), and, for a post one person holds at a time, each next holder after one observed
    before them (``observed``)."""
    found = spells(rows)
    by_tenure = {t: s for s in found for t in s.sources}
    out, stated = [], set()
    for s in found:
        for t in s.replaces:
            if (before := by_tenure.get(t)) is not None:
                source = next(x for x in s.sources if x in before.replaced_by)
                out.append(_succession([s.post, s.title, s.organization], before, s, "stated", source))
                stated.add((before.post, before.person_id, s.person_id))
    by_post: dict[str, list] = defaultdict(list)
    for s in found:
        if s.begin and not shared(base_title(s.title or "")):
            by_post[s.post].append(s)
    for post, held in by_post.items():
        held.sort(key=lambda s: (s.begin, s.person_id))
        for before, after in itertools.pairwise(held):
            apart = before.until is not None and before.until < after.begin
            pair = (post, before.person_id, after.person_id)
            if apart and before.person_id != after.person_id and pair not in stated:
                out.append(_succession([post, after.title, after.organization], before, after, "observed", None))
    return sort_rows(out, ("organization", "title", "date"))


@question(
    Param("office", "entity", "a post, or an organization for all its posts", labels=("Post", "Organization")),
    lists=_TENURE_LISTS,
    finish=_successions,
)
def successions(g: Graph, office: str) -> list[dict]:
    """Who succeeded whom in a post (or in each post of an organization), with the date and how it is known.

    ``stated``: a bulletin gives the post to one person and takes it from the other (``source``:
    the successor's tenure that says so); ``observed``: in a post one person holds at a time (not
    委员, 常委 or a deputy's), the next holder observed after the last observation of the one
    before. ``date`` is the successor's stated start (else, stated, the predecessor's stated end;
    else the successor's first observation), with its ``precision``.

    >>> successions(g, identify(g, "中共温州市委"))
    []
    """
    if _has(g, office, "Organization"):
        posts = _sources(g, office, "POST_IN")
    elif _has(g, office, "Post"):
        posts = [office]
    else:
        return []
    edges = (
        (person, post, k, d["props"])
        for post in posts
        for person, _, k, d in g.in_edges(post, keys=True, data=True)
        if d["kind"] == "HOLDS"
    )
    return _tenure_rows(g, edges)


@question(
    Param("party", "entity", "an organization that is a party", required=False, labels=("Organization",)),
    SINCE,
    UNTIL,
    lists=("parties", "officials"),
    order=("date", "name"),
)
def agreements(g: Graph, party: str | None = None, since: str | None = None, until: str | None = None) -> list[dict]:
    """Agreements by party or date range: parties, amount, signing event and the officials present.

    ``officials`` are the people at the signing event and the signatories.

    >>> [r["name"] for r in agreements(g, party=identify(g, "瓯江口新区管委会"))]
    ['投资框架协议']
    """
    rows = []
    for a in _nodes(g, "Agreement"):
        parties = _targets(g, a, "HAS_PARTY")
        day = _day(_props(g, a))
        if (party is not None and party not in parties) or not _in_range(day, since, until):
            continue
        signatories = _targets(g, a, "SIGNED_BY")
        amount = _props(g, a).get("amount_yuan")
        for event in _targets(g, a, "SIGNED_AT") or [None]:
            present = _sources(g, event, "PARTICIPATED_IN") if event else []
            rows.append(
                {
                    "id": a,
                    "name": _name(g, a),
                    "date": day,
                    "amount": None if amount is None else float(amount),
                    "parties": _names(g, parties),
                    "event": event,
                    "officials": _names(g, present + signatories),
                }
            )
    return rows


@question(
    Param("kind", "text", "event kind: Meeting, Ceremony, Visit, Inspection, Training, Signing, …", required=False),
    SINCE,
    UNTIL,
    Param("place", "entity", "where the event was held", required=False, labels=("Place",)),
    lists=("participants",),
    order=("date", "name"),
)
def events(
    g: Graph, kind: str | None = None, since: str | None = None, until: str | None = None, place: str | None = None
) -> list[dict]:
    """Events by kind, date range or place, with their participants.

    >>> [r["date"] for r in events(g, kind="Training")]
    ['2014-10-22']
    """
    rows = []
    for e in _nodes(g, "Event"):
        props = _props(g, e)
        places = _targets(g, e, "HELD_IN")
        if (kind is not None and props.get("kind") != kind) or (place is not None and place not in places):
            continue
        if not _in_range(_day(props), since, until):
            continue
        participants = _names(g, _sources(g, e, "PARTICIPATED_IN"))
        for p in places or [None]:
            rows.append(
                {
                    "id": e,
                    "name": _name(g, e),
                    "type": props.get("kind"),
                    "date": _day(props),
                    "venue": p and _name(g, p),
                    "participants": participants,
                }
            )
    return rows


def _ranks(store: Store | None, params: dict) -> dict:
    """The ids of the store's precomputed ranks that answer (None: the query computes the network)."""
    period = rankings.period(params["since"], params["until"])
    ranked = store is not None and store.has_derived(rankings.Rankings.GRAPH)
    if period is None or params["top"] > rankings.RANKED or not ranked:
        return {"ranks": None}
    return {"ranks": rankings.rank_ids(period, params["top"])}


@question(
    SINCE,
    UNTIL,
    Param("top", "int", "how many people to rank", required=False, default=20, maximum=10_000),
    finish=_ranking,
    prepare=_ranks,
    reads="ranks",
    derived=(rankings.Rankings,),
)
def co_attendance(g: Graph, since: str | None = None, until: str | None = None, top: int = 20) -> list[dict]:
    """People ranked by centrality (degree) in the co-attendance network.

    Two people are linked when they took part in the same events, weighted by how many.
    The query texts give each person's partners and shared events (for a whole calendar year
    or no range, from the store's precomputed rankings: :mod:`kg.queries.rankings`); the
    ranking is cut to ``top`` in Python for every engine.

    >>> co_attendance(g, top=1)[0]["name"]
    '陈一新'
    """
    events = (
        {p for p in _sources(g, e, "PARTICIPATED_IN") if _label(g, p) == "Person"}
        for e in _nodes(g, "Event")
        if _in_range(_props(g, e).get("date"), since, until)
    )
    found = rankings.degrees(events)
    return [
        {"id": p, "name": _name(g, p), "partners": partners, "shared_events": shared, "network": len(found)}
        for p, (partners, shared) in found.items()
    ]


@question(ENTITY, lists=("detail",), order=("date", "what", "name"))
def timeline(g: Graph, entity: str) -> list[dict]:
    """Timeline of a person (posts observed, events, agreements) or organization (posts, agreements, events).

    ``fact`` is the id to pass to the ``source`` question; ``detail`` holds the organization
    of a post, the roles at an event, how a person was involved in an agreement, or the
    other parties of an organization's agreement.

    >>> [(r["date"], r["what"]) for r in timeline(g, identify(g, "陈一新"))][:2]
    [('2014-10-22', 'event'), ('2014-10-23', 'agreement')]
    """
    if not _has(g, entity, "Person", "Organization"):
        return []
    rows = []

    def add(day: str | None, what: str, fact: str, node: str, detail: list[str]) -> None:
        rows.append({"date": day, "what": what, "fact": fact, "id": node, "name": _name(g, node), "detail": detail})

    for _, post, key, data in g.out_edges(entity, keys=True, data=True):
        if data["kind"] == "HOLDS":
            add(data["props"].get("first_observed"), "post", key, post, _names(g, _targets(g, post, "POST_IN")))
        elif data["kind"] == "PARTICIPATED_IN":
            add(_day(_props(g, post)), "event", key, post, _roles([data["props"]]))
    for agreement, roles in _agreement_roles(g, entity).items():
        add(_day(_props(g, agreement)), "agreement", agreement, agreement, roles)
    for post in _sources(g, entity, "POST_IN"):
        for person, _, key, data in g.in_edges(post, keys=True, data=True):
            if data["kind"] == "HOLDS":
                add(data["props"].get("first_observed"), "post", key, person, [_props(g, post).get("title")])
    for agreement in _sources(g, entity, "HAS_PARTY"):
        others = [p for p in _targets(g, agreement, "HAS_PARTY") if p != entity]
        add(_day(_props(g, agreement)), "agreement", agreement, agreement, _names(g, others))
    for event in _sources(g, entity, "ORGANIZED_BY"):
        add(_day(_props(g, event)), "event", event, event, ["organizer"])
    return rows


@question(
    Param("fact", "entity", "a fact id (event, agreement, tenure, participation) or a person", labels=("Person",)),
    order=("document", "item", "sentence"),
)
def source(g: Graph, fact: str) -> list[dict]:
    """Where a fact was read: document, item (headline), sentence and its text.

    Works for nodes derived from a sentence (events, agreements), people (every sentence
    naming them) and relationships (the ``fact`` ids of :func:`timeline`: tenures, participations).

    >>> source(g, timeline(g, identify(g, "黄素庄"))[0]["fact"])[0]["headline"]
    '好莱坞（中国）投资集团与瓯江口新区管委会签订投资框架协议'
    """
    if fact in g:
        sentences = _targets(g, fact, "DERIVED_FROM") + _targets(g, fact, "MENTIONED_IN")
    else:
        sentences = [d["sentence"] for *_, k, d in g.edges(keys=True, data="props") if k == fact and "sentence" in d]
    rows = []
    for s in sentences:
        for item in _targets(g, s, "PART_OF"):
            for doc in _targets(g, item, "PART_OF"):
                rows.append(
                    {
                        "document": doc,
                        "file": _props(g, doc).get("file_name"),
                        "published": _props(g, doc).get("published"),
                        "item": _props(g, item).get("index"),
                        "headline": _props(g, item).get("headline"),
                        "sentence": _props(g, s).get("index"),
                        "text": _props(g, s).get("text"),
                    }
                )
    return rows


def _candidates(store: Store | None, params: dict) -> dict:
    """The entities the store's name index finds for the text (None: no index to ask, or too many)."""
    index = store.index(NameIndex.NAME) if store is not None else None
    return {"candidates": index.find(params["text"]) if isinstance(index, NameIndex) else None}


@question(
    Param("text", "text", "part of a name, an alias or pinyin (any case, spaces optional)"),
    lists=("aliases",),
    order=("match", "label", "name"),
    prepare=_candidates,
    derived=(NameIndex,),
)
def search(g: Graph, text: str) -> list[dict]:
    """Entities whose name or alias contains the text, or whose pinyin does (``chenyixin``, ``Chen Yi``).

    ``match`` is ``exact`` when the text is the whole name, an alias or the pinyin.

    >>> [(r["name"], r["match"]) for r in search(g, "chen yi xin")]
    [('陈一新', 'exact')]
    """
    folded = fold(text)
    rows = []
    for n, data in g.nodes(data=True):
        props = data["props"]
        name, pinyin, aliases = props.get("name"), props.get("pinyin"), props.get("aliases", [])
        if data["kind"] not in SEARCHED or name is None:
            continue
        folded_pinyin = fold(pinyin) if pinyin else None
        if text in name or any(text in a for a in aliases) or (folded_pinyin and folded in folded_pinyin):
            exact = text == name or text in aliases or folded == folded_pinyin
            rows.append(
                {
                    "id": n,
                    "label": data["kind"],
                    "name": name,
                    "pinyin": pinyin,
                    "aliases": aliases,
                    "match": "exact" if exact else "partial",
                }
            )
    return rows


# --- names → ids ---------------------------------------------------------------------------------


def identify(g: Graph, text: str, labels: tuple[str, ...] = ()) -> str:
    """The id of the one entity called ``text`` (a name, alias, pinyin or id); ``LookupError`` otherwise.

    >>> identify(g, "Chen Yi Xin") == identify(g, "陈一新")
    True
    """
    return library.identify("python", g, text, labels)
