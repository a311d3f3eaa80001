"""Read a bulletin file (.txt, .docx or .html) and decode it to its original text.

Text files may be UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5. The
codec is chosen from a 64 KB sample: a BOM wins, NUL bytes point to UTF-16, valid
UTF-8 comes next, and GB18030 and Big5 are ranked by how much of the decoded sample
is made of common Chinese characters; the whole file is then decoded strictly. Line
breaks become ``\\n`` and a BOM is dropped; nothing else is changed.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "bulletin.txt"
>>> _ = path.write_bytes("市长会见代表团。\\r\\n双方签署协议。".encode("gb18030"))
>>> source = read_source(path)
>>> source.text, source.encoding, source.format
('市长会见代表团。\\n双方签署协议。', 'gb18030', 'txt')
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import docx
import opencc
from docx.table import Table
from docx.text.paragraph import Paragraph
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kg.model import Source

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 200_000
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_HTML_DEPTH = 5_000

_NO_FILE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})  # what Path.exists takes for none
_SAMPLE_BYTES = 64 * 1024
_MIN_PLAUSIBILITY = 0.7  # share of non-ASCII characters that must look like Chinese text
_MAX_CONTROL_SHARE = 0.01
_RATIO_CHECK_MIN_BYTES = 1024 * 1024  # small parts may compress well without harm

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_CODECS = ("gb18030", "big5")
_UTF16_CODECS = ("utf-16-le", "utf-16-be")
_TRIED = "utf-8, gb18030, big5, utf-16"
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but \t \n \v \f \r
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*>")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_NOISE_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"})
_NOISE_WORDS = "nav|menu|footer|header|sidebar|breadcrumb|related|xgwz|share"  # xgwz: 相关文章
_NOISE_NAMES = re.compile(rf"(?<![a-z])(?:{_NOISE_WORDS})|(?:{_NOISE_WORDS})(?![a-z])")  # not "canvas"
_NEVER_NOISE = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p",
    "pre", "section", "table", "tr", "ul",
})  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})  # a table row is a line, its cells apart by two spaces
# void elements, and elements whose end tag may be left out: they do not deepen the nesting
_UNNESTED_TAGS = frozenset({
    "area", "base", "basefont", "bgsound", "br", "caption", "col", "colgroup", "dd", "dt", "embed",
    "hr", "img", "input", "li", "link", "meta", "option", "p", "param", "source", "tbody", "td",
    "tfoot", "th", "thead", "tr", "track", "wbr",
})  # fmt: skip


class BulletinError(Exception):
    """An input that cannot be read as a bulletin; ``str()`` is ``"<path>: <reason>"``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = " ".join(reason.split())

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def read_source(path: str | Path) -> Source:
    """Read a bulletin file and return its decoded, unnormalized text.

    Raises :class:`BulletinError` for anything that is not a readable bulletin.
    """
    raw = _read_bytes(path)
    fmt = _format(path)
    if fmt == "docx":
        text, encoding = _docx_text(path, raw), "docx"
    elif fmt == "html":
        html, encoding = _decode_html(path, raw)
        text = _html_text(path, html)
    else:
        text, encoding = _decode(path, raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(path, text, fmt)
    return Source(Path(path), text, encoding, fmt, hashlib.sha256(raw).hexdigest())


def _format(path: str | Path) -> str:
    """``docx`` or ``html`` by suffix; anything else is read as ``txt``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        return "docx"
    return "html" if suffix in _HTML_SUFFIXES else "txt"


def _read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular, non-empty file of at most 50 MB (its status asked for once, where a
    Path's ``is_dir``, ``exists`` and ``is_file`` ask for it once each)."""
    try:
        status = os.stat(path)
    except ValueError as exc:  # a NUL in the path: no file, as Path.exists says
        raise BulletinError(path, "no such file") from exc
    except OSError as exc:
        reason = "no such file" if exc.errno in _NO_FILE else f"cannot read file ({exc.strerror or exc})"
        raise BulletinError(path, reason) from exc
    if stat.S_ISDIR(status.st_mode):
        raise BulletinError(path, "is a directory, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise BulletinError(path, "not a regular file")
    if status.st_size > MAX_FILE_BYTES:
        raise BulletinError(path, f"file too large ({status.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as exc:
        raise BulletinError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not raw:
        raise BulletinError(path, "empty file")
    return raw


def _check_text(path: str | Path, text: str, fmt: str) -> None:
    """Refuse text that is blank or has a line no bulletin could have."""
    if not text or text.isspace():
        raise BulletinError(path, "empty file" if fmt == "txt" else f"no text in the .{fmt}")
    longest = max(map(len, text.split("\n"))) if len(text) > MAX_LINE_CHARS else 0
    if longest > MAX_LINE_CHARS:
        raise BulletinError(path, f"a line of {longest:,} characters exceeds the {MAX_LINE_CHARS:,} limit")


# --- plain text ---------------------------------------------------------------------------


def _decode(path: str | Path, raw: bytes) -> tuple[str, str]:
    """Decode ``raw`` with the most plausible codec; return the text and the codec name."""
    for codec in _candidate_codecs(path, raw):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise BulletinError(path, "binary content, not text")
        return text, codec
    raise BulletinError(path, f"cannot decode bytes (tried {_TRIED})")


def _candidate_codecs(path: str | Path, raw: bytes) -> Iterator[str]:
    """Codecs worth a strict decode of the whole file, most likely first (ranked lazily)."""
    bom = next((codec for mark, codec in _BOMS if raw.startswith(mark)), None)
    if bom:
        yield bom
    elif b"\0" in raw[:_SAMPLE_BYTES]:
        utf16 = _ranked(*_sample(raw, 0), _UTF16_CODECS)
        if not utf16:
            raise BulletinError(path, "binary content, not text")
        yield from utf16
    else:
        found = _NON_ASCII.search(raw)  # ASCII says nothing about the codec: sample what follows
        sample, final = _sample(raw, found.start() if found else 0)
        if final or _decode_sample(sample, "utf-8", final) is not None:  # a final sample: the file's
            yield "utf-8"  # decode says the same, so it is not decoded twice
        yield from _ranked(sample, final, _CJK_CODECS)


def _sample(raw: bytes, start: int) -> tuple[bytes, bool]:
    """64 KB of ``raw`` from ``start``, and whether that reaches the end of ``raw``."""
    return raw[start : start + _SAMPLE_BYTES], start + _SAMPLE_BYTES >= len(raw)


def _ranked(sample: bytes, final: bool, candidates: tuple[str, ...]) -> list[str]:
    """The candidates that decode ``sample`` plausibly, best first (ties keep their order)."""
    scores: dict[str, float] = {}
    for codec in candidates:
        text = _decode_sample(sample, codec, final)
        if text is not None and (score := _plausibility(text)) >= _MIN_PLAUSIBILITY:
            scores[codec] = score
    return sorted(scores, key=lambda codec: -scores[codec])


def _decode_sample(sample: bytes, codec: str, final: bool) -> str | None:
    """``sample`` decoded strictly (a character cut at the end is fine unless ``final``)."""
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=final)
    except UnicodeDecodeError:
        return None


def _plausibility(text: str) -> float:
    """Share of the non-ASCII (and control) characters of ``text`` that are usual in Chinese text.

    Usual means one of the 3,755 most used characters (GB2312 level 1) in simplified or
    traditional form, or common CJK punctuation and symbols. Text with none of them scores 1.
    """
    usual = _usual_characters()
    counted = found = 0
    for char in text:
        if " " <= char <= "~" or char in "\t\n\v\f\r":
            continue
        counted += 1
        found += char in usual
    return found / counted if counted else 1.0


@cache
def _usual_characters() -> frozenset[str]:
    """GB2312 level-1 characters, their traditional forms, and common punctuation and symbols."""
    pairs = (bytes((lead, trail)) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF))
    simplified = "".join(pair.decode("gb2312") for pair in pairs if pair < b"\xd7\xfa")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    symbol_ranges = (
        (0x00B0, 0x00B7), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x2010, 0x203B), (0x2103, 0x2103),
        (0x2116, 0x2116), (0x2160, 0x217F), (0x2460, 0x24FF), (0x25A0, 0x25CF), (0x2605, 0x2606),
        (0x3000, 0x3017), (0xFF01, 0xFF5E),
    )  # fmt: skip
    symbols = "".join(chr(c) for low, high in symbol_ranges for c in range(low, high + 1))
    return frozenset(simplified + traditional + symbols)


