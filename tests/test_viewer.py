"""Tests for the interactive HTML viewer (kg.queries.viewer): reduction, escaping, and a real browser."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from browser import launch, open_page, requires_chromium, wait_stable
from playwright.sync_api import Browser, Page, expect

from kg.queries.viewer import (
    IMPROVED_LAYOUT_MAX,
    KIND_STYLES,
    SPRING_LENGTH,
    ViewStats,
    reduce_graph,
    render_html,
    script_json,
    seed_positions,
)

ARTIFACTS = Path(__file__).parent / "artifacts"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
HOSTILE_SOURCE = f"{SCRIPT_PAYLOAD}“引号” \"double\" 'single' & </script>{IMG_PAYLOAD}\u2028完。"
MEETING_SOURCE = "10月23日，市长张三主持召开市政府常务会议，副市长李四出席。"


def sample_graph() -> nx.MultiDiGraph:
    """A small bulletin graph: a mayor, a meeting, an agreement, and one hostile node."""
    g = nx.MultiDiGraph()
    doc = "bulletin-2014-10.txt"
    g.add_node(
        "org:gov",
        kind="Organization",
        label="某某市人民政府",
        pinyin="Mǒumǒu Shì Rénmín Zhèngfǔ",
        label_en="Moumou Municipal People's Government",
    )
    g.add_node("post:mayor", kind="Post", label="市长", pinyin="shìzhǎng", label_en="Mayor")
    g.add_node(
        "person:zhangsan",
        kind="Person",
        label="张三",
        pinyin="Zhāng Sān",
        label_en="Zhang San, Mayor",
        aliases=["张市长"],
        source=MEETING_SOURCE,
        source_doc=doc,
        props={"性别": "男", "出生年份": 1965},
    )
    g.add_node("person:lisi", kind="Person", label="李四", pinyin="Lǐ Sì", label_en="Li Si, Vice Mayor")
    g.add_node(
        "event:meeting",
        kind="Event",
        label="市政府常务会议",
        label_en="Executive meeting",
        date="2014-10-23",
        source=MEETING_SOURCE,
        source_doc=doc,
        props={"届次": "第45次"},
    )
    g.add_node("event:expo", kind="Event", label="招商引资推介会", date="2013-05-10")
    g.add_node(
        "agreement:coop",
        kind="Agreement",
        label="战略合作框架协议",
        date="2014-10-23",
        label_en="Strategic cooperation framework agreement",
    )
    g.add_node("place:hall", kind="Place", label="市行政中心")
    g.add_node("project:road", kind="Project", label="环城路改造工程")
    g.add_node("doc:2014-10", kind="Document", label="政务信息2014年第10期")
    g.add_node(
        "evil",
        kind="Document",
        label=IMG_PAYLOAD,
        pinyin=SCRIPT_PAYLOAD,
        source=HOSTILE_SOURCE,
        source_doc=f"{IMG_PAYLOAD}.txt",
        props={"<b>key</b>": SCRIPT_PAYLOAD},
    )
    g.add_edge("person:zhangsan", "post:mayor", kind="HOLDS", label="任/holds", date="2012-01")
    g.add_edge("post:mayor", "org:gov", kind="POST_IN", label="职务/post in")
    g.add_edge(
        "person:zhangsan",
        "event:meeting",
        kind="PARTICIPATED_IN",
        label="主持/presided",
        source=MEETING_SOURCE,
        source_doc=doc,
        props={"role": "chair"},
    )
    g.add_edge("person:zhangsan", "event:meeting", kind="PARTICIPATED_IN", label="讲话/spoke")
    g.add_edge("person:lisi", "event:meeting", kind="PARTICIPATED_IN", label="出席/attended")
    g.add_edge("person:lisi", "event:expo", kind="PARTICIPATED_IN", label="出席/attended")
    g.add_edge("event:meeting", "place:hall", kind="HELD_IN", label="地点/held in")
    g.add_edge("org:gov", "agreement:coop", kind="PARTY_TO", label="签约方/party")
    g.add_edge("agreement:coop", "event:meeting", kind="SIGNED_AT", label="签于/signed at")
    g.add_edge("person:zhangsan", "agreement:coop", kind="SIGNED", label="签署/signed")
    g.add_edge("org:gov", "project:road", kind="SUB_ORGANIZATION_OF", label="负责/runs")
    g.add_edge("doc:2014-10", "event:meeting", kind="MENTIONS", label="报道/reports")
    g.add_edge(
        "evil", "org:gov", kind=SCRIPT_PAYLOAD, label=f"</script>{SCRIPT_PAYLOAD}", source=HOSTILE_SOURCE
    )
    return g


def scale_free_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """``n`` nodes with hubs (Barabási–Albert), kinds cycling through all node kinds."""
    kinds = list(KIND_STYLES)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", kind=kinds[i % len(kinds)], label=f"节点{i}")
    for a, b in nx.barabasi_albert_graph(n, 2, seed=seed).edges():
        g.add_edge(f"n{a}", f"n{b}", kind="RELATED", label="")
    return g


def embedded_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert found, "no kg-data script element"
    return json.loads(found[1])


# ---------- no browser ----------


def test_small_graph_is_drawn_whole(tmp_path: Path) -> None:
    stats = render_html(sample_graph(), tmp_path / "v.html", title="示例")
    assert stats == ViewStats(nodes_total=11, nodes_drawn=11, edges_drawn=13, reduced=False, reason=None)


def test_html_is_self_contained_and_data_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    render_html(sample_graph(), out, title="<b>标题</b>")
    html = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?[a-z]+:""", html, re.I)
    assert not re.search(r"url\((?![\"']?data:)", html)
    assert IMG_PAYLOAD not in html and SCRIPT_PAYLOAD not in html and "\u2028" not in html
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in html
    data = embedded_data(html)
    evil = next(n for n in data["nodes"] if n["id"] == "evil")
    assert (evil["label"], evil["sentence"]) == (IMG_PAYLOAD, HOSTILE_SOURCE)


