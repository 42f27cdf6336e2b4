"""Schedule rules: windows, horizon, dependency order and cycles, done-ness.

Each function walks the graph once (O(needs + links)) and returns a RuleResult.
"""

from __future__ import annotations

from collections.abc import Iterable

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import RoadmapGraph, topological_order

PHASE_WINDOW = Rule(
    "SCHED-PHASE-WINDOW", "Milestone inside its phase",
    "A milestone's weeks start..due lie inside the window of its phase, and start <= due.",
    "graph")
WORKSTREAM_WINDOW = Rule(
    "SCHED-WORKSTREAM-WINDOW", "Milestone inside its workstream",
    "A milestone's weeks lie inside the window of the workstream that owns it.", "graph")
HORIZON = Rule(
    "SCHED-HORIZON", "Nothing beyond the horizon",
    "No phase, workstream or milestone reaches past the end of the last phase (the "
    "continuation horizon), and the phases tile the program from week 1 without gaps "
    "or overlaps.", "graph")
WORKSTREAM_COVERED = Rule(
    "SCHED-WORKSTREAM-COVERED", "Workstream weeks covered",
    "Every week of a workstream's window has at least one of its milestones in progress.",
    "graph")
DEPENDENCY_CYCLE = Rule(
    "SCHED-DEP-CYCLE", "No dependency cycle",
    "depends_on links between milestones form no cycle.", "graph")
DEPENDENCY_ORDER = Rule(
    "SCHED-DEP-ORDER", "Dependencies finish first",
    "A milestone starts no earlier than the due week of every milestone it depends on.",
    "graph")
DONE_AFTER_DEPS = Rule(
    "SCHED-DONE-DEPS", "Done only after dependencies",
    "A milestone may be done only if everything it depends on is done.", "graph")


