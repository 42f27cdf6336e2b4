"""The tables' filter function builds the needs' graph once for all tables of a build."""

from __future__ import annotations

from typing import Any

import pytest

from roadmap import graph as graph_module
from roadmap.sphinx_ext import filters
from roadmap.ubproject import Metamodel


@pytest.fixture
def counted_builds(monkeypatch: pytest.MonkeyPatch, metamodel: Metamodel) -> list[int]:
    builds: list[int] = []
    real = graph_module.build_graph

    def counting(needs: Any, model: Metamodel) -> Any:
        builds.append(len(needs))
        return real(needs, model)

    monkeypatch.setattr(filters, "build_graph", counting)
    filters.configure(metamodel)
    return builds


def _risks_bearing_on(needs: list[dict[str, Any]], phase: str) -> list[str]:
    results: list[Any] = []
    filters.bearing_on(needs, results, phase, "risk")
    return [n["id"] for n in results]


def test_tables_of_one_build_share_one_graph(counted_builds: list[int],
                                            needs: dict[str, dict[str, Any]]) -> None:
    listed = list(needs.values())
    first = {phase: _risks_bearing_on(listed, phase) for phase in ("PH-1", "PH-2", "PH-3")}
    assert counted_builds == [len(listed)]
    assert all(first.values()) and first["PH-1"] != first["PH-2"]
    # a fresh graph for each table gives the same answer
    filters.configure(filters._STATE["metamodel"])
    assert _risks_bearing_on(listed, "PH-2") == first["PH-2"]
    assert counted_builds == [len(listed)] * 2


def test_other_needs_get_their_own_graph(counted_builds: list[int],
                                        needs: dict[str, dict[str, Any]]) -> None:
    listed = list(needs.values())
    without = [n for n in listed if not str(n["id"]).startswith("RSK-")]
    assert _risks_bearing_on(listed, "PH-1")
    assert _risks_bearing_on(without, "PH-1") == []
    assert counted_builds == [len(listed), len(without)]