def test_script_json_escapes_markup_characters() -> None:
    text = script_json({"s": "</script><!-- & \u2028\u2029 >"})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"s": "</script><!-- & \u2028\u2029 >"}


def test_reduce_keeps_highest_degree_nodes() -> None:
    g = scale_free_graph(3000)
    shown, reason = reduce_graph(g, 500, [])
    assert shown.number_of_nodes() == 500
    assert reason is not None and "3000" in reason and "degree centrality" in reason
    dropped = set(g) - set(shown)
    assert min(dict(g.degree(shown)).values()) >= max(dict(g.degree(dropped)).values())
    assert shown.number_of_edges() == g.subgraph(shown).number_of_edges()


def test_reduce_keeps_focus_and_its_neighbourhood() -> None:
    tree = nx.balanced_tree(3, 7)  # 3280 nodes; rings of 3, 9, 27 around the root
    g = nx.MultiDiGraph((f"t{a}", f"t{b}") for a, b in tree.edges())
    shown, reason = reduce_graph(g, 20, ["t0"])
    assert shown.number_of_nodes() == 20 and "t0" in shown
    distance = nx.single_source_shortest_path_length(g.to_undirected(), "t0")
    assert sorted(distance[n] for n in shown).count(3) == 7
    assert reason is not None and "focus" in reason and "3 hop" in reason


def test_small_views_are_laid_out_by_vis_network(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    render_html(sample_graph(), out, title="t")
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert not any("x" in n or "y" in n for n in data["nodes"])
    assert data["options"]["layout"]["improvedLayout"] is True


def test_larger_views_start_from_seeded_positions(tmp_path: Path) -> None:
    g = scale_free_graph(IMPROVED_LAYOUT_MAX * 3)
    pages = [tmp_path / "a.html", tmp_path / "b.html"]
    for page in pages:
        render_html(g, page, title="t")
    first, second = (embedded_data(page.read_text(encoding="utf-8")) for page in pages)
    assert first["nodes"] == second["nodes"]  # deterministic
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in first["nodes"])
    assert first["options"]["layout"]["improvedLayout"] is False
    assert first["options"]["physics"]["barnesHut"]["theta"] == 0.9


