"""Values a reader or a tool cannot trust: unreadable, hidden, confusable or too long.

The loader (:mod:`roadmap.value_check`) keeps what it could not read or must not pass
on; these rules name each at its need. Two IDs that read the same (a letter O for a
zero) are two needs a reader takes for one, in every export too; a title tens of
thousands of characters long fails only inside graphviz, which names no need.
"""

from __future__ import annotations

from roadmap.characters import confusable_ids
from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.suite import graph_rule

VALUES = Rule(
    "GUARD-VALUES", "Values are readable and plain",
    "Every value of a need has the type its field schema in ubproject.toml gives (a number "
    "where a number belongs, a text where a text belongs), every number is finite (no NaN "
    "or Infinity), every ID matches the ID pattern, and no ID, title or other text holds a "
    "control character, a bidirectional control (a right-to-left override makes a title "
    "display another text) or an invisible character.", "graph")
CONFUSABLE = Rule(
    "GUARD-ID-CONFUSABLE", "IDs that cannot be confused",
    "No two need IDs read the same when a letter O is taken for a zero or a letter I for a "
    "one (MS-SEC-O5 and MS-SEC-05).", "graph")
TITLE_LENGTH = Rule(
    "GUARD-TITLE-LENGTH", "Titles fit a line",
    "A need's title has at most 200 characters: it is a table cell, a card heading and a "
    "graph label (graphviz fails without naming the need on a label of some thousands).",
    "graph")
MAX_TITLE = 200


@graph_rule(VALUES)
def check_values(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(VALUES)
    result.checked_ids.extend(graph.needs)
    for bad in graph.bad_values:
        need = graph.needs.get(bad.need_id)
        what = (f"{bad.field} {bad.message}; the value is left out of the plan"
                if bad.kind == "finite" else f"{bad.field} {bad.message}")
        if need is not None:
            result.fail(need, what)
        else:
            result.findings.append(Finding(VALUES.id, bad.need_id or "<no id>", what,
                                           graph.origin))
    return result


@graph_rule(CONFUSABLE)
def check_confusable_ids(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(CONFUSABLE)
    result.checked_ids.extend(graph.needs)
    for group in confusable_ids(graph.needs).values():
        for need_id in group:
            others = ", ".join(o for o in group if o != need_id)
            result.fail(graph.needs[need_id], f"reads the same as {others} (a letter O for "
                        "a zero or I for a one): rename one of them")
    return result


@graph_rule(TITLE_LENGTH)
def check_title_length(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(TITLE_LENGTH)
    for need in graph.needs.values():
        result.checked_ids.append(need.id)
        if len(need.title) > MAX_TITLE:
            result.fail(need, f"title has {len(need.title)} characters, more than "
                        f"{MAX_TITLE}: say it in a line and move the rest into the body")
    return result
