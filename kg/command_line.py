"""What every ``kg`` command shares, defined once: errors, the store, rows, options from declarations.

* **Errors** are one line ``kg: …`` on stderr: :func:`fail` (and exit) or :func:`complain`
  (and go on). Usage errors (an unknown option, a missing argument, a bad value) are Typer's,
  with exit status 2; a value checked by its declaration names the option it was given for.
* **The store** is ``--store DIR`` (:data:`StoreOpt`), else ``$KG_STORE``, else the default
  (:func:`kg.api.default_store`), opened by :func:`open_graph`.
* **Rows** print as a table, CSV or JSON (:func:`print_rows`); a list in a cell is joined with
  :data:`kg.sparql.LIST_SEPARATOR`, as the SPARQL texts join theirs.
* **Options from declarations**: :func:`argument` and :func:`option` turn a
  :class:`~kg.params.Param` into a Typer argument or option checked by the parameter itself.

>>> cell(["甲", "乙"]), cell({"id": "p1"}), cell(None)
('甲|乙', '{"id": "p1"}', '')
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from kg.params import Param
from kg.sparql import LIST_SEPARATOR

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph


def complain(message: str) -> None:
    """Say what went wrong, in one line on stderr."""
    typer.echo(f"kg: {message}", err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Say what went wrong and exit with ``code``."""
    complain(message)
    raise typer.Exit(code)


StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", envvar="KG_STORE", help="Store directory (default: $KG_STORE or ~/.local/share/bulletin-kg/store)."
    ),
]


def open_graph(store: Path | None, *, read_only: bool = False) -> KnowledgeGraph:
    """The knowledge graph at ``store``, or a one-line error (exit 1)."""
    from kg.api import KnowledgeGraph  # here, not at the top: commands that need no store start faster
    from kg.stores.rdf_store import StoreError

    try:
        return KnowledgeGraph.open(store, read_only=read_only)
    except StoreError as e:
        fail(str(e))


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[RowFormat, typer.Option("--format", help="table, csv or json.")]


def cell(value: Any) -> Any:
    """A value as a table or CSV cell: lists joined, maps (Cypher nodes …) as JSON, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def print_rows(rows: list[dict], fmt: RowFormat) -> None:
    """Rows on stdout: JSON as they are, CSV or a table with :func:`cell` values ("(no answer)" on
    stderr for a table without rows)."""
    if fmt is RowFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt is RowFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([cell(r.get(c)) for c in columns] for r in rows)
        return
    if not rows:
        typer.echo("(no answer)", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for r in rows:
        table.add_row(*(str(cell(r.get(c))) for c in columns))
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _checked(p: Param) -> Any:
    """A Typer callback checking a value given for ``p`` (nothing given stays None)."""

    def check(value: Any) -> Any:
        try:
            return None if value is None else p.parse(value)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None

    return check


_TYPES = {"int": int}


def argument(p: Param) -> Any:
    """``p`` as a positional argument (an annotation for a Typer command)."""
    return Annotated[
        _TYPES.get(p.kind, str),
        typer.Argument(help=_sentence(p.help), callback=_checked(p), show_default=False),
    ]


def option(p: Param) -> Any:
    """``p`` as an option ``--NAME`` (``as_of`` → ``--as-of``; an annotation for a Typer command; not
    given: None)."""
    default = f" (default: {p.default})" if p.default is not None else ""
    return Annotated[
        _TYPES.get(p.kind, str) | None,
        typer.Option(
            "--" + p.name.replace("_", "-"), help=_sentence(p.help) + default, callback=_checked(p), show_default=False
        ),
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
