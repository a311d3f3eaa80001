"""The web application: pages, the query endpoints and the drawings' data (Starlette + Jinja2).

Every page is rendered on the server from the store (:mod:`kg.web.reads`); templates escape
all text, and the Content-Security-Policy lets the browser run only this server's own script
files and fetch only from it: nothing a bulletin says can run, and no request leaves the
machine. Requests naming another host are refused (a page elsewhere cannot reach the server
through a DNS name pointing at this machine).

>>> import tempfile
>>> from kg import KnowledgeGraph
>>> app = create_app(KnowledgeGraph.open(tempfile.mkdtemp()))
>>> [r.path for r in app.routes][:3]
['/', '/search', '/entity/{entity:str}']
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import parse_qs, urlencode

import anyio
import anyio.to_thread
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.api import KnowledgeGraph
from kg.ingest import store_aliases
from kg.queries import library
from kg.queries.viewer import KIND_STYLES, script_json
from kg.web import forms, graph, register
from kg.web.document import document_page
from kg.web.labels import label
from kg.web.limits import Workers
from kg.web.protocol import (
    CONSTRUCT_TYPES,
    SELECT_TYPES,
    CypherEngine,
    QueryError,
    cypher_request,
    exceeded,
    negotiate,
    run_sparql,
)
from kg.web.reads import Reader, kind_of
from kg.web.timeline import timeline

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
PAGES = {  # node label → the path of its page
    "Person": "person",
    "Organization": "organization",
    "Event": "event",
    "Agreement": "agreement",
    "Place": "place",
    "Project": "place",
    "Post": "post",
    "Document": "document",
}
SHOWN_ROWS = 1000  # rows a query page shows (the endpoints send all)
ID_COLUMNS = {"id": "name", "event": "event_name", "person_id": "person", "org_id": "organization", "document": "file"}
EXAMPLES = {
    "sparql": [
        (
            "出席活动最多的人 People in most events",
            "SELECT ?name (COUNT(DISTINCT ?e) AS ?events) WHERE {\n"
            "  ?x bk:participant ?p ; bk:inEvent ?e . ?p schema:name ?name\n"
            "} GROUP BY ?name ORDER BY DESC(?events) LIMIT 20",
        ),
        (
            "金额最大的协议 Largest agreements",
            "SELECT ?name ?date ?yuan WHERE {\n  ?a a bk:Agreement ; schema:name ?name ; bk:amountYuan ?yuan .\n"
            "  OPTIONAL { ?a bk:signingDate ?date }\n} ORDER BY DESC(?yuan) LIMIT 20",
        ),
        (
            "某人的职务 A person's posts",
            'SELECT ?title ?org WHERE {\n  ?t org:member ?p ; bk:post ?post . ?p schema:name "陈一新" .\n'
            "  ?post bk:title ?title ; org:postIn/schema:name ?org\n} ORDER BY ?title",
        ),
        (
            "协议的图 An agreement as RDF (CONSTRUCT → Turtle)",
            "CONSTRUCT { ?a ?p ?o } WHERE {\n  { SELECT ?a WHERE { ?a a bk:Agreement } LIMIT 1 }\n  ?a ?p ?o\n}",
        ),
    ],
    "cypher": [
        (
            "出席活动最多的人 People in most events",
            "MATCH (p:Person)-[:PARTICIPATED_IN]->(e:Event)\nRETURN p.name AS name, count(DISTINCT e) AS events\n"
            "ORDER BY events DESC LIMIT 20",
        ),
        (
            "某人的职务 A person's posts",
            "MATCH (:Person {name: '陈一新'})-[:HOLDS]->(post:Post)-[:POST_IN]->(o)\n"
            "RETURN post.title AS title, o.name AS org ORDER BY title",
        ),
        (
            "两人共同出席的活动 Events two people attended",
            "MATCH (a:Person)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Person)\n"
            "WHERE a.name < b.name\nRETURN a.name AS a, b.name AS b, count(e) AS events ORDER BY events DESC LIMIT 20",
        ),
    ],
}


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("kg.web", "templates"), autoescape=select_autoescape(), trim_blocks=True)
    env.globals.update(label=label, kind_of=kind_of, page_of=page_of, styles=KIND_STYLES, names=forms.names())
    env.globals.update(query_with=query_with)
    # JSON inside <script type="application/json">: script_json escapes <, > and &, so it cannot end the element
    env.filters["script_json"] = lambda data: Markup(script_json(data))
    env.filters["cell"] = _cell
    env.filters["yuan"] = _yuan
    return env


def page_of(entity: str | None) -> str | None:
    """The path of an entity's page (``/person/person-…``), or None if it has none."""
    kind = kind_of(entity or "")
    return f"/{PAGES[kind]}/{entity}" if kind in PAGES else None


