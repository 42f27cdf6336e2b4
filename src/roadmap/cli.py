"""Command line: ``python -m roadmap check path/to/needs.json``.

Prints a readable report (or JSON, or JUnit XML with one test case per rule)
and exits 1 when any rule has a finding, 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from roadmap import guards, summary
from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, load_graph
from roadmap.metamodel import DEFAULT_TOML, load_metamodel
from roadmap.rules import evaluate
from roadmap.rules.schema import DEFAULT_SCHEMAS


def run_checks(needs_json: Path, toml: Path = DEFAULT_TOML, schemas: Path = DEFAULT_SCHEMAS,
               html_dir: Path | None = None, source_dir: Path | None = None
               ) -> tuple[RoadmapGraph, list[RuleResult]]:
    metamodel = load_metamodel(toml)
    graph = load_graph(needs_json, metamodel)
    results = evaluate(graph, schemas=schemas)
    if source_dir is not None:
        results.append(guards.check_toml_keys(metamodel.needs_table, toml))
        results += guards.check_sources(_sources(source_dir), graph.needs, metamodel.types,
                                        [*metamodel.fields, *metamodel.links])
    if html_dir is not None:
        results += guards.check_built_site(html_dir)
    return graph, results


_NOT_SOURCES = {"_build", ".venv", "node_modules", "tests", "src", "bench", ".git", ".ci"}


def _sources(root: Path) -> dict[str, str]:
    sources = {}
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        if relative.parts[0] in _NOT_SOURCES or relative.name == "README.md":
            continue
        sources[str(relative)] = path.read_text(encoding="utf-8")
    return sources


def format_text(graph: RoadmapGraph, results: list[RuleResult]) -> str:
    lines = []
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        lines.append(f"{mark} {result.rule.id:<40} {result.passed:>6}/{result.checked:<6} "
                     f"{result.rule.title}")
        lines += [f"       {finding}" for finding in result.findings]
    tally = summary.total(results)
    bad = summary.failing(results)
    lines.append("")
    lines.append(f"{len(graph.needs)} needs, {len(results)} rules, {tally.checked} checks: "
                 f"{tally.passed} passed, {tally.failed} failed; "
                 f"{len(results) - len(bad)} rules hold, {len(bad)} fail")
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
            "family": r.rule.family, "checked": r.checked, "passed": r.passed,
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
        if result.findings:
            failure = ET.SubElement(case, "failure", message=(
                f"{len(result.findings)} finding(s): {result.rule.title}"))
            failure.text = "\n".join(str(f) for f in result.findings)
    return ET.tostring(ET.ElementTree(suite).getroot(), encoding="unicode")


FORMATS = {"text": format_text, "json": format_json, "junit": format_junit}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the traceability rules on a needs.json")
    check.add_argument("needs_json", type=Path)
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--output", type=Path, help="write the report here instead of stdout")
    check.add_argument("--toml", type=Path, default=DEFAULT_TOML)
    check.add_argument("--schemas", type=Path, default=DEFAULT_SCHEMAS)
    check.add_argument("--html", type=Path, dest="html_dir",
                       help="also guard the built site in this folder")
    check.add_argument("--source", type=Path, dest="source_dir",
                       help="also guard the sources in this folder (need count, metamodel keys)")
    args = parser.parse_args(argv)
    try:
        graph, results = run_checks(args.needs_json, args.toml, args.schemas, args.html_dir,
                                    args.source_dir)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot check {args.needs_json}: {error}", file=sys.stderr)
        return 2
    text = FORMATS[args.format](graph, results)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(format_text(graph, results).splitlines()[-1])
    else:
        print(text)
    return 1 if summary.failing(results) else 0
