"""Command line of change review: ``python -m roadmap review``.

``review BASE HEAD [--format text|json|markdown] [--fail-on end,gate,...]`` compares
two plans (``needs.json`` files or git revisions, see :mod:`roadmap.revisions`) with
the impact engine and prints the review; it exits 1 when a ``--fail-on`` condition
holds, 2 on bad input (a side that does not build, unrelated plans, a ledger that
cannot be read), with one line that says which and why.

``review --clear ID... --by NAME`` records, in the review ledger, what the needs
linked from each ID say now (the links are reviewed); ``--clear-all`` does it for
every link. Both drop the ledger's lines for links that no longer exist.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from roadmap.errors import InputError
from roadmap.graph import RoadmapGraph, load_graph
from roadmap.impact import impact
from roadmap.impact.render_json import render_json
from roadmap.impact.render_markdown import render_markdown
from roadmap.impact.render_text import render_text
from roadmap.impact.verdict import FAIL_ON, failures
from roadmap.inputs import ProjectInputs, from_conf
from roadmap.ledger import ABOUT, Ledger, clear, read_ledger, write_ledger
from roadmap.revisions import PlanSource, plan_source

EXIT_OK, EXIT_FAILED = 0, 1
RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
DEFAULT_NEEDS = Path("_build") / "html" / "needs.json"


class ReviewUsageError(InputError):
    """An argument of the review command that cannot be used."""


def add_commands(commands: Any, project_help: str) -> None:
    review = commands.add_parser(
        "review", help="what a change does to the plan; or clear reviewed links",
        description="Compare two plans (needs.json files or git revisions) and print what "
                    "the change does to the schedule, capacity, budget, risks, rules and "
                    "links; or, with --clear/--clear-all, record links as reviewed.")
    review.add_argument("base", nargs="?", help="the plan before: a needs.json or a revision")
    review.add_argument("head", nargs="?", help="the plan after: a needs.json or a revision")
    review.add_argument("--format", choices=sorted(RENDERERS), default="text")
    review.add_argument("--fail-on", default="", metavar="WHAT",
                        help="exit 1 when the review shows any of these, comma separated: "
                             + "; ".join(f"{k}: {v}" for k, v in FAIL_ON.items()))
    review.add_argument("--output", type=Path, help="write the review here instead of stdout")
    review.add_argument("--ledger", type=Path,
                        help="the head's review ledger (default: the revision's own, or "
                             "conf.py's roadmap_review_ledger for a needs.json of this "
                             "project)")
    review.add_argument("--clear", nargs="+", metavar="ID",
                        help="record the links of these needs as reviewed")
    review.add_argument("--clear-all", action="store_true",
                        help="record every link of the plan as reviewed")
    review.add_argument("--by", help="who reviewed the links (with --clear, --clear-all)")
    review.add_argument("--needs", type=Path,
                        help=f"the built plan to clear links in (default: {DEFAULT_NEEDS})")
    review.add_argument("--project", type=Path, help=project_help)
    review.set_defaults(handler=run_review)


def run_review(args: argparse.Namespace, root: Path) -> int:
    project = from_conf(args.project or root, os.environ)
    if args.clear or args.clear_all:
        return run_clear(args, project)
    if not args.base or not args.head:
        raise ReviewUsageError("review needs BASE and HEAD (needs.json files or git "
                               "revisions), or --clear ID / --clear-all")
    fail_on = [name.strip() for name in args.fail_on.split(",") if name.strip()]
    unknown = [name for name in fail_on if name not in FAIL_ON]
    if unknown:
        raise ReviewUsageError(f"--fail-on {','.join(unknown)}: choose from "
                               f"{', '.join(FAIL_ON)}")
    ledger_name = project.settings.review_ledger
    base = plan_source(project.root, args.base, "base", ledger_name)
    head = plan_source(project.root, args.head, "head", ledger_name)
    base_graph, head_graph = _graph(base, project), _graph(head, project)
    ledger = _head_ledger(args, head, project)
    result = impact(base_graph, head_graph, project, ledger=ledger, base_label=base.label,
                    head_label=head.label, head_warnings=head.warnings)
    _write(args.output, RENDERERS[args.format](result))
    failed = failures(result, fail_on)
    for reason in failed:
        print(f"review fails: {reason}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _graph(source: PlanSource, project: ProjectInputs) -> RoadmapGraph:
    graph = load_graph(source.needs_json, project.metamodel)
    graph.origin = source.label
    return graph


def _head_ledger(args: argparse.Namespace, head: PlanSource, project: ProjectInputs
                 ) -> Ledger | None:
    """The ledger named by --ledger, the revision's own, or this project's for a
    needs.json inside it; None when there is none to read."""
    path = args.ledger or head.ledger
    if path is None and project.ledger_path is not None and _inside(head.needs_json,
                                                                    project.root):
        path = project.ledger_path
    return None if path is None else read_ledger(path, project.metamodel.links)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _write(output: Path | None, text: str) -> None:
    if output is None:
        print(text, end="")
        return
    if not output.parent.is_dir():
        raise ReviewUsageError(f"{output}: --output names a file in a folder that does not "
                               "exist")
    output.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ clearing
def today() -> str:
    """The date a clearance is recorded with: ``SOURCE_DATE_EPOCH`` when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return date.today().isoformat()


