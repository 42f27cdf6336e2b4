"""Rules: the findings that the head has and the base had not (newly failing), and
those the base had and the head has not (newly passing), by rule and need.

Both plans go through the one rule registry (:func:`roadmap.suite.run_suite`), the
graph and schema rules that a ``needs.json`` can answer; a finding is matched on its
rule and need, so a message that only changes its numbers is not news.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap.findings import Finding, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.inputs import ProjectInputs
from roadmap.suite import SuiteInputs, run_suite


@dataclass(frozen=True)
class RuleChanges:
    failing: list[Finding] = field(default_factory=list)  # newly failing, head's findings
    passing: list[Finding] = field(default_factory=list)  # newly passing, base's findings
    still_failing: int = 0  # findings on both sides

    @property
    def empty(self) -> bool:
        return not (self.failing or self.passing)


def run_rules(graph: RoadmapGraph, project: ProjectInputs) -> list[RuleResult]:
    """The graph and schema rules of the registry over ``graph``."""
    return run_suite(SuiteInputs(graph=graph, project=project), reads=("graph",))


def _by_key(results: list[RuleResult]) -> dict[tuple[str, str], Finding]:
    found: dict[tuple[str, str], Finding] = {}
    for result in results:
        for finding in result.findings:
            found.setdefault((finding.rule, finding.need_id), finding)
    return found


def rule_changes(base: list[RuleResult], head: list[RuleResult]) -> RuleChanges:
    before, after = _by_key(base), _by_key(head)
    return RuleChanges([after[k] for k in sorted(after.keys() - before.keys())],
                       [before[k] for k in sorted(before.keys() - after.keys())],
                       len(after.keys() & before.keys()))
