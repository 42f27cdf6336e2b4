"""Each section of the review, proved on a small plan (``smallplan.py``) and one change:
a slip carried through a chain to a gate and the program's end, a new overload, a cost
change, a mitigation that now lands late, rules that newly fail, and a target change
that makes three links suspect."""

from __future__ import annotations

import pytest
import smallplan

from roadmap.config import Settings
from roadmap.graph import Need, build_graph
from roadmap.impact import Impact, ImpactError, impact
from roadmap.impact.verdict import failures, verdict
from roadmap.load import usable_capacity

SLIP = {"MS-A-02": {"due": 8}}  # two weeks longer, inside its phase


def review(changes: smallplan.Changes) -> Impact:
    return impact(smallplan.graph(), smallplan.graph(changes), smallplan.PROJECT)


def test_no_change_is_no_change() -> None:
    result = review({})
    assert result.empty
    assert verdict(result) == "no change to the plan"


def test_a_slip_is_carried_through_the_chain_to_the_gate_and_the_program_end() -> None:
    sched = review(SLIP).schedule
    assert (sched.end.before, sched.end.after) == (7, 9)
    assert sched.end_by == ("MS-A-03", "MS-A-03")
    (gate,) = sched.moved_gates
    assert (gate.gate, gate.phase, gate.week.before, gate.week.after) == ("QG-2", "PH-2", 8, 9)
    moved = {m.milestone: m for m in sched.moved}
    assert set(moved) == {"MS-A-02", "MS-A-03"}
    # the dependant nobody touched keeps its week of handover: it moves by two weeks
    assert (moved["MS-A-03"].finish.before, moved["MS-A-03"].finish.after) == (7, 9)
    assert moved["MS-A-03"].chain == ("MS-A-02", "MS-A-03")
    assert moved["MS-A-03"].cause == "due 6 \u2192 8"
    (phase,) = [p for p in sched.phases if p.phase == "PH-2"]
    assert (phase.buffer_used.before, phase.buffer_used.after) == (0, 1)
    assert (phase.gate_week.before, phase.gate_week.after) == (8, 9)
    (chain,) = [f for f in sched.floats if f.end == "MS-A-03"]
    assert (chain.float.before, chain.float.after) == (1, -1)


def test_the_verdict_names_the_end_date_and_the_gate() -> None:
    result = review(SLIP)
    line = verdict(result)
    assert line.startswith("moves the program end by +2 weeks (week 7 \u2192 9, 5 Dec 2025); "
                           "QG-2 +1 week")
    assert failures(result, ["end", "gate"]) == [
        "the program's forecast end moves later", "a gate moves later"]
    assert failures(review({"MS-A-03": {"title": "Validation"}}), ["end", "gate"]) == []


def test_a_new_overload_comes_first() -> None:
    result = review({"MS-B-01": {"effort": 3}})
    first = result.capacity.cells[0]
    assert (first.role, first.week, first.before, first.after, first.kind) == (
        "RES-ROLE-A", 7, 2.0, 4.0, "new overload")
    assert "RES-ROLE-A over capacity in week 7" in verdict(result)
    assert failures(result, ["capacity"])


def test_a_cost_change_by_role_tool_phase_and_total() -> None:
    budget = review({"RES-ROLE-A": {"rate": 6000}, "RES-TOOL-A": {"cost": 250}}).budget
    lines = {(line.kind, line.key): line for line in budget.lines}
    role = lines[("role", "RES-ROLE-A")]
    assert (role.work.before, role.work.after) == (40000, 48000)  # 8 person-weeks planned
    tool = lines[("tool", "RES-TOOL-A")]
    assert (tool.stated.before, tool.stated.after) == (100, 250)
    assert {key for kind, key in lines if kind == "phase"} == {"PH-1", "PH-2"}
    assert (lines[("phase", "PH-2")].work.before, lines[("phase", "PH-2")].work.after) == (
        20000, 24000)
    assert budget.total.work.delta == 8000 and budget.total.stated.delta == 150


def test_a_tool_booked_for_other_weeks_is_listed_with_its_weeks() -> None:
    budget = review({"MS-B-01": {"start": 8, "due": 8}}).budget
    (tool,) = budget.of("tool")
    assert tool.weeks == ((1, 2, 3, 4, 7), (1, 2, 3, 4, 8))


