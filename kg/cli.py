"""The ``kg`` command line: extract, ingest, query and view bulletins.

Run ``kg --help`` or ``kg COMMAND --help``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from kg.api import KnowledgeGraph
from kg.loaders.read import BulletinError

app = typer.Typer(
    help="Turn Chinese government work bulletins into a knowledge graph.", no_args_is_help=True, add_completion=False
)

StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", envvar="KG_STORE", help="Store directory (default: $KG_STORE or ~/.local/share/bulletin-kg/store)."
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD (years of dates in the text are inferred from it)."),
]


def _fail(message: str) -> None:
    typer.echo(f"kg: {message}", err=True)


def _files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in (".txt", ".docx", ".html", ".htm")
            )
        else:
            out.append(p)
    return out


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Bulletin files (.txt, .docx, .html).")],
    published: PublishedOpt = None,
) -> None:
    """Write the facts of each file as JSON Lines on stdout."""
    from kg.loaders.extract import extract_path
    from kg.records import to_records

    failed = 0
    for path in files:
        try:
            records = to_records(extract_path(path, published))
        except BulletinError as e:
            _fail(str(e))
            failed += 1
            continue
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Bulletin files or directories.")],
    store: StoreOpt = None,
    published: PublishedOpt = None,
) -> None:
    """Read, extract and load bulletins into the store (unchanged files are skipped)."""
    kg = KnowledgeGraph.open(store)
    failed = changed = 0
    files = _files(paths)
    for path in files:
        try:
            changed += kg.ingest(path, published)
        except BulletinError as e:
            _fail(str(e))
            failed += 1
    typer.echo(
        f"{changed} document(s) stored, {len(files) - changed - failed} unchanged, {failed} failed → {kg.path}",
        err=True,
    )
    raise typer.Exit(1 if failed else 0)


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="Document id (doc-…), as in `kg extract` output.")],
    store: StoreOpt = None,
) -> None:
    """Take a document's facts out of the store."""
    if not KnowledgeGraph.open(store).remove(doc_id):
        _fail(f"{doc_id}: no such document in the store")
        raise typer.Exit(1)


def _query_text(query: str) -> str:
    path = Path(query)
    return path.read_text(encoding="utf-8") if len(query) < 4096 and path.is_file() else query


def _params(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise typer.BadParameter(f"{v!r}: expected name=value")
        k, _, val = v.partition("=")
        out[k] = val
    return out


def _print_rows(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        w = csv.DictWriter(sys.stdout, columns)
        w.writeheader()
        w.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for r in rows:
        table.add_row(*("" if r[c] is None else str(r[c]) for c in columns))
    Console().print(table)


_UPDATE = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add")


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one.")],
    store: StoreOpt = None,
    param: Annotated[list[str], typer.Option("--param", help="name=value, bound safely as ?name.")] = [],  # noqa: B006
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    write: Annotated[bool, typer.Option("--write", help="Allow an update query.")] = False,
) -> None:
    """Run a SPARQL query on the store (prefixes bk:, org:, schema:, prov:, foaf: predefined)."""
    import re

    text = _query_text(query)
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|<[^>\s]*>', " ", text).lower()
    is_update = any(re.search(rf"\b{w}\b", stripped) for w in _UPDATE) and not re.search(
        r"\b(select|ask|construct|describe)\b", stripped
    )
    kg = KnowledgeGraph.open(store)
    if is_update:
        if not write:
            _fail("update query refused; pass --write")
            raise typer.Exit(2)
        kg.store.store.update(text)
        return
    try:
        rows = kg.sparql(text, **_params(param))
    except (SyntaxError, ValueError, RuntimeError) as e:
        _fail(f"SPARQL: {e}")
        raise typer.Exit(2) from e
    _print_rows(rows, fmt)


@app.command()
def view(
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write.")] = Path("kg-view.html"),
    store: StoreOpt = None,
    person: Annotated[str | None, typer.Option(help="Centre the view on this person.")] = None,
    org: Annotated[str | None, typer.Option(help="Centre the view on this organization.")] = None,
    max_nodes: Annotated[int, typer.Option(help="Reduce larger graphs to this many nodes.")] = 1500,
) -> None:
    """Write an interactive, self-contained HTML view of the graph."""
    from kg.queries.viewer import render_html

    g = KnowledgeGraph.open(store).to_networkx()
    focus = [n for n, a in g.nodes(data=True) if a.get("label") in {person, org} - {None}]
    if (person or org) and not focus:
        _fail(f"{person or org}: not found in the graph")
        raise typer.Exit(1)
    stats = render_html(g, out, title="bulletin-kg", max_nodes=max_nodes, focus=focus or None)
    typer.echo(f"{stats.nodes_drawn} nodes, {stats.edges_drawn} edges → {out}", err=True)


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes and print the report."""
    import pyshacl

    from kg.ontology import ontology_graph, shapes_graph

    ok, _, report = pyshacl.validate(
        KnowledgeGraph.open(store).to_rdflib(), shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    typer.echo(report)
    raise typer.Exit(0 if ok else 1)


@app.command()
def demo(
    store: Annotated[Path, typer.Option("--store", help="Store directory for the demo.")] = Path("kg-demo/store"),
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML view to write.")] = Path("kg-demo/view.html"),
) -> None:
    """Run the whole path on the bundled sample bulletin: extract → store → view."""
    from kg.loaders.extract import sample_path
    from kg.queries.viewer import render_html

    started = time.perf_counter()
    kg = KnowledgeGraph.open(store)
    kg.ingest(sample_path(), published="2014-10-31")
    counts = kg.counts()
    stats = render_html(kg.to_networkx(), out, title="bulletin-kg · 温州市经合办 2014-10")
    typer.echo(f"Sample bulletin: {sample_path().name}")
    typer.echo("Found: " + ", ".join(f"{n} {k.lower() + ('s' if n != 1 else '')}" for k, n in counts.items()))
    typer.echo(f"Store: {kg.path.resolve()}  (SPARQL: kg sparql --store {store} 'SELECT …')")
    typer.echo(f"View:  {out.resolve()}  ({stats.nodes_drawn} nodes, {stats.edges_drawn} edges)")
    typer.echo(f"Done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    app()
