"""The settings against the plan (CONS-CALENDAR, CONS-BASELINE) and each setting of a
wrong type named as one SettingsError, not an extension error."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from minigraph import graph, plan

from roadmap.config import SettingsError, setting_line, settings_from
from roadmap.inputs import from_conf
from roadmap.rules.settings_fit import check_baseline, check_calendar
from roadmap.tracking.baseline import Plan, baseline_document, foreign_baseline

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("risk_bands", "high", "must be pairs of a band name"),
    ("risk_bands", (("low", "1"),), "must be pairs of a band name"),
    ("capacity_headroom", "0.1", "must be a number at least 0 and below 1"),
    ("capacity_headroom", None, "must be a number"),
    ("non_working", "2025-12-22", "must be (first day, last day, name) triples"),
    ("non_working", ((1, 2, 3),), "must be (first day, last day, name) triples"),
    ("calendar_start", 20251006, "must be a text on one line"),
    ("checkpoint_prefix", ["MS-"], "must be a text on one line"),
    ("baseline", {"path": "x"}, "must be a text on one line"),
    ("as_of", "6", "must be a whole number from 0 to 10000"),
    ("high_risk_threshold", 10.5, "must be a whole number from 1 to 25"),
    ("site_url", "https://x.example/\n[needs]", "must be an http(s) address without"),
    ("site_url", 'https://x.example/"onload="', "must be an http(s) address without"),
])
def test_a_setting_of_the_wrong_type_is_named(name: str, value: Any, expected: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(expected)) as caught:
        settings_from({f"roadmap_{name}": value})
    assert caught.value.setting == name


def test_a_setting_is_found_at_its_line() -> None:
    assert setting_line(ROOT / "conf.py", "non_working") == next(
        n for n, line in enumerate((ROOT / "conf.py").read_text().splitlines(), 1)
        if line.startswith("roadmap_non_working"))


def test_a_calendar_without_the_plans_weeks_is_named_at_conf_py() -> None:
    project = from_conf(ROOT)
    whole = settings_from({"roadmap_non_working": (("2025-10-06", "2035-12-31", "Freeze"),)})
    short = settings_from({"roadmap_non_working": (("2025-10-20", "2035-12-31", "Freeze"),)})
    for settings, have in ((whole, "has no program week at all"),
                           (short, "has only 2 program weeks")):
        result = check_calendar(graph(), dataclasses.replace(project, settings=settings))
        (finding,) = result.findings
        assert have in finding.message and "the plan runs to week" in finding.message
        assert finding.file.endswith("conf.py") and finding.line == setting_line(
            ROOT / "conf.py", "non_working")
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