def test_a_mitigation_that_now_lands_after_the_work_it_protects() -> None:
    risks = review(SLIP).risks
    (late,) = risks.late
    assert late.risk == "RSK-B"
    assert late.after is not None
    assert (late.after.mitigated_by, late.after.mitigation, late.after.threatened,
            late.after.deadline) == ("MS-A-02", 8, "MS-B-01", 7)
    assert risks.risks[0] is late  # the late one first


def test_a_risk_score_change_and_a_closed_risk() -> None:
    risks = review({"RSK-A": {"impact": 4}, "RSK-B": {"status": "closed"}}).risks
    found = {r.risk: r for r in risks.risks}
    assert found["RSK-A"].score == (4, 8)
    assert found["RSK-B"].kind == "closed"


def test_rules_that_newly_fail_name_file_line_and_need() -> None:
    rules = review(SLIP).rules
    assert rules is not None
    failing = {(f.rule, f.need_id): f for f in rules.failing}
    # two weeks longer: into the buffer week, over capacity in week 7, past its
    # dependant's start and past the work its risk protects
    assert set(failing) == {("SCHED-BUFFER", "MS-A-02"), ("CONS-CAPACITY", "RES-ROLE-A"),
                            ("SCHED-DEP-ORDER", "MS-A-03"), ("SCHED-DEP-START", "MS-A-03"),
                            ("CONS-RISK-MITIGATION", "RSK-B")}
    assert failing[("CONS-RISK-MITIGATION", "RSK-B")].location == "plan.md:999"
    assert review({}).rules == type(rules)()
    fixed = impact(smallplan.graph(SLIP), smallplan.graph(), smallplan.PROJECT).rules
    assert fixed is not None and len(fixed.passing) == 5 and not fixed.failing


def test_a_target_change_makes_three_links_suspect() -> None:
    suspect = review({"MET-B": {"target": 15}}).suspect
    assert [str(c.key) for c in suspect.to_review] == [
        "QG-1 checks MET-B", "RSK-A watched_by MET-B", "TST-A verifies MET-B"]
    assert {c.what for c in suspect.to_review} == {("target 20 \u2192 15",)}


def test_plan_and_progress_changes_are_apart() -> None:
    result = review({"MS-A-01": {"status": "in_progress", "actual_start": 1},
                     "MS-A-03": {"title": "Peak-load validation"}, "GAP-A": None})
    assert [(c.need_id, c.kind) for c in result.plan.needs] == [("GAP-A", "removed"),
                                                                 ("MS-A-03", "changed")]
    (progress,) = result.progress.needs
    assert [f.name for f in progress.fields] == ["status", "actual_start"]


def test_unrelated_plans_are_refused() -> None:
    metamodel = smallplan.PROJECT.metamodel
    with pytest.raises(ImpactError, match="the plan has no needs to compare"):
        impact(smallplan.graph(), build_graph({}, metamodel), smallplan.PROJECT)
    renamed = {f"{k}-X": {**v, "id": f"{k}-X"} for k, v in smallplan.needs().items()}
    with pytest.raises(ImpactError, match="unrelated plans: they share 0 of 19 and 19"):
        impact(smallplan.graph(), build_graph(renamed, metamodel), smallplan.PROJECT)


def test_a_scenario_can_change_capacity_over_weeks() -> None:
    def fewer_in_week_7(role: Need, week: int, settings: Settings) -> float:
        return 1.0 if week == 7 else usable_capacity(role, week, settings)

    plan = smallplan.graph()
    result = impact(plan, smallplan.graph({"MS-B-01": {"effort": 1.5}}), smallplan.PROJECT,
                    rules=False, capacity_of=fewer_in_week_7)
    (cell,) = result.capacity.cells
    assert (cell.week, cell.before, cell.after, cell.usable, cell.kind) == (
        7, 2.0, 2.5, 1.0, "new overload")
    same = impact(plan, smallplan.graph(), smallplan.PROJECT, rules=False,
                  capacity_of=fewer_in_week_7)
    (cell,) = same.capacity.cells  # the load stays, the capacity drops under it
    assert (cell.week, cell.before, cell.after, cell.kind) == (7, 2.0, 2.0, "new overload")
