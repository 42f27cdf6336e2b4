"""The one-line verdict of a review, the words every renderer shares, and what fails a
review (``--fail-on``).

The verdict names what matters most first: the program's end, the gates, new
overloads, newly failing rules, mitigations that now land late, the cost, the links
to review; "no effect" when none of them moved.
"""

from __future__ import annotations

from collections.abc import Iterable

from roadmap.impact.capacity_impact import INTO_RESERVE, NEW_OVERLOAD
from roadmap.impact.engine import Impact
from roadmap.impact.schedule_impact import Move
from roadmap.program_schedule import week_ranges

# What ``--fail-on`` may name, and what each fails on.
FAIL_ON = {
    "end": "the program's forecast end moves later",
    "gate": "a gate moves later",
    "capacity": "a role-week goes over what its capacity (at the focus factor) allows",
    "rules": "a rule newly fails (or the head's strict build warns)",
    "suspect": "a link is made suspect and not cleared in the change",
}
ARROW = "\u2192"
DASH = "\u2013"


def weeks_text(delta: int) -> str:
    """``+1 week``, ``-2 weeks``."""
    return f"{delta:+d} week" + ("" if abs(delta) == 1 else "s")


def move_text(move: Move) -> str:
    """``12 -> 13``; a dash for a side that has none."""
    before = DASH if move.before is None else str(move.before)
    after = DASH if move.after is None else str(move.after)
    return before if move.before == move.after else f"{before} {ARROW} {after}"


def money(value: float | None, signed: bool = False) -> str:
    """``USD 5,400``; ``+USD 5,400`` when signed."""
    if value is None:
        return DASH
    sign = ("+" if value > 0 else "-" if value < 0 else "") if signed else (
        "-" if value < 0 else "")
    return f"{sign}USD {abs(value):,.0f}"


def load_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def overloads(result: Impact, kinds: Iterable[str] = (NEW_OVERLOAD, INTO_RESERVE)
              ) -> dict[str, list[int]]:
    """Role -> the weeks the change takes over capacity (at the focus factor)."""
    wanted = set(kinds)
    found: dict[str, list[int]] = {}
    for cell in result.capacity.cells:
        if cell.kind in wanted:
            found.setdefault(cell.role, []).append(cell.week)
    return found


def _later_gates(result: Impact) -> list[tuple[str, int]]:
    return [(g.gate, g.week.delta) for g in result.schedule.moved_gates
            if g.week.delta is not None and g.week.delta != 0]


def verdict_parts(result: Impact) -> list[str]:
    parts: list[str] = []
    end = result.schedule.end
    if end.moved and end.delta is not None:
        parts.append(f"moves the program end by {weeks_text(end.delta)} (week "
                     f"{move_text(end)}, {result.compared.date(end.after)})")
    parts += [f"{gate} {weeks_text(delta)}" for gate, delta in _later_gates(result)]
    parts += [f"{role} over capacity in week{'s' if len(weeks) > 1 else ''} "
              f"{week_ranges(weeks)}" for role, weeks in overloads(result).items()]
    if result.rules is not None and result.rules.failing:
        count = len(result.rules.failing)
        parts.append(f"{count} rule finding{'s' if count > 1 else ''} newly failing")
    others = len(result.other_warnings)
    if others:
        parts.append(f"the head's strict build fails ({others} other warning"
                     f"{'s' if others > 1 else ''})")
    parts += [f"{r.risk}'s mitigation now lands after the work it protects"
              for r in result.risks.late]
    work = result.budget.total.work
    if work.moved:
        parts.append(f"planned work {money(work.delta, signed=True)}")
    stated = result.budget.total.stated
    if stated.moved:
        parts.append(f"stated cost {money(stated.delta, signed=True)}")
    review = len(result.suspect.to_review)
    if review:
        parts.append(f"{review} link{'s' if review > 1 else ''} to review")
    return parts


def verdict(result: Impact) -> str:
    """One line: what the change does, most important first."""
    parts = verdict_parts(result)
    if parts:
        return "; ".join(parts)
    changed = len(result.plan.needs)
    if not changed:
        return ("progress recorded; the plan is unchanged" if not result.progress.empty
                else "no change to the plan")
    minor = _minor_parts(result)
    return "; ".join([f"{changed} need{'s' if changed > 1 else ''} re-planned", *(
        minor or ["no effect on the schedule, capacity, cost, risks or rules"])])


def _minor_parts(result: Impact) -> list[str]:
    """What a change does that moves no end, gate, capacity limit or rule."""
    moved, cells = len(result.schedule.moved), len(result.capacity.cells)
    found = [f"{moved} milestone{'s' if moved > 1 else ''} move{'' if moved > 1 else 's'}, "
             "not the end nor any gate"] if moved else []
    if cells:
        found.append(f"the load of {cells} role-week{'s' if cells > 1 else ''} changes, "
                     "within capacity")
    if not result.budget.empty:
        found.append("the budget's lines change, not its totals")
    if not result.risks.empty:
        found.append(f"{len(result.risks.risks)} risk(s) touched")
    return found


def failures(result: Impact, fail_on: Iterable[str]) -> list[str]:
    """The ``--fail-on`` conditions that hold, in words."""
    held = {
        "end": (result.schedule.end.delta or 0) > 0,
        "gate": any(delta > 0 for _gate, delta in _later_gates(result)),
        "capacity": bool(overloads(result)),
        "rules": bool(result.rules and result.rules.failing) or bool(result.head_warnings),
        "suspect": bool(result.suspect.to_review),
    }
    return [FAIL_ON[name] for name in fail_on if held.get(name)]
