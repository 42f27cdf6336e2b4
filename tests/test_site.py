"""The built site: the seed README's links, references, toctree, needs.json and
the offline guarantee."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from roadmap import summary
from roadmap.cli import run_checks
from roadmap.graph import RoadmapGraph, read_needs_json
from roadmap.rules import links, site

SEED = Path(__file__).parent / "data" / "roadmap-README.md"
# Utility pages: the index, the search page and sphinx-needs' permalink resolver.
NON_PAGES = {"genindex.html", "search.html", "permalink.html"}


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.sidebar_hrefs: list[str] = []
        self._sidebar_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        classes = (values.get("class") or "").split()
        if self._sidebar_depth or "sidebar-tree" in classes:
            self._sidebar_depth += 1
        if tag == "a" and values.get("href"):
            href = values["href"] or ""
            self.hrefs.append(href)
            if self._sidebar_depth:
                self.sidebar_hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._sidebar_depth:
            self._sidebar_depth -= 1


def _parse(page: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(html_dir: Path) -> list[Path]:
    return [p for p in sorted(html_dir.rglob("*.html"))
            if p.name not in NON_PAGES and "_static" not in p.parts
            and "_sources" not in p.parts]


def _resolve(html_dir: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def seed_links() -> list[str]:
    return re.findall(r"\]\((\./[^)]+)\)", SEED.read_text(encoding="utf-8"))


def test_seed_copy_matches_the_shared_seed(repo_root: Path) -> None:
    shared = repo_root.parent / "shared" / "seed" / "roadmap-README.md"
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout")
    assert SEED.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


@pytest.mark.parametrize("link", seed_links())
def test_every_seed_link_resolves_in_the_built_site(html_dir: Path, link: str) -> None:
    path, _, fragment = link.partition("#")
    relative = path.removeprefix("./")
    if relative.endswith("/"):
        built = html_dir / relative / "index.html"
    else:
        built = html_dir / (relative.removesuffix(".md") + ".html")
    assert built.is_file(), f"seed link {link} has no page {built}"
    if fragment:
        assert fragment in _parse(built).ids, f"seed link {link}: no anchor #{fragment}"


def test_landing_page_links_every_seed_target(html_dir: Path) -> None:
    landing = html_dir / "index.html"
    targets = {_resolve(html_dir, landing, h) for h in _parse(landing).hrefs}
    for link in seed_links():
        path, _, fragment = link.partition("#")
        relative = path.removeprefix("./")
        page = (html_dir / relative / "index.html" if relative.endswith("/")
                else html_dir / (relative.removesuffix(".md") + ".html")).resolve()
        assert (page, fragment) in targets, f"the landing page does not link {link}"


def test_every_internal_link_and_anchor_resolves(html_dir: Path) -> None:
    broken = []
    anchors: dict[Path, set[str]] = {}
    for page in _pages(html_dir):
        for href in _parse(page).hrefs:
            resolved = _resolve(html_dir, page, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{page.relative_to(html_dir)}: {href} (no file)")
                continue
            if fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = _parse(target).ids
                if fragment not in anchors[target]:
                    broken.append(f"{page.relative_to(html_dir)}: {href} (no anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_every_page_is_in_the_navigation(html_dir: Path) -> None:
    landing = html_dir / "index.html"
    in_nav = {landing.resolve()}
    for href in _parse(landing).sidebar_hrefs:
        resolved = _resolve(html_dir, landing, href)
        if resolved:
            in_nav.add(resolved[0])
    outside = [str(p.relative_to(html_dir)) for p in _pages(html_dir)
               if p.resolve() not in in_nav]
    assert not outside, f"pages outside the toctree: {outside}"


def test_no_resource_is_loaded_from_off_the_site(html_dir: Path) -> None:
    findings = [str(f) for r in site.check_built_site(html_dir) for f in r.findings]
    assert not findings, "\n".join(findings)


def test_every_link_in_needs_json_resolves(graph: RoadmapGraph) -> None:
    result = links.check_links(graph)
    assert result.checked == len(graph.needs) > 0
    assert not result.findings, "\n".join(str(f) for f in result.findings)


def test_needs_json_is_reproducible(needs_json_raw: dict) -> None:
    # needs_reproducible_json drops the build timestamp: two builds of the same
    # sources give the same file.
    assert "created" not in needs_json_raw
    current = needs_json_raw["versions"][needs_json_raw["current_version"]]
    assert "created" not in current


def test_report_page_shows_the_gates_numbers(html_dir: Path, project) -> None:
    _, results = run_checks(html_dir / "needs.json", project, with_sources=True)
    # the build writes the manifest the gate checks its export against: it is not a
    # rule of the build itself
    results = [r for r in results if r.rule.id != "GUARD-MANIFEST"]
    tally = summary.total(results)
    text = re.sub(r"\s+", " ", (html_dir / "checks" / "traceability-report.html")
                  .read_text(encoding="utf-8"))
    needs = read_needs_json(html_dir / "needs.json")
    assert f"All {len(results)} rules hold: {tally.checked} checks over {len(needs)} needs" in text