def _looks_binary(text: str) -> bool:
    """Any NUL, or more than 1% control characters in the first 64 K characters."""
    sample = text[:_SAMPLE_BYTES]
    controls = _controls(sample)
    return "\0" in text or controls > _MAX_CONTROL_SHARE * len(sample)


def _controls(text: str) -> int:
    """How many controls (``_CONTROL``) ``text`` holds, counted among its Latin-1 characters, the only
    ones that can be: encoding and deleting run in C, some five times faster than a pattern's scan."""
    return len(text.encode("latin-1", "ignore").translate(None, _NOT_CONTROL_BYTES))


# --- .docx --------------------------------------------------------------------------------


def _docx_text(path: str | Path, raw: bytes) -> str:
    """Paragraphs of a .docx in document order, one per line; a table row on one line, its
    cells apart by two spaces (a masthead's issuer and date, a signing table's row)."""
    _check_zip(path, raw)
    try:
        document = docx.Document(io.BytesIO(raw))
        return "\n".join(_lines(document.iter_inner_content()))
    except Exception as exc:
        raise BulletinError(path, f"corrupt .docx ({type(exc).__name__}: {exc})") from exc


def _check_zip(path: str | Path, raw: bytes) -> None:
    """Refuse archives that are not zip files or that would inflate to too much data."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BulletinError(path, "corrupt .docx (not a zip archive)") from exc
    total = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > _RATIO_CHECK_MIN_BYTES and member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > MAX_DOCX_UNCOMPRESSED or inflated:
        raise BulletinError(path, "suspicious .docx (zip bomb?)")


def _lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    """Lines of ``blocks``: a paragraph each, a table row each (each merged cell once)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        seen: set[object] = set()
        for row in block.rows:
            cells = []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(" ".join(line.strip() for line in _lines(cell.iter_inner_content()) if line.strip()))
            yield "  ".join(c for c in cells if c)


