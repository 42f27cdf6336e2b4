"""What other rules take as given must be true: work that addresses a gap is live, a
checkpoint is a checkpoint, and a role's capacity is what its people can supply.

The coverage rule counts any milestone that addresses a gap, cancelled or not; the
buffer and start rules exempt any milestone tagged ``checkpoint``; the capacity rule
trusts each role's capacity. Each of these takes one field or link on trust, and a
plan can pass by it: a gap "addressed" only by cancelled work, a deliverable tagged
as a checkpoint to sit in a buffer week, a capacity above the headcount.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import is_checkpoint
from roadmap.roles import FIELDS, LINKS, TYPES, Status
from roadmap.suite import graph_rule

GAP_LIVE = Rule(
    "CONS-GAP-LIVE", "Gaps addressed by live work",
    "Every gap is addressed by at least one milestone that is not cancelled (a gap whose "
    "only milestones are cancelled is not addressed).", "graph")
CHECKPOINT = Rule(
    "CONS-CHECKPOINT", "Checkpoints are reviews",
    "A milestone tagged checkpoint (exempt from the buffer and start rules) is a review: "
    "its ID has the checkpoint prefix (roadmap_checkpoint_prefix), it lasts one week, it "
    "addresses no gap, mitigates no risk and no milestone depends on it.", "graph")
ROLE_CAPACITY = Rule(
    "CONS-ROLE-CAPACITY", "Capacity within headcount",
    "A role's capacity (person-weeks per week) is no more than its headcount: people "
    "cannot supply more weeks of work than there are of them.", "graph")


@graph_rule(GAP_LIVE)
def check_gap_live(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(GAP_LIVE)
    for gap in graph.of_type(TYPES.gap):
        result.checked_ids.append(gap.id)
        work = [m for m in graph.sources(gap, LINKS.addresses) if m.type == TYPES.milestone]
        if work and all(m.get(FIELDS.status) == Status.CANCELLED for m in work):
            result.fail(gap, f"is addressed only by cancelled work "
                        f"({', '.join(sorted(m.id for m in work))}): plan a milestone that "
                        "closes it, or state why the gap is accepted")
    return result


def _checkpoint_problems(graph: RoadmapGraph, ms: Need, settings: Settings) -> list[str]:
    problems = []
    prefix = settings.checkpoint_prefix
    if prefix and not ms.id.startswith(prefix):
        problems.append(f"its ID does not start with the checkpoint prefix {prefix}")
    start, due = ms.week(FIELDS.start), ms.week(FIELDS.due)
    if start is not None and due is not None and start != due:
        problems.append(f"it runs weeks {start}-{due}, not one week")
    if ms.targets_of(LINKS.addresses):
        problems.append(f"it addresses {', '.join(ms.targets_of(LINKS.addresses))}")
    mitigating = [r.id for r in graph.sources(ms, LINKS.mitigated_by)]
    if mitigating:
        problems.append(f"it mitigates {', '.join(sorted(mitigating))}")
    dependants = [d.id for d in graph.sources(ms, LINKS.depends_on)]
    if dependants:
        problems.append(f"{', '.join(sorted(dependants))} depend on it")
    return problems


@graph_rule(CHECKPOINT)
def check_checkpoints(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(CHECKPOINT)
    for ms in graph.of_type(TYPES.milestone):
        if not is_checkpoint(ms):
            continue
        result.checked_ids.append(ms.id)
        problems = _checkpoint_problems(graph, ms, settings)
        if problems:
            result.fail(ms, f"is tagged checkpoint, which exempts it from the buffer and start "
                        f"rules, but is a deliverable: {'; '.join(problems)} (remove the tag)")
    return result


@graph_rule(ROLE_CAPACITY)
def check_role_capacity(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(ROLE_CAPACITY)
    for resource in graph.of_type(TYPES.resource):
        capacity, headcount = resource.number(FIELDS.capacity), resource.number(FIELDS.headcount)
        if capacity is None or headcount is None:
            continue
        result.checked_ids.append(resource.id)
        if capacity > headcount:
            result.fail(resource, f"has a capacity of {capacity:g} person-weeks per week but a "
                        f"headcount of {headcount:g}: at most {headcount:g}")
    return result
