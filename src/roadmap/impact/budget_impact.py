"""Budget impact: cost before and after, by role, by tool (and infrastructure and
service), by phase and in total, from :mod:`roadmap.cost`.

A role has two figures: its stated cost (the budget line) and the cost of the planned
work it carries (person-weeks x its loaded rate). A tool has its stated cost and the
weeks milestones book it; a change that books a tool for other weeks while its
stated cost stays is listed, so the reviewer can ask whether it was re-priced. A
phase has the cost of the planned role work that falls in its weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap.cost import OUTSIDE_PHASES
from roadmap.impact.pair import PlanPair

EPSILON = 0.005  # half a cent


@dataclass(frozen=True)
class Amount:
    before: float | None
    after: float | None

    @property
    def delta(self) -> float:
        return (self.after or 0.0) - (self.before or 0.0)

    @property
    def moved(self) -> bool:
        if (self.before is None) != (self.after is None):
            return True
        return abs(self.delta) > EPSILON


@dataclass(frozen=True)
class CostLine:
    """One line of the budget: a resource, a phase or a total."""

    key: str  # resource or phase ID, or "total"
    title: str
    kind: str  # "role", "tool", "phase", "total"
    stated: Amount = Amount(None, None)  # the resource's stated cost (roles and tools)
    work: Amount = Amount(None, None)  # planned work x rate (roles, phases, total)
    weeks: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # booked weeks (tools)

    @property
    def moved(self) -> bool:
        return self.stated.moved or self.work.moved or self.weeks[0] != self.weeks[1]


@dataclass(frozen=True)
class BudgetImpact:
    lines: list[CostLine] = field(default_factory=list)  # only the lines that changed
    total: CostLine = CostLine("total", "Total", "total")

    @property
    def empty(self) -> bool:
        return not self.lines

    def of(self, kind: str) -> list[CostLine]:
        return [line for line in self.lines if line.kind == kind]


def _title(pair: PlanPair, key: str) -> str:
    need = pair.head.graph.needs.get(key) or pair.base.graph.needs.get(key)
    if need is not None:
        return need.title
    return "weeks outside the phases" if key == OUTSIDE_PHASES else key


def budget_impact(pair: PlanPair) -> BudgetImpact:
    old, new = pair.base.budget, pair.head.budget
    lines: list[CostLine] = []
    for key in sorted(old.stated.keys() | new.stated.keys() | old.booked.keys()
                      | new.booked.keys() | old.work.keys() | new.work.keys()):
        role = key in old.roles or key in new.roles
        line = CostLine(
            key, _title(pair, key), "role" if role else "tool",
            Amount(old.stated.get(key), new.stated.get(key)),
            Amount(old.work.get(key), new.work.get(key)) if role else Amount(None, None),
            (old.booked.get(key, ()), new.booked.get(key, ())) if not role else ((), ()))
        if line.moved:
            lines.append(line)
    for key in sorted(old.work_by_phase.keys() | new.work_by_phase.keys()):
        line = CostLine(key, _title(pair, key), "phase",
                        work=Amount(old.work_by_phase.get(key), new.work_by_phase.get(key)))
        if line.moved:
            lines.append(line)
    total = CostLine("total", "Total", "total", Amount(old.stated_total, new.stated_total),
                     Amount(old.work_total, new.work_total))
    if total.moved:
        lines.append(total)
    return BudgetImpact(lines, total)
