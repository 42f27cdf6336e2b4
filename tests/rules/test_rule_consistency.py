"""CONS-*: metric direction and roll-up, high-risk mitigation lead time, capacity."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from minigraph import at, graph, only

from roadmap.metamodel import HIGH_RISK_THRESHOLD
from roadmap.rules import consistency


@pytest.mark.parametrize("check", [c for _, c in consistency.RULES],
                         ids=[r.id for r, _ in consistency.RULES])
def test_base_plan_passes(check) -> None:
    result = check(graph())
    assert result.ok, [str(f) for f in result.findings]


@pytest.mark.parametrize(("metric", "target", "direction"), [
    ("MET-A", -5, "increase"), ("MET-A", 0, "increase"), ("MET-B", 60, "decrease"),
    ("MET-B", 50, "decrease")])
def test_target_not_better_than_baseline(metric: str, target: int, direction: str) -> None:
    finding = only(consistency.check_metric_direction(graph({metric: {"target": target}})))
    assert finding.rule == "CONS-METRIC-DIRECTION"
    at(finding, metric)
    baseline = 0 if metric == "MET-A" else 50
    assert finding.message == (f"target {target} is not better than baseline {baseline} for "
                               f"direction '{direction}'")


def test_module_kpi_feeding_nothing() -> None:
    finding = only(consistency.check_metric_feeds(graph({"MET-B": {"feeds": None}})))
    assert finding.rule == "CONS-METRIC-FEEDS"
    at(finding, "MET-B")
    assert finding.message == "is a module KPI that feeds no program success metric"


def test_program_metric_feeding_another() -> None:
    finding = only(consistency.check_metric_feeds(graph({"MET-A": {"feeds": ["MET-B"]}})))
    at(finding, "MET-A")
    assert finding.message == "is a program metric but feeds MET-B"


def high_risk(**fields) -> dict:
    return {"likelihood": HIGH_RISK_THRESHOLD // 2, "impact": 2, **fields}


def test_threshold_is_the_one_the_page_states() -> None:
    assert HIGH_RISK_THRESHOLD == 10


def test_high_risk_mitigated_too_late() -> None:
    g = graph({"RSK-A": high_risk(threatens=["MS-A-01"], mitigated_by=["MS-A-02"])})
    finding = only(consistency.check_risk_mitigation(g))
    assert finding.rule == "CONS-RISK-MITIGATION"
    at(finding, "RSK-A")
    assert finding.message == ("scores 10 (high) but its earliest mitigation is due in week 8, "
                               "after week 4 when threatened work is due")


def test_threatened_phase_counts_with_its_end_week() -> None:
    g = graph({"RSK-A": high_risk(threatens=["PH-1"], mitigated_by=["MS-A-02"])})
    assert "after week 4 when" in only(consistency.check_risk_mitigation(g)).message
    g = graph({"RSK-A": high_risk(threatens=["PH-2"], mitigated_by=["MS-A-02"])})
    assert consistency.check_risk_mitigation(g).ok


def test_high_risk_without_mitigation() -> None:
    g = graph({"RSK-A": high_risk(mitigated_by=None)})
    finding = only(consistency.check_risk_mitigation(g))
    assert finding.message == "scores 10 (high) but has no mitigating milestone"


def test_low_risk_is_not_checked() -> None:
    g = graph({"RSK-A": {"likelihood": 3, "impact": 3, "threatens": ["MS-A-01"],
                         "mitigated_by": ["MS-A-02"]}})
    result = consistency.check_risk_mitigation(g)
    assert result.ok and result.checked == 0


def test_resource_over_capacity() -> None:
    finding = only(consistency.check_capacity(graph({"RES-ROLE-A": {"capacity": 0.5}})))
    assert finding.rule == "CONS-CAPACITY"
    at(finding, "RES-ROLE-A")
    weeks = ", ".join(f"week {w}: 1.00" for w in range(1, 9))
    assert finding.message == (f"planned above its capacity of 0.5 person-weeks per week "
                               f"({weeks})")


def test_effort_is_spread_over_weeks_and_capacity_bearing_resources() -> None:
    g = graph({"RES-ROLE-B": {"type": "resource", "kind": "role", "capacity": 1, "cost": 1},
               "MS-A-01": {"requires": ["RES-ROLE-A", "RES-ROLE-B", "RES-TOOL-A"],
                           "effort": 6, "start": 2, "due": 4}})
    load = consistency.weekly_load(g)
    assert dict(load["RES-ROLE-B"]) == {2: 1.0, 3: 1.0, 4: 1.0}
    assert dict(load["RES-ROLE-A"]) == {2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.0,
                                        8: 1.0}
    assert "RES-TOOL-A" not in load
    assert consistency.check_capacity(g).ok
    over = only(consistency.check_capacity(graph({
        "RES-ROLE-B": {"type": "resource", "kind": "role", "capacity": 1, "cost": 1},
        "MS-A-01": {"requires": ["RES-ROLE-A", "RES-ROLE-B"], "effort": 7, "start": 2,
                    "due": 4}})))
    at(over, "RES-ROLE-B")
    assert over.message.endswith("(week 2: 1.17, week 3: 1.17, week 4: 1.17)")
