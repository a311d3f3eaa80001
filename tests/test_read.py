"""Tests for kg.loaders.read: real files in real encodings, written to tmp_path."""

from __future__ import annotations

import hashlib
import pickle
import re
import time
import zipfile
from pathlib import Path

import docx
import opencc
import pytest

from kg.loaders.read import BulletinError, read_source

PASSAGE = (
    "6月12日上午，市长周立新在市行政中心会见了来访的省商务厅代表团一行。\n"
    "双方就深化经贸合作、推进重点项目建设等事宜进行了深入交流。\n"
    "会后，市政府与代表团签署了战略合作框架协议，副市长王建国出席签约仪式。\n"
)
TRADITIONAL = opencc.OpenCC("s2t").convert(PASSAGE)
CLAUSES = [clause for clause in re.split(r"[，。、\n]", PASSAGE) if clause]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reason(path: Path) -> str:
    with pytest.raises(BulletinError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return caught.value.reason


# --- plain text: encodings ------------------------------------------------------------------


def test_traditional_passage_is_really_traditional() -> None:
    assert TRADITIONAL != PASSAGE
    assert "市長" in TRADITIONAL and "簽署" in TRADITIONAL


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        (PASSAGE, "utf-8", "utf-8"),
        (PASSAGE, "utf-8-sig", "utf-8-sig"),
        (PASSAGE, "gb18030", "gb18030"),
        (PASSAGE, "gbk", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gb18030", "gb18030"),
        (TRADITIONAL, "utf-8", "utf-8"),
        (PASSAGE, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (PASSAGE, "utf-16-le", "utf-16-le"),
        (TRADITIONAL, "utf-16-be", "utf-16-be"),
        (PASSAGE, "utf-32", "utf-32"),
    ],
)
def test_passage_round_trips(tmp_path: Path, text: str, codec: str, encoding: str) -> None:
    raw = text.encode(codec)
    source = read_source(write(tmp_path, "bulletin.txt", raw))
    assert source.text == text
    assert source.encoding == encoding
    assert source.format == "txt"
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("clause", CLAUSES)
@pytest.mark.parametrize(("codec", "encoding"), [("gbk", "gb18030"), ("big5", "big5")])
def test_short_files_pick_the_right_codec(tmp_path: Path, clause: str, codec: str, encoding: str) -> None:
    """Short GBK bytes often decode as Big5 too (and Big5 bytes as GB18030): the ranking must choose."""
    text = clause if codec == "gbk" else opencc.OpenCC("s2t").convert(clause)
    source = read_source(write(tmp_path, "clause.txt", text.encode(codec)))
    assert (source.text, source.encoding) == (text, encoding)


def test_codec_is_judged_past_a_long_ascii_prefix(tmp_path: Path) -> None:
    text = "Bulletin No. 7 " * 6000 + "\n" + TRADITIONAL
    source = read_source(write(tmp_path, "prefix.txt", text.encode("big5")))
    assert (source.text, source.encoding) == (text, "big5")


def test_line_breaks_become_newlines_and_nothing_else_changes(tmp_path: Path) -> None:
    text = "　　市長會見代表團。\r\n雙方簽署協議\r（B）型\u00a0 ，ＡＢＣ\n"
    source = read_source(write(tmp_path, "crlf.txt", text.encode("utf-8-sig")))
    assert source.text == "　　市長會見代表團。\n雙方簽署協議\n（B）型\u00a0 ，ＡＢＣ\n"


def test_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    source = read_source(str(write(tmp_path, "bulletin.dat", PASSAGE.encode("gb18030"))))
    assert (source.text, source.format, source.path) == (PASSAGE, "txt", tmp_path / "bulletin.dat")


# --- plain text: refusals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty file"),
        (b" \r\n\t \n", "empty file"),
        ("\u3000\u3000\n".encode("gb18030"), "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, "binary content, not text"),
        (bytes(range(1, 32)) * 100, "binary content, not text"),
        ("市长\x00会见".encode("gb18030"), "binary content, not text"),
        (b"\xff\xfe" + "市长会见\x00\x01\x02".encode("utf-16-le"), "binary content, not text"),
        ("Très bien, café crème à la française".encode("latin-1"), "cannot decode bytes"),
        (b"abc \x81\x20 \xff\xff", "cannot decode bytes (tried utf-8, gb18030, big5, utf-16)"),
    ],
)
def test_unreadable_text_is_refused(tmp_path: Path, data: bytes, expected: str) -> None:
    assert reason(write(tmp_path, "bad.txt", data)).startswith(expected)


