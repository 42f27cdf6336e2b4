"""The rules of time and money the second red-team review asked for: when gates read
(CONS-GATE-READING) and tests judge (CONS-TEST-TIMING), when a change reaches production
(SCHED-IN-PRODUCTION), what is booked when (CONS-BOOKINGS, CONS-BUFFER-BOOKINGS), what a
change inside an availability window may spend (CONS-ERROR-BUDGET) and when an early
warning is read (CONS-RISK-TRIGGER)."""

from __future__ import annotations

from typing import Any

import pytest
from minigraph import at, checks_of, graph, only, rule_ids, run_check

from roadmap.config import settings_from
from roadmap.rules import bookings, budget_allocation, gate_timing, schedule, triggers

MODULES = [gate_timing, bookings, budget_allocation, triggers]
CHECKS = [c for m in MODULES for c in checks_of(m)]

# MET-A, read by QG-2 over a production window with an error budget, and MS-A-02, which
# changes production inside it with an allocation.
BUDGETED: dict[str, Any] = {
    "MET-A": {"error_budget": 259}, "QG-2": {"reads": ["MET-A=5-8"]},
    "MS-A-02": {"in_production": 6, "budget_spend": 12}}


@pytest.mark.parametrize("check", CHECKS, ids=[r for m in MODULES for r in rule_ids(m)])
def test_base_plan_passes(check) -> None:
    for changes in ({}, BUDGETED):
        result = run_check(check, graph(changes))
        assert result.ok, [str(f) for f in result.findings]


# ------------------------------------------------------------- gates
def test_a_gate_states_a_reading_of_every_metric_it_checks() -> None:
    finding = only(gate_timing.check_gate_reading(graph({"QG-1": {"reads": None}})))
    assert finding.rule == "CONS-GATE-READING"
    at(finding, "QG-1")
    assert finding.message == ("states no reading of MET-B, which it checks (reads: MET-B=WEEKS "
                               "or MET-B@WEEK)")


def test_a_gate_reads_only_what_it_checks_and_each_once() -> None:
    result = gate_timing.check_gate_reading(
        graph({"QG-1": {"reads": ["MET-B@4", "MET-B@4", "MET-A@4"]}}))
    assert sorted(f.message for f in result.findings) == [
        "reads MET-A, which it does not check", "reads MET-B more than once"]


def test_a_result_is_read_only_once_what_it_measures_is_delivered() -> None:
    finding = only(gate_timing.check_gate_reading(graph({"QG-2": {"reads": ["MET-A@6"]}})))
    assert finding.message == ("reads MET-A from the result of week 6, before MS-A-02 (due "
                               "week 8), which it measures, is delivered")


def test_no_reading_after_the_gate_decides() -> None:
    finding = only(gate_timing.check_gate_reading(graph({"QG-1": {"reads": ["MET-B@5"]}})))
    assert finding.message == "reads MET-B from the result of week 5, after its own decision " \
                              "in week 4"


def test_a_window_starts_after_the_change_it_measures_reaches_production() -> None:
    """The phase-3 gate of the earlier plan read 7 days of production in the week the
    final tuning landed."""
    finding = only(gate_timing.check_gate_reading(graph({
        "QG-2": {"reads": ["MET-A=5-8"]}, "MS-A-02": {"in_production": 6}})))
    at(finding, "QG-2")
    assert finding.message == (
        "reads MET-A from the production window of weeks 5-8, but MS-A-02 reaches production "
        "in week 6, inside it: the window starts before the work it measures is there (read "
        "from week 7, or land MS-A-02 by week 4)")
    assert gate_timing.check_gate_reading(graph({
        "QG-2": {"reads": ["MET-A=7-8"]}, "MS-A-02": {"in_production": 6}})).ok


def test_a_window_read_before_the_change_lands_shows_none_of_it() -> None:
    """The earlier plan's phase-3 gate: the final tuning landed after the week read."""
    finding = only(gate_timing.check_gate_reading(graph({
        "QG-2": {"reads": ["MET-A=5-6"]}, "MS-A-02": {"in_production": 7}})))
    assert finding.message.startswith(
        "reads MET-A from the production window of weeks 5-6, but MS-A-02 reaches production "
        "in week 7, after it, before the gate decides: ")


