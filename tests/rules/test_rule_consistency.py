"""CONS-*: metric direction and roll-up, high-risk mitigation lead time, capacity."""

from __future__ import annotations

import pytest
from minigraph import PROJECT, at, checks_of, graph, only, rule_ids, run_check

from roadmap.config import DEFAULTS, settings_from
from roadmap.load import CAPACITY_BY_WEEK, weekly_load
from roadmap.rules import consistency

HIGH_RISK_THRESHOLD = DEFAULTS.high_risk_threshold


@pytest.mark.parametrize("check", checks_of(consistency), ids=rule_ids(consistency))
def test_base_plan_passes(check) -> None:
    result = run_check(check, graph())
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
    assert HIGH_RISK_THRESHOLD == PROJECT.settings.high_risk_threshold == 10


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
                               f"at a focus factor of 0.8, 0.4 for milestones ({weeks})")


def test_effort_is_spread_over_weeks_and_capacity_bearing_resources() -> None:
    g = graph({"RES-ROLE-B": {"type": "resource", "kind": "role", "capacity": 1.25, "cost": 1},
               "MS-A-01": {"requires": ["RES-ROLE-A", "RES-ROLE-B", "RES-TOOL-A"],
                           "effort": 6, "start": 2, "due": 4}})
    load = weekly_load(g)
    assert dict(load["RES-ROLE-B"]) == {2: 1.0, 3: 1.0, 4: 1.0}
    assert dict(load["RES-ROLE-A"]) == {2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.0,
                                        8: 1.0}
    assert "RES-TOOL-A" not in load
    assert consistency.check_capacity(g).ok
    over = only(consistency.check_capacity(graph({
        "RES-ROLE-B": {"type": "resource", "kind": "role", "capacity": 1.25, "cost": 1},
        "MS-A-01": {"requires": ["RES-ROLE-A", "RES-ROLE-B"], "effort": 7, "start": 2,
                    "due": 4}})))
    at(over, "RES-ROLE-B")
    assert over.message.endswith("(week 2: 1.17, week 3: 1.17, week 4: 1.17)")


def test_a_short_week_is_one_with_fewer_working_days() -> None:
    """A scenario that lowers a role's capacity over some weeks (capacity_by_week) makes
    those weeks carry less, but they are full weeks: the finding says what the week may
    carry and why, and says "a short week" only for a week with fewer working days."""
    full = settings_from({"roadmap_focus_factor": 1.0})
    short = settings_from({"roadmap_focus_factor": 1.0, "roadmap_calendar_start": "2025-10-06",
                           "roadmap_non_working": (("2025-10-10", "2025-10-10", "Holiday"),)})
    g = graph({"MS-A-01": {"effort": 7}})
    g.needs["RES-ROLE-A"].fields[CAPACITY_BY_WEEK] = {1: 1.0, 2: 1.0}
    message = only(consistency.check_capacity(g, full)).message
    assert message.endswith("(week 1: 1.75 of 1.00 (capacity 1 that week), "
                            "week 2: 1.75 of 1.00 (capacity 1 that week))")
    assert "short week" not in message
    message = only(consistency.check_capacity(graph({"MS-A-01": {"effort": 7}}), short)).message
    assert message.endswith("(week 1: 1.75 of 1.60 (a short week))")


def test_the_focus_factor_scales_every_role_capacity() -> None:
    """At a focus factor of 0.75 a role of 2 may carry 1.5 per week for milestones: the
    base plan's 1.0 fits, a plan with 1.75 per week does not; at 1.0 (people doing nothing
    but milestone work) it would pass, and the default of 0.8 leaves 1.6."""
    focused = settings_from({"roadmap_focus_factor": 0.75})
    assert consistency.check_capacity(graph(), focused).ok
    busy = graph({"MS-A-01": {"effort": 7}})
    assert consistency.check_capacity(busy, settings_from({"roadmap_focus_factor": 1.0})).ok
    finding = only(consistency.check_capacity(busy, focused))
    assert finding.message.startswith("planned above its capacity of 2 person-weeks per week "
                                      "at a focus factor of 0.75, 1.5 for milestones "
                                      "(week 1: 1.75")
    assert "1.6 for milestones" in only(consistency.check_capacity(busy)).message


def test_high_risk_threshold_is_a_setting() -> None:
    """A threshold of 15 leaves a risk of score 10 without the lead-time check."""
    g = graph({"RSK-A": high_risk(threatens=["MS-A-01"], mitigated_by=["MS-A-02"])})
    assert not consistency.check_risk_mitigation(g).ok
    assert consistency.check_risk_mitigation(
        g, settings_from({"roadmap_high_risk_threshold": 15})).ok


def test_a_kpi_delivered_after_the_gate_it_feeds() -> None:
    g = graph({"MET-B": {"measures": ["MS-A-02"]}, "QG-1": {"checks": ["MET-A"]},
               "QG-2": {"checks": ["MET-B"]}})
    finding = only(consistency.check_kpi_timing(g))
    assert finding.rule == "CONS-KPI-TIMING"
    at(finding, "MET-B")
    assert finding.message == ("reaches its target in week 8, after QG-1 decides MET-A in week "
                               "4: it cannot move that metric in time")


@pytest.mark.parametrize(("risk", "message"), [
    ({"fires_above": None}, "needs exactly one of fires_above and fires_below for its early "
                            "warning on MET-B, so the indicator can be evaluated"),
    ({"fires_above": None, "fires_below": 30},
     "fires below 30 on MET-B, whose better values lie below the baseline: a good value "
     "would fire it"),
    ({"fires_above": 10}, "fires at 10, on the good side of MET-B's target 20: meeting the "
                          "target would fire it"),
    ({"watched_by": ["MET-A"], "fires_above": None, "fires_below": -5},
     "can never fire: -5 is outside 0-100 %"),
    ({"watched_by": ["RES-ROLE-A"], "fires_above": 2},
     "fires above a load of 2 on RES-ROLE-A, which can never be planned: the build fails "
     "above its capacity of 2"),
    ({"watched_by": ["RES-ROLE-A"], "fires_above": None},
     "is watched by the load of RES-ROLE-A but has no fires_above below its capacity of 2"),
])
def test_risk_indicators_that_can_never_fire(risk: dict, message: str) -> None:
    finding = only(consistency.check_risk_indicator(graph({"RSK-A": risk})))
    assert finding.rule == "CONS-RISK-INDICATOR"
    at(finding, "RSK-A")
    assert finding.message == message


def test_a_threshold_at_the_target_does_not_fire_on_target() -> None:
    assert consistency.check_risk_indicator(graph({"RSK-A": {"fires_above": 20}})).ok
    assert consistency.check_risk_indicator(graph({"RSK-A": {
        "watched_by": ["RES-ROLE-A"], "fires_above": 1.5}})).ok
