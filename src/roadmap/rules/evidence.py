"""What other rules take as given must be true: work that addresses a gap is live, a
checkpoint is a checkpoint, and a role's capacity is what its people can supply.

The coverage rule counts any milestone that addresses a gap, cancelled or not; the
buffer and start rules exempt any milestone tagged ``checkpoint``; the capacity rule
trusts each role's capacity. Each of these takes one field or link on trust, and a
plan can pass by it: a gap "addressed" only by cancelled work, a deliverable tagged
as a checkpoint to sit in a buffer week, a capacity above the headcount, a capacity
or rate by week (``capacity_weeks``, ``rate_weeks``) for weeks the plan does not have.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import parse_week_values
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
    "A role's capacity (person-weeks per week), and its capacity in any week it states "
    "(capacity_weeks), is no more than its headcount: people cannot supply more weeks of "
    "work than there are of them.", "graph")
ROLE_WEEKS = Rule(
    "CONS-ROLE-WEEKS", "A role's capacity and rate by week",
    "A role's capacity_weeks and rate_weeks entries (VALUE@FIRST-LAST) name weeks of the "
    "plan (1 to the end of its last phase), first no later than last, each week at most "
    "once per field, and override a field the role states (capacity_weeks its capacity, "
    "rate_weeks its rate).",
    "graph")


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
        for entry in parse_week_values(resource.get(FIELDS.capacity_weeks))[0]:
            if entry.value > headcount:
                result.fail(resource, f"states a capacity of {entry.value:g} person-weeks per "
                            f"week in weeks {entry.first}-{entry.last} ({FIELDS.capacity_weeks} "
                            f"{entry}) but a headcount of {headcount:g}: at most {headcount:g}")
    return result


def _week_value_problems(resource: Need, name: str, base: str, last_week: int) -> list[str]:
    """What is wrong with a role's ``name`` entries (capacity_weeks or rate_weeks); the
    texts that are not VALUE@FIRST-LAST are the field schema's to report."""
    entries = parse_week_values(resource.get(name))[0]
    problems: list[str] = []
    if entries and resource.number(base) is None:
        problems.append(f"{name} is given but the role states no {base} for it to override")
    seen: set[int] = set()
    for entry in entries:
        if entry.first > entry.last:
            problems.append(f"{name} {entry}: the first week comes after the last "
                            "(expected FIRST-LAST, e.g. 1-4)")
        elif entry.first < 1 or entry.last > last_week:
            problems.append(f"{name} {entry}: weeks must lie in the plan's weeks "
                            f"1 to {last_week} (the end of its last phase)")
        elif seen & set(entry.weeks()):
            problems.append(f"{name} {entry}: week {min(seen & set(entry.weeks()))} is "
                            "given twice (one value per week)")
        seen.update(entry.weeks())
    return problems


@graph_rule(ROLE_WEEKS)
def check_role_weeks(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(ROLE_WEEKS)
    last_week = graph.horizon
    for resource in graph.of_type(TYPES.resource):
        if resource.get(FIELDS.capacity_weeks) in (None, "", []) and \
                resource.get(FIELDS.rate_weeks) in (None, "", []):
            continue
        result.checked_ids.append(resource.id)
        problems = [*_week_value_problems(resource, FIELDS.capacity_weeks, FIELDS.capacity,
                                          last_week),
                    *_week_value_problems(resource, FIELDS.rate_weeks, FIELDS.rate, last_week)]
        if problems:
            result.fail(resource, "; ".join(problems))
    return result
