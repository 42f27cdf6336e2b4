"""Scenarios on the small plan of ``chainplan.py``: entries read as changes, an overlay
applied to a copy of the plan re-plans the chain behind a slip (and the gate and the
end with it) and puts the role over capacity, and a scenario that names a need the
plan lacks, an impossible week or a negative capacity is refused at its file and line."""

from __future__ import annotations

import dataclasses

import chainplan
import pytest

from roadmap.graph import Window
from roadmap.load import usable_capacity, weekly_load
from roadmap.roles import FIELDS
from roadmap.rules.scenario_checks import check_scenarios
from roadmap.tracking.forecast import forecast
from roadmap.tracking.status_report import status_report
from roadmap.whatif.entries import (
    AddBuffer,
    Cancel,
    CapacityChange,
    ChangeError,
    EffortChange,
    Extend,
    Slip,
    parse_change,
    scenario_from_options,
    scenario_of,
)
from roadmap.whatif.overlay import ScenarioError, apply_scenario, problems

SETTINGS = chainplan.PROJECT.settings


@pytest.mark.parametrize(("kind", "text", "change"), [
    ("slip", "MS-A-02=+2", Slip("MS-A-02", 2)),
    ("slip", " MS-A-02 = -1 ", Slip("MS-A-02", -1)),
    ("extend", "MS-A-03=+1", Extend("MS-A-03", 1)),
    ("effort_change", "MS-A-03=6", EffortChange("MS-A-03", 6.0, False)),
    ("effort_change", "MS-A-03=-0.5", EffortChange("MS-A-03", -0.5, True)),
    ("capacity_change", "RES-ROLE-A=1@5-6", CapacityChange("RES-ROLE-A", 1.0, 5, 6)),
    ("capacity_change", "RES-ROLE-A=0@7", CapacityChange("RES-ROLE-A", 0.0, 7, 7)),
    ("cancel", "MS-B-02", Cancel("MS-B-02")),
    ("add_buffer", "PH-1=+1", AddBuffer("PH-1", 1)),
])
def test_entries_read_as_changes(kind: str, text: str, change: object) -> None:
    assert parse_change(kind, text) == change


@pytest.mark.parametrize(("kind", "text"), [
    ("slip", "MS-A-02+2"), ("slip", "MS-A-02=two"), ("capacity_change", "RES-ROLE-A=1"),
    ("capacity_change", "RES-ROLE-A=1@x-3"), ("cancel", "ms-a-01"), ("extend", "MS-A-03=1.5")])
def test_an_entry_that_is_no_change_is_refused(kind: str, text: str) -> None:
    with pytest.raises(ChangeError, match="is not"):
        parse_change(kind, text)


def test_a_slip_moves_the_chain_behind_it_and_the_gate_and_the_end() -> None:
    plan = chainplan.graph()
    scenario, unreadable = scenario_of(plan.needs["SCN-CHAIN"])
    assert unreadable == [] and scenario.changes == (Slip("MS-A-02", 2),)
    applied = apply_scenario(plan, scenario, SETTINGS)
    head = applied.graph
    assert head is not plan and plan.window(plan.needs["MS-A-03"]) == Window(5, 6)
    assert {i: (w.start, w.end) for i, w in applied.pushed.items()} == {
        "MS-A-03": (7, 8), "MS-A-04": (9, 9)}
    assert head.window(head.needs["MS-A-02"]) == Window(5, 6)
    before, after = status_report(plan, 0), status_report(head, 0)
    assert (before.forecast_end, after.forecast_end) == (8, 9)
    gates = {p.phase.id: p.gate_week for p in after.phases}
    assert gates["PH-2"] == 9 and {p.phase.id: p.gate_week for p in before.phases}["PH-2"] == 8
    role = head.needs["RES-ROLE-A"]
    load = weekly_load(head)["RES-ROLE-A"]
    over = {w for w, v in load.items() if v > usable_capacity(role, w, SETTINGS) + 1e-9}
    assert over == {7, 8} and load[7] == pytest.approx(1.75)


def test_a_role_loses_capacity_in_some_weeks_only() -> None:
    plan = chainplan.graph()
    applied = apply_scenario(plan, scenario_from_options(
        {"capacity_change": ["RES-ROLE-A=1@5-6"]}), SETTINGS)
    role = applied.graph.needs["RES-ROLE-A"]
    assert [usable_capacity(role, w, SETTINGS) for w in (4, 5, 6, 7)] == [1.5, 1.0, 1.0, 1.5]
    assert usable_capacity(plan.needs["RES-ROLE-A"], 5, SETTINGS) == 1.5  # the plan is as it was


def test_the_reported_weeks_of_a_capacity_change_keep_their_capacity() -> None:
    settings = dataclasses.replace(SETTINGS, as_of=5)
    head = apply_scenario(chainplan.graph(), scenario_from_options(
        {"capacity_change": ["RES-ROLE-A=1@4-7"]}), settings).graph
    role = head.needs["RES-ROLE-A"]
    assert [usable_capacity(role, w, settings) for w in (4, 5, 6, 7)] == [1.5, 1.5, 1.0, 1.0]
    assert role.number(FIELDS.cost) == 60000  # no loaded rate: the stated cost stays


