"""Every rule of the roadmap, applied to one shared graph.

``evaluate`` is the single function behind the build warnings, the
traceability report, the dashboard and the command-line gate, so the
numbers a reader sees are the numbers CI checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from roadmap.findings import Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.rules import consistency, links, schedule
from roadmap.rules.schema import DEFAULT_SCHEMAS, check_all_schemas

GraphRule = tuple[Rule, Callable[[RoadmapGraph], RuleResult]]

GRAPH_RULES: tuple[GraphRule, ...] = (
    *links.RULES,
    *schedule.RULES,
    *consistency.RULES,
)


def evaluate(graph: RoadmapGraph, schemas: Path = DEFAULT_SCHEMAS,
             families: Iterable[str] = ("build", "schema", "graph")) -> list[RuleResult]:
    """Apply the selected rule families; each result lists what it checked and found."""
    wanted = set(families)
    results: list[RuleResult] = []
    if "build" in wanted or "graph" in wanted:
        results += [check(graph) for rule, check in GRAPH_RULES if rule.family in wanted]
    if "schema" in wanted:
        results += check_all_schemas(graph, schemas)
    return results
