"""A baseline's approval is a fact that happened: recorded by a person, never written by
default.

The baseline file (``roadmap_baseline``) is a proposal until an approval is recorded in
it: who approved (a person, and the role in which they did), when, where the decision is
written down, and the digest of the plan approved. The red-team review found the site
claiming an approval "by the executive sponsor after the review" that had not happened;
the tool had written it because its command required a date and a role to freeze any
plan at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, register
from roadmap.tracking.baseline import BaselineError, approval_problems, claim_line, read_json

BASELINE_APPROVAL = Rule(
    "GUARD-BASELINE-APPROVAL", "Approvals only as recorded",
    "The baseline file that roadmap_baseline names is a proposal, or it holds an approval "
    "as it was recorded: the person who approved and their role, the date (not in the "
    "future), where the decision is written down, and the digest of the plan approved, "
    "which must still be the digest of the plan in the file. A claim without that record "
    "(the first format's approved and approved_by), or a plan changed after its approval, "
    "fails.", "source")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def check_approval(project: ProjectInputs, today: date | None = None) -> RuleResult:
    result = RuleResult(BASELINE_APPROVAL)
    path = project.baseline_path
    if path is None:
        return result
    where = _relative(path, project.root)
    result.checked_ids.append(where)
    try:
        data = read_json(path)
    except BaselineError as error:
        result.findings.append(Finding(BASELINE_APPROVAL.id, where, str(error), str(path)))
        return result
    if not isinstance(data, dict):
        result.findings.append(Finding(BASELINE_APPROVAL.id, where, "is not a baseline file "
                                       "(a JSON object with format and needs)", str(path)))
        return result
    line = claim_line(path.read_text(encoding="utf-8"))
    for problem in approval_problems(data, today or date.today()):
        result.findings.append(Finding(BASELINE_APPROVAL.id, where, problem, str(path), line))
    return result


register(Check("toml", lambda _project: (BASELINE_APPROVAL,),
               lambda inputs: [check_approval(inputs.project)], module=__name__))
