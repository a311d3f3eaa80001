"""Dates in bulletin text: 10月23日, 2014 年4月2日, 19年2月9日, 十一月二十五日, 2018.11.26,
10月21日－25日, 昨天, 本月一日.

A date is a :class:`When`: a month and a day, and a year when something gives it — the text
itself (2014年…, 去年…), else the year the item or document is known to be in. A year that
nothing gives stays unknown; it is never taken from the clock. jionlp's ``parse_time`` does
the calendar work.

>>> from datetime import date
>>> from kg.loaders.dates import find_dates
>>> [(d.when.date, d.when.last) for d in find_dates("10月17日至20日，赴四川；4月10日－8日", 2014)]
[(datetime.date(2014, 10, 17), datetime.date(2014, 10, 20)), (datetime.date(2014, 4, 10), None)]
>>> [d.when.iso for d in find_dates("10月17日，赴四川", None)]
['--10-17']
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from kg.loaders.lexicon import lexicon, matches_from, numeral_chars, words_pattern
from kg.loaders.places import jionlp
from kg.model import LEAP_YEAR as _LEAP
from kg.model import When

_LEX = lexicon()
_WORDS = _LEX.date_words


def date_words(cls: str) -> str:
    """A regular expression matching the words of a class of ``date_words.tsv``."""
    return f"(?:{words_pattern(_WORDS[cls])})"


_CN_DIGITS = numeral_chars("digit", "zero", "zero_sign")
_DIGITS, _TEN = numeral_chars("digit"), numeral_chars("ten")  # 一 … 九, 十
_CN_MONTH_DAY = rf"(?:[{_TEN}][{_DIGITS[:2]}]?|[{_DIGITS}])月[{_DIGITS}{_TEN}]{{1,3}}[日号]"  # 十一月二十五日
# 2018.11.26，… (not a page's time stamp: 2018-11-23 13:35)
_NUMERIC_DATE = r"(?:19|20)\d\d([./-])\d{1,2}\1\d{1,2}(?=[，,\u4e00-\u9fff])"
_YEAR = rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}}|\d{{2}}(?=\s*年\s*\d{{1,2}}\s*月))\s*年"
DASHES = "－\\-—–~～" + "".join(_WORDS["to"])  # in a character class: 10月17日－20日, 17日至20日
_DASH = rf"\s*[{DASHES}]\s*"
_RANGE_END = rf"(?:{_DASH}(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*[日号])?"
MONTH_DAY = r"\d{1,2}月\d{1,2}日"  # 8月25日
_YEAR_WORD = _LEX.year_words  # 今年 → 0, 去年 → -1
_RELATIVE_DAY, _THIS_MONTH, _LAST_WEEK = date_words("relative_day"), date_words("this_month"), date_words("last_week")
_NUMBERED_DAY = re.compile(rf"(?:{date_words('numbered_day')})[（(](\d{{1,2}})[）)][日号]")  # 昨（19）日
DATE = re.compile(  # no group of its own but _NUMERIC_DATE's (its separator, written again)
    rf"(?:{date_words('numbered_day')})[（(]\d{{1,2}}[）)][日号]|"
    rf"(?:{_YEAR}\s*|{words_pattern(_YEAR_WORD)})?\d{{1,2}}\s*月\s*"
    rf"(?:\d{{1,2}}\s*[日号]{_RANGE_END}|\d{{1,2}}{_DASH}\d{{1,2}}\s*[日号])"
    rf"|{_THIS_MONTH}[{numeral_chars('digit', 'ten')}\d]{{1,3}}[日号]|{_LAST_WEEK}[{''.join(_WORDS['weekday'])}]"
    rf"|{_RELATIVE_DAY}|{date_words('same_day')}"
    rf"|(?:{_YEAR}\s*)?{_CN_MONTH_DAY}|{_NUMERIC_DATE}"
)
RELATIVE_SAME_DAY = frozenset(_WORDS["same_day"])  # 当天, 当日
_RELATIVE = re.compile(rf"^(?:{_RELATIVE_DAY}|{_THIS_MONTH}.+|{_LAST_WEEK}.)$")
_EXPLICIT_YEAR = re.compile(rf"{_YEAR}|{_NUMERIC_DATE}")
_DATE_WORDS = (*_YEAR_WORD, *(w for c in ("relative_day", "this_month", "last_week", "same_day") for w in _WORDS[c]))
# what a DATE opens with
DATE_START = re.compile(rf"[\d{_CN_DIGITS}{_TEN}{re.escape(''.join(w[0] for w in _DATE_WORDS))}]")
_SHORT_YEAR = re.compile(r"\d\d年")  # 19年2月9日
_SPACE = re.compile(r"\s")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
# a year that names an event (2018乐清…座谈会, 2009中国…博览会), not a count (2000多家, 1990余人)
YEAR_IN_WORDS = re.compile(
    rf"(?<![\d.])((?:19|20)\d\d)(?=[\u4e00-\u9fff（(“])(?![{''.join(_WORDS['count_after'])}])"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    when: When
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


def parse_date(text: str, year: int | None, anchor: When | None = None, before: date | None = None) -> When | None:
    """A date expression read in context.

    ``year`` is the year a date without one is in (None: unknown); ``anchor`` the document's own
    day, for 昨天 and 本月一日; ``before`` a day the date cannot be after (the document's date): a
    month and day that would be later are of the year before.

    >>> parse_date("2014 年4月2日", None).iso, parse_date("19年2月9日", None).iso
    ('2014-04-02', '2019-02-09')
    >>> parse_date("12月30日", 2015, before=date(2015, 1, 5)).iso  # a bulletin of early January
    '2014-12-30'
    >>> parse_date("昨天", None, anchor=When(None, 7, 29)).iso  # a dateline's day, year unknown
    '--07-28'
    """
    text = _SPACE.sub("", text)
    if numbered := _NUMBERED_DAY.fullmatch(text):
        return _day_of_anchor_month(int(numbered[1]), anchor) if anchor else None
    if _RELATIVE.match(text):
        if anchor is None:
            return None
        parsed = _parse_time(text, date(anchor.year or _LEAP, anchor.month, anchor.day))
        return When.of(parsed[0], known_year=anchor.year is not None) if parsed else None
    explicit = _EXPLICIT_YEAR.match(text)
    if explicit and (short := _SHORT_YEAR.match(text)):  # 19年2月9日: this century, or the last one's 90s
        text = ("19" if int(short[0][:2]) > 50 else "20") + text
    word = next((w for w in _YEAR_WORD if text.startswith(w)), None)
    if word:
        year = year + _YEAR_WORD[word] if year else None
        text = text[len(word) :]
    parsed = _parse_time(text, date(_LEAP if explicit or not year else year, 1, 1))
    if parsed is None:
        return None
    first, last = parsed
    if explicit:
        return When.of(first, last if last != first else None)
    if year is None:
        return When(None, first.month, first.day)
    when = When.of(first, last if last != first else None)
    if before and not word and when.date > before:  # never after the document's own date
        when = _year_before(when)
    return when


def _day_of_anchor_month(day: int, anchor: When) -> When | None:
    """The ``day`` nearest the anchor's, in its month or, past it, in the month before (昨（31）日
    in a paper of the 1st); None if no such day is.

    >>> _day_of_anchor_month(19, When(2018, 5, 20)).iso, _day_of_anchor_month(31, When(2018, 6, 1)).iso
    ('2018-05-19', '2018-05-31')
    """
    year, month = anchor.year or _LEAP, anchor.month
    if day > anchor.day + 1:  # 明（2）日 in a paper of the 1st is this month's
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        return When.of(date(year, month, day), known_year=anchor.year is not None)
    except ValueError:
        return None


def _year_before(when: When) -> When:
    try:
        return replace(when, year=when.year - 1, last=when.last and when.last.replace(year=when.last.year - 1))
    except ValueError:  # 29 February
        return when


PART_OF_DAY = f"(?:{words_pattern(_WORDS['half_day'] + _WORDS['part_of_day'])})"  # 上午, 中午, 晚
_DAY = rf"\d{{1,2}}|[{_DIGITS}{_TEN}]{{1,3}}"  # 17, 十七
DAY_ONLY = re.compile(
    rf"({_DAY})\s*[日号](?:\s*(?:[{DASHES}]|日\s*[{DASHES}])\s*({_DAY})\s*[日号])?"
    rf"(?={PART_OF_DAY}|{date_words('dawn_dusk')}|[，,\s]|$)"
)
DAY_RANGE = re.compile(rf"(\d{{1,2}})\s*[{DASHES}]\s*(\d{{1,2}})\s*[日号]")  # 7~8日


def day_number(written: str) -> int:
    """A day of the month written in digits or in Chinese numerals.

    >>> day_number("17"), day_number("六"), day_number("十五"), day_number("二十"), day_number("三十一")
    (17, 6, 15, 20, 31)
    """
    if written.isdigit():
        return int(written)
    tens, ten, ones = written.rpartition(_TEN)
    if len(tens) > 1 or len(ones) > 1 or not set(tens + ones) <= set(_DIGITS):
        return 0  # 十十, 六六: no day
    return ((_DIGITS.index(tens) + 1 if tens else 1) * 10 if ten else 0) + (_DIGITS.index(ones) + 1 if ones else 0)


def day_only(text: str, pos: int, end: int, month_of: When, after: bool = True) -> When | None:
    """A date that gives the day only (17日，29日下午，12日至14日，7~8日) at ``pos``, in the month of
    ``month_of``. ``after``: ``month_of`` is an earlier event, so a day well before its day is in
    the next month (12月29日 … 1日); else ``month_of`` is the document's own day, which the date
    cannot be after (8日 in a paper of the 10th is the 8th; 28日 in a paper of 2 May is 28 April).

    >>> day_only("30日，对接会在天津举行", 0, 12, When(2020, 12, 29)).iso
    '2020-12-30'
    >>> day_only("2日上午，返回", 0, 7, When(2020, 12, 29)).iso
    '2021-01-02'
    >>> day_only("28日，召开", 0, 6, When(2021, 1, 2), after=False).iso
    '2020-12-28'
    >>> day_only("7~8日，调研", 0, 7, When(None, 1, 1)).iso
    '--01-07'
    >>> day_only("六日上午，会见", 0, 8, When(2023, 3, 5)).iso
    '2023-03-06'
    """
    m = DAY_ONLY.match(text, pos, end) or DAY_RANGE.match(text, pos, end)
    if not m:
        return None
    year, month, day = month_of.year, month_of.month, day_number(m[1])
    if after and month_of.day - day > 15:
        year, month = ((year + 1) if year else None, 1) if month == 12 else (year, month + 1)
    elif not after and day > month_of.day:
        year, month = ((year - 1) if year else None, 12) if month == 1 else (year, month - 1)
    try:
        first = date(year or _LEAP, month, day)
        last = date(year or _LEAP, month, day_number(m[2])) if m[2] else None
    except ValueError:  # 31日 in a month of 30 days: not a date of this month
        return None
    if last is not None and last <= first:
        return None
    return When.of(first, last, known_year=year is not None)


# the plain forms, read without jionlp (the same days, much faster): 2014年4月2日, 4月2日, 4月2日至5日
_PLAIN = re.compile(rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})[日号](?:[{DASHES}](\d{{1,2}})[日号])?")


@lru_cache(maxsize=8192)
def _parse_time(text: str, base: date) -> tuple[date, date] | None:
    """A date expression's first and last day: the plain forms read here, the others by jionlp.
    A range whose end is no later day of the month (4月22日至72日) is its first day.

    >>> _parse_time("4月22日至72日", date(2015, 1, 1))
    (datetime.date(2015, 4, 22), datetime.date(2015, 4, 22))
    """
    if m := _PLAIN.fullmatch(text):
        year, month = int(m[1] or base.year), int(m[2])
        try:
            first = date(year, month, int(m[3]))
        except ValueError:  # 2月30日: as jionlp reads it
            return _jionlp_time(text, base)
        try:
            last = date(year, month, int(m[4])) if m[4] else first
        except ValueError:
            last = first
        return first, max(first, last)
    return _jionlp_time(text, base)


def _jionlp_time(text: str, base: date) -> tuple[date, date] | None:
    try:
        parsed = jionlp().parse_time(text, time_base=time.mktime(base.timetuple()))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    if not parsed or not parsed.get("time"):
        return None
    first, last = (datetime.strptime(t[:10], "%Y-%m-%d").date() for t in parsed["time"][:2])
    return first, max(first, last)  # a range ending before it starts (10日－8日) is a slip: its first day


def find_dates(
    text: str,
    year: int | None,
    start: int = 0,
    end: int | None = None,
    anchor: When | None = None,
    before: date | None = None,
) -> list[DateMention]:
    """Every date expression in ``text[start:end]`` read as :func:`parse_date` does; 当天 needs a
    context, and a 今天 inside quotation marks is the speaker's day, not the paper's: both skipped."""
    stop = len(text) if end is None else end
    quoted = [m.span() for m in _QUOTED.finditer(text, start, stop)]
    out = []
    for m in matches_from(DATE, DATE_START, text, start, stop):  # DATE may open with a year
        if m.group() in RELATIVE_SAME_DAY or text.startswith(_WORDS["dateline"], m.end()):
            continue  # 当天 needs a context; 07月29日讯 is the paper's day, not an event's
        if _RELATIVE.match(m.group()) and any(a < m.start() < b for a, b in quoted):
            continue
        if when := parse_date(m.group(), year, anchor, before):
            out.append(DateMention(when, m.span(), m.group()))
    return out


# 浙江在线07月29日讯, 新华社北京10月5日电
_DATELINE = re.compile(rf"(\d{{1,2}})月(\d{{1,2}})日\s*{date_words('dateline')}")
DATELINE_SCAN = 300  # characters of the opening where a dateline stands


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """What a document tells of its own date: its day (year possibly unknown) and the year that
    dates without one are in, with where each came from."""

    day: When | None
    year: int | None
    source: str  # "given", "header", "dateline", "file name", "text", or "" when nothing tells

    @property
    def published(self) -> date | None:
        return self.day.date if self.day else None


def document_date(
    given: date | None,
    header_date: str | None,
    opening: str,
    file_name: str,
    text: str,
    header_year: int | None = None,
) -> DocumentDate:
    """The document's date, from (in order) the user, a date in its header or first lines, the
    year of its issue (2016年第10期: no day, unless its file name gives one of that year), a
    dateline (07月29日讯: day without year), its file name; and a year for dates without one,
    from the same, else from the first date in the text that writes its year.

    >>> document_date(None, None, "本报讯 8日，召开", "news.txt", "标题\\n2016年3月9日，召开").year
    2016
    >>> d = document_date(None, None, "浙江在线07月29日讯 据报道", "a.txt", "")
    >>> d.day.iso, d.year, d.source
    ('--07-29', None, 'dateline')
    """
    if given:
        return DocumentDate(When.of(given), given.year, "given")
    if header_date and (day := parse_date(header_date, None)) and day.year:
        return DocumentDate(day, day.year, "header")
    named = date_in_name(file_name)
    if header_year:
        return DocumentDate(When.of(named) if named and named.year == header_year else None, header_year, "header")
    if m := _DATELINE.search(opening[:DATELINE_SCAN]):
        year = named.year if named else _first_year(text)
        return DocumentDate(When(year, int(m[1]), int(m[2])), year, "dateline")
    if named:
        return DocumentDate(When.of(named), named.year, "file name")
    year = _first_year(text)
    return DocumentDate(None, year, "text" if year else "")


_OPENING = re.compile(r"(?:^|[\n。！？])[\s●◆■▲○•·★☆◎◇□►▶△]*$")


def _first_year(text: str) -> int | None:
    """The year of the first sentence that opens with a date writing one (2014年4月1日上午，…); a
    date inside a sentence may be history (建于1912年10月24日), and so is one a founding follows
    (1912年10月24日建镇).

    >>> _first_year("10月22日，来访。1912年10月24日建镇。2015年10月23日，返回。")
    2015
    """
    for m in matches_from(DATE, DATE_START, text, 0, len(text)):
        opens = _OPENING.search(text, max(0, m.start() - 8), m.start())
        history = text.startswith(_WORDS["history"], m.end())
        if opens and not history and _EXPLICIT_YEAR.match(m.group()) and (when := parse_date(m.group(), None)):
            return when.year
    return None
