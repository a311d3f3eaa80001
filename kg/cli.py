"""The ``kg`` command line: extract, ingest, query and view bulletins.

Run ``kg --help`` or ``kg COMMAND --help``.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kg import exports
from kg.command_line import FormatOpt, RowFormat, StoreOpt, complain, fail, open_graph, option, print_rows
from kg.params import BATCH_MB, PUBLISHED
from kg.sparql import is_update

if TYPE_CHECKING:
    import click

    from kg.ingest import Progress

ASK_HELP = "Ask a relationship question (see docs/questions.md)."


class _LazyAsk(TyperGroup):
    """``kg ask``, whose subcommands (one per question of the library) are built when it is used:
    the library imports networkx and the store, which ``kg --help`` or ``kg cypher --server`` do not need."""

    def _built(self) -> click.Group:
        from kg.queries.ask import ask

        return typer.main.get_group(ask)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._built().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._built().get_command(ctx, name)


class _Commands(TyperGroup):
    """The ``kg`` commands, ``ask`` last and built lazily (:class:`_LazyAsk`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), "ask"]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "ask":
            return _LazyAsk(name="ask", help=ASK_HELP, no_args_is_help=True)
        return super().get_command(ctx, name)


app = typer.Typer(
    help="Turn Chinese government work bulletins into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    cls=_Commands,
)

PublishedOpt = option(PUBLISHED)


DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="SCHED",
        help="Extract on a Dask cluster: local, local:N (N worker processes) or tcp://HOST:PORT (docs/scale.md).",
    ),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"bulletin-kg {version('bulletin-kg')}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn Chinese government work bulletins into a knowledge graph."""


@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Bulletin files (.txt, .docx, .html), or directories with --out.")
    ],
    published: PublishedOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FACTS_DIR", help="Write a facts dataset there (resumable) instead of stdout."),
    ] = None,
    dask: DaskOpt = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="With --out: extract in N worker processes.")] = 1,
) -> None:
    """Write the facts of each file as JSON Lines on stdout, or as a dataset with --out."""
    if out is not None or dask is not None:
        _extract_dataset(files, out, dask, jobs, published)
        return
    from kg.loaders.extract import extract_path, unknown_year
    from kg.loaders.read import BulletinError
    from kg.records import to_records

    failed = 0
    for path in files:
        try:
            facts = extract_path(path, published)
            records = to_records(facts)
        except BulletinError as e:
            complain(str(e))
            failed += 1
            continue
        except Exception as e:  # an extractor bug: said in one line, the other files still done
            complain(f"{path}: extraction failed ({type(e).__name__}: {e})")
            failed += 1
            continue
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        if note := unknown_year(facts):
            complain(f"{path}: {note}")
    raise typer.Exit(1 if failed else 0)


def _extract_dataset(files: list[Path], out: Path | None, dask: str | None, jobs: int, published: str | None) -> None:
    from kg.dataset import extract_files

    if out is None:
        fail("--dask writes a facts dataset: pass --out FACTS_DIR", 2)
    from kg.distributed import runner

    with _dask_errors(), _progress_bar() as progress, runner(dask, jobs, complain) as run:
        report = extract_files(files, out, run, published=published, progress=progress)
    summary = f"{report.stored} extracted, {report.unchanged} unchanged, {report.copies} copies"
    _finish(report.failed, f"{summary}, {len(report.failed)} failed → {out}")


def _finish(failed: list[str], summary: str) -> None:
    """Each failure on a line of its own, then the summary; exit 1 if anything failed."""
    for line in failed:
        complain(line)
    typer.echo(summary, err=True)
    raise typer.Exit(1 if failed else 0)


