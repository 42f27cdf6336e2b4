"""The capacity view: the same load as the capacity rule, per role and week."""

from __future__ import annotations

import re
from pathlib import Path

from roadmap.graph import Need, RoadmapGraph, build_graph
from roadmap.rules.consistency import weekly_load
from roadmap.views import render


def _href(need: Need) -> str:
    return f"#{need.id}"


def _tiny_graph() -> RoadmapGraph:
    needs = {
        "RES-ROLE-A": {"id": "RES-ROLE-A", "type": "resource", "title": "Role A",
                       "kind": "role", "capacity": 1.0},
        "RES-TOOL-T": {"id": "RES-TOOL-T", "type": "resource", "title": "Tool T",
                       "kind": "tool"},
        "MS-A-01": {"id": "MS-A-01", "type": "milestone", "title": "First", "start": 1,
                    "due": 2, "effort": 3.0, "requires": ["RES-ROLE-A", "RES-TOOL-T"]},
    }
    return build_graph(needs)


def test_week_ranges_merge_consecutive_weeks() -> None:
    assert render.week_ranges([7, 1, 2, 3, 3, 9, 10]) == "1-3, 7, 9-10"
    assert render.week_ranges([]) == ""


def test_capacity_table_marks_weeks_over_capacity() -> None:
    graph = _tiny_graph()
    load = weekly_load(graph)
    assert load["RES-ROLE-A"] == {1: 1.5, 2: 1.5}
    html = render.capacity_html([graph.needs["RES-ROLE-A"]], load, range(1, 4), _href,
                                "caption")
    assert html.count('class="roadmap-over"') == 2
    assert "1.5 (over)" in html
    assert 'class="roadmap-idle"' in html  # week 3 has nothing planned


def test_built_capacity_tables_match_the_rule(html_dir: Path, graph: RoadmapGraph) -> None:
    html = (html_dir / "resource-management.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="[^"]*roadmap-capacity.*?</table>', html, re.S)
    assert table, "resource-management has no generated load table"
    load = weekly_load(graph)
    for role in (r for r in graph.of_type("resource") if r.number("capacity") is not None):
        row = re.search(rf'href="#{role.id}"[^>]*>{role.id}</a>.*?</tr>', table.group(0), re.S)
        assert row, f"{role.id} has no row in the load table"
        total = sum(load.get(role.id, {}).get(w, 0.0) for w in range(1, 17))
        assert f"<td>{total:.2f}</td></tr>" in row.group(0)
    assert "roadmap-over" not in html
