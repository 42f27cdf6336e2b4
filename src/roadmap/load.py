"""Planned load: milestone effort spread over weeks and the resources it requires.

One function computes the load per role per week; the capacity rule checks it and the
capacity tables show it, so a table never disagrees with the build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, TYPES

Load = dict[str, dict[int, float]]  # resource ID -> week -> person-weeks
# A role's capacity in some weeks (week -> person-weeks), kept on the role's fields by a
# what-if scenario (roadmap.whatif.overlay): a hire arriving late, a person leaving. A
# plan read from the pages states such weeks in ``capacity_weeks`` instead, and never
# has this key; a scenario's weeks take precedence over the stated ones.
CAPACITY_BY_WEEK = "capacity_by_week"
# One entry of ``capacity_weeks`` or ``rate_weeks``: VALUE@FIRST-LAST (the pattern of
# their schema in ubproject.toml).
WEEK_VALUE = re.compile(r"([0-9]+(?:\.[0-9]+)?)@([0-9]+)-([0-9]+)")


@dataclass(frozen=True)
class WeekValue:
    """A role's capacity or rate in weeks ``first`` to ``last``."""

    value: float
    first: int
    last: int

    def weeks(self) -> range:
        return range(self.first, self.last + 1)

    def __str__(self) -> str:
        return f"{self.value:g}@{self.first}-{self.last}"


def parse_week_values(raw: object) -> tuple[list[WeekValue], list[str]]:
    """The entries of a ``capacity_weeks`` or ``rate_weeks`` field, and the texts that
    are not VALUE@FIRST-LAST (the field's schema reports those)."""
    entries: list[WeekValue] = []
    unread: list[str] = []
    for text in raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw]):
        match = WEEK_VALUE.fullmatch(str(text).strip())
        if match is None:
            unread.append(str(text))
        else:
            entries.append(WeekValue(float(match[1]), int(match[2]), int(match[3])))
    return entries, unread


def stated_by_week(resource: Need, name: str) -> dict[int, float]:
    """Week -> the value a role states for it in ``name`` (``capacity_weeks`` or
    ``rate_weeks``); an entry given later wins a week given twice (CONS-ROLE-WEEKS
    refuses that)."""
    by_week: dict[int, float] = {}
    for entry in parse_week_values(resource.get(name))[0]:
        by_week.update(dict.fromkeys(entry.weeks(), entry.value))
    return by_week


def has_capacity(resource: Need) -> bool:
    """A role (or any resource) that delivers a number of person-weeks per week."""
    return resource.number(FIELDS.capacity) is not None


def capacity_in(resource: Need, week: int) -> float:
    """A role's capacity in a week: a scenario's value for that week, else the value the
    role states for that week (``capacity_weeks``), else its own ``capacity``."""
    weekly = resource.fields.get(CAPACITY_BY_WEEK)
    if isinstance(weekly, Mapping) and week in weekly:
        return float(weekly[week])
    stated = stated_by_week(resource, FIELDS.capacity_weeks)
    if week in stated:
        return stated[week]
    return resource.number(FIELDS.capacity) or 0.0


def rate_in(resource: Need, week: int) -> float | None:
    """A role's loaded rate in a week: the value it states for that week
    (``rate_weeks``: a contract ended, the staff rate after it), else its ``rate``."""
    stated = stated_by_week(resource, FIELDS.rate_weeks)
    return stated[week] if week in stated else resource.number(FIELDS.rate)


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
