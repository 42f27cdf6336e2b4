"""The baseline plan, frozen, whether it was approved, and what changed since.

A baseline file (``baselines/baseline.json`` on this site) holds a snapshot of the
plan's needs: each need's type, title and plan fields (weeks, effort, targets, links),
the date it was frozen and a digest of the snapshot. A plan is a proposal until a person
approves it: the file then also holds the approval as it was recorded (who, in which
role, when, and where the decision is written down) with the digest of the plan that
was approved. Nothing here writes an approval by default: :func:`baseline_document`
records one only when it is given whole, and :func:`approval_problems` refuses a file
that claims an approval without that record, or whose plan changed after it.

Progress is not part of a plan (status, actual weeks, remaining work, measurements and
gate decisions are left out), so reporting a week changes nothing here; re-planning
does, and :func:`plan_diff` shows every added, removed and changed need with old and
new values.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from roadmap.errors import InputError
from roadmap.graph import NeedsJsonError, needs_of
from roadmap.roles import FIELDS, OPTIONAL_TYPES, TYPES
from roadmap.ubproject import Metamodel
from roadmap.value_check import need_problems

FORMAT = "roadmap-baseline/2"
# The first format recorded "approved" and "approved_by" without saying where the
# decision was made; it is still read, and such a claim is refused as unrecorded.
FORMAT_V1 = "roadmap-baseline/1"
# What a recorded approval holds.
APPROVAL_KEYS = ("by", "role", "date", "record", "digest")
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


def plan_digest(plan: Mapping[str, Mapping[str, Any]]) -> str:
    """A digest of a plan snapshot: any edit of a need's plan fields changes it."""
    text = json.dumps(plan, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Approval:
    """An approval as it was recorded: who (a person, and the role in which they
    approved), when, where the decision is written down, and the digest of the plan
    that was approved."""

    by: str
    role: str
    date: str
    record: str
    digest: str

    def as_dict(self) -> dict[str, str]:
        return {"by": self.by, "role": self.role, "date": self.date, "record": self.record,
                "digest": self.digest}

    def __str__(self) -> str:
        return f"approved on {self.date} by {self.by} ({self.role}; record: {self.record})"


def baseline_document(plan: Mapping[str, Mapping[str, Any]], frozen: str, note: str = "",
                      approval: Approval | None = None, project: str = "") -> dict[str, Any]:
    """A baseline file: the plan as frozen on ``frozen``; a proposal unless an approval
    that was recorded is given. ``project`` names whose plan it is (CONS-BASELINE)."""
    document = {"format": FORMAT, "frozen": frozen, "note": note, "digest": plan_digest(plan),
                "approval": approval.as_dict() if approval else None, "needs": dict(plan)}
    if project:
        document["project"] = project
    return document


@dataclass(frozen=True)
class Plan:
    """A plan read from a baseline file or a needs.json, with where it came from."""

    needs: dict[str, dict[str, Any]]
    source: str
    frozen: str | None = None  # when a baseline file's snapshot was taken
    approval: Approval | None = None  # a recorded approval of this plan; None: a proposal
    project: str = ""  # the project whose plan it is, when the file says

    @property
    def described(self) -> str:
        """``the baseline approved on ...`` or ``the proposed baseline frozen on ...``."""
        if self.approval is not None:
            return f"the baseline {self.approval}"
        if self.frozen is not None:
            return (f"the proposed baseline frozen on {self.frozen or 'an unknown date'} "
                    "(not approved)")
        return f"the plan of {self.source}"


def _approval(raw: Any, digest: str) -> Approval | None:
    """The recorded approval a baseline file holds, when it holds all of it and for the
    plan it holds."""
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) and raw[k].strip()
                                            for k in APPROVAL_KEYS):
        return None
    approval = Approval(*(str(raw[k]).strip() for k in APPROVAL_KEYS))
    return approval if approval.digest == digest else None


def _claim(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a baseline file says about an approval, in either format."""
    if data.get("format") == FORMAT_V1:
        return {k: data[k] for k in ("approved", "approved_by") if data.get(k)}
    raw = data.get("approval")
    return dict(raw) if isinstance(raw, dict) else {}


def approval_problems(data: Mapping[str, Any], today: date) -> list[str]:
    """Why a baseline file's approval is not a recorded approval of the plan it holds;
    none for a proposal (no claim at all) or a complete, current record."""
    claim = _claim(data)
    if not claim:
        return []
    if data.get("format") == FORMAT_V1:
        return [f"claims an approval ({claim.get('approved', '?')} by "
                f"{claim.get('approved_by', '?')}) without a record of it: a plan is a "
                "proposal until an approval is recorded with who (a person and the role), "
                "when, where the decision is written down, and the digest of the plan "
                "approved (python -m roadmap baseline --approved --by --role --record)"]
    problems = [f"claims an approval without its {key}" for key in APPROVAL_KEYS
                if not (isinstance(claim.get(key), str) and claim[key].strip())]
    when = str(claim.get("date") or "")
    try:
        if when and date.fromisoformat(when) > today:
            problems.append(f"claims an approval dated {when}, which has not come yet")
    except ValueError:
        problems.append(f"claims an approval dated {when!r}, which is not a date "
                        "(YYYY-MM-DD)")
    if claim.get("by") and claim.get("by") == claim.get("role"):
        problems.append(f"names a role, not a person, as the approver ({claim['by']})")
    needs = data.get("needs")
    if claim.get("digest") and claim.get("digest") != plan_digest(
            needs if isinstance(needs, dict) else {}):
        problems.append("holds a plan that differs from the one approved (its digest "
                        "changed): approve the changed plan or record it as a proposal")
    return problems


def claim_line(text: str) -> int | None:
    """The line of a baseline file's approval claim, for a finding's place."""
    match = re.search(r'^\s*"(approval|approved|approved_by)"\s*:', text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def read_json(path: Path) -> Any:
    return _read(path)[1]


def _read(path: Path) -> tuple[str, Any]:
    """A JSON file's text (for the lines of its findings) and its value."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        return text, json.loads(text)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise BaselineError(f"{path}: not valid JSON ({error})") from None


def read_plan(path: Path, metamodel: Metamodel) -> Plan:
    """A baseline file, or a needs.json reduced to its plan; every value checked
    (:mod:`roadmap.value_check`): BaselineError names the first that cannot be used."""
    text, data = _read(path)
    if isinstance(data, dict) and data.get("format") in (FORMAT, FORMAT_V1):
        needs = data.get("needs")
        if not isinstance(needs, dict) or not all(isinstance(n, dict) for n in needs.values()):
            raise BaselineError(f'{path}: "needs" is not an object of needs by ID')
        _check_values(needs, metamodel, path, text)
        frozen = str(data.get("frozen") or data.get("approved") or "")
        return Plan(needs, str(path), frozen, _approval(data.get("approval"), plan_digest(needs)),
                    _text(data.get("project")))
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
        "base": base.source, "head": head.source,
        "approval": base.approval.as_dict() if base.approval else None,
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
    lines = [f"plan {head.source} against {base.described}"]
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
    title = ("### Plan changes against the approved baseline" if base.approval else
             "### Plan changes against the baseline")
    approved = f" against {base.described}"
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
        "| Need | Type | Field | Baseline | Now |", "| --- | --- | --- | --- | --- |", *rows])


def write_baseline(path: Path, document: Mapping[str, Any]) -> None:
    Path(path).write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)
                          + "\n", encoding="utf-8")
