"""Every id of the graph, minted in one place: the same input always gives the same id.

An entity's id is its kind and 16 hex digits of a SHA-1 of what identifies it
(:func:`stable_id`): a document by its content, a person by name and place, an organization by
its full name (scoped to a city or a document when the name carries no place), a post by its
organization and title, an event by where the bulletin tells it … Items and sentences are
named after their document; co-attendance ranks after their period. The extractor, the
resolver and the rankings call these functions; nothing else makes an id.

>>> person_id("陈一新", "温州市")
'person-d9dae622992c592e'
>>> sentence_id("doc-1", 3, 0), is_id("org-08998ee59e05b22c"), is_id("陈一新")
('doc-1-s-3-0', True, False)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

KINDS = ("doc", "person", "org", "post", "place", "project", "tenure", "event", "part", "agreement")
_SHAPE = re.compile(rf"^({'|'.join(KINDS)})-[0-9a-f]{{16}}(-[-\w]+)?$")


def stable_id(kind: str, *parts: str) -> str:
    """A short id that is the same for the same input: ``person-3f2a…``."""
    return kind + "-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def is_id(text: str) -> bool:
    """Whether ``text`` is an id of this graph (of an entity, or an item or sentence of a document)."""
    return _SHAPE.match(text) is not None


def document_id(sha256: str) -> str:
    """A document, by the SHA-256 of its content."""
    return stable_id("doc", sha256)


def text_digest(text: str) -> str:
    r"""A document's text, by the SHA-256 of it without whitespace: two files with one text (UTF-8 and
    GB18030, CRLF and LF, a .docx and a .txt) are one document (see :mod:`kg.ingest`).

    >>> text_digest("第1期\r\n工作简报") == text_digest("第1期\n\n工作简报 ")
    True
    """
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()


def person_id(name: str, place: str) -> str:
    """A person, by name and the place that keys them (see :mod:`kg.resolve`)."""
    return stable_id("person", name, place)


@lru_cache(maxsize=1 << 16)  # the same bodies come back in every bulletin
def organization_id(name: str, scope: str | None = None) -> str:
    """An organization, by its full name; ``scope`` (a city, or a document) for a name with no place in it."""
    return stable_id("org", name) if scope is None else stable_id("org", name, scope)


def post_id(org_id: str | None, title: str) -> str:
    """A post: a title at an organization (or a title alone)."""
    return stable_id("post", org_id or "", title)


def place_id(name: str) -> str:
    return stable_id("place", name)


def area_id(code: str) -> str:
    """An administrative place, by its division code: under its former names too."""
    return stable_id("place", "code", code)


def project_id(name: str) -> str:
    return stable_id("project", name)


def tenure_id(doc_id: str, person: str, title: str, org: str | None = None) -> str:
    """A person's post as one document states it (``org`` for a second post of the same title in
    another body: 常委 of two Party committees)."""
    return stable_id("tenure", doc_id, person, title, *([org] if org else []))


def event_id(doc_id: str, item: int, sentence: int) -> str:
    """An event, by the sentence of the document that opens its telling."""
    return stable_id("event", doc_id, str(item), str(sentence))


def participation_id(event: str, person: str) -> str:
    return stable_id("part", event, person)


def agreement_id(doc_id: str, item: int, sentence: int, name: str, parties: Iterable[str]) -> str:
    """An agreement, by the sentence that names it, its name and its parties."""
    return stable_id("agreement", doc_id, str(item), str(sentence), name, *parties)


def spell_id(person: str, post: str, first_tenure: str) -> str:
    """A person's spell in a post (:mod:`kg.spells`), by the earliest tenure it rests on."""
    return stable_id("spell", person, post, first_tenure)


def link_id(kind: str, *ends: str) -> str:
    """A relationship an export writes as an entity of its own (a sub-organization's membership, an
    entity's documentation in a bulletin), by its kind and ends."""
    return stable_id(kind, *ends)


def item_id(doc_id: str, item: int) -> str:
    """An item of a document (-1: its distribution list)."""
    return f"{doc_id}-item-{item}"


def sentence_id(doc_id: str, item: int, sentence: int) -> str:
    return f"{doc_id}-s-{item}-{sentence}"


def rank_id(period: str, rank: int) -> str:
    """A person's rank in a period's co-attendance network (``2015``, or ``all``)."""
    return f"co-attendance-{period}-{rank}"