def test_ten_megabyte_line_fails_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "e.txt", b"a" * 10_485_760)
    started = time.perf_counter()
    assert reason(path) == "a line of 10,485,760 characters exceeds the 200,000 limit"
    assert time.perf_counter() - started < 3


def test_long_chinese_line_fails_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "e.txt", ("市长会见代表团" * 500_000).encode("gb18030"))
    started = time.perf_counter()
    assert reason(path) == "a line of 3,500,000 characters exceeds the 200,000 limit"
    assert time.perf_counter() - started < 3


def test_line_at_the_limit_is_accepted(tmp_path: Path) -> None:
    text = "会" * 200_000 + "\n"
    assert read_source(write(tmp_path, "ok.txt", text.encode("utf-8"))).text == text


def test_file_over_50_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written
    assert reason(path).startswith("file too large")


def test_missing_path_and_directory_are_refused(tmp_path: Path) -> None:
    assert reason(tmp_path / "missing.txt") == "no such file"
    assert reason(tmp_path) == "is a directory, not a file"


def test_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(BulletinError("a.txt", "empty file")))
    assert str(error) == "a.txt: empty file"


# --- .docx ----------------------------------------------------------------------------------


def test_docx_paragraphs_in_order_and_a_table_row_on_a_line(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("市长周立新会见省商务厅代表团", level=1)
    document.add_paragraph("6月12日上午，市长周立新会见了来访的代表团一行。")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "签约单位"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "市政府、省商务厅"
    table.cell(1, 0).text = "协议名称"
    table.cell(1, 1).text = "战略合作框架协议"
    table.cell(1, 2).text = "已签署"
    document.add_paragraph("副市长王建国出席签约仪式。")
    path = tmp_path / "bulletin.docx"
    document.save(str(path))

    source = read_source(path)
    assert source.text == (
        "市长周立新会见省商务厅代表团\n"
        "6月12日上午，市长周立新会见了来访的代表团一行。\n"
        "\n"
        "签约单位  市政府、省商务厅\n协议名称  战略合作框架协议  已签署\n"
        "副市长王建国出席签约仪式。"
    )
    assert (source.encoding, source.format) == ("docx", "docx")
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def zip_file(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    assert reason(write(tmp_path, "d.docx", PASSAGE.encode())) == "corrupt .docx (not a zip archive)"


def test_docx_without_document_part_is_refused(tmp_path: Path) -> None:
    path = zip_file(tmp_path / "d.docx", {"hello.txt": b"hello"})
    assert reason(path).startswith("corrupt .docx (")


def test_docx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("市长会见代表团。")
    good = tmp_path / "good.docx"
    document.save(str(good))
    with zipfile.ZipFile(good) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = b"<w:document><w:body><w:p>"
    assert reason(zip_file(tmp_path / "d.docx", members)).startswith("corrupt .docx (")


def test_docx_with_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    path = zip_file(tmp_path / "bomb.docx", {"word/document.xml": b" " * (20 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    assert reason(path) == "suspicious .docx (zip bomb?)"


def test_docx_inflating_past_100_mb_is_refused(tmp_path: Path) -> None:
    members = {f"word/media/part{i}.bin": bytes(1024 * 1024) for i in range(101)}
    assert reason(zip_file(tmp_path / "bomb.docx", members)) == "suspicious .docx (zip bomb?)"


# --- HTML -----------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>市长周立新会见省商务厅代表团</title>
<style>p { color: red }</style>
<script>var menu = "首页";</script>
</head>
<body class="page-with-sidebar">
<header><a href="/">某某市人民政府</a></header>
<nav><ul><li>首页</li><li>政务公开</li></ul></nav>
<div class="breadcrumb">首页 &gt; 政务动态</div>
<div id="left-menu"><p>专题专栏</p></div>
<article>
  <header class="article-header"><h1>市长周立新会见省商务厅代表团</h1></header>
  <p>6月12日上午，市长周立新在市行政中心
     会见了来访的省商务厅代表团一行。</p>
  <p>双方就深化经贸合作进行了交流。<br>会后签署了战略合作框架协议。</p>
  <ul><li>协议一：经贸合作</li><li>协议二：项目建设</li></ul>
  <script>track();</script>
  <div class="canvas"><p>副市长王建国出席签约仪式。</p></div>
</article>
<aside><p>相关新闻</p></aside>
<form><input name="q"> 搜索</form>
<iframe src="x"></iframe>
<noscript>请启用脚本</noscript>
<footer>版权所有 某某市人民政府办公室</footer>
</body></html>
"""


def test_html_keeps_the_article_and_drops_the_rest(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "page.html", GOV_PAGE.encode("gbk")))
    assert source.text == (
        "市长周立新会见省商务厅代表团\n"
        "6月12日上午，市长周立新在市行政中心 会见了来访的省商务厅代表团一行。\n"
        "双方就深化经贸合作进行了交流。\n"
        "会后签署了战略合作框架协议。\n"
        "协议一：经贸合作\n"
        "协议二：项目建设\n"
        "副市长王建国出席签约仪式。"
    )
    assert (source.encoding, source.format) == ("gb18030", "html")


def test_html_without_article_uses_the_densest_paragraph_block(tmp_path: Path) -> None:
    page = """<html><head><meta charset="big5"></head><body>
    <div class="sidebar"><p>熱點專題</p><p>政務公開</p></div>
    <div class="main"><h1>市長周立新會見代表團</h1><div class="info">發佈時間：2024-06-12</div>
      <div class="TRS_Editor"><p>6月12日上午，市長周立新會見了來訪的代表團一行。</p>
      <p>雙方簽署了戰略合作框架協議。</p></div></div>
    <div class="links"><p>友情鏈接</p></div>
    </body></html>"""
    source = read_source(write(tmp_path, "page.htm", page.encode("big5")))
    assert source.text.split("\n") == [
        "市長周立新會見代表團",
        "6月12日上午，市長周立新會見了來訪的代表團一行。",
        "雙方簽署了戰略合作框架協議。",
    ]
    assert source.encoding == "big5"


def test_html_with_a_wrong_meta_charset_is_detected(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>' + PASSAGE + "</p></body></html>"
    source = read_source(write(tmp_path, "page.html", page.encode("gbk")))
    assert source.encoding == "gb18030"
    assert source.text == PASSAGE.replace("\n", " ").strip()


def test_html_with_mojibake_meta_charset_is_detected(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>市长会见代表团。</p></body></html>'
    source = read_source(write(tmp_path, "page.html", page.encode("gb18030")))
    assert (source.text, source.encoding) == ("市长会见代表团。", "gb18030")


def test_html_nested_100000_deep_is_refused_quickly(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 100_000 + "<p>深层文本</p>" + "</div>" * 100_000 + "</body></html>"
    path = write(tmp_path, "deep.html", page.encode())
    started = time.perf_counter()
    assert reason(path) == "HTML nested 100,002 levels deep (the limit is 5,000)"
    assert time.perf_counter() - started < 3


def test_html_nested_beyond_the_recursion_limit_is_read(tmp_path: Path) -> None:
    page = "<html><body>" + "<div><span>" * 2_000 + "<p>深层文本</p>" + "</span></div>" * 2_000
    assert read_source(write(tmp_path, "deep.html", page.encode())).text == "深层文本"


def test_html_with_no_text_is_refused(tmp_path: Path) -> None:
    page = b"<html><body><script>alert(1)</script><nav>menu</nav></body></html>"
    assert reason(write(tmp_path, "empty.html", page)) == "no text in the .html"
