"""Take the screenshots of docs/web.md: `kg serve` over the sample bulletin, each page in headless Chromium.

    python docs/screenshots.py            # writes docs/screenshots/*.png

Needs Debian's chromium (see tests/browser.py) and a CJK font (fonts-wqy-microhei).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
OUT = HERE / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stderr=subprocess.PIPE, text=True)


def main() -> None:
    from kg.loaders.extract import sample_path

    store = Path(tempfile.mkdtemp()) / "store"
    if kg("ingest", str(sample_path()), "--store", str(store), "--published", "2014-10-31").wait() != 0:
        raise SystemExit("ingest failed")
    server = kg("serve", "--store", str(store), "--port", "0")
    base = re.search(r"http://\S+/", server.stderr.readline()).group()
    q = urllib.parse.quote
    pages = {
        "home": "",
        "search": f"search?q={q('陈')}",
        "person": f"search?go=1&q={q('陈一新')}",
        "organization": f"search?go=1&q={q('中共温州市委')}",
        "event": None,  # reached from the person page
        "document": None,
        "agreements": "agreements?sort=date&order=desc",
        "question-path": f"questions/path?source={q('陈一新')}&target={q('瓯江口新区管委会')}",
        "sparql": "sparql",
        "cypher": "cypher",
    }
    OUT.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 960})
            page.set_default_timeout(300_000)  # the first Cypher query starts the engine
            for name, path in pages.items():
                if name == "event":
                    page.goto(base + pages["person"])
                    page.click("#events a:has-text('签订投资框架协议')")
                elif name == "document":
                    page.click("#evidence .cite a >> nth=0")
                    page.wait_for_selector(".doc-text a.hl.target")
                else:
                    page.goto(base + path)
                if name in ("sparql", "cypher"):
                    page.click("button.example >> nth=0")
                    page.click("form.query button[type=submit]")
                    page.wait_for_selector(".answer", timeout=300_000)
                if page.locator(".graph-box").count():
                    page.wait_for_selector(".graph-box[data-stable='true']", timeout=60_000)
                page.screenshot(path=OUT / f"{name}.png")
                print(OUT / f"{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
