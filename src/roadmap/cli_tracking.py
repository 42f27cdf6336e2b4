"""Command line of execution tracking: ``status``, ``diff`` and ``baseline``.

``python -m roadmap status NEEDS_JSON [--as-of WEEK|DATE] [--format text|json]``
prints the status as of a week; being late fails it only with ``--fail-on-late``.
``python -m roadmap diff BASE HEAD [--format text|json|markdown]`` compares two plans
(baseline files or needs.json files) need by need. ``python -m roadmap baseline
NEEDS_JSON`` freezes the plan as a proposed baseline; an approval is recorded in it only
from a decision a person took, with ``--approved DATE --by PERSON --role ROLE --record
WHERE`` all given (the minutes, ticket or signed document that holds it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from roadmap.config import AS_OF_VARIABLE
from roadmap.errors import InputError
from roadmap.graph import load_graph
from roadmap.inputs import ProjectInputs, from_conf
from roadmap.suite import SuiteInputs, run_suite
from roadmap.tracking.baseline import (
    Approval,
    Plan,
    baseline_document,
    diff_json,
    diff_markdown,
    diff_text,
    foreign_baseline,
    plan_diff,
    plan_digest,
    read_plan,
    write_baseline,
)
from roadmap.tracking.status_report import StatusReport, status_json, status_report

EXIT_OK, EXIT_FINDINGS = 0, 1
# An approval is recorded only whole: every one of these, from a decision that was taken.
APPROVAL_OPTIONS = {
    "approved": "the date a person approved the plan, YYYY-MM-DD",
    "by": "the person who approved it (a name)",
    "role": "the role in which they approved it (for example Executive sponsor)",
    "record": "where the decision is written down (minutes, ticket or document)",
}


class TrackingUsageError(InputError):
    """An argument of a tracking command that cannot be used."""


def add_commands(commands: Any, project_help: str) -> None:
    status = commands.add_parser("status", help="the program's status as of a week")
    status.add_argument("needs_json", type=Path)
    status.add_argument("--as-of", help="a program week or an ISO date (default: conf.py's "
                                         "roadmap_as_of, or ROADMAP_AS_OF)")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.add_argument("--fail-on-late", action="store_true",
                        help="exit 1 when a milestone is late")
    status.add_argument("--project", type=Path, help=project_help)
    status.set_defaults(handler=run_status)
    diff = commands.add_parser("diff", help="what changed between two plans")
    diff.add_argument("base", type=Path, help="a baseline file or a needs.json")
    diff.add_argument("head", type=Path, help="a baseline file or a needs.json")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--project", type=Path, help=project_help)
    diff.set_defaults(handler=run_diff)
    baseline = commands.add_parser(
        "baseline", help="freeze a plan as a proposed baseline, or record its approval")
    baseline.add_argument("needs_json", type=Path)
    baseline.add_argument("--frozen", help="the date the proposal is frozen, YYYY-MM-DD "
                                           "(default: today)")
    baseline.add_argument("--note", default="", help="what the baseline covers")
    for name, what in APPROVAL_OPTIONS.items():
        baseline.add_argument(f"--{name}", help=what)
    baseline.add_argument("--output", type=Path,
                          help="default: conf.py's roadmap_baseline")
    baseline.add_argument("--project", type=Path, help=project_help)
    baseline.set_defaults(handler=run_baseline)


def _project(args: argparse.Namespace, root: Path, as_of: str | None = None) -> ProjectInputs:
    environ = dict(os.environ)
    if as_of:
        environ[AS_OF_VARIABLE] = as_of
    return from_conf(args.project or root, environ)


def status_text(report: StatusReport) -> str:
    data = status_json(report)
    lines = [f"as of week {report.as_of}: planned end week {report.planned_end}, forecast end "
             f"week {report.forecast_end}"
             + (f", baseline end week {report.baseline_end}"
                if report.baseline_end is not None else ""),
             f"earned {data['earned_value']} of {data['planned_value']} planned person-weeks"
             + (f" (SPI {data['spi']})" if data["spi"] is not None else "")]
    lines += [f"late     {m.id} due week {m.week('due')} ({m.get('status')})" for m in report.late]
    lines += [f"forecast {f.need.id} weeks {f.window.start}-{f.window.end} ({f.slip:+d})"
              for f in report.open_forecasts if f.slip]
    lines += [f"gate     {g.gate.id} {g.status} ({g.reading})" for g in report.gates]
    lines += [f"fired    {f.risk.id}: {f.measurement.metric.id} = {f.measurement.value:g} in "
              f"week {f.measurement.week}"
              + (f" (plan {f.planned:g})" if f.planned is not None else "")
              for f in report.fired]
    return "\n".join(lines)


def run_status(args: argparse.Namespace, root: Path) -> int:
    project = _project(args, root, args.as_of)
    graph = load_graph(args.needs_json, project.metamodel)
    contradictions = [f for r in run_suite(SuiteInputs(graph=graph, project=project),
                                           reads=("graph",))
                      if r.rule.id.startswith("TRACK-") or r.rule.id == "SCHED-DONE-DEPS"
                      for f in r.findings]
    baseline = read_plan(project.baseline_path, project.metamodel) if (
        project.baseline_path and project.baseline_path.is_file()) else None
    if baseline is not None and (problem := foreign_baseline(baseline, Plan(
            {i: {} for i in graph.needs}, str(args.needs_json)))):
        print(f"warning: {problem}; the status is reported without it", file=sys.stderr)
        baseline = None
    report = status_report(graph, project.settings.as_of,
                           baseline.needs if baseline else None)
    if args.format == "json":
        print(json.dumps(status_json(report), indent=2, sort_keys=True))
    else:
        print(status_text(report))
    for finding in contradictions:
        print(f"contradiction: {finding}", file=sys.stderr)
    if contradictions or (args.fail_on_late and report.late):
        return EXIT_FINDINGS
    return EXIT_OK


def run_diff(args: argparse.Namespace, root: Path) -> int:
    project = _project(args, root)
    base, head = (read_plan(p, project.metamodel) for p in (args.base, args.head))
    diff = plan_diff(base.needs, head.needs)
    problem = foreign_baseline(base, head)
    if problem is not None:  # said on the error stream and in the comparison itself
        print(f"warning: {problem}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({**diff_json(diff, base, head), "warning": problem}, indent=2,
                         sort_keys=True))
    elif args.format == "markdown":
        note = f"> **Warning:** {problem}.\n\n" if problem else ""
        print(note + diff_markdown(diff, base, head))
    else:
        print((f"warning: {problem}\n" if problem else "") + diff_text(diff, base, head))
    return EXIT_OK


def _recorded_approval(args: argparse.Namespace, plan: Plan) -> Approval | None:
    """The approval the options record, or None for a proposal; a partial approval is
    refused (an approval is never made up from defaults)."""
    given = {name: (getattr(args, name) or "").strip() for name in APPROVAL_OPTIONS}
    if not any(given.values()):
        return None
    missing = [f"--{name}" for name, value in given.items() if not value]
    if missing:
        raise TrackingUsageError(f"an approval is recorded whole or not at all: "
                                 f"{', '.join(missing)} missing")
    if date.fromisoformat(_date(given["approved"], "--approved")) > date.today():
        raise TrackingUsageError(f"--approved {given['approved']} has not come yet: record "
                                 "an approval once it has been given")
    if given["by"] == given["role"]:
        raise TrackingUsageError("--by names the person who approved, --role their role")
    return Approval(given["by"], given["role"], given["approved"], given["record"],
                    plan_digest(plan.needs))


def _date(text: str, option: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise TrackingUsageError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None
    return text


def run_baseline(args: argparse.Namespace, root: Path) -> int:
    project = _project(args, root)
    output = args.output or project.baseline_path
    if output is None:
        raise TrackingUsageError("no --output and no roadmap_baseline in conf.py")
    if not Path(output).parent.is_dir():
        raise TrackingUsageError(f"{output}: the folder does not exist")
    frozen = _date(args.frozen, "--frozen") if args.frozen else date.today().isoformat()
    plan: Plan = read_plan(args.needs_json, project.metamodel)
    approval = _recorded_approval(args, plan)
    write_baseline(output, baseline_document(plan.needs, frozen, args.note, approval,
                                             project=plan.project))
    state = str(approval) if approval else f"proposed on {frozen}, not approved"
    print(f"{output}: {len(plan.needs)} needs, {state}")
    return EXIT_OK
