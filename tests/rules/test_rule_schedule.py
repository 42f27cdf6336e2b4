"""SCHED-*: phase and workstream windows, horizon, coverage, dependency order and
cycles, done-ness."""

from __future__ import annotations

import pytest
from minigraph import at, checks_of, found, graph, only, rule_ids, run_check

from roadmap.program_schedule import week_ranges
from roadmap.rules import schedule


@pytest.mark.parametrize("check", checks_of(schedule), ids=rule_ids(schedule))
def test_base_plan_passes(check) -> None:
    result = run_check(check, graph())
    assert result.ok, [str(f) for f in result.findings]


def test_milestone_outside_its_phase() -> None:
    finding = only(schedule.check_phase_window(graph({"MS-A-02": {"phase": ["PH-1"]}})))
    assert finding.rule == "SCHED-PHASE-WINDOW"
    at(finding, "MS-A-02")
    assert finding.message == "weeks 5-8 are outside phase PH-1 (weeks 1-4)"


def test_milestone_starting_after_its_due_week() -> None:
    finding = only(schedule.check_phase_window(graph({"MS-A-01": {"start": 4, "due": 2}})))
    at(finding, "MS-A-01")
    assert finding.message == "starts in week 4 after its due week 2"


def test_milestone_outside_its_workstream() -> None:
    g = graph({"WS-B": {"type": "workstream", "start": 1, "end": 4, "lead": "B Lead"},
               "MS-A-02": {"workstream": ["WS-B"]}})
    finding = only(schedule.check_workstream_window(g))
    assert finding.rule == "SCHED-WORKSTREAM-WINDOW"
    at(finding, "MS-A-02")
    assert finding.message == "weeks 5-8 are outside workstream WS-B (weeks 1-4)"


def test_milestone_beyond_the_horizon() -> None:
    finding = only(schedule.check_horizon(graph({"MS-A-02": {"due": 9}})))
    assert finding.rule == "SCHED-HORIZON"
    at(finding, "MS-A-02")
    assert finding.message == "ends in week 9, beyond the horizon (week 8, the end of the last " \
                              "phase)"


def test_workstream_beyond_the_horizon() -> None:
    finding = only(schedule.check_horizon(graph({"WS-A": {"end": 10}})))
    at(finding, "WS-A")
    assert finding.message.startswith("ends in week 10, beyond the horizon (week 8")


@pytest.mark.parametrize(("start", "previous_end"), [(6, 4), (4, 4)], ids=["gap", "overlap"])
def test_phases_must_tile_the_program(start: int, previous_end: int) -> None:
    finding = only(schedule.check_horizon(graph({"PH-2": {"start": start}})))
    at(finding, "PH-2")
    assert finding.message == (f"starts in week {start}, but the previous phase ends in week "
                               f"{previous_end}: phases must follow each other without gap or "
                               "overlap")


def test_first_phase_starts_in_week_1() -> None:
    finding = only(schedule.check_horizon(graph({"PH-1": {"start": 2}})))
    at(finding, "PH-1")
    assert finding.message.startswith("starts in week 2, but the previous phase ends in week 0")


def test_idle_workstream_weeks() -> None:
    finding = only(schedule.check_workstream_covered(graph({"MS-A-02": {"start": 7}})))
    assert finding.rule == "SCHED-WORKSTREAM-COVERED"
    at(finding, "WS-A")
    assert finding.message == "no milestone in progress in week(s) 5-6 of its window 1-8"


def test_idle_weeks_are_listed_as_ranges() -> None:
    assert week_ranges([8, 1, 2, 3, 5, 7]) == "1-3, 5, 7-8"


def test_dependency_cycle() -> None:
    result = schedule.check_dependency_cycles(graph({"MS-A-01": {"depends_on": ["MS-A-02"]}}))
    assert found(result) == [
        ("SCHED-DEP-CYCLE", "MS-A-01", "is on a dependency cycle: MS-A-01 -> MS-A-02 -> MS-A-01"),
        ("SCHED-DEP-CYCLE", "MS-A-02", "is on a dependency cycle: MS-A-01 -> MS-A-02 -> MS-A-01"),
    ]
    at(result.findings[0], "MS-A-01")


def test_only_the_cycle_is_reported_not_what_waits_behind_it() -> None:
    milestone = {"type": "milestone", "phase": ["PH-2"], "workstream": ["WS-A"], "start": 5,
                 "due": 8, "status": "planned", "owner": "A Lead", "effort": 0,
                 "requires": ["RES-ROLE-A"]}
    g = graph({
        "MS-A-01": {"depends_on": ["MS-C-03"]},
        "MS-C-03": {**milestone, "depends_on": ["MS-A-02"]},  # A-01 -> C-03 -> A-02 -> A-01
        "MS-B-00": {**milestone, "depends_on": ["MS-A-02"]},  # waits behind the cycle
    })
    result = schedule.check_dependency_cycles(g)
    chain = "MS-A-01 -> MS-C-03 -> MS-A-02 -> MS-A-01"
    assert found(result) == [("SCHED-DEP-CYCLE", n, f"is on a dependency cycle: {chain}")
                             for n in ("MS-A-01", "MS-C-03", "MS-A-02")]


