"""Every page of the built site in a real browser, at a desktop width (1400 px) and a
phone width (390 px), each page visited once per width (the ``sweep`` fixture):
offline, no console error, mermaid renders, no table hiding columns at desktop width,
no page wider than a phone, no need ID over two lines, no title cut with "...", no
chart text over another or outside its chart, week pages that list what needs.json
says; plus the search, the page weight of the timeline, pages from disk, print, and
no serious accessibility violation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from roadmap.graph import RoadmapGraph

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
TIMELINE = "views/timeline.html"
MAX_TIMELINE_BYTES = 600 * 1024


def report(visits: dict[str, Any], key: str) -> dict[str, Any]:
    """Page -> the non-empty value of a probe key."""
    return {page: v.probe[key] for page, v in visits.items() if v.probe[key]}


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
        "phase": page_of("PH-1"),  # with the phase's risk register
        "module": page_of("WS-SECURITY"),
        "explorer": "views/explorer.html",
        "report": "checks/traceability-report.html",
        "timeline": TIMELINE,
        "week": "weeks/week-06.html",
        "dashboard": "views/dashboard.html",
    }
    missing = [p for p in pages.values() if not (html_dir / p).is_file()]
    assert not missing, f"main pages missing from the build: {missing}"
    return pages


def test_every_page_loads_offline_without_console_errors(sweep):
    for width, visits in sweep.items():
        assert len(visits) > 60, width
        bad = {p: f"HTTP {v.status}" for p, v in visits.items() if v.status != 200}
        bad.update({p: "; ".join(v.problems) for p, v in visits.items() if v.problems})
        assert not bad, f"{width}:\n" + "\n".join(f"{p}: {m}" for p, m in bad.items())


def test_hand_written_mermaid_diagrams_render_and_nothing_else_loads_mermaid(sweep, html_dir):
    visits = sweep["desktop"]
    with_mermaid = {p for p, v in visits.items() if v.probe["mermaid"]["diagrams"]}
    assert "checks/how-this-roadmap-is-checked.html" in with_mermaid
    for page in with_mermaid:
        counts = visits[page].probe["mermaid"]
        assert counts["rendered"] == counts["diagrams"] and counts["errors"] == 0, page
    loading = {p for p in visits
               if "mermaid.min.js" in (html_dir / p).read_text(encoding="utf-8")}
    assert loading == with_mermaid


def test_no_table_hides_columns_at_desktop_width(sweep):
    clipped = report(sweep["desktop"], "clipped")
    assert not clipped, "\n".join(f"{p}: {t}" for p, ts in clipped.items() for t in ts)


def test_no_page_is_wider_than_a_phone(sweep):
    wide = {p: v.probe["pageWidth"] for p, v in sweep["phone"].items()
            if v.probe["pageWidth"] > v.probe["viewport"]}
    assert not wide


def test_no_need_box_is_wider_than_a_phone(sweep):
    wide = report(sweep["phone"], "wideNeeds")
    assert not wide, {p: ids[:5] for p, ids in wide.items()}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_text_stays_inside_its_table_cell(sweep, width):
    spilled = report(sweep[width], "overflowingCells")
    assert not spilled, {p: cells[:4] for p, cells in spilled.items()}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_headings_break_between_words(sweep, width):
    broken = report(sweep[width], "brokenWords")
    assert not broken, broken


def test_a_table_that_scrolls_sideways_says_so_and_keeps_its_caption(sweep):
    uncued = report(sweep["phone"], "uncuedScroll")
    assert not uncued, {p: boxes[:3] for p, boxes in uncued.items()}
    cut = {**report(sweep["phone"], "cutCaptions"), **report(sweep["desktop"], "cutCaptions")}
    assert not cut, cut


# the tables read most on a phone: week pages, module milestone tables, the explorer
KEY_TABLES = {"weeks/week-06.html": "roadmap-week-milestones",
              "modules/security-roadmap.html": "NEEDS_DATATABLES",
              "views/explorer.html": "rx-table"}


def test_key_tables_read_as_cards_on_a_phone(sweep):
    """Each row a card with its column names, in a box that does not scroll."""
    for page, kind in KEY_TABLES.items():
        cards = [c for c in sweep["phone"][page].probe["cards"] if kind in c["classes"]]
        assert cards, f"{page}: no {kind} table as cards"
        for card in cards:
            assert card["display"] == "block" and card["labelled"] and not card["scrolls"], (
                page, card)
    desktop = [c for v in sweep["desktop"].values() for c in v.probe["cards"]]
    assert desktop and all(c["display"] == "table" for c in desktop)


def test_no_card_shows_a_column_name_without_a_value(sweep):
    """A phone card leaves out a field the need does not have: no "Depends on:" alone."""
    blank = {page: sorted({name for card in visit.probe["cards"] for name in card["blank"]})
             for page, visit in sweep["phone"].items()}
    assert {page: names for page, names in blank.items() if names} == {}


def test_controls_are_at_least_24_px(sweep):
    small = {**report(sweep["desktop"], "smallTargets"), **report(sweep["phone"], "smallTargets")}
    assert not small, {p: t[:4] for p, t in small.items()}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_nothing_floating_covers_text(sweep, width):
    covered = report(sweep[width], "coveredText")
    assert not covered, covered


def test_every_page_has_a_description(sweep):
    missing = [p for p, v in sweep["desktop"].items() if len(v.probe["description"]) < 20]
    assert not missing, missing


def test_every_page_has_the_same_frame(sweep):
    """No layout jump between a prose page and a wide one: the navigation ends at the
    same place and "On this page" is shown or folded alike."""
    for width, visits in sweep.items():
        frames = {(v.probe["frame"]["sidebarRight"], v.probe["frame"]["tocShown"],
                   v.probe["frame"]["contentLeft"]) for v in visits.values()
                  if v.probe["frame"]}
        assert len(frames) == 1, (width, frames)


def test_chart_links_are_named_by_what_they_show(sweep):
    wrong = report(sweep["desktop"], "weekLinks")
    assert not wrong, {p: links[:3] for p, links in wrong.items()}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_graph_text_is_at_least_12_px(sweep, width):
    small = report(sweep[width], "smallGraphText")
    assert not small, small


def test_week_pages_count_what_they_show(sweep):
    wrong = {p: v.probe["counts"] for p, v in sweep["desktop"].items() if v.probe["counts"]}
    assert not wrong, wrong


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_no_need_id_runs_over_two_lines(sweep, width):
    wrapped = report(sweep[width], "wrappedIds")
    assert not wrapped, {p: ids[:5] for p, ids in wrapped.items()}


def test_no_need_title_is_cut(sweep):
    cut = report(sweep["desktop"], "cutTitles")
    assert not cut, {p: t[:3] for p, t in cut.items()}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_chart_labels_never_overlap_or_leave_their_chart(sweep, width):
    charts = report(sweep[width], "charts")
    assert TIMELINE in charts and "executive-roadmap.html" in charts
    for page, found in charts.items():
        for chart in found:
            assert chart["texts"] > 20, page
            assert chart["overlaps"] == [], (page, chart["overlaps"])
            assert chart["outside"] == [], (page, chart["outside"])


def test_each_week_page_lists_its_active_milestones_and_their_risks(sweep, graph, needs):
    weeks = {p: v.probe["week"] for p, v in sweep["desktop"].items() if v.probe["week"]}
    assert len(weeks) == graph.horizon
    for page, listed in weeks.items():
        week = int(re.search(r"week-(\d+)\.html$", page).group(1))
        active = {i for i, n in needs.items() if n["type"] == "milestone"
                  and n["start"] <= week <= n["due"]}
        shown = [*listed["due"], *listed["checkpoint"], *listed["active"]]
        assert sorted(shown) == sorted(active), page
        due = {i for i in active if needs[i]["due"] == week}
        assert set(listed["due"]) | set(listed["checkpoint"]) == due, page
        risks = {i for i, n in needs.items() if n["type"] == "risk"
                 and active.intersection(n.get("threatens") or [])}
        assert sorted(listed["risks"]) == sorted(risks), page


def test_timeline_page_weighs_under_600_kb(sweep):
    weight = sweep["desktop"][TIMELINE].probe["weight"]
    print(f"timeline page weight: {weight} bytes")
    assert 0 < weight < MAX_TIMELINE_BYTES


def search_ids(graph: RoadmapGraph) -> list[str]:
    """The first need of each type, and IDs that look alike (PH-2, QG-PH2)."""
    first = {}
    for need in sorted(graph.needs.values(), key=lambda n: n.id):
        first.setdefault(need.type, need.id)
    return sorted({*first.values(), "PH-2", "QG-PH2", "MS-SEC-05", "MS-PGM-W06"})


def test_searching_an_id_brings_its_defining_page_first(tab, site_url, graph):
    wrong = {}
    for need_id in search_ids(graph):
        tab.page.goto(f"{site_url}search.html?q={need_id}")
        first = tab.page.locator("#search-results ul.search li a").first
        first.wait_for(timeout=20_000)
        href = first.get_attribute("href") or ""
        expected = f"{graph.needs[need_id].docname}.html#{need_id}"
        if not href.endswith(expected):
            wrong[need_id] = href
    assert not wrong


MAX_SEARCH_BYTES = 1024 * 1024
RESULT_LINKS = "#search-results ul.search li > a"


def _search(tab, site_url: str, query: str) -> tuple[list[str], list[str], int]:
    """Search as a reader does: the result links, their texts, and the bytes the page
    and everything it fetched weighed; every request is recorded."""
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    tab.page.goto(f"{site_url}search.html?q={query}")
    tab.page.locator("#search-results .search-summary").filter(has_text="Found").wait_for()
    links = tab.page.locator(RESULT_LINKS)
    weight = tab.page.evaluate("""() => performance.getEntries()
        .filter(e => e.entryType === 'navigation' || e.entryType === 'resource')
        .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)""")
    pages = [u for u in requested if u.split("?")[0].endswith(".html")]
    assert [u.split("?")[0] for u in pages] == [f"{site_url}search.html"], pages[:5]
    return ([h or "" for h in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")],
            links.all_inner_texts(), weight)


def test_a_search_costs_under_1_mb_and_fetches_no_result_page(fresh_tabs, site_url):
    for query in ("MS-SEC-05", "key rotation", "latency"):
        _, texts, weight = _search(fresh_tabs(), site_url, query)
        print(f"search {query!r}: {len(texts)} results, {weight} bytes")
        assert texts and weight < MAX_SEARCH_BYTES, (query, weight)


def test_a_title_match_comes_first_and_every_result_shows_its_title(tab, site_url, graph,
                                                                       html_dir):
    need = graph.needs["MS-SEC-05"]
    hrefs, texts, _ = _search(tab, site_url, "key rotation")
    assert hrefs[0].endswith(f"{need.docname}.html#MS-SEC-05")
    assert texts[0] == f"MS-SEC-05 \u2014 {need.title}"
    # a whole ID: its need, then only pages that name it ("ms" in "VMs" is no match)
    hrefs, texts, _ = _search(tab, site_url, "MS-SEC-05")
    assert texts[0].startswith("MS-SEC-05 \u2014 ")
    pages = {h.split("#")[0] for h in hrefs[1:]}
    assert pages and all("MS-SEC-05" in (html_dir / p).read_text(encoding="utf-8")
                         for p in pages), pages
    assert hrefs[1].startswith(f"{need.docname}.html")  # its own page first


def test_main_pages_have_no_serious_accessibility_violations(tab, site_url, main_pages):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for name, page in main_pages.items():
        tab.page.goto(site_url + page)
        for violation in axe.run(tab.page).response["violations"]:
            if violation.get("impact") in SERIOUS:
                targets = [t for node in violation["nodes"][:5] for t in node["target"]]
                found.append(f"{name} ({page}): {violation['id']} [{violation['impact']}] "
                             f"{violation['help']}: {targets}")
    assert not found, "\n".join(found)


def test_main_pages_work_opened_from_disk(tab, html_dir, main_pages):
    for name, page in {**main_pages, "heat map": "views/risk-heatmap.html",
                       "risk register": "risk-management.html"}.items():
        tab.reset()
        tab.page.goto((html_dir / page).resolve().as_uri())
        if tab.page.locator("pre.mermaid").count():
            tab.wait_for_diagrams()
        assert not tab.problems(), f"{name} from disk: {tab.problems()}"
    tab.page.goto((html_dir / main_pages["timeline"]).resolve().as_uri())
    assert tab.page.locator("figure.roadmap-gantt svg.gantt-bars rect.bar").count() > 40
    # the explorer filters from disk too (its data is in the page, nothing is fetched)
    explorer = tab.page
    explorer.goto((html_dir / main_pages["explorer"]).resolve().as_uri() + "#type=phase")
    explorer.wait_for_selector("#roadmap-explorer[data-shown]")
    assert explorer.get_attribute("#roadmap-explorer", "data-shown") == str(
        explorer.locator("#roadmap-explorer tbody tr:not([hidden])").count())


def test_permalink_redirects_from_disk(tab, html_dir, graph):
    target = graph.needs["MS-SEC-05"]
    tab.page.goto((html_dir / "permalink.html").resolve().as_uri() + "?id=MS-SEC-05")
    tab.page.wait_for_url(re.compile(rf"{re.escape(target.docname)}\.html#MS-SEC-05$"))
    tab.page.goto((html_dir / "permalink.html").resolve().as_uri() + "?id=NOPE-1")
    assert "No need has the ID NOPE-1" in tab.page.locator("#roadmap-permalink-note").inner_text()
    assert not tab.problems()


def _pdf(tab, url: str, path: Path) -> tuple[str, list[str], list[float]]:
    """Print a page to PDF as Chromium does; its text, its page sizes and the heights of
    its words (about their font size, in points)."""
    tab.page.goto(url)
    tab.page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+)", info)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    heights = [float(b) - float(a) for a, b in
               re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', boxes)]
    return text, sizes, heights


def is_a4(size: str, landscape: bool | None = None) -> bool:
    """``595 x 842`` (points, within a point) upright, or turned."""
    width, height = (float(v) for v in size.split(" x "))
    upright = abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5
    turned = abs(width - 841.9) < 1.5 and abs(height - 595.3) < 1.5
    return {None: upright or turned, True: turned, False: upright}[landscape]


CHROME = ("Skip to content", "Back to top", "Implementation guides", "Toggle site navigation")


def test_executive_roadmap_and_a_week_print_legibly_on_a4(tab, site_url, screenshot_dir):
    text, sizes, heights = _pdf(tab, site_url + "weeks/week-06.html",
                                screenshot_dir / "week-06.pdf")
    assert "MS-PGM-W06" in text and "Early warning" in text and "Who is busy" in text
    assert not [c for c in CHROME if c.lower() in text.lower()]
    assert all(is_a4(size) for size in sizes), sizes
    assert sorted(heights)[len(heights) // 2] >= 7, "body text under 7 pt"
    text, sizes, heights = _pdf(tab, site_url + "executive-roadmap.html",
                                screenshot_dir / "executive-roadmap.pdf")
    assert "Executive Roadmap" in text and "Weekly checkpoints" in text  # the chart's text
    assert not [c for c in CHROME if c.lower() in text.lower()]
    assert all(is_a4(size) for size in sizes), sizes
    assert any(is_a4(size, landscape=True) for size in sizes), "the timeline prints landscape"
    assert min(heights) >= 4.5 and sorted(heights)[len(heights) // 2] >= 7


def _page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_every_printed_page_with_bars_carries_the_axis_and_lane_labels(
        tab, site_url, screenshot_dir, graph):
    """The timeline on paper: every page that shows bars shows the week axis and the
    label of the workstream its rows belong to, turned to landscape, and says so; and
    no landscape page is wasted: there are as many as the chart has printed pages, each
    with bars (the "Now" line once stood alone on the page before the chart's first)."""
    for page, name in ((TIMELINE, "timeline"), (f"{graph.needs['PH-2'].docname}.html", "phase")):
        path = screenshot_dir / f"{name}-print.pdf"
        _, sizes, _ = _pdf(tab, site_url + page, path)
        chart_pages = tab.page.locator(".roadmap-gantt-print .roadmap-gantt-page").count()
        pages = _page_texts(path)
        with_bars = [i for i, text in enumerate(pages)
                     if re.search(r"\bMS-[A-Z]+-\d+\b", text) and "Milestone" in text
                     and re.search(r"\bW\d+\b", text)]
        assert with_bars, name
        landscape = [i for i, size in enumerate(sizes) if is_a4(size, landscape=True)]
        assert len(landscape) == chart_pages, (name, len(landscape), chart_pages)
        assert set(landscape) <= set(with_bars), (name, "a landscape page without bars",
                                                  sorted(set(landscape) - set(with_bars)))
        assert "Now:" in pages[landscape[0]], (name, "the now line is not on the first chart page")
        for index, text in enumerate(pages):
            # a chart row's label: an ID at the start of a line, then its title
            ids = re.findall(r"^\s*(MS-[A-Z]+-[A-Z0-9]+) +[A-Z][a-z]", text, re.MULTILINE)
            if not ids:
                continue
            assert index in with_bars, (name, index + 1, "bars without the week axis")
            assert re.search(r"\(WS-[A-Z]+\)", text), (name, index + 1, "no lane label")
            assert is_a4(sizes[index], landscape=True), (name, index + 1, sizes[index])
        assert "every page repeats the week axis" in " ".join(" ".join(pages).split())
    if shutil.which("pdftoppm"):  # the printed pages, for review
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(screenshot_dir / "timeline-print.pdf"),
                        str(screenshot_dir / "timeline-print-page")], check=True)
    # and the print layout as a desktop and a phone browser lay it out, for review
    for width, pixels in (("desktop", 1400), ("phone", 390)):
        tab.page.set_viewport_size({"width": pixels, "height": 900})
        tab.page.emulate_media(media="print")
        tab.page.goto(site_url + TIMELINE)
        tab.page.locator(".roadmap-gantt-print").first.scroll_into_view_if_needed()
        tab.page.screenshot(path=str(screenshot_dir / f"timeline-print-{width}.png"))
    tab.page.emulate_media(media="screen")


