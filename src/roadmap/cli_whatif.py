"""Command line of what-if planning: ``whatif`` and ``level``.

``python -m roadmap whatif NEEDS_JSON [SCENARIO] [--slip MS-X=+2] [--extend ...]
[--effort ...] [--capacity RES-ROLE-DBA=2@5-8] [--cancel MS-X] [--buffer PH-3=+1]
[--format text|json|markdown]`` applies a scenario (the ID of a ``scenario`` need in
the needs.json, or a page that holds one, and/or the options) to the plan and prints
what it does, as the review engine words any change. ``python -m roadmap level
NEEDS_JSON [--format ...]`` prints the capacity-levelled proposal: the overloads, the
moves that remove them (within float first) and the end it gives. Neither writes a
page. A scenario that cannot be applied exits 2 with one line per problem, at the
scenario's file and line.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roadmap.config import AS_OF_VARIABLE
from roadmap.directive_parser import need_directives
from roadmap.errors import InputError
from roadmap.graph import RoadmapGraph, load_graph, need_from_mapping
from roadmap.impact.render_json import render_json
from roadmap.impact.render_markdown import render_markdown
from roadmap.impact.render_text import render_text
from roadmap.inputs import ProjectInputs, from_conf
from roadmap.program_calendar import CalendarError
from roadmap.roles import FIELDS, TYPES
from roadmap.whatif.entries import (
    FORMS,
    ChangeError,
    Scenario,
    scenario_from_options,
    scenario_of,
)
from roadmap.whatif.evaluation import evaluate
from roadmap.whatif.levelling import Levelled, level
from roadmap.whatif.overlay import RULE_ID, ScenarioError

EXIT_OK = 0
# command-line option -> the scenario field its entries are
OPTIONS = {"slip": FIELDS.slip, "extend": FIELDS.extend, "effort": FIELDS.effort_change,
           "capacity": FIELDS.capacity_change, "cancel": FIELDS.cancel,
           "buffer": FIELDS.add_buffer}


class WhatifUsageError(InputError):
    """A scenario or an option of ``whatif`` or ``level`` that cannot be used (one or
    more lines, each naming the place)."""


def add_commands(commands: Any, project_help: str) -> None:
    whatif = commands.add_parser(
        "whatif", help="what a scenario does to the plan (prints it, writes nothing)",
        description="Apply a what-if scenario to the plan and print what it does to the "
                    "end, the gates, capacity, cost and risks, as a review of the change.")
    whatif.add_argument("needs_json", type=Path)
    whatif.add_argument("scenario", nargs="?",
                        help="a scenario need's ID in the needs.json, or a page that holds "
                             "one (scenarios/NAME.md)")
    for option, field in OPTIONS.items():
        whatif.add_argument(f"--{option}", action="append", default=[], metavar="ENTRY",
                            help=FORMS[field] + "; may be given more than once")
    _common(whatif, project_help)
    whatif.set_defaults(handler=run_whatif)
    levelled = commands.add_parser(
        "level", help="the capacity-levelled proposal (prints it, writes nothing)",
        description="Propose moves that remove every role-week over capacity: within "
                    "float first, then across it; print them and the end they give.")
    levelled.add_argument("needs_json", type=Path)
    _common(levelled, project_help)
    levelled.set_defaults(handler=run_level)


def _common(parser: argparse.ArgumentParser, project_help: str) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--as-of", help="a program week or an ISO date (default: conf.py's "
                                        "roadmap_as_of, or ROADMAP_AS_OF)")
    parser.add_argument("--project", type=Path, help=project_help)


def _project(args: argparse.Namespace, root: Path) -> ProjectInputs:
    environ = dict(os.environ)
    if args.as_of:
        environ[AS_OF_VARIABLE] = args.as_of
    return from_conf(args.project or root, environ)


# ------------------------------------------------------------------ scenarios
def scenario_from_page(path: Path, project: ProjectInputs) -> Scenario:
    """The one scenario need written on a page, read from the page itself (so a
    problem is reported at its line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WhatifUsageError(f"{path}: cannot read it ({error.strerror})") from None
    found = [n for n in need_directives(text, project.metamodel.types, str(path))
             if n.need_type == TYPES.scenario]
    if len(found) != 1:
        raise WhatifUsageError(f"{path}: holds {len(found)} scenario needs; expected one")
    source = found[0]
    data = {"id": source.need_id or "", "type": TYPES.scenario, "title": source.title,
            "lineno": source.line, **{k: v for k, v in source.options.items() if k != "id"}}
    need = need_from_mapping(data, project.metamodel.links, str(path))
    scenario, unreadable = scenario_of(need)
    located = Scenario(scenario.id, scenario.title, scenario.changes, scenario.revision,
                       scenario.explores, str(path), source.line)
    if unreadable:
        raise ScenarioError(located, unreadable)
    return located


def scenario_from_needs(graph: RoadmapGraph, name: str) -> Scenario:
    need = graph.needs.get(name)
    if need is None or need.type != TYPES.scenario:
        known = sorted(n.id for n in graph.of_type(TYPES.scenario))
        raise WhatifUsageError(f"{name}: neither a page nor a scenario in "
                               f"{graph.origin or 'the needs.json'} (its scenarios: "
                               f"{', '.join(known) or 'none'})")
    scenario, unreadable = scenario_of(need)
    if unreadable:
        raise ScenarioError(scenario, unreadable)
    return scenario


def scenario_of_args(args: argparse.Namespace, graph: RoadmapGraph, project: ProjectInputs
                     ) -> Scenario:
    """The scenario the arguments name, with the options' changes after its own."""
    options = {field: getattr(args, option) for option, field in OPTIONS.items()}
    try:
        extra = scenario_from_options(options)
    except ChangeError as error:
        raise WhatifUsageError(f"<command line>: [{RULE_ID}] {error}") from None
    if not args.scenario:
        if not extra.changes:
            raise WhatifUsageError("whatif needs a SCENARIO or at least one change option "
                                   "(--slip, --extend, --effort, --capacity, --cancel, "
                                   "--buffer)")
        return extra
    page = Path(args.scenario)
    base = (scenario_from_page(page, project) if page.suffix == ".md" or page.is_file()
            else scenario_from_needs(graph, args.scenario))
    if not extra.changes:
        return base
    return Scenario(base.id, base.title, base.changes + extra.changes, base.revision,
                    base.explores, base.file, base.line)


# ------------------------------------------------------------------ level
def _week_date(project: ProjectInputs, week: int) -> str:
    try:
        day = project.settings.calendar.week(week).last_day
    except CalendarError:
        return f"week {week}"
    return f"week {week} ({day.day} {day.strftime('%b %Y')})"


def level_json(result: Levelled) -> dict[str, Any]:
    return {
        "as_of": None, "focus_factor": result.focus_factor, "checked_role_weeks": result.checked,
        "overloads": [{"role": o.role.id, "week": o.week, "load": round(o.load, 3),
                       "capacity": round(o.capacity, 3)} for o in result.overloads],
        "moves": [{"milestone": m.milestone.id, "before": [m.before.start, m.before.end],
                   "after": [m.after.start, m.after.end], "within_float": m.within_float,
                   "reason": m.reason} for m in result.moves],
        "remaining": [{"role": o.role.id, "week": o.week, "load": round(o.load, 3),
                       "capacity": round(o.capacity, 3)} for o in result.remaining],
        "planned_end": result.planned_end, "end": result.end,
        "last_week": result.last_week,
        "past_last_week": [{"milestone": ms, "due": week} for ms, week in result.past_last],
    }


def level_lines(result: Levelled, project: ProjectInputs) -> list[str]:
    settings = project.settings
    within = sum(m.within_float for m in result.moves)
    lines = [f"capacity-levelled proposal as of week {settings.as_of} (focus factor "
             f"{settings.focus_factor:g}): {result.checked} role-weeks after week "
             f"{settings.as_of} checked, {len(result.overloads)} over capacity"]
    lines += [f"  over: {o}" for o in result.overloads]
    if not result.overloads:
        lines.append("no role is planned above its capacity: nothing to move")
    else:
        lines.append(f"moves: {len(result.moves)} ({within} within float, "
                     f"{len(result.moves) - within} across it)")
        lines += [f"  {m}" for m in result.moves]
    lines += [f"  still over: {o}" for o in result.remaining]
    end = result.end - result.planned_end
    lines.append(f"end: {_week_date(project, result.end)}, planned "
                 f"{_week_date(project, result.planned_end)}"
                 + (f" ({end:+d} weeks)" if end else " (no change)")
                 + (f", {result.past_calendar}" if result.past_calendar else ""))
    return lines


def level_markdown(result: Levelled, project: ProjectInputs) -> str:
    lines = level_lines(result, project)
    head, body = lines[0], lines[1:]
    out = [f"**{head[0].upper()}{head[1:]}**", ""]
    out += [f"- {line.strip()}" for line in body]
    return "\n".join(out)


def run_level(args: argparse.Namespace, root: Path) -> int:
    project = _project(args, root)
    graph = load_graph(args.needs_json, project.metamodel)
    result = level(graph, project.settings)
    print(_render(args.format, result, project))
    return EXIT_OK


def _render(form: str, result: Levelled, project: ProjectInputs) -> str:
    if form == "json":
        data = level_json(result)
        data["as_of"] = project.settings.as_of
        return json.dumps(data, indent=2, sort_keys=True)
    renderers: dict[str, Callable[[Levelled, ProjectInputs], str]] = {
        "markdown": level_markdown,
        "text": lambda r, p: "\n".join(level_lines(r, p))}
    return renderers[form](result, project)


# ------------------------------------------------------------------ whatif
def scenario_lines(scenario: Scenario) -> list[str]:
    revision = f" (revision {scenario.revision})" if scenario.revision else ""
    where = f", {scenario.location}" if scenario.file else ""
    return [f"what if: {scenario.id}{revision}{where}",
            *(f"  {change}" for change in scenario.changes)]


def run_whatif(args: argparse.Namespace, root: Path) -> int:
    project = _project(args, root)
    graph = load_graph(args.needs_json, project.metamodel)
    scenario = scenario_of_args(args, graph, project)
    found = evaluate(graph, scenario, project)  # EvaluationError: exit 2, at the scenario
    if args.format == "json":
        data = json.loads(render_json(found.impact))
        data["scenario"] = {"id": scenario.id, "revision": scenario.revision,
                            "changes": [str(c) for c in scenario.changes],
                            "explores": list(scenario.explores)}
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    elif args.format == "markdown":
        head = "\n".join(f"- {c}" for c in scenario.changes)
        print(f"**What if {scenario.id}**\n\n{head}\n\n{render_markdown(found.impact)}")
    else:
        print("\n".join([*scenario_lines(scenario), render_text(found.impact)]))
    return EXIT_OK