def test_seeded_positions_put_every_node_half_a_spring_from_a_neighbour() -> None:
    g = scale_free_graph(400)
    g.add_edge("lone-a", "lone-b")
    positions = seed_positions(g)
    assert set(positions) == set(g)
    half_spring = pytest.approx(SPRING_LENGTH / 2)
    assert all(any(math.dist(positions[n], positions[m]) == half_spring for m in nx.all_neighbors(g, n)) for n in g)


def test_bad_arguments_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="focus"):
        render_html(sample_graph(), tmp_path / "v.html", title="t", focus=["nobody"])
    with pytest.raises(ValueError, match="max_nodes"):
        render_html(sample_graph(), tmp_path / "v.html", title="t", max_nodes=0)


# ---------- headless Chromium ----------

# a node's centre; for an edge, the point nearest its middle where a click hits the edge and no
# node (a node drawn over the middle of a short edge takes the click)
DOM_POSITION_JS = """([kind, id]) => {
  const net = window.kgView.network;
  const box = document.getElementById("kg-network").getBoundingClientRect();
  let p = net.canvasToDOM(kind === "node" ? net.getPositions([id])[id] : net.body.edges[id].edgeType.getPoint(0.5));
  if (kind === "edge") {  // a point of the edge that no node, label or panel covers
    const onCanvas = q => document.elementFromPoint(box.left + q.x, box.top + q.y)?.closest("#kg-network") != null;
    const steps = Array.from({length: 19}, (_, i) => 0.05 * (i + 1));
    steps.sort((a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5));
    for (const t of steps) {
      const q = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(t));
      if (net.getEdgeAt(q) === id && net.getNodeAt(q) === undefined && onCanvas(q)) { p = q; break; }
    }
  }
  return [box.left + p.x, box.top + p.y];
}"""