def test_print_shows_what_the_screen_folds(tab, site_url, screenshot_dir):
    tab.page.goto(site_url + "status/index.html")
    folded = tab.page.locator("details.roadmap-details").first
    assert folded.get_attribute("open") is None  # folded on the screen
    inside = folded.locator("caption").first.inner_text(timeout=5_000) if folded.locator(
        "caption").count() else folded.locator("td").first.text_content()
    text, _, _ = _pdf(tab, site_url + "status/index.html", screenshot_dir / "status-print.pdf")
    assert " ".join(inside.split())[:40] in " ".join(text.split())
    tab.page.goto(site_url + "status/index.html")
    assert folded.get_attribute("open") is None  # and folded again after printing


LUMINANCE = """(color) => {
  const [r, g, b] = color.match(/[\\d.]+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


def test_dark_mode_darkens_charts_and_legend_icons(tab, site_url):
    """In the reader's dark mode the timeline, its legend icons and the graphs are dark
    panels with light text, not white ones."""
    tab.page.emulate_media(color_scheme="dark")
    try:
        tab.page.goto(site_url + TIMELINE)
        shade = tab.page.evaluate(f"""() => {{
            const lum = {LUMINANCE};
            const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
            return {{
              panel: lum(css(".roadmap-gantt-scroll", "backgroundColor")),
              lane: lum(css(".roadmap-gantt svg .lane-band", "fill")),
              text: lum(css(".roadmap-gantt svg text.title", "fill")),
              legend: lum(css("ul.roadmap-gantt-legend svg", "backgroundColor")),
            }};
        }}""")
        assert shade["panel"] < 0.2 and shade["lane"] < 0.25 and shade["legend"] < 0.2, shade
        assert shade["text"] > 0.7, shade
        tab.page.goto(site_url + "views/traceability.html")
        graph_filter = tab.page.evaluate(
            "getComputedStyle(document.querySelector('object.graphviz')).filter")
        assert "invert" in graph_filter
    finally:
        tab.page.emulate_media(color_scheme="light")


def test_the_downloads_page_offers_the_pdf(tab, site_url):
    tab.page.goto(site_url + "downloads.html")
    link = tab.page.locator('a.roadmap-download[href$="novacron-roadmap.pdf"]')
    assert link.count() == 1
    response = tab.page.request.get(site_url + "exports/novacron-roadmap.pdf")
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
