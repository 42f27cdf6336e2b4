"""The tables' filter function reads the build's own graph: it builds none of its own."""

from __future__ import annotations

from typing import Any

from roadmap.graph import RoadmapGraph
from roadmap.sphinx_ext import filters


def _risks_bearing_on(needs: list[dict[str, Any]], phase: str) -> list[str]:
    results: list[Any] = []
    filters.bearing_on(needs, results, phase, "risk")
    return [n["id"] for n in results]


def test_every_table_reads_the_graph_of_the_build(graph: RoadmapGraph,
                                                  needs: dict[str, dict[str, Any]]) -> None:
    asked: list[int] = []

    def graph_of_build() -> RoadmapGraph:
        asked.append(1)
        return graph

    filters.configure(graph_of_build)
    listed = list(needs.values())
    found = {phase: _risks_bearing_on(listed, phase) for phase in ("PH-1", "PH-2", "PH-3")}
    assert len(asked) == 3
    for phase, ids in found.items():
        assert ids and set(ids) == set(graph.bearing_on(phase, "risk"))
    assert found["PH-1"] != found["PH-2"]


def test_a_table_keeps_only_the_needs_it_was_given(graph: RoadmapGraph,
                                                   needs: dict[str, dict[str, Any]]) -> None:
    filters.configure(lambda: graph)
    listed = list(needs.values())
    without = [n for n in listed if not str(n["id"]).startswith("RSK-")]
    assert _risks_bearing_on(listed, "PH-1")
    assert _risks_bearing_on(without, "PH-1") == []