def check_phase_window(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(PHASE_WINDOW)
    for ms in graph.of_type("milestone"):
        result.checked_ids.append(ms.id)
        window, phase = graph.window(ms), graph.phase_of(ms)
        if window is None or phase is None:
            continue  # missing fields and links are the schema rules' findings
        if window.start > window.end:
            result.findings.append(Finding.at(
                PHASE_WINDOW.id, ms, f"starts in week {window.start} after its due week "
                f"{window.end}"))
            continue
        phase_window = graph.window(phase)
        if phase_window and not phase_window.contains(window.start, window.end):
            result.findings.append(Finding.at(
                PHASE_WINDOW.id, ms, f"weeks {window.start}-{window.end} are outside phase "
                f"{phase.id} (weeks {phase_window.start}-{phase_window.end})"))
    return result


def check_workstream_window(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(WORKSTREAM_WINDOW)
    for ms in graph.of_type("milestone"):
        result.checked_ids.append(ms.id)
        window, ws = graph.window(ms), graph.workstream_of(ms)
        if window is None or ws is None:
            continue
        ws_window = graph.window(ws)
        if ws_window and not ws_window.contains(window.start, window.end):
            result.findings.append(Finding.at(
                WORKSTREAM_WINDOW.id, ms, f"weeks {window.start}-{window.end} are outside "
                f"workstream {ws.id} (weeks {ws_window.start}-{ws_window.end})"))
    return result


def check_horizon(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(HORIZON)
    horizon = graph.horizon
    expected_start = 1
    phases = sorted((p for p in graph.of_type("phase") if graph.window(p)),
                    key=lambda p: graph.window(p).start)
    for phase in phases:
        result.checked_ids.append(phase.id)
        window = graph.window(phase)
        if window.start != expected_start:
            result.findings.append(Finding.at(
                HORIZON.id, phase, f"starts in week {window.start}, but the previous phase "
                f"ends in week {expected_start - 1}: phases must follow each other without "
                "gap or overlap"))
        expected_start = window.end + 1
    if not phases:
        return result  # no phase at all is the schema rules' finding
    for need in graph.of_type("workstream") + graph.of_type("milestone"):
        result.checked_ids.append(need.id)
        window = graph.window(need)
        if window and window.end > horizon:
            result.findings.append(Finding.at(
                HORIZON.id, need, f"ends in week {window.end}, beyond the horizon "
                f"(week {horizon}, the end of the last phase)"))
    return result


def check_workstream_covered(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(WORKSTREAM_COVERED)
    for ws in graph.of_type("workstream"):
        result.checked_ids.append(ws.id)
        window = graph.window(ws)
        if window is None:
            continue
        busy: set[int] = set()
        for ms in graph.sources(ws, "workstream"):
            if ms.type == "milestone" and (ms_window := graph.window(ms)):
                busy.update(ms_window.weeks())
        idle = [w for w in window.weeks() if w not in busy]
        if idle:
            result.findings.append(Finding.at(
                WORKSTREAM_COVERED.id, ws, f"no milestone in progress in week(s) "
                f"{week_ranges(idle)} of its window {window.start}-{window.end}"))
    return result


def check_dependency_cycles(graph: RoadmapGraph) -> RuleResult:
    """Whatever cannot be put in dependency order lies on or behind a cycle."""
    result = RuleResult(DEPENDENCY_CYCLE)
    milestones = {ms.id: ms for ms in graph.of_type("milestone")}
    deps = {mid: [d for d in ms.links.get("depends_on", ()) if d in milestones]
            for mid, ms in milestones.items()}
    ordered = set(topological_order(deps))
    result.checked_ids.extend(milestones)
    stuck = set(milestones) - ordered
    for cycle in _cycles_among(stuck, deps):
        chain = " -> ".join([*cycle, cycle[0]])
        for mid in cycle:
            result.findings.append(Finding.at(
                DEPENDENCY_CYCLE.id, milestones[mid], f"is on a dependency cycle: {chain}"))
    return result


def _cycles_among(stuck: set[str], deps: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly tangled group, found by walking stuck edges."""
    cycles: list[list[str]] = []
    seen: set[str] = set()
    for start in sorted(stuck):
        if start in seen:
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node = start
        while node not in index and node not in seen:
            index[node] = len(path)
            path.append(node)
            node = next(d for d in deps[node] if d in stuck)
        if node in index:
            cycles.append(path[index[node]:])
        seen.update(path)
    return cycles


def check_dependency_order(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(DEPENDENCY_ORDER)
    for ms in graph.of_type("milestone"):
        result.checked_ids.append(ms.id)
        start = ms.week("start")
        if start is None:
            continue
        for dep in graph.targets(ms, "depends_on"):
            due = dep.week("due")
            if due is not None and due > start:
                result.findings.append(Finding.at(
                    DEPENDENCY_ORDER.id, ms, f"starts in week {start} but depends on "
                    f"{dep.id}, due in week {due}"))
    return result


def check_done_after_dependencies(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(DONE_AFTER_DEPS)
    for ms in graph.of_type("milestone"):
        if ms.get("status") != "done":
            continue
        result.checked_ids.append(ms.id)
        unfinished = [d.id for d in graph.targets(ms, "depends_on") if d.get("status") != "done"]
        if unfinished:
            result.findings.append(Finding.at(
                DONE_AFTER_DEPS.id, ms, f"is done but depends on unfinished "
                f"{', '.join(unfinished)}"))
    return result


def week_ranges(weeks: Iterable[int]) -> str:
    """[7, 1, 2, 3] -> '1-3, 7'."""
    spans: list[list[int]] = []
    for week in sorted(set(weeks)):
        if spans and week == spans[-1][1] + 1:
            spans[-1][1] = week
        else:
            spans.append([week, week])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


RULES = (
    (PHASE_WINDOW, check_phase_window),
    (WORKSTREAM_WINDOW, check_workstream_window),
    (HORIZON, check_horizon),
    (WORKSTREAM_COVERED, check_workstream_covered),
    (DEPENDENCY_CYCLE, check_dependency_cycles),
    (DEPENDENCY_ORDER, check_dependency_order),
    (DONE_AFTER_DEPS, check_done_after_dependencies),
)
