"""The review as plain text for a terminal: the verdict, then one line per fact, the
sections in the Markdown comment's order."""

from __future__ import annotations

from roadmap.impact.engine import Impact
from roadmap.impact.verdict import ARROW, load_text, money, move_text, verdict, weeks_text


def _schedule(result: Impact) -> list[str]:
    sched = result.schedule
    if sched.empty:
        return []
    end = sched.end
    lines = ["schedule", f"  program end: week {move_text(end)} "
                         f"({result.compared.date(end.after)})"
             + (f", {weeks_text(end.delta)}" if end.delta else "")]
    lines += [f"  gate {g.gate} ({g.phase}): week {move_text(g.week)}"
              + (f", {weeks_text(g.week.delta)}" if g.week.delta else "")
              for g in sched.moved_gates]
    lines += [f"  phase {p.phase}: end {move_text(p.end)}, deliverables finish "
              f"{move_text(p.finish)}, buffer used {move_text(p.buffer_used)} of "
              f"{move_text(p.buffer)}" for p in sched.phases if p.moved]
    lines += [f"  moves {m.milestone}: finish week {move_text(m.finish)}, carried by "
              f"{f' {ARROW} '.join(m.chain)} ({m.cause})" for m in sched.moved]
    if sched.joined or sched.left:
        lines.append(f"  critical path: joined by {', '.join(sched.joined) or 'none'}; "
                     f"left by {', '.join(sched.left) or 'none'}")
    lines += [f"  float of the chain ending at {f.end}: {move_text(f.float)} week(s)"
              for f in sched.floats]
    return lines


def _capacity(result: Impact) -> list[str]:
    return (["capacity"] if result.capacity.cells else []) + [
        f"  {c.role} week {c.week}: {load_text(c.before)} {ARROW} {load_text(c.after)} "
        f"(usable {load_text(c.usable)} of {load_text(c.capacity)}): {c.kind}"
        for c in result.capacity.cells]


def _rules(result: Impact) -> list[str]:
    found = result.rules
    warned = [f"  the head's build warns: {w}" for w in result.head_warnings]
    if (found is None or found.empty) and not warned:
        return []
    return ["rules", *warned,
            *(f"  newly failing: {f}" for f in (found.failing if found else ())),
            *(f"  newly passing: {f}" for f in (found.passing if found else ()))]


def _risks(result: Impact) -> list[str]:
    lines = []
    for change in result.risks.risks:
        late = " now lands after the work it protects" if change.now_late else (
            " no longer lands late" if change.no_longer_late else "")
        score = (f", score {change.score[0]} {ARROW} {change.score[1]}"
                 if change.score[0] != change.score[1] else "")
        moved = f", moved: {', '.join(change.moved)}" if change.moved else ""
        lines.append(f"  {change.risk} {change.kind}{score}{moved}"
                     + (f"; its mitigation{late}" if late else ""))
    return (["risks"] if lines else []) + lines


def _suspect(result: Impact) -> list[str]:
    found = result.suspect
    if found.empty:
        return []
    lines = ["suspect links"]
    lines += [f"  to review: {c.key}: {c.key.target} changed ({'; '.join(c.what)})"
              for c in found.to_review]
    lines += [f"  cleared in this change by {c.cleared_by}: {c.key}" for c in found.cleared]
    if found.ledger is not None:
        lines += [f"  ledger: {len(found.older)} suspect already, "
                  f"{len(found.ledger.unreviewed)} not in the ledger, "
                  f"{len(found.ledger.stale)} stale line(s)"]
    return lines


def _budget(result: Impact) -> list[str]:
    if result.budget.empty:
        return []
    lines = ["budget"]
    for line in result.budget.lines:
        parts = []
        if line.stated.moved:
            parts.append(f"stated {money(line.stated.before)} {ARROW} "
                         f"{money(line.stated.after)}")
        if line.work.moved:
            parts.append(f"planned work {money(line.work.before)} {ARROW} "
                         f"{money(line.work.after)}")
        if line.weeks[0] != line.weeks[1]:
            parts.append("booked weeks changed")
        lines.append(f"  {line.kind} {line.key or line.title}: {', '.join(parts)}")
    return lines


def _changes(title: str, result: Impact, progress: bool) -> list[str]:
    found = result.progress if progress else result.plan
    lines = []
    for change in found.needs:
        if change.kind != "changed":
            lines.append(f"  {change.kind} {change.need_id} ({change.type})")
            continue
        lines += [f"  changed {change.need_id} {f.name}: {f.before} {ARROW} {f.after}"
                  if f.name != "body" else f"  changed {change.need_id} body"
                  for f in change.fields]
    return ([title] if lines else []) + lines


def render_text(result: Impact) -> str:
    lines = [f"review of {result.head} against {result.base}: {verdict(result)}"]
    for part in (_schedule(result), _capacity(result), _rules(result), _risks(result),
                 _suspect(result), _budget(result), _changes("plan changes", result, False),
                 _changes("progress changes", result, True)):
        lines += part
    return "\n".join(lines) + "\n"
