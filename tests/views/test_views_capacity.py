"""The capacity view: the same load as the capacity rule, per role and week."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

from roadmap.graph import RoadmapGraph
from roadmap.load import weekly_load
from roadmap.program_schedule import week_ranges
from roadmap.render import fmt_number as vn_number
from roadmap.views import capacity


def _tiny_graph(make_graph) -> RoadmapGraph:
    needs = {
        "RES-ROLE-A": {"id": "RES-ROLE-A", "type": "resource", "title": "Role A",
                       "kind": "role", "capacity": 1.0},
        "RES-TOOL-T": {"id": "RES-TOOL-T", "type": "resource", "title": "Tool T",
                       "kind": "tool"},
        "MS-A-01": {"id": "MS-A-01", "type": "milestone", "title": "First", "start": 1,
                    "due": 2, "effort": 3.0, "requires": ["RES-ROLE-A", "RES-TOOL-T"]},
    }
    return make_graph(*needs.values())


def test_week_ranges_merge_consecutive_weeks() -> None:
    assert week_ranges([7, 1, 2, 3, 3, 9, 10]) == "1-3, 7, 9-10"
    assert week_ranges([]) == ""


def test_capacity_table_marks_weeks_over_capacity(make_graph, view_context) -> None:
    graph = _tiny_graph(make_graph)
    load = weekly_load(graph)
    assert load["RES-ROLE-A"] == {1: 1.5, 2: 1.5}
    table = capacity.capacity_table(view_context(graph), [graph.needs["RES-ROLE-A"]], load,
                                    range(1, 4), "caption")
    cells = list(table.findall(nodes.entry))
    assert [c.astext() for c in cells if "roadmap-over" in c["classes"]] == ["1.5 (over)"] * 2
    assert [c.astext() for c in cells if "roadmap-idle" in c["classes"]] == ["\u00b7"]


def test_built_capacity_tables_match_the_rule(html_dir: Path, graph: RoadmapGraph) -> None:
    html = (html_dir / "resource-management.html").read_text(encoding="utf-8")
    table = re.search(r'<table[^>]*roadmap-capacity.*?</table>', html, re.S)
    assert table, "resource-management has no generated load table"
    load = weekly_load(graph)
    for role in (r for r in graph.of_type("resource") if r.number("capacity") is not None):
        row = re.search(rf'href="#{role.id}"[^>]*>{role.id}</a>.*?</tr>', table.group(0), re.S)
        assert row, f"{role.id} has no row in the load table"
        total = sum(load.get(role.id, {}).get(w, 0.0) for w in range(1, 17))
        cells = re.findall(r"<td[^>]*>(?:<p>)?([^<]*)(?:</p>)?</td>", row.group(0))
        assert cells[-1] == f"{total:.2f}", (role.id, cells[-1])
    assert "roadmap-over" not in html


def test_a_capacity_by_week_is_shown_and_judged_in_its_weeks(make_graph, view_context
                                                             ) -> None:
    graph = _tiny_graph(make_graph)
    role = graph.needs["RES-ROLE-A"]
    role.fields["capacity"] = 2.0
    role.fields["capacity_weeks"] = ["1@1-1"]
    table = capacity.capacity_table(view_context(graph), [role], weekly_load(graph),
                                    range(1, 3), "caption")
    cells = [c.astext() for c in table.findall(nodes.entry)]
    focus = view_context(graph).settings.focus_factor
    assert any(t.endswith(f"; 1 ({focus:g} for milestones) in weeks\u00a01\u20111") for t in cells)
    # 1.5 a week: over the one person-week of week 1, within the two of week 2
    over = [c.astext() for c in table.findall(nodes.entry) if "roadmap-over" in c["classes"]]
    assert over == ["1.5 (over)"]


def test_a_table_names_only_the_stated_weeks_it_shows(make_graph, view_context) -> None:
    """A table of weeks 2-3 does not repeat a capacity the role states for week 1 only:
    the weeks 1-16 table of the real site no longer lists the SRE's weeks 17-26."""
    graph = _tiny_graph(make_graph)
    role = graph.needs["RES-ROLE-A"]
    role.fields["capacity"] = 2.0
    role.fields["capacity_weeks"] = ["1@1-1"]
    ctx = view_context(graph)

    def capacity_cell(weeks: range) -> str:
        table = capacity.capacity_table(ctx, [role], weekly_load(graph), weeks, "caption")
        # the header row (role, capacity, the weeks, total), then the role's name
        return [c.astext() for c in table.findall(nodes.entry)][len(weeks) + 4]

    milestones = vn_number(2 * ctx.settings.focus_factor)
    assert capacity_cell(range(2, 4)) == f"2 ({milestones} for milestones)"
    assert "in weeks\u00a01\u20111" in capacity_cell(range(1, 4))
