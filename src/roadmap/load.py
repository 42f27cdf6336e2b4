"""Planned load: milestone effort spread over weeks and the resources it requires.

One function computes the load per role per week; the capacity rule checks it and the
capacity tables show it, so a table never disagrees with the build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, TYPES

Load = dict[str, dict[int, float]]  # resource ID -> week -> person-weeks
# A role's capacity in some weeks (week -> person-weeks), kept on the role's fields by a
# what-if scenario (roadmap.whatif.overlay): a hire arriving late, a person leaving. A
# plan read from the pages has one capacity per role and never this key.
CAPACITY_BY_WEEK = "capacity_by_week"


def has_capacity(resource: Need) -> bool:
    """A role (or any resource) that delivers a number of person-weeks per week."""
    return resource.number(FIELDS.capacity) is not None


def capacity_in(resource: Need, week: int) -> float:
    """A role's capacity in a week: a scenario's value for that week, else its own."""
    weekly = resource.fields.get(CAPACITY_BY_WEEK)
    if isinstance(weekly, Mapping) and week in weekly:
        return float(weekly[week])
    return resource.number(FIELDS.capacity) or 0.0


def usable_capacity(resource: Need, week: int, settings: Settings) -> float:
    """What milestone work may use of a role in a week: its capacity (a scenario's for
    that week, when it gives one) times the focus factor, scaled to the week's working
    days (a four-day week gives four fifths)."""
    capacity = capacity_in(resource, week)
    calendar = settings.calendar
    share = calendar.week(week).share if 1 <= week <= len(calendar.weeks) else 1.0
    return capacity * share * settings.capacity_share


def weekly_load(graph: RoadmapGraph, milestones: Iterable[Need] | None = None) -> Load:
    """Planned person-weeks per capacity-bearing resource per week, over all
    milestones or the given ones (a workstream's share of the load). A milestone's
    effort is spread evenly over its weeks and split equally across the resources
    with a capacity that it requires."""
    load: Load = defaultdict(lambda: defaultdict(float))
    for ms in graph.of_type(TYPES.milestone) if milestones is None else milestones:
        window, effort = graph.window(ms), ms.number(FIELDS.effort)
        if window is None or effort is None or window.start > window.end:
            continue
        roles = [r for r in graph.targets(ms, LINKS.requires) if has_capacity(r)]
        if not roles:
            continue
        share = effort / len(window.weeks()) / len(roles)
        for role in roles:
            for week in window.weeks():
                load[role.id][week] += share
    return load


@dataclass(frozen=True)
class ToolUsage:
    """A resource without a capacity (a tool, infrastructure, a service): the weeks
    the milestones book it and the milestones that do."""

    resource: Need
    weeks: tuple[int, ...]
    users: tuple[Need, ...]


def tool_usage(graph: RoadmapGraph, milestones: Iterable[Need]) -> list[ToolUsage]:
    """Resources without a capacity required by ``milestones``, by resource ID."""
    weeks: dict[str, list[int]] = {}
    users: dict[str, list[Need]] = {}
    ordered = sorted(milestones, key=lambda m: (m.week(FIELDS.start) or 0, m.id))
    for ms in ordered:
        window = graph.window(ms)
        if window is None:
            continue
        for res in graph.targets(ms, LINKS.requires):
            if not has_capacity(res):
                weeks.setdefault(res.id, []).extend(window.weeks())
                users.setdefault(res.id, []).append(ms)
    return [ToolUsage(graph.needs[r], tuple(weeks[r]), tuple(users[r])) for r in sorted(weeks)]
