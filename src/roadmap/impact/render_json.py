"""The review as JSON: every section of the :class:`~roadmap.impact.engine.Impact`, with
stable keys and sorted IDs, for tools and for tests."""

from __future__ import annotations

import json
from typing import Any

from roadmap.findings import Finding
from roadmap.impact.engine import Impact
from roadmap.impact.plan_changes import Changes
from roadmap.impact.schedule_impact import Move
from roadmap.impact.verdict import verdict


def _move(move: Move) -> list[int | None]:
    return [move.before, move.after]


def _changes(found: Changes) -> list[dict[str, Any]]:
    return [{"need": c.need_id, "type": c.type, "kind": c.kind, "file": c.file, "line": c.line,
             "fields": {f.name: [f.before, f.after] for f in c.fields}} for c in found.needs]


def _finding(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "need": finding.need_id, "file": finding.file,
            "line": finding.line, "message": finding.message}


def _schedule(result: Impact) -> dict[str, Any]:
    sched = result.schedule
    return {
        "as_of": sched.as_of,
        "program_end": _move(sched.end),
        "program_end_date": [result.compared.date(sched.end.before),
                             result.compared.date(sched.end.after)],
        "ended_by": list(sched.end_by),
        "gates": {g.gate: {"phase": g.phase, "week": _move(g.week)} for g in sched.gates},
        "phases": {p.phase: {"end": _move(p.end), "finish": _move(p.finish),
                             "gate_week": _move(p.gate_week), "buffer": _move(p.buffer),
                             "buffer_used": _move(p.buffer_used)} for p in sched.phases},
        "moved": {m.milestone: {"start": _move(m.start), "finish": _move(m.finish),
                                "chain": list(m.chain), "cause": m.cause}
                  for m in sched.moved},
        "critical_path": {"before": list(sched.critical_before),
                          "after": list(sched.critical_after),
                          "joined": sched.joined, "left": sched.left},
        "float": {f.end: {"deadline": _move(f.deadline), "float": _move(f.float)}
                  for f in sched.floats},
    }


def _rest(result: Impact) -> dict[str, Any]:
    suspect = result.suspect
    ledger = suspect.ledger
    return {
        "capacity": [{"role": c.role, "week": c.week, "before": round(c.before, 3),
                      "after": round(c.after, 3), "capacity": round(c.capacity, 3),
                      "usable": round(c.usable, 3), "kind": c.kind}
                     for c in result.capacity.cells],
        "budget": [{"line": b.key, "kind": b.kind, "stated": [b.stated.before, b.stated.after],
                    "work": [b.work.before, b.work.after],
                    "booked": [list(b.weeks[0]), list(b.weeks[1])]}
                   for b in result.budget.lines],
        "risks": [{"risk": r.risk, "kind": r.kind, "score": list(r.score),
                   "moved": list(r.moved), "now_late": r.now_late,
                   "no_longer_late": r.no_longer_late} for r in result.risks.risks],
        "head_warnings": list(result.head_warnings),
        "rules": None if result.rules is None else {
            "newly_failing": [_finding(f) for f in result.rules.failing],
            "newly_passing": [_finding(f) for f in result.rules.passing]},
        "suspect_links": {
            "to_review": [{"link": str(c.key), "what": list(c.what)}
                          for c in suspect.to_review],
            "cleared": [{"link": str(c.key), "by": c.cleared_by} for c in suspect.cleared],
            "ledger": None if ledger is None else {
                "suspect": [str(s.key) for s in ledger.suspect],
                "unreviewed": [str(k) for k, _ in ledger.unreviewed],
                "stale": [str(k) for k in ledger.stale]}},
    }


def impact_json(result: Impact) -> dict[str, Any]:
    return {"base": result.base, "head": result.head, "verdict": verdict(result),
            "plan_changes": _changes(result.plan),
            "progress_changes": _changes(result.progress),
            "schedule": _schedule(result), **_rest(result)}


def render_json(result: Impact) -> str:
    return json.dumps(impact_json(result), indent=2, sort_keys=True, ensure_ascii=False,
                      default=str)