def query_with(params: dict[str, str], **changes: str) -> str:
    """A query string: ``params`` with some values changed."""
    return urlencode({**params, **changes})


def columns(rows: list[dict]) -> list[dict[str, str | None]]:
    """An answer's columns as a table shows them: a name links to the page of the id beside it
    (whose own column is then left out); an id without a name links as itself.

    >>> [(c["key"], c["link"]) for c in columns([{"id": "person-1", "name": "甲", "event": "event-1", "date": None}])]
    [('name', 'id'), ('event', 'event'), ('date', None)]
    """
    keys = list(rows[0]) if rows else []
    named = {ID_COLUMNS[k]: k for k in keys if ID_COLUMNS.get(k) in keys}
    return [
        {"key": k, "link": named.get(k) or (k if k in ID_COLUMNS else None)}
        for k in keys
        if not (k in ID_COLUMNS and ID_COLUMNS[k] in keys)
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _yuan(value: Any) -> str:
    """An amount in yuan as an analyst reads it: 亿 (10⁸) and 万 (10⁴)."""
    if value is None:
        return ""
    amount = float(value)
    if amount >= 1e8:
        return f"{amount / 1e8:,.2f} 亿元"
    if amount >= 1e4:
        return f"{amount / 1e4:,.1f} 万元"
    return f"{amount:,.0f} 元"


def _prefers_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return negotiate(accept, {"text/html": 1, **SELECT_TYPES, **CONSTRUCT_TYPES}) == "text/html"


class App:
    """The routes of one store's web app (see :func:`create_app`)."""

    def __init__(self, kg: KnowledgeGraph, cypher: CypherEngine, seconds: float = 0) -> None:
        self.kg = kg
        self.reader = Reader(kg)
        self.cypher = cypher
        self.seconds = seconds
        self.workers = Workers(kg.path, seconds) if seconds else None
        self.env = _environment()
        self._aliases: dict[str, str] | None = None
        self._counts: dict[str, int] | None = None

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context = {"request": request, "query": request.query_params.get("q", ""), **context}
        return HTMLResponse(self.env.get_template(template).render(context), status_code=status)

    def missing(self, request: Request, what: str) -> HTMLResponse:
        return self.render(request, "missing.html", status=404, what=what)

    def limited(self, page: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
        """The page, answered with 503 when it takes longer than the time limit (its reads go on
        in their thread until they end: Python cannot stop a thread; see :mod:`kg.web.limits`)."""

        async def answer(request: Request) -> Response:
            if not self.seconds:
                return await _in_thread(page, request)
            try:
                with anyio.fail_after(self.seconds):
                    return await anyio.to_thread.run_sync(page, request, abandon_on_cancel=True)
            except TimeoutError:
                return self.render(request, "stopped.html", status=503, message=exceeded(self.seconds))

        return answer

    # --- pages ----------------------------------------------------------------------------
    def home(self, request: Request) -> Response:
        if self._counts is None:  # the store is open read-only: counted once (seconds on 10,000 bulletins)
            self._counts = self.kg.counts()
        counts = self._counts
        documents = self.kg.documents()[-12:][::-1]
        top = self.reader.answer("co_attendance", top=12)
        return self.render(request, "home.html", counts=counts, documents=documents, top=top)

    def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "").strip()
        rows = self.reader.search(text)
        exact = [r for r in rows if r["match"] == "exact"]
        if len(exact) == 1 and request.query_params.get("go"):
            return RedirectResponse(page_of(exact[0]["id"]) or "/", status_code=303)
        similar = self.reader.similar(text) if text and not exact else []
        template = "suggest.html" if request.headers.get("hx-request") else "search.html"
        return self.render(request, template, text=text, rows=rows[:500], total=len(rows), similar=similar)

    def entity(self, request: Request) -> Response:
        path = page_of(request.path_params["entity"])
        return RedirectResponse(path, status_code=301) if path else self.missing(request, request.path_params["entity"])

    def person(self, request: Request) -> Response:
        def with_timeline(e: dict) -> dict:
            return {"timeline": timeline(e["career"], e["event_days"])}

        read = functools.partial(self.reader.person, starts=_starts(request))
        return self._entity_page(request, "Person", read, "person.html", with_timeline)

    def organization(self, request: Request) -> Response:
        read = functools.partial(self.reader.organization, starts=_starts(request))
        return self._entity_page(request, "Organization", read, "organization.html")

    def event(self, request: Request) -> Response:
        return self._entity_page(request, "Event", self.reader.event, "event.html")

    def agreement(self, request: Request) -> Response:
        return self._entity_page(request, "Agreement", self.reader.agreement, "agreement.html")

    def place(self, request: Request) -> Response:
        entity = request.path_params["entity"]
        kind = "Project" if kind_of(entity) == "Project" else "Place"
        return self._entity_page(request, kind, self.reader.place, "place.html")

    def post(self, request: Request) -> Response:
        return self._entity_page(request, "Post", self.reader.post, "post.html")

    def _entity_page(
        self,
        request: Request,
        kind: str,
        read: Callable[[str], dict | None],
        template: str,
        more: Callable[[dict], dict] | None = None,
    ) -> Response:
        entity = request.path_params["entity"]
        page = read(entity) if kind_of(entity) == kind else None
        if page is None:
            return self.missing(request, entity)
        params = dict(request.query_params)
        return self.render(request, template, e=page, params=params, **(more(page) if more else {}))

    def document(self, request: Request) -> Response:
        entry = self.kg.store.entries().get(request.path_params["entity"])
        if entry is None:
            return self.missing(request, request.path_params["entity"])
        if self._aliases is None:
            self._aliases = store_aliases(self.kg.store)
        head = self.reader.rows("document", document=entry.doc_id)
        page = document_page(self.kg, entry, self._aliases)
        return self.render(request, "document.html", entry=entry, info=head, page=page)

    def documents(self, request: Request) -> Response:
        return self.render(request, "documents.html", documents=self.kg.documents()[::-1])

    def agreements(self, request: Request) -> Response:
        f = register.Filters.from_query(dict(request.query_params))
        page, total = self.reader.register_page(f)
        template = "agreement_rows.html" if request.headers.get("hx-request") else "agreements.html"
        return self.render(request, template, f=f, rows=page, total=total, urlencode=urlencode, size=register.PAGE)

    def agreements_csv(self, request: Request) -> Response:
        rows = register.select(self.reader.register(), register.Filters.from_query(dict(request.query_params)))
        headers = {"Content-Disposition": 'attachment; filename="agreements.csv"'}
        return Response("\ufeff" + register.to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)

    def questions(self, request: Request) -> Response:
        return self.render(request, "questions.html", questions=library.questions(), slug=forms.slug)

    def question(self, request: Request) -> Response:
        try:
            q = library.get(request.path_params["name"])
        except KeyError:
            return self.missing(request, request.path_params["name"])
        sent = dict(request.query_params)
        fields = forms.form(q, sent)
        values = forms.bind(self.reader, q, fields) if sent else None
        rows, error = None, ""
        if values is not None:
            try:
                rows = self.reader.answer(q.name, **values)
            except ValueError as e:
                error = str(e)
        if rows is not None and sent.get("format") in ("csv", "json"):
            return _download(rows, sent["format"], forms.slug(q))
        drawing, paths = self._answer_drawing(q, values or {}, rows or [])
        return self.render(
            request, "question.html", q=q, fields=fields, rows=rows, error=error, drawing=drawing, paths=paths,
            shown=SHOWN_ROWS, slug=forms.slug, download=query_with(sent, format="csv"), sent=sent,
            columns=columns(rows or []),
        )  # fmt: skip

    def _answer_drawing(self, q: library.Question, values: dict, rows: list[dict]) -> tuple[dict | None, list]:
        """The answer as a drawing (its entities and the relationships between them), and a path
        answer's separate paths; nothing for questions without an entity parameter."""
        focus = [values[p.name] for p in q.params if p.kind == "entity" and values.get(p.name)]
        if not focus or not rows:
            return None, []
        ids = list(dict.fromkeys([*focus, *(v for r in rows for k, v in r.items() if k in ID_COLUMNS)]))
        ids = [i for i in ids if isinstance(i, str) and kind_of(i) not in (None, "Document")][: graph.MOST]
        nodes = graph.describe(self.reader, ids)
        drawn = graph.drawing(self.reader, [nodes[i] for i in ids if i in nodes], focus)
        if q.name != "path":
            return drawn, []
        edges = [{"src": e["from"], "dst": e["to"], **e} for e in drawn["edges"]]
        paths = graph.split_paths(rows, edges)
        types = {frozenset((e["from"], e["to"])): e for e in drawn["edges"]}
        steps = [[(nodes[n], types.get(frozenset((a, n)))) for a, n in zip([None, *p], p, strict=False)] for p in paths]
        return drawn, steps

    # --- drawings ---------------------------------------------------------------------------
    def graph_data(self, request: Request) -> Response:
        entity = request.path_params["entity"]
        hops = 2 if request.query_params.get("hops") == "2" else 1
        limit = request.query_params.get("limit", "")
        found = graph.neighbourhood(self.reader, entity, hops, int(limit) if limit.isdigit() else graph.FIRST)
        return JSONResponse(found) if found else JSONResponse({"error": f"no entity {entity}"}, status_code=404)

    def suggest(self, request: Request) -> Response:
        """Entities for a name box: id, label, name, pinyin (at most 12)."""
        labels = set(request.query_params.getlist("label"))
        rows = self.reader.search(request.query_params.get("q", ""))
        return JSONResponse([r for r in rows if not labels or r["label"] in labels][:12])

    # --- query endpoints ----------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        params = await _parameters(request)
        if "update" in params or request.headers.get("content-type", "").startswith("application/sparql-update"):
            return _refused(request, 403, "update refused: this endpoint is read-only")
        query = params.get("query", [""])[0]
        if request.headers.get("content-type", "").startswith("application/sparql-query"):
            query = (await request.body()).decode("utf-8")
        if not query.strip():
            return self.render(request, "sparql.html", text=EXAMPLES["sparql"][0][1], examples=EXAMPLES["sparql"])
        html = _prefers_html(request)
        accept = "application/sparql-results+json, text/turtle" if html else request.headers.get("accept", "*/*")
        graphs = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        try:
            if self.workers is None:
                body, media = await _in_thread(run_sparql, self.kg, query, accept, *graphs)
            else:
                body, media = await _in_thread(self.workers.call, run_sparql, query, accept, *graphs)
        except QueryError as e:
            if html:
                return self.render(request, "sparql.html", status=e.status, text=query, error=str(e),
                                   examples=EXAMPLES["sparql"])  # fmt: skip
            return _refused(request, e.status, str(e))
        if not html:
            return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))
        result = _sparql_table(body, media)
        return self.render(request, "sparql.html", text=query, result=result, examples=EXAMPLES["sparql"],
                           shown=SHOWN_ROWS, link=urlencode({"query": query}))  # fmt: skip

    async def cypher_endpoint(self, request: Request) -> Response:
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        form = {k: v[0] for k, v in (await _parameters(request)).items()}
        html = _prefers_html(request) and not content_type.startswith("application/json")
        if html and not form.get("query"):
            return self.render(request, "cypher.html", text=EXAMPLES["cypher"][0][1], examples=EXAMPLES["cypher"])
        try:
            query, params = cypher_request(body, content_type, form)
            rows = await _in_thread(self.cypher.run, query, params)
        except QueryError as e:
            if html:
                return self.render(request, "cypher.html", status=e.status, text=form.get("query", ""),
                                   error=str(e), examples=EXAMPLES["cypher"])  # fmt: skip
            return JSONResponse({"error": str(e)}, status_code=e.status)
        columns = list(rows[0]) if rows else []
        if html:
            return self.render(request, "cypher.html", text=query, columns=columns, rows=rows,
                               examples=EXAMPLES["cypher"], shown=SHOWN_ROWS)  # fmt: skip
        return JSONResponse({"columns": columns, "rows": rows})


