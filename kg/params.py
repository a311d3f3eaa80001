"""Declared parameters: what a question, a command-line option or a web form takes, checked once.

A :class:`Param` says a parameter's name, its kind (``entity``: a node id or a name to look
up; ``date``: YYYY-MM-DD; ``int``; ``text``), its help, whether it is required and its
default. :meth:`Param.parse` checks a value given as text or as itself, the same for the
command line (where ``kg ask``'s options and ``--published`` are built from declarations),
the question library and the web app; its errors say what is wrong, and the caller adds
which option or parameter it was. Every date, whatever option brings it, goes through
:func:`as_date`.

>>> iso_date("2014-10-31"), as_date(None)
('2014-10-31', None)
>>> iso_date("2014-13-01")
Traceback (most recent call last):
...
ValueError: '2014-13-01' is not a date YYYY-MM-DD
>>> HOPS = Param("hops", "int", "how far", required=False, default=2, maximum=3)
>>> HOPS.parse("3"), HOPS.check(None)
(3, 2)
>>> HOPS.check(4)
Traceback (most recent call last):
...
ValueError: hops: 4 is not between 1 and 3
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

BATCH_MB = 8.0  # ingest: new documents committed together (~40 bulletins; see RdfStore.write)


def as_date(value: date | str | None) -> date | None:
    """A date from a date or its ISO text (None stays None); ``ValueError`` saying what is wrong."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None


def iso_date(value: date | str) -> str:
    """A date as ISO text, checked by :func:`as_date`."""
    day = as_date(value)
    if day is None:
        raise ValueError("no date given")
    return day.isoformat()


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``entity`` (a node id), ``date`` (YYYY-MM-DD), ``int`` (1 to ``maximum``)
    or ``text``."""

    name: str
    kind: Literal["entity", "date", "int", "text"]
    help: str
    required: bool = True
    default: Any = None
    labels: tuple[str, ...] = ()  # for entities: the labels a name given for it may resolve to
    maximum: int | None = None

    def parse(self, value: Any) -> Any:
        """A given value checked and typed (dates as ISO text, ints as int); ``ValueError`` if invalid."""
        if self.kind == "date":
            return iso_date(value)
        if self.kind == "int":
            try:
                n = int(value)
            except (TypeError, ValueError):
                raise ValueError(f"{value!r} is not a whole number") from None
            if n < 1 or (self.maximum is not None and n > self.maximum):
                raise ValueError(f"{n} is not between 1 and {self.maximum}" if self.maximum else f"{n} is below 1")
            return n
        return str(value)

    def check(self, value: Any) -> Any:
        """The value of this parameter: parsed, or the default when not given; ``ValueError`` naming it."""
        if value is None:
            if self.required:
                raise ValueError(f"{self.name}: required")
            return self.default
        try:
            return self.parse(value)
        except ValueError as e:
            raise ValueError(f"{self.name}: {e}") from None


PUBLISHED = Param(
    "published", "date", "publication date YYYY-MM-DD (years of dates in the text are inferred from it)", False
)
