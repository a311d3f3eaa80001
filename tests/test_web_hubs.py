"""`kg serve` over a hub: a person in more events, agreements and company than one page shows.

Three bulletins of our own, in which the mayor 张三 meets a different chairman on each of 66 days
and a signing follows each meeting: 66 events, 66 agreements (张三 present at each), 66 people met,
and an administrative committee party to all 66 agreements.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from browser import launch, open_url, requires_chromium
from playwright.sync_api import Browser, Page, expect
from served import serving
from synthetic import bulletin_text

SURNAMES = "王李刘杨赵吴周徐孙马胡郭何林罗高梁宋唐许韩冯邓曹彭曾萧田董潘"  # 30
GIVEN = "建国明华平志伟海文军立春永德玉晓东红丽斌宏峰涛杰刚辉勇毅鹏"  # 29: with the 30 surnames, 870 distinct names
COMPANIES = ("鸿达投资集团", "中瑞控股集团", "华信科技有限公司", "远航实业有限公司", "金鼎投资集团", "海创控股集团")
DAYS = 22  # meetings a month, for three months


def meeting(n: int, month: int, day: int) -> str:
    guest, company = SURNAMES[n % 30] + GIVEN[n % 29] + "伟", COMPANIES[n % len(COMPANIES)]
    return (
        f"张三会见{company}客人\n\n{month}月{day}日，市长张三会见了{company}董事长{guest}一行。"
        f"会见后，瓯江口新区管委会与{company}签署了第{n + 1}号产业园项目投资协议。\n（市经合办）"
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A `kg serve` over the three bulletins."""
    folder = tmp_path_factory.mktemp("hub")
    for month in (1, 2, 3):
        items = [meeting((month - 1) * DAYS + day - 1, month, day) for day in range(1, DAYS + 1)]
        (folder / f"hub-2016-{month:02d}.txt").write_text(bulletin_text(2016, month, items), encoding="utf-8")
    files = sorted(map(str, folder.glob("hub-*.txt")))
    r = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", *files, "--store", str(folder / "store")],
                       capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    with serving(folder / "store") as (base, _):
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


def first_page(chromium: Browser, server: str, name: str, section: str) -> tuple[Page, Any]:
    """The page of the entity called ``name``, its ``section`` on its first page of 50 of 66 rows."""
    page, log = open_url(chromium, server + "search?go=1&q=" + name)
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator(f"#{section} h2 small")).to_have_text("66")
    expect(page.locator(f"#{section} tbody tr")).to_have_count(50)
    return page, log


@requires_chromium
def test_a_hub_persons_lists_come_a_page_at_a_time(server, chromium):
    page, log = first_page(chromium, server, "张三", "events")
    expect(page.locator("#events .pager .shown")).to_have_text("1–50 / 66")
    first = page.locator("#events tbody tr").all_inner_texts()
    assert first[0].startswith("2016-03-22") and first[-1].startswith("2016-01-17")  # latest first
    expect(page.locator("#partners h2 small")).to_have_text("66")
    expect(page.locator("#agreements h2 small")).to_have_text("66")
    expect(page.locator(".facts-line")).to_contain_text("66 个事件")

    page.click("#events a[rel=next]")
    assert "events=50" in page.url
    expect(page.locator("#events tbody tr")).to_have_count(16)
    expect(page.locator("#events .pager .shown")).to_have_text("51–66 / 66")
    rest = page.locator("#events tbody tr").all_inner_texts()
    assert rest[0].startswith("2016-01-16") and rest[-1].startswith("2016-01-01")
    assert not set(rest) & set(first)
    expect(page.locator("#partners tbody tr")).to_have_count(50)  # the other lists stay on their first page
    assert page.locator("#events a[rel=next]").count() == 0

    page.click("#partners a[rel=next]")
    assert "events=50" in page.url and "partners=50" in page.url
    expect(page.locator("#partners tbody tr")).to_have_count(16)
    expect(page.locator("#events tbody tr")).to_have_count(16)
    page.click("#events a[rel=prev]")
    expect(page.locator("#events tbody tr")).to_have_count(50)
    assert not log.errors, log.errors


@requires_chromium
def test_an_organizations_agreements_come_a_page_at_a_time(server, chromium):
    page, log = first_page(chromium, server, "瓯江口新区管委会", "agreements")
    page.click("#agreements a[rel=next]")
    expect(page.locator("#agreements tbody tr")).to_have_count(16)
    expect(page.locator("#agreements tbody")).to_contain_text("第1号产业园项目投资协议")
    assert not log.errors, log.errors


def test_the_register_reads_a_page_first_and_agrees_with_the_whole(server):
    """The first visit's view is read a page at a time; another view reads the whole register,
    after which the first view comes from it: both give the same rows."""

    def table(query: str = "") -> str:
        with urllib.request.urlopen(server + "agreements" + query, timeout=300) as r:
            html = r.read().decode("utf-8")
        return html[html.index('<p class="count">') : html.index("</tbody>")]

    first = table()
    assert "<b>66</b>" in first and first.index("2016-03-22") < first.index("2016-01-01")
    oldest_first = table("?sort=date&order=asc")
    assert oldest_first.index("2016-01-01") < oldest_first.index("2016-03-22")
    assert table() == first