CANVAS_FITS_JS = """() => {
  const canvas = document.querySelector("#kg-network canvas");
  return canvas.width === Math.round(canvas.clientWidth * window.devicePixelRatio);
}"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ViewStats]:
    out = tmp_path_factory.mktemp("viewer") / "sample.html"
    return out, render_html(sample_graph(), out, title="政务信息知识图谱 · 示例")


@pytest.fixture
def sample_page(chromium: Browser, sample: tuple[Path, ViewStats]) -> Iterator[Page]:
    page, log = open_page(chromium, sample[0])
    wait_stable(page)
    yield page
    assert log.errors == []
    assert log.requests == [sample[0].resolve().as_uri()]
    page.close()


def point_of(page: Page, kind: str, item_id: str) -> tuple[float, float]:
    x, y = page.evaluate(DOM_POSITION_JS, [kind, item_id])
    return x, y


def edge_id(page: Page, label: str) -> str:
    return page.evaluate("label => kgView.edges.get({filter: e => e.label === label})[0].id", label)


@requires_chromium
@pytest.mark.browser
def test_sample_view_draws_every_node(sample_page: Page, sample: tuple[Path, ViewStats]) -> None:
    stats = sample[1]
    counts = sample_page.evaluate(
        "[kgView.nodes.length, kgView.edges.length, Object.keys(kgView.network.getPositions()).length]"
    )
    assert counts == [stats.nodes_drawn, stats.edges_drawn, stats.nodes_drawn]
    assert sample_page.evaluate("kgView.stable") is True
    assert sample_page.locator("#kg-notice").is_hidden()
    legend = sample_page.locator("#kg-kinds").inner_text()
    for name in (
        "人物 Person",
        "组织 Organization",
        "职务 Post",
        "事件 Event",
        "协议 Agreement",
        "地点 Place",
    ):
        assert name in legend
    sample_page.mouse.click(*point_of(sample_page, "node", "person:zhangsan"))
    ARTIFACTS.mkdir(exist_ok=True)
    sample_page.screenshot(path=ARTIFACTS / "viewer-sample.png")


@requires_chromium
@pytest.mark.browser
@pytest.mark.parametrize("query", ["zhangsan", "Zhāng Sān", "张市长", "张三"])
def test_search_selects_and_focuses_node(sample_page: Page, query: str) -> None:
    sample_page.fill("#kg-search", query)
    assert sample_page.locator("#kg-results li").first.inner_text().startswith("张三")
    sample_page.press("#kg-search", "Enter")
    assert sample_page.evaluate("kgView.network.getSelectedNodes()") == ["person:zhangsan"]
    assert sample_page.locator("#kg-details h2").inner_text() == "张三"


@requires_chromium
@pytest.mark.browser
def test_click_node_and_edge_show_source(sample_page: Page) -> None:
    sample_page.mouse.click(*point_of(sample_page, "node", "event:meeting"))
    details = sample_page.locator("#kg-details")
    expect(details.locator("h2")).to_have_text("市政府常务会议")  # the page handles the click in its own time
    assert details.locator("blockquote").inner_text() == MEETING_SOURCE
    assert "bulletin-2014-10.txt" in details.inner_text() and "第45次" in details.inner_text()
    sample_page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    sample_page.wait_for_function(CANVAS_FITS_JS)  # the network takes the panel's room back in its own time
    sample_page.mouse.click(*point_of(sample_page, "edge", edge_id(sample_page, "主持/presided")))
    expect(details.locator("h2")).to_have_text("主持/presided")
    assert "chair" in details.inner_text() and MEETING_SOURCE in details.inner_text()


@requires_chromium
@pytest.mark.browser
def test_hostile_text_stays_text(sample_page: Page) -> None:
    x, y = point_of(sample_page, "node", "evil")
    sample_page.mouse.move(x - 3, y)
    sample_page.mouse.move(x, y)
    tooltip = sample_page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.locator(".kg-tip-title").inner_text() == IMG_PAYLOAD
    assert SCRIPT_PAYLOAD in tooltip.inner_text()
    sample_page.mouse.click(x, y)
    details = sample_page.locator("#kg-details")
    assert details.locator("h2").inner_text() == IMG_PAYLOAD
    assert details.locator("blockquote").text_content() == HOSTILE_SOURCE
    assert "<b>key</b>" in details.inner_text()
    assert sample_page.locator("img, #kg-details script, .vis-tooltip script").count() == 0
    assert sample_page.evaluate("window.__pwned") is None


@requires_chromium
@pytest.mark.browser
def test_kind_and_date_filters(sample_page: Page) -> None:
    hidden = "kgView.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
    sample_page.locator("#kg-kinds input[value='Person']").uncheck()
    assert sample_page.evaluate(hidden) == ["person:lisi", "person:zhangsan"]
    sample_page.locator("#kg-kinds input[value='Person']").check()
    sample_page.fill("#kg-date-from", "2014-01-01")
    assert sample_page.evaluate(hidden) == ["event:expo"]
    sample_page.fill("#kg-date-to", "2014-06-30")
    assert sample_page.evaluate(hidden) == ["agreement:coop", "event:expo", "event:meeting"]
    holds = edge_id(sample_page, "任/holds")  # dated 2012-01, before the range
    assert sample_page.evaluate("id => kgView.edges.get(id).hidden", holds) is True
    assert "节点 8/11" in sample_page.locator("#kg-counts").inner_text()


@requires_chromium
@pytest.mark.browser
def test_large_graph_is_reduced_with_notice(chromium: Browser, tmp_path: Path) -> None:
    out = tmp_path / "big.html"
    stats = render_html(scale_free_graph(3000), out, title="大图 Large graph", max_nodes=500)
    assert (stats.nodes_total, stats.nodes_drawn, stats.reduced) == (3000, 500, True)
    page, log = open_page(chromium, out)
    wait_stable(page)
    assert page.evaluate("kgView.nodes.length") == 500
    notice = page.locator("#kg-notice")
    assert notice.is_visible()
    assert "3000" in notice.inner_text() and "500" in notice.inner_text()
    assert log.errors == [] and log.requests == [out.resolve().as_uri()]