def _starts(request: Request) -> dict[str, int]:
    """Where a page's sections start (``?events=50``: the events from the 51st); other values are ignored."""
    return {k: int(v) for k, v in request.query_params.items() if v.isdigit()}


async def _in_thread(fn: Callable, *args: Any) -> Any:
    return await anyio.to_thread.run_sync(fn, *args)


async def _parameters(request: Request) -> dict[str, list[str]]:
    """The query string's parameters, and a URL-encoded form's (SPARQL Protocol POST)."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST" and request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        for k, v in parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True).items():
            params.setdefault(k, []).extend(v)
    return params


def _refused(request: Request, status: int, message: str) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def _sparql_table(body: bytes, media: str) -> dict[str, Any]:
    """A SPARQL JSON answer (or Turtle) as the query page shows it."""
    if media == "text/turtle":
        return {"turtle": body.decode("utf-8")}
    data = json.loads(body)
    if "boolean" in data:
        return {"columns": ["result"], "rows": [{"result": {"value": str(data["boolean"]).lower()}}]}
    return {"columns": data["head"]["vars"], "rows": data["results"]["bindings"]}


def _download(rows: list[dict], fmt: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False, indent=1), media_type="application/json", headers=headers)
    import csv
    import io

    out = io.StringIO()
    columns = list(rows[0]) if rows else []
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(r[c]) for c in columns] for r in rows)
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


class SecurityHeaders:
    """Adds :data:`HEADERS` to every response (pure ASGI, so streaming responses keep streaming)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    kg: KnowledgeGraph,
    *,
    connect: Callable[[], AbstractContextManager[Any]] | None = None,
    where: str = "",
    hosts: list[str] | None = None,
    timeout: float = 0,
) -> Starlette:
    """The web app over ``kg``. Cypher runs on the store's embedded ArcadeDB, or, with ``connect``
    (a function opening a :class:`~kg.stores.cypher.CypherClient`), on that server (``where``
    names it in errors). ``hosts``: the host names requests may use (default: loopback names).
    ``timeout``: seconds after which a query or a page is stopped with 503 (0: never; see
    :mod:`kg.web.limits`)."""
    app = App(kg, CypherEngine(kg, connect, where, timeout), timeout)
    entity = "{entity:str}"
    pages = {
        "/": app.home,
        "/search": app.search,
        f"/entity/{entity}": app.entity,
        f"/person/{entity}": app.person,
        f"/organization/{entity}": app.organization,
        f"/event/{entity}": app.event,
        f"/agreement/{entity}": app.agreement,
        f"/place/{entity}": app.place,
        f"/post/{entity}": app.post,
        f"/document/{entity}": app.document,
        "/documents": app.documents,
        "/agreements": app.agreements,
        "/agreements.csv": app.agreements_csv,
        "/questions": app.questions,
        "/questions/{name:str}": app.question,
        f"/api/graph/{entity}": app.graph_data,
        "/api/suggest": app.suggest,
    }
    routes = [
        *(Route(path, app.limited(page)) for path, page in pages.items()),
        Route("/sparql", app.sparql, methods=["GET", "POST"]),
        Route("/cypher", app.cypher_endpoint, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(packages=[("kg.web", "static")]), name="static"),
        Mount("/vendor", StaticFiles(packages=[("kg.queries", "assets")]), name="vendor"),
    ]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts or LOOPBACK_HOSTS),
        Middleware(SecurityHeaders),
    ]
    return Starlette(routes=routes, middleware=middleware)
