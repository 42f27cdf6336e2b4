"""The approved plan, frozen, and what changed since.

``baselines/approved.json`` holds a snapshot of the plan's needs as approved: each
need's type, title and plan fields (weeks, effort, targets, links), with the date it
was approved and by whom. Progress is not part of a plan (status, actual weeks,
remaining work, measurements and gate decisions are left out), so reporting a week
changes nothing here; re-planning does, and :func:`plan_diff` shows every added,
removed and changed need with old and new values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.errors import InputError
from roadmap.graph import NeedsJsonError, needs_of
from roadmap.roles import FIELDS, OPTIONAL_TYPES, TYPES
from roadmap.ubproject import Metamodel
from roadmap.value_check import need_problems

FORMAT = "roadmap-baseline/1"
# What execution changes; a plan snapshot leaves it out.
PROGRESS_FIELDS = frozenset({
    FIELDS.status, FIELDS.actual_start, FIELDS.actual_end, FIELDS.remaining, FIELDS.reason,
    FIELDS.decision_week, FIELDS.waived_by, FIELDS.week, FIELDS.value, FIELDS.evidence})


class BaselineError(InputError):
    """A baseline (or needs.json) that cannot be read as a plan."""


def plan_fields(metamodel: Metamodel) -> list[str]:
    """The fields and links a plan is made of: every declared one that an author writes
    (not derived by sphinx-needs) and that is not progress."""
    names = [name for name, spec in metamodel.fields.items()
             if "derive" not in spec and "derive_by_type" not in spec]
    return ["title", *(n for n in [*names, *metamodel.links] if n not in PROGRESS_FIELDS)]


def normal(value: Any) -> Any:
    """A value as the plan means it: 4.0 and 4 alike, link lists in a stable order."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return value


def snapshot(needs: Mapping[str, Mapping[str, Any]], metamodel: Metamodel
             ) -> dict[str, dict[str, Any]]:
    """The plan part of every need that is neither progress (a measurement, a health
    update) nor a what-if scenario, by ID."""
    names = plan_fields(metamodel)
    plan: dict[str, dict[str, Any]] = {}
    for need_id in sorted(needs):
        need = needs[need_id]
        if need.get("type") in OPTIONAL_TYPES:
            continue
        entry = {"type": need.get("type")}
        entry.update({n: normal(need[n]) for n in names
                      if need.get(n) not in (None, "", [], ())})
        plan[need_id] = entry
    return plan


def baseline_document(plan: Mapping[str, Mapping[str, Any]], approved: str, approved_by: str,
                      note: str = "", project: str = "") -> dict[str, Any]:
    document = {"format": FORMAT, "approved": approved, "approved_by": approved_by,
                "note": note, "needs": dict(plan)}
    if project:
        document["project"] = project
    return document


@dataclass(frozen=True)
class Plan:
    """A plan read from a baseline file or a needs.json, with where it came from."""

    needs: dict[str, dict[str, Any]]
    source: str
    approved: str | None = None
    approved_by: str | None = None
    project: str = ""  # the project whose plan it is, when the file says


def read_plan(path: Path, metamodel: Metamodel) -> Plan:
    """A baseline file, or a needs.json reduced to its plan; every value checked
    (:mod:`roadmap.value_check`): BaselineError names the first that cannot be used."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise BaselineError(f"{path}: not valid JSON ({error})") from None
    if isinstance(data, dict) and data.get("format") == FORMAT:
        needs = data.get("needs")
        if not isinstance(needs, dict) or not all(isinstance(n, dict) for n in needs.values()):
            raise BaselineError(f'{path}: "needs" is not an object of needs by ID')
        _check_values(needs, metamodel, path, text)
        return Plan(needs, str(path), _text(data.get("approved")),
                    _text(data.get("approved_by")), _text(data.get("project")))
    try:
        needs = needs_of(data, str(path))
    except NeedsJsonError as error:
        raise BaselineError(str(error)) from None
    _check_values(needs, metamodel, path, text)
    return Plan(snapshot(needs, metamodel), str(path), project=_text(data.get("project")))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _check_values(needs: Mapping[str, Mapping[str, Any]], metamodel: Metamodel, path: Path,
                  text: str) -> None:
    """The first value of a plan that cannot be used, with its line in the file."""
    for need_id, entry in needs.items():
        problems = need_problems({"id": need_id, **entry}, metamodel)
        if problems:
            first = problems[0]
            at = text.find(json.dumps(need_id) + ":")
            field_at = text.find(json.dumps(first.field) + ":", max(at, 0)) if at >= 0 else -1
            line = text.count("\n", 0, max(field_at, at, 0)) + 1
            raise BaselineError(f"{path}:{line}: [GUARD-VALUES] {need_id}: {first}")


def foreign_baseline(base: Plan, head: Plan) -> str | None:
    """Why a baseline is not an earlier version of the plan (None when it is): another
    project's name, or too few needs in common to compare them."""
    if base.project and head.project and base.project != head.project:
        return (f"the baseline {base.source} is the plan of {base.project!r}, not of "
                f"{head.project!r}")
    if not base.needs:
        return f"the baseline {base.source} holds no needs"
    common = len(set(base.needs) & set(head.needs))
    if common * 2 < len(base.needs):
        return (f"the baseline {base.source} shares only {common} of its {len(base.needs)} "
                "needs with the plan: it is not an earlier version of this plan (approve a "
                "baseline of this plan with `python -m roadmap baseline`)")
    return None