@contextmanager
def _dask_errors() -> Iterator[None]:
    """Dask missing or unreachable, a bad scheduler or dataset: one line, exit 2; Ctrl-C: how to resume."""
    from kg.distributed import DaskError

    try:
        yield
    except (DaskError, ValueError, FileNotFoundError) as e:
        fail(str(e), 2)
    except KeyboardInterrupt:
        fail("interrupted; what was done stays — run the same command again to finish", 130)


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress bar on stderr (documents, MB/s, ETA) when stderr is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, TextColumn, TimeRemainingColumn, TransferSpeedColumn
    from rich.progress import Progress as Bar

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.fields[docs]} documents"), BarColumn(), TransferSpeedColumn(), TimeRemainingColumn())
    with Bar(*columns, console=console) as bar:
        task = bar.add_task("ingest", total=None, docs="0/?")
        yield lambda done, files, done_bytes, total: bar.update(
            task, completed=done_bytes, total=total, docs=f"{done}/{files}"
        )


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Bulletin files or directories.")] = None,
    store: StoreOpt = None,
    published: PublishedOpt = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Extract in N worker processes.")] = 1,
    batch_mb: Annotated[
        float,
        typer.Option(
            min=0, help="Commit new documents together once their triples reach this many MB (0: one by one)."
        ),
    ] = BATCH_MB,
    overrides: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="Install this resolution overrides file (docs/store.md)."),
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option(
            "--facts",
            metavar="FACTS_DIR",
            help="Load this facts dataset (kg extract --out); with PATHS and --dask, "
            "the dataset to extract into (kept).",
        ),
    ] = None,
    dask: DaskOpt = None,
) -> None:
    """Read, extract, resolve and load bulletins (content already stored is skipped)."""
    if not paths and facts is None:
        fail("give bulletin files or directories, or --facts FACTS_DIR", 2)
    if paths and facts is not None and dask is None:
        fail("--facts with PATHS is where --dask extracts to: pass --dask too, or only one of them", 2)
    if not paths and published:
        fail("--published is read when extracting: a facts dataset was extracted with its dates already", 2)
    kg = open_graph(store)
    try:
        kg.install_overrides(overrides) if overrides else kg.overrides()  # the ingest applies them
    except ValueError as e:
        fail(f"{overrides or kg.overrides_path}: {e}", 2)
    with _dask_errors(), _progress_bar() as progress:
        options = {"jobs": jobs, "progress": progress, "batch_mb": batch_mb, "dask": dask}
        report = kg.ingest(paths, published, facts=facts, **options) if paths else kg.ingest_facts(facts, **options)
    for line in report.notes:
        complain(line)
    _finish(
        report.failed,
        f"{report.stored} stored, {report.unchanged} unchanged, {report.copies} copies of stored content, "
        f"{report.refreshed} re-resolved, {len(report.failed)} failed → {kg.path}",
    )


@app.command()
def remove(
    doc: Annotated[str, typer.Argument(help="Document id (doc-…), a file it was ingested from, or that file's name.")],
    store: StoreOpt = None,
) -> None:
    """Take a document's facts out of the store."""
    try:
        removed = open_graph(store).remove(doc)
    except ValueError as e:
        fail(str(e), 2)
    if removed is None:
        fail(f"{doc}: no such document in the store")
    sources = ", ".join(removed["sources"]) or "no file"
    typer.echo(f"removed {removed['id']} (published {removed['published'] or '?'}; read from {sources})", err=True)


def _query_text(query: str) -> str:
    path = Path(query)
    return path.read_text(encoding="utf-8") if len(query) < 4096 and path.is_file() else query


def _params(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            fail(f"--param {v!r}: expected name=value", 2)
        k, _, val = v.partition("=")
        out[k] = val
    return out


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one.")],
    store: StoreOpt = None,
    param: Annotated[list[str], typer.Option("--param", help="name=value, bound safely as ?name.")] = [],  # noqa: B006
    fmt: FormatOpt = RowFormat.table,
    write: Annotated[bool, typer.Option("--write", help="Allow an update.")] = False,
) -> None:
    """Run a SPARQL query on the store (prefixes bk:, id:, org:, schema:, prov:, foaf: predefined).

    The text is read as a query first; only with --write is what does not parse as one run as an update.
    """
    text = _query_text(query)
    params = _params(param)
    kg = open_graph(store, read_only=not write)
    try:
        rows = kg.sparql(text, **params)
    except SyntaxError as query_error:
        if not write:
            fail("update refused; pass --write" if is_update(text) else f"SPARQL: {query_error}", 2)
        if params:
            fail("--param binds queries, not updates", 2)
        try:
            kg.update(text)
        except (SyntaxError, OSError) as e:
            fail(f"SPARQL update: {e}", 2)
        return
    except (ValueError, RuntimeError, OSError) as e:
        fail(f"SPARQL: {e}", 2)
    print_rows(rows, fmt)


_BOLT_URI = "bolt://HOST:PORT or neo4j://HOST:PORT (also +s, +ssc)"
UserOpt = Annotated[str, typer.Option("--user", envvar="KG_NEO4J_USER", help="User on the --uri server.")]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password",
        envvar="KG_NEO4J_PASSWORD",
        help="Password on the --uri server (prefer the environment variable: other users can see command lines).",
    ),
]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database", help="Database on the --uri server (default: the server's default).")
]


def _auth(user: str, password: str | None) -> tuple[str, str] | None:
    """Driver credentials; none (a server without authentication) when no password is given."""
    return None if password is None else (user, password)


