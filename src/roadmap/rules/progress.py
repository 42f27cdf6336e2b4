"""Tracking rules: a reported status that contradicts itself fails the build.

Being late is a fact, not a contradiction: these rules never fail a milestone for
being late. They fail an actual week after the as-of week (progress from the future),
a status its actual weeks do not support, a measurement in another unit than its
metric's or outside its week's status page, a gate decision the measurements do not
carry, and an interim target that does not lead from the baseline to the target.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import is_checkpoint
from roadmap.roles import FIELDS, LINKS, TYPES, Status
from roadmap.rules.plan import out_of_range, unit_range
from roadmap.suite import graph_rule
from roadmap.tracking.measures import (
    InterimError,
    at_least_as_good,
    measurements,
    parse_interim,
    target_week,
)
from roadmap.tracking.status_report import gate_states

ACTUALS = Rule(
    "TRACK-ACTUALS", "Actual weeks support the status",
    "A milestone in progress (or at risk or blocked after it started) has an actual_start; "
    "a done one has actual_start and actual_end, in that order; a planned one has neither; "
    "remaining work is given only for started work; and no actual week lies after the "
    "as-of week (roadmap_as_of).", "graph")
CANCELLED = Rule(
    "TRACK-CANCELLED", "Cancellations explained",
    "A cancelled milestone states its reason (the reason field) and leaves no dependant "
    "that is still to be delivered.", "graph")
MEASUREMENT = Rule(
    "TRACK-MEASUREMENT", "Measurements are facts of their week",
    "A measurement is in the unit of the metric it measures, in that unit's range (no "
    "140 % of routes), is taken no later than the as-of week, stands on the status page "
    "of its week (status/week-NN), and is the only one of its metric that week.", "graph")
GATE_DECISION = Rule(
    "TRACK-GATE-DECISION", "Gate decisions carried by measurements",
    "An open gate has no decision week; a passed, failed or waived one has its decision "
    "week within its phase (a pass no earlier than the due week of the phase's last "
    "deliverable) and no later than the as-of week; a passed gate has the latest measurement "
    "of every metric it checks at target and no deliverable of its phase still planned; "
    "a waived one names who waived it and why.", "graph")
INTERIM = Rule(
    "TRACK-INTERIM", "Interim targets lead to the target",
    "A metric's interim targets are week=value pairs, once per week in increasing order, "
    "no later than the week its final target is due (a point in that week is the target "
    "itself), none worse than the baseline, none past the target and none worse than the "
    "one before.", "graph")


def _actual_problems(ms: Need, as_of: int) -> list[str]:
    status = ms.get(FIELDS.status)
    start, end = ms.week(FIELDS.actual_start), ms.week(FIELDS.actual_end)
    problems = []
    if status == Status.IN_PROGRESS and start is None:
        problems.append("is in_progress but has no actual_start (the week work began)")
    if status == Status.DONE and (start is None or end is None):
        problems.append("is done but lacks actual_start or actual_end (expected both weeks)")
    if status == Status.PLANNED and (start is not None or end is not None):
        problems.append("is planned but has actual weeks (set status in_progress or done)")
    if end is not None and status not in (Status.DONE, Status.CANCELLED):
        problems.append(f"has actual_end {end} but is {status}, not done")
    if start is not None and end is not None and end < start:
        problems.append(f"actual_end {end} is before actual_start {start}")
    if ms.get(FIELDS.remaining) is not None and (start is None or status == Status.DONE):
        problems.append("gives remaining work but has not started or is done")
    for name, week in ((FIELDS.actual_start, start), (FIELDS.actual_end, end)):
        if week is not None and week > as_of:
            problems.append(f"{name} {week} lies after the as-of week {as_of} (progress is "
                            "reported only up to roadmap_as_of)")
    return problems


@graph_rule(ACTUALS)
def check_actuals(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(ACTUALS)
    for ms in graph.of_type(TYPES.milestone):
        result.checked_ids.append(ms.id)
        for problem in _actual_problems(ms, settings.as_of):
            result.fail(ms, problem)
    return result


@graph_rule(CANCELLED)
def check_cancelled(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(CANCELLED)
    for ms in graph.of_type(TYPES.milestone):
        if ms.get(FIELDS.status) != Status.CANCELLED:
            continue
        result.checked_ids.append(ms.id)
        if not ms.get(FIELDS.reason):
            result.fail(ms, "is cancelled without a reason (set the reason field: why, and "
                        "what takes its place)")
        open_dependants = sorted(d.id for d in graph.sources(ms, LINKS.depends_on)
                                 if d.get(FIELDS.status) != Status.CANCELLED)
        if open_dependants:
            result.fail(ms, f"is cancelled but {', '.join(open_dependants)} still depend on it "
                        "(re-plan or cancel them)")
    return result


def _measurement_problems(graph: RoadmapGraph, need: Need, as_of: int) -> list[str]:
    problems = []
    metrics = graph.targets(need, LINKS.of)
    week = need.week(FIELDS.week)
    if metrics and need.get(FIELDS.unit) != metrics[0].get(FIELDS.unit):
        problems.append(f"is in {need.get(FIELDS.unit)!r} but {metrics[0].id} is measured in "
                        f"{metrics[0].get(FIELDS.unit)!r}")
    if week is not None and week > as_of:
        problems.append(f"is taken in week {week}, after the as-of week {as_of}")
    if week is not None and need.docname and need.docname != status_page(week):
        problems.append(f"of week {week} stands on {need.docname}, not on {status_page(week)}")
    value, unit = need.number(FIELDS.value), need.get(FIELDS.unit)
    if value is not None and isinstance(unit, str):
        low, high, kind = unit_range(unit)
        if (outside := out_of_range(value, low, high)) is not None:
            problems.append(f"value {value:g} is {outside}, impossible for its unit '{unit}' "
                            f"({kind})")
    return problems


def status_page(week: int) -> str:
    """The document that reports a program week."""
    return f"status/week-{week:02d}"


@graph_rule(MEASUREMENT)
def check_measurements(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(MEASUREMENT)
    for need in graph.of_type(TYPES.measurement):
        result.checked_ids.append(need.id)
        for problem in _measurement_problems(graph, need, settings.as_of):
            result.fail(need, problem)
    for series in measurements(graph).values():
        seen: dict[int, str] = {}
        for m in series:
            if m.week in seen:
                result.fail(m.need, f"measures {m.metric.id} in week {m.week} again (also "
                            f"{seen[m.week]}): one value per metric and week")
            seen.setdefault(m.week, m.need.id)
    return result


def deliverables(graph: RoadmapGraph, phase: Need) -> list[Need]:
    """The milestones a phase delivers: its own, not checkpoints, not cancelled."""
    return [ms for ms in graph.sources(phase, LINKS.phase)
            if ms.type == TYPES.milestone and not is_checkpoint(ms)
            and ms.get(FIELDS.status) != Status.CANCELLED]


def decision_window(graph: RoadmapGraph, phase: Need) -> tuple[int, int, Need | None] | None:
    """The weeks a phase's gate may be decided in: from the due week of the phase's last
    deliverable (the phase's first week when it has none) to the phase's last week;
    and that last deliverable. None when the phase has no weeks."""
    window = graph.window(phase)
    if window is None:
        return None
    last = max(deliverables(graph, phase), key=lambda ms: (ms.week(FIELDS.due) or 0, ms.id),
               default=None)
    opens = (last.week(FIELDS.due) if last is not None else None) or window.start
    return min(max(opens, window.start), window.end), window.end, last


def _window_problems(graph: RoadmapGraph, week: int, phase: Need, status: str) -> list[str]:
    """A decision outside its window: a pass before the phase's last deliverable is due
    (a waiver or a failure may come earlier, once it is clear), any decision after the
    phase."""
    start = phase.week(FIELDS.start)
    if start is not None and week < start:
        return [f"is decided in week {week}, before its phase {phase.id} starts in week {start}"]
    window = decision_window(graph, phase)
    if window is None:
        return []
    opens, closes, last = window
    if week < opens and status == Status.PASSED:
        return [f"is decided in week {week}, before its window opens in week {opens}, when "
                f"{last.id if last else 'the phase'}, the last deliverable of {phase.id}, is "
                "due (a gate is decided from that week to the phase's last week)"]
    if week > closes:
        return [f"is decided in week {week}, after its phase {phase.id} ended in week {closes} "
                "(a gate is decided within its phase; a later decision is a re-plan: move the "
                "phase's end)"]
    return []


def _decision_problems(graph: RoadmapGraph, gate: Need, phase: Need | None, as_of: int
                       ) -> list[str]:
    status, week = gate.get(FIELDS.status) or Status.OPEN, gate.week(FIELDS.decision_week)
    if status == Status.OPEN:
        return [f"is open but has a decision_week {week}"] if week is not None else []
    problems = []
    if week is None:
        return [f"is {status} but has no decision_week"]
    if week > as_of:
        problems.append(f"is decided in week {week}, after the as-of week {as_of}")
    if phase is not None:
        problems += _window_problems(graph, week, phase, status)
    if status == Status.PASSED and phase is not None:
        unstarted = sorted(ms.id for ms in deliverables(graph, phase)
                           if ms.get(FIELDS.status, Status.PLANNED) == Status.PLANNED)
        if unstarted:
            problems.append(f"is passed while {', '.join(unstarted)} of {phase.id} "
                            f"{'has' if len(unstarted) == 1 else 'have'} not started (a gate "
                            "passes on delivered work)")
    if status == Status.WAIVED and not (gate.get(FIELDS.reason) and gate.get(FIELDS.waived_by)):
        problems.append("is waived without the reason and who waived it (reason, waived_by)")
    return problems


@graph_rule(GATE_DECISION)
def check_gate_decisions(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(GATE_DECISION)
    for state in gate_states(graph, measurements(graph), settings.as_of):
        result.checked_ids.append(state.gate.id)
        for problem in _decision_problems(graph, state.gate, state.phase, settings.as_of):
            result.fail(state.gate, problem)
        if state.status == Status.PASSED and not state.all_at_target:
            short = [m.metric.id for m in state.metrics if not m.at_target]
            verb = "is" if len(short) == 1 else "are"
            result.fail(state.gate, f"is passed but {', '.join(short)} {verb} not at target in "
                        f"the latest measurement by week {state.decision_week}")
    return result


def _interim_problems(graph: RoadmapGraph, metric: Need) -> list[str]:
    raw = metric.get(FIELDS.interim)
    if not raw:
        return []
    try:
        points = parse_interim(raw if isinstance(raw, list) else [raw])
    except InterimError as error:
        return [str(error)]
    problems = []
    final, direction = target_week(graph, metric), str(metric.get(FIELDS.direction) or "")
    weeks = [w for w, _ in points]
    if weeks != sorted(set(weeks)):
        problems.append("interim weeks must be given once each, in increasing order")
    if final is not None and any(w < 1 or w > final for w in weeks):
        problems.append(f"interim weeks must lie in weeks 1 to {final}, when the target is due")
    baseline, target = metric.number(FIELDS.baseline), metric.number(FIELDS.target)
    for week, value in points:
        if baseline is not None and not at_least_as_good(value, baseline, direction):
            problems.append(f"interim {week}={value:g} is worse than the baseline {baseline:g}")
        if week == final and target is not None and value != target:
            problems.append(f"interim {week}={value:g} differs from the target {target:g} due "
                            f"that week")
    return problems + _trajectory_problems(points, target, direction)


def _trajectory_problems(points: list[tuple[int, float]], target: float | None,
                         direction: str) -> list[str]:
    """Interim targets that overshoot the target or fall back from an earlier one: the
    trajectory leads from the baseline to the target without going past it or back."""
    problems = []
    previous: tuple[int, float] | None = None
    for week, value in sorted(points):
        if target is not None and value != target and at_least_as_good(value, target,
                                                                           direction):
            problems.append(f"interim {week}={value:g} overshoots the target {target:g} (a "
                            "trajectory leads to the target, not past it)")
        if previous is not None and not at_least_as_good(value, previous[1], direction):
            problems.append(f"interim {week}={value:g} falls back from {previous[0]}="
                            f"{previous[1]:g} (a trajectory does not plan to get worse)")
        previous = (week, value)
    return problems


@graph_rule(INTERIM)
def check_interim(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(INTERIM)
    for metric in graph.of_type(TYPES.metric):
        result.checked_ids.append(metric.id)
        for problem in _interim_problems(graph, metric):
            result.fail(metric, problem)
    return result

