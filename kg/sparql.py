"""SPARQL text helpers: bind parameters safely, tell a query from an update.

Parameters are never pasted into the query as text: each value becomes an RDF
term serialized by Oxigraph, in a ``VALUES`` block put first inside the WHERE
group, so it constrains the pattern (aggregates included) and cannot change the
query's shape, whatever quotes, braces or newlines it holds. A list gives its
variable one row per value (none: no solution).

>>> bind('SELECT ?t WHERE { ?p schema:name ?name }', {"name": 'x"} ; DROP ALL #'})
'SELECT ?t WHERE { VALUES (?name) { ("x\\\\"} ; DROP ALL #") } ?p schema:name ?name }'
>>> bind('SELECT ?t WHERE { ?p schema:name ?name }', {"name": ["甲", "乙"]})
'SELECT ?t WHERE { VALUES ?name { "甲" "乙" } ?p schema:name ?name }'
>>> is_update("DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * WHERE { ?s ?p ?o }")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

LIST_SEPARATOR = "|"  # what this project's SPARQL texts join a list with (GROUP_CONCAT), and the CLI a list cell

# what may hide a "{" or a "where": strings, IRIs, comments, variables
_SKIP = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
    r"|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*|[?$]\w+",
    re.DOTALL,
)
_WHERE = re.compile(r"(?<![\w:])where\b", re.IGNORECASE)


def term(value: object) -> ox.NamedNode | ox.Literal:
    """An Oxigraph term for a Python value: IRIs stay IRIs, anything else becomes a typed literal."""
    from rdflib import Literal, URIRef  # here: the command line imports this module, rdflib takes 70 ms

    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    lit = value if isinstance(value, Literal) else Literal(value)  # str, int, float, bool, date …
    if lit.language:
        return ox.Literal(str(lit), language=lit.language)
    return ox.Literal(str(lit), datatype=ox.NamedNode(str(lit.datatype))) if lit.datatype else ox.Literal(str(lit))


def _code(text: str) -> str:
    """The text with strings, IRIs, comments and variables blanked out (same length)."""
    return _SKIP.sub(lambda m: " " * len(m.group()), text)


def where_brace(text: str) -> int:
    """The offset just after the ``{`` that opens the outermost WHERE group."""
    code = _code(text)
    m = _WHERE.search(code)
    start = code.find("{", m.end() if m else 0)
    if start < 0:
        raise ValueError("parameters need a WHERE { … } pattern to bind into")
    return start + 1


def bind(text: str, bindings: Mapping[str, object]) -> str:
    """The query with ``bindings`` (name → value) as a VALUES block opening its WHERE group."""
    if not bindings:
        return text
    if bad := [k for k in bindings if not re.fullmatch(r"[A-Za-z_]\w*", k)]:
        raise ValueError(f"parameter names must be SPARQL variable names: {bad}")
    single = {k: v for k, v in bindings.items() if not isinstance(v, list | tuple)}
    blocks = [f"VALUES ?{k} {{ {' '.join(str(term(x)) for x in v)} }}" for k, v in bindings.items() if k not in single]
    if single:
        names = " ".join(f"?{k}" for k in single)
        values = " ".join(str(term(v)) for v in single.values())
        blocks.insert(0, f"VALUES ({names}) {{ ({values}) }}")
    at = where_brace(text)
    return f"{text[:at]} {' '.join(blocks)}{text[at:]}"


def is_update(text: str) -> bool:
    """Whether the text parses as a SPARQL update (asked of rdflib's parser, nothing is run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises its own exception types
        return False
    return True