def _typed_params(values: list[str]) -> dict[str, Any]:
    """``--param name=value`` (a string) or ``name:=JSON`` (typed: ``n:=12``, ``ids:=["a", "b"]``, ``x:=null``)."""
    out: dict[str, Any] = {}
    for name, value in _params(values).items():
        if not name.endswith(":"):
            out[name] = value
            continue
        try:
            out[name[:-1]] = json.loads(value)
        except json.JSONDecodeError as e:
            fail(f"--param {name}={value}: not JSON ({e.msg})", 2)
    return out


def _quiet_driver() -> None:
    """Keep the neo4j driver's log records (server notifications, retries) off stderr."""
    import logging

    logging.getLogger("neo4j").setLevel(logging.CRITICAL + 1)


@contextmanager
def _cypher_errors(where: str, log: Path | None = None) -> Iterator[None]:
    """A Cypher engine's errors as one line ``kg: …``: exit 2 for the query, 1 for the server.

    ``log`` is where the server logs what it does not tell its clients (the embedded one's).
    """
    from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError

    hint = f"; server log: {log}" if log else ""
    try:
        yield
    except (PermissionError, ValueError) as e:  # the read-only guard, a URI that is not Bolt
        fail(str(e), 2)
    except Neo4jError as e:
        code = f" ({e.code})" if e.code else ""
        message = f"{where}: {' '.join((e.message or str(e)).split())}{code}{hint}"
        fail(message, 2 if isinstance(e, ClientError) and not isinstance(e, AuthError) else 1)
    except (DriverError, RuntimeError, OSError) as e:  # unreachable server, embedded store locked …
        fail(f"{where}: {' '.join(str(e).split())}")


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A Cypher query, or a file holding one.")],
    store: StoreOpt = None,
    param: Annotated[
        list[str], typer.Option("--param", help="name=value (a string) or name:=JSON (typed), bound as $name.")
    ] = [],  # noqa: B006
    fmt: FormatOpt = RowFormat.table,
    write: Annotated[bool, typer.Option("--write", help="Allow a query that writes.")] = False,
    uri: Annotated[
        str | None, typer.Option("--uri", help=f"A server, {_BOLT_URI} (default: the store's embedded ArcadeDB).")
    ] = None,
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    server: Annotated[
        str | None,
        typer.Option("--server", help="A running `kg serve` (http://127.0.0.1:8750/): its warm engine answers."),
    ] = None,
) -> None:
    """Run a Cypher query on the store's property graph (embedded ArcadeDB), or on a server with --uri.

    Read-only unless --write. The embedded engine's graph is derived from the RDF store: what a write
    changes there is gone at the next query. With --server, a running `kg serve` answers (read-only),
    in milliseconds: its engine is already started and loaded.
    """
    text = _query_text(query)
    params = _typed_params(param)
    if server is not None:
        print_rows(_served_cypher(server, text, params), fmt)
        return
    _quiet_driver()
    if uri is not None:
        from kg.push import remote_client

        with _cypher_errors(uri), remote_client(uri, _auth(user, password), database) as client:
            rows = client.run(text, params, write=write)
        print_rows(rows, fmt)
        return
    if database is not None:
        fail("--database needs --uri (the embedded engine has one database)", 2)
    kg = open_graph(store, read_only=True)
    with _cypher_errors("Cypher", kg.path / "arcadedb" / "log"):
        rows = kg.cypher(text, params, write=write)
    print_rows(rows, fmt)


