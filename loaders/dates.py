"""Dates in bulletin text: 10月23日, 10月21日－25日, 10月17日至20日, 昨天, 当天.

Years missing from the text are inferred from the publication date; spans are
kept as (first day, last day). jionlp's ``parse_time`` does the calendar work.

>>> from datetime import date
>>> from kg.loaders.dates import find_dates
>>> [(d.start, d.end) for d in find_dates("10月17日至20日，赴四川", date(2014, 10, 31))]
[(datetime.date(2014, 10, 17), datetime.date(2014, 10, 20))]
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from kg.loaders.places import jionlp

DATE = re.compile(
    r"(?:(?:\d{4}|[一二三四五六七八九〇零]{4})年|今年|去年|前年)?\d{1,2}月\d{1,2}[日号]"
    r"(?:\s*[－\-—–~～至到]\s*(?:\d{1,2}月)?\d{1,2}[日号])?"
    r"|昨天|昨日|前天|今天|今日|明天|当天|当日"
)
RELATIVE_SAME_DAY = ("当天", "当日")
RELATIVE_DAYS = frozenset({"昨天", "昨日", "前天", "今天", "今日", "明天", "当天", "当日"})


@dataclass(frozen=True, slots=True)
class DateMention:
    start: date
    end: date | None
    span: tuple[int, int]  # normalized offsets
    text: str


# a year and month in a file name (2014-10, 2014_10_31, 201410, 2014年10月): bulletins are often
# saved under their issue's date
_NAME_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-_.年]?(0[1-9]|1[0-2]|[1-9](?!\d))(?:[-_.月]?(0[1-9]|[12]\d|3[01])(?!\d))?"
)


def date_in_name(name: str) -> date | None:
    """The date a file name gives: its day, or the month's last day when it has none.

    >>> date_in_name("bulletin-2014-10.txt"), date_in_name("工作动态20150305.docx"), date_in_name("第12期.txt")
    (datetime.date(2014, 10, 31), datetime.date(2015, 3, 5), None)
    """
    match = _NAME_DATE.search(name)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return date(year, month, int(match[3]) if match[3] else calendar.monthrange(year, month)[1])


def parse_date(text: str, base: date | None) -> tuple[date, date | None] | None:
    """(first day, last day or None) of a date expression, relative to ``base``."""
    anchor = base or date.today()
    # 10月23日 depends on the year alone: one jionlp call serves every bulletin of that year
    parsed = _parse_time(text, anchor if text in RELATIVE_DAYS else date(anchor.year, 1, 1))
    if parsed is None:
        return None
    first, last = parsed
    if (
        base
        and not re.search(r"\d{4}年|[一二三四五六七八九〇零]{4}年|今年|去年|前年", text)
        and first > base
        and (first - base).days > 31
    ):
        first, last = first.replace(year=first.year - 1), last.replace(year=last.year - 1)
    return first, (last if last != first else None)


DAY_ONLY = re.compile(r"(\d{1,2})[日号](?:\s*[－\-—–~～至到]\s*(\d{1,2})[日号])?(?=[上下中]午|晚|早|[，,])")


def day_only(text: str, pos: int, end: int, base: date) -> tuple[date, date | None] | None:
    """A date that gives the day only (17日，29日下午，12日至14日，) at ``pos``, in the month of
    ``base`` — or the next one when the day is well before ``base``'s (12月29日 … 1日).

    >>> day_only("30日，对接会在天津举行", 0, 12, date(2020, 12, 29))
    (datetime.date(2020, 12, 30), None)
    >>> day_only("2日上午，返回", 0, 7, date(2020, 12, 29))
    (datetime.date(2021, 1, 2), None)
    """
    m = DAY_ONLY.match(text, pos, end)
    if not m:
        return None
    year, month = base.year, base.month
    if base.day - int(m[1]) > 15:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    try:
        first = date(year, month, int(m[1]))
        last = date(year, month, int(m[2])) if m[2] else None
    except ValueError:  # 31日 in a month of 30 days: not a date of this month
        return None
    return (first, last) if last is None or last > first else None


@lru_cache(maxsize=8192)
def _parse_time(text: str, base: date) -> tuple[date, date] | None:
    """jionlp's reading of a date expression: its first and last day."""
    try:
        parsed = jionlp().parse_time(text, time_base=time.mktime(base.timetuple()))
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not parsed or not parsed.get("time"):
        return None
    first, last = (datetime.strptime(t[:10], "%Y-%m-%d").date() for t in parsed["time"][:2])
    return first, last


def find_dates(text: str, base: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression in ``text[start:end]``; 当天 needs a context and is skipped."""
    out = []
    for m in DATE.finditer(text, start, len(text) if end is None else end):
        if m.group() in RELATIVE_SAME_DAY:
            continue
        if parsed := parse_date(m.group(), base):
            out.append(DateMention(parsed[0], parsed[1], m.span(), m.group()))
    return out
