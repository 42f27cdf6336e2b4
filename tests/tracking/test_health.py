"""Declared health against the forecast, on the small week-6 program of ``week6.py``:
an "on track" that the forecast contradicts fails at the update's file and line, a
stale workstream warns (and fails only a strict check), an update from a week nobody
reported fails, and the program's health rolls up by the stated rule."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import week6

from roadmap import summary
from roadmap.clock import ClockError, build_today
from roadmap.config import SettingsError, settings_from
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import from_conf
from roadmap.roles import Health
from roadmap.rules import declared_health as rules
from roadmap.tracking.forecast import forecast
from roadmap.tracking.health_updates import ROLLUP_RULE, latest_updates, outlook, rollup
from roadmap.tracking.now import now_of

ROOT = Path(__file__).resolve().parents[2]
PROJECT = from_conf(ROOT)
AS_OF_6 = dataclasses.replace(PROJECT.settings, as_of=6)


def update(need_id: str, week: int, health: str, workstream: str | None, **extra: Any
           ) -> dict[str, Any]:
    scope = {"scope": "module", "workstream": [workstream]} if workstream else {
        "scope": "program"}
    return {"id": need_id, "type": "update", "title": need_id, "docname":
            f"status/week-{week:02d}", "lineno": 7, "week": week, "health": health,
            "owner": "A Lead", "changed": "What was delivered this week",
            "needed": "nothing", **scope, **extra}


def graph_with(*updates: dict[str, Any]) -> RoadmapGraph:
    """The week-6 program with these updates instead of its own."""
    needs = {i: n for i, n in week6.plan_needs().items() if n["type"] != "update"}
    needs.update({u["id"]: u for u in updates})
    return build_graph(needs, PROJECT.metamodel)


def test_on_track_against_a_late_forecast_fails_at_the_update() -> None:
    # WS-A's chain ends in week 10 against week 8 planned and a phase without buffer
    graph = graph_with(update("UPD-A-W06", 6, "on_track", "WS-A"))
    result = rules.check_on_track(graph, AS_OF_6)
    assert [(f.need_id, f.file, f.line) for f in result.findings] == [
        ("UPD-A-W06", "status/week-06.md", 7)]
    message = result.findings[0].message
    assert message.startswith("declared on track, forecast +2 weeks: MS-A-05, its last "
                              "milestone, finishes in week 10 against week 8 planned + 0 "
                              "buffer weeks; QG-2 moves from week 8 to week 10")
    assert result.fails


def test_at_risk_and_an_older_on_track_are_not_contradictions() -> None:
    # the latest update counts: week 4 said on track, week 6 says at risk
    graph = graph_with(update("UPD-A-W04", 4, "on_track", "WS-A"),
                       update("UPD-A-W06", 6, "at_risk", "WS-A"))
    assert rules.check_on_track(graph, AS_OF_6).ok


def test_a_slip_inside_the_buffer_keeps_on_track_true() -> None:
    needs = {i: n for i, n in week6.plan_needs().items() if n["type"] != "update"}
    needs["PH-2"]["end"] = 10  # two buffer weeks after MS-A-05's week 8
    needs["PH-2"]["buffer"] = 2
    needs["UPD-A-W06"] = update("UPD-A-W06", 6, "on_track", "WS-A")
    graph = build_graph(needs, PROJECT.metamodel)
    view = outlook(graph, forecast(graph, 6), graph.needs["WS-A"])
    assert (view.end_slip, view.buffer, view.late_by) == (2, 2, 0)
    assert rules.check_on_track(graph, AS_OF_6).ok


def test_the_program_update_is_judged_on_the_whole_program() -> None:
    graph = graph_with(update("UPD-PGM-W06", 6, "on_track", None))
    result = rules.check_on_track(graph, AS_OF_6)
    assert [f.need_id for f in result.findings] == ["UPD-PGM-W06"]
    assert "forecast +2 weeks" in result.findings[0].message


def test_a_stale_workstream_warns_without_failing_the_build() -> None:
    graph = graph_with(update("UPD-A-W06", 6, "at_risk", "WS-A"),
                       update("UPD-B-W03", 3, "on_track", "WS-B"))
    result = rules.check_stale(graph, AS_OF_6)
    assert [(f.need_id, f.message) for f in result.findings] == [
        ("WS-B", "has no health update since UPD-B-W03 of week 3, more than 2 weeks before "
                 "the as-of week 6 (roadmap_health_stale_weeks)")]
    assert result.rule.severity == "warning" and not result.fails
    assert summary.failing([result]) == [] and summary.noted([result]) == [result]


def test_nothing_is_stale_before_updates_are_due() -> None:
    graph = graph_with()
    assert rules.check_stale(graph, dataclasses.replace(AS_OF_6, as_of=2)).ok
    assert [f.need_id for f in rules.check_stale(graph, AS_OF_6).findings] == ["WS-A", "WS-B"]


def test_an_update_is_a_fact_of_a_reported_week() -> None:
    graph = graph_with(update("UPD-A-W07", 7, "on_track", "WS-A"),
                       {**update("UPD-B-W05", 5, "on_track", None), "workstream": ["WS-B"]},
                       update("UPD-B-W06", 6, "at_risk", "WS-B"),
                       update("UPD-B-W06-AGAIN", 6, "off_track", "WS-B"))
    found = {(f.need_id, f.message.split(" (")[0].split(";")[0])
             for f in rules.check_updates(graph, AS_OF_6).findings}
    assert found == {
        ("UPD-A-W07", "reports week 7, after the as-of week 6"),
        ("UPD-B-W05", "is the program's update"),
        ("UPD-B-W06-AGAIN", "reports week 6 of WS-B again"),
    }


def test_the_program_rolls_up_to_its_worst_workstream() -> None:
    graph = graph_with(update("UPD-A-W06", 6, "off_track", "WS-A"),
                       update("UPD-B-W05", 5, "on_track", "WS-B"))
    latest = latest_updates(graph, 6)
    rolled = rollup(graph, latest, 6, 2)
    assert rolled.health == Health.OFF_TRACK and rolled.text == "off track"
    assert [(ws.id, h) for ws, h, _ in rolled.counted] == [("WS-A", "off_track"),
                                                          ("WS-B", "on_track")]
    # a stale workstream counts as at risk
    stale = rollup(graph, {"WS-B": latest["WS-B"]}, 9, 2)
    assert stale.health == Health.AT_RISK
    assert "worst health" in ROLLUP_RULE


def test_before_any_report_the_roll_up_says_so() -> None:
    graph = graph_with()
    assert rollup(graph, latest_updates(graph, 0), 0, 2).text == "not reported"


# ------------------------------------------------------------------ now and today
def test_today_comes_from_one_place_that_tests_pin() -> None:
    assert build_today({"ROADMAP_TODAY": "2025-11-12"}) == date(2025, 11, 12)
    assert build_today({"SOURCE_DATE_EPOCH": "1763942400"}) == date(2025, 11, 24)
    assert build_today({"ROADMAP_TODAY": "2025-11-12",
                        "SOURCE_DATE_EPOCH": "1763942400"}) == date(2025, 11, 12)
    with pytest.raises(ClockError, match="ROADMAP_TODAY='last week' is not a date"):
        build_today({"ROADMAP_TODAY": "last week"})
    settings = settings_from({}, {"ROADMAP_TODAY": "2025-11-12"})
    assert settings.today == date(2025, 11, 12)
    with pytest.raises(SettingsError):
        settings_from({}, {"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize(("as_of", "today", "sentence", "meaning"), [
    (0, date(2025, 10, 1), "the calendar says week 0", "The program has not started"),
    (0, date(2025, 11, 12), "the calendar says week 6 (Wednesday 12 Nov 2025)",
     "No week has been reported yet"),
    (6, date(2025, 11, 26), "Status as of week 6 (10\u201314 Nov 2025); the calendar says "
     "week 8", "The report is 2 weeks old"),
    (6, date(2025, 11, 14), "the calendar says week 6", "The report is current"),
    (6, date(2025, 11, 5), "the calendar says week 5", "dated ahead of the calendar"),
    (0, date(2026, 12, 7), "today, Monday 7 Dec 2026, is after week 26",
     "The program's calendar ended on 17 Apr 2026 and no week has been reported"),
])
def test_now_says_what_the_two_weeks_mean(as_of: int, today: date, sentence: str,
                                          meaning: str) -> None:
    now = now_of(dataclasses.replace(PROJECT.settings, as_of=as_of, today=today), 26)
    assert sentence in now.sentence() and meaning in now.meaning()
