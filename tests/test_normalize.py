"""Tests for kg.loaders.normalize: simplified output and offsets back to the original."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.loaders.normalize import Normalized, convert_one_to_one, normalize


def original_slice(original: str, normalized: Normalized, found: str) -> str:
    """The original characters behind the first occurrence of ``found`` in the normalized text."""
    start = normalized.text.index(found)
    end = start + len(found)
    return original[normalized.offsets[start] : normalized.offsets[end - 1] + 1]


def test_simplified_text_is_unchanged_with_identity_offsets() -> None:
    text = "　　6月12日，市长周立新会见省商务厅代表团（B）型，ＡＢＣ。\n双方签署协议。\n"
    normalized = normalize(text)
    assert normalized.text == text
    assert normalized.offsets == list(range(len(text) + 1))


def test_empty_text() -> None:
    assert normalize("") == Normalized("", [0])


def test_traditional_names_map_back_to_their_original_span() -> None:
    original = "市長陳金彪出席簽約儀式。\n副市長王建國會見臺灣代表團"
    normalized = normalize(original)
    assert normalized.text == "市长陈金彪出席签约仪式。\n副市长王建国会见台湾代表团"
    assert original_slice(original, normalized, "陈金彪") == "陳金彪"
    assert original_slice(original, normalized, "王建国") == "王建國"
    assert original_slice(original, normalized, "台湾代表团") == "臺灣代表團"
    assert normalized.offsets[-1] == len(original)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("企業(yè)發展", "企业发展"),
        ("企業（yè）發展", "企业发展"),
        ("企業(qǐ yè)發展", "企业发展"),
        ("企業(qi3 ye4)發展", "企业发展"),
        ("綠(lǜ)色", "绿色"),
        ("企業(yè)與(yǔ)政府", "企业与政府"),
    ],
)
def test_pinyin_glosses_are_removed(original: str, expected: str) -> None:
    normalized = normalize(original)
    assert normalized.text == expected
    assert original_slice(original, normalized, expected[-1]) == original[-1]
    assert [original[i] for i in normalized.offsets[:-1]] == [
        char for char in original if "\u4e00" <= char <= "\u9fff"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "保税物流中心（B）型",
        "加入(WTO)以来",
        "附件(1)和附件（2）",
        "项目(yes)",
        "项目(ye)",
        "项目(Ye4)",
        "以（zhōng guó zhì zào èr）为例",
        "abc(yè)",
        "企业 (yè)",
        "(yè)开头",
        "签约（市长：周立新）",
    ],
)
def test_other_parentheses_are_kept(text: str) -> None:
    normalized = normalize(text)
    assert normalized.text == text
    assert normalized.offsets == list(range(len(text) + 1))


def test_gloss_after_newline_keeps_later_offsets() -> None:
    original = "市長會見\n企業(yè)代表"
    normalized = normalize(original)
    assert normalized.text == "市长会见\n企业代表"
    assert original_slice(original, normalized, "代表") == "代表"
    assert normalized.offsets == [0, 1, 2, 3, 4, 5, 6, 11, 12, 13]
    # a span across a removed gloss maps back to original text that still holds it
    assert original_slice(original, normalized, "企业代表") == "企業(yè)代表"


def test_conversion_that_changes_length_falls_back_to_single_characters() -> None:
    convert = opencc.OpenCC("tw2sp").convert  # phrase mode: 隨身碟 (3) -> U盘 (2)
    line = "用隨身碟存檔"
    assert len(convert(line)) != len(line)
    text = f"市長會見\n{line}\n代表團"
    converted = convert_one_to_one(text, convert)
    assert len(converted) == len(text)
    assert converted == "市长会见\n用随身碟存档\n代表团"


PIECES = [
    "市長", "陳金彪", "企業", "(yè)", "（B）", "（yè）", "發展", "会见",
    "後", "，", "abc", "(WTO)", "(", "\n", " ",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_offsets_always_point_at_the_source_character(pieces: list[str]) -> None:
    original = "".join(pieces)
    normalized = normalize(original)
    assert len(normalized.offsets) == len(normalized.text) + 1
    assert normalized.offsets[-1] == len(original)
    assert all(a < b for a, b in zip(normalized.offsets, normalized.offsets[1:], strict=False))
    t2s = opencc.OpenCC("t2s")
    for char, index in zip(normalized.text, normalized.offsets, strict=False):
        assert char == t2s.convert(original[index])
