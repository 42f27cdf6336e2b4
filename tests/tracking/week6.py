"""A realistic week 6 of a small program, recorded as a status would record it.

Two phases (weeks 1-4 and 5-8), two workstreams, a chain of five milestones and a
second stream of four. As of week 6:

- MS-A-01 and MS-B-01 are done on time; MS-A-02 is done two weeks late (due week 4,
  finished week 6), which pushes MS-A-03, then MS-A-04 and MS-A-05 (two levels of
  dependants and one more) two weeks out, and the program's end from week 8 to 10;
- MS-B-02 is in progress with 1.5 of its 3 person-weeks remaining (it finishes in
  week 8, a week after its due week); MS-B-04 started a week late, in week 3, and is
  late (due week 4, not done); MS-B-03 should have started in week 5 and has not;
- three metrics are measured: p95 latency (on track in week 4, off track in week 6),
  test coverage (on track) and the memory leak (at target);
- QG-1 passed in week 4 on the leak measurement; the p95 risk has fired (520 ms
  against its 500 ms early warning), the coverage risk has not;
- the leads declared their health: the latency stream off track in week 6 (its chain
  is two weeks late), the quality stream at risk in week 5, and the Program Manager
  the program off track in week 6.

The baseline differs from this plan: MS-B-02 had 2 person-weeks (now 3),
MS-A-05 was due in week 7 (now 8), MS-B-05 was not planned and MS-A-06 was.
"""

from __future__ import annotations

import copy
from typing import Any

Need = dict[str, Any]


def _need(need_id: str, need_type: str, page: str, title: str, **fields: Any) -> Need:
    return {"id": need_id, "type": need_type, "title": title, "docname": page, "lineno": 1,
            **fields}


def _milestone(need_id: str, title: str, phase: str, workstream: str, start: int, due: int,
               **fields: Any) -> Need:
    base = {"status": "planned", "owner": "A Lead" if "-A-" in need_id else "B Lead",
            "effort": 2, "requires": ["RES-ROLE-ENG"], "phase": [phase],
            "workstream": [workstream]}
    return _need(need_id, "milestone", "plan", title, start=start, due=due,
                 **{**base, **fields})


