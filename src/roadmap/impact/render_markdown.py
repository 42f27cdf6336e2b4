"""The review as one pull-request comment in Markdown: a one-line verdict at the top,
then the sections most important first (schedule, capacity, rules, risks, suspect
links, budget, plan and progress changes), each left out when empty, with the
details folded in ``<details>``. Every value from the plan is escaped, so a title
cannot open a tag, end a table cell or start a list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from roadmap.impact.capacity_impact import INTO_RESERVE, NEW_OVERLOAD
from roadmap.impact.engine import Impact
from roadmap.impact.plan_changes import Changes, NeedChange
from roadmap.impact.schedule_impact import Move
from roadmap.impact.verdict import (
    ARROW,
    DASH,
    load_text,
    money,
    move_text,
    verdict,
    weeks_text,
)
from roadmap.program_schedule import week_ranges

URGENT = (NEW_OVERLOAD, INTO_RESERVE)
# Rows of a folded table beyond which the rest is summed up in one line.
MAX_ROWS = 40


def md(value: object) -> str:
    """A value as Markdown text: no tag, no cell end, no line break."""
    text = DASH if value is None else str(value)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"),
                         ("*", "\\*"), ("_", "\\_"), ("`", "\\`"), ("[", "\\["),
                         ("]", "\\]")):
        text = text.replace(raw, escaped)
    return " ".join(text.split())


def code(need_id: str) -> str:
    return f"`{need_id.replace('`', '')}`"


def table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    listed = list(rows)
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in listed[:MAX_ROWS]]
    if len(listed) > MAX_ROWS:
        lines.append("| " + " | ".join([f"and {len(listed) - MAX_ROWS} more"]
                                       + [""] * (len(head) - 1)) + " |")
    return lines


def folded(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>", ""]


def _week(result: Impact, week: int | None) -> str:
    return DASH if week is None else f"week {week} ({result.compared.date(week)})"


def _change(move: Move) -> str:
    delta = move.delta
    if delta is None:
        return "added" if move.before is None else "removed"
    return weeks_text(delta) if delta else "unchanged"


# ------------------------------------------------------------------ sections
def schedule(result: Impact) -> list[str]:
    sched = result.schedule
    if sched.empty:
        return []
    rows = []
    if sched.end.moved:
        rows.append(["Program end", _week(result, sched.end.before),
                     _week(result, sched.end.after), _change(sched.end)])
    rows += [[f"{code(g.gate)} (gate of {code(g.phase)})", _week(result, g.week.before),
              _week(result, g.week.after), _change(g.week)] for g in sched.moved_gates]
    lines = ["#### Schedule", ""]
    if rows:
        lines += [*table(["", "Before", "After", "Change"], rows), ""]
    else:
        lines += [f"The program end ({_week(result, sched.end.after)}) and every gate stay "
                  "where they were.", ""]
    if sched.joined or sched.left:
        lines += [f"Critical path: joined by {_ids(sched.joined)}; left by "
                  f"{_ids(sched.left)}.", ""]
    if sched.moved:
        lines += folded(f"{len(sched.moved)} milestone(s) move, and why", table(
            ["Milestone", "Forecast weeks", "Finish", "Carried by"],
            [[f"{code(m.milestone)} {md(m.title)}",
              f"{_span(m.start.before, m.finish.before)} {ARROW} "
              f"{_span(m.start.after, m.finish.after)}", _change(m.finish),
              f" {ARROW} ".join(code(i) for i in m.chain) + f" ({md(m.cause)})"]
             for m in sched.moved]))
    phases = [p for p in sched.phases if p.moved]
    if phases or sched.floats:
        body = table(["Phase", "Planned end", "Deliverables finish", "Buffer used", "Gate"],
                     [[f"{code(p.phase)} {md(p.title)}", move_text(p.end),
                       move_text(p.finish), f"{move_text(p.buffer_used)} of "
                       f"{move_text(p.buffer)}", move_text(p.gate_week)] for p in phases])
        if sched.floats:
            body += ["", *table(["Chain ending at", "Float (weeks before its gate moves)",
                                 "Consumed"],
                                [[code(f.end), move_text(f.float),
                                  weeks_text(-(f.float.delta or 0))] for f in sched.floats])]
        lines += folded("Phases, buffers and float", body)
    return lines


def _span(start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return DASH
    return str(start) if start == end else f"{start}-{end}"


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(code(i) for i in ids) or "none"


def capacity(result: Impact) -> list[str]:
    cells = result.capacity.cells
    if not cells:
        return []
    rows = [[f"{code(c.role)} {md(c.title)}", f"week {c.week}",
             f"{load_text(c.before)} {ARROW} {load_text(c.after)}",
             f"{load_text(c.usable)} of {load_text(c.capacity)}", c.kind] for c in cells]
    head = ["Role", "Week", "Load (person-weeks)", "Usable of capacity", ""]
    urgent = [c.kind in URGENT for c in cells]
    lines = ["#### Capacity", ""]
    if any(urgent):
        lines += [*table(head, [r for r, u in zip(rows, urgent, strict=True) if u]), ""]
    others = [r for r, u in zip(rows, urgent, strict=True) if not u]
    if others:
        lines += folded(f"{len(others)} {'other ' if any(urgent) else ''}role-week(s) change "
                        "load", table(head, others))
    return lines


def rules(result: Impact) -> list[str]:
    found = result.rules
    warned = result.head_warnings
    if (found is None or found.empty) and not warned:
        return []
    lines = ["#### Rules", ""]
    others = result.other_warnings
    if warned:
        lines += [f"The head's strict build (`-W`) fails with {len(warned)} warning(s)"
                  + (f"; the first that is not a finding below: {code(others[0])}" if others
                     else ": the findings below"), ""]
    if found is None:
        return lines
    lines += [f"- newly failing: {code(f.location)} **{md(f.rule)}** {code(f.need_id)}: "
              f"{md(f.message)}" for f in found.failing]
    if found.passing:
        lines += ["", *folded(f"{len(found.passing)} finding(s) newly passing", [
            f"- {code(f.location)} **{md(f.rule)}** {code(f.need_id)}: {md(f.message)}"
            for f in found.passing])]
    return [*lines, ""]


def risks(result: Impact) -> list[str]:
    changed = result.risks.risks
    if not changed:
        return []
    lines = ["#### Risks", ""]
    late = result.risks.late
    for change in late:
        after = change.after
        assert after is not None
        lines.append(f"- {code(change.risk)} {md(change.title)}: its mitigation "
                     f"{code(after.mitigated_by or '')} now finishes in week {after.mitigation}, "
                     f"after {code(after.threatened or '')} (week {after.deadline}) that it "
                     "protects")
    rows = [[f"{code(c.risk)} {md(c.title)}", c.kind,
             f"{_score(c.score[0])} {ARROW} {_score(c.score[1])}"
             if c.score[0] != c.score[1] else _score(c.score[1]),
             ", ".join(code(i) for i in c.moved) or DASH,
             "now late" if c.now_late else "no longer late" if c.no_longer_late else DASH]
            for c in changed]
    lines += ([""] if late else []) + folded(f"{len(changed)} risk(s) touched", table(
        ["Risk", "Change", "Score", "Milestones that moved", "Mitigation"], rows))
    return lines


def _score(value: int | None) -> str:
    return DASH if value is None else str(value)


def suspect(result: Impact) -> list[str]:
    found = result.suspect
    if found.empty:
        return []
    lines = ["#### Suspect links", ""]
    review = found.to_review
    if review:
        lines += [f"{len(review)} link(s) rely on a need this change alters; review each "
                  "linking need, then clear it with `python -m roadmap review --clear ID "
                  "--by NAME`:", "", *table(
                      ["Need", "Link", "Target", "What changed"],
                      [[code(c.key.source), md(c.key.link), code(c.key.target),
                        md("; ".join(c.what))] for c in review]), ""]
    if found.cleared:
        lines += folded(f"{len(found.cleared)} link(s) cleared in this change", table(
            ["Need", "Link", "Target", "Cleared by"],
            [[code(c.key.source), md(c.key.link), code(c.key.target), md(c.cleared_by)]
             for c in found.cleared]))
    state = found.ledger
    if state is not None and (found.older or state.unreviewed or state.stale):
        body = [f"- suspect already, not by this change: {len(found.older)}",
                f"- not in the ledger: {len(state.unreviewed)}",
                f"- ledger lines naming links that no longer exist (removed by `--clear`): "
                f"{len(state.stale)}"]
        body += [f"  - {md(str(key))}" for key in state.stale[:MAX_ROWS]]
        lines += folded("The review ledger of the head", body)
    return lines


def budget(result: Impact) -> list[str]:
    found = result.budget
    if found.empty:
        return []
    total = found.total
    lines = ["#### Budget", "", f"Planned work {_total(total.work.before, total.work.after)}; "
             f"stated cost {_total(total.stated.before, total.stated.after)}.", ""]
    rows = []
    for line in found.lines:
        if line.kind == "total":
            continue
        weeks = line.weeks
        booked = (f"weeks {week_ranges(weeks[0]) or DASH} {ARROW} "
                  f"{week_ranges(weeks[1]) or DASH}" if weeks[0] != weeks[1] else "")
        rows.append([f"{code(line.key) if line.key else ''} {md(line.title)}", line.kind,
                     _amounts(line.stated.before, line.stated.after),
                     _amounts(line.work.before, line.work.after), booked])
    if rows:
        lines += folded(f"{len(rows)} budget line(s) change", table(
            ["Line", "Kind", "Stated cost", "Planned work", "Booked"], rows))
    return lines


def _total(before: float | None, after: float | None) -> str:
    if before == after:
        return f"{money(after)}, unchanged"
    return (f"{money(before)} {ARROW} {money(after)} "
            f"({money((after or 0.0) - (before or 0.0), signed=True)})")


def _amounts(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return ""
    if before == after:
        return money(after)
    return f"{money(before)} {ARROW} {money(after)}"


def _change_rows(changes: Iterable[NeedChange]) -> list[list[str]]:
    rows = []
    for change in changes:
        name = f"{code(change.need_id)} {md(change.title)}"
        if change.kind != "changed":
            rows.append([name, md(change.type), change.kind, "", ""])
            continue
        rows += [[name, md(change.type), md(f.name), md(_value(f.before)), md(_value(f.after))]
                 if f.name != "body" else [name, md(change.type), "body", "", "changed"]
                 for f in change.fields]
    return rows


def _value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or DASH
    return DASH if value is None else str(value)


def changes(title: str, found: Changes) -> list[str]:
    if found.empty:
        return []
    counts = ", ".join(f"{len(found.of(k))} {k}" for k in ("added", "removed", "changed")
                       if found.of(k))
    return folded(f"{title}: {counts}", table(["Need", "Type", "Field", "Before", "After"],
                                              _change_rows(found.needs)))


def render_markdown(result: Impact) -> str:
    """The whole comment."""
    lines = [f"### Plan review: {md(verdict(result))}", "",
             f"<sub>{md(result.base)} {ARROW} {md(result.head)}; forecast as of week "
             f"{result.schedule.as_of}; generated by `python -m roadmap review`</sub>", ""]
    for section in (schedule, capacity, rules, risks, suspect, budget):
        lines += section(result)
    lines += changes("Plan changes", result.plan)
    lines += changes("Progress changes", result.progress)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
