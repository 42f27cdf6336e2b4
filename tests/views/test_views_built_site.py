"""The views in the built site: every page that should show one does."""

from __future__ import annotations

import re
from pathlib import Path

from roadmap.graph import RoadmapGraph


def page(html_dir: Path, docname: str) -> str:
    return (html_dir / f"{docname}.html").read_text(encoding="utf-8")


def graphviz_objects(html: str) -> list[str]:
    return re.findall(r'<object role="img" aria-label="([^"]+)" data="[^"]*graphviz-', html)


def test_view_pages_hold_their_views(html_dir: Path, graph: RoadmapGraph) -> None:
    views = html_dir / "views"
    timeline = (views / "timeline.html").read_text(encoding="utf-8")
    assert '<figure class="roadmap-gantt"' in timeline
    # the chart is drawn at build time: no diagram script on the page
    assert 'class="mermaid"' not in timeline and "mermaid.min.js" not in timeline
    trace = graphviz_objects(page(html_dir, "views/traceability"))
    assert len(trace) == len(graph.of_type("workstream"))
    assert all(label.startswith("Traceability graph of") for label in trace)
    heat = page(html_dir, "views/risk-heatmap")
    assert heat.count('class="roadmap-heat ') == 25
    cells = re.findall(r'<td class="roadmap-heat [^"]*">(.*?)</td>', heat, re.S)
    placed = sum(cell.count("<li>") for cell in cells)
    assert placed == len([r for r in graph.of_type("risk")
                          if r.get("likelihood") and r.get("impact")])
    dashboard = page(html_dir, "views/dashboard")
    for table in ("roadmap-status", "roadmap-gates", "roadmap-kpis"):
        assert f"roadmap-table {table}" in dashboard, table
    # rule coverage is the traceability report's, not the progress dashboard's
    assert "roadmap-rules" not in dashboard
    assert "roadmap-table roadmap-rules" in page(html_dir, "checks/traceability-report")
    assert 'id="roadmap-explorer-data"' in page(html_dir, "views/explorer")


def test_program_phase_and_module_pages_embed_their_views(html_dir: Path,
                                                          graph: RoadmapGraph) -> None:
    assert '<figure class="roadmap-gantt"' in page(html_dir, "executive-roadmap")
    for phase in graph.of_type("phase"):
        assert phase.docname, phase.id
        assert 'roadmap-view roadmap-timeline' in page(html_dir, phase.docname), phase.docname
    for workstream in graph.of_type("workstream"):
        if workstream.docname.startswith("modules/"):
            html = page(html_dir, workstream.docname)
            assert graphviz_objects(html), workstream.docname


def test_no_view_page_mentions_plantuml(html_dir: Path) -> None:
    for path in (html_dir / "views").glob("*.html"):
        assert "PlantUML is not available" not in path.read_text(encoding="utf-8"), path


def test_the_register_page_shows_each_risk_once_and_links_the_other(
        html_dir: Path, graph: RoadmapGraph) -> None:
    """On the risk register page a risk's early warning and contingency are read in its
    entry, not again in the register tables, whose row for it is one line with its ID
    leading there. (The hand-written contingency overview of the high risks is a triage
    table the page keeps on purpose.)"""
    html = page(html_dir, "risk-management")
    registers = re.findall(r'<div class="[^"]*roadmap-risk-register[^"]*">(.*?)</table>',
                           html, re.S)
    assert len(registers) == 8
    assert not any("roadmap-prose" in table for table in registers)
    risks = [r for r in graph.of_type("risk") if r.docname == "risk-management"]
    assert len(risks) > 30
    for need in risks:
        assert html.count(f'id="{need.id}"') == 1
        assert sum(table.count(f'href="#{need.id}"') for table in registers) == 2
