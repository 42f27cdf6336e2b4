"""Command line of the exports: ``python -m roadmap export NEEDS_JSON --output DIR``.

Writes the exports (calendar, Jira CSV, workbook, ReqIF, the needs.json for other
Sphinx projects and its TOML) from any needs.json and the settings of the project's
conf.py. ``make html`` runs it after Sphinx with ``--stamp``: it writes them into
``_build/html/exports/`` only when their inputs changed (:mod:`roadmap.exports.stamp`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from roadmap.graph import BadValuesError, located, read_needs_json
from roadmap.inputs import from_conf

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def add_commands(commands: Any, project_help: str) -> None:
    export = commands.add_parser("export", help="write the plan's exports (calendar, "
                                                "spreadsheet, ReqIF, needs for other sites)")
    export.add_argument("needs_json", type=Path)
    export.add_argument("--output", type=Path, required=True,
                        help="the folder to write them into (created when missing)")
    export.add_argument("--project", type=Path, help=project_help)
    export.add_argument("--stamp", type=Path,
                        help="a file keeping what the exports were written from: write "
                             "nothing when it matches and every export is there")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, root: Path) -> int:
    # here, not at the top: the other commands do not read the exports' code
    from roadmap.exports import source_from, write_exports
    from roadmap.exports.stamp import exports_key, keep, up_to_date

    project = from_conf(args.project or root, os.environ)
    if args.output.exists() and not args.output.is_dir():
        print(f"error: {args.output}: --output names a file, not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    data = Path(args.needs_json).read_bytes() if args.needs_json.is_file() else b""
    key = exports_key(data, project, os.environ)
    if args.stamp and up_to_date(args.stamp, args.output, key):
        print(f"{args.output}: the exports are up to date ({args.stamp})")
        return EXIT_OK
    read_needs_json(args.needs_json)  # a bad file fails here, with its name and line
    document = json.loads(data.decode("utf-8"))
    # a bad export setting raises ExportError, an InputError: main prints its one line
    try:
        source = source_from(document, project.metamodel, project.settings, os.environ,
                             str(args.needs_json))
    except BadValuesError as error:  # a value no export can read: its line in the file
        raise located(error, Path(args.needs_json)) from None
    written = write_exports(source, args.output)
    if args.stamp:
        keep(args.stamp, key)
    for path in written:
        print(f"{path}: {path.stat().st_size} bytes")
    return EXIT_OK
