"""The settings against the plan: every planned week in the calendar (CONS-CALENDAR), a
baseline of this plan (CONS-BASELINE). A setting of the wrong type is test_settings'."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from minigraph import graph, plan

from roadmap.config import assignment_line, settings_from
from roadmap.inputs import from_conf
from roadmap.rules.settings_fit import check_baseline, check_calendar
from roadmap.tracking.baseline import Plan, baseline_document, foreign_baseline

ROOT = Path(__file__).resolve().parents[2]


def test_a_calendar_without_the_plans_weeks_is_named_at_conf_py() -> None:
    project = from_conf(ROOT)
    whole = settings_from({"roadmap_non_working": (("2025-10-06", "2035-12-31", "Freeze"),)})
    short = settings_from({"roadmap_non_working": (("2025-10-20", "2035-12-31", "Freeze"),)})
    for settings, have in ((whole, "has no program week at all"),
                           (short, "has only 2 program weeks")):
        result = check_calendar(graph(), dataclasses.replace(project, settings=settings))
        (finding,) = result.findings
        assert have in finding.message and "the plan runs to week" in finding.message
        assert finding.file.endswith("conf.py") and finding.line == assignment_line(
            ROOT / "conf.py", "roadmap_non_working")
    assert check_calendar(graph(), project).findings == []


def test_a_baseline_of_another_plan_is_named(tmp_path: Path) -> None:
    project = from_conf(ROOT)
    other = {f"MS-OTHER-{n:02d}": {"type": "milestone", "title": "x"} for n in range(6)}
    path = tmp_path / "approved.json"
    path.write_text(json.dumps(baseline_document(other, "2025-10-03", "Sponsor")),
                    encoding="utf-8")
    project = dataclasses.replace(project, root=tmp_path, settings=dataclasses.replace(
        project.settings, baseline="approved.json"))
    (finding,) = check_baseline(graph(), project).findings
    assert "shares only 0 of its 6 needs with the plan" in finding.message
    ours = {need_id: {"type": need["type"]} for need_id, need in plan().items()}
    path.write_text(json.dumps(baseline_document(ours, "2025-10-03", "Sponsor")),
                    encoding="utf-8")
    assert check_baseline(graph(), project).findings == []


def test_a_baseline_of_another_project_is_named() -> None:
    base = Plan({"MS-A": {}}, "base.json", project="Other Program")
    head = Plan({"MS-A": {}}, "needs.json", project="NovaCron Implementation Roadmap")
    assert "is the plan of 'Other Program'" in str(foreign_baseline(base, head))
    assert foreign_baseline(Plan({"MS-A": {}}, "b"), Plan({"MS-A": {}}, "h")) is None
