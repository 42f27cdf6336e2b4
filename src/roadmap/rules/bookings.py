"""Bookings of tools, environments and services: booked for every week a milestone
needs them, and in a phase's buffer for the re-runs the buffer is there to absorb.

A buffer week buys time; without the environment a failed reading needs to run again,
it buys nothing. The red-team review found the load-test environment booked only in
weeks 13-14, so a fix for the 10M VM step could not be re-run in the buffer week 16, and
its 1M configuration not booked in week 12, when the final tuning used it.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import has_capacity
from roadmap.program_schedule import is_checkpoint, week_ranges
from roadmap.readings import booked_weeks
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.suite import graph_rule

BOOKINGS = Rule(
    "CONS-BOOKINGS", "Tools and environments booked when needed",
    "A tool, environment or service (a resource without a capacity) states the weeks it "
    "is booked (booked: N or N-M), and every milestone that requires it lies inside "
    "them.", "graph")
BUFFER_BOOKINGS = Rule(
    "CONS-BUFFER-BOOKINGS", "Buffers booked for re-runs",
    "A phase with buffer weeks keeps booked, in every buffer week, each environment and "
    "tool (not an external service with fixed dates) that a milestone of the phase needs "
    "when a metric its gate checks measures that milestone: a reading that fails is "
    "re-run in the buffer, and the buffer buys nothing without what the re-run runs on.",
    "graph")
# External services run on the provider's dates; their re-run is a new engagement.
SERVICE_KIND = "service"


def _bookable(resource: Need) -> bool:
    return resource.type == TYPES.resource and not has_capacity(resource)


@graph_rule(BOOKINGS)
def check_bookings(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(BOOKINGS)
    for resource in graph.of_type(TYPES.resource):
        if not _bookable(resource):
            continue
        result.checked_ids.append(resource.id)
        booked = booked_weeks(resource)
        if booked is None:
            result.fail(resource, "states no booked weeks (booked: N or N-M): nobody can "
                        "see when it is paid for and available")
            continue
        for ms in sorted(graph.sources(resource, LINKS.requires), key=lambda m: m.id):
            window = graph.window(ms)
            missing = [] if window is None else [w for w in window.weeks() if w not in booked]
            if missing:
                result.fail(resource, f"is required by {ms.id} in week(s) "
                            f"{week_ranges(missing)} but booked in weeks "
                            f"{week_ranges(booked)}")
    return result


def _gate_metrics(graph: RoadmapGraph, phase: Need) -> list[Need]:
    return [m for gate in graph.sources(phase, LINKS.phase) if gate.type == TYPES.gate
            for m in graph.targets(gate, LINKS.checks)]


def _rerun_needs(graph: RoadmapGraph, phase: Need) -> dict[str, tuple[Need, Need]]:
    """Resource ID -> (a milestone of the phase that needs it, the gate-checked metric
    that measures that milestone), for the environments and tools a re-run needs."""
    members = {m.id for m in graph.sources(phase, LINKS.phase) if m.type == TYPES.milestone
               and not is_checkpoint(m)}
    needs: dict[str, tuple[Need, Need]] = {}
    for metric in _gate_metrics(graph, phase):
        for ms in graph.targets(metric, LINKS.measures):
            if ms.id not in members:
                continue
            for resource in graph.targets(ms, LINKS.requires):
                if _bookable(resource) and resource.get("kind") != SERVICE_KIND:
                    needs.setdefault(resource.id, (ms, metric))
    return needs


@graph_rule(BUFFER_BOOKINGS)
def check_buffer_bookings(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(BUFFER_BOOKINGS)
    for phase in graph.of_type(TYPES.phase):
        end, buffer = phase.week(FIELDS.end), phase.week(FIELDS.buffer) or 0
        if end is None or buffer <= 0:
            continue
        result.checked_ids.append(phase.id)
        weeks = range(end - buffer + 1, end + 1)
        for resource_id, (ms, metric) in sorted(_rerun_needs(graph, phase).items()):
            resource = graph.needs[resource_id]
            booked = booked_weeks(resource) or set()
            missing = [w for w in weeks if w not in booked]
            if missing:
                result.fail(resource, f"is not booked in week(s) {week_ranges(missing)}, the "
                            f"buffer of {phase.id}, where a re-run of {ms.id} (measured by "
                            f"{metric.id}, which the gate of {phase.id} checks) would need it")
    return result