# --- HTML ---------------------------------------------------------------------------------


def _decode_html(path: str | Path, raw: bytes) -> tuple[str, str]:
    """Decode with the ``<meta>`` charset when it fits the bytes, otherwise like plain text."""
    declared = _declared_charset(raw)
    if declared and not any(raw.startswith(bom) for bom, _ in _BOMS):
        try:
            html = raw.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if _plausibility(html[:_SAMPLE_BYTES]) >= _MIN_PLAUSIBILITY:
                return html, declared
    return _decode(path, raw)


def _declared_charset(raw: bytes) -> str | None:
    """The codec named by a ``<meta charset>`` in the first 4 KB (GBK and GB2312 read as GB18030)."""
    found = _META_CHARSET.search(raw[:4096])
    if not found:
        return None
    try:
        name = codecs.lookup(found[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "gb18030" if name in {"gb2312", "gbk"} else name


def _html_text(path: str | Path, html: str) -> str:
    """Text of the main content of a page: one line per paragraph, heading, list item or break."""
    depth = _nesting_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise BulletinError(path, f"HTML nested {depth:,} levels deep (the limit is {MAX_HTML_DEPTH:,})")
    try:
        tree = LexborHTMLParser(html)
        _drop_noise(tree)
        root = _content_root(tree)
        title = _outside_heading(tree, root)
        return "\n".join(([title] if title else []) + _block_lines(root))
    except Exception as exc:
        raise BulletinError(path, f"cannot parse HTML ({type(exc).__name__}: {exc})") from exc


def _nesting_depth(html: str) -> int:
    """Deepest element nesting, counted from the tags alone (linear, no parser involved)."""
    depth = deepest = 0
    for tag in _HTML_TAG.finditer(html):
        if tag[2].lower() in _UNNESTED_TAGS or tag[0].endswith("/>"):
            continue
        if tag[1]:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _drop_noise(tree: LexborHTMLParser) -> None:
    """Remove scripts, navigation, headers, footers, sidebars, forms and the like."""
    noise = [node for node in tree.root.traverse() if _is_noise(node)]
    for node in reversed(noise):  # innermost first, so no node outlives its removed ancestor
        node.decompose()


def _is_noise(node: LexborNode) -> bool:
    """A noise tag, or a class or id naming navigation, menus, headers, footers or sidebars.

    A header inside an ``<article>`` is kept: it holds the article's title.
    """
    if node.tag in _NEVER_NOISE:
        return False
    names = " ".join(filter(None, (node.attributes.get("class"), node.attributes.get("id")))).lower()
    if node.tag not in _NOISE_TAGS and not _NOISE_NAMES.search(names):
        return False
    headerish = node.tag == "header" or "header" in names
    return not (headerish and _inside(node, "article"))


def _inside(node: LexborNode, tag: str) -> bool:
    """Whether ``node`` has an ancestor element named ``tag``."""
    parent = node.parent
    while parent is not None and parent.tag != tag:
        parent = parent.parent
    return parent is not None


def _content_root(tree: LexborHTMLParser) -> LexborNode:
    """The ``<article>``, else the element with the most text in its ``<p>`` children (or the
    block that holds it and other paragraphs of the article), else the body."""
    article = tree.css_first("article")
    if article is not None:
        return article
    scores: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is not None:
            parents[parent.mem_id] = parent
            scores[parent.mem_id] = scores.get(parent.mem_id, 0) + len(paragraph.text(strip=True))
    if not scores or max(scores.values()) == 0:
        return tree.body or tree.root
    root = parents[max(scores, key=scores.__getitem__)]
    while (up := root.parent) is not None and up.tag not in _NEVER_NOISE and _p_text(up) > 1.25 * _p_text(root):
        root = up  # the article's paragraphs are split between sibling blocks: their common block
    return root


def _p_text(node: LexborNode) -> int:
    return sum(len(p.text(strip=True)) for p in node.css("p"))


def _outside_heading(tree: LexborHTMLParser, root: LexborNode) -> str | None:
    """The page's ``<h1>`` when the content block lacks one (titles often sit just above it)."""
    if root.css_first("h1") is not None:
        return None
    heading = tree.css_first("h1")
    return _HTML_SPACE.sub(" ", heading.text()).strip() if heading is not None else None


def _block_lines(root: LexborNode) -> list[str]:
    """Non-empty lines of ``root``'s text, breaking around block elements (walked without recursion)."""
    parts: list[str] = []
    stack: list[LexborNode | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            parts.append("\n")
        elif node.is_text_node:
            parts.append(_HTML_SPACE.sub(" ", node.text_content or ""))
        else:
            if node.tag in _BLOCK_TAGS:
                parts.append("\n")
                stack.append(None)  # marks the end of the block
            elif node.tag in _CELL_TAGS:
                parts.append("  ")
            stack.extend(reversed(list(node.iter(include_text=True))))
    return [line.strip() for line in "".join(parts).split("\n") if line.strip()]
