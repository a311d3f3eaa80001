"""Whose post, in which body: title chains, organization names and the place a bare title
belongs to (our own sentences, one habit each)."""

from __future__ import annotations

from pathlib import Path

from kg.loaders.extract import extract_path
from kg.loaders.lexicon import lexicon
from kg.loaders.posts import find_chains
from kg.model import Facts


def extract_text(path: Path, text: str) -> Facts:
    """Extract a bulletin written by a test (its year from the file name)."""
    path.write_text(text, encoding="utf-8")
    return extract_path(path, None)


def tenures(f: Facts) -> set[tuple[str, str, str | None]]:
    return {(t.person, t.title, t.org) for t in f.tenures}


def chain(sentence: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(c.name, [(p.org_text, p.title) for p in c.posts]) for c in find_chains(sentence)]


def test_a_title_inside_a_body_name_does_not_break_the_chain():
    assert chain("省委书记、省人大常委会主任江海涛出席") == [("江海涛", [("省委", "书记"), ("省人大常委会", "主任")])]


def test_modified_titles_are_titles_of_their_own():
    titles = lexicon().titles
    assert {"轮值会长", "代理县长", "执行副会长", "财务总监", "三级主任科员"} <= titles
    assert lexicon().title_defaults["代理县长"] == lexicon().title_defaults["县长"]
    assert chain("商会轮值会长周立群、执行副会长吴永红") == [
        ("周立群", [("商会", "轮值会长")]),
        ("吴永红", [("", "执行副会长")]),
    ]