def test_self_dependency_is_a_cycle() -> None:
    result = schedule.check_dependency_cycles(graph({"MS-A-01": {"depends_on": ["MS-A-01"]}}))
    assert found(result) == [
        ("SCHED-DEP-CYCLE", "MS-A-01", "is on a dependency cycle: MS-A-01 -> MS-A-01")]


def test_dependency_due_after_dependent_starts() -> None:
    finding = only(schedule.check_dependency_order(graph({"MS-A-02": {"start": 3}})))
    assert finding.rule == "SCHED-DEP-ORDER"
    at(finding, "MS-A-02")
    assert finding.message == "starts in week 3 but depends on MS-A-01, due in week 4"


def test_dependency_due_in_the_start_week_is_allowed() -> None:
    assert schedule.check_dependency_order(graph({"MS-A-02": {"start": 4}})).ok


def test_done_milestone_with_unfinished_dependency() -> None:
    finding = only(schedule.check_done_after_dependencies(
        graph({"MS-A-02": {"status": "done"}})))
    assert finding.rule == "SCHED-DONE-DEPS"
    at(finding, "MS-A-02")
    assert finding.message == "is done but depends on unfinished MS-A-01"


def test_done_after_done_dependencies() -> None:
    result = schedule.check_done_after_dependencies(
        graph({"MS-A-01": {"status": "done"}, "MS-A-02": {"status": "done"}}))
    assert result.ok and result.checked == 2


def test_a_start_in_the_last_week_of_a_multi_week_prerequisite() -> None:
    g = graph({"MS-A-02": {"start": 4, "phase": ["PH-1"], "due": 4}})
    finding = only(schedule.check_dependency_start(g))
    assert finding.rule == "SCHED-DEP-START"
    at(finding, "MS-A-02")
    assert finding.message == ("starts in week 4, in the last week of MS-A-01 (4 weeks, due in "
                               "week 4): start in week 5 or later")


def test_a_one_week_prerequisite_and_a_checkpoint_may_share_the_week() -> None:
    one_week = graph({"MS-A-01": {"start": 4}, "MS-A-02": {"start": 4, "due": 4,
                                                           "phase": ["PH-1"]}})
    assert schedule.check_dependency_start(one_week).ok
    checkpoint = graph({"MS-A-02": {"start": 4, "due": 4, "phase": ["PH-1"],
                                    "tags": ["checkpoint"]}})
    assert schedule.check_dependency_start(checkpoint).ok


def test_nothing_is_due_in_a_phase_buffer() -> None:
    g = graph({"PH-2": {"buffer": 1}})
    finding = only(schedule.check_buffer(g))
    assert finding.rule == "SCHED-BUFFER"
    at(finding, "MS-A-02")
    assert finding.message == ("is due in week 8, in the 1-week buffer PH-2 keeps before its "
                               "gate: due in week 7 at the latest")
    assert schedule.check_buffer(graph({"PH-2": {"buffer": 1}, "MS-A-02": {"due": 7}})).ok


def test_buffer_weeks_count_as_covered() -> None:
    g = graph({"PH-2": {"buffer": 2}, "MS-A-02": {"due": 6}})
    assert schedule.check_workstream_covered(g).ok
    assert not schedule.check_workstream_covered(graph({"MS-A-02": {"due": 6}})).ok


# ------------------------------------------------------------ slack (hover of the server)
def test_slack_is_what_the_schedule_rules_and_windows_leave() -> None:
    from roadmap.program_schedule import slack

    # MS-A-01 (weeks 1-4) ends with its phase; MS-A-02 (weeks 5-8) with PH-2
    found = slack(graph())
    assert (found["MS-A-01"].weeks, found["MS-A-01"].limit) == (0, "PH-1 ends in week 4")
    # a phase two weeks longer, and the chain may slip by two: MS-A-02 first, MS-A-01
    # until MS-A-02 would have to start in its last week (it lasts four weeks)
    found = slack(graph({"PH-2": {"end": 10}, "WS-A": {"end": 10},
                         "MS-A-01": {"phase": ["PH-2"], "start": 5, "due": 6},
                         "MS-A-02": {"start": 7, "due": 8}}))
    assert (found["MS-A-02"].weeks, found["MS-A-02"].limit) == (2, "PH-2 ends in week 10")
    assert (found["MS-A-01"].weeks, found["MS-A-01"].latest_due) == (2, 8)
    assert found["MS-A-01"].limit == "MS-A-02 must start by week 9"


def test_a_broken_plan_has_negative_slack() -> None:
    from roadmap.program_schedule import slack

    found = slack(graph({"MS-A-02": {"start": 3}}))  # starts before MS-A-01 is due
    assert found["MS-A-01"].weeks == -2
