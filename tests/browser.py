"""Headless Chromium for browser tests: playwright driving Debian's /usr/bin/chromium.

No browser is ever downloaded: tests marked with :data:`requires_chromium` are skipped
when the system Chromium is missing. Usage from a test module in ``tests/``::

    from browser import launch, open_page, requires_chromium, wait_stable

    @requires_chromium
    def test_page(tmp_path):
        with launch() as chromium:
            page, log = open_page(chromium, tmp_path / "view.html")
            wait_stable(page)
            assert not log.errors
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent (apt-get install chromium); playwright's own browsers are never downloaded",
)


@contextmanager
def launch() -> Iterator[Browser]:
    """Start the system Chromium headless and close it afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: console errors, uncaught exceptions and every request URL."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


def open_page(browser: Browser, path: Path, *, width: int = 1400, height: int = 900) -> tuple[Page, PageLog]:
    """Open ``path`` as a file:// URL in a new page that logs errors and requests."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()
    page.on("console", log.record_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    page.goto(path.resolve().as_uri())
    return page, log


def open_url(browser: Browser, url: str, *, width: int = 1400, height: int = 900) -> tuple[Page, PageLog]:
    """A new page that logs errors and requests and lets none leave ``url``'s server: any request
    elsewhere is aborted and recorded in the log's ``requests`` (tests assert there is none)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()
    origin = url.split("/", 3)[:3]
    page.on("console", log.record_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == origin else route.abort(),
    )
    page.goto(url)
    return page, log


def wait_stable(page: Page, timeout_ms: float = 60_000) -> None:
    """Wait until the page sets ``<body data-stable="true">`` (layout done, physics off)."""
    page.wait_for_selector("body[data-stable='true']", state="attached", timeout=timeout_ms)
