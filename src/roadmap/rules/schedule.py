"""Schedule rules: windows, horizon, dependency order and cycles, done-ness.

Each function walks the graph once (O(needs + links)) and returns a RuleResult.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph, topological_order
from roadmap.program_schedule import (
    buffer_weeks,
    dependency_map,
    duration,
    is_checkpoint,
    week_ranges,
)
from roadmap.roles import FIELDS, LINKS, TYPES, Status
from roadmap.suite import graph_rule

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
WINDOW_ORDER = Rule(
    "SCHED-WINDOW-ORDER", "Phases and workstreams run forward",
    "A phase or workstream ends no earlier than it starts (a milestone's start and due "
    "are checked by SCHED-PHASE-WINDOW).", "graph")
WORKSTREAM_COVERED = Rule(
    "SCHED-WORKSTREAM-COVERED", "Workstream weeks covered",
    "Every week of a workstream's window has at least one of its milestones in progress, "
    "but for the buffer weeks phases keep before their gates.", "graph")
DEPENDENCY_CYCLE = Rule(
    "SCHED-DEP-CYCLE", "No dependency cycle",
    "depends_on links between milestones form no cycle.", "graph")
DEPENDENCY_ORDER = Rule(
    "SCHED-DEP-ORDER", "Dependencies finish first",
    "A milestone starts no earlier than the due week of every milestone it depends on.",
    "graph")
DEPENDENCY_START = Rule(
    "SCHED-DEP-START", "Start after multi-week prerequisites",
    "A milestone starts in the week after the due week of each prerequisite that takes more "
    "than one week (after a one-week prerequisite it may start in its due week), as the "
    "executive roadmap states; weekly checkpoints (tag checkpoint), reviews at the end of "
    "their week, are exempt.", "graph")
BUFFER = Rule(
    "SCHED-BUFFER", "Buffers before gates",
    "No deliverable of a phase is due in the buffer weeks it keeps before its gate (its "
    "last `buffer` weeks); only checkpoints fall there.", "graph")
IN_PRODUCTION = Rule(
    "SCHED-IN-PRODUCTION", "Production changes inside their milestone",
    "A milestone reaches production (in_production) in one of its own weeks, from its "
    "start to its due week: a change that lands before the work starts, or after the "
    "milestone is due, is not the change the milestone delivers.", "graph")
DONE_AFTER_DEPS = Rule(
    "SCHED-DONE-DEPS", "Done only after dependencies",
    "A milestone may be done only if everything it depends on is done, and no earlier than "
    "they finished (its actual_end no earlier than theirs).", "graph")


@graph_rule(PHASE_WINDOW)
def check_phase_window(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(PHASE_WINDOW)
    for ms in graph.of_type(TYPES.milestone):
        result.checked_ids.append(ms.id)
        window, phase = graph.window(ms), graph.phase_of(ms)
        if window is None or phase is None:
            continue  # missing fields and links are the schema rules' findings
        if window.start > window.end:
            result.fail(ms, f"starts in week {window.start} after its due week {window.end}")
            continue
        phase_window = graph.window(phase)
        if phase_window and not phase_window.contains(window.start, window.end):
            result.fail(ms, f"weeks {window.start}-{window.end} are outside phase {phase.id} "
                        f"(weeks {phase_window.start}-{phase_window.end})")
    return result


@graph_rule(WORKSTREAM_WINDOW)
def check_workstream_window(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(WORKSTREAM_WINDOW)
    for ms in graph.of_type(TYPES.milestone):
        result.checked_ids.append(ms.id)
        window, ws = graph.window(ms), graph.workstream_of(ms)
        if window is None or ws is None:
            continue
        ws_window = graph.window(ws)
        if ws_window and not ws_window.contains(window.start, window.end):
            result.fail(ms, f"weeks {window.start}-{window.end} are outside workstream "
                        f"{ws.id} (weeks {ws_window.start}-{ws_window.end})")
    return result


@graph_rule(HORIZON)
def check_horizon(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(HORIZON)
    windows = {p.id: w for p in graph.of_type(TYPES.phase) if (w := graph.window(p))}
    expected_start = 1
    for phase_id in sorted(windows, key=lambda pid: windows[pid].start):
        phase, window = graph.needs[phase_id], windows[phase_id]
        result.checked_ids.append(phase.id)
        if window.start != expected_start:
            result.fail(phase, f"starts in week {window.start}, but the previous phase "
                        f"ends in week {expected_start - 1}: phases must follow each other "
                        "without gap or overlap")
        expected_start = window.end + 1
    if not windows:
        return result  # no phase at all is the schema rules' finding
    horizon = graph.horizon
    for need in graph.of_type(TYPES.workstream) + graph.of_type(TYPES.milestone):
        result.checked_ids.append(need.id)
        span = graph.window(need)
        if span and span.end > horizon:
            result.fail(need, f"ends in week {span.end}, beyond the horizon "
                        f"(week {horizon}, the end of the last phase)")
    return result


@graph_rule(WINDOW_ORDER)
def check_window_order(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(WINDOW_ORDER)
    for need in graph.of_type(TYPES.phase) + graph.of_type(TYPES.workstream):
        result.checked_ids.append(need.id)
        window = graph.window(need)
        if window is not None and window.end < window.start:
            result.fail(need, f"ends in week {window.end}, before it starts in week "
                        f"{window.start}: the {need.type}'s end must not come before its "
                        "start")
    return result


@graph_rule(WORKSTREAM_COVERED)
def check_workstream_covered(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(WORKSTREAM_COVERED)
    for ws in graph.of_type(TYPES.workstream):
        result.checked_ids.append(ws.id)
        window = graph.window(ws)
        if window is None:
            continue
        busy: set[int] = buffer_weeks(graph)
        for ms in graph.sources(ws, LINKS.workstream):
            if ms.type == TYPES.milestone and (ms_window := graph.window(ms)):
                busy.update(ms_window.weeks())
        idle = [w for w in window.weeks() if w not in busy]
        if idle:
            result.fail(ws, f"no milestone in progress in week(s) {week_ranges(idle)} of its "
                        f"window {window.start}-{window.end}")
    return result


@graph_rule(DEPENDENCY_CYCLE)
def check_dependency_cycles(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    """Whatever cannot be put in dependency order lies on or behind a cycle."""
    result = RuleResult(DEPENDENCY_CYCLE)
    milestones = {ms.id: ms for ms in graph.of_type(TYPES.milestone)}
    deps = dependency_map(graph, milestones, keep_self=True)
    ordered = set(topological_order(deps))
    result.checked_ids.extend(milestones)
    stuck = set(milestones) - ordered
    for cycle in _cycles_among(stuck, deps):
        chain = " -> ".join([*cycle, cycle[0]])
        for mid in cycle:
            result.fail(milestones[mid], f"is on a dependency cycle: {chain}")
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


@graph_rule(DEPENDENCY_ORDER)
def check_dependency_order(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(DEPENDENCY_ORDER)
    for ms in graph.of_type(TYPES.milestone):
        result.checked_ids.append(ms.id)
        start = ms.week(FIELDS.start)
        if start is None:
            continue
        for dep in graph.targets(ms, LINKS.depends_on):
            due = dep.week(FIELDS.due)
            if due is not None and due > start:
                result.fail(ms, f"starts in week {start} but depends on {dep.id}, due in "
                            f"week {due}")
    return result


@graph_rule(DONE_AFTER_DEPS)
def check_done_after_dependencies(graph: RoadmapGraph, settings: Settings = DEFAULTS
                                  ) -> RuleResult:
    result = RuleResult(DONE_AFTER_DEPS)
    for ms in graph.of_type(TYPES.milestone):
        if ms.get(FIELDS.status) != Status.DONE:
            continue
        result.checked_ids.append(ms.id)
        prerequisites = graph.targets(ms, LINKS.depends_on)
        unfinished = [d.id for d in prerequisites if d.get(FIELDS.status) != Status.DONE]
        if unfinished:
            result.fail(ms, f"is done but depends on unfinished {', '.join(unfinished)}")
        for problem in _actual_order_problems(ms, prerequisites):
            result.fail(ms, problem)
    return result


def _actual_order_problems(ms: Need, prerequisites: list[Need]) -> list[str]:
    """A milestone done before a prerequisite finished, by their actual weeks (a
    checkpoint reviews work due in its own week, so it may finish with it)."""
    end = ms.week(FIELDS.actual_end)
    problems = []
    for dep in prerequisites:
        dep_end = dep.week(FIELDS.actual_end)
        if end is not None and dep_end is not None and end < dep_end:
            problems.append(f"finished in week {end}, before its prerequisite {dep.id} "
                            f"finished in week {dep_end}")
    return problems


@graph_rule(DEPENDENCY_START)
def check_dependency_start(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(DEPENDENCY_START)
    for ms in graph.of_type(TYPES.milestone):
        if is_checkpoint(ms):
            continue
        result.checked_ids.append(ms.id)
        start = ms.week(FIELDS.start)
        if start is None:
            continue
        for dep in graph.targets(ms, LINKS.depends_on):
            due = dep.week(FIELDS.due)
            if due is None or start > due:
                continue  # most prerequisites are due before: no duration asked
            weeks = duration(dep)
            if weeks is None or weeks < 2:
                continue
            result.fail(ms, f"starts in week {start}, in the last week of {dep.id} ({weeks} weeks, "
                        f"due in week {due}): start in week {due + 1} or later")
    return result


@graph_rule(BUFFER)
def check_buffer(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(BUFFER)
    for phase in graph.of_type(TYPES.phase):
        end, buffer = phase.week(FIELDS.end), phase.week(FIELDS.buffer) or 0
        if end is None or not buffer:
            continue
        result.checked_ids.append(phase.id)
        last = end - buffer
        for ms in graph.sources(phase, LINKS.phase):
            due = ms.week(FIELDS.due)
            if ms.type == TYPES.milestone and not is_checkpoint(ms) and due is not None \
                    and due > last:
                result.fail(ms, f"is due in week {due}, in the {buffer}-week buffer {phase.id} "
                            f"keeps before its gate: due in week {last} at the latest")
    return result


@graph_rule(IN_PRODUCTION)
def check_in_production(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(IN_PRODUCTION)
    for ms in graph.of_type(TYPES.milestone):
        week, window = ms.week(FIELDS.in_production), graph.window(ms)
        if week is None or window is None:
            continue
        result.checked_ids.append(ms.id)
        if not window.start <= week <= window.end:
            result.fail(ms, f"reaches production in week {week}, outside its weeks "
                        f"{window.start}-{window.end}")
    return result
