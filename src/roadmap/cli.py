"""Command line: ``python -m roadmap check path/to/needs.json``.

Prints a readable report (or JSON, or JUnit XML with one test case per rule) and exits
1 when any rule has a finding, 2 when an input cannot be read (with one line naming
the file and what is wrong, never a traceback). The findings of a warning rule (severity
``warning``, a WARN line) and of a new rule (severity ``new``, a NOTE line) are printed
and fail only ``--strict``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from roadmap import cli_exports, cli_review, cli_tracking, cli_whatif, summary
from roadmap.errors import InputError
from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, collector_paused, load_graph
from roadmap.inputs import CONF_FILE, ProjectInputs, from_conf
from roadmap.ledger import LinkReview, read_ledger, review_links
from roadmap.manifest import manifest_beside
from roadmap.suite import SuiteInputs, run_suite
from roadmap.whatif.evaluation import EvaluationError
from roadmap.whatif.overlay import ScenarioError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(InputError):
    """An argument the command cannot use."""


def find_project(start: Path) -> Path:
    """The nearest directory, from ``start`` up, that holds a Sphinx conf.py."""
    for folder in (start, *start.parents):
        if (folder / CONF_FILE).is_file():
            return folder
    raise UsageError(f"{start}: no {CONF_FILE} here or above; pass --project")


def project_inputs(project: Path, toml: Path | None = None, schemas: Path | None = None
                   ) -> ProjectInputs:
    inputs = from_conf(project, os.environ)
    if toml is not None:
        inputs = dataclasses.replace(inputs, toml_path=toml.resolve())
    if schemas is not None:
        inputs = dataclasses.replace(inputs, schemas_path=schemas.resolve())
    return inputs


def run_checks(needs_json: Path, project: ProjectInputs, html_dir: Path | None = None,
               with_sources: bool = False) -> tuple[RoadmapGraph, list[RuleResult]]:
    graph = load_graph(needs_json, project.metamodel)
    if html_dir is not None and not html_dir.is_dir():
        raise UsageError(f"{html_dir}: --html names no built site (not a folder)")
    if html_dir is not None and next(html_dir.rglob("*.html"), None) is None:
        raise UsageError(f"{html_dir}: --html names no built site (no page in it)")
    suite = SuiteInputs(graph=graph, project=project,
                        sources=project.read_sources() if with_sources else None,
                        html_dir=html_dir, manifest=manifest_beside(needs_json))
    if html_dir is not None or with_sources:  # pages' trees: let the collector run
        return graph, run_suite(suite)
    with collector_paused():  # the rules of the graph make no cycles worth a pass
        return graph, run_suite(suite)


# how a rule's findings are marked when they do not fail (its severity), and what the
# rule's line adds
NOTE_MARKS = {"warning": "WARN", "new": "NOTE"}
NOTE_SAYS = {"warning": " (warning: shown, fails only --strict)",
             "new": " (new rule: its findings are notes)"}


def _noted_tail(noted: list[RuleResult]) -> str:
    warned = sum(1 for r in noted if r.rule.severity == "warning")
    new = len(noted) - warned
    return (f", {warned} warn" if warned else "") + (f", {new} new with notes" if new else "")


def _mark(result: RuleResult) -> str:
    if result.ok:
        return "ok  "
    return NOTE_MARKS.get(result.rule.severity, "FAIL")


def format_text(graph: RoadmapGraph, results: list[RuleResult]) -> str:
    lines = []
    for result in results:
        lines.append(f"{_mark(result)} {result.rule.id:<40} {result.passed:>6}/"
                     f"{result.checked:<6} {result.rule.title}"
                     f"{NOTE_SAYS.get(result.rule.severity, '')}")
        lines += [f"       {finding}" for finding in result.findings]
    tally = summary.total(results)
    bad, noted = summary.failing(results), summary.noted(results)
    lines.append("")
    lines.append(f"{len(graph.needs)} needs, {len(results)} rules, {tally.checked} checks: "
                 f"{tally.passed} passed, {tally.failed} failed; "
                 f"{len(results) - len(bad) - len(noted)} rules hold, {len(bad)} fail"
                 + _noted_tail(noted))
    return "\n".join(lines)


def format_json(graph: RoadmapGraph, results: list[RuleResult]) -> str:
    tally = summary.total(results)
    return json.dumps({
        "needs": len(graph.needs),
        "checks": tally.checked,
        "passed": tally.passed,
        "failed": tally.failed,
        "rules": [{
            "id": r.rule.id, "title": r.rule.title, "description": r.rule.description,
            "family": r.rule.family, "severity": r.rule.severity, "checked": r.checked,
            "passed": r.passed,
            "findings": [{"need": f.need_id, "file": f.file, "line": f.line,
                          "message": f.message} for f in r.findings],
        } for r in results],
    }, indent=2)


def format_junit(graph: RoadmapGraph, results: list[RuleResult]) -> str:
    failures = summary.failing(results)
    suite = ET.Element("testsuite", name="roadmap-traceability", tests=str(len(results)),
                       failures=str(len(failures)), errors="0")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=f"roadmap.{result.rule.family}",
                             name=result.rule.id)
        if result.fails:
            failure = ET.SubElement(case, "failure", message=(
                f"{len(result.findings)} finding(s): {result.rule.title}"))
            failure.text = "\n".join(str(f) for f in result.findings)
        elif result.noted:  # a warning or a new rule: its findings shown, the case passes
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{NOTE_MARKS[result.rule.severity]}: {f}" for f in result.findings)
    return ET.tostring(suite, encoding="unicode")


FORMATS = {"text": format_text, "json": format_json, "junit": format_junit}


PROJECT_HELP = ("the Sphinx project (folder of conf.py); default: the nearest one from the "
                "current folder up")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m roadmap")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the traceability rules on a needs.json")
    check.add_argument("needs_json", type=Path)
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--output", type=Path, help="write the report here instead of stdout")
    check.add_argument("--project", type=Path, help=PROJECT_HELP + ", or the --source folder")
    check.add_argument("--toml", type=Path, help="another metamodel than conf.py's")
    check.add_argument("--schemas", type=Path, help="other schema rules than conf.py's")
    check.add_argument("--html", type=Path, dest="html_dir",
                       help="also guard the built site in this folder")
    check.add_argument("--source", type=Path, dest="source_dir",
                       help="also guard the pages of the Sphinx project in this folder "
                            "(need count, need options)")
    check.add_argument("--strict", action="store_true",
                       help="also fail on the findings of warning rules (a stale health "
                            "update) and of new rules (WARN and NOTE lines) and on links to "
                            "review: suspect and unreviewed links and ledger lines of links "
                            "that no longer exist (conf.py's roadmap_review_ledger)")
    cli_tracking.add_commands(commands, PROJECT_HELP)
    cli_whatif.add_commands(commands, PROJECT_HELP)
    cli_review.add_commands(commands, PROJECT_HELP)
    cli_exports.add_commands(commands, PROJECT_HELP)
    lsp = commands.add_parser("lsp", help="serve the language server to an editor over stdin "
                              "and stdout: the build's warnings as you type, go to "
                              "definition, hover, completion and references of need IDs")
    lsp.add_argument("--project", type=Path, help=PROJECT_HELP)
    lsp.add_argument("--debounce", type=float, default=0.15, metavar="SECONDS",
                     help="quiet after a change before the rules run (default 0.15)")
    lsp.set_defaults(handler=_serve_lsp)
    return parser


def _serve_lsp(args: argparse.Namespace, root: Path) -> int:
    from roadmap.lsp.server import serve  # imported here: only the server needs pygls

    return serve(root, args.debounce)


def _check(args: argparse.Namespace) -> int:
    if args.source_dir is not None and not args.source_dir.is_dir():
        raise UsageError(f"{args.source_dir}: --source names no folder")
    root = args.project or args.source_dir or find_project(Path.cwd())
    project = project_inputs(root, args.toml, args.schemas)
    graph, results = run_checks(args.needs_json, project, args.html_dir,
                                with_sources=args.source_dir is not None)
    text = FORMATS[args.format](graph, results)
    if args.output:
        if args.output.is_dir():
            raise UsageError(f"{args.output}: --output names a folder, not a file")
        if not args.output.parent.is_dir():
            raise UsageError(f"{args.output}: --output names a file in a folder that does not "
                             "exist")
        args.output.write_text(text + "\n", encoding="utf-8")
        print(format_text(graph, results).splitlines()[-1])
    else:
        print(text)
    links = _strict_links(graph, project) if args.strict else LinkReview()
    # the findings of warning and new rules fail --strict
    noted = args.strict and summary.noted(results)
    failing = summary.failing(results) or noted or not links.clean
    return EXIT_FINDINGS if failing else EXIT_OK


def link_lines(review: LinkReview) -> list[str]:
    """One line per link to review, as the build words them."""
    lines = [f"{s.source.file}:{s.source.lineno or ''}: [REVIEW-SUSPECT-LINK] {s.key.source}: "
             f"its {s.key.link} link is suspect: {s.text}; review it, then run python -m "
             f"roadmap review --clear {s.key.source}" for s in review.suspect]
    lines += [f"{need.file}:{need.lineno or ''}: [REVIEW-UNREVIEWED-LINK] {key.source}: its "
              f"{key.link} link to {key.target} is not in the review ledger; review it, then "
              f"run python -m roadmap review --clear {key.source}"
              for key, need in review.unreviewed]
    lines += [f"[REVIEW-STALE-LINK] {key.source}: the review ledger records {key}, a link that "
              "no longer exists; python -m roadmap review --clear removes it"
              for key in review.stale]
    return lines


def _strict_links(graph: RoadmapGraph, project: ProjectInputs) -> LinkReview:
    path = project.ledger_path
    if path is None:
        raise UsageError(f"{project.root / CONF_FILE}: --strict needs a review ledger "
                         "(roadmap_review_ledger)")
    review = review_links(graph, read_ledger(path, project.metamodel.links))
    for line in link_lines(review):
        print(line)
    return review


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        root = args.project or find_project(Path.cwd())
        return int(args.handler(args, root))
    except (ScenarioError, EvaluationError) as error:
        print(error, file=sys.stderr)  # one line per problem, each at the scenario
        return EXIT_BAD_INPUT
    except (InputError, OSError) as error:  # bad input: its one line, never a traceback
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
