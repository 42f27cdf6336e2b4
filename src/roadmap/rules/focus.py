"""A realistic focus factor: the capacity check assumes that milestone work gets only a
share of a role's capacity, and that share is one a team sustains.

The capacity rule compares each role's planned load with its capacity times
``roadmap_focus_factor``. At 1.0 it assumes people do nothing but milestone work: no
meetings, reviews, questions from other teams or interruptions. The red-team review found
the plan checked that way (a headroom of 0); at 80 % focus 28 role-weeks were over
capacity.
"""

from __future__ import annotations

import re

from roadmap.config import PREFIX, REALISTIC_FOCUS_FACTOR
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import CONF_FILE, ProjectInputs
from roadmap.suite import Check, register

FOCUS_FACTOR = Rule(
    "CONS-FOCUS-FACTOR", "A realistic focus factor",
    "The focus factor the capacity check applies (roadmap_focus_factor in conf.py, the "
    "share of a role's capacity that milestone work may use) is at most "
    f"{REALISTIC_FOCUS_FACTOR:g}: above it, the plan books meetings, reviews, support and "
    "interruptions on nobody, and a plan that passes the capacity check still overloads "
    "its people.", "source")
SETTING = PREFIX + "focus_factor"


def _line(project: ProjectInputs) -> int | None:
    try:
        text = (project.root / CONF_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(rf"^\s*{SETTING}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def check_focus_factor(project: ProjectInputs) -> RuleResult:
    result = RuleResult(FOCUS_FACTOR)
    result.checked_ids.append(SETTING)
    focus = project.settings.focus_factor
    if focus > REALISTIC_FOCUS_FACTOR + 1e-9:
        result.findings.append(Finding(
            FOCUS_FACTOR.id, SETTING,
            f"is {focus:g}: the capacity check would assume people spend {focus:.0%} of their "
            f"capacity on milestones; no team sustains more than "
            f"{REALISTIC_FOCUS_FACTOR:.0%} for a program (0.8 is four days in five)",
            str(project.root / CONF_FILE), _line(project)))
    return result


register(Check("toml", lambda _project: (FOCUS_FACTOR,),
               lambda inputs: [check_focus_factor(inputs.project)], module=__name__))
