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
from collections.abc import Callable, Iterator
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


def open_tab(browser: object, viewport: dict[str, int]) -> tuple[object, Tab]:
    """A new browser context and page that records what leaves the site and what goes
    wrong; every request is routed, one off the site is aborted."""
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
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
    return context, recorder


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context, recorder = open_tab(browser, VIEWPORT)
    yield recorder
    context.close()  # type: ignore[attr-defined]


@pytest.fixture
def fresh_tabs(browser: object) -> Iterator[Callable[[dict[str, int]], Tab]]:
    """Tabs of their own (a new context each: nothing cached), closed after the test."""
    contexts: list[object] = []

    def make(viewport: dict[str, int] = VIEWPORT) -> Tab:
        context, recorder = open_tab(browser, viewport)
        contexts.append(context)
        return recorder

    yield make
    for context in contexts:
        context.close()  # type: ignore[attr-defined]


@pytest.fixture
def phone_tab(browser: object) -> Iterator[Tab]:
    """A tab as wide as a phone (390 x 844)."""
    context, recorder = open_tab(browser, {"width": 390, "height": 844})
    yield recorder
    context.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def screenshot_dir(html_dir: Path) -> Path:
    path = html_dir.parent / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- one sweep of the site
SKIP_DIRS = {"_static", "_sources", "_images"}
# A desktop screen and a phone; every page is visited once at each width.
WIDTHS = {"desktop": 1400, "phone": 390}
PROBE = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")
# Pages left in _build/screenshots/ for review: name -> (page, element to scroll to).
SHOTS = {
    "landing": ("index.html", None),
    "timeline": ("views/timeline.html", "figure.roadmap-gantt"),
    "week-06": ("weeks/week-06.html", None),
    "risk-register": ("risk-management.html", ".roadmap-risk-register"),
    "dashboard": ("views/dashboard.html", None),
    "explorer": ("views/explorer.html", "#roadmap-explorer .rx-bar"),
    "heatmap": ("views/risk-heatmap.html", ".roadmap-heatmap-view"),
    "scenario-dba-hire-late": ("scenarios/dba-hire-late.html", None),
    "scenario-levelled": ("scenarios/levelled.html", None),
}


def site_pages(html_dir: Path) -> list[str]:
    """Every page of the built site (the permalink page redirects, so it is left out)."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not SKIP_DIRS.intersection(p.relative_to(html_dir).parts)
                  and p.name != "permalink.html")


@dataclass
class Visit:
    page: str
    width: str
    status: int
    problems: list[str]
    probe: dict[str, object]


def _visit(tab: Tab, site_url: str, page: str, width: str) -> Visit:
    tab.reset()
    response = tab.page.goto(site_url + page, wait_until="load")  # type: ignore[attr-defined]
    status = response.status if response is not None else 0
    if tab.page.locator("pre.mermaid").count():  # type: ignore[attr-defined]
        tab.wait_for_diagrams()
    probe = tab.page.evaluate(PROBE)  # type: ignore[attr-defined]
    return Visit(page, width, status, tab.problems(), probe)


def _shoot(tab: Tab, screenshot_dir: Path, name: str, width: str, selector: str | None) -> None:
    if selector:
        tab.page.locator(selector).first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    tab.page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"))  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def sweep(browser: object, site_url: str, html_dir: Path, screenshot_dir: Path
          ) -> dict[str, dict[str, Visit]]:
    """Every page at every width, visited once for all the tests that read it: width ->
    page -> what the visit measured. The review screenshots are taken on the way."""
    shots = {page: (name, selector) for name, (page, selector) in SHOTS.items()}
    found: dict[str, dict[str, Visit]] = {}
    for width, pixels in WIDTHS.items():
        context, tab = open_tab(browser, {"width": pixels, "height": 900})
        found[width] = {}
        for page in site_pages(html_dir):
            found[width][page] = _visit(tab, site_url, page, width)
            if page in shots:
                _shoot(tab, screenshot_dir, shots[page][0], width, shots[page][1])
        context.close()  # type: ignore[attr-defined]
    return found
