"""The check at scale: a generated plan of 10,000 needs passes every rule, and a few
faults injected into it are found exactly, no more and no less. Time is measured by
``bench/bench_check.py``, not asserted here."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import synthetic

from roadmap import cli
from roadmap.graph import build_graph
from roadmap.inputs import from_conf

# The generated plan reports its first phase done: its status is as of week 4.
PROJECT = from_conf(Path(__file__).resolve().parents[1],
                    {"ROADMAP_AS_OF": str(synthetic.AS_OF)})

SIZE = 10_000


@pytest.fixture(scope="module")
def plan() -> dict[str, dict[str, Any]]:
    return synthetic.generate(SIZE)


def findings(needs: dict[str, dict[str, Any]], rules_of) -> set[tuple[str, str]]:
    results = rules_of(build_graph(needs, PROJECT.metamodel), PROJECT)
    return {(f.rule, f.need_id) for r in results for f in r.findings}


def test_generated_plan_has_the_size_and_density_asked_for(plan: dict) -> None:
    assert len(plan) == SIZE
    links = synthetic.link_count(plan, list(PROJECT.metamodel.links))
    assert 3 * SIZE < links < 5 * SIZE
    assert {n["type"] for n in plan.values()} == set(PROJECT.metamodel.types)


@pytest.fixture(autouse=True)
def as_of_week_four(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line reads the as-of week from the environment, as CI would set it."""
    monkeypatch.setenv("ROADMAP_AS_OF", str(synthetic.AS_OF))


def test_valid_plan_has_no_finding(plan: dict, tmp_path: Path) -> None:
    path = synthetic.write_needs_json(plan, tmp_path / "needs.json")
    graph, results = cli.run_checks(path, PROJECT)
    assert len(graph.needs) == SIZE
    assert [str(f) for r in results for f in r.findings] == []
    assert sum(r.checked for r in results) > 5 * SIZE
    assert cli.main(["check", str(path), "--format", "junit",
                     "--output", str(tmp_path / "report.xml")]) == 0


def test_injected_faults_are_found_exactly(plan: dict, tmp_path: Path, rules_of) -> None:
    needs = copy.deepcopy(plan)
    needs["MS-B7-000"]["depends_on"] = ["MS-NOPE-1"]  # dangling link
    needs["MS-B3-000"]["depends_on"] = ["MS-B3-001"]  # cycle: MS-B3-001 waits for it
    needs["MET-B11-3"]["target"] = needs["MET-B11-3"]["baseline"]  # not better
    needs["RES-ROLE-B20"]["capacity"] = 1  # 2 person-weeks a week are planned on it
    del needs["TST-B30-5"]  # nothing verifies MET-B30-5 any more
    needs["MS-B40-210"]["phase"] = ["PH-1"]  # weeks 9-10 are in PH-3
    needs["RSK-B50-6"].update(likelihood=5, impact=5,  # high, mitigated after week 6
                              threatens=["MS-B50-101"], mitigated_by=["MS-B50-301"])
    early = {"status": "done", "actual_start": 3, "actual_end": 4}  # finished early
    needs["MS-B60-100"].update(early)  # its dependency MS-B60-011 is done ...
    needs["MS-B60-101"].update(early)  # ... but MS-B60-110, another, is not
    expected = {
        ("LINK-RESOLVED", "MS-B7-000"),
        ("SCHED-DEP-CYCLE", "MS-B3-000"), ("SCHED-DEP-CYCLE", "MS-B3-001"),
        ("SCHED-DEP-ORDER", "MS-B3-000"),
        ("SCHED-DEP-START", "MS-B3-000"),  # and in the last week of the other
        ("SCHED-DONE-DEPS", "MS-B3-000"),  # done before the one it now waits for finished

        ("CONS-METRIC-DIRECTION", "MET-B11-3"),
        ("CONS-RISK-INDICATOR", "RSK-B11-3"),  # its warning now fires on the target
        ("CONS-RISK-TRIGGER", "RSK-B11-3"),  # ... and on the plan, which stays at 90
        ("CONS-CAPACITY", "RES-ROLE-B20"),
        ("SCHEMA-METRIC-VERIFIED", "MET-B30-5"),
        ("SCHED-PHASE-WINDOW", "MS-B40-210"),
        # ... which puts PH-1's last deliverable in week 10: its gate moves, and the
        # workstream's and the program's "on track" of week 4 no longer hold
        ("HEALTH-ON-TRACK", "UPD-B40-W04"), ("HEALTH-ON-TRACK", "UPD-PGM-W04"),
        ("CONS-RISK-MITIGATION", "RSK-B50-6"),
        ("SCHED-DONE-DEPS", "MS-B60-101"),
    }
    assert findings(needs, rules_of) == expected
    path = synthetic.write_needs_json(needs, tmp_path / "needs.json")
    _, results = cli.run_checks(path, PROJECT)
    assert {(f.rule, f.need_id) for r in results for f in r.findings} == expected
    assert cli.main(["check", str(path), "--output", str(tmp_path / "report.txt")]) == 1


def test_generator_is_deterministic() -> None:
    assert synthetic.generate(2_000) == synthetic.generate(2_000)
