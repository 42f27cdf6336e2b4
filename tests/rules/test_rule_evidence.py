"""CONS-GAP-LIVE, CONS-CHECKPOINT, CONS-ROLE-CAPACITY and live mitigations: what other
rules take on trust must be true."""

from __future__ import annotations

import dataclasses

from minigraph import at, graph, only

from roadmap.config import DEFAULTS
from roadmap.rules.consistency import check_risk_mitigation
from roadmap.rules.evidence import check_checkpoints, check_gap_live, check_role_capacity

CANCELLED = {"status": "cancelled", "reason": "Replaced by the vendor's tool, see the log"}
HIGH = {"likelihood": 4, "impact": 4}


def test_a_gap_addressed_only_by_cancelled_work() -> None:
    finding = only(check_gap_live(graph({"MS-A-01": CANCELLED})))
    at(finding, "GAP-A")
    assert "is addressed only by cancelled work (MS-A-01)" in finding.message
    assert check_gap_live(graph()).findings == []


def test_a_high_risk_mitigated_by_cancelled_work_or_by_what_it_threatens() -> None:
    finding = only(check_risk_mitigation(graph({"RSK-A": HIGH, "MS-A-01": CANCELLED})))
    at(finding, "RSK-A")
    assert "no live milestone mitigates it: MS-A-01 is cancelled" in finding.message
    own = {**HIGH, "mitigated_by": ["MS-A-02"]}
    assert "MS-A-02 is the milestone it threatens" in only(
        check_risk_mitigation(graph({"RSK-A": own}))).message
    assert check_risk_mitigation(graph({"RSK-A": HIGH})).findings == []


def test_a_checkpoint_tag_on_a_deliverable() -> None:
    settings = dataclasses.replace(DEFAULTS, checkpoint_prefix="MS-W")
    finding = only(check_checkpoints(graph({"MS-A-01": {"tags": ["checkpoint"]}}), settings))
    at(finding, "MS-A-01")
    for part in ("its ID does not start with the checkpoint prefix MS-W",
                 "it runs weeks 1-4, not one week", "it addresses GAP-A",
                 "it mitigates RSK-A", "MS-A-02 depend on it"):
        assert part in finding.message, finding.message
    review = {"type": "milestone", "title": "Week 4 checkpoint", "phase": ["PH-1"],
              "workstream": ["WS-A"], "start": 4, "due": 4, "tags": ["checkpoint"],
              "depends_on": ["MS-A-01"]}
    assert check_checkpoints(graph({"MS-W04": review}), settings).findings == []


def test_capacity_within_headcount() -> None:
    finding = only(check_role_capacity(graph({"RES-ROLE-A": {"capacity": 2.5}})))
    at(finding, "RES-ROLE-A")
    assert "has a capacity of 2.5 person-weeks per week but a headcount of 2" in finding.message
    assert check_role_capacity(graph()).findings == []
