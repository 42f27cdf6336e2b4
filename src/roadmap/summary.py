"""Roll-ups of rule results: totals, and coverage per phase and per workstream.

Pure functions shared by the report page, the dashboard and the command line,
so every place shows the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from roadmap.findings import RuleResult
from roadmap.graph import Need, RoadmapGraph


@dataclass(frozen=True)
class Tally:
    checked: int
    passed: int

    @property
    def failed(self) -> int:
        return self.checked - self.passed

    @property
    def coverage(self) -> float:
        return 1.0 if self.checked == 0 else self.passed / self.checked


def total(results: Iterable[RuleResult]) -> Tally:
    checked = passed = 0
    for result in results:
        checked += result.checked
        passed += result.passed
    return Tally(checked, passed)


def failing(results: Iterable[RuleResult]) -> list[RuleResult]:
    """The rules whose findings fail the build."""
    return [r for r in results if r.fails]


def noted(results: Iterable[RuleResult]) -> list[RuleResult]:
    """The warning and new rules with findings: reported, not failing the build."""
    return [r for r in results if r.noted]


def _tally_by(graph: RoadmapGraph, results: Iterable[RuleResult],
              keys_of: Callable[[Need], set[str]]) -> dict[str, Tally]:
    checked: dict[str, int] = defaultdict(int)
    passed: dict[str, int] = defaultdict(int)
    groups: dict[str, set[str]] = {}  # a need's keys, asked once (rules check it many times)
    for result in results:
        failed = result.failed_ids
        for need_id in result.checked_ids:
            keys = groups.get(need_id)
            if keys is None:
                need = graph.needs.get(need_id)
                keys = groups[need_id] = keys_of(need) if need is not None else set()
            for key in keys:
                checked[key] += 1
                passed[key] += need_id not in failed
    return {key: Tally(checked[key], passed[key]) for key in checked}


def by_phase(graph: RoadmapGraph, results: Iterable[RuleResult]) -> dict[str, Tally]:
    return _tally_by(graph, results, graph.phase_ids_of)


def by_workstream(graph: RoadmapGraph, results: Iterable[RuleResult]) -> dict[str, Tally]:
    return _tally_by(graph, results, graph.workstream_ids_of)
