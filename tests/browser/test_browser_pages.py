"""Every page of the built site in a real browser: offline, no console error,
mermaid renders, no serious accessibility violation, usable from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.graph import RoadmapGraph

pytestmark = pytest.mark.browser

SKIP_DIRS = {"_static", "_sources", "_images"}
SERIOUS = {"serious", "critical"}


def site_pages(html_dir: Path) -> list[str]:
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not SKIP_DIRS.intersection(p.relative_to(html_dir).parts))


@pytest.fixture(scope="session")
def main_pages(html_dir: Path, graph: RoadmapGraph) -> dict[str, str]:
    """The pages a reader meets first, found from the needs that live on them."""
    def page_of(need_id: str) -> str:
        need = graph.needs.get(need_id)
        assert need is not None and need.docname, f"{need_id} is not in needs.json"
        return f"{need.docname}.html"

    pages = {
        "landing": "index.html",
        "executive roadmap": "executive-roadmap.html",
        "phase": page_of("PH-1"),
        "module": page_of("WS-SECURITY"),
        "explorer": "views/explorer.html",
        "report": "checks/traceability-report.html",
    }
    missing = [p for p in pages.values() if not (html_dir / p).is_file()]
    assert not missing, f"main pages missing from the build: {missing}"
    return pages


def test_every_page_loads_offline_without_console_errors(tab, site_url, html_dir):
    pages = site_pages(html_dir)
    assert len(pages) > 5
    problems = {}
    for page in pages:
        tab.reset()
        response = tab.page.goto(site_url + page, wait_until="load")
        assert response is not None and response.ok, f"{page}: HTTP {response and response.status}"
        tab.wait_for_diagrams()
        if tab.problems():
            problems[page] = tab.problems()
    assert not problems, "\n".join(f"{p}: {msg}" for p, msgs in problems.items() for msg in msgs)


def test_every_mermaid_diagram_renders_an_svg(tab, site_url, html_dir):
    pages = [p for p in site_pages(html_dir)
             if 'class="mermaid"' in (html_dir / p).read_text(encoding="utf-8")]
    assert "checks/how-this-roadmap-is-checked.html" in pages  # hand-written diagrams only
    rendered = 0
    for page in pages:
        tab.page.goto(site_url + page)
        tab.wait_for_diagrams()
        diagrams = tab.page.locator("pre.mermaid")
        assert diagrams.count() == tab.page.locator("pre.mermaid > svg").count(), page
        errors = tab.page.locator('svg[aria-roledescription="error"]').count()
        assert errors == 0, f"{page}: {errors} mermaid diagram(s) failed to parse"
        rendered += diagrams.count()
    assert rendered >= len(pages)


def test_main_pages_have_no_serious_accessibility_violations(tab, site_url, main_pages):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report = []
    for name, page in main_pages.items():
        tab.page.goto(site_url + page)
        tab.wait_for_diagrams()
        violations = axe.run(tab.page).response["violations"]
        for violation in violations:
            if violation.get("impact") in SERIOUS:
                targets = [t for node in violation["nodes"][:5] for t in node["target"]]
                report.append(f"{name} ({page}): {violation['id']} [{violation['impact']}] "
                              f"{violation['help']}: {targets}")
    assert not report, "\n".join(report)


def test_main_pages_work_opened_from_disk(tab, html_dir, main_pages):
    pages = {**main_pages, "timeline": "views/timeline.html",
             "heat map": "views/risk-heatmap.html"}
    for name, page in pages.items():
        tab.reset()
        tab.page.goto((html_dir / page).resolve().as_uri())
        tab.wait_for_diagrams()
        assert not tab.problems(), f"{name} from disk: {tab.problems()}"
        assert tab.page.locator('svg[aria-roledescription="error"]').count() == 0
    # the explorer filters from disk too (its data is in the page, nothing is fetched)
    explorer = tab.page
    explorer.goto((html_dir / main_pages["explorer"]).resolve().as_uri() + "#type=phase")
    explorer.wait_for_selector("#roadmap-explorer[data-shown]")
    assert explorer.locator("#roadmap-explorer tbody tr:not([hidden])").count() >= 1
    assert explorer.get_attribute("#roadmap-explorer", "data-shown") == str(
        explorer.locator("#roadmap-explorer tbody tr:not([hidden])").count())


def test_review_screenshots(tab, site_url, screenshot_dir):
    """Pictures of the main views next to the build, for a human to look at."""
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 1500})  # the explorer's table too
    shots = {
        "landing.png": ("index.html", None),
        "timeline.png": ("views/timeline.html", ".roadmap-timeline"),
        "heatmap.png": ("views/risk-heatmap.html", ".roadmap-heatmap-view"),
        "explorer.png": ("views/explorer.html#type=milestone&phase=PH-1", None),
    }
    for name, (path, selector) in shots.items():
        page.goto(site_url + path)
        tab.wait_for_diagrams()
        target = screenshot_dir / name
        if selector:
            page.locator(selector).first.screenshot(path=str(target))
        else:
            page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000, name
