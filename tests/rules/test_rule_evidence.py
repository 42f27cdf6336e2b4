"""CONS-GAP-LIVE, CONS-CHECKPOINT, CONS-ROLE-CAPACITY, CONS-ROLE-WEEKS and live
mitigations: what other rules take on trust must be true."""

from __future__ import annotations

import dataclasses

from minigraph import at, graph, only

from roadmap.config import DEFAULTS
from roadmap.rules.consistency import check_risk_mitigation
from roadmap.rules.evidence import (
    check_checkpoints,
    check_gap_live,
    check_role_capacity,
    check_role_weeks,
)

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


def test_capacity_by_week_within_headcount() -> None:
    role = {"RES-ROLE-A": {"capacity_weeks": ["1.5@1-4", "3@5-8"]}}
    finding = only(check_role_capacity(graph(role)))
    at(finding, "RES-ROLE-A")
    assert ("states a capacity of 3 person-weeks per week in weeks 5-8 (capacity_weeks "
            "3@5-8) but a headcount of 2: at most 2") in finding.message


def test_capacity_and_rate_by_week_name_weeks_of_the_plan_once() -> None:
    good = {"RES-ROLE-A": {"rate": 5000, "capacity_weeks": ["1@1-4"],
                           "rate_weeks": ["4000@5-8"]}}
    assert check_role_weeks(graph(good)).findings == []
    assert check_role_weeks(graph()).findings == []
    bad = {"RES-ROLE-A": {"capacity_weeks": ["1@4-1", "1.5@6-9"],
                          "rate_weeks": ["4000@5-8", "4200@8-8"]}}
    finding = only(check_role_weeks(graph(bad)))
    at(finding, "RES-ROLE-A")
    assert finding.message == (
        "capacity_weeks 1@4-1: the first week comes after the last (expected FIRST-LAST, "
        "e.g. 1-4); capacity_weeks 1.5@6-9: weeks must lie in the plan's weeks 1 to 8 (the "
        "end of its last phase); rate_weeks is given but the role states no rate for it to "
        "override; rate_weeks 4200@8-8: week 8 is given twice (one value per week)")


def test_text_that_is_not_value_at_weeks_is_left_to_the_field_schema() -> None:
    # the schema of capacity_weeks in ubproject.toml reports it, with file and line
    assert check_role_weeks(graph({"RES-ROLE-A": {"capacity_weeks": ["1.5 in 1-4"]}})
                            ).findings == []
