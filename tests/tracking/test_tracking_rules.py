"""TRACK-*: a status that contradicts itself is refused with the need and its place;
the week-6 record of ``week6.py`` passes every rule."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import week6

from roadmap.config import DEFAULTS, Settings
from roadmap.graph import build_graph
from roadmap.inputs import from_conf
from roadmap.rules import progress as tracking
from roadmap.rules import schedule
from roadmap.suite import SuiteInputs, run_suite

PROJECT = from_conf(Path(__file__).resolve().parents[2])
WEEK6 = dataclasses.replace(DEFAULTS, as_of=6)


def plan(changes: dict[str, dict[str, Any] | None] | None = None) -> dict[str, Any]:
    needs = copy.deepcopy(week6.plan_needs())
    for need_id, change in (changes or {}).items():
        if change is None:
            del needs[need_id]
            continue
        need = needs.setdefault(need_id, {"id": need_id, "docname": "plan", "lineno": 7})
        for key, value in change.items():
            if value is None:
                need.pop(key, None)
            else:
                need[key] = value
    return needs


def messages(check: Any, changes: dict[str, Any] | None = None,
             settings: Settings = WEEK6) -> list[tuple[str, str]]:
    result = check(build_graph(plan(changes), PROJECT.metamodel), settings)
    return [(f.need_id, f.message) for f in result.findings]


def test_the_week_six_record_passes_every_rule() -> None:
    project = dataclasses.replace(PROJECT, settings=WEEK6)
    results = run_suite(SuiteInputs(graph=build_graph(plan(), PROJECT.metamodel),
                                    project=project), reads=("graph",))
    assert [str(f) for r in results for f in r.findings] == []
    checked = {r.rule.id: r.checked for r in results if r.rule.id.startswith("TRACK-")}
    assert checked == {"TRACK-ACTUALS": 10, "TRACK-CANCELLED": 0, "TRACK-MEASUREMENT": 4,
                       "TRACK-GATE-DECISION": 2, "TRACK-INTERIM": 3}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"MS-B-02": {"actual_start": None, "remaining": None}},
     ("MS-B-02", "is in_progress but has no actual_start (the week work began)")),
    ({"MS-A-01": {"actual_end": None}},
     ("MS-A-01", "is done but lacks actual_start or actual_end (expected both weeks)")),
    ({"MS-B-03": {"actual_start": 5}},
     ("MS-B-03", "is planned but has actual weeks (set status in_progress or done)")),
    ({"MS-B-02": {"actual_end": 6}}, ("MS-B-02", "has actual_end 6 but is in_progress, not done")),
    ({"MS-A-01": {"actual_start": 3, "actual_end": 2}},
     ("MS-A-01", "actual_end 2 is before actual_start 3")),
    ({"MS-A-01": {"remaining": 1}}, ("MS-A-01", "gives remaining work but has not started or is "
                                                "done")),
    ({"MS-B-02": {"actual_start": 7}},
     ("MS-B-02", "actual_start 7 lies after the as-of week 6 (progress is reported only up to "
                 "roadmap_as_of)")),
])
def test_actuals_contradicting_the_status(changes: dict, expected: tuple[str, str]) -> None:
    assert expected in messages(tracking.check_actuals, changes)


def test_progress_before_week_one_is_invented() -> None:
    found = messages(tracking.check_actuals, settings=DEFAULTS)  # as of week 0
    assert ("MS-A-01", "actual_start 1 lies after the as-of week 0 (progress is reported only "
                       "up to roadmap_as_of)") in found


def test_cancellation_needs_a_reason_and_no_open_dependant() -> None:
    found = messages(tracking.check_cancelled, {"MS-A-04": {"status": "cancelled"}})
    assert found == [
        ("MS-A-04", "is cancelled without a reason (set the reason field: why, and what takes "
                    "its place)"),
        ("MS-A-04", "is cancelled but MS-A-05 still depend on it (re-plan or cancel them)")]
    assert messages(tracking.check_cancelled, {
        "MS-A-05": {"status": "cancelled", "reason": "Merged into the final load test of MS-B-05"},
    }) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"MEAS-P95-W06": {"unit": "s"}},
     ("MEAS-P95-W06", "is in 's' but MET-P95 is measured in 'ms'")),
    ({"MEAS-P95-W06": {"week": 7}}, ("MEAS-P95-W06", "is taken in week 7, after the as-of week 6")),
    ({"MEAS-P95-W06": {"docname": "status/week-04"}},
     ("MEAS-P95-W06", "of week 6 stands on status/week-04, not on status/week-06")),
    ({"MEAS-P95-W06": {"week": 4, "docname": "status/week-04"}},
     ("MEAS-P95-W06", "measures MET-P95 in week 4 again (also MEAS-P95-W04): one value per "
                      "metric and week")),
])
def test_measurements_are_facts_of_their_week(changes: dict, expected: tuple[str, str]) -> None:
    assert expected in messages(tracking.check_measurements, changes)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"QG-1": {"checks": ["MET-P95"]}},
     ("QG-1", "is passed but MET-P95 is not at target in the latest measurement by week 4")),
    ({"QG-1": {"decision_week": None}}, ("QG-1", "is passed but has no decision_week")),
    ({"QG-1": {"decision_week": 8}}, ("QG-1", "is decided in week 8, after the as-of week 6")),
    ({"QG-2": {"decision_week": 6}}, ("QG-2", "is open but has a decision_week 6")),
    ({"QG-2": {"status": "waived", "decision_week": 6}},
     ("QG-2", "is waived without the reason and who waived it (reason, waived_by)")),
    ({"QG-2": {"status": "failed", "decision_week": 3}},
     ("QG-2", "is decided in week 3, before its phase PH-2 starts in week 5")),
])
def test_gate_decisions_need_their_evidence(changes: dict, expected: tuple[str, str]) -> None:
    assert expected in messages(tracking.check_gate_decisions, changes)


def test_a_waiver_with_reason_and_approver_passes() -> None:
    assert messages(tracking.check_gate_decisions, {"QG-2": {
        "status": "waived", "decision_week": 6, "waived_by": "Executive sponsor",
        "reason": "Latency target moved to the continuation horizon with the sponsor"}}) == []


@pytest.mark.parametrize(("interim", "expected"), [
    (["4-600"], "interim target '4-600' is not week=value"),
    (["6=500", "4=600"], "interim weeks must be given once each, in increasing order"),
    (["9=300"], "interim weeks must lie in weeks 1 to 8, when the target is due"),
    (["4=900"], "interim 4=900 is worse than the baseline 850"),
    (["4=600", "8=300"], "interim 8=300 differs from the target 255 due that week"),
])
def test_interim_targets_lead_to_the_target(interim: list[str], expected: str) -> None:
    found = messages(tracking.check_interim, {"MET-P95": {"interim": interim}})
    assert any(need == "MET-P95" and text.startswith(expected) for need, text in found), found


def test_done_only_after_every_dependency() -> None:
    found = messages(schedule.check_done_after_dependencies,
                     {"MS-A-03": {"status": "done", "actual_start": 5, "actual_end": 5},
                      "MS-A-02": {"status": "in_progress", "actual_end": None}})
    assert found == [("MS-A-03", "is done but depends on unfinished MS-A-02")]


# ------------------------------------------------------------- passes a PM calls wrong
@pytest.mark.parametrize(("changes", "expected"), [
    ({"QG-2": {"status": "passed", "decision_week": 5, "checks": ["MET-LEAK"]}},
     ("QG-2", "is decided in week 5, before its window opens in week 8, when MS-B-05, the "
              "last deliverable of PH-2, is due (a gate is decided from that week to the "
              "phase's last week)")),
    ({"QG-1": {"status": "failed", "decision_week": 6}},
     ("QG-1", "is decided in week 6, after its phase PH-1 ended in week 4 (a gate is decided "
              "within its phase; a later decision is a re-plan: move the phase's end)")),
    ({"QG-1": {"decision_week": 4}, "MS-B-04": {"status": "planned", "actual_start": None}},
     ("QG-1", "is passed while MS-B-04 of PH-1 has not started (a gate passes on delivered "
              "work)")),
])
def test_a_gate_is_decided_in_its_window(changes: dict, expected: tuple[str, str]) -> None:
    assert expected in messages(tracking.check_gate_decisions, changes)


def test_the_window_of_a_phase_is_documented_by_its_last_deliverable() -> None:
    graph = build_graph(plan(), PROJECT.metamodel)
    opens, closes, last = tracking.decision_window(graph, graph.needs["PH-2"]) or (0, 0, None)
    assert (opens, closes, last and last.id) == (8, 8, "MS-B-05")


def test_done_is_held_to_the_actual_weeks_of_its_prerequisites() -> None:
    changes = {"MS-A-03": {"status": "done", "actual_start": 5, "actual_end": 5}}
    assert ("MS-A-03", "finished in week 5, before its prerequisite MS-A-02 finished in week 6"
            ) in messages(schedule.check_done_after_dependencies, changes)


@pytest.mark.parametrize(("value", "expected"), [
    (140, "value 140 is above 100, impossible for its unit '%' (a share in per cent)"),
    (-3, "value -3 is below 0, impossible for its unit '%'")])
def test_a_measurement_lies_in_its_units_range(value: float, expected: str) -> None:
    found = messages(tracking.check_measurements, {"MEAS-COV-W04": {"value": value}})
    assert any(need == "MEAS-COV-W04" and expected in text for need, text in found), found


@pytest.mark.parametrize(("interim", "expected"), [
    (["4=240", "6=400"], "interim 4=240 overshoots the target 255"),
    (["4=240", "6=400"], "interim 6=400 falls back from 4=240"),
    (["4=600", "6=700"], "interim 6=700 falls back from 4=600"),
])
def test_a_trajectory_neither_overshoots_nor_falls_back(interim: list[str], expected: str
                                                       ) -> None:
    found = messages(tracking.check_interim, {"MET-P95": {"interim": interim}})
    assert any(need == "MET-P95" and text.startswith(expected) for need, text in found), found
