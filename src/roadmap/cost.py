"""What the plan costs, from the needs: the stated cost of each resource and the cost of
the planned work.

A resource states its cost over the program (``cost``): the budget lines of
resource-management.md. A role also states its loaded rate (``rate``, US dollars per
person-week), so the planned work a role carries in a week (the load of
:func:`roadmap.load.weekly_load`) costs load x rate, and a phase's planned work costs
the sum over its weeks. A role whose rate changes in some weeks states them
(``rate_weeks``: the contracted engineer's term ends, the weeks after it are priced at
the staff rate), and each week's work is priced at the rate of that week. A tool,
piece of infrastructure or service has no rate: its stated cost is what it costs, and
the weeks milestones book it are listed beside it, so a review can say that a tool is
booked for another week while its cost stayed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from roadmap.graph import RoadmapGraph
from roadmap.load import Load, has_capacity, rate_in, weekly_load
from roadmap.roles import FIELDS, LINKS, TYPES

# The phase of the weeks no phase holds (a plan whose milestones run past its phases).
OUTSIDE_PHASES = ""


@dataclass(frozen=True)
class Budget:
    """The plan's costs in US dollars, by resource and by phase."""

    stated: dict[str, float] = field(default_factory=dict)  # resource -> its stated cost
    roles: frozenset[str] = frozenset()  # the resources with a capacity
    work: dict[str, float] = field(default_factory=dict)  # role -> planned work x rate
    work_by_phase: dict[str, float] = field(default_factory=dict)  # phase -> planned work
    booked: dict[str, tuple[int, ...]] = field(default_factory=dict)  # tool -> weeks booked

    @property
    def stated_total(self) -> float:
        return sum(self.stated.values())

    @property
    def work_total(self) -> float:
        return sum(self.work.values())


def phase_of_week(graph: RoadmapGraph) -> dict[int, str]:
    """Week -> the phase whose window holds it (the first by start week)."""
    weeks: dict[int, str] = {}
    phases = sorted((p for p in graph.of_type(TYPES.phase) if graph.window(p)),
                    key=lambda p: (p.week(FIELDS.start) or 0, p.id))
    for phase in phases:
        window = graph.window(phase)
        assert window is not None
        for week in window.weeks():
            weeks.setdefault(week, phase.id)
    return weeks


def _priced_work(graph: RoadmapGraph, load: Load | None
                 ) -> list[tuple[str, int, float]]:
    """(role, week, cost) of the planned work of every role with a rate: its person-weeks
    in the week times the role's rate in that week (:func:`roadmap.load.rate_in`)."""
    priced: list[tuple[str, int, float]] = []
    roles = {r.id: r for r in graph.of_type(TYPES.resource)
             if has_capacity(r) and r.number(FIELDS.rate) is not None}
    for role_id, weeks in (weekly_load(graph) if load is None else load).items():
        role = roles.get(role_id)
        if role is None:
            continue
        for week, person_weeks in weeks.items():
            priced.append((role_id, week, person_weeks * (rate_in(role, week) or 0.0)))
    return priced


def budget(graph: RoadmapGraph, load: Load | None = None) -> Budget:
    """The stated costs, the cost of the planned work per role and per phase, and the
    weeks each resource without a capacity is booked; ``load`` is the graph's weekly
    load when it is at hand."""
    resources = graph.of_type(TYPES.resource)
    stated = {r.id: cost for r in resources if (cost := r.number(FIELDS.cost)) is not None}
    phases = phase_of_week(graph)
    work: dict[str, float] = defaultdict(float)
    by_phase: dict[str, float] = defaultdict(float)
    for role, week, cost in _priced_work(graph, load):
        work[role] += cost
        by_phase[phases.get(week, OUTSIDE_PHASES)] += cost
    return Budget(stated, frozenset(r.id for r in resources if has_capacity(r)), dict(work),
                  dict(by_phase), booked_weeks(graph))


def work_cost_by_week(graph: RoadmapGraph, load: Load | None = None) -> dict[int, float]:
    """Week -> what the role work planned in it costs (load x each role's rate that week)."""
    by_week: dict[int, float] = defaultdict(float)
    for _role, week, cost in _priced_work(graph, load):
        by_week[week] += cost
    return dict(by_week)


def booked_weeks(graph: RoadmapGraph) -> dict[str, tuple[int, ...]]:
    """Each resource without a capacity -> the weeks milestones book it (the weeks of
    :func:`roadmap.load.tool_usage`, without the list of who books it)."""
    weeks: dict[str, set[int]] = defaultdict(set)
    for ms in graph.of_type(TYPES.milestone):
        window = graph.window(ms)
        if window is None:
            continue
        for res in graph.targets(ms, LINKS.requires):
            if res.number(FIELDS.capacity) is None:
                weeks[res.id].update(window.weeks())
    return {rid: tuple(sorted(found)) for rid, found in weeks.items()}