def test_a_change_with_an_allocation_may_land_inside_an_availability_window() -> None:
    assert gate_timing.check_gate_reading(graph(BUDGETED)).ok


def test_a_window_does_not_span_a_pause_of_the_program() -> None:
    """Week 7 of the calendar (17-21 Nov 2025) is a pause: weeks 6 and 7 of the program
    are not consecutive."""
    paused = settings_from({"roadmap_non_working": (("2025-11-17", "2025-11-21", "Freeze"),)})
    result = gate_timing.check_gate_reading(graph({"QG-2": {"reads": ["MET-A=5-8"]}}), paused)
    assert [f.message for f in result.findings] == [
        "reads MET-A from the production window of weeks 5-8, which spans the Freeze "
        "(2025-11-17 to 2025-11-21): its days are not consecutive"]


# ------------------------------------------------------------- tests
def test_a_test_states_a_verdict_week_for_every_metric_it_verifies() -> None:
    finding = only(gate_timing.check_test_timing(graph({"TST-A": {"verdicts": ["MET-A@8"]}})))
    assert finding.rule == "CONS-TEST-TIMING"
    at(finding, "TST-A")
    assert finding.message == ("states no verdict week for MET-B, which it verifies "
                               "(verdicts: MET-B@WEEK)")


def test_a_verdict_after_every_gate_feeds_none() -> None:
    finding = only(gate_timing.check_test_timing(
        graph({"TST-A": {"verdicts": ["MET-B@6", "MET-A@8"]}})))
    assert finding.message == ("gives its verdict on MET-B in week 6, after QG-1 (week 4), "
                               "the last gate that checks it: the verdict feeds no gate")


def test_a_verdict_comes_after_the_reading_of_the_gate_it_feeds() -> None:
    """A verdict on a production window before the window has ended judges nothing."""
    finding = only(gate_timing.check_test_timing(
        graph({**BUDGETED, "TST-A": {"verdicts": ["MET-B@4", "MET-A@6"]}})))
    assert finding.message.startswith("gives its verdict on MET-A in week 6 for QG-2 (week 8), "
                                      "but ")
    assert finding.message.endswith("judge it in week 8 or later")


def test_a_verdict_on_a_metric_the_test_does_not_verify() -> None:
    result = gate_timing.check_test_timing(
        graph({"TST-A": {"verdicts": ["MET-B@4", "MET-A@8", "MET-C@8"]}}))
    assert [f.message for f in result.findings] == [
        "states a verdict on MET-C, which it does not verify"]


# ------------------------------------------------------------- production weeks
def test_a_change_reaches_production_inside_its_milestone() -> None:
    finding = only(schedule.check_in_production(graph({"MS-A-01": {"in_production": 6}})))
    assert finding.rule == "SCHED-IN-PRODUCTION"
    at(finding, "MS-A-01")
    assert finding.message == "reaches production in week 6, outside its weeks 1-4"
    assert schedule.check_in_production(graph({"MS-A-01": {"in_production": 4}})).ok


# ------------------------------------------------------------- bookings
def test_a_tool_states_its_booked_weeks() -> None:
    finding = only(bookings.check_bookings(graph({"RES-TOOL-A": {"booked": None}})))
    assert finding.rule == "CONS-BOOKINGS"
    at(finding, "RES-TOOL-A")
    assert finding.message == ("states no booked weeks (booked: N or N-M): nobody can see "
                               "when it is paid for and available")


def test_a_tool_is_booked_for_every_week_it_is_required() -> None:
    finding = only(bookings.check_bookings(graph({"RES-TOOL-A": {"booked": ["1-2", "4"]}})))
    assert finding.message == "is required by MS-A-01 in week(s) 3 but booked in weeks 1-2, 4"


def test_roles_are_not_booked() -> None:
    assert bookings.check_bookings(graph()).checked_ids == ["RES-TOOL-A"]


BUFFERED: dict[str, Any] = {
    "PH-2": {"buffer": 1}, "MS-A-02": {"due": 7, "requires": ["RES-ROLE-A", "RES-TOOL-A"]},
    "RES-TOOL-A": {"booked": ["1-7"]}}


