"""``kg ask``: the questions of the library as commands, built from the registry.

Each question is a subcommand whose arguments are its required parameters and whose options
are its optional ones (:class:`~kg.params.Param`, so a new question needs no edit here), plus
``--store``, ``--format``, ``--engine`` and ``--html``. Names on the command line are turned
into ids by the ``search`` question (name, alias or pinyin); an unknown name fails with the
closest matches. ``--html`` also writes a view of the answer's subgraph, centred on the
entities asked about.

Example (after ``kg demo``)::

    kg ask profile 陈一新 --store kg-demo/store
    kg ask path 陈一新 黄素庄 --store kg-demo/store --html path.html
    kg ask met "Chen Yi Xin" --since 2014-10-27 --format json --store kg-demo/store
"""

from __future__ import annotations

import difflib
import inspect
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer

from kg.api import KnowledgeGraph
from kg.command_line import FormatOpt, RowFormat, StoreOpt, argument, fail, open_graph, option, print_rows
from kg.queries import library
from kg.queries.library import Engine, Question

ask = typer.Typer(
    name="ask",
    help="Ask a relationship question (see docs/questions.md).",  # also kg.cli.ASK_HELP, shown before it is built
    no_args_is_help=True,
    add_completion=False,
)

EngineChoice = StrEnum("EngineChoice", [(e, e) for e in library.ENGINES])
EngineOpt = Annotated[EngineChoice, typer.Option("--engine", help="python (networkx), sparql or cypher.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Also write an HTML view of the answer.")]
_COMMON = {  # the options of every question: name → (annotation, default)
    "store": (StoreOpt, None),
    "fmt": (FormatOpt, RowFormat.table),
    "html": (HtmlOpt, None),
    "engine": (EngineOpt, EngineChoice("sparql")),
}


def command_name(q: Question) -> str:
    """The subcommand of a question: ``co_attendance`` → ``co-attendance``."""
    return q.name.replace("_", "-")


def _command(q: Question) -> Any:
    """The function Typer runs for ``kg ask NAME``, its signature built from the question's parameters."""
    if clash := {p.name for p in q.params} & _COMMON.keys():
        raise ValueError(f"{q.name}: parameter(s) {', '.join(sorted(clash))} clash with kg ask's own options")

    def run(*, store: Path | None, fmt: RowFormat, html: Path | None, engine: EngineChoice, **values: Any) -> None:
        answer(q, {k: v for k, v in values.items() if v is not None}, store, fmt, html, engine.value)

    keyword = inspect.Parameter.KEYWORD_ONLY
    declared = [
        inspect.Parameter(p.name, keyword, annotation=argument(p))
        if p.required
        else inspect.Parameter(p.name, keyword, annotation=option(p), default=None)
        for p in q.params
    ]
    common = [inspect.Parameter(n, keyword, annotation=a, default=d) for n, (a, d) in _COMMON.items()]
    run.__signature__ = inspect.Signature(declared + common)  # type: ignore[attr-defined]
    return run


for _q in library.questions():
    ask.command(command_name(_q), help=(_q.compute.__doc__ or "").split("\n\n")[0].strip())(_command(_q))


def answer(q: Question, given: dict[str, Any], store: Path | None, fmt: RowFormat, html: Path | None, engine: Engine):
    """Answer ``q`` with the values given on the command line, and print (and draw) the answer."""
    kg = open_graph(store, read_only=True)
    data = kg.to_networkx(provenance=True) if engine == "python" else kg
    params = {p.name: p for p in q.params}
    values = {
        name: _identify(engine, data, value, params[name].labels) if params[name].kind == "entity" else value
        for name, value in given.items()
    }
    try:
        rows = library.answer(q.name, engine, data, **values)
    except ValueError as e:
        fail(str(e), 2)
    if not rows and q.empty:  # "no answer" would not say why
        fail(q.empty(q.bind(values) | given))
    print_rows(rows, fmt)
    if html is not None and q.draw is not None:
        typer.echo(f"{q.draw(kg, values, rows, html)} → {html}", err=True)
    elif html is not None:
        _view(kg, q, values, rows, html)


def _identify(engine: Engine, data: Any, text: str, labels: tuple[str, ...]) -> str:
    """The id of ``text``, or exit 1 listing the entities of that name, or the closest names."""
    try:
        return library.identify(engine, data, text, labels)
    except LookupError as e:
        same_name = e.args[1]
    what = " or ".join(label.lower() for label in labels) or "entity"
    if same_name:
        listed = ", ".join(f"{r['name']} ({r['label'].lower()} {r['id']})" for r in same_name[:10])
        fail(f"{text!r} names more than one {what}: {listed}; give the id")
    fail(f"no {what} called {text!r}" + _suggestions(engine, data, text, labels))


def _suggestions(engine: Engine, data: Any, text: str, labels: tuple[str, ...]) -> str:
    """``; did you mean …`` with names containing ``text``, then the names (or pinyin) closest to it."""
    rows = [r for r in library.answer("search", engine, data, text="") if not labels or r["label"] in labels]
    keys: dict[str, dict] = {}
    for r in rows:
        keys.setdefault(r["name"], r)
        if r["pinyin"]:
            keys.setdefault(r["pinyin"].lower().replace(" ", ""), r)
    folded = text.lower().replace(" ", "")
    containing = [k for k in keys if folded in k]
    close = containing[:5] + difflib.get_close_matches(folded, list(keys), n=5, cutoff=0.4)
    names = [keys[k]["name"] + (f" ({keys[k]['pinyin']})" if keys[k]["pinyin"] else "") for k in close]
    return f"; did you mean: {', '.join(list(dict.fromkeys(names))[:5])}?" if names else ""


def _view(kg: KnowledgeGraph, q: Question, values: dict[str, Any], rows: list[dict], out: Path) -> None:
    """Write the answer's subgraph: the nodes it names, and the nodes linking two of them."""
    from kg.queries.viewer import render_html

    g = kg.to_networkx()
    focus = [values[p.name] for p in q.params if p.kind == "entity" and values.get(p.name) in g]
    named = set(focus)
    for r in rows:
        for v in r.values():
            named.update(x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str) and x in g)
    undirected = nx.Graph(g)
    linking = {n for n in undirected if n not in named and sum(m in named for m in undirected[n]) >= 2}
    sub = g.subgraph(named | linking).copy()
    title = " ".join(["kg ask", command_name(q), *(str(v) for v in values.values())])
    stats = render_html(sub, out, title=title, focus=focus or None)
    typer.echo(f"{stats.nodes_drawn} nodes, {stats.edges_drawn} edges → {out}", err=True)