def test_a_capacity_change_moves_the_stated_cost_at_the_loaded_rate() -> None:
    plan = chainplan.graph(RES_ROLE_A={"rate": 5000})
    head = apply_scenario(plan, scenario_from_options(
        {"capacity_change": ["RES-ROLE-A=1@5-6", "RES-ROLE-A=2.5@7"]}), SETTINGS).graph
    # two weeks 0.5 person-weeks below, one week 1 above: net 0, at 5,000 a person-week
    assert head.needs["RES-ROLE-A"].number(FIELDS.cost) == 60000 - 2 * 0.5 * 5000 + 5000


def test_cancel_extend_effort_and_buffer_change_a_copy_of_the_plan() -> None:
    plan = chainplan.graph()
    changes = scenario_from_options({"cancel": ["MS-B-02"], "extend": ["MS-A-03=+1"],
                                     "effort_change": ["MS-A-04=+1"],
                                     "add_buffer": ["PH-1=+1"]})
    head = apply_scenario(plan, changes, SETTINGS).graph
    assert head.needs["MS-B-02"].get(FIELDS.status) == "cancelled"
    assert "MS-B-02" not in forecast(head, 0)
    # the buffer week after PH-1 moves PH-2 and its milestones; MS-A-03 then lasts 3 weeks
    assert head.window(head.needs["PH-1"]) == Window(1, 5)
    assert head.needs["PH-1"].get(FIELDS.buffer) == 1
    assert head.window(head.needs["PH-2"]) == Window(6, 9)
    assert head.window(head.needs["MS-A-03"]) == Window(6, 8)
    assert head.window(head.needs["MS-A-04"]) == Window(9, 9)
    assert head.needs["MS-A-04"].number(FIELDS.effort) == 1.5
    assert head.window(head.needs["WS-A"]) == Window(1, 9)


def test_what_cannot_be_applied_is_named() -> None:
    plan = chainplan.graph(MS_A_01={"status": "done", "actual_start": 1, "actual_end": 2})
    settings = dataclasses.replace(SETTINGS, as_of=2)
    scenario = scenario_from_options({
        "slip": ["MS-NOPE-01=+1", "MS-A-04=+30", "MS-A-01=+1"],
        "capacity_change": ["RES-ROLE-A=-1@5-6", "RES-ROLE-A=1@1-2", "RES-ROLE-A=1@6-4"],
        "effort_change": ["MS-A-03=-5"], "add_buffer": ["PH-2=+20"]})
    assert problems(plan, scenario, settings) == [
        "MS-NOPE-01 1 week later: the plan has no need MS-NOPE-01",
        "MS-A-04 30 weeks later: weeks 37-37 lie outside weeks 1 to 26, the weeks the "
        "metamodel allows",
        "MS-A-01 1 week later: MS-A-01 is done; a scenario moves only work still to do",
        "MS-A-03 effort -5 person-weeks: the effort would be -3 person-weeks; it cannot be "
        "negative",
        "RES-ROLE-A capacity -1 in weeks 5-6: a capacity of -1 person-weeks is negative; 0 "
        "means nobody",
        "RES-ROLE-A capacity 1 in weeks 1-2: every week of it is reported (as of week 2); a "
        "scenario changes what is still ahead",
        "RES-ROLE-A capacity 1 in weeks 6-4: the last week 4 comes before the first 6",
        "PH-2 20 weeks of buffer added: the plan would end in week 28, after week 26, the "
        "last week the metamodel allows",
    ]
    with pytest.raises(ScenarioError) as raised:
        apply_scenario(plan, scenario, settings)
    assert str(raised.value).splitlines()[0] == (
        "<command line>: [SCENARIO-APPLIES] command line: MS-NOPE-01 1 week later: the plan "
        "has no need MS-NOPE-01")


def test_a_scenario_need_that_cannot_be_applied_fails_the_build_at_its_line() -> None:
    plan = chainplan.graph(SCN_CHAIN={"slip": ["MS-A-09=+2"],
                                      "capacity_change": ["RES-ROLE-A=-2@5-6", "nonsense"]})
    result = check_scenarios(plan, SETTINGS)
    assert [(f.need_id, f.file, f.line, f.message) for f in result.findings] == [
        ("SCN-CHAIN", "plan.md", 30, "capacity_change 'nonsense' is not ID=person-weeks@"
         "FIRST-LAST (e.g. RES-ROLE-DBA=1.5@4-7)")]
    plan = chainplan.graph(SCN_CHAIN={"slip": ["MS-A-09=+2"],
                                      "capacity_change": ["RES-ROLE-A=-2@5-6"]})
    assert [f.message.split(":")[0] for f in check_scenarios(plan, SETTINGS).findings] == [
        "MS-A-09 2 weeks later", "RES-ROLE-A capacity -2 in weeks 5-6"]
    assert check_scenarios(chainplan.graph(), SETTINGS).ok