def test_a_buffer_keeps_booked_what_a_re_run_runs_on() -> None:
    """The load-test environment was booked only in weeks 13-14, so a fix of the 10M run
    could not be re-run in the buffer week 16."""
    finding = only(bookings.check_buffer_bookings(graph(BUFFERED)))
    assert finding.rule == "CONS-BUFFER-BOOKINGS"
    at(finding, "RES-TOOL-A")
    assert finding.message == ("is not booked in week(s) 8, the buffer of PH-2, where a re-run "
                               "of MS-A-02 (measured by MET-A, which the gate of PH-2 checks) "
                               "would need it")
    assert bookings.check_buffer_bookings(graph({**BUFFERED,
                                                 "RES-TOOL-A": {"booked": ["1-8"]}})).ok


def test_an_external_service_is_not_asked_to_wait_in_the_buffer() -> None:
    service = {**BUFFERED, "RES-TOOL-A": {"kind": "service", "booked": ["1-7"]}}
    assert bookings.check_buffer_bookings(graph(service)).ok


# ------------------------------------------------------------- error budget
def test_every_change_inside_an_availability_window_has_an_allocation() -> None:
    finding = only(budget_allocation.check_error_budget(graph({
        **BUDGETED, "MS-A-02": {"in_production": 6, "budget_spend": None}})))
    assert finding.rule == "CONS-ERROR-BUDGET"
    at(finding, "MS-A-02")
    assert finding.message == ("changes production in week 6, inside the production window of "
                               "weeks 5-8 in which QG-2 reads MET-A, but states no allocation "
                               "of its 259 s error budget (budget_spend)")


def test_the_allocations_fit_the_budget() -> None:
    finding = only(budget_allocation.check_error_budget(graph({
        **BUDGETED, "MET-A": {"error_budget": 10}})))
    at(finding, "QG-2")
    assert finding.message == ("allocates 12 s to the production changes inside the production "
                               "window of weeks 5-8 of MET-A, more than its error budget of "
                               "10 s (MS-A-02 12 s)")


def test_an_allocation_outside_every_window_is_refused() -> None:
    finding = only(budget_allocation.check_error_budget(graph({
        **BUDGETED, "MS-A-01": {"in_production": 2, "budget_spend": 3}})))
    at(finding, "MS-A-01")
    assert finding.message == ("states an error-budget allocation (budget_spend) but changes "
                               "production inside no window in which a gate reads an "
                               "availability metric")


# ------------------------------------------------------------- risk triggers
def test_a_trigger_that_fires_on_the_plan_is_refused() -> None:
    """MET-B goes from 50 (week 0) to 20 (week 4): 42.5 in week 1, 35 in week 2. A warning
    above 40 read from week 1 fires on the plan."""
    finding = only(triggers.check_risk_trigger(graph({"RSK-A": {"fires_above": 40}})))
    assert finding.rule == "CONS-RISK-TRIGGER"
    at(finding, "RSK-A")
    assert finding.message == (
        "fires above 40 on MET-B, whose plan is 42.5 in week 1 (it states no trigger_week): "
        "the warning would fire on the plan itself; read it from week 2 (trigger_week: 2), "
        "when the plan is past it, or move the threshold")
    assert triggers.check_risk_trigger(
        graph({"RSK-A": {"fires_above": 40, "trigger_week": 2}})).ok


def test_a_trigger_is_judged_against_the_interim_targets() -> None:
    """With an interim target of 45 in week 2 the plan is still above 40 then."""
    finding = only(triggers.check_risk_trigger(graph({
        "MET-B": {"interim": ["2=45"]}, "RSK-A": {"fires_above": 40, "trigger_week": 2}})))
    assert finding.message == (
        "fires above 40 on MET-B, whose plan is 45 in week 2: the warning would fire on the "
        "plan itself; read it from week 3 (trigger_week: 3), when the plan is past it, or "
        "move the threshold")


def test_a_trigger_on_the_wrong_side_of_the_target_never_stops_firing() -> None:
    finding = only(triggers.check_risk_trigger(
        graph({"RSK-A": {"fires_above": 10, "trigger_week": 4}})))
    assert finding.message.endswith("the warning would fire on the plan itself; move the "
                                    "threshold")
