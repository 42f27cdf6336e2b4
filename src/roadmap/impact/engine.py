"""The one answer to "what does this change do to the plan?": :func:`impact` compares
two plans and returns an :class:`Impact`, a value that the renderers
(:mod:`roadmap.impact.render_text`, ``render_json``, ``render_markdown`` and the
"Under review" view) turn into words.

Every caller is a way of producing the two plans: ``python -m roadmap review`` builds
two revisions or reads two ``needs.json`` files, a what-if scenario applies an
overlay to the current graph, a levelled proposal is a scenario a solver writes. Each
part is a pure function of the two graphs (and the ledger), and reuses the forecast,
the load, the cost, the critical path, the risk scores and the rule registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap.config import Settings
from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.impact.budget_impact import BudgetImpact, budget_impact
from roadmap.impact.capacity_impact import CapacityImpact, capacity_impact
from roadmap.impact.pair import CapacityOf, PlanPair, pair
from roadmap.impact.plan_changes import Changes, plan_and_progress
from roadmap.impact.risk_impact import RiskImpact, risk_impact
from roadmap.impact.rule_changes import RuleChanges, rule_changes, run_rules
from roadmap.impact.schedule_impact import ScheduleImpact, schedule_impact
from roadmap.impact.suspect_links import SuspectImpact, suspect_impact
from roadmap.inputs import ProjectInputs
from roadmap.ledger import Ledger
from roadmap.load import usable_capacity


@dataclass(frozen=True)
class Impact:
    """What a change does to the plan, section by section (each may be empty)."""

    base: str  # what the base plan is (a file, a revision, "plan")
    head: str
    plan: Changes
    progress: Changes
    schedule: ScheduleImpact
    capacity: CapacityImpact
    budget: BudgetImpact
    risks: RiskImpact
    rules: RuleChanges | None  # None when the rules were not run
    suspect: SuspectImpact
    settings: Settings  # the calendar and thresholds the review read dates and loads with
    compared: PlanPair  # both plans as compared, for views that draw them side by side
    head_warnings: tuple[str, ...] = ()  # the head's build warnings, when it was built

    @property
    def other_warnings(self) -> list[str]:
        """The head's build warnings that are not the rule findings the review lists."""
        failing = self.rules.failing if self.rules is not None else []
        marks = [f"[{f.rule}] {f.need_id}:" for f in failing]
        return [w for w in self.head_warnings if not any(m in w for m in marks)]

    @property
    def empty(self) -> bool:
        return all(part.empty for part in (self.plan, self.progress, self.schedule,
                                           self.capacity, self.budget, self.risks,
                                           self.suspect)) and (
            self.rules is None or self.rules.empty) and not self.head_warnings


def impact(base: RoadmapGraph, head: RoadmapGraph, project: ProjectInputs, *,
           ledger: Ledger | None = None, base_label: str = "", head_label: str = "",
           base_results: list[RuleResult] | None = None,
           head_results: list[RuleResult] | None = None, rules: bool = True,
           head_warnings: Sequence[str] = (), capacity_of: CapacityOf = usable_capacity
           ) -> Impact:
    """Compare ``head`` with ``base``.

    ``project`` gives the settings (as-of week, calendar, focus factor) and the metamodel
    the rules read; ``ledger`` is the head's review ledger (suspect links are found
    without it, but cannot be seen as cleared). Rule results already at hand may be
    passed in; ``rules=False`` leaves the rules out (a scenario of the same plan).
    ``head_warnings`` are the head's build warnings, when the head was built;
    ``capacity_of`` what milestone work may use of a role in a week in the head (a
    scenario's capacity that changes over weeks; the role's own capacity by default).
    Raises :class:`roadmap.impact.pair.ImpactError` for two unrelated plans.
    """
    compared = pair(base, head, project.settings, capacity_of)
    plan, progress = plan_and_progress(base, head)
    changed = {c.need_id for c in (*plan.needs, *progress.needs)}
    found = None
    if rules:
        found = rule_changes(base_results if base_results is not None else
                             run_rules(base, project),
                             head_results if head_results is not None else
                             run_rules(head, project))
    return Impact(
        base=base_label or base.origin or "base", head=head_label or head.origin or "head",
        plan=plan, progress=progress, schedule=schedule_impact(compared),
        capacity=capacity_impact(compared), budget=budget_impact(compared),
        risks=risk_impact(compared), rules=found,
        suspect=suspect_impact(base, head, ledger, changed), settings=project.settings,
        compared=compared, head_warnings=tuple(head_warnings))