def _fresh_needs(project: ProjectInputs, needs: Path) -> None:
    """The needs.json must be newer than every page: clearing records what it says."""
    if not needs.is_file():
        raise ReviewUsageError(f"{needs}: no built plan; run `make html` first (or pass "
                               "--needs)")
    built = needs.stat().st_mtime
    newer = [p for p in project.pages if (project.root / p).stat().st_mtime > built]
    if newer:
        raise ReviewUsageError(f"{needs}: older than {newer[0]}; run `make html` first, so "
                               "that the links are cleared against the plan as it is")


def run_clear(args: argparse.Namespace, project: ProjectInputs) -> int:
    if args.base or args.head:
        raise ReviewUsageError("--clear and --clear-all take no BASE or HEAD")
    if not args.by or not args.by.strip():
        raise ReviewUsageError("say who reviewed the links: --by NAME")
    path = args.ledger or project.ledger_path
    if path is None:
        raise ReviewUsageError(f"{project.root / 'conf.py'}: roadmap_review_ledger names no "
                               "ledger; set it (or pass --ledger)")
    needs = args.needs or project.root / DEFAULT_NEEDS
    _fresh_needs(project, needs)
    graph = load_graph(needs, project.metamodel)
    ledger = _ledger_to_clear(path, args, project)
    wanted = None if args.clear_all else list(dict.fromkeys(args.clear))
    for need_id in wanted or ():
        if need_id not in graph.needs:
            raise ReviewUsageError(f"{need_id}: no such need in {needs}")
    updated, cleared, dropped = clear(graph, ledger, wanted, args.by.strip(), today())
    write_ledger(path, updated)
    whose = "every need" if wanted is None else ", ".join(wanted)
    print(f"{path}: {len(cleared)} link(s) of {whose} cleared by {args.by.strip()} on "
          f"{today()}" + (f"; {len(dropped)} line(s) of links that no longer exist removed: "
                          f"{', '.join(str(k) for k in dropped)}" if dropped else ""))
    return EXIT_OK


def _ledger_to_clear(path: Path, args: argparse.Namespace, project: ProjectInputs) -> Ledger:
    """The ledger to update; a new one only with --clear-all, and never over a file that
    cannot be read."""
    if Path(path).exists() or not args.clear_all:
        return read_ledger(path, project.metamodel.links)
    note = (f" This file was created on {today()} by `--clear-all --by {args.by.strip()}`: "
            "its first lines record the state of the plan when the ledger was created, not "
            "a review of the content.")
    return Ledger(about=ABOUT + note, path=str(path))
