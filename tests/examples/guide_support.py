"""Shared helpers of the executable-guide tests (paths, validators, needs in the pages)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

from roadmap.directive_parser import need_directives
from roadmap.inputs import from_conf

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGE_DIRS = ("implementation", "testing", "monitoring")
CODE_DIR = ROOT / "implementation" / "code"
PROMETHEUS_DIR = ROOT / "monitoring" / "prometheus"
ALERTMANAGER_DIR = ROOT / "monitoring" / "alertmanager"
GRAFANA_DIR = ROOT / "monitoring" / "grafana"


# The guides' Python blocks, run in order, one namespace per page that starts with REPO,
# the repository root (for reading the configuration files the page is about).
PAGES = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    path=str(ROOT),
    patterns=[f"{folder}/*.md" for folder in PAGE_DIRS],
    setup=lambda namespace: namespace.update(REPO=ROOT),
)


def page_paths() -> list[Path]:
    """The guides' pages among the pages the build reads."""
    return [ROOT / page for page in from_conf(ROOT).pages if page.split("/")[0] in PAGE_DIRS]


# ------------------------------------------------------------- tools

DEBIAN_PACKAGE = {"promtool": "prometheus", "amtool": "prometheus-alertmanager"}


def require_tool(name: str) -> str:
    """The path of a command-line validator; a missing one fails the test (never skips)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is not installed. Run `make test`, which installs the Debian package "
            f"{DEBIAN_PACKAGE.get(name, name)!r} (scripts/ensure-debs.sh), then run pytest again.",
            pytrace=False,
        )
    return path


def run_tool(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


# ------------------------------------------------- needs in the pages
def needs_in_pages(need_type: str, folders: tuple[str, ...] = PAGE_DIRS) -> dict[str, dict]:
    """Need directives of one type in the guides' pages: id -> options (plus title, page,
    body), read with the project's own parser of need directives."""
    found: dict[str, dict] = {}
    for page in page_paths():
        if page.relative_to(ROOT).parts[0] not in folders:
            continue
        for need in need_directives(page.read_text(encoding="utf-8"), [need_type]):
            options: dict = dict(need.options)
            options.update(title=need.title, page=page, body=need.body, line=need.line,
                           option_lines=dict(need.option_lines))
            found[options["id"]] = options
    return found


def line_of(path: Path, text: str) -> int | None:
    """The first line of ``path`` that holds ``text`` (for messages with file:line)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if text in line:
            return number
    return None


def where(path: Path, text: str) -> str:
    """``path:line`` of the first line holding ``text`` (the path relative to the repo)."""
    return f"{path.relative_to(ROOT)}:{line_of(path, text) or 1}"