@dataclass
class PlanDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # need ID -> type, for the report

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def moved(self) -> dict[str, int]:
        """Milestones whose due week moved, by how many weeks (later is positive)."""
        moves = {}
        for need_id, fields in self.changed.items():
            if FIELDS.due in fields:
                old, new = fields[FIELDS.due]
                if isinstance(old, int | float) and isinstance(new, int | float):
                    moves[need_id] = int(new - old)
        return moves


def plan_diff(base: Mapping[str, Mapping[str, Any]], head: Mapping[str, Mapping[str, Any]]
              ) -> PlanDiff:
    """What changed from ``base`` to ``head``, need by need and field by field."""
    diff = PlanDiff(added=sorted(set(head) - set(base)), removed=sorted(set(base) - set(head)))
    for need_id in sorted(set(base) & set(head)):
        old, new = base[need_id], head[need_id]
        fields = {name: (old.get(name), new.get(name))
                  for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)}
        if fields:
            diff.changed[need_id] = fields
    diff.types = {i: str((head.get(i) or base.get(i) or {}).get("type", ""))
                  for i in [*diff.added, *diff.removed, *diff.changed]}
    return diff


def _program_end(plan: Mapping[str, Mapping[str, Any]]) -> int | None:
    dues = [n[FIELDS.due] for n in plan.values()
            if n.get("type") == TYPES.milestone and isinstance(n.get(FIELDS.due), int)]
    return max(dues, default=None)


def diff_json(diff: PlanDiff, base: Plan, head: Plan) -> dict[str, Any]:
    return {
        "base": base.source, "head": head.source, "approved": base.approved,
        "added": diff.added, "removed": diff.removed,
        "changed": {i: {f: [o, n] for f, (o, n) in fields.items()}
                    for i, fields in diff.changed.items()},
        "moved": diff.moved(),
        "program_end": [_program_end(base.needs), _program_end(head.needs)],
    }


def _show(value: Any) -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, list):
        return ", ".join(value) or "\u2013"
    return str(value)


def diff_text(diff: PlanDiff, base: Plan, head: Plan) -> str:
    lines = [f"plan {head.source} against {base.source}"
             + (f" (approved {base.approved})" if base.approved else "")]
    if diff.empty:
        return "\n".join([*lines, "no change"])
    lines += [f"added   {i} ({diff.types[i]})" for i in diff.added]
    lines += [f"removed {i} ({diff.types[i]})" for i in diff.removed]
    for need_id, fields in diff.changed.items():
        lines += [f"changed {need_id} {name}: {_show(old)} -> {_show(new)}"
                  for name, (old, new) in fields.items()]
    lines.append(_end_sentence(base, head))
    return "\n".join(lines)


def _end_sentence(base: Plan, head: Plan) -> str:
    old, new = _program_end(base.needs), _program_end(head.needs)
    if old == new:
        return f"program end unchanged (week {new})"
    return f"program end moves from week {old} to week {new}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_markdown(diff: PlanDiff, base: Plan, head: Plan) -> str:
    """The diff as a pull-request comment."""
    title = "### Plan changes against the approved baseline"
    approved = f" (approved {base.approved} by {base.approved_by})" if base.approved else ""
    if diff.empty:
        return f"{title}\n\nNo change to the plan{approved}."
    rows = [f"| {_cell(i)} | {diff.types[i]} | added | | |" for i in diff.added]
    rows += [f"| {_cell(i)} | {diff.types[i]} | removed | | |" for i in diff.removed]
    for need_id, fields in diff.changed.items():
        rows += [f"| {_cell(need_id)} | {diff.types[need_id]} | `{name}` | "
                 f"{_cell(_show(old))} | {_cell(_show(new))} |"
                 for name, (old, new) in fields.items()]
    return "\n".join([
        title, "", f"{len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed{approved}; {_end_sentence(base, head)}.", "",
        "| Need | Type | Field | Approved | Now |", "| --- | --- | --- | --- | --- |", *rows])


def write_baseline(path: Path, document: Mapping[str, Any]) -> None:
    Path(path).write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)
                          + "\n", encoding="utf-8")
