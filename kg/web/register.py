"""The agreement register: filtering, sorting and paging the store's agreements, and CSV.

>>> rows = [{"id": "a1", "name": "投资协议", "date": "2014-10-27", "amount_yuan": 5e8, "area_mu": None,
...          "parties": ["甲集团", "乙管委会"], "event": "e1", "event_name": "签约仪式", "place": "温州市",
...          "document": "doc-1"},
...         {"id": "a2", "name": "结对协议", "date": None, "amount_yuan": None, "area_mu": 30.0,
...          "parties": ["丙局"], "event": None, "event_name": None, "place": None, "document": "doc-2"}]
>>> [r["id"] for r in select(rows, Filters(text="管委会"))], [r["id"] for r in select(rows, Filters(sort="area_mu"))]
(['a1'], ['a2', 'a1'])
>>> print(to_csv(select(rows, Filters(since="2014-01-01"))).strip())
date,name,parties,amount_yuan,area_mu,place,event,id,event_id,document
2014-10-27,投资协议,甲集团|乙管委会,500000000.0,,温州市,签约仪式,a1,e1,doc-1
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields

COLUMNS = ("date", "name", "parties", "amount_yuan", "area_mu", "place", "event")
PAGE = 100


@dataclass(frozen=True)
class Filters:
    """What the register is cut to: text in the name, a party or the place; a date range; a sort."""

    text: str = ""
    party: str = ""
    place: str = ""
    since: str = ""
    until: str = ""
    sort: str = "date"
    descending: bool = True
    page: int = 1

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        """Filters from a request's query string (unknown or malformed values are ignored)."""
        values = {f.name: query[f.name].strip() for f in fields(cls) if f.name in query and f.type == "str"}
        if values.get("sort") not in COLUMNS:
            values.pop("sort", None)
        page = query.get("page", "1")
        return cls(**values, descending=query.get("order", "desc") != "asc", page=int(page) if page.isdigit() else 1)

    def query(self, **changes: object) -> dict[str, str]:
        """The query string of these filters with some changed (for links: sort, page)."""
        current = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        out = {k: str(v) for k, v in current.items() if k not in ("descending", "page") and v not in ("", None)}
        out["order"] = "desc" if current["descending"] else "asc"
        if current["page"] != 1:
            out["page"] = str(current["page"])
        return out


def _matches(row: dict, f: Filters) -> bool:
    if f.text and not any(f.text in (v or "") for v in (row["name"], row["place"], row["event_name"], *row["parties"])):
        return False
    if f.party and not any(f.party in p for p in row["parties"]):
        return False
    if f.place and f.place not in (row["place"] or ""):
        return False
    day = row["date"]
    if (f.since or f.until) and day is None:
        return False
    return not ((f.since and day < f.since) or (f.until and day > f.until))


def _key(column: str):
    def key(row: dict) -> tuple:
        value = row[column] if column != "event" else row["event_name"]
        if isinstance(value, list):
            value = "、".join(value)
        return (value is None, value if value is not None else "")

    return key


def select(rows: list[dict], f: Filters) -> list[dict]:
    """The rows that pass the filters, sorted (empty values last either way)."""
    kept = [r for r in rows if _matches(r, f)]
    present = sorted((r for r in kept if _key(f.sort)(r)[0] is False), key=_key(f.sort), reverse=f.descending)
    return present + [r for r in kept if _key(f.sort)(r)[0] is True]


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV (UTF-8; lists joined with ``|``), ids last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, "id", "event_id", "document"])
    for r in rows:
        cells = [r["date"], r["name"], "|".join(r["parties"]), r["amount_yuan"], r["area_mu"], r["place"]]
        writer.writerow([*cells, r["event_name"], r["id"], r["event"], r["document"]])
    return out.getvalue()
