"""Capacity impact: every role-week whose planned load changes, before and after,
against the role's capacity that week (the capacity rule's numbers, from
:func:`roadmap.load.weekly_load` and :func:`roadmap.load.usable_capacity`).

New overloads come first: a week the change takes over the role's full capacity. Then
the weeks whose load goes over what the configured headroom
(``roadmap_capacity_headroom``) leaves for milestone work while staying within the
full capacity, then every other changed cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap.graph import Need
from roadmap.impact.pair import PlanPair
from roadmap.load import has_capacity, usable_capacity
from roadmap.roles import FIELDS, TYPES

EPSILON = 1e-9
# Kinds of a changed cell, most important first.
NEW_OVERLOAD, INTO_RESERVE, OVERLOAD_GONE, OTHER = "new overload", "into the reserve", \
    "overload removed", "changed"
ORDER = (NEW_OVERLOAD, INTO_RESERVE, OVERLOAD_GONE, OTHER)


@dataclass(frozen=True)
class CellChange:
    role: str
    title: str
    week: int
    before: float
    after: float
    capacity: float  # the role's full capacity that week
    usable: float  # what milestone work may use of it (less the headroom)
    kind: str


@dataclass(frozen=True)
class CapacityImpact:
    cells: list[CellChange] = field(default_factory=list)

    @property
    def new_overloads(self) -> list[CellChange]:
        return [c for c in self.cells if c.kind == NEW_OVERLOAD]

    @property
    def empty(self) -> bool:
        return not self.cells

    def by_cell(self) -> dict[tuple[str, int], CellChange]:
        """Each changed role-week by (role, week)."""
        return {(c.role, c.week): c for c in self.cells}


def _kind(before: float, after: float, capacity: float, usable: float) -> str:
    if after > capacity + EPSILON and before <= capacity + EPSILON:
        return NEW_OVERLOAD
    if usable + EPSILON < after <= capacity + EPSILON and before <= usable + EPSILON:
        return INTO_RESERVE
    if before > usable + EPSILON and after <= usable + EPSILON:
        return OVERLOAD_GONE
    return OTHER


def _full(role: Need, week: int, pair: PlanPair) -> float:
    """The role's whole capacity in a week (scaled to its working days), headroom kept."""
    share = pair.settings.capacity_share
    usable = usable_capacity(role, week, pair.settings)
    return usable / share if share else role.number(FIELDS.capacity) or 0.0


def capacity_impact(pair: PlanPair) -> CapacityImpact:
    before, after = pair.base.load, pair.head.load
    roles = {r.id: r for r in pair.head.graph.of_type(TYPES.resource) if has_capacity(r)}
    cells = []
    for role_id in sorted(before.keys() | after.keys()):
        role = roles.get(role_id) or pair.base.graph.needs[role_id]
        old, new = before.get(role_id, {}), after.get(role_id, {})
        for week in sorted(old.keys() | new.keys()):
            a, b = old.get(week, 0.0), new.get(week, 0.0)
            if abs(a - b) <= EPSILON:
                continue
            usable = usable_capacity(role, week, pair.settings)
            full = _full(role, week, pair)
            cells.append(CellChange(role_id, role.title, week, a, b, full, usable,
                                    _kind(a, b, full, usable)))
    return CapacityImpact(sorted(cells, key=lambda c: (ORDER.index(c.kind), c.role, c.week)))
