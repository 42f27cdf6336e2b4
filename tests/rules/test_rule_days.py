"""Days the plan fixes (the ``day`` field): on a working day inside the need's own weeks
(CONS-DAY-WEEK), after the days of what it waits for (CONS-DAY-ORDER).

The tiny plan runs on the project's calendar: week 1 is 6-10 October 2025, PH-1 (weeks
1-4) ends on Friday 31 October, PH-2 (weeks 5-8) on Friday 28 November; MS-A-02 (weeks
5-8) depends on MS-A-01 (weeks 1-4); QG-1 decides PH-1 in week 4, QG-2 PH-2 in week 8.
"""

from __future__ import annotations

from typing import Any

import pytest
from minigraph import PROJECT, at, checks_of, graph, only, rule_ids, run_check

from roadmap.config import settings_from
from roadmap.program_calendar import day_field_text
from roadmap.render.cards import field_text
from roadmap.rules import days
from roadmap.sphinx_ext.need_field import field_text as prose_text

SETTINGS = PROJECT.settings
DATED: dict[str, Any] = {
    "MS-A-01": {"day": "2025-10-29/2025-10-30"}, "QG-1": {"day": "2025-10-31"},
    "MS-A-02": {"day": "2025-11-03"}, "QG-2": {"day": "2025-11-28"}}


def week_rule(changes: dict[str, Any]) -> days.RuleResult:
    return days.check_day_in_week(graph(changes), SETTINGS)


def order_rule(changes: dict[str, Any]) -> days.RuleResult:
    return days.check_day_order(graph(changes), SETTINGS)


@pytest.mark.parametrize("check", checks_of(days), ids=rule_ids(days))
def test_the_plan_with_days_in_order_passes(check) -> None:
    for changes in ({}, DATED):
        result = run_check(check, graph(changes))
        assert result.ok, [str(f) for f in result.findings]
    assert run_check(check, graph(DATED)).checked_ids


def test_a_day_on_a_weekend_is_refused() -> None:
    finding = only(week_rule({"QG-1": {"day": "2025-11-01"}}))
    assert finding.rule == "CONS-DAY-WEEK"
    at(finding, "QG-1")
    assert finding.message.startswith("Saturday 1 November 2025 is a Saturday, not a working "
                                      "day of the program calendar")


def test_a_day_in_a_declared_non_working_period_is_refused() -> None:
    frozen = settings_from({"roadmap_non_working": (("2025-10-31", "2025-10-31", "Holiday"),)})
    result = days.check_day_in_week(graph({"QG-1": {"day": "2025-10-31"}}), frozen)
    assert [f.message for f in result.findings] == [
        "Friday 31 October 2025 is in the Holiday (2025-10-31 to 2025-10-31), not a working "
        "day of the program calendar: fix a working day"]


def test_a_day_outside_the_needs_own_weeks_is_refused() -> None:
    finding = only(week_rule({"QG-1": {"day": "2025-10-24"}}))
    assert finding.message == (
        "is on Friday 24 October 2025, outside its week 4 (27\u201331 Oct 2025): move the day "
        "into week 4 or its first week to week 3")
    # a milestone's weeks run from its start to its due week
    assert week_rule({"MS-A-01": {"day": "2025-10-06/2025-10-07"}}).ok
    assert only(week_rule({"MS-A-01": {"day": "2025-10-30/2025-11-03"}})).message.endswith(
        "move the day into weeks 1-4 or its last week to week 5")


def test_a_day_that_is_no_date_or_ends_before_it_starts_is_refused() -> None:
    assert only(week_rule({"QG-1": {"day": "2025-10-32"}})).message.startswith(
        "day '2025-10-32': the day '2025-10-32' is not a date")
    assert "ends on 2025-10-30 before it starts on 2025-10-31" in only(
        week_rule({"QG-1": {"day": "2025-10-31/2025-10-30"}})).message


def test_a_day_on_a_need_without_weeks_is_refused() -> None:
    finding = only(week_rule({"RSK-A": {"day": "2025-10-31"}}))
    at(finding, "RSK-A")
    assert "has no weeks to hold it" in finding.message


def test_a_milestone_on_the_day_of_its_prerequisite_is_refused() -> None:
    changes = {"MS-A-01": {"day": "2025-10-30/2025-10-31"}, "MS-A-02": {"day": "2025-10-31"}}
    finding = only(order_rule(changes))
    assert finding.rule == "CONS-DAY-ORDER"
    at(finding, "MS-A-02")
    assert finding.message == (
        "is on Friday 31 October 2025, but MS-A-01, which it waits for, is on Thursday 30 to "
        "Friday 31 October 2025: fix a day after Friday 31 October 2025 or move MS-A-01 "
        "before Friday 31 October 2025")


def test_a_gate_waits_for_the_milestones_of_its_phase() -> None:
    finding = only(order_rule({"MS-A-01": {"day": "2025-10-31"}, "QG-1": {"day": "2025-10-31"}}))
    at(finding, "QG-1")
    assert "MS-A-01, which it waits for" in finding.message
    # a milestone of another phase is not what the gate waits for
    assert order_rule({"MS-A-02": {"day": "2025-11-28"}, "QG-1": {"day": "2025-10-31"}}).ok


def test_readers_see_the_day_in_words() -> None:
    assert day_field_text("2026-03-09/2026-03-12") == "Monday 9 to Thursday 12 March 2026"
    assert day_field_text("2025-12-31/2026-01-02") == (
        "Wednesday 31 December 2025 to Friday 2 January 2026")
    assert day_field_text("not a day") == "not a day"
    need = graph({"QG-1": {"day": "2026-01-30"}}).needs["QG-1"]
    assert field_text(need, "day", SETTINGS) == "Friday 30 January 2026"
    assert prose_text("day", "2026-01-30") == "Friday 30 January 2026"
    assert prose_text("capacity", 2.5) == "2.5"
