"""``kg ask``: a question of the library, from the command line.

Names on the command line are resolved to ids by the ``search`` question (name, alias or
pinyin); an unknown name fails with the closest matches. ``--html`` also writes a view of
the answer's subgraph, centred on the entities asked about.

Example (after ``kg demo``)::

    kg ask profile 陈一新 --store kg-demo/store
    kg ask path 陈一新 黄素庄 --store kg-demo/store --html path.html
    kg ask met "Chen Yi Xin" --since 2014-10-23 --format json --store kg-demo/store
"""

from __future__ import annotations

import csv
import difflib
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer

from kg.api import KnowledgeGraph
from kg.queries import library
from kg.queries.library import ENGINES, Engine, Question
from kg.stores.rdf_store import StoreError

SUMMARY = "\n".join(f"  {q.name.replace('_', '-'):14} {q.summary}" for q in library.questions())
NAMES = ", ".join(q.name.replace("_", "-") for q in library.questions())


def ask(
    question: Annotated[str, typer.Argument(help=f"One of: {NAMES}.", show_default=False)],
    args: Annotated[
        list[str] | None, typer.Argument(help="Who or what it is about: names, aliases, pinyin or ids.")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option("--store", envvar="KG_STORE", help="Store directory (default: $KG_STORE or ~/.local/share/…)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    date: Annotated[str | None, typer.Option(help="As of this date (officials).")] = None,
    hops: Annotated[int | None, typer.Option(help="How far to look (neighbourhood ≤ 3, path ≤ 4).")] = None,
    kind: Annotated[str | None, typer.Option(help="Event kind: Meeting, Signing, Visit, …")] = None,
    place: Annotated[str | None, typer.Option(help="Where events were held.")] = None,
    party: Annotated[str | None, typer.Option(help="A party to the agreements.")] = None,
    top: Annotated[int | None, typer.Option(help="How many people to rank (co-attendance).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML view of the answer.")] = None,
    engine: Annotated[str, typer.Option(help="python (networkx), sparql or cypher.")] = "sparql",
) -> None:
    """Ask a relationship question (see docs/questions.md); `kg ask help` lists them."""
    if question == "help":
        typer.echo(SUMMARY)
        raise typer.Exit
    try:
        q = library.get(question)
    except KeyError:
        _fail(f"unknown question {question!r}; the questions are:\n{SUMMARY}", 2)
    if engine not in ENGINES or fmt not in ("table", "json", "csv"):
        _fail("--engine is python, sparql or cypher; --format is table, json or csv", 2)
    try:
        kg = KnowledgeGraph.open(store, read_only=True)
    except StoreError as e:
        _fail(str(e))
    data = kg.to_networkx(provenance=True) if engine == "python" else kg
    options = {"since": since, "until": until, "date": date, "hops": hops, "kind": kind, "place": place}
    options |= {"party": party, "top": top}
    values = _values(q, args or [], {k: v for k, v in options.items() if v is not None}, engine, data)  # type: ignore[arg-type]
    try:
        rows = library.answer(q.name, engine, data, **values)  # type: ignore[arg-type]
    except ValueError as e:
        _fail(str(e), 2)
    if not rows and q.name == "path":
        limit = next(p for p in q.params if p.name == "hops")
        within = q.bind(values)["hops"]
        hops_said = f"{within} hop{'s' if within != 1 else ''}"
        _fail(f"no path between {args[0]} and {args[1]} within {hops_said} (--hops, at most {limit.maximum})")
    _print(rows, fmt)
    if html is not None:
        _view(kg, q, values, rows, html)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"kg: {message}", err=True)
    raise typer.Exit(code)


def _values(q: Question, args: list[str], options: dict[str, Any], engine: Engine, data: Any) -> dict[str, Any]:
    """The question's parameters: positional arguments first, then options; names resolved to ids."""
    positional = [p for p in q.params if p.required]
    if len(args) != len(positional):
        wanted = " ".join(p.name.upper() for p in positional)
        _fail(f"{q.name.replace('_', '-')} takes {len(positional)} argument(s): {wanted}", 2)
    wrong = set(options) - {p.name for p in q.params}
    if wrong:
        _fail(f"--{', --'.join(sorted(wrong))} does not apply to {q.name.replace('_', '-')}", 2)
    for p in q.params:
        if p.name in options:
            try:
                p.check(options[p.name])
            except ValueError as e:
                _fail(f"--{p.name}: {e}", 2)
    values = dict(zip((p.name for p in positional), args, strict=True)) | options
    for p in q.params:
        if p.kind == "entity" and p.name in values:
            values[p.name] = _resolve(engine, data, values[p.name], p.labels)
    return values


def _resolve(engine: Engine, data: Any, text: str, labels: tuple[str, ...]) -> str:
    """The id of ``text``, or exit 1 listing the entities of that name, or the closest names."""
    try:
        return library.resolve(engine, data, text, labels)
    except LookupError as e:
        same_name = e.args[1]
    what = " or ".join(label.lower() for label in labels) or "entity"
    if same_name:
        listed = ", ".join(f"{r['name']} ({r['label'].lower()} {r['id']})" for r in same_name[:10])
        _fail(f"{text!r} names more than one {what}: {listed}; give the id")
    _fail(f"no {what} called {text!r}" + _suggestions(engine, data, text, labels))
    raise AssertionError  # _fail exits


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


def _print(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_cell(r[c]) for c in columns] for r in rows)
        return
    if not rows:
        typer.echo("(no answer)", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for r in rows:
        table.add_row(*(_cell(r[c]) for c in columns))
    Console(width=None if sys.stdout.isatty() else 200).print(table)


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
    title = " ".join(["kg ask", q.name.replace("_", "-"), *(str(v) for v in values.values())])
    stats = render_html(sub, out, title=title, focus=focus or None)
    typer.echo(f"{stats.nodes_drawn} nodes, {stats.edges_drawn} edges → {out}", err=True)