def _served_cypher(server: str, query: str, params: dict[str, Any]) -> list[dict]:
    """Rows from the ``/cypher`` endpoint of a running ``kg serve``; exit 2 for the query, 1 for the server."""
    import urllib.error
    import urllib.request

    url = server.rstrip("/") + "/cypher"
    body = json.dumps({"query": query, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())["rows"]
    except urllib.error.HTTPError as e:
        try:
            reason = json.loads(e.read())["error"]
        except (ValueError, KeyError):
            reason = f"HTTP {e.code}"
        fail(reason, 2 if e.code in (400, 403) else 1)
    except (urllib.error.URLError, OSError, ValueError) as e:
        fail(f"{url}: {getattr(e, 'reason', e)}")


@app.command()
def push(
    uri: Annotated[str, typer.Option("--uri", help=f"The server, {_BOLT_URI}.")],
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    store: StoreOpt = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Rows per UNWIND … MERGE transaction.")] = 5000,
) -> None:
    """Load the store's property graph into a Neo4j-compatible server (idempotent: MERGE on ids).

    Constraints come first (id unique per label); nothing is deleted on the server.
    """
    from kg.push import push as push_graph

    kg = open_graph(store, read_only=True)
    _quiet_driver()
    with _cypher_errors(uri):
        done = push_graph(kg, uri, _auth(user, password), database, batch)
    typer.echo(
        f"{done['nodes']} nodes, {done['edges']} relationships → {uri} in {done['seconds']:.2f} s "
        f"({done['rows_per_second']:,.0f} rows/s, streamed from the store)",
        err=True,
    )


@app.command()
def people(
    name: Annotated[
        str | None, typer.Argument(help="A name or person id: who they are and why (the evidence of each join).")
    ] = None,
    posts: Annotated[bool, typer.Option("--posts", help="Show the posts of NAME over time instead.")] = False,
    store: StoreOpt = None,
    fmt: FormatOpt = RowFormat.table,
) -> None:
    """List the people (with their resolution keys); with NAME, each person so called with the evidence
    that made them one (documents, keys, places, posts, mentions), or (--posts) their posts over time."""
    kg = open_graph(store, read_only=True)
    if name is None:
        print_rows(kg.people(), fmt)
    else:
        print_rows(kg.posts_of(name) if posts else kg.identity(name), fmt)


ExportChoice = StrEnum("ExportChoice", [(f.name, f.name) for f in exports.formats()])
_EXPORTS = "; ".join(f"{f.name}: {f.summary}" for f in exports.formats())


@app.command()
def export(
    fmt: Annotated[
        ExportChoice,
        typer.Option("--format", "-f", help=f"What to write ({_EXPORTS})."),
    ],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="File (a directory for a directory format); default stdout.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Export the store in one of the formats of kg.exports (docs/store.md)."""
    chosen = exports.get(fmt.value)
    if chosen.directory and out is None:
        fail(f"{chosen.name} export writes a directory: pass -o DIR", 2)
    counts = exports.export(open_graph(store, read_only=True), chosen.name, out or sys.stdout.buffer)
    typer.echo(", ".join(f"{n} {k}" for k, n in counts.items()) + (f" → {out}" if out else ""), err=True)


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

    g = open_graph(store).to_networkx()
    focus = [n for n, a in g.nodes(data=True) if a.get("label") in {person, org} - {None}]
    if (person or org) and not focus:
        fail(f"{person or org}: not found in the graph")
    stats = render_html(g, out, title="bulletin-kg", max_nodes=max_nodes, focus=focus or None)
    typer.echo(f"{stats.nodes_drawn} nodes, {stats.edges_drawn} edges → {out}", err=True)


@app.command()
def serve(
    store: StoreOpt = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")] = 8750,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; another than loopback prints a warning.")
    ] = "127.0.0.1",
    uri: Annotated[
        str | None, typer.Option("--uri", help=f"Cypher on this server, {_BOLT_URI} (default: the embedded ArcadeDB).")
    ] = None,
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            metavar="SECONDS",
            help="Stop a SPARQL or Cypher query that runs longer, and answer 503 (a page too; 0: no limit).",
        ),
    ] = 30,
) -> None:
    """Browse the store in a web browser: search, pages for people, organizations, events and documents,
    the agreement register, the questions, and read-only SPARQL and Cypher endpoints (docs/web.md)."""
    from kg.web.serve import serve as run

    kg = open_graph(store, read_only=True)
    connect = None
    if uri is not None:
        from kg.push import remote_client

        def connect():
            return remote_client(uri, _auth(user, password), database)

    try:
        say = functools.partial(typer.echo, err=True)
        run(kg, host, port, connect=connect, where=uri or "", timeout=timeout, say=say)
    except OSError as e:
        fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes and print the report."""
    import pyshacl

    from kg.ontology import ontology_graph, shapes_graph

    ok, _, report = pyshacl.validate(
        open_graph(store, read_only=True).to_rdflib(),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="rdfs",
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
    kg = open_graph(store)
    kg.ingest(sample_path(), published="2014-10-31")
    counts = kg.counts()
    stats = render_html(kg.to_networkx(), out, title="bulletin-kg · 温州市经合办 2014-10")
    typer.echo(f"Sample bulletin: {sample_path().name}")
    typer.echo("Found: " + ", ".join(f"{n} {k.lower() + ('s' if n != 1 else '')}" for k, n in counts.items()))
    typer.echo(f"Store: {store}  (SPARQL: kg sparql --store {store} 'SELECT …')")
    typer.echo(f"View:  {out}  ({stats.nodes_drawn} nodes, {stats.edges_drawn} edges)")
    typer.echo(f"Browse: kg serve --store {store}")
    typer.echo(f"Done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    app()
