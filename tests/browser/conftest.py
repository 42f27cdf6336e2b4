"""Headless Chromium (Debian's package) driven by Playwright against the built site.

The site is served by ``http.server`` on 127.0.0.1 from a thread; every request
the browser makes is routed, and one that would leave the site is aborted and
recorded. ``ROADMAP_HTML`` points the suite at another build (see tests/conftest.py).
Never run ``playwright install``: the browser is ``/usr/bin/chromium``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("ROADMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
VIEWPORT = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(html_dir: Path) -> Iterator[str]:
    """Base URL (with trailing slash) of the built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


@dataclass
class Tab:
    """A browser page that records what leaves the site and what goes wrong."""

    page: object
    offsite: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.offsite.clear()
        self.errors.clear()

    def problems(self) -> list[str]:
        return ([f"request off the site: {u}" for u in self.offsite]
                + [f"console: {e}" for e in self.errors])

    def wait_for_diagrams(self, timeout: float = 20_000) -> None:
        """Until mermaid has processed every diagram of the page."""
        self.page.wait_for_function(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll('pre.mermaid')].every(
                   pre => pre.getAttribute('data-processed') === 'true'
                          && pre.querySelector('svg'))""",
            timeout=timeout)


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    page = context.new_page()
    recorder = Tab(page)

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if is_local(url):
            route.fallback()  # type: ignore[attr-defined]
        else:
            recorder.offsite.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page.on("request", lambda request: None if is_local(request.url)
            else recorder.offsite.append(request.url))
    page.on("console", lambda message: recorder.errors.append(
        f"{message.text} ({message.location.get('url', '')})")
        if message.type == "error" else None)
    page.on("pageerror", lambda error: recorder.errors.append(f"uncaught: {error}"))
    yield recorder
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(html_dir: Path) -> Path:
    path = html_dir.parent / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
