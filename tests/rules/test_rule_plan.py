"""CONS-TYPES-PRESENT, CONS-EFFORT, CONS-UNIT-RANGE, CONS-GATE-PHASE and
SCHED-WINDOW-ORDER: the silent passes of issue 11, each broken one way at a time."""

from __future__ import annotations

import pytest
from minigraph import PROJECT, at, checks_of, graph, only, plan, rule_ids, run_check

from roadmap.graph import build_graph
from roadmap.rules import plan as rules
from roadmap.rules import schedule


@pytest.mark.parametrize("check", checks_of(rules), ids=rule_ids(rules))
def test_base_plan_passes(check) -> None:
    result = run_check(check, graph())
    assert result.ok, [str(f) for f in result.findings]


# ------------------------------------------------------------- need types
def test_an_empty_needs_json_is_not_healthy() -> None:
    empty = build_graph({}, PROJECT.metamodel, origin="site/needs.json")
    result = rules.check_types_present(empty)
    assert len(result.findings) == 11
    first = result.findings[0]
    assert str(first) == ("site/needs.json: [CONS-TYPES-PRESENT] [needs.types.phase]: the "
                          "needs.json has no phase need (it holds 0 need(s) in all): an empty "
                          "or cut-down export is not a healthy plan")


def test_a_plan_without_phases_names_the_type_in_the_metamodel() -> None:
    needs = {k: v for k, v in plan().items() if v["type"] != "phase"}
    finding = only(rules.check_types_present(build_graph(needs, PROJECT.metamodel)))
    assert finding.need_id == "[needs.types.phase]"
    assert finding.file == str(PROJECT.toml_path)
    line = PROJECT.toml_path.read_text(encoding="utf-8").split("\n")[finding.line - 1]
    assert line == "[needs.types.phase]"


# ------------------------------------------------------------- effort
@pytest.mark.parametrize("effort", [0, 0.0, -0.0])
def test_zero_effort_on_a_milestone_with_roles(effort: float) -> None:
    finding = only(rules.check_effort(graph({"MS-A-02": {"effort": effort}})))
    at(finding, "MS-A-02")
    assert finding.message.startswith("has an effort of 0 person-weeks but requires RES-ROLE-A")


def test_a_milestone_requiring_only_a_tool_books_effort_on_nobody() -> None:
    finding = only(rules.check_effort(graph({"MS-A-02": {"requires": ["RES-TOOL-A"]}})))
    at(finding, "MS-A-02")
    assert finding.message.startswith("requires no role, only RES-TOOL-A: its effort is "
                                      "booked on nobody")


def test_missing_effort_or_requires_is_left_to_the_schema_rules() -> None:
    assert rules.check_effort(graph({"MS-A-02": {"effort": None}})).ok
    assert rules.check_effort(graph({"MS-A-02": {"requires": None}})).ok


# ------------------------------------------------------------- units
@pytest.mark.parametrize(("unit", "low", "high"), [
    ("ms p95 over the top 20 endpoints", 0, None),
    ("open findings with CVSS 9.0 or higher", 0, None),
    ("USD per month", 0, None),
    ("% of API routes", 0, 100),
    ("% complete", 0, 100),
    ("% more VMs managed per vCPU", 0, None),
    ("maturity score out of 10", 0, 10),
    ("net change in headcount", None, None),
])
def test_unit_ranges(unit: str, low: float | None, high: float | None) -> None:
    assert rules.unit_range(unit)[:2] == (low, high)


@pytest.mark.parametrize(("need_id", "changes", "message"), [
    ("MET-B", {"target": -400}, "target -400 is below 0, impossible for its unit 'ms'"),
    ("MET-A", {"target": 140}, "target 140 is above 100, impossible for its unit '%'"),
    ("MET-A", {"baseline": -1}, "baseline -1 is below 0, impossible for its unit '%'"),
    ("GAP-A", {"baseline": -3, "unit": "open incidents"},
     "baseline -3 is below 0, impossible for its unit 'open incidents'"),
    ("MET-B", {"baseline": 12, "target": 9, "unit": "score out of 10"},
     "baseline 12 is above 10, impossible for its unit 'score out of 10'"),
])
def test_values_impossible_for_their_unit(need_id: str, changes: dict, message: str) -> None:
    finding = only(rules.check_unit_range(graph({need_id: changes})))
    at(finding, need_id)
    assert finding.message.startswith(message)


def test_a_signed_unit_may_go_below_zero() -> None:
    assert rules.check_unit_range(graph({"MET-B": {"target": -4,
                                                   "unit": "net change in ms"}})).ok


# ------------------------------------------------------------- gates
def test_a_gate_that_checks_only_a_later_phase_s_metric() -> None:
    result = rules.check_gate_phase(graph({"QG-1": {"checks": ["MET-A"]},
                                           "MET-A": {"measures": ["PH-2"]}}))
    messages = [f.message for f in result.findings]
    assert messages == ["checks MET-A, which bears only on PH-2, after its phase PH-1",
                        "checks no metric of its own phase PH-1 (it checks MET-A of PH-2)"]
    at(result.findings[0], "QG-1")


def test_a_gate_may_check_an_earlier_phase_s_metric_again() -> None:
    assert rules.check_gate_phase(graph({"QG-2": {"checks": ["MET-A", "MET-B"]}})).ok


def test_a_gate_with_only_an_earlier_metric_checks_nothing_of_its_own() -> None:
    finding = only(rules.check_gate_phase(graph({"QG-2": {"checks": ["MET-B"]}})))
    at(finding, "QG-2")
    assert finding.message == "checks no metric of its own phase PH-2 (it checks MET-B of PH-1)"


# ------------------------------------------------------------- windows
@pytest.mark.parametrize(("need_id", "changes"), [
    ("PH-2", {"start": 8, "end": 5}), ("WS-A", {"start": 8, "end": 1})])
def test_a_phase_or_workstream_that_ends_before_it_starts(need_id: str, changes: dict) -> None:
    finding = only(schedule.check_window_order(graph({need_id: changes})))
    at(finding, need_id)
    assert finding.message.startswith(f"ends in week {changes['end']}, before it starts in "
                                      f"week {changes['start']}")
