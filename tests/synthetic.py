"""A generated roadmap of any size that passes every rule, for the scale test and the
benchmark (``bench/bench_check.py``).

Four phases of four weeks with a gate and a program metric each, then as many
workstream blocks as fit: per block a workstream, its role, four gaps, 32
milestones in four parallel dependency chains (each phase's first milestone also
waits for the previous block's), eight KPIs that measure them and feed the program
metrics, a test per KPI, a monitor per operational KPI, eight risks, four
examples, a week-4 measurement and the workstream's week-4 health update. The first
phase is done (as of week ``AS_OF``), and the program has its own health update and
one what-if scenario. Shared tools take the rest, so the plan has exactly the size
asked for. About four links per need, as in the real roadmap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PHASES = 4
CHAINS = 4
BLOCK_SIZE = 72  # needs per workstream block
# The week the generated plan's status is reported for: its first phase is done.
AS_OF = 4
# phases, program metrics, their tests, monitors, gates; tools; the program's update and
# a scenario
FIXED_SIZE = 5 * PHASES + 10 + 2
TOOLS = 10


def _ms(block: int, phase: int, chain: int, step: int) -> str:
    return f"MS-B{block}-{phase}{chain}{step}"


def generate(size: int) -> dict[str, dict[str, Any]]:
    """A valid plan of exactly ``size`` needs, as the ``needs`` table of needs.json."""
    if size < FIXED_SIZE + BLOCK_SIZE:
        raise ValueError(f"a generated plan has at least {FIXED_SIZE + BLOCK_SIZE} needs")
    needs: dict[str, dict[str, Any]] = {}

    def add(need_id: str, need_type: str, page: str, **fields: Any) -> None:
        needs[need_id] = {"id": need_id, "type": need_type, "title": f"{need_type} {need_id}",
                          "docname": page, "lineno": 1 + 10 * len(needs), **fields}

    for p in range(PHASES):
        phase, weeks = f"PH-{p + 1}", (4 * p + 1, 4 * p + 4)
        add(phase, "phase", "phases", start=weeks[0], end=weeks[1])
        add(f"MET-P-{p + 1}", "metric", "metrics", baseline=0, target=100, unit="%",
            direction="increase", scope="program", operational=True, measures=[phase])
        add(f"TST-P-{p + 1}", "test", "tests", level="end_to_end",
            verifies=[f"MET-P-{p + 1}"], verdicts=[f"MET-P-{p + 1}@{weeks[1]}"])
        add(f"MON-P-{p + 1}", "monitor", "monitors", signal="program dashboard",
            threshold="below plan", pager="Program Manager", monitors=[f"MET-P-{p + 1}"])
        add(f"QG-{p + 1}", "gate", "phases", phase=[phase], checks=[f"MET-P-{p + 1}"],
            reads=[f"MET-P-{p + 1}@{weeks[1]}"])
    for t in range(TOOLS):
        add(f"RES-TOOL-{t}", "resource", "resources", kind="tool", cost=1000,
            booked=[f"1-{4 * PHASES}"])

    add("UPD-PGM-W04", "update", "status/week-04", week=AS_OF, health="on_track",
        owner="Program Manager", scope="program", changed="Phase 1 closed on plan",
        needed="nothing")
    add("SCN-LATE-START", "scenario", "scenarios", revision=1, slip=[_ms(0, 1, 0, 0) + "=+1"])
    blocks = (size - FIXED_SIZE) // BLOCK_SIZE
    for b in range(blocks):
        _block(b, add)
    for pad in range(size - len(needs)):
        add(f"RES-TOOL-X{pad}", "resource", "resources", kind="tool", cost=10,
            booked=[f"1-{4 * PHASES}"])
    return needs


def _dependencies(b: int, p: int, c: int, j: int) -> list[str]:
    """The second milestone of a pair waits for the first two of its phase; the first
    waits for its chain's end in the previous phase (and block 0's, across blocks)."""
    if j == 1:
        return [_ms(b, p, c, 0), _ms(b, p, (c + 1) % CHAINS, 0)]
    if p == 0:
        return []
    deps = [_ms(b, p - 1, c, 1)]
    if c == 0 and b > 0:
        deps.append(_ms(b - 1, p - 1, 0, 1))
    return deps


def _milestones(b: int, add: Any, page: str, ws: str, role: str) -> None:
    for p in range(PHASES):
        for c in range(CHAINS):
            for j in range(2):
                start = 4 * p + 1 + 2 * j
                done = {"status": "done", "actual_start": start, "actual_end": start + 1}
                add(_ms(b, p, c, j), "milestone", page, phase=[f"PH-{p + 1}"], workstream=[ws],
                    start=start, due=start + 1, owner=f"Lead {b}", effort=1,
                    requires=[role, f"RES-TOOL-{b % TOOLS}"],
                    depends_on=_dependencies(b, p, c, j),
                    addresses=[f"GAP-B{b}-{p}"] if (c, j) == (0, 0) else [],
                    **(done if p == 0 else {"status": "planned"}))


def _block(b: int, add: Any) -> None:
    page, ws, role = f"blocks/b{b}", f"WS-B{b}", f"RES-ROLE-B{b}"
    add(ws, "workstream", page, start=1, end=4 * PHASES, lead=f"Lead {b}")
    add(role, "resource", "resources", kind="role", headcount=3, capacity=2.5, cost=50000)
    for g in range(PHASES):
        add(f"GAP-B{b}-{g}", "gap", page, severity="high", baseline=10 + g, unit="%")
    _milestones(b, add, page, ws, role)
    for m in range(2 * PHASES):
        p, half = divmod(m, 2)
        metric = f"MET-B{b}-{m}"
        measured = [_ms(b, p, c, j) for c in (2 * half, 2 * half + 1) for j in range(2)]
        increase = m % 2 == 0
        add(metric, "metric", page, baseline=10 if increase else 90,
            target=90 if increase else 10, unit="%",
            direction="increase" if increase else "decrease", scope="module",
            operational=increase, measures=measured, feeds=[f"MET-P-{p + 1}"])
        add(f"TST-B{b}-{m}", "test", page, level="integration",
            verifies=[metric, *measured[:2]], verdicts=[f"{metric}@{4 * p + 4}"])
        if increase:
            add(f"MON-B{b}-{m}", "monitor", page, signal="service metrics",
                threshold="off target for 1 hour", pager="SRE on call", monitors=[metric])
    for r in range(2 * PHASES):
        p, c = r // 2, r % CHAINS
        add(f"RSK-B{b}-{r}", "risk", page, likelihood=r % 5 + 1, impact=(3 * r) % 5 + 1,
            owner=f"Lead {b}", indicator="burn-down below plan for a week",
            contingency="move scope to the next phase", threatens=[_ms(b, p, c, 1)],
            mitigated_by=[_ms(b, p, c, 0)], workstream=[ws],
            watched_by=[f"MET-B{b}-{r}"],
            # the watched KPI increases on even numbers: its warning fires below 30 %; it
            # is read from the week the KPI is due at target, when the plan is past it
            trigger_week=4 * p + 4,
            **({"fires_below": 30} if r % 2 == 0 else {"fires_above": 70}))
    for e in range(PHASES):
        add(f"EX-B{b}-{e}", "example", page, path=f"examples/b{b}/{e}.py",
            implements=[_ms(b, e, 0, 0)])
    add(f"MEAS-B{b}-0-W04", "measurement", "status/week-04", of=[f"MET-B{b}-0"], week=AS_OF,
        value=50, unit="%", evidence=f"dashboards/b{b}")
    add(f"UPD-B{b}-W04", "update", "status/week-04", week=AS_OF, health="on_track",
        owner=f"Lead {b}", scope="module", workstream=[ws], changed="Phase 1 done on plan",
        needed="nothing")


def link_count(needs: dict[str, dict[str, Any]], link_types: list[str]) -> int:
    return sum(len(need.get(link) or ()) for need in needs.values() for link in link_types)


def write_needs_json(needs: dict[str, dict[str, Any]], path: Path) -> Path:
    """Write ``needs`` in the layout sphinx-needs gives needs.json."""
    path.write_text(json.dumps({"current_version": "2025.09", "project": "synthetic",
                                "versions": {"2025.09": {"needs": needs}}}),
                    encoding="utf-8")
    return path
