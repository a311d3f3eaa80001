"""Split a bulletin into its parts: header, items (headline, body, source line),
section headers, sentences, and the distribution list (报：… 送：… 发：…).

Works on the normalized text; every part keeps its normalized offsets.

>>> from kg.loaders.structure import split_items
>>> items, dist, header = split_items("标题一\\n\\n正文第一句。第二句。\\n（综合处）\\n")
>>> items[0].headline, items[0].source_line, [s.text for s in items[0].sentences]
('标题一', '综合处', ['标题一', '正文第一句。', '第二句。', '（综合处）'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.loaders.dates import MONTH_DAY, date_words
from kg.loaders.lexicon import lexicon, numeral_chars, words_pattern
from kg.loaders.places import places
from kg.model import DistributionEntry, Item, Sentence

BULLETS = "●◆■▲○•·★☆◎◇□►▶△"  # marks of list items and digest entries (△: a chronicle's same day)
_WORDS = lexicon().bulletin_words


def _any(cls: str) -> str:
    return f"(?:{words_pattern(_WORDS[cls])})"


_TENS = numeral_chars("digit", "ten")  # 一 … 十: 一、, 第十二届
_YEAR_DIGITS = numeral_chars("digit", "ten", "zero")  # 二〇一四年
_SOURCE = re.compile(r"^[（(]([^（）()]{1,60})[）)]$")
_CLAUSE_MARK = re.compile(r"[。，,；]")
_STOPS = re.compile(r"[。！？；!?]")  # a line holding one is no headline
_DISTRIBUTION = re.compile(rf"^({words_pattern(_WORDS['distribution'])})\s*[：:]")
_ISSUE = re.compile(rf"第\s*[0-9０-９{numeral_chars('digit', 'ten', 'hundred', 'zero')}]+\s*期")
_FULL_DATE = rf"(?:\d{{4}}|[{_YEAR_DIGITS}]{{4}})\s*年.{{1,6}}月.{{1,4}}日"  # 2014年10月31日, 二〇一四年十月三十一日
_DATE_LINE = re.compile(rf"^\s*[（(]?\s*({_FULL_DATE})\s*[）)]?\s*$")  # （2020年8月14日）: a notice's date
# 2023年12月11日至12月17日: the days a weekly digest covers, on a line of its own, give their year
_PERIOD_LINE = re.compile(
    r"^\s*[（(]?\s*((?:19|20)\d\d)\s*年.{1,6}月.{1,4}日\s*[至到\-－—~～]+\s*(?:\d{4}年)?(?:.{1,6}月)?.{1,4}日\s*[）)]?\s*。?$"
)
_WEEKDAY_PAGE = rf"(?:\s*{_any('weekday')}[{_TENS}日天])?(?:\s*第?\s*[A-Z]?\d{{1,3}}\s*{_any('page')})?"  # 星期四 第3版
_ISSUER_AND_DATE = re.compile(rf"^([^\s，。：:]{{4,30}}?)(\s+)({_FULL_DATE}){_WEEKDAY_PAGE}\s*$")
_ISSUE_DATE = re.compile(rf"(?<!\S)\s*{_FULL_DATE}\s*$")  # 第5期      2016年5月10日
_ISSUE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*$")  # 2016年第10期: the year the issue is of
_TITLE_AND_PERIOD = re.compile(  # 省领导活动摘要（2016年4月—5月）: a title with the period it covers
    r"^\s*([^\s，。：:（(]{2,20})\s*[（(]\s*((?:19|20)\d\d)\s*年[^（）()，。]{0,12}[）)]\s*$"
)
_MONTH_LINE = re.compile(r"^\s*((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*$")  # 2018年12月: a monthly's masthead
_DATE_START = re.compile(rf"^[{BULLETS}\-—\s]*(\d{{1,4}}年)?{MONTH_DAY}")
ENUMERATED = re.compile(rf"^([{_TENS}]+[、.．]|[（(][{_TENS}\d]+[)）]|\d+[、.．])")
# 2．6月10日，…: a digest entry's number before its date (the entry is an item of its own)
NUMBERED_DATE = re.compile(
    rf"(?:[{_TENS}]+[、.．]|[（(][{_TENS}\d]+[)）]|\d{{1,2}}[、.．])\s*(?=(?:\d{{4}}年)?{MONTH_DAY})"
)
_LABELLED_DATE_LINE = re.compile(  # 发布时间：2013-05-17 10:30, 【发布日期:2010-08-08】, 来源：温州日报 2014-09-23
    rf"^[【\[]?\s*(?:{_any('date_label_verb')}?{_any('date_label')}|{_any('source_label')})\s*[：:].{{0,30}}?"
    r"((?:19|20)\d\d|(?<!\d)1[0-2]\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"  # 112-03-06: 民国112年
)
ROC_EPOCH = 1911  # a year of the Republic of China (民国) written with three digits is this many after
_DATE_AND_TIME = re.compile(  # 2010年08月25日10:23, 2017年5月18日 星期四 第3版 on a line of its own
    r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    + _WEEKDAY_PAGE
)
_OUTLET = re.compile(  # 来源：中国新闻网 2010-08-25, （来源：某某新闻网 2021-04-29）, 2022年11月20日  来源：某某中心
    rf"^(?:{_FULL_DATE}(?:\s*\d{{1,2}}[:：]\d{{2}})?\s+)?"
    rf"[【\[（(]?\s*(?:{words_pattern(_WORDS['source_label'] + _WORDS['reposted'])})\s*[：:]\s*([^\s】\]）)]{{2,30}})"
)
_NUMERIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")  # 2023/05/12 on a short line
# a web page's furniture: breadcrumbs, rules, 【打印本页】【关闭窗口】
_FURNITURE = re.compile(
    rf"{_any('breadcrumb')}[：:].*|.*{_any('home')}\s*[>＞›»].*|[─━—\-=_＿~·•\s]{{6,}}"
    rf"|(?:【{_any('button')}[^】]{{0,8}}】\s*)+"
)
_TABLE_ROW = re.compile(r"\S(?: {2,}|\t+)\S.*(?: {2,}|\t+)\S")  # three cells or more, apart by two spaces or tabs
_CREDITS = re.compile(rf"^{_any('credit')}\s*[：:]")  # 编辑：某某  审核：某某
_CREDITED = r"[\u4e00-\u9fff·]{2,8}"  # a name credited
_SLASH_CREDIT = rf"(?:{_any('slash_credit')}\s*[/／]\s*{_CREDITED}|{_CREDITED}\s*[/／]\s*{_any('slash_credit')})"
_SLASH_CREDITS = re.compile(rf"\s*{_SLASH_CREDIT}(?:\s+{_SLASH_CREDIT})*\s*")  # 摄影/某某, 某某/文  某某/摄
_NUMBERED_HEADLINE = re.compile(rf"^[{_TENS}]+、[^，,：:]{{10,}}$")
_NAMES_LINE = re.compile(r"^[^\s：:]{1,6}[：:]\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*$")  # 列席：甲  乙
_DATED_PARAGRAPH = re.compile(
    rf"^(?:(?:\d{{4}}年)?\d{{1,2}}月(?:\d{{1,2}}[日号]|{date_words('month_part')})|{_any('recent')})"
)
_LABELLED_DATE = re.compile(rf"^[\u4e00-\u9fff]{{2,8}}(?:\s{{2,}}|[：:]\s*){MONTH_DAY}")  # 临沂市  9月30日，…
# a chronicle's 2014年, 2014年大事记, 某某县商务局2016年大事记
_YEAR_HEADING = re.compile(
    rf"^((?:19|20)\d\d)\s*年(?:{_any('chronicle')}|[（(].{{1,8}}[）)])?$"
    rf"|^[^\s，。：:；、]{{2,30}}?((?:19|20)\d\d)\s*年{_any('chronicle')}$"
)
_MONTH_HEADING = re.compile(r"^(\d{1,2})\s*月份?$")  # a chronicle's 1月 above the items of its days (8日 …)
_ENDS = "。！？!?"  # a ； joins the clauses of one sentence (甲出席；乙主持)
# a run of ends or of line breaks, written to open with a character class: the engine looks only
# where one stands (alternatives, [。！？]+|\n+, it would try at every character)
_SENTENCE_END = re.compile(rf"[{_ENDS}\n](?:(?<=\n)\n*|[{_ENDS}]*)")
MAX_HEADLINE = 40


def _meta_day(m: re.Match[str]) -> str:
    """The day a page's date line gives, written as a header's date (民国 years made common)."""
    year = int(m[1]) + (ROC_EPOCH if len(m[1]) == 3 else 0)
    return f"{year}年{int(m[2])}月{int(m[3])}日"


def _meta_date(line: str) -> re.Match[str] | None:
    """The date of a line that dates the page (labelled, or numeric on a short line of its own, or
    written before the page's source: 2022年11月20日  来源：某某中心)."""
    if _labelled(line) and (m := _LABELLED_DATE_LINE.match(line) or (_outlet(line) and _DATE_AND_TIME.match(line))):
        return m
    # both dates open with 19 or 20 (a line without them is most lines: no call of the engine for them)
    if len(line) <= 60 and ("19" in line or "20" in line) and not _CLAUSE_MARK.search(line):
        return _NUMERIC_DATE.search(line) or _DATE_AND_TIME.fullmatch(line.strip())
    return None


def _labelled(line: str) -> bool:
    """Whether ``line`` holds a colon: what a label (来源：, 发布时间：, 报：) needs."""
    return "：" in line or ":" in line


def _outlet(line: str) -> re.Match[str] | None:
    """The source a page's line names (来源：中国新闻网 2010-08-25), if it does."""
    return _OUTLET.match(line) if _labelled(line) else None


def _furniture(line: str) -> bool:
    """Whether ``line`` is a web page's furniture (a breadcrumb, a rule, buttons) or a photo's credits
    (摄影/某某: looked for only where a slash stands)."""
    return bool(_FURNITURE.fullmatch(line) or (("/" in line or "／" in line) and _SLASH_CREDITS.fullmatch(line)))


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding whitespace trimmed."""
    pos = 0
    for raw in text.split("\n"):
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            yield pos + left, pos + right
        pos += len(raw) + 1


def _entry_start(line: str, current: Item) -> bool:
    """A body line that starts an item of its own: a digest entry (●…, 临沂市  9月30日，…, 2．6月3日，…), or a
    dated paragraph where items have no headlines (3月上旬，… after 3月16日，…)."""
    return (
        line[0] in BULLETS
        or bool(_LABELLED_DATE.match(line))
        or bool(NUMBERED_DATE.match(line))
        or (not current.headline and bool(_DATED_PARAGRAPH.match(line)))
    )


def _is_headline(line: str) -> bool:
    """A short line without a sentence's end, not a photo's caption (图为…) nor a list of names
    after a label (列席：甲  乙, 记录：丙); a numbered one only if long (二、我市与某集团签署协议)."""
    return (
        len(line) <= MAX_HEADLINE
        and not _STOPS.search(line)
        and not line.endswith(("：", ":", "，", ","))
        and not _DATE_START.match(line)
        and (not ENUMERATED.match(line) or bool(_NUMBERED_HEADLINE.match(line)))
        and not (("  " in line or "\t" in line) and _TABLE_ROW.search(line))
        and not line.startswith(_WORDS["caption"])
        and not (_labelled(line) and _NAMES_LINE.match(line))
    )


_CONTENTS = re.compile(  # 本期要目
    rf"^[【\[〖]?({words_pattern(_WORDS['this_issue'])})?({words_pattern(_WORDS['contents'])})[】\]〗]?$"
)
_MARKED = re.compile(rf"^([{BULLETS}]|\d+[、.．]|[{_TENS}]+、|[（(][{_TENS}\d]+[)）])")


def _contents_entry(text: str, s: int, e: int) -> bool:
    """A line of a table of contents: a short one, marked (1．, ●) or found again further on as a line."""
    line = text[s:e]
    if len(line) > MAX_HEADLINE + 10 or _STOPS.search(line):
        return False
    return bool(_MARKED.match(line) or re.compile(rf"\n[^\S\n]*{re.escape(line)}[^\S\n]*\n").search(text, e))


_BRACKETED = re.compile(r"^[【\[〖]([^】\]〗]{1,12})[】\]〗]$")
_NUMBERED_SECTION = re.compile(rf"^[{_TENS}]+、([^，。；：、]{{2,10}})$")


def _is_section(line: str) -> bool:
    """A section header: 各地动态, 【招商动态】, 一、重要会议, 简讯 (``line`` without its spaces: 简　讯),
    or a place's name after a bullet (■山西, ◆绍兴市: a digest's section of that place's news)."""
    m = (line[:1] in "【[〖" and _BRACKETED.match(line)) or ("、" in line and _NUMBERED_SECTION.match(line))
    name = m.group(1) if m else line
    if not m and line[:1] in BULLETS and line[1:] in places().by_name:
        return True
    return bool(m) or name in lexicon().sections or (len(name) <= 8 and name.endswith(_WORDS["section_end"]))


_SECTION_MARKS = re.compile(rf"^[{BULLETS}【\[〖]|[】\]〗]$|^[{_TENS}]+、|\s")  # 【招商动态】, 一、重要会议, ■山西


def split_sentences(text: str, start: int, end: int, first_index: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:end]``, ending at 。！？； or a line break."""
    out: list[Sentence] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        _append_sentence(out, text, pos, m.end() if m.group()[0] != "\n" else m.start(), first_index)
        pos = m.end()
    _append_sentence(out, text, pos, end, first_index)
    return out


def _append_sentence(out: list[Sentence], text: str, s: int, e: int, first_index: int) -> None:
    raw = text[s:e]
    if sentence := raw.strip():
        s += len(raw) - len(raw.lstrip())
        out.append(Sentence(first_index + len(out), s, s + len(sentence), sentence))


def _split_distribution(text: str, pos: int, e: int, channel: str) -> list[DistributionEntry]:
    """One entry per person or body: split at ，；、 — a bare title after 、 stays with the
    entry before it (王某常委、秘书长), a name after it starts another (市委甲书记、市政府乙市长)."""
    out: list[DistributionEntry] = []
    for part in re.finditer(r"[^，,；;、。]+", text[pos:e]):
        a, b = pos + part.start(), pos + part.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and out and text[a - 1] == "、" and text[a:b] in lexicon().titles:
            out[-1] = DistributionEntry(channel, text[out[-1].start : b], out[-1].start, b)
        elif b > a:
            out.append(DistributionEntry(channel, text[a:b], a, b))
    return out


def split_items(text: str) -> tuple[list[Item], list[DistributionEntry], dict[str, str]]:
    """Items, distribution entries and header fields of a normalized bulletin text."""
    items: list[Item] = []
    distribution: list[DistributionEntry] = []
    header: dict[str, str] = {}
    section: str | None = None
    year: int | None = None  # the year a chronicle's heading gives the items below it
    month: int | None = None  # and the month
    current: Item | None = None
    has_body = False
    listing = False  # the last body line opened a list (…如下：) or was an entry of one
    channel = ""
    lines = list(_lines(text))
    header_end = _header_end(text, lines, header)
    contents = False  # in a table of contents (目录, 【本期要目】): its lines are skipped
    skipped: list[tuple[int, int]] = []  # lines that are no sentence of the item they stand in
    meta: list[tuple[int, int]] = []  # of them, the lines that date the page or name its source
    for s, e in lines[header_end:]:
        line = text[s:e]
        if m := _meta_date(line):  # a web page's 发布时间：2013-05-17 10:30  来源：…
            header.setdefault("date", _meta_day(m))
        elif "年" in line and (m := _DATE_LINE.match(line)):  # 二〇二一年三月二日 under a notice: the day it was issued
            header.setdefault("date", m[1])
        outlet = _outlet(line)
        if outlet and current is not None:
            current.source_line = current.source_line or outlet[1]
        if outlet or m or _furniture(line):
            skipped.append((s, e))
            if outlet or m:
                meta.append((s, e))
            continue
        compact = "".join(line.split())  # what str.split and \s take for a space is the same
        if not items and _CONTENTS.match(compact):
            contents = True
            continue
        if contents and _contents_entry(text, s, e):
            continue
        contents = False
        if _labelled(line) and (m := _DISTRIBUTION.match(line)):
            channel = m.group(1)
            distribution += _split_distribution(text, s + m.end(), e, channel)
            continue
        if distribution and not _CREDITS.match(line):  # a wrapped continuation of the last distribution line
            distribution += _split_distribution(text, s, e, channel)
            continue
        m = _SOURCE.match(line) if line[0] in "（(" else None
        if m and current is not None:
            current.source_line = current.source_line or m.group(1).strip()
            current.end = e  # its last sentence: a byline (（规划科  撰稿：刘艳）) names a person
            current = None
            continue
        if m and items and items[-1].source_line:  # the source line written twice: no headline
            continue
        if "年" in line and (m := _YEAR_HEADING.match(line)):
            year, month, current = int(m[1] or m[2]), None, None
            continue
        if "月" in compact and (m := _MONTH_HEADING.match(compact)) and 1 <= int(m[1]) <= 12:
            month, current = int(m[1]), None
            continue
        if _is_section(compact):
            section = _SECTION_MARKS.sub("", line)
            current = None
            continue
        if _is_headline(line):
            if current is not None and not has_body:
                current.headline += line
                current.end = current.body_start = e
                continue
            current = Item(len(items), line, s, e, e, section, year=year, month=month)
            items.append(current)
            has_body = False
            continue
        # 签约项目如下：⏎◆…⏎◆…: entries of the item's list (a dated one, ●8月2日…, is an item of its own)
        listed = listing and has_body and line[0] in BULLETS and not _DATE_START.match(line)
        if current is None or (has_body and not listed and _entry_start(line, current)):
            current = Item(len(items), "", s, e, s, section, year=year, month=month)
            items.append(current)
        current.end = e
        has_body = True
        listing = listed or line.endswith(("：", ":"))
    for item in items:
        _fill_sentences(text, item, skipped)
    _attach_meta_lines(text, items, meta)
    return items, distribution, header


def _attach_meta_lines(text: str, items: list[Item], meta: list[tuple[int, int]]) -> None:
    """Each page-date or source line to the item it stands in, else the next one (a line above
    the first item), else the last; numbered after the item's sentences."""
    for s, e in meta:
        item = next((it for it in items if s < it.end), items[-1] if items else None)
        if item is not None:
            index = len(item.sentences) + len(item.meta_lines)
            item.meta_lines.append(Sentence(index, s, e, text[s:e]))


HEADER_LINES = 8  # the header block (title, 第X期, issuer, date) is within the first lines
_TITLE_LINE = re.compile(rf"^.{{0,8}}({words_pattern(_WORDS['title'])})(（.{{1,8}}）)?$")


def _header_end(text: str, lines: list[tuple[int, int]], header: dict[str, str]) -> int:
    """How many opening lines form the header block; their fields go into ``header``.

    The block is the run of header lines (issue number, date, issuer) and of short title lines
    at the top: a sentence of the article ends it."""
    end = 0
    found: dict[str, str] = {}
    for i, (s, e) in enumerate(lines[:HEADER_LINES]):
        line = text[s:e]
        if _header_line(line, found):
            end = i + 1
        elif (i == 0 or "title" in found) and not _outlet(line) and (m := _meta_date(line)):
            found["date"], end = _meta_day(m), i + 1  # 某市政府新闻稿|发布日期：112-03-06: the page's title above
        elif i < 2 and _issuer_and_title(line, found):  # 某某区人民政府 政务信息: the masthead
            end = i + 1
        elif _TITLE_LINE.match(line) and i < 2:
            found.setdefault("title", line)
            if issuer := _issuer_before_title(line):  # 某某商会工作动态: the chamber's own bulletin
                found.setdefault("issuer", issuer)
        elif i < 2 and _body_line(line):  # 某某区人民政府办公室 above 政务信息 and 第23期
            found.setdefault("issuer", line)
        elif re.search(r"[。！？，,；]", line):
            break
    if end:
        header.update(found)
    return end


def _issuer_before_title(line: str) -> str | None:
    """The body a bulletin's title opens with (某某商会|工作动态, 某某市经合办|动态), or None."""
    return next((line[:k] for k in range(len(line) - 2, 1, -1) if _body_line(line[:k])), None)


def _issuer_and_title(line: str, header: dict[str, str]) -> bool:
    """Record the issuer and the title if ``line`` is a body's name, a space and a bulletin's title,
    and the date if one follows (某某市人民政府办公室   政务信息   2021年11月5日)."""
    parts = line.split()
    if not 2 <= len(parts) <= 3 or not _body_line(parts[0]) or not _TITLE_LINE.match(parts[1]):
        return False
    if len(parts) == 3 and not _DATE_LINE.match(parts[2]):
        return False
    header.setdefault("issuer", parts[0])
    header.setdefault("title", parts[1])
    if len(parts) == 3:
        header.setdefault("date", parts[2])
    return True


def _header_line(line: str, header: dict[str, str]) -> bool:
    """Record a header field (issue number, date, issuer) if ``line`` is one."""
    if m := _ISSUE.search(line):
        header["issue"] = m.group()
        rest = line.replace(m.group(), "").strip()
        if d := _ISSUE_DATE.search(rest):  # 第5期      2016年5月10日: the issue's date
            header["date"], rest = d.group().strip(), rest[: d.start()].strip()
        if y := _ISSUE_YEAR.search(line[: m.start()].rstrip("（( ")):
            header["year"], rest = y[1], rest.replace(y.group().strip(), "").strip("（()） ")
        if rest and len(rest) <= 20:
            header.setdefault("title", rest)
        return True
    if m := _DATE_LINE.match(line):
        header["date"] = m[1]
        return True
    if m := _MONTH_LINE.match(line) or _PERIOD_LINE.match(line):
        header["year"] = m[1]
        return True
    if m := _TITLE_AND_PERIOD.match(line):  # 省领导活动摘要（2016年4月—5月）
        header["year"] = m[2]
        header.setdefault("title", m[1])
        return True
    if (m := _ISSUER_AND_DATE.match(line)) and (len(m[2]) > 1 or _body_line(m[1]) or m[1].endswith(OUTLET_ENDS)):
        header["issuer"], header["date"] = _issuer(m[1]), m[3]  # 某某市商务局办公室 2017年5月26日, 某某日报 …
        return True
    if m := _EDITED_AND_DATE.match(line):  # 某某局编 2017年5月26日
        header["issuer"], header["date"] = _issuer(m[1]), m[2]
        return True
    if _EDITED_END.search(line) or line.startswith(_WORDS["publisher"]):
        header["issuer"] = _issuer(line)
        return True
    return False


def _body_line(line: str) -> bool:
    """Whether a line is nothing but the name of a body (某某市商务局, 某某区人民政府办公室)."""
    return len(line) <= 30 and not re.search(r"[\s，。：:、]", line) and line.endswith(_BODY_SUFFIXES)


_BODY_SUFFIXES = tuple(suffix for suffix, _ in lexicon().org_suffixes)
OUTLET_ENDS = tuple(w for w, role in lexicon().outlets if role == "name_end")  # 某某日报, 某某新闻网


def _issuer(text: str) -> str:
    return _ISSUER_MARKS.sub("", text.strip()).strip()


_EDITED_END = re.compile(f"{_any('edited')}$")  # 某某局编印
_EDITED_AND_DATE = re.compile(rf"^(\S{{2,30}}?{_any('edited')})\s*({_FULL_DATE})\s*$")  # 某某局编 2017年5月26日
_ISSUER_MARKS = re.compile(rf"^{_any('publisher')}\s*[：:]?|\s*{_any('edited')}$")  # 主办：, 编印


def _fill_sentences(text: str, item: Item, skipped: list[tuple[int, int]]) -> None:
    head = [Sentence(0, item.start, item.body_start, item.headline)] if item.headline else []
    body_start = item.body_start if item.headline else item.start
    body = split_sentences(text, body_start, item.end, len(head))
    if inside := [(a, b) for a, b in skipped if a < item.end and b > body_start]:  # numbered again without them
        kept = [s for s in body if not any(a <= s.start < b for a, b in inside)]
        body = [Sentence(i, s.start, s.end, s.text) for i, s in enumerate(kept, len(head))]
    item.sentences = head + body
