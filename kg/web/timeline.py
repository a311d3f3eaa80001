"""A person's career drawn as a timeline: one bar per post (first to last observed), events as ticks.

Positions are in the units of an SVG ``viewBox`` :data:`WIDTH` wide; bars start after
:data:`LABELS` (the posts' names).

>>> t = timeline([{"title": "市长", "org_name": "某市人民政府", "first_observed": "2014-01-01",
...                "last_observed": "2015-01-01"}], ["2014-07-02"])
>>> [(r["label"], r["x"], r["width"]) for r in t["rows"]], t["events"], [y["label"] for y in t["years"]]
([('某市人民政府 · 市长', 330.0, 660.0)], [659.1], ['2014', '2015'])
"""

from __future__ import annotations

from datetime import date

WIDTH, LABELS, ROW = 1000, 330, 28
MIN_BAR = 6  # a post observed once is a short bar, not nothing


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def timeline(career: list[dict], event_dates: list[str | None]) -> dict | None:
    """Bars, event ticks and year marks for the posts and events that have dates (None if none do)."""
    spans = [(r, r["first_observed"], r["last_observed"] or r["first_observed"]) for r in career if r["first_observed"]]
    days = [_day(d) for _, a, b in spans for d in (a, b)] + [_day(d) for d in event_dates if d]
    if not days:
        return None
    lo, hi = min(days), max(days)
    if hi - lo < 60:  # a short span is drawn around its middle
        lo, hi = lo - 30, hi + 30
    scale = (WIDTH - LABELS - 10) / (hi - lo)

    def x(day: int) -> float:
        return round(LABELS + (day - lo) * scale, 1)

    rows = []
    for i, (r, a, b) in enumerate(spans):
        left = x(_day(a))
        name = " · ".join(v for v in (r.get("org_name"), r["title"]) if v)
        rows.append({"label": name, "x": left, "width": max(MIN_BAR, x(_day(b)) - left), "y": 30 + i * ROW, **r})
    years = [
        {"label": str(y), "x": x(date(y, 1, 1).toordinal())}
        for y in range(date.fromordinal(lo).year, date.fromordinal(hi).year + 1)
        if lo <= date(y, 1, 1).toordinal() <= hi
    ]
    events = sorted({x(_day(d)) for d in event_dates if d})
    return {"rows": rows, "events": events, "years": years[-12:], "height": 40 + len(rows) * ROW + 16}
