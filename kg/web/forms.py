"""Question forms, made from the question library's own declarations (:class:`kg.queries.library.Param`).

Each parameter becomes a field (an entity a name box, a date a date box, a number a number
box with its maximum); what the form sends is checked by the parameter itself, and names are
resolved to ids as ``kg ask`` resolves them: a name of several entities asks which one, an
unknown name offers the closest names.

>>> from kg.queries import library
>>> [(f.name, f.input, f.required) for f in form(library.get("met"), {})]
[('person', 'text', True), ('since', 'date', False), ('until', 'date', False)]
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.params import Param
from kg.queries import library
from kg.queries.library import Question
from kg.web.reads import Reader

INPUTS = {"entity": "text", "date": "date", "int": "number", "text": "text"}


@functools.cache
def names() -> dict[str, dict[str, str]]:
    """The Chinese names of questions, parameters and answer columns (``names.json``)."""
    return json.loads(resources.files("kg.web").joinpath("names.json").read_text(encoding="utf-8"))


def question_name(q: Question) -> str:
    return names()["questions"].get(q.name, q.name)


def slug(q: Question) -> str:
    """The question's name as the command line and the URL write it (``co-attendance``)."""
    return q.name.replace("_", "-")


@dataclass
class Field:
    """One parameter of a question as a form field, with what was sent and what is wrong with it."""

    param: Param
    value: str = ""
    error: str = ""
    choices: list[dict] = field(default_factory=list)  # entities the value may mean

    @property
    def name(self) -> str:
        return self.param.name

    @property
    def input(self) -> str:
        return INPUTS[self.param.kind]

    @property
    def required(self) -> bool:
        return self.param.required

    @property
    def zh(self) -> str:
        return names()["params"].get(self.name, self.name)


def form(q: Question, sent: dict[str, str]) -> list[Field]:
    """The question's fields, holding what was sent."""
    return [Field(p, sent.get(p.name, "").strip()) for p in q.params]


def bind(reader: Reader, q: Question, fields: list[Field]) -> dict[str, Any] | None:
    """The question's parameters from the fields (names resolved to ids), or None after setting
    the fields' errors."""
    values: dict[str, Any] = {}
    for f in fields:
        if not f.value:
            if f.required:
                f.error = "必填 required"
            continue
        if f.param.kind == "entity":
            values[f.name] = _resolve(reader, f)
            continue
        try:
            values[f.name] = f.param.parse(f.value)
        except ValueError as e:
            f.error = str(e)
    return None if any(f.error for f in fields) else values


def _resolve(reader: Reader, f: Field) -> str | None:
    """The id the field's text names, or None with the field's error and choices set."""
    try:
        return library.identify("sparql", reader.kg, f.value, f.param.labels)
    except LookupError as e:
        exact = e.args[1]
    if exact:
        f.error = "有多个同名，请选择 several have this name: choose one"
        f.choices = exact
        return None
    found = [r for r in reader.search(f.value) if not f.param.labels or r["label"] in f.param.labels]
    f.error = "找不到 not found" + ("; 相近 close: " + "、".join(reader.similar(f.value)) if not found else "")
    f.choices = found[:10]
    return None
