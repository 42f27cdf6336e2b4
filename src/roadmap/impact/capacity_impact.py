"""Capacity impact: every role-week whose planned load (or capacity) changes, before and after,
against the role's capacity that week (the capacity rule's numbers, from
:func:`roadmap.load.weekly_load` and :func:`roadmap.load.usable_capacity`).

New overloads come first: a week the change takes over the role's full capacity. Then
the weeks whose load goes over what the configured focus factor
(``roadmap_focus_factor``) leaves for milestone work while staying within the full
capacity, then every other changed cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap.graph import Need
from roadmap.impact.pair import CapacityOf, PlanPair
from roadmap.load import usable_capacity
from roadmap.roles import FIELDS

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
    usable: float  # what milestone work may use of it (at the focus factor)
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


def _kind(before: float, after: float, was: tuple[float, float], now: tuple[float, float]
          ) -> str:
    """How a role-week changed: ``was`` and ``now`` are its (whole, usable) capacity in
    the base and in the head."""
    (was_full, was_usable), (full, usable) = was, now
    if after > full + EPSILON and before <= was_full + EPSILON:
        return NEW_OVERLOAD
    if usable + EPSILON < after <= full + EPSILON and before <= was_usable + EPSILON:
        return INTO_RESERVE
    if before > was_usable + EPSILON and after <= usable + EPSILON:
        return OVERLOAD_GONE
    return OTHER


def _capacities(role: Need, week: int, pair: PlanPair, capacity_of: CapacityOf
                ) -> tuple[float, float]:
    """A role's (whole, usable) capacity in a week, its working days counted."""
    share = pair.settings.capacity_share
    usable = capacity_of(role, week, pair.settings)
    return (usable / share if share else role.number(FIELDS.capacity) or 0.0), usable


def _cells(pair: PlanPair, role_id: str) -> list[CellChange]:
    old_role = pair.base.graph.needs.get(role_id)
    new_role = pair.head.graph.needs.get(role_id)
    role = new_role or old_role
    assert role is not None
    old, new = pair.base.load.get(role_id, {}), pair.head.load.get(role_id, {})
    cells = []
    for week in sorted(old.keys() | new.keys()):
        a, b = old.get(week, 0.0), new.get(week, 0.0)
        was = _capacities(old_role or role, week, pair, usable_capacity)
        now = _capacities(new_role or role, week, pair, pair.capacity_of)
        if abs(a - b) <= EPSILON and abs(was[1] - now[1]) <= EPSILON:
            continue
        cells.append(CellChange(role_id, role.title, week, a, b, now[0], now[1],
                                _kind(a, b, was, now)))
    return cells


def capacity_impact(pair: PlanPair) -> CapacityImpact:
    """Every role-week whose load or capacity changes, new overloads first."""
    role_ids = sorted(pair.base.load.keys() | pair.head.load.keys())
    cells = [cell for role_id in role_ids for cell in _cells(pair, role_id)]
    return CapacityImpact(sorted(cells, key=lambda c: (ORDER.index(c.kind), c.role, c.week)))
