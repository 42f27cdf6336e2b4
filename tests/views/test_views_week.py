"""The week pages: one per week of the horizon; each week's plan holds the milestones
due and in progress, the checkpoint, the gate decided, the risks that threaten the
week's milestones and the capacity rule's load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes

from roadmap.config import settings_from
from roadmap.graph import RoadmapGraph
from roadmap.load import usable_capacity, weekly_load
from roadmap.program_schedule import milestones_in_week
from roadmap.views import week as weekview

SETTINGS = settings_from({"roadmap_checkpoint_prefix": "MS-W"})


@pytest.fixture
def planned(make_graph, base_needs, milestone, need):
    role = need("RES-ROLE-A", "resource", "Role A", kind="role", capacity=2.0)
    tool = need("RES-TOOL-T", "resource", "Tool T", kind="tool")
    return make_graph(
        *base_needs, role, tool,
        need("QG-PH1", "gate", "Gate of PH-1", phase=["PH-1"], checks=[]),
        milestone("MS-A", 1, 2, effort=2.0, requires=["RES-ROLE-A", "RES-TOOL-T"]),
        milestone("MS-B", 2, 4, depends_on=("MS-A",), effort=3.0, requires=["RES-ROLE-A"]),
        milestone("MS-W02", 2, 2, depends_on=("MS-A",), title="Week 2 checkpoint"),
        milestone("MS-C", 5, 6, phase="PH-2"),
        need("RSK-HIGH", "risk", "High", likelihood=4, impact=4, threatens=["MS-B"],
             indicator="Watch the thing"),
        need("RSK-LOW", "risk", "Low", likelihood=1, impact=2, threatens=["MS-A", "MS-C"]),
        need("RSK-ELSE", "risk", "Elsewhere", likelihood=5, impact=5, threatens=["MS-C"]),
    )


def test_a_week_lists_what_is_due_in_progress_and_decided(planned):
    plan = weekview.week_plan(planned, SETTINGS, 2)
    assert [m.id for m in plan.due] == ["MS-A"]
    assert plan.checkpoint is not None and plan.checkpoint.id == "MS-W02"
    assert [m.id for m in plan.in_progress] == ["MS-B"]
    assert {m.id for m in plan.milestones} == {m.id for m in milestones_in_week(planned, 2)}
    assert [r.risk.id for r in plan.risks] == ["RSK-HIGH", "RSK-LOW"]  # by score
    assert [m.id for m in plan.risks[0].threatens] == ["MS-B"]
    assert plan.gates == () and plan.phase is not None and plan.phase.id == "PH-1"
    assert [t.id for t, _ in plan.tools] == ["RES-TOOL-T"]
    assert weekview.week_plan(planned, SETTINGS, 4).gates[0].id == "QG-PH1"


def test_the_load_is_the_capacity_rules(planned):
    plan = weekview.week_plan(planned, SETTINGS, 2)
    load = weekly_load(planned)
    (item,) = plan.load
    assert item.role.id == "RES-ROLE-A"
    assert item.load == pytest.approx(load["RES-ROLE-A"][2]) == pytest.approx(2.0)
    assert item.capacity == usable_capacity(item.role, 2, SETTINGS)


def test_week_dates_name_days_off_and_pauses():
    settings = settings_from({"roadmap_non_working": (
        ("2025-10-13", "2025-10-17", "Freeze"), ("2025-10-24", "2025-10-24", "Holiday"))})
    text = weekview.week_dates(settings, 2)
    assert text.startswith("Monday 20 Oct to Friday 24 Oct 2025")
    assert "4 working days (Holiday (24 Oct) off)" in text
    assert "The plan paused before this week: Freeze" in text


def test_the_week_view_draws_its_sections(planned, view_context):
    from roadmap.views import ViewArgs

    out = weekview.build_week(view_context(planned), ViewArgs("2"))
    ids = [c["ids"][0] for c in out[0].findall(nodes.container) if c["ids"]]
    assert ids == ["week-standing", "week-due", "week-active", "week-checkpoint", "week-risks",
                   "week-load"]
    text = out[0].astext()
    assert "Early warning: Watch the thing" in text and "16 critical" in text
    with pytest.raises(weekview.vn.ViewError):
        weekview.build_week(view_context(planned), ViewArgs("99"))


def test_there_is_exactly_one_page_per_week_of_the_horizon(repo_root: Path,
                                                         graph: RoadmapGraph) -> None:
    pages = sorted((repo_root / "weeks").glob("week-*.md"))
    assert [p.name for p in pages] == [f"week-{w:02d}.md" for w in range(1, graph.horizon + 1)]
    for page in pages:
        week = int(page.stem.split("-")[1])
        text = page.read_text(encoding="utf-8")
        assert re.findall(r"```\{roadmap-week\} (\d+)", text) == [str(week)], page.name
        assert text.startswith(f"# Week {week}\n"), page.name


def test_the_week_shows_the_days_the_plan_fixes(make_graph, base_needs, milestone, need,
                                                view_context):
    from roadmap.views import ViewArgs

    plan = make_graph(
        *base_needs,
        need("QG-PH1", "gate", "Gate of PH-1", phase=["PH-1"], checks=[], day="2025-10-31"),
        milestone("MS-A", 3, 4, day="2025-10-29/2025-10-30"))
    text = weekview.build_week(view_context(plan), ViewArgs("4"))[0].astext()
    assert "3\u20134, on Wednesday 29 to Thursday 30 October 2025" in text
    assert "Gate of PH-1, decided on Friday 31 October 2025." in text
    earlier = weekview.build_week(view_context(plan), ViewArgs("2"))[0].astext()
    assert "decided at the end of week 4 (Friday 31 October 2025)" in earlier
