"""The capacity-levelled proposal on small plans: it removes every overload after the
as-of week, moves work within its float before it moves anything across it, says what
it moved and why, leaves what is done or past alone, and is a scenario the overlay
applies to a plan the capacity rule passes."""

from __future__ import annotations

import dataclasses

import chainplan

from roadmap.cli_whatif import level_json, level_lines
from roadmap.graph import Window
from roadmap.impact import impact
from roadmap.rules.consistency import check_capacity
from roadmap.whatif.entries import scenario_from_options
from roadmap.whatif.levelling import free_float, level
from roadmap.whatif.overlay import apply_scenario

SETTINGS = chainplan.PROJECT.settings


def slipped():
    """The chain plan with MS-A-02 two weeks late: role A over capacity in weeks 7-8."""
    plan = chainplan.graph()
    return apply_scenario(plan, scenario_from_options({"slip": ["MS-A-02=+2"]}),
                          SETTINGS).graph


def test_a_plan_within_capacity_needs_no_move_and_says_what_it_checked() -> None:
    result = level(chainplan.graph(), SETTINGS)
    assert result.overloads == () and result.moves == () and result.remaining == ()
    assert result.checked == 8 and result.focus_factor == 1.0  # role A, weeks 1-8
    assert (result.planned_end, result.end) == (8, 8)


def test_the_proposal_removes_every_overload_and_says_what_it_moved() -> None:
    head = slipped()
    result = level(head, SETTINGS)
    assert [(o.role.id, o.week) for o in result.overloads] == [("RES-ROLE-A", 7),
                                                                 ("RES-ROLE-A", 8)]
    assert result.remaining == ()
    moves = {m.milestone.id: m for m in result.moves}
    assert list(moves) == ["MS-B-02"]
    move = moves["MS-B-02"]
    assert (move.before, move.after, move.within_float) == (Window(7, 8), Window(9, 10), False)
    assert move.reason == "RES-ROLE-A has no room from week 7"
    assert str(move) == "MS-B-02: weeks 7-8 -> 9-10 (RES-ROLE-A has no room from week 7)"
    assert (result.planned_end, result.end) == (9, 10)
    levelled = apply_scenario(head, result.scenario, SETTINGS).graph
    assert check_capacity(levelled, SETTINGS).ok
    assert not check_capacity(head, SETTINGS).ok


def test_work_moves_within_its_float_first() -> None:
    # MS-B-02 in weeks 5-6 (with float to week 8) lands on MS-A-03: it moves within it
    plan = chainplan.graph(MS_B_02={"start": 5, "due": 6})
    result = level(plan, SETTINGS)
    assert [(m.milestone.id, m.before, m.after, m.within_float) for m in result.moves] == [
        ("MS-B-02", Window(5, 6), Window(7, 8), True)]
    assert result.moves[0].reason.startswith("within its float of 2 weeks: RES-ROLE-A is over "
                                            "capacity in week 5")
    # the last milestone is now due in week 8 instead of 7, inside PH-2: its gate stays
    assert result.remaining == () and (result.planned_end, result.end) == (7, 8)


def test_free_float_stops_at_dependants_the_phase_buffer_and_the_workstream() -> None:
    from roadmap.whatif.levelling import _Schedule

    state = _Schedule(chainplan.graph(PH_2={"buffer": 1}, MS_B_02={"start": 5, "due": 5}),
                      SETTINGS)
    assert free_float(state, state.tasks["MS-A-02"]) == 0  # MS-A-03 starts the week after
    assert free_float(state, state.tasks["MS-B-02"]) == 2  # deliverables end in week 7


def test_what_is_done_or_past_stays_where_it_is() -> None:
    plan = chainplan.graph(MS_A_01={"status": "done", "actual_start": 1, "actual_end": 2},
                           MS_B_02={"start": 1, "due": 2, "phase": ["PH-1"]})
    settings = dataclasses.replace(SETTINGS, as_of=2)
    result = level(plan, settings)
    assert result.overloads == () and result.moves == ()  # weeks 1-2 are past
    assert level(plan, SETTINGS).moves  # as of week 0 the same overload is moved


def test_a_milestone_no_week_can_hold_is_stretched() -> None:
    plan = chainplan.graph(MS_A_04={"effort": 4})  # 4 person-weeks in one week of 1.5
    result = level(plan, SETTINGS)
    move = next(m for m in result.moves if m.milestone.id == "MS-A-04")
    assert move.after.end - move.after.start + 1 == 3 and "stretched" in move.reason
    assert result.remaining == ()


def test_no_move_ends_after_the_calendar_and_what_cannot_move_is_left_over() -> None:
    # two milestones of the role in the last two weeks, 3 person-weeks a week of 1.5:
    # the only room is after week 26, which no scenario may plan, so nothing moves there
    plan = chainplan.graph(MS_A_04={"start": 25, "due": 26, "effort": 3},
                           MS_B_02={"start": 25, "due": 26, "effort": 3})
    result = level(plan, SETTINGS)
    assert {(o.role.id, o.week) for o in result.overloads} == {("RES-ROLE-A", 25),
                                                               ("RES-ROLE-A", 26)}
    assert all(m.after.end <= 26 for m in result.moves)
    assert result.remaining and result.end <= 26


def test_the_proposal_ends_where_the_review_engine_says_it_does() -> None:
    """MS-A-03 (weeks 24-25) meets a milestone already under way in week 24 and moves to
    weeks 25-26; MS-A-04 (week 26) waits for it but has no week left before the calendar
    ends, so the levelling leaves it where it is, and the overlay that makes the proposal
    carries it to week 27. The summary's end is that week, the one the engine's verdict
    gives, not the last week the levelling booked."""
    plan = chainplan.graph(MS_A_03={"start": 24, "due": 25},
                           MS_A_04={"start": 26, "due": 26},
                           MS_B_02={"start": 24, "due": 24, "effort": 1,
                                    "status": "in_progress", "actual_start": 24})
    result = level(plan, SETTINGS)
    assert [(m.milestone.id, m.after) for m in result.moves] == [("MS-A-03", Window(25, 26))]
    assert (result.planned_end, result.end) == (26, 27)
    assert result.past_last == (("MS-A-04", 27),)
    levelled = apply_scenario(plan, result.scenario, SETTINGS).graph
    engine = impact(plan, levelled, chainplan.PROJECT, rules=False).schedule.end
    assert (engine.before, engine.after) == (result.planned_end, result.end)


def test_the_summary_line_says_when_the_proposal_ends_past_the_calendar() -> None:
    """The case above: MS-A-04 is carried to week 27. The summary's end line says so, as
    the review engine's verdict does; a proposal within the calendar says nothing of it."""
    plan = chainplan.graph(MS_A_03={"start": 24, "due": 25},
                           MS_A_04={"start": 26, "due": 26},
                           MS_B_02={"start": 24, "due": 24, "effort": 1,
                                    "status": "in_progress", "actual_start": 24})
    result = level(plan, SETTINGS)
    assert result.past_calendar == ("past week 26, the calendar's last week (MS-A-04 due in "
                                    "week 27)")
    end_line = level_lines(result, chainplan.PROJECT)[-1]
    assert end_line.startswith("end: week 27") and end_line.endswith(
        ", past week 26, the calendar's last week (MS-A-04 due in week 27)")
    assert level_json(result)["past_last_week"] == [{"milestone": "MS-A-04", "due": 27}]
    within = level(slipped(), SETTINGS)
    assert within.past_last == () and within.past_calendar == ""
    assert "calendar" not in level_lines(within, chainplan.PROJECT)[-1]
