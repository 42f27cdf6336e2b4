"""Risk impact: risks whose threatened or mitigating milestones moved, mitigations that
now land after the work they protect, score changes, and risks added, removed or
closed.

"After the work it protects" is judged on the forecasts of both plans: a risk's
earliest mitigating milestone finishes after the earliest forecast finish of what it
threatens (a phase counts with its end week), the lead-time rule of
``CONS-RISK-MITIGATION`` applied to every risk and to where the work will really be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap import risk
from roadmap.graph import Need
from roadmap.impact.pair import PlanPair, Side
from roadmap.roles import FIELDS, LINKS, TYPES

CLOSED = "closed"


@dataclass(frozen=True)
class Timing:
    """When a risk's earliest mitigation finishes and its earliest threatened work is
    due, in one plan."""

    mitigation: int | None
    mitigated_by: str | None
    deadline: int | None
    threatened: str | None

    @property
    def late(self) -> bool:
        return (self.mitigation is not None and self.deadline is not None
                and self.mitigation > self.deadline)


@dataclass(frozen=True)
class RiskChange:
    risk: str
    title: str
    score: tuple[int | None, int | None]
    before: Timing | None
    after: Timing | None
    moved: tuple[str, ...] = ()  # its threatened or mitigating milestones that moved
    status: tuple[str, str] = ("", "")

    @property
    def now_late(self) -> bool:
        return self.after is not None and self.after.late and not (
            self.before is not None and self.before.late)

    @property
    def no_longer_late(self) -> bool:
        return self.before is not None and self.before.late and not (
            self.after is not None and self.after.late)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.status[1] == CLOSED and self.status[0] != CLOSED:
            return "closed"
        return "changed"


@dataclass(frozen=True)
class RiskImpact:
    risks: list[RiskChange] = field(default_factory=list)

    @property
    def late(self) -> list[RiskChange]:
        return [r for r in self.risks if r.now_late]

    @property
    def empty(self) -> bool:
        return not self.risks


def _finish(side: Side, need: Need) -> int | None:
    """A milestone's forecast finish, a phase's end week."""
    fc = side.forecasts.get(need.id)
    if fc is not None:
        return fc.window.end
    return need.week(FIELDS.end) if need.type == TYPES.phase else None


def _earliest(side: Side, needs: list[Need]) -> tuple[int | None, str | None]:
    dated = sorted((week, n.id) for n in needs if (week := _finish(side, n)) is not None)
    return dated[0] if dated else (None, None)


def timing(side: Side, need: Need) -> Timing:
    mitigation, by = _earliest(side, side.graph.targets(need, LINKS.mitigated_by))
    deadline, threatened = _earliest(side, side.graph.targets(need, LINKS.threatens))
    return Timing(mitigation, by, deadline, threatened)


def _moved(pair: PlanPair, need: Need) -> tuple[str, ...]:
    ids = [*need.targets_of(LINKS.threatens), *need.targets_of(LINKS.mitigated_by)]
    base, head = pair.base.forecasts, pair.head.forecasts
    return tuple(sorted({i for i in ids if i in base and i in head
                         and base[i].window != head[i].window}))


def risk_impact(pair: PlanPair) -> RiskImpact:
    old_risks = {r.id: r for r in pair.base.graph.of_type(TYPES.risk)}
    new_risks = {r.id: r for r in pair.head.graph.of_type(TYPES.risk)}
    changes = []
    for rid in sorted(old_risks.keys() | new_risks.keys()):
        old, new = old_risks.get(rid), new_risks.get(rid)
        need = new if new is not None else old
        assert need is not None
        change = RiskChange(
            rid, need.title,
            (risk.score(old) if old else None, risk.score(new) if new else None),
            timing(pair.base, old) if old else None, timing(pair.head, new) if new else None,
            _moved(pair, new) if new else (),
            (str(old.get(FIELDS.status) or "") if old else "",
             str(new.get(FIELDS.status) or "") if new else ""))
        timed = (change.before, change.after)
        if (change.kind != "changed" or change.score[0] != change.score[1] or change.moved
                or change.status[0] != change.status[1] or (
                    timed[0] is not None and timed[1] is not None
                    and timed[0].late != timed[1].late)):
            changes.append(change)
    return RiskImpact(sorted(changes, key=lambda c: (not c.now_late, c.kind != "added",
                                                     c.risk)))
