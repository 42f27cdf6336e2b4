"""Active content in a title, a field, a body and a diagram runs on no page.

A small Sphinx project (tests/sphinxproject.py) is built with hostile values: a
milestone and a workstream whose titles are ``<img src=x onerror=...>``, a risk whose
indicator is one, a page whose body holds inline HTML with an event handler and a raw
HTML block with a script, and a mermaid diagram whose nodes link to ``javascript:``
and call a function. The build is not strict, so the guard's warnings do not stop it
(they are checked too); then every page that shows those values is opened in Chromium,
over http and from disk, its diagrams are rendered and clicked, and no dialog may open
and no request may leave the site.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sphinxproject

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
XSS = '<img src=x onerror="alert(\'{}\')">'
PAGES = {
    "hostile": "\n".join([
        "# Hostile page", "",
        f"A body with inline HTML {XSS.format('body-inline')} in a paragraph.", "",
        "<script>alert('body-script')</script>", "",
        "[a link](javascript:alert('body-link'))", "",
        "```mermaid", "graph LR",
        "  A[start] --> B[end]", "  click A \"javascript:alert('diagram-href')\"",
        "  click B call alert('diagram-call')", "```", ""]),
    "views": "\n\n".join([
        "# Views",
        "```{roadmap-traceability} WS-A\n```",
        "```{roadmap-timeline}\n```",
        "```{roadmap-explorer}\n```",
        "```{roadmap-dashboard} milestones-by-workstream\n```",
        "```{roadmap-heatmap}\n```",
        '```{needtable}\n:filter: type == "milestone"\n:columns: id, title, owner\n```',
    ]) + "\n",
}
CHANGES = {
    "MS-A-01": {"title": XSS.format("milestone-title"), "owner": XSS.format("owner-field")},
    "WS-A": {"title": XSS.format("workstream-title")},
    "RSK-A": {"indicator": XSS.format("indicator-field")},
}
CONF = f"""
html_static_path = [{str(ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")!r}]
mermaid_init_config = {{"startOnLoad": False, "securityLevel": "strict"}}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path_factory.mktemp("hostile"), PAGES, changes=CHANGES,
                               conf_extra=CONF)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: sphinxproject.Built) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(hostile_site.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_guard_names_each_active_body_content(hostile_site: sphinxproject.Built) -> None:
    guard = [line for line in hostile_site.warning_lines() if "[GUARD-ACTIVE-CONTENT]" in line]
    for expected in ("hostile.md:3:", "hostile.md:5:", "hostile.md:7:", "hostile.md:12:",
                     "hostile.md:13:"):
        assert any(expected in line for line in guard), (expected, guard)


def _visit(tab, url: str, dialogs: list[str]) -> None:
    tab.page.goto(url, wait_until="load")
    tab.wait_for_diagrams()
    tab.page.wait_for_timeout(200)  # late image errors fire their handlers now
    for node in tab.page.locator("pre.mermaid svg g.node").all():
        node.click(force=True, timeout=2_000)
    for cell in tab.page.locator("img").all():
        cell.hover(force=True, timeout=2_000)
    tab.page.wait_for_timeout(100)
    assert not dialogs, f"{url}: dialogs {dialogs}"


@pytest.mark.parametrize("page", ["plan.html", "hostile.html", "views.html"])
def test_no_page_runs_active_content(tab, hostile_site, hostile_url, page: str) -> None:
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in (hostile_url + page, (hostile_site.outdir / page).resolve().as_uri()):
        _visit(tab, url, dialogs)
        assert not tab.offsite, tab.offsite
    body = hostile_site.html(page.removesuffix(".html")).split("<body", 1)[1]
    assert not re.search(r"<(img|script)\b[^>]*(onerror|>alert)", body), page


def test_the_hostile_titles_are_shown_as_text(tab, hostile_url) -> None:
    tab.page.goto(hostile_url + "views.html")
    tab.wait_for_diagrams()
    text = tab.page.locator("body").inner_text()
    assert "<img src=x onerror=" in text  # the title, written as text
    assert tab.page.locator("img[onerror]").count() == 0


# ------------------------------------------------------------- every served file
import hostile_site as hostile_inputs  # noqa: E402 - beside sphinxproject in tests/


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    """The site with every hostile input of issue 21 that still builds, built once."""
    return hostile_inputs.build(tmp_path_factory.mktemp("everything"))


@pytest.fixture(scope="module")
def everything_url(everything: sphinxproject.Built) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(everything.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


HOVER_ALL = """() => document.querySelectorAll('*').forEach(e => {
    e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    e.dispatchEvent(new FocusEvent('focus'));
})"""


def served_documents(outdir: Path) -> list[Path]:
    """Every HTML and SVG file the site serves (its own theme files too)."""
    return sorted(p for p in outdir.rglob("*") if p.suffix in (".html", ".svg") and p.is_file())


def test_no_served_page_or_svg_file_runs_or_loads_anything(tab, everything, everything_url
                                                           ) -> None:
    from urllib.parse import quote

    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    documents = served_documents(everything.outdir)
    assert len(documents) >= 6, documents
    for path in documents:
        relative = quote(path.relative_to(everything.outdir).as_posix())
        for url in (everything_url + relative, path.resolve().as_uri()):
            tab.page.goto(url, wait_until="load")
            tab.page.evaluate(HOVER_ALL)  # what an event handler would wait for
            tab.page.wait_for_timeout(100)
            assert not dialogs, f"{url}: dialogs {dialogs}"
            assert not tab.offsite, f"{url}: requests off the site {tab.offsite}"
    served = "".join(p.read_text(encoding="utf-8", errors="replace") for p in documents)
    assert hostile_inputs.SECRET not in served
    assert not list(everything.outdir.glob("_images/evil*.svg"))  # refused, not copied