def plan_needs() -> dict[str, Need]:
    """The plan with its week-6 status (actual weeks, measurements, gate decisions)."""
    needs = [
        _need("PH-1", "phase", "plan", "Foundation", start=1, end=4),
        _need("PH-2", "phase", "plan", "Core", start=5, end=8, buffer=0),
        _need("WS-A", "workstream", "plan", "Latency stream", start=1, end=8, lead="A Lead"),
        _need("WS-B", "workstream", "plan", "Quality stream", start=1, end=8, lead="B Lead"),
        _need("GAP-SLOW", "gap", "plan", "Slow API", severity="high", baseline=850, unit="ms"),
        _need("RES-ROLE-ENG", "resource", "plan", "Engineering", kind="role", headcount=5,
              capacity=5, cost=100000),
        _milestone("MS-A-01", "Latency histogram", "PH-1", "WS-A", 1, 2, status="done",
                   actual_start=1, actual_end=2, addresses=["GAP-SLOW"]),
        _milestone("MS-A-02", "Batched loaders", "PH-1", "WS-A", 3, 4, status="done",
                   actual_start=3, actual_end=6, depends_on=["MS-A-01"]),
        _milestone("MS-A-03", "Connection pooling", "PH-2", "WS-A", 5, 5,
                   depends_on=["MS-A-02"]),
        _milestone("MS-A-04", "Response cache", "PH-2", "WS-A", 6, 6, depends_on=["MS-A-03"]),
        _milestone("MS-A-05", "Peak-load validation", "PH-2", "WS-A", 7, 8,
                   depends_on=["MS-A-04"]),
        _milestone("MS-B-01", "Test harness", "PH-1", "WS-B", 1, 3, status="done",
                   actual_start=1, actual_end=3, effort=3),
        _milestone("MS-B-02", "Contract tests", "PH-2", "WS-B", 5, 7, status="in_progress",
                   actual_start=5, remaining=1.5, effort=3, depends_on=["MS-B-01"]),
        _milestone("MS-B-03", "Mutation testing", "PH-2", "WS-B", 5, 6),
        _milestone("MS-B-04", "Flaky-test triage", "PH-1", "WS-B", 2, 4, status="in_progress",
                   actual_start=3, effort=3),
        _milestone("MS-B-05", "Coverage gate in CI", "PH-2", "WS-B", 8, 8,
                   depends_on=["MS-B-02"]),
        _need("MET-P95", "metric", "plan", "p95 latency", baseline=850, target=255, unit="ms",
              direction="decrease", scope="program", operational=True,
              interim=["4=600", "6=500"],
              measures=["MS-A-01", "MS-A-02", "MS-A-03", "MS-A-04", "MS-A-05", "PH-2"]),
        _need("MET-COV", "metric", "plan", "Test coverage", baseline=60, target=90, unit="%",
              direction="increase", scope="module", operational=False, interim=["4=70"],
              feeds=["MET-P95"], measures=["MS-B-01", "MS-B-02", "MS-B-03", "MS-B-04",
                                           "MS-B-05"]),
        _need("MET-LEAK", "metric", "plan", "Memory kept per cycle", baseline=200, target=5,
              unit="MB", direction="decrease", scope="module", operational=False,
              feeds=["MET-P95"], measures=["MS-A-01", "PH-1"]),
        _need("TST-P95", "test", "plan", "Load test", level="load",
              verifies=["MET-P95", "MET-COV", "MET-LEAK"],
              verdicts=["MET-LEAK@4", "MET-P95@8", "MET-COV@8"]),
        _need("MON-P95", "monitor", "plan", "Latency alert", signal="p95 of the histogram",
              threshold="above 400 ms", pager="SRE on call", monitors=["MET-P95"]),
        _need("QG-1", "gate", "plan", "Foundation gate", phase=["PH-1"], checks=["MET-LEAK"],
              reads=["MET-LEAK@4"], status="passed", decision_week=4),
        _need("QG-2", "gate", "plan", "Core gate", phase=["PH-2"], checks=["MET-P95", "MET-COV"],
              reads=["MET-P95@8", "MET-COV@8"], status="open"),
        _need("RSK-P95", "risk", "plan", "Latency misses its trajectory", likelihood=3,
              impact=4, owner="A Lead", indicator="p95 above 500 ms from week 6",
              contingency="Add a read replica", threatens=["MS-A-05"],
              mitigated_by=["MS-A-03"], watched_by=["MET-P95"], fires_above=500,
              workstream=["WS-A"], status="open", trigger_week=6),
        _need("RSK-COV", "risk", "plan", "Coverage stalls", likelihood=2, impact=2,
              owner="B Lead", indicator="coverage below 65 % from week 4",
              contingency="Pair on the untested modules", threatens=["MS-B-05"],
              mitigated_by=["MS-B-02"], watched_by=["MET-COV"], fires_below=65,
              workstream=["WS-B"], status="open", trigger_week=4),
        _need("EX-HIST", "example", "plan", "Histogram middleware", path="examples/a.py",
              implements=["MS-A-01"]),
        _need("MEAS-P95-W04", "measurement", "status/week-04", "p95 in week 4", week=4,
              value=580, unit="ms", evidence="grafana/d/api-latency?week=4", of=["MET-P95"]),
        _need("MEAS-COV-W04", "measurement", "status/week-04", "Coverage in week 4", week=4,
              value=72, unit="%", evidence="ci/coverage/1234", of=["MET-COV"]),
        _need("MEAS-LEAK-W04", "measurement", "status/week-04", "Leak in week 4", week=4,
              value=4, unit="MB", evidence="ci/soak/987", of=["MET-LEAK"]),
        _need("MEAS-P95-W06", "measurement", "status/week-06", "p95 in week 6", week=6,
              value=520, unit="ms", evidence="grafana/d/api-latency?week=6", of=["MET-P95"]),
        _need("UPD-A-W06", "update", "status/week-06", "Latency stream, week 6", week=6,
              health="off_track", owner="A Lead", scope="module", workstream=["WS-A"],
              changed="Batched loaders finished two weeks late; pooling starts in week 7",
              needed="A decision on moving the peak-load validation to week 10"),
        _need("UPD-B-W05", "update", "status/week-05", "Quality stream, week 5", week=5,
              health="at_risk", owner="B Lead", scope="module", workstream=["WS-B"],
              changed="Flaky-test triage started a week late and is still open",
              needed="One more engineer for the triage in week 6"),
        _need("UPD-PGM-W06", "update", "status/week-06", "Program, week 6", week=6,
              health="off_track", owner="Program Manager", scope="program",
              changed="The latency chain moves the program end from week 8 to week 10",
              needed="Steering decision on the week-10 end or a cut of MS-A-05"),
    ]
    return {n["id"]: n for n in needs}


def baseline_needs() -> dict[str, Need]:
    """The plan as frozen before week 1 (no progress in it)."""
    needs = copy.deepcopy(plan_needs())
    needs["MS-B-02"]["effort"] = 2
    needs["MS-A-05"].update(start=7, due=7)
    del needs["MS-B-05"]
    needs["MS-A-06"] = _milestone("MS-A-06", "Latency report", "PH-2", "WS-A", 8, 8)
    for need in list(needs.values()):
        if need["type"] in ("measurement", "update"):
            del needs[need["id"]]
            continue
        for name in ("actual_start", "actual_end", "remaining", "decision_week"):
            need.pop(name, None)
        if need["type"] == "milestone":
            need["status"] = "planned"
        if need["type"] == "gate":
            need["status"] = "open"
    return needs
